//! Asking care providers for a patient's certificates again, when the patient consents: a
//! signed request to the `resend_url` of each registered provider that has sent this patient a
//! certificate before (and only those: the others never learn who consented), after which it sends
//! them in through the ordinary signed intake (`POST /api/intake/certificates`), so every
//! certificate arrives by one path and is checked the same way.

use serde_json::json;
use worker::Env;

use crate::{bindings, patient::signed_fetch};

/// Ask the providers `sources` (ids of those that sent the patient a certificate) to send
/// patient `identity_number`'s certificates in again. A provider that cannot be reached is
/// logged (without the number): consent stands, and the provider's next send or the patient's
/// next consent brings the certificates. An id no longer registered is skipped.
pub(crate) async fn ask_for_certificates(env: &Env, identity_number: &str, sources: &[String]) {
    let providers = match bindings::care_providers(env) {
        Ok(providers) => providers,
        Err(e) => {
            worker::console_error!("care providers: {e}");
            return;
        }
    };
    let body = json!({ "personal_identity_number": identity_number }).to_string();
    for provider in providers.iter().filter(|p| sources.contains(&p.id)) {
        match signed_fetch::post_json(env, &provider.resend_url, &body, None).await {
            Ok(answer) if (200..300).contains(&answer.status) => {}
            Ok(answer) => worker::console_error!(
                "care provider {} answered {} to a resend request",
                provider.id,
                answer.status
            ),
            Err(e) => worker::console_error!(
                "care provider {} unreachable for a resend request: {e}",
                provider.id
            ),
        }
    }
}
