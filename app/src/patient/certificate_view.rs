//! The list of the patient's certificates and one certificate, with print and save.

use consent::certificate::Certificate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::PatientState;
use super::api::{self, Failure};
use crate::browser;

/// Load the certificates into memory unless they are there.
fn load(state: PatientState) {
    if state.certificates.get_untracked().is_some() {
        return;
    }
    spawn_local(async move {
        match api::certificates().await {
            Ok(list) => state.certificates.set(Some(list)),
            Err(failure) => state.failed(failure),
        }
    });
}

/// `/intyg` with consent given: the certificates, newest first.
#[component]
pub fn CertificateList() -> impl IntoView {
    let state = expect_context::<PatientState>();
    let t = move || state.t();
    load(state);
    let rows = move || {
        state.certificates.get().map(|list| {
            if list.is_empty() {
                return view! { <p>{t().certificates_none}</p> }.into_any();
            }
            let [kind, issued, issuer] = t().certificates_columns;
            view! {
                <table class="pt-table">
                    <thead><tr><th scope="col">{kind}</th><th scope="col">{issued}</th><th scope="col">{issuer}</th></tr></thead>
                    <tbody>
                        {list.into_iter().map(|c| view! {
                            <tr>
                                <td><a href=format!("/intyg/{}", c.id)>{c.kind}</a></td>
                                <td>{c.issued_on}</td>
                                <td>{c.issuer}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        })
    };
    view! {
        <h1>{move || t().certificates_title}</h1>
        {move || rows().unwrap_or_else(|| view! { <p>{t().loading}</p> }.into_any())}
    }
}

/// The label–value pairs of a certificate, in the order [`super::texts::PatientTexts::certificate_fields`] names them.
pub fn fields(c: &Certificate) -> [&str; 15] {
    [
        &c.issued_on,
        &c.issuer,
        &c.doctor,
        &c.patient.name,
        &c.patient.personal_identity_number,
        &c.patient.address,
        &c.diagnosis,
        &c.course,
        &c.impairment,
        &c.limitation,
        &c.recommendations,
        &c.treatment,
        &c.work_capacity,
        &c.prognosis,
        &c.visits,
    ]
}

/// The certificate as plain text, for saving.
pub fn as_text(c: &Certificate, labels: &[&str; 15]) -> String {
    let mut text = format!("{}\n\n", c.kind);
    for (label, value) in labels.iter().zip(fields(c)) {
        text.push_str(&format!("{label}: {value}\n"));
    }
    text
}

/// `/intyg/{id}`: one certificate.
#[component]
pub fn CertificateView(
    /// Certificate id from the address.
    id: String,
) -> impl IntoView {
    let state = expect_context::<PatientState>();
    let t = move || state.t();
    let certificate = RwSignal::new(None::<Result<Certificate, Failure>>);
    spawn_local(async move {
        match api::certificate(&id).await {
            Err(Failure::LoggedOut) => state.failed(Failure::LoggedOut),
            Err(Failure::ConsentRequired) => state.failed(Failure::ConsentRequired),
            other => certificate.set(Some(other)),
        }
    });
    let body = move || match certificate.get() {
        None => view! { <p>{t().loading}</p> }.into_any(),
        Some(Err(Failure::NotFound)) => view! { <h1>{t().not_found}</h1> }.into_any(),
        Some(Err(_)) => view! { <p role="alert">{t().error}</p> }.into_any(),
        Some(Ok(c)) => {
            let labels = t().certificate_fields;
            let saved = c.clone();
            let save = move |_| {
                browser::offer_download(
                    &as_text(&saved, &labels),
                    &format!("intyg-{}.txt", saved.id),
                    "text/plain;charset=utf-8",
                )
            };
            view! {
                <article class="pt-certificate">
                    <h1>{c.kind.clone()}</h1>
                    <dl>
                        {labels.iter().zip(fields(&c)).map(|(label, value)| view! {
                            <dt>{*label}</dt><dd>{value.to_owned()}</dd>
                        }).collect_view()}
                    </dl>
                </article>
                <p class="pt-actions">
                    <button type="button" class="sc-btn pt-btn" on:click=|_| { let _ = window().print(); }>{t().print}</button>
                    <button type="button" class="sc-btn pt-btn" on:click=save>{t().save}</button>
                </p>
            }
            .into_any()
        }
    };
    view! {
        {body}
        <p class="pt-actions"><a href="/intyg">{move || t().back}</a></p>
    }
}
