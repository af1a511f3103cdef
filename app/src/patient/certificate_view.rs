//! The list of the patient's certificates and one certificate, with print, save and send on
//! (after seeing exactly what is sent, and to whom). Times show in Swedish local time.

use leptos::prelude::*;
use leptos::task::spawn_local;
use samtycke_visitor::local_time::format_rfc3339_stockholm;
use samtycke_wire::certificate::{Certificate, CertificateType};

use super::PatientState;
use super::api::{self, Failure, Listed, Preview, SendView};
use crate::browser;
use samtycke_visitor::texts::PatientTexts;

/// How often a certificate with a send on its way is looked at again.
const SEND_POLL_MS: u32 = 2_000;

/// Load the certificates into memory unless they are there.
fn load(state: PatientState) {
    if state.certificates.get_untracked().is_some() {
        return;
    }
    spawn_local(async move {
        match api::certificates().await {
            Ok(list) => state.certificates.set(Some(list)),
            Err(failure) => state.failed(failure),
        }
    });
}

/// A time as the patient reads it (Stockholm), or as given if it does not parse.
fn local(at: &str) -> String {
    format_rfc3339_stockholm(at).unwrap_or_else(|| at.to_owned())
}

fn kind_name(t: &PatientTexts, kind: CertificateType) -> &'static str {
    match kind {
        CertificateType::Sjukpenning => t.kind_sjukpenning,
    }
}

/// `/intyg` with consent given: the certificates, newest first.
#[component]
pub fn CertificateList() -> impl IntoView {
    let state = expect_context::<PatientState>();
    let t = move || state.t();
    load(state);
    let rows = move || {
        state.certificates.get().map(|list| {
            if list.is_empty() {
                return view! { <p>{t().certificates_none}</p> }.into_any();
            }
            let [kind, issued, issuer] = t().certificates_columns;
            view! {
                <table class="pt-table">
                    <thead><tr><th scope="col">{kind}</th><th scope="col">{issued}</th><th scope="col">{issuer}</th></tr></thead>
                    <tbody>
                        {list.into_iter().map(|Listed { held, .. }| {
                            let href = format!("/intyg/{}", String::from(js_sys::encode_uri_component(&held.key)));
                            let c = held.certificate;
                            view! {
                                <tr>
                                    <td><a href=href>{kind_name(t(), c.kind)}</a></td>
                                    <td>{local(&c.issued_at)}</td>
                                    <td>{c.issuer.care_unit}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        })
    };
    view! {
        <h1>{move || t().certificates_title}</h1>
        {move || rows().unwrap_or_else(|| view! { <p>{t().loading}</p> }.into_any())}
    }
}

/// The values of a certificate, in the order [`PatientTexts::certificate_fields`] names them.
pub fn fields(c: &Certificate) -> [String; 16] {
    let diagnoses = c
        .diagnoses
        .iter()
        .map(|d| format!("{} {}", d.code, d.text))
        .collect::<Vec<_>>()
        .join("; ");
    let periods = c
        .sick_leave
        .iter()
        .map(|p| format!("{} % {} – {}", p.degree, p.from, p.to))
        .collect::<Vec<_>>()
        .join("; ");
    [
        local(&c.issued_at),
        c.issuer.doctor.clone(),
        format!("{}, {}", c.issuer.care_unit, c.issuer.care_provider),
        c.patient.name.clone(),
        c.patient.personal_identity_number.clone(),
        c.patient.address.clone(),
        diagnoses,
        c.basis.clone(),
        c.course.clone(),
        c.impairment.clone(),
        c.activity_limitation.clone(),
        c.work_capacity_assessed_against.clone(),
        periods,
        c.recommendations.clone(),
        c.planned_treatment.clone(),
        c.prognosis.clone(),
    ]
}

/// The certificate as plain text, for saving.
pub fn as_text(c: &Certificate, t: &PatientTexts) -> String {
    let mut text = format!("{}\n\n", kind_name(t, c.kind));
    for (label, value) in t.certificate_fields.iter().zip(fields(c)) {
        text.push_str(&format!("{label}: {value}\n"));
    }
    text
}

/// The certificate's fields as a description list.
fn field_list(c: &Certificate, t: &PatientTexts) -> impl IntoView + use<> {
    let labels = t.certificate_fields;
    view! {
        <dl>
            {labels.into_iter().zip(fields(c)).map(|(label, value)| view! {
                <dt>{label}</dt><dd>{value}</dd>
            }).collect_view()}
        </dl>
    }
}

fn send_line(t: &PatientTexts, s: &SendView) -> String {
    let index = match s.status.as_str() {
        "queued" => 0,
        "delivered" => 1,
        "failed" => 2,
        _ => 3,
    };
    let when = local(s.delivered_at.as_deref().unwrap_or(&s.requested_at));
    let mut line = format!("{} {} {when}", t.send_states[index], s.recipient_name);
    if let Some(next) = s
        .next_attempt_at
        .as_deref()
        .filter(|_| s.status == "queued")
    {
        line.push_str(&format!(" ({} {})", t.send_next_attempt, local(next)));
    }
    line
}

/// The labels of the fields that differ between `sent` and `now`, in the page's order.
fn changed_labels(t: &PatientTexts, sent: &Certificate, now: &Certificate) -> Vec<&'static str> {
    t.certificate_fields
        .into_iter()
        .zip(fields(sent).into_iter().zip(fields(now)))
        .filter(|(_, (before, after))| before != after)
        .map(|(label, _)| label)
        .collect()
}

/// `/intyg/{key}`: one certificate.
#[component]
pub fn CertificateView(
    /// Certificate key from the address.
    id: String,
) -> impl IntoView {
    let state = expect_context::<PatientState>();
    let t = move || state.t();
    let listed = RwSignal::new(None::<Result<Listed, Failure>>);
    let preview = RwSignal::new(None::<Preview>);
    let busy = RwSignal::new(false);
    let key = StoredValue::new(id);
    // Load the certificate; while a send of it is on its way, look again every few seconds,
    // so "Skickas till" turns into "Skickat till" without the patient reloading.
    let reload = move || {
        spawn_local(async move {
            loop {
                let outcome = api::certificate(&key.get_value()).await;
                let pending =
                    matches!(&outcome, Ok(l) if l.held.sends.iter().any(|s| s.status == "queued"));
                match outcome {
                    Err(Failure::LoggedOut) => state.failed(Failure::LoggedOut),
                    Err(Failure::ConsentRequired) => state.failed(Failure::ConsentRequired),
                    other => listed.set(Some(other)),
                }
                if !pending {
                    break;
                }
                gloo_timers::future::TimeoutFuture::new(SEND_POLL_MS).await;
            }
        })
    };
    reload();
    let prepare = move |recipient: String| {
        busy.set(true);
        spawn_local(async move {
            match api::preview(&key.get_value(), &recipient).await {
                Ok(p) => preview.set(Some(p)),
                Err(failure) => state.failed(failure),
            }
            busy.set(false);
        });
    };
    let confirm = move |_| {
        let Some(p) = preview.get_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            match api::send(&key.get_value(), &p.recipient.id, &p.content_hash).await {
                Ok(_) => {
                    preview.set(None);
                    state.certificates.set(None);
                    reload();
                }
                Err(failure) => state.failed(failure),
            }
            busy.set(false);
        });
    };
    let sending = move |l: &Listed| {
        let t = t();
        let sends = l.held.sends.clone();
        let version = l.held.certificate.version;
        // A recipient can be sent this version unless it is on its way or delivered already.
        let open: Vec<_> = l
            .recipients
            .iter()
            .filter(|r| {
                !sends.iter().any(|s| {
                    s.recipient_id == r.id
                        && s.certificate_version == version
                        && matches!(s.status.as_str(), "queued" | "delivered")
                })
            })
            .cloned()
            .collect();
        // For each recipient holding an older version: what changed since its copy.
        let corrected: Vec<_> = open
            .iter()
            .filter_map(|r| {
                let copy = l
                    .held
                    .sent_copies
                    .iter()
                    .rev()
                    .find(|c| c.recipient_id == r.id)?;
                Some((
                    t.corrected_after_send
                        .replace("{old}", &copy.certificate.version.to_string())
                        .replace("{recipient}", &copy.recipient_name)
                        .replace("{new}", &version.to_string()),
                    changed_labels(t, &copy.certificate, &l.held.certificate),
                ))
            })
            .collect();
        let holds_older = |id: &str| l.held.sent_copies.iter().any(|c| c.recipient_id == id);
        view! {
            <section class="pt-send" aria-labelledby="send-title">
                <h2 id="send-title">{t.send_title}</h2>
                <ul class="pt-sends">
                    {sends.iter().map(|s| view! { <li>{send_line(t, s)}</li> }).collect_view()}
                </ul>
                {corrected.into_iter().map(|(notice, changed)| view! {
                    <div class="pt-corrected" role="status">
                        <p>{notice}</p>
                        <p>{t.changed_since}</p>
                        <ul>{changed.into_iter().map(|label| view! { <li>{label}</li> }).collect_view()}</ul>
                    </div>
                }).collect_view()}
                <p>{t.send_explain}</p>
                <p class="pt-actions">
                    {open.into_iter().map(|r| {
                        let id = r.id.clone();
                        let label = if holds_older(&r.id) { t.send_corrected } else { t.send_to };
                        view! {
                            <button type="button" class="sc-btn pt-btn" disabled=move || busy.get()
                                on:click=move |_| prepare(id.clone())>{format!("{label} {}", r.name)}</button>
                        }
                    }).collect_view()}
                </p>
            </section>
        }
    };
    let preview_panel = move || {
        preview.get().map(|p| {
            let t = t();
            view! {
                <section class="pt-preview" aria-labelledby="preview-title">
                    <h2 id="preview-title">{format!("{} {}", t.send_preview, p.recipient.name)}</h2>
                    {field_list(&p.certificate, t)}
                    <p class="pt-actions">
                        <button type="button" class="sc-btn pt-btn" disabled=move || busy.get()
                            on:click=confirm>{t.send_confirm}</button>
                        <button type="button" class="sc-btn pt-btn" on:click=move |_| preview.set(None)>{t.send_cancel}</button>
                    </p>
                </section>
            }
        })
    };
    let body = move || match listed.get() {
        None => view! { <p>{t().loading}</p> }.into_any(),
        Some(Err(Failure::NotFound)) => view! { <h1>{t().not_found}</h1> }.into_any(),
        Some(Err(_)) => view! { <p role="alert">{t().error}</p> }.into_any(),
        Some(Ok(l)) => {
            let c = l.held.certificate.clone();
            let saved = c.clone();
            let save = move |_| {
                browser::offer_download(
                    &as_text(&saved, state.t()),
                    &format!("intyg-{}.txt", saved.id),
                    "text/plain;charset=utf-8",
                )
            };
            view! {
                <article class="pt-certificate">
                    <h1>{kind_name(t(), c.kind)}</h1>
                    {field_list(&c, t())}
                </article>
                <p class="pt-actions">
                    <button type="button" class="sc-btn pt-btn" on:click=|_| { let _ = window().print(); }>{t().print}</button>
                    <button type="button" class="sc-btn pt-btn" on:click=save>{t().save}</button>
                </p>
                {sending(&l)}
            }
            .into_any()
        }
    };
    view! {
        {body}
        {preview_panel}
        <p class="pt-actions"><a href="/intyg">{move || t().back}</a></p>
    }
}
