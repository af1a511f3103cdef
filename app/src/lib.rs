//! Samtycke's browser app (Leptos, client-side rendered): the cookie banner and settings.
//!
//! The page served by the edge already contains the banner as plain HTML, so it is
//! visible before this app loads; [`mount`] replaces it with the interactive version.

pub mod api;
pub mod components;
pub mod storage;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::banner::Banner;

/// Id of the element the banner lives in, in `index.html`.
pub const ROOT_ID: &str = "samtycke";

/// Replace the static banner in `#samtycke` with the interactive app.
pub fn mount() {
    let Some(root) = document()
        .get_element_by_id(ROOT_ID)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        leptos::logging::error!("samtycke: no #{ROOT_ID} element on this page");
        return;
    };
    root.set_inner_html("");
    leptos::mount::mount_to(root.clone(), App).forget();
    // Marks the hand-over from the static banner to the app (styles and tests key on it).
    let _ = root.set_attribute("data-ready", "");
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    view! { <Banner/> }
}
