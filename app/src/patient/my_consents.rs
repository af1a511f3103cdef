//! "Mina samtycken": where consent stands, every transition with its signed receipt (and a
//! download of them), and withdrawing or giving consent again, one click each.

use leptos::prelude::*;
use leptos::task::spawn_local;
use samtycke_wire::patient::PatientConsentState;

use super::PatientState;
use super::api::{self, HistoryEntry};
use crate::browser;

fn state_index(state: PatientConsentState) -> usize {
    match state {
        PatientConsentState::None => 0,
        PatientConsentState::Given => 1,
        PatientConsentState::Withdrawn => 2,
    }
}

/// `/intyg/mina-samtycken`.
#[component]
pub fn MyConsents() -> impl IntoView {
    let state = expect_context::<PatientState>();
    let t = move || state.t();
    let history = RwSignal::new(None::<Vec<HistoryEntry>>);
    let refresh = move || {
        spawn_local(async move {
            match api::history().await {
                Ok(h) => history.set(Some(h)),
                Err(failure) => state.failed(failure),
            }
        })
    };
    refresh();
    let current = move || match state.status.get() {
        Some(Ok(s)) => s.state,
        _ => PatientConsentState::None,
    };
    let busy = RwSignal::new(false);
    let change = move |withdraw: bool| {
        busy.set(true);
        spawn_local(async move {
            match api::change(withdraw, state.lang.get_untracked()).await {
                Ok(entry) => {
                    state.consent_changed(entry.state);
                    state
                        .notice
                        .set(withdraw.then_some(state.t().withdrawn_done));
                    refresh();
                }
                Err(failure) => state.failed(failure),
            }
            busy.set(false);
        });
    };
    let download = move |_| {
        let receipts: Vec<_> = history
            .get_untracked()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.receipt)
            .collect();
        let json = serde_json::to_string_pretty(&receipts).unwrap_or_default();
        browser::offer_download(&json, "mina-samtyckeskvitton.json", "application/json");
    };
    let rows = move || {
        history.get().map(|entries| {
            let [when, what, receipt] = t().history_columns;
            view! {
                <table class="pt-table">
                    <thead><tr><th scope="col">{when}</th><th scope="col">{what}</th><th scope="col">{receipt}</th></tr></thead>
                    <tbody>
                        {entries.into_iter().map(|e| {
                            let id = e.receipt["receipt_id"].as_str().unwrap_or_default().to_owned();
                            view! {
                                <tr>
                                    <td>{samtycke_visitor::local_time::format_rfc3339_stockholm(&e.at).unwrap_or_else(|| e.at.clone())}</td>
                                    <td>{match e.kind.as_str() {
                                        "disclosure" => format!(
                                            "{}: {}",
                                            t().history_kinds[0],
                                            e.receipt["recipient"]["name"].as_str().unwrap_or_default()
                                        ),
                                        "erasure" => t().history_kinds[1].to_owned(),
                                        _ => t().states[state_index(e.state)].to_owned(),
                                    }}</td>
                                    <td><code>{id}</code></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })
    };
    view! {
        <h1>{move || t().consents_title}</h1>
        <p>{move || t().consents_current}" "<strong>{move || t().states[state_index(current())]}</strong></p>
        {move || if current() == PatientConsentState::Given {
            view! {
                <h2>{t().withdraw_title}</h2>
                <p>{t().withdraw_info}</p>
                <p><button type="button" class="sc-btn pt-btn" disabled=move || busy.get()
                    on:click=move |_| change(true)>{t().withdraw_button}</button></p>
            }.into_any()
        } else {
            view! {
                <p>{t().reactivate_info}</p>
                <p><button type="button" class="sc-btn pt-btn" disabled=move || busy.get()
                    on:click=move |_| change(false)>{t().consent_button}</button></p>
            }.into_any()
        }}
        <h2>{move || t().history_title}</h2>
        <p>{move || t().history_intro}</p>
        {rows}
        <p><button type="button" class="pt-link" on:click=download>{move || t().history_download}</button></p>
    }
}
