//! The first layer of the cookie banner: "accept all", "only necessary" and "settings",
//! equal in element, size and colour. The same markup as the static banner in `index.html`
//! (and the one the edge injects): the choices stay submit buttons of a real form, which the
//! app handles in place (WCAG 3.2.2: nothing changes context until the visitor submits).

use consent::Language;
use leptos::prelude::*;

use crate::i18n::texts;
use crate::state::ConsentState;
use crate::{api, browser, storage};

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

    let base = api::base();
    let settings_action = format!("{base}/installningar");
    let return_path = browser::path_and_query();
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let choice = ev
            .submitter()
            .and_then(|b| b.get_attribute("value"))
            .unwrap_or_default();
        match choice.as_str() {
            "accept-all" => state.accept_all(),
            "reject-all" => state.reject_all(),
            _ => state.settings_open.set(true),
        }
    };
    let site = state.config.site.as_ref();
    let title = site.and_then(|s| s.banner_title.clone());
    let body = site.and_then(|s| s.banner_body.clone());
    let title = move || {
        let lang = lang.get();
        title
            .as_ref()
            .map_or(texts(lang).banner_title.to_owned(), |t| {
                t.get(lang).to_owned()
            })
    };
    let body = move || {
        let lang = lang.get();
        body.as_ref()
            .map_or(texts(lang).banner_body.to_owned(), |t| {
                t.get(lang).to_owned()
            })
    };

    view! {
        <Show when=move || state.decision.with(Option::is_none)>
            <section class="sc-banner" aria-labelledby="sc-title" lang=lang_code>
                <form method="post" action=format!("{base}/consent") on:submit=on_submit>
                    <h2 id="sc-title">{title.clone()}</h2>
                    <p>
                        {body.clone()}
                        <a href=state.config.policy_url.clone()>{move || t().policy_link}</a>
                        "."
                    </p>
                    {gpc.then(|| view! { <p class="sc-gpc">{move || t().gpc_note}</p> })}
                    <input type="hidden" name="lang" prop:value=lang_code/>
                    <input type="hidden" name="return" value=return_path.clone()/>
                    <div class="sc-actions">
                        <button type="submit" class="sc-btn" name="choice" value="accept-all">
                            {move || t().accept_all}
                        </button>
                        <button type="submit" class="sc-btn" name="choice" value="reject-all">
                            {move || t().reject_all}
                        </button>
                        <button
                            type="submit"
                            class="sc-btn sc-btn-settings"
                            name="choice"
                            value="settings"
                            formaction=settings_action.clone()
                            formmethod="get"
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
