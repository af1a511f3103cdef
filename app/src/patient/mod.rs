//! The patient pages (`/intyg…`): log in with e-ID, consent before any data is shown, read,
//! print and save certificates, and see, withdraw and give again consent under
//! "Mina samtycken". The edge enforces every rule; these pages follow its answers.
//!
//! Certificates are only ever held in memory, never in browser storage, and are dropped the
//! moment consent is withdrawn.

pub mod api;
pub mod certificate_view;
pub mod consent_page;
pub mod my_consents;

use leptos::prelude::*;
use leptos::task::spawn_local;
use samtycke_visitor::Language;
use samtycke_wire::patient::PatientConsentState;

use self::api::{ConsentStatus, Failure};
use crate::browser;
use samtycke_visitor::texts::{self, PatientTexts};

/// Id of the element the patient pages mount into (in the `/intyg` shell).
pub const PATIENT_ROOT_ID: &str = "patient";

/// Which patient page the address shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/intyg`: login, consent or the list of certificates.
    Home,
    /// `/intyg/mina-samtycken`.
    Consents,
    /// `/intyg/{id}`: one certificate.
    Certificate(String),
}

impl Route {
    /// The route of a path.
    pub fn from_path(path: &str) -> Self {
        match path.trim_end_matches('/').strip_prefix("/intyg") {
            None | Some("") => Self::Home,
            Some("/mina-samtycken") => Self::Consents,
            Some(rest) => Self::Certificate(rest.trim_start_matches('/').to_owned()),
        }
    }
}

/// State shared by the patient pages.
#[derive(Clone, Copy)]
pub struct PatientState {
    /// Language shown.
    pub lang: RwSignal<Language>,
    /// The session and consent, once known.
    pub status: RwSignal<Option<Result<ConsentStatus, Failure>>>,
    /// Certificates held in memory (never in storage); emptied on withdrawal.
    pub certificates: RwSignal<Option<Vec<api::Listed>>>,
    /// A confirmation to announce (`role="status"`).
    pub notice: RwSignal<Option<&'static str>>,
}

impl PatientState {
    /// The texts in the current language.
    pub fn t(&self) -> &'static PatientTexts {
        texts::patient(self.lang.get())
    }

    /// Fetch the session and consent state again.
    pub fn reload_status(self) {
        spawn_local(async move {
            self.status.set(Some(api::status().await));
        });
    }

    /// Take the new consent state; withdrawing drops every certificate held.
    pub fn consent_changed(self, state: PatientConsentState) {
        if !state.allows_processing() {
            self.certificates.set(None);
        }
        self.status.update(|s| {
            if let Some(Ok(status)) = s {
                status.state = state;
                status.renewal_due = false;
            }
        });
    }

    /// What to do with a failed call: a lost session or consent shows the right page.
    pub fn failed(self, failure: Failure) {
        match failure {
            Failure::LoggedOut => self.status.set(Some(Err(Failure::LoggedOut))),
            // Withdrawn elsewhere, or the notice changed: ask the edge where consent stands.
            Failure::ConsentRequired => {
                self.certificates.set(None);
                self.reload_status();
            }
            other => {
                leptos::logging::warn!("samtycke: {other:?}");
                self.notice.set(Some(self.t().error));
            }
        }
    }
}

/// The languages the patient pages are offered in: those the catalogue has them in, among the
/// site's.
fn patient_languages() -> Vec<Language> {
    let offered = samtycke_deployment::shared()
        .map(|c| c.languages.clone())
        .unwrap_or_default();
    texts::patient_languages()
        .filter(|l| offered.contains(l))
        .collect()
}

/// Every language the patient pages are offered in, each by its own name.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let state = expect_context::<PatientState>();
    let languages = patient_languages();
    (languages.len() > 1).then(|| {
        let buttons = languages
            .into_iter()
            .filter_map(|language| {
                let info = texts::info(language)?;
                let tag = info.language.as_str();
                let pressed = move || if state.lang.get() == language { "true" } else { "false" };
                let switch = move |_| {
                    crate::storage::save_language(language);
                    state.lang.set(language);
                };
                Some(view! {
                    <button type="button" class="pt-link" lang=tag aria-pressed=pressed on:click=switch>
                        {info.name}
                    </button>
                })
            })
            .collect_view();
        view! { <div class="pt-langs" role="group" aria-label=move || texts::banner_texts(state.lang.get()).languages>{buttons}</div> }
    })
}

/// The patient pages.
#[component]
pub fn PatientApp() -> impl IntoView {
    let route = Route::from_path(&window().location().pathname().unwrap_or_default());
    let state = PatientState {
        lang: RwSignal::new(browser::initial_language(
            crate::storage::language_choice(),
            &patient_languages(),
            samtycke_deployment::shared()
                .map(|c| c.default_language)
                .unwrap_or_default(),
        )),
        status: RwSignal::new(None),
        certificates: RwSignal::new(None),
        notice: RwSignal::new(None),
    };
    provide_context(state);
    state.reload_status();
    Effect::new(move |_| {
        let lang = state.lang.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.as_str());
            let _ = html.set_attribute("dir", texts::direction(lang).as_str());
        }
    });
    let page = move || {
        let route = route.clone();
        match state.status.get() {
            None => view! { <p>{state.t().loading}</p> }.into_any(),
            Some(Err(Failure::LoggedOut)) => view! { <Login/> }.into_any(),
            Some(Err(_)) => view! { <p role="alert">{state.t().error}</p> }.into_any(),
            Some(Ok(status)) => match route {
                Route::Consents => view! { <my_consents::MyConsents/> }.into_any(),
                _ if !status.state.allows_processing() || status.renewal_due => {
                    view! { <consent_page::ConsentPage/> }.into_any()
                }
                Route::Home => view! { <certificate_view::CertificateList/> }.into_any(),
                Route::Certificate(id) => {
                    view! { <certificate_view::CertificateView id/> }.into_any()
                }
            },
        }
    };
    view! {
        <div class="pt-bar">
            <LanguageSwitch/>
            {move || match state.status.get() {
                Some(Ok(status)) => Some(view! { <Menu name=status.name/> }),
                _ => None,
            }}
        </div>
        <p role="status" class="pt-notice">{move || state.notice.get()}</p>
        {page}
    }
}

/// Who is logged in, the two pages, and logging out.
#[component]
fn Menu(name: String) -> impl IntoView {
    let state = expect_context::<PatientState>();
    let t = move || state.t();
    view! {
        <p class="pt-who">{move || t().logged_in_as}" "<strong>{name}</strong></p>
        <nav class="pt-nav" aria-label=move || t().nav_label>
            <ul>
                <li><a href="/intyg">{move || t().nav_certificates}</a></li>
                <li><a href="/intyg/mina-samtycken">{move || t().nav_consents}</a></li>
            </ul>
            <form method="post" action="/auth/logout">
                <button type="submit" class="pt-link">{move || t().logout}</button>
            </form>
        </nav>
    }
}

/// The login page, with the reason a previous login failed, if it did.
#[component]
fn Login() -> impl IntoView {
    let state = expect_context::<PatientState>();
    let t = move || state.t();
    let reason = window().location().search().ok().and_then(|q| {
        q.trim_start_matches('?')
            .split('&')
            .find_map(|p| p.strip_prefix("inloggning=").map(str::to_owned))
    });
    let failure = move || {
        reason.as_deref().map(|r| match r {
            "avbruten" => t().login_cancelled,
            "for-gammal" => t().login_expired,
            "ej-tillganglig" => t().login_unavailable,
            "for-lag-tillitsniva" => t().login_assurance_too_low,
            "for-manga" => t().login_too_many,
            _ => t().login_failed,
        })
    };
    view! {
        <h1>{move || t().service}</h1>
        {move || failure().map(|text| view! { <p role="alert" class="pt-alert">{text}</p> })}
        <p>{move || t().login_intro}</p>
        <p><a class="sc-btn pt-btn" href="/auth/login">{move || t().login}</a></p>
    }
}
