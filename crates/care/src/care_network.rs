//! The systems around Mina intyg, as the deployment registers them: care providers whose
//! record systems send certificates in (each with its public keys and where to ask for a
//! patient's certificates again), and recipients a patient may send a certificate to (each
//! with its intake address and the certificate types it accepts).
//!
//! Both lists are JSON in the Worker's variables (`CARE_PROVIDERS`, `CERTIFICATE_RECIPIENTS`),
//! validated here with errors that name the variable and the field.

use serde::{Deserialize, Serialize};

use crate::certificate::CertificateType;
use samtycke_receipts::signature::{Jwk, KeySet, verifying_key};
use samtycke_visitor::file_error::FileError;

/// A care provider whose record system sends certificates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Short id, e.g. `region-exempel`: part of every certificate's key.
    pub id: String,
    /// Name shown to patients.
    pub name: String,
    /// Public Ed25519 keys its requests are signed with (several during a rotation).
    pub keys: Vec<Jwk>,
    /// Where Samtycke asks, with a signed request, for a patient's certificates again.
    pub resend_url: String,
}

/// Someone a patient may send a certificate to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// Short id, e.g. `forsakringskassan`.
    pub id: String,
    /// Name shown to patients.
    pub name: String,
    /// The recipient's intake endpoint; deliveries are signed requests.
    pub intake_url: String,
    /// The certificate types it accepts.
    pub accepts: Vec<CertificateType>,
}

/// Whether `id` can name a provider or recipient: 1–40 of `a–z 0–9 -`.
pub fn is_network_id(id: &str) -> bool {
    (1..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `url` may be called: HTTPS, or plain HTTP to a loopback address (local stand-ins).
pub fn is_callable_url(url: &str) -> bool {
    let host = |rest: &str| {
        rest.split(['/', '?', '#']).next().map(|authority| {
            authority
                .rsplit_once(':')
                .map_or(authority, |(h, _)| h)
                .to_owned()
        })
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    if let Some(rest) = url.strip_prefix("https://") {
        return host(rest).is_some_and(|h| !h.is_empty() && !h.contains('@'));
    }
    url.strip_prefix("http://")
        .and_then(host)
        .is_some_and(|h| matches!(h.as_str(), "127.0.0.1" | "localhost"))
}

fn invalid(file: &str, field: String, problem: impl Into<String>) -> FileError {
    FileError::Invalid {
        file: file.to_owned(),
        field,
        problem: problem.into(),
    }
}

fn parse_list<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Result<Vec<T>, FileError> {
    serde_json::from_str(text).map_err(|e| FileError::Syntax {
        file: name.to_owned(),
        message: e.to_string(),
    })
}

fn check_id(name: &str, i: usize, id: &str, seen: &mut Vec<String>) -> Result<(), FileError> {
    if !is_network_id(id) {
        return Err(invalid(
            name,
            format!("[{i}].id"),
            "must be 1–40 of a–z 0–9 -",
        ));
    }
    if seen.iter().any(|s| s == id) {
        return Err(invalid(name, format!("[{i}].id"), "is used twice"));
    }
    seen.push(id.to_owned());
    Ok(())
}

/// The registered care providers, from the variable `name`'s JSON `text`.
pub fn parse_providers(name: &str, text: &str) -> Result<Vec<Provider>, FileError> {
    let providers: Vec<Provider> = parse_list(name, text)?;
    let (mut ids, mut kids) = (Vec::new(), Vec::new());
    for (i, p) in providers.iter().enumerate() {
        check_id(name, i, &p.id, &mut ids)?;
        if !is_callable_url(&p.resend_url) {
            return Err(invalid(
                name,
                format!("[{i}].resend_url"),
                "must be an https:// URL",
            ));
        }
        if p.keys.is_empty() {
            return Err(invalid(
                name,
                format!("[{i}].keys"),
                "needs at least one key",
            ));
        }
        for (k, key) in p.keys.iter().enumerate() {
            let field = format!("[{i}].keys[{k}]");
            verifying_key(key)
                .map_err(|_| invalid(name, field.clone(), "is not an Ed25519 public JWK"))?;
            if kids.contains(&key.kid) {
                return Err(invalid(name, format!("{field}.kid"), "is used twice"));
            }
            kids.push(key.kid.clone());
        }
    }
    Ok(providers)
}

/// The registered recipients, from the variable `name`'s JSON `text`.
pub fn parse_recipients(name: &str, text: &str) -> Result<Vec<Recipient>, FileError> {
    let recipients: Vec<Recipient> = parse_list(name, text)?;
    let mut ids = Vec::new();
    for (i, r) in recipients.iter().enumerate() {
        check_id(name, i, &r.id, &mut ids)?;
        if !is_callable_url(&r.intake_url) {
            return Err(invalid(
                name,
                format!("[{i}].intake_url"),
                "must be an https:// URL",
            ));
        }
        if r.accepts.is_empty() {
            return Err(invalid(
                name,
                format!("[{i}].accepts"),
                "must name at least one certificate type",
            ));
        }
    }
    Ok(recipients)
}

/// The provider that owns key `kid`, with its keys as a key set.
pub fn provider_for_key<'a>(
    providers: &'a [Provider],
    kid: &str,
) -> Option<(&'a Provider, KeySet)> {
    providers
        .iter()
        .find(|p| p.keys.iter().any(|k| k.kid == kid))
        .map(|p| {
            (
                p,
                KeySet {
                    keys: p.keys.clone(),
                },
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use samtycke_receipts::signature::SigningKey;

    fn provider_json(id: &str, kid: &str, url: &str) -> String {
        let jwk = serde_json::to_string(&SigningKey::from_seed(kid, [3; 32]).public_jwk()).unwrap();
        format!(r#"{{"id":"{id}","name":"Region","keys":[{jwk}],"resend_url":"{url}"}}"#)
    }

    #[test]
    fn providers_are_found_by_their_keys() {
        let text = format!(
            "[{}]",
            provider_json("region-a", "a-1", "https://a.example/resend")
        );
        let providers = parse_providers("CARE_PROVIDERS", &text).unwrap();
        let (provider, keys) = provider_for_key(&providers, "a-1").unwrap();
        assert_eq!(provider.id, "region-a");
        assert_eq!(keys.keys.len(), 1);
        assert!(provider_for_key(&providers, "b-1").is_none());
    }

    #[test]
    fn errors_name_the_variable_and_field() {
        let http = format!(
            "[{}]",
            provider_json("region-a", "a-1", "http://a.example/resend")
        );
        assert_eq!(
            parse_providers("CARE_PROVIDERS", &http)
                .unwrap_err()
                .to_string(),
            "CARE_PROVIDERS: field `[0].resend_url`: must be an https:// URL"
        );
        let loopback = format!(
            "[{}]",
            provider_json("region-a", "a-1", "http://127.0.0.1:8798/resend")
        );
        assert!(parse_providers("CARE_PROVIDERS", &loopback).is_ok());
        let twice = format!(
            "[{},{}]",
            provider_json("region-a", "a-1", "https://a.example/r"),
            provider_json("region-b", "a-1", "https://b.example/r")
        );
        assert!(
            parse_providers("CARE_PROVIDERS", &twice)
                .unwrap_err()
                .to_string()
                .contains("[1].keys[0].kid")
        );
        let bad_id = format!(
            "[{}]",
            provider_json("Region A", "a-1", "https://a.example/r")
        );
        assert!(
            parse_providers("CARE_PROVIDERS", &bad_id)
                .unwrap_err()
                .to_string()
                .contains("[0].id")
        );
        let none = r#"[{"id":"fk","name":"FK","intake_url":"https://fk.example/in","accepts":[]}]"#;
        assert!(
            parse_recipients("CERTIFICATE_RECIPIENTS", none)
                .unwrap_err()
                .to_string()
                .contains("[0].accepts")
        );
        let unknown = r#"[{"id":"fk","name":"FK","intake_url":"https://fk.example/in","accepts":["bilintyg"]}]"#;
        assert!(matches!(
            parse_recipients("CERTIFICATE_RECIPIENTS", unknown),
            Err(FileError::Syntax { .. })
        ));
        let ok = r#"[{"id":"forsakringskassan","name":"Försäkringskassan","intake_url":"https://fk.example/in","accepts":["sjukpenning"]}]"#;
        assert_eq!(
            parse_recipients("CERTIFICATE_RECIPIENTS", ok).unwrap()[0].accepts,
            [CertificateType::Sjukpenning]
        );
    }
}
