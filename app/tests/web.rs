//! Component tests in headless Chromium: mount the app, click, check what a visitor sees and stores.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use samtycke_app::storage::DECISION_KEY;
use samtycke_app::{App, site_config};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The app as a visitor who chose Swedish sees it (the test browser's own languages would
/// otherwise pick), adopting the banner as `index.html` holds it: rendered by the `pages`
/// crate's template, as the Worker and `render-static` render it.
fn mount_app() -> web_sys::HtmlElement {
    if LocalStorage::raw()
        .get_item("samtycke.lang")
        .ok()
        .flatten()
        .is_none()
    {
        LocalStorage::set("samtycke.lang", "sv").expect("storage");
    }
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
    let config = site_config().expect("bundled config");
    let page = pages::banner::PageView {
        config,
        decision: None,
        api: "",
        return_path: "/",
        gpc: false,
    };
    host.set_inner_html(&page.static_markup(samtycke_visitor::Language::SV));
    let root = host
        .first_element_child()
        .expect("the banner's root")
        .unchecked_into::<web_sys::HtmlElement>();
    leptos::mount::mount_to(
        root.clone(),
        move || view! { <App config early_choice=None root/> },
    )
    .forget();
    host
}

fn button(host: &web_sys::HtmlElement, label: &str) -> Option<web_sys::HtmlElement> {
    let buttons = host.query_selector_all("button").expect("query");
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlElement>())
        .find(|b| b.text_content().as_deref().map(str::trim) == Some(label))
}

fn banner(host: &web_sys::HtmlElement) -> Option<web_sys::Element> {
    host.query_selector(".sc-banner").expect("query")
}

#[wasm_bindgen_test]
async fn first_layer_buttons_are_equal_and_reject_stores_necessary_only() {
    LocalStorage::clear();
    let host = mount_app();
    let accept = button(&host, "Godkänn alla").expect("accept button");
    let reject = button(&host, "Endast nödvändiga").expect("reject button");
    let settings = button(&host, "Inställningar").expect("settings button");
    assert_eq!(
        accept.class_name(),
        reject.class_name(),
        "same styling for accept and reject"
    );
    assert!(settings.class_name().starts_with(&accept.class_name()));

    reject.click();
    // Queued in the click itself, before any delivery attempt can take it out again.
    let outbox: Vec<serde_json::Value> = LocalStorage::get("samtycke.outbox").expect("queued");
    assert_eq!(outbox.len(), 1, "exactly one receipt queued: {outbox:?}");
    let request = &outbox[0]["request"];
    assert_eq!(request["method"], "reject-all");
    assert_eq!(
        request["choices"],
        serde_json::json!({"necessary": true, "analytics": false})
    );
    assert_eq!(request["revision"], 1);
    assert_eq!(request["language"], "sv");
    let key: String = LocalStorage::get("samtycke.visitor-key").expect("visitor key");
    assert_eq!(request["visitor_key"], key.as_str());
    assert!(samtycke_visitor::visitor_key::is_key(&key), "{key}");
    assert_eq!(
        outbox[0]["key"].as_str().map(str::len),
        Some(36),
        "an idempotency key"
    );
    leptos::task::tick().await;

    assert!(banner(&host).is_none(), "banner closes");
    let stored: serde_json::Value = LocalStorage::get(DECISION_KEY).expect("decision stored");
    assert_eq!(stored["choices"]["analytics"], false);
    assert_eq!(stored["choices"]["necessary"], true);
    assert_eq!(stored["method"], "reject-all");
    host.remove();
}

#[wasm_bindgen_test]
async fn a_stored_current_decision_keeps_the_banner_away() {
    LocalStorage::clear();
    let host = mount_app();
    button(&host, "Godkänn alla").expect("accept").click();
    leptos::task::tick().await;
    host.remove();

    let again = mount_app();
    leptos::task::tick().await;
    assert!(banner(&again).is_none());
    assert!(
        button(&again, "Cookie-inställningar").is_some(),
        "the reopen control stays"
    );
    again.remove();
}

#[wasm_bindgen_test]
async fn the_language_switch_offers_every_language_and_turns_the_banner_english() {
    LocalStorage::clear();
    let host = mount_app();
    let links = host.query_selector_all(".sc-langs a").expect("query");
    let names: Vec<String> = (0..links.length())
        .filter_map(|i| links.item(i)?.text_content())
        .collect();
    assert_eq!(names, ["Svenska", "English", "Suomi", "العربية"]);
    links
        .item(1)
        .expect("English")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    leptos::task::tick().await;
    assert!(button(&host, "Accept all").is_some());
    assert!(button(&host, "Only necessary").is_some());
    let remembered: String = LocalStorage::get("samtycke.lang").expect("remembered");
    assert_eq!(remembered, "en");
    let section = banner(&host).expect("banner");
    assert_eq!(section.get_attribute("lang").as_deref(), Some("en"));
    links
        .item(3)
        .expect("Arabic")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    leptos::task::tick().await;
    let section = banner(&host).expect("banner");
    assert_eq!(section.get_attribute("dir").as_deref(), Some("rtl"));
    assert!(button(&host, "قبول الكل").is_some());
    LocalStorage::clear();
    host.remove();
}

#[wasm_bindgen_test]
fn patient_routes_follow_the_address() {
    use samtycke_app::patient::Route;
    assert_eq!(Route::from_path("/intyg"), Route::Home);
    assert_eq!(Route::from_path("/intyg/"), Route::Home);
    assert_eq!(Route::from_path("/intyg/mina-samtycken"), Route::Consents);
    assert_eq!(
        Route::from_path("/intyg/lisjp-2026-0142"),
        Route::Certificate("lisjp-2026-0142".into())
    );
}

#[wasm_bindgen_test]
fn a_saved_certificate_has_every_field_with_its_label_and_local_time() {
    use samtycke_app::patient::certificate_view::as_text;
    use samtycke_wire::certificate::Certificate;
    let certificate: Certificate = serde_json::from_value(serde_json::json!({
        "id": "c1", "version": 1, "type": "sjukpenning",
        "issued_at": "2026-07-02T22:30:00Z",
        "issuer": { "doctor": "Dr. A", "care_unit": "Hudkliniken", "care_unit_id": "SE1",
                    "care_provider": "Region Exempel" },
        "patient": { "personal_identity_number": "191212121212", "name": "Tolvan Tolvansson",
                     "address": "Testgatan 12" },
        "diagnoses": [{ "code": "L20.9", "text": "Atopiskt eksem" }],
        "basis": "besök", "course": "förlopp", "impairment": "nedsättning",
        "activity_limitation": "begränsning", "work_capacity_assessed_against": "nuvarande arbete",
        "sick_leave": [{ "degree": 50, "from": "2026-07-03", "to": "2026-07-16" }],
        "recommendations": "råd", "planned_treatment": "behandling", "prognosis": "god"
    }))
    .expect("certificate");
    let text = as_text(
        &certificate,
        samtycke_visitor::texts::patient(samtycke_visitor::Language::SV),
    );
    assert!(text.starts_with("Läkarintyg för sjukpenning\n\n"));
    assert!(text.contains("Personnummer: 191212121212\n"));
    assert!(text.contains("Diagnos: L20.9 Atopiskt eksem\n"));
    assert!(text.contains("Sjukskrivning: 50 % 2026-07-03 – 2026-07-16\n"));
    // 22:30 UTC in July is half past midnight the next day in Stockholm.
    assert!(text.contains("Utfärdat: 2026-07-03 00:30\n"), "{text}");
    assert_eq!(text.lines().filter(|l| l.contains(": ")).count(), 16);
}
