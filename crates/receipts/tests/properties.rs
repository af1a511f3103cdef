//! Property tests: signatures round-trip, any change breaks them, serialization round-trips.
#![cfg(not(target_arch = "wasm32"))]

use samtycke_receipts::{KeySet, Receipt, SignedReceipt, SigningKey, VerifyError, verify};
use samtycke_receipts::{ReceiptRequest, receipt};
use samtycke_visitor::{Decision, Language, Method, SiteConfig};
use std::sync::LazyLock;

use proptest::prelude::*;
use serde_json::Value;
use time::OffsetDateTime;

static CONFIG: LazyLock<SiteConfig> =
    LazyLock::new(|| samtycke_deployment::site_config().expect("bundled config"));

fn config() -> &'static SiteConfig {
    &CONFIG
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::AcceptAll),
        Just(Method::RejectAll),
        Just(Method::Custom),
        Just(Method::Gpc),
        Just(Method::NoJs),
    ]
}

fn language() -> impl Strategy<Value = Language> {
    prop_oneof![Just(Language::SV), Just(Language::EN)]
}

/// Instants with millisecond precision between 2020 and 2100, the range receipts live in.
fn instant() -> impl Strategy<Value = OffsetDateTime> {
    (1_577_836_800i64..4_102_444_800i64, 0i64..1000).prop_map(|(secs, millis)| {
        OffsetDateTime::from_unix_timestamp(secs).expect("in range")
            + time::Duration::milliseconds(millis)
    })
}

fn receipt() -> impl Strategy<Value = Receipt> {
    (
        "vk_[A-Za-z0-9_-]{32,64}",
        any::<bool>(),
        method(),
        language(),
        instant(),
        proptest::option::of(Just("0b5e7c1e-8f1a-4c7e-9a53-2d9f1f0a6b11".to_owned())),
        "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}",
    )
        .prop_map(
            |(visitor_key, analytics, method, language, at, previous, id)| {
                let request = ReceiptRequest {
                    visitor_key,
                    choices: [("necessary".into(), true), ("analytics".into(), analytics)]
                        .into_iter()
                        .collect(),
                    method,
                    language,
                    revision: config().revision,
                    previous_receipt_id: previous,
                };
                receipt::issue(&request, config(), id, at).expect("valid request")
            },
        )
}

fn key() -> SigningKey {
    SigningKey::from_seed("test-key", [42; 32])
}

fn key_set() -> KeySet {
    KeySet {
        keys: vec![key().public_jwk()],
    }
}

/// Every path to a leaf (string, number, bool, null) in `value`.
fn leaves(value: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                path.push(k.clone());
                leaves(v, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(i.to_string());
                leaves(v, path, out);
                path.pop();
            }
        }
        _ => out.push(path.clone()),
    }
}

fn leaf_mut<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(value, |v, key| match v {
        Value::Array(items) => &mut items[key.parse::<usize>().expect("index")],
        other => &mut other[key.as_str()],
    })
}

/// A different value of a similar kind.
fn mutate(leaf: &Value) -> Value {
    match leaf {
        Value::String(s) if s.is_empty() => Value::String("x".into()),
        Value::String(s) => {
            let mut chars: Vec<char> = s.chars().collect();
            chars[0] = if chars[0] == 'a' { 'b' } else { 'a' };
            Value::String(chars.into_iter().collect())
        }
        Value::Number(n) => Value::from(n.as_i64().unwrap_or(0) + 1),
        Value::Bool(b) => Value::Bool(!b),
        Value::Null => Value::String("0b5e7c1e-8f1a-4c7e-9a53-2d9f1f0a6b11".into()),
        other => other.clone(),
    }
}

/// Any JSON value of a few shapes, to put where another was.
fn stray_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        Just(serde_json::json!([])),
        Just(serde_json::json!({"x": [1, {"y": null}]})),
    ]
}

/// `base` with one structural change: a leaf replaced by a stray value, a leaf's member
/// removed, or an unknown member added beside it. Near-valid documents reach deeper into a
/// parser than random text does.
fn near_valid(base: Value) -> impl Strategy<Value = Value> {
    (any::<prop::sample::Index>(), stray_value(), 0u8..3).prop_map(move |(pick, stray, op)| {
        let mut doc = base.clone();
        let mut paths = Vec::new();
        leaves(&doc, &mut Vec::new(), &mut paths);
        let path = pick.get(&paths).clone();
        let (last, parent) = path.split_last().expect("a leaf has a path");
        let parent = leaf_mut(&mut doc, parent);
        match (op, parent) {
            (0, Value::Object(map)) => {
                map.insert(last.clone(), stray);
            }
            (1, Value::Object(map)) => {
                map.remove(last);
            }
            (_, Value::Object(map)) => {
                map.insert("unexpected".into(), stray);
            }
            (_, Value::Array(items)) => items.push(stray),
            _ => {}
        }
        doc
    })
}

fn request_json() -> Value {
    serde_json::json!({
        "visitor_key": "vk_0123456789abcdef0123456789abcdef",
        "choices": {"necessary": true, "analytics": false},
        "method": "reject-all", "language": "sv", "revision": 1,
        "previous_receipt_id": "0b5e7c1e-8f1a-4c7e-9a53-2d9f1f0a6b11"
    })
}

proptest! {
    #[test]
    fn near_valid_receipt_requests_are_refused_or_issue_cleanly(doc in near_valid(request_json())) {
        if let Ok(request) = serde_json::from_value::<ReceiptRequest>(doc) {
            // Whatever passes validation also issues: validation is the whole gate.
            let valid = receipt::validate(&request, config()).is_ok();
            let issued = receipt::issue(&request, config(), "r".into(), OffsetDateTime::UNIX_EPOCH);
            prop_assert_eq!(valid, issued.is_ok());
        }
    }

    #[test]
    fn near_valid_configurations_and_decisions_never_panic(
        config_doc in near_valid(serde_json::from_str(include_str!("../../../config/site.json")).expect("json")),
        decision_doc in near_valid(
            serde_json::to_value(Decision::accept_all(config(), Language::SV, OffsetDateTime::UNIX_EPOCH)).expect("json")
        ),
    ) {
        // A changed configuration either parses to one that passes its own checks, or is refused.
        if let Ok(parsed) = SiteConfig::parse("near.json", &config_doc.to_string()) {
            prop_assert!(!parsed.categories.is_empty());
        }
        let _ = Decision::from_stored(&decision_doc.to_string(), config(), OffsetDateTime::UNIX_EPOCH);
    }

    #[test]
    fn signed_receipts_verify(receipt in receipt()) {
        let signed = receipt::sign(&receipt, &key()).expect("signs");
        prop_assert_eq!(verify(&signed, &key_set()), Ok("test-key".to_owned()));
        // As stored and served: its JCS text verifies when parsed strictly.
        let text = samtycke_receipts::canonical::to_canonical_string(&signed);
        prop_assert_eq!(samtycke_receipts::verify_json(&text, &key_set()), Ok("test-key".to_owned()));
    }

    #[test]
    fn changing_any_field_breaks_the_signature(
        receipt in receipt(),
        pick in any::<prop::sample::Index>(),
    ) {
        let signed = receipt::sign(&receipt, &key()).expect("signs");
        let mut paths = Vec::new();
        leaves(&signed, &mut Vec::new(), &mut paths);
        paths.retain(|p| p[0] != "signature");
        let path = pick.get(&paths).clone();
        let mut tampered = signed.clone();
        let leaf = leaf_mut(&mut tampered, &path);
        *leaf = mutate(leaf);
        prop_assert_eq!(
            verify(&tampered, &key_set()),
            Err(VerifyError::Mismatch),
            "changed {:?}",
            path
        );
    }

    #[test]
    fn signed_receipt_parse_serialize_round_trips(receipt in receipt()) {
        let signed = receipt::sign(&receipt, &key()).expect("signs");
        let parsed: SignedReceipt = serde_json::from_value(signed.clone()).expect("parses");
        prop_assert_eq!(&parsed.receipt, &receipt);
        prop_assert_eq!(serde_json::to_value(&parsed).expect("serializes"), signed);
    }

    #[test]
    fn decision_parse_serialize_round_trips(
        analytics in any::<bool>(),
        language in language(),
        at in instant(),
    ) {
        let config = config();
        let granted: &[&str] = if analytics { &["analytics"] } else { &[] };
        let decision = Decision::custom(config, granted, language, at);
        let text = serde_json::to_string(&decision).expect("serializes");
        prop_assert_eq!(Decision::from_stored(&text, config, at), Some(decision));
    }

    #[test]
    fn arbitrary_stored_text_never_panics(text in ".*") {
        let _ = Decision::from_stored(&text, config(), OffsetDateTime::UNIX_EPOCH);
        let _ = SiteConfig::parse("fuzz.json", &text);
    }
}
