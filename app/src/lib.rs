//! Samtycke's browser app (Leptos, client-side rendered): the cookie banner, the settings
//! dialog and the "Cookie settings" control.
//!
//! The page served by the edge already contains the banner as plain HTML (it works without
//! JavaScript), so it is visible before this app loads; [`mount`] adopts that markup (there is
//! no second copy of the first layer) and adds the reopen control and the settings dialog.

pub mod api;
pub mod browser;
pub mod components;
pub mod enforcement;
pub mod i18n;
pub mod outbox;
pub mod patient;
pub mod state;
pub mod storage;

use leptos::prelude::*;
use samtycke_visitor::{ConfigError, SiteConfig};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::components::reopen::Reopen;
use crate::components::settings::SettingsDialog;
use crate::state::ConsentState;

/// URL fragment that opens the settings dialog when the page loads.
pub const SETTINGS_FRAGMENT: &str = "#cookie-installningar";

/// Id of the element the banner lives in, in `index.html`.
pub const ROOT_ID: &str = "samtycke";

/// Id of the element whose shadow root holds the banner in embed mode (`embed.js`).
pub const EMBED_HOST_ID: &str = "samtycke-embed";

/// The banner's root: `#samtycke` in the page, or in the embed script's shadow root.
pub fn banner_root() -> Option<web_sys::HtmlElement> {
    let document = document();
    document
        .get_element_by_id(ROOT_ID)
        .or_else(|| {
            document
                .get_element_by_id(EMBED_HOST_ID)
                .and_then(|host| host.shadow_root())
                .and_then(|shadow| shadow.get_element_by_id(ROOT_ID))
        })
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
}

/// The site configuration compiled into the app, parsed once.
pub fn site_config() -> Result<&'static SiteConfig, ConfigError> {
    samtycke_deployment::shared()
}

/// Attach the interactive app to the static banner in `#samtycke`. On a site the edge
/// serves (`data-api` set), the site's configuration is read from the edge first; on
/// Samtycke's own site it is the one compiled in.
pub fn mount() {
    let Some(root) = banner_root() else {
        leptos::logging::error!("samtycke: no #{ROOT_ID} element on this page");
        return;
    };
    if root.has_attribute("data-api") {
        wasm_bindgen_futures::spawn_local(async move {
            match api::site_config(&api::base()).await {
                // One configuration per page, kept for the page's lifetime.
                Ok(config) => mount_with(root, Box::leak(Box::new(config))),
                // The static banner and its form keep working without the app.
                Err(e) => leptos::logging::error!("samtycke: {e}"),
            }
        });
        return;
    }
    match site_config() {
        Ok(config) => mount_with(root, config),
        Err(e) => leptos::logging::error!("samtycke: {e}"),
    }
}

fn mount_with(root: web_sys::HtmlElement, config: &'static SiteConfig) {
    // A choice clicked in the static banner while the app loaded (kept by boot.js).
    let early_choice = root.get_attribute("data-early-choice");
    let _ = root.remove_attribute("data-early-choice");
    // The banner stays as served (the app adopts it); the reopen control and the settings
    // dialog are added after it.
    let banner_root = root.clone();
    leptos::mount::mount_to(root.clone(), move || {
        view! { <App config early_choice root=banner_root/> }
    })
    .forget();
    // Deliver queued receipts as soon as the connection returns.
    let online = Closure::<dyn Fn()>::new(outbox::flush);
    let _ = window().add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
    online.forget();
    // Marks the hand-over from the static banner to the app.
    let _ = root.set_attribute("data-ready", "");
}

/// On the `/intyg` shell, replace its placeholder with the patient pages (the
/// `samtycke-patient` binary calls this; the banner-only binary leaves it out).
pub fn mount_patient_pages() {
    let Some(root) = document()
        .get_element_by_id(patient::PATIENT_ROOT_ID)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    root.set_inner_html("");
    leptos::mount::mount_to(root.clone(), patient::PatientApp).forget();
    let _ = root.set_attribute("data-ready", "");
}

/// The whole app.
#[component]
pub fn App(
    /// The site configuration.
    config: &'static SiteConfig,
    /// `accept-all` or `reject-all` clicked before the app took over.
    early_choice: Option<String>,
    /// The element holding the page's banner, which the app adopts.
    root: web_sys::HtmlElement,
) -> impl IntoView {
    let state = ConsentState::load(config);
    provide_context(state);
    components::banner::adopt(&root, state);
    match early_choice.as_deref() {
        Some("accept-all") => state.accept_all(),
        Some("reject-all") => state.reject_all(),
        Some("settings") => state.settings_open.set(true),
        // Global Privacy Control is an answer: recorded as "only necessary" (method `gpc`).
        _ if state.decision.with_untracked(Option::is_none)
            && browser::global_privacy_control() =>
        {
            state.decide(samtycke_visitor::Decision::gpc(
                config,
                state.language.get_untracked(),
                browser::now(),
            ));
        }
        _ => {}
    }
    // Pages without the app (the policy pages) link here to reopen the settings.
    if window().location().hash().ok().as_deref() == Some(SETTINGS_FRAGMENT) {
        state.settings_open.set(true);
    }
    view! {
        <Reopen/>
        <SettingsDialog/>
    }
}
