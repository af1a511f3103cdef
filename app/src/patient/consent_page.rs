//! The consent page shown before any data: exactly what is processed, why, who is
//! responsible, how to withdraw, and the button "Jag ger mitt samtycke".

use leptos::prelude::*;
use leptos::task::spawn_local;
use samtycke_wire::patient::PatientConsentState;

use super::PatientState;
use super::api;

/// Asks for consent (first login, again after a withdrawal, or after the notice changed).
#[component]
pub fn ConsentPage() -> impl IntoView {
    let state = expect_context::<PatientState>();
    let t = move || state.t();
    let withdrawn = move || matches!(state.status.get(), Some(Ok(s)) if s.state == PatientConsentState::Withdrawn);
    let renewal = move || matches!(state.status.get(), Some(Ok(s)) if s.renewal_due);
    let policy_url = move || match state.status.get() {
        Some(Ok(s)) => s.policy_url,
        _ => String::new(),
    };
    let controller = crate::site_config()
        .map(|c| format!("{}, {}", c.controller.name, c.controller.contact))
        .unwrap_or_default();
    let busy = RwSignal::new(false);
    let give = move |_| {
        busy.set(true);
        spawn_local(async move {
            match api::change(false, state.lang.get_untracked()).await {
                Ok(entry) => {
                    state.notice.set(None);
                    state.consent_changed(entry.state);
                }
                Err(failure) => state.failed(failure),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>{move || t().consent_title}</h1>
        {move || withdrawn().then(|| view! { <p class="pt-alert">{t().consent_withdrawn_note}</p> })}
        {move || renewal().then(|| view! { <p class="pt-alert">{t().consent_renewal_note}</p> })}
        <p>{move || t().consent_intro}</p>
        <h2>{move || t().consent_data_heading}</h2>
        <ul class="pt-data">
            {move || t().consent_data.iter().map(|d| view! { <li>{*d}</li> }).collect_view()}
        </ul>
        <h2>{move || t().consent_purpose_heading}</h2>
        <ul>
            {move || t().consent_purposes.iter().map(|d| view! { <li>{*d}</li> }).collect_view()}
        </ul>
        <p>{move || t().consent_controller}" "{controller}</p>
        <p>{move || t().consent_withdraw_info}</p>
        <p><a href=policy_url>{move || t().consent_policy_link}</a></p>
        <p>
            <button type="button" class="sc-btn pt-btn" on:click=give disabled=move || busy.get()>
                {move || t().consent_button}
            </button>
        </p>
    }
}
