//! The first layer of the cookie banner: "accept all", "only necessary" and "settings",
//! equal in element, size and colour. The same markup as the static banner in `index.html`
//! (and the one the edge injects): the choices stay submit buttons of a real form, which the
//! app handles in place (WCAG 3.2.2: nothing changes context until the visitor submits).

use leptos::prelude::*;
use samtycke_visitor::texts;

use crate::state::ConsentState;
use crate::{api, browser};

/// The banner, shown while the visitor has no current decision.
#[component]
pub fn Banner() -> impl IntoView {
    let state = expect_context::<ConsentState>();
    let gpc = browser::global_privacy_control();
    let lang = state.language;
    let t = move || state.texts();
    let lang_code = move || lang.get().as_str().to_owned();
    let dir = move || texts::direction(lang.get()).as_str();

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

    view! {
        <Show when=move || state.decision.with(Option::is_none)>
            <section class="sc-banner" aria-labelledby="sc-title" lang=lang_code dir=dir>
                <form method="post" action=format!("{base}/consent") on:submit=on_submit>
                    <LanguageSwitch settings=settings_action.clone() return_path=return_path.clone()/>
                    <h2 id="sc-title">{move || t().banner_title()}</h2>
                    <p>
                        {move || t().banner_body()}
                        <a href=state.config.policy_url.clone()>{move || t().policy_link()}</a>
                        "."
                    </p>
                    {gpc.then(|| view! { <p class="sc-gpc">{move || t().gpc_note()}</p> })}
                    <input type="hidden" name="lang" prop:value=lang_code/>
                    <input type="hidden" name="return" value=return_path.clone()/>
                    <div class="sc-actions">
                        <button type="submit" class="sc-btn" name="choice" value="accept-all">
                            {move || t().accept_all()}
                        </button>
                        <button type="submit" class="sc-btn" name="choice" value="reject-all">
                            {move || t().reject_all()}
                        </button>
                        <button
                            type="submit"
                            class="sc-btn sc-btn-settings"
                            name="choice"
                            value="settings"
                            formaction=settings_action.clone()
                            formmethod="get"
                        >
                            {move || t().settings()}
                        </button>
                    </div>
                </form>
            </section>
        </Show>
    }
}

/// Every language the site offers, each by its own name: a link to the no-JavaScript settings
/// page in that language, which switches in place here. Nothing when the site offers one.
#[component]
pub fn LanguageSwitch(
    /// The settings page's path.
    settings: String,
    /// Where the settings page returns to.
    return_path: String,
) -> impl IntoView {
    let state = expect_context::<ConsentState>();
    let offered = &state.config.languages;
    (offered.len() > 1).then(|| {
        let links = offered
            .iter()
            .filter_map(|language| {
                let language = *language;
                let info = texts::info(language)?;
                let tag = info.language.as_str();
                let href = format!(
                    "{settings}?lang={tag}&return={}",
                    js_sys::encode_uri_component(&return_path)
                );
                let current = move || (state.language.get() == language).then_some("true");
                let switch = move |ev: web_sys::MouseEvent| {
                    ev.prevent_default();
                    state.switch_language(language);
                };
                Some(view! {
                    <a class="sc-lang" href=href lang=tag hreflang=tag aria-current=current on:click=switch>
                        {info.name}
                    </a>
                })
            })
            .collect_view();
        view! {
            <div class="sc-langs" role="group" aria-label=move || state.texts().languages()>
                {links}
            </div>
        }
    })
}
