//! The first layer of the cookie banner: "accept all", "only necessary" and "settings",
//! equal in element, size and colour. The same markup as the static banner in `index.html`.

use consent::Language;
use leptos::prelude::*;

use crate::i18n::texts;
use crate::state::ConsentState;
use crate::{browser, storage};

/// The banner, shown while the visitor has no current decision.
#[component]
pub fn Banner() -> impl IntoView {
    let state = expect_context::<ConsentState>();
    let gpc = browser::global_privacy_control();
    let lang = state.language;
    let t = move || texts(lang.get());
    let lang_code = move || match lang.get() {
        Language::Sv => "sv",
        Language::En => "en",
    };
    let switch_language = move |_| {
        let next = match lang.get_untracked() {
            Language::Sv => Language::En,
            Language::En => Language::Sv,
        };
        storage::save_language(next);
        lang.set(next);
    };

    view! {
        <Show when=move || state.decision.with(Option::is_none)>
            <section class="sc-banner" aria-labelledby="sc-title" lang=lang_code>
                <form method="post" action="/consent" on:submit=|ev| ev.prevent_default()>
                    <h2 id="sc-title">{move || t().banner_title}</h2>
                    <p>
                        {move || t().banner_body}
                        <a href=state.config.policy_url.clone()>{move || t().policy_link}</a>
                        "."
                    </p>
                    {gpc.then(|| view! { <p class="sc-gpc">{move || t().gpc_note}</p> })}
                    <input type="hidden" name="lang" prop:value=lang_code/>
                    <input type="hidden" name="return" value="/"/>
                    <div class="sc-actions">
                        <button
                            type="button"
                            class="sc-btn"
                            name="choice"
                            value="accept-all"
                            on:click=move |_| state.accept_all()
                        >
                            {move || t().accept_all}
                        </button>
                        <button
                            type="button"
                            class="sc-btn"
                            name="choice"
                            value="reject-all"
                            on:click=move |_| state.reject_all()
                        >
                            {move || t().reject_all}
                        </button>
                        <button
                            type="button"
                            class="sc-btn sc-btn-settings"
                            on:click=move |_| state.settings_open.set(true)
                        >
                            {move || t().settings}
                        </button>
                    </div>
                    <button
                        type="button"
                        class="sc-lang"
                        lang=move || if lang.get() == Language::Sv { "en" } else { "sv" }
                        on:click=switch_language
                    >
                        {move || t().other_language}
                    </button>
                </form>
            </section>
        </Show>
    }
}
