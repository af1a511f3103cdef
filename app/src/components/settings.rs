//! The settings dialog: one switch per category with its purpose, services and cookies;
//! save, accept all, reject all; and the visitor's receipts. A native modal `<dialog>`:
//! focus moves in, the rest of the page is inert, Escape closes, focus returns to the opener.

use std::collections::BTreeSet;

use leptos::html::Dialog;
use leptos::prelude::*;
use leptos::task::spawn_local;
use samtycke_visitor::{Category, Decision};
use wasm_bindgen::JsCast;

use samtycke_visitor::texts::BannerView;

use crate::state::ConsentState;
use crate::{api, browser, outbox, storage};

/// The settings dialog, opened by "Settings" in the banner or "Cookie settings" on any page.
#[component]
pub fn SettingsDialog() -> impl IntoView {
    let state = expect_context::<ConsentState>();
    let dialog = NodeRef::<Dialog>::new();
    let granted = RwSignal::new(BTreeSet::<String>::new());
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let receipts = RwSignal::new(Vec::<String>::new());
    let pending = RwSignal::new(0usize);
    let lang = state.language;

    Effect::new(move |_| {
        let open = state.settings_open.get();
        let Some(dialog) = dialog.get() else {
            return;
        };
        if open && !dialog.open() {
            granted.set(
                state
                    .decision
                    .get_untracked()
                    .map(|d| {
                        // By insertion: `collect` would bring a sort of its own.
                        let mut set = BTreeSet::new();
                        set.extend(d.choices.into_iter().filter(|(_, g)| *g).map(|(id, _)| id));
                        set
                    })
                    .unwrap_or_default(),
            );
            receipts.set(storage::receipts());
            pending.set(outbox::pending().len());
            opener.set_value(
                document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
            );
            if let Err(e) = dialog.show_modal() {
                leptos::logging::warn!("samtycke: dialog: {e:?}");
            }
        } else if !open && dialog.open() {
            dialog.close();
        }
    });

    let on_close = move |_| {
        state.settings_open.set(false);
        if let Some(el) = opener.get_value()
            && el.is_connected()
        {
            let _ = el.focus();
        }
    };
    let close = move || state.settings_open.set(false);
    let save = move |_| {
        let chosen = granted.get_untracked();
        let ids: Vec<&str> = chosen.iter().map(String::as_str).collect();
        let language = lang.get_untracked();
        state.decide(Decision::custom(
            state.config,
            &ids,
            language,
            browser::now(),
        ));
        close();
    };
    let download = move |_| {
        let Some(key) = storage::existing_visitor_key() else {
            return;
        };
        spawn_local(async move {
            match api::receipts_json(&key).await {
                Ok(json) => {
                    browser::offer_download(&json, "samtycke-kvitton.json", "application/json")
                }
                Err(e) => leptos::logging::warn!("samtycke: receipts: {e}"),
            }
        });
    };
    // The dialog's content is drawn in the language shown, and again if that changes (the
    // dialog is closed then: the banner's switch is outside it). Its texts are plain strings,
    // not one reactive text node each: what stays reactive is what changes while it is open.
    let content = move || {
        let t = state.texts();
        let categories = state
            .config
            .categories
            .iter()
            .map(move |category| view! { <CategorySwitch category granted t/> })
            .collect_view();
        view! {
            <h2 id="sc-dialog-title">{t.dialog_title()}</h2>
            <p>
                {t.dialog_intro()} " "
                <a href=format!("{}#kakor", state.config.policy_url)>{t.policy_link()}</a>
                "."
            </p>
            <p class="sc-current">{t.current_choice()} " " {move || current_summary(&state)}</p>
            {move || {
                state
                    .decision
                    .with(|d| d.as_ref().is_some_and(|d| d.method == samtycke_visitor::Method::Gpc))
                    .then(|| view! { <p class="sc-gpc">{t.gpc_note()}</p> })
            }}
            <ul class="sc-categories">{categories}</ul>
            <div class="sc-actions">
                <button type="button" class="sc-btn" on:click=save>{t.save()}</button>
                <button type="button" class="sc-btn" on:click=move |_| { state.accept_all(); close(); }>
                    {t.accept_all()}
                </button>
                <button type="button" class="sc-btn" on:click=move |_| { state.reject_all(); close(); }>
                    {t.reject_all()}
                </button>
            </div>
            <section class="sc-receipts" aria-labelledby="sc-receipts-title">
                <h3 id="sc-receipts-title">{t.receipts_title()}</h3>
                <p>{t.receipts_intro()}</p>
                <Show when=move || { pending.get() != 0 }>
                    <p>{t.receipts_pending()}</p>
                </Show>
                <Show
                    when=move || !receipts.with(Vec::is_empty)
                    fallback=move || view! { <p>{t.receipts_none()}</p> }
                >
                    <ul class="sc-receipt-list">
                        {move || receipts.get().into_iter().map(|id| view! {
                            <li><a href=format!("{}/api/receipts/{id}", api::base())><code>{id.clone()}</code></a></li>
                        }).collect_view()}
                    </ul>
                    <button type="button" class="sc-link" on:click=download>
                        {t.receipts_download()}
                    </button>
                </Show>
            </section>
            <button type="button" class="sc-close" on:click=move |_| close()>
                {t.close()}
            </button>
        }
    };

    view! {
        <dialog
            node_ref=dialog
            class="sc-dialog"
            aria-labelledby="sc-dialog-title"
            lang=move || lang.get().as_str().to_owned()
            dir=move || samtycke_visitor::texts::direction(lang.get()).as_str()
            on:close=on_close
        >
            {content}
        </dialog>
    }
}

/// One category: a switch (fixed on for `necessary`), its purpose, its services and cookies.
#[component]
fn CategorySwitch(
    /// The category.
    category: &'static Category,
    /// The categories switched on in the dialog.
    granted: RwSignal<BTreeSet<String>>,
    /// The dialog's texts in the language shown.
    t: BannerView<'static>,
) -> impl IntoView {
    let lang = t.language();
    let id = category.id.as_str();
    let input_id = format!("sc-cat-{id}");
    let description_id = format!("sc-cat-{id}-desc");
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        granted.update(|set| {
            if on {
                set.insert(id.to_owned());
            } else {
                set.remove(id);
            }
        });
    };
    let services = category.services.iter().map(move |service| {
        let cookies = service.cookies.iter().map(move |cookie| {
            view! {
                <li>
                    {t.cookie()} " " <code>{cookie.name.clone()}</code> ", "
                    {samtycke_visitor::texts::count_days(cookie.lifetime_days, t.day(), t.days())}
                </li>
            }
        });
        view! {
            <li>
                {service.name.clone()}
                <ul>{cookies.collect_view()}</ul>
            </li>
        }
    });
    view! {
        <li class="sc-category">
            <div class="sc-category-head">
                <input
                    type="checkbox"
                    role="switch"
                    class="sc-switch"
                    id=input_id.clone()
                    aria-describedby=description_id.clone()
                    disabled=category.required
                    prop:checked=move || category.required || granted.with(|s| s.contains(id))
                    on:change=toggle
                />
                <label for=input_id>{category.label.get(lang).to_owned()}</label>
                {category.required.then(|| view! { <span class="sc-always">{t.always_on()}</span> })}
            </div>
            <p id=description_id>{category.description.get(lang).to_owned()}</p>
            <details>
                <summary>{t.services()}</summary>
                <ul class="sc-services">{services.collect_view()}</ul>
            </details>
        </li>
    }
}

/// "Necessary, Analytics" for the current decision; "–" when there is none.
fn current_summary(state: &ConsentState) -> String {
    let lang = state.language.get();
    state.decision.with(|d| match d {
        Some(d) => state
            .config
            .categories
            .iter()
            .filter(|c| d.allows(&c.id))
            .map(|c| c.label.get(lang))
            .collect::<Vec<_>>()
            .join(", "),
        None => "–".to_owned(),
    })
}
