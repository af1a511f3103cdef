//! Makes the page obey a decision: activates blocked scripts and embeds of granted
//! categories, deletes cookies of denied ones, and updates Google Consent Mode.

use samtycke_visitor::consent_csp::{CspMode, POLICY_META};
use samtycke_visitor::cookie::{cookies_to_delete, deletion_domains};
use samtycke_visitor::gate::{Gate, PLACEHOLDER_MARK, PLACEHOLDER_TITLED};
use samtycke_visitor::{Decision, SiteConfig};
use wasm_bindgen::{JsCast, JsValue};

use crate::{browser, storage};

/// Apply `decision` to the page.
pub fn enforce(decision: &Decision, config: &SiteConfig) {
    update_consent_mode(decision, config);
    delete_denied_cookies(Some(decision), config);
    activate_granted(decision);
}

/// The page while no decision is in force (none yet, or one the configuration or the
/// privacy notice has since outdated): cookies a past consent allowed are deleted. Blocked
/// scripts stay blocked and Consent Mode keeps the page's own all-denied default.
pub fn enforce_undecided(config: &SiteConfig) {
    delete_denied_cookies(None, config);
}

/// Whether the page was served under an enforced consent policy that grants differently
/// from `after` (so what `after` grants, or withdraws, takes effect only on a fresh load).
pub fn page_policy_outdated(
    before: Option<&Decision>,
    after: &Decision,
    config: &SiteConfig,
) -> bool {
    let enforced = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!(
                r#"meta[name="{POLICY_META}"][content="{}"]"#,
                CspMode::Enforce.as_str()
            ))
            .ok()
            .flatten()
        })
        .is_some();
    let (was, now) = (Gate::new(config, before), Gate::new(config, Some(after)));
    enforced
        && config
            .categories
            .iter()
            .any(|c| was.grants(c) != now.grants(c))
}

/// `gtag('consent', 'update', {...})` with every Consent Mode v2 signal.
fn update_consent_mode(decision: &Decision, config: &SiteConfig) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(gtag) = js_sys::Reflect::get(&window, &JsValue::from_str("gtag")) else {
        return;
    };
    let Some(gtag) = gtag.dyn_ref::<js_sys::Function>() else {
        return;
    };
    let update = js_sys::Object::new();
    for (signal, value) in samtycke_visitor::consent_mode::signals(Some(decision), config) {
        let _ = js_sys::Reflect::set(
            &update,
            &JsValue::from_str(signal),
            &JsValue::from_str(value),
        );
    }
    let _ = gtag.call3(&window, &"consent".into(), &"update".into(), &update);
}

/// Delete every cookie of a denied category (of every optional one without a decision), on
/// this host and its parent domains.
fn delete_denied_cookies(decision: Option<&Decision>, config: &SiteConfig) {
    let names = storage::cookie_names();
    let present: Vec<&str> = names.iter().map(String::as_str).collect();
    let domains = deletion_domains(&browser::host());
    for name in cookies_to_delete(decision, config, &present) {
        storage::set_cookie(&format!("{name}=; Max-Age=0; Path=/"));
        for domain in &domains {
            storage::set_cookie(&format!("{name}=; Max-Age=0; Path=/; Domain={domain}"));
        }
    }
}

/// Turn `<script type="text/plain" data-category>` of granted categories into running
/// scripts, and give `data-src` embeds (iframes, images) their `src`.
fn activate_granted(decision: &Decision) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let granted = |el: &web_sys::Element| {
        el.get_attribute("data-category")
            .is_some_and(|c| decision.allows(&c))
    };
    for el in browser::elements(
        document.query_selector_all(r#"script[type="text/plain"][data-category]"#),
    ) {
        if granted(&el) {
            activate_script(&document, &el);
        }
    }
    // Frames, images, media and links the page (or the edge) held back: their URL moves
    // back from `data-*`.
    for attribute in ["src", "srcset", "href"] {
        let held = format!("data-{attribute}");
        for el in
            browser::elements(document.query_selector_all(&format!("[{held}][data-category]")))
        {
            if granted(&el)
                && let Some(value) = el.get_attribute(&held)
            {
                remove_placeholder(&el);
                let _ = el.set_attribute(attribute, &value);
                let _ = el.remove_attribute(&held);
            }
        }
    }
}

/// A frame the edge gave a placeholder: the placeholder's document (which would win over
/// `src`) goes, and the title with it when it was the placeholder's.
fn remove_placeholder(el: &web_sys::Element) {
    let Some(mark) = el.get_attribute(PLACEHOLDER_MARK) else {
        return;
    };
    let _ = el.remove_attribute("srcdoc");
    if mark == PLACEHOLDER_TITLED {
        let _ = el.remove_attribute("title");
    }
    let _ = el.remove_attribute(PLACEHOLDER_MARK);
}

/// A script element only runs when inserted as a new element with a runnable type.
fn activate_script(document: &web_sys::Document, blocked: &web_sys::Element) {
    let Ok(script) = document.create_element("script") else {
        return;
    };
    let attributes = blocked.attributes();
    for i in 0..attributes.length() {
        if let Some(attr) = attributes.item(i) {
            match attr.name().as_str() {
                "type" => {}
                // The type the edge held back (`module`, a JavaScript MIME type) comes back.
                "data-type" => {
                    let _ = script.set_attribute("type", &attr.value());
                }
                name => {
                    let _ = script.set_attribute(name, &attr.value());
                }
            }
        }
    }
    let _ = script.set_attribute("data-activated", "");
    script.set_text_content(blocked.text_content().as_deref());
    if let Some(parent) = blocked.parent_node() {
        let _ = parent.replace_child(&script, blocked);
    }
}

/// Mark the page as decided (the CSS hides the static banner) or not.
pub fn mark_decided(decided: bool) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = if decided {
            root.class_list().add_1("sc-decided")
        } else {
            root.class_list().remove_1("sc-decided")
        };
    }
}
