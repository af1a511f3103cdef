//! The first layer of the cookie banner, adopted from the page. Its markup exists once, in
//! `crates/pages/templates/banner.html`: the edge renders it into every page (and
//! `render-static` into `index.html`), so it is visible and works before the app loads. The app
//! draws no second copy: it attaches to that form ("accept all", "only necessary", "settings"
//! stay submit buttons of a real form, handled in place: WCAG 3.2.2), switches its language in
//! place by the keys the template marks (`data-sc-text`, `data-sc-label`), and takes it away
//! once the visitor has decided.

use leptos::prelude::*;
use samtycke_visitor::Language;
use samtycke_visitor::texts::{self, BannerView};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, HtmlElement};

use crate::browser;
use crate::state::ConsentState;

/// Attach the app to the banner the page holds in `root`: its choices, its language switch,
/// its texts in the language shown, and its removal once there is a decision. The no-JavaScript
/// reopen link goes: the app's own control opens the settings dialog in place.
pub fn adopt(root: &HtmlElement, state: ConsentState) {
    if let Ok(Some(reopen)) = root.query_selector(".sc-reopen-wrap") {
        reopen.remove();
    }
    let Ok(Some(banner)) = root.query_selector(".sc-banner") else {
        // The page was served to a visitor who had decided: nothing to adopt.
        return;
    };
    if let Ok(Some(form)) = banner.query_selector("form") {
        listen(&form, "submit", move |event| {
            event.prevent_default();
            let choice = event
                .dyn_ref::<web_sys::SubmitEvent>()
                .and_then(web_sys::SubmitEvent::submitter)
                .and_then(|button| button.get_attribute("value"));
            match choice.as_deref() {
                Some("accept-all") => state.accept_all(),
                Some("reject-all") => state.reject_all(),
                _ => state.settings_open.set(true),
            }
        });
    }
    for link in browser::elements(banner.query_selector_all(".sc-lang")) {
        let Some(language) = link
            .get_attribute("hreflang")
            .and_then(|tag| Language::parse(&tag).ok())
        else {
            continue;
        };
        listen(&link, "click", move |event| {
            event.prevent_default();
            state.switch_language(language);
        });
    }
    let shown = banner.clone();
    Effect::new(move |_| show_texts(&shown, state.texts()));
    Effect::new(move |_| {
        if state.decision.with(Option::is_some) {
            banner.remove();
        }
    });
}

/// Fill every marked element of the banner with its text in `texts`' language, and say which
/// language that is (its `lang` and direction, the form's `lang`, the switch's current link).
fn show_texts(banner: &Element, texts: BannerView<'_>) {
    let language = texts.language();
    let tag = language.as_str();
    let _ = banner.set_attribute("lang", tag);
    let _ = banner.set_attribute("dir", texts::direction(language).as_str());
    for element in browser::elements(banner.query_selector_all("[data-sc-text]")) {
        if let Some(text) = element
            .get_attribute("data-sc-text")
            .and_then(|key| texts.get(&key))
        {
            element.set_text_content(Some(text));
        }
    }
    for element in browser::elements(banner.query_selector_all("[data-sc-label]")) {
        if let Some(label) = element
            .get_attribute("data-sc-label")
            .and_then(|key| texts.get(&key))
        {
            let _ = element.set_attribute("aria-label", label);
        }
    }
    for input in browser::elements(banner.query_selector_all("input[name=lang]")) {
        let _ = input.set_attribute("value", tag);
    }
    for link in browser::elements(banner.query_selector_all(".sc-lang")) {
        let _ = if link.get_attribute("hreflang").as_deref() == Some(tag) {
            link.set_attribute("aria-current", "true")
        } else {
            link.remove_attribute("aria-current")
        };
    }
}

/// Call `handler` on every `event` at `target`, for the page's lifetime.
fn listen(target: &Element, event: &str, handler: impl Fn(web_sys::Event) + 'static) {
    let handler = Closure::<dyn Fn(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    handler.forget();
}
