//! Component tests in headless Chromium: mount the banner, click, check what a visitor sees and stores.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use samtycke_app::components::banner::Banner;
use samtycke_app::storage::DECISION_KEY;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn mount_banner() -> web_sys::HtmlElement {
    let document = document();
    let host = document
        .create_element("div")
        .expect("create div")
        .unchecked_into::<web_sys::HtmlElement>();
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    leptos::mount::mount_to(host.clone(), Banner).forget();
    host
}

fn button(host: &web_sys::HtmlElement, label: &str) -> Option<web_sys::HtmlElement> {
    let buttons = host.query_selector_all("button").expect("query");
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlElement>())
        .find(|b| b.text_content().as_deref() == Some(label))
}

#[wasm_bindgen_test]
async fn both_first_layer_buttons_are_equal_and_reject_stores_necessary_only() {
    LocalStorage::clear();
    let host = mount_banner();
    let accept = button(&host, "Godkänn alla").expect("accept button");
    let reject = button(&host, "Endast nödvändiga").expect("reject button");
    assert_eq!(
        accept.class_name(),
        reject.class_name(),
        "same styling for both"
    );
    assert_eq!(accept.tag_name(), reject.tag_name());

    reject.click();
    leptos::task::tick().await;

    assert!(
        host.query_selector(".sc-banner").expect("query").is_none(),
        "banner closes"
    );
    let stored: serde_json::Value = LocalStorage::get(DECISION_KEY).expect("decision stored");
    assert_eq!(stored["choices"]["analytics"], false);
    assert_eq!(stored["choices"]["necessary"], true);
    assert_eq!(stored["method"], "reject-all");
    host.remove();
}

#[wasm_bindgen_test]
async fn a_stored_current_decision_keeps_the_banner_away() {
    LocalStorage::clear();
    let host = mount_banner();
    button(&host, "Godkänn alla").expect("accept").click();
    leptos::task::tick().await;
    host.remove();

    let again = mount_banner();
    leptos::task::tick().await;
    assert!(again.query_selector(".sc-banner").expect("query").is_none());
    again.remove();
}
