//! The first layer of the cookie banner: "accept all" and "only necessary", equal in weight.

use std::sync::Arc;

use consent::{Decision, Language, Method, ReceiptRequest, SiteConfig};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::{api, storage};

/// The banner, shown while the visitor has no current decision.
#[component]
pub fn Banner() -> impl IntoView {
    let config = match SiteConfig::bundled() {
        Ok(config) => Arc::new(config),
        Err(e) => {
            leptos::logging::error!("samtycke: {e}");
            return ().into_any();
        }
    };
    let (decision, set_decision) = signal(storage::load_decision(&config, api::now()));

    let decide = move |method: Method| {
        let now = api::now();
        let language = Language::Sv;
        let decision = match method {
            Method::AcceptAll => Decision::accept_all(&config, language, now),
            _ => Decision::reject_all(&config, language, now),
        };
        if let Err(e) = storage::save_decision(&decision) {
            leptos::logging::warn!("samtycke: could not store the decision: {e}");
        }
        let request = ReceiptRequest {
            subject: storage::visitor_id(),
            choices: decision.choices.clone(),
            method: decision.method,
            language: decision.language,
            revision: decision.revision,
            previous_receipt_id: storage::last_receipt(),
        };
        set_decision.set(Some(decision));
        spawn_local(async move {
            match api::post_receipt(&request).await {
                Ok(receipt) => storage::remember_receipt(&receipt.receipt_id),
                Err(e) => leptos::logging::warn!("samtycke: receipt not recorded: {e}"),
            }
        });
    };
    let accept = decide.clone();

    view! {
        <Show when=move || decision.with(Option::is_none)>
            <section class="sc-banner" aria-labelledby="sc-title">
                <h2 id="sc-title">"Kakor på den här webbplatsen"</h2>
                <p>
                    "Vi använder nödvändiga kakor för att webbplatsen ska fungera. Med ditt "
                    "samtycke använder vi även kakor för statistik. Du kan ändra dig när som helst."
                </p>
                <div class="sc-actions">
                    <button type="button" class="sc-btn" on:click={
                        let accept = accept.clone();
                        move |_| accept(Method::AcceptAll)
                    }>"Godkänn alla"</button>
                    <button type="button" class="sc-btn" on:click={
                        let decide = decide.clone();
                        move |_| decide(Method::RejectAll)
                    }>"Endast nödvändiga"</button>
                </div>
            </section>
        </Show>
    }
    .into_any()
}
