//! Canonical JSON as RFC 8785 (JCS) defines it, and the strict parsing verifiers need.
//!
//! Signatures cover the JCS bytes of a document, so any JCS library in any language can
//! rebuild them. JCS is done by `serde_json_canonicalizer` (sorting by UTF-16 code units,
//! ECMAScript number form), not by hand. Verifiers parse with [`parse_strict`], which refuses
//! a member name given twice: with duplicates, two parsers can read two different documents
//! out of the same signed bytes.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use thiserror::Error;

/// The RFC 8785 serialization of `value`.
pub fn to_canonical_string(value: &Value) -> String {
    // A `Value` holds no non-finite number and no non-string key, the only things JCS
    // cannot write, so serializing one cannot fail.
    serde_json_canonicalizer::to_string(value).unwrap_or_else(|_| unreachable!())
}

/// `sha256:` followed by the lowercase hex SHA-256 of `bytes`.
pub fn sha256_tagged(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("sha256:{}", lower_hex(&sha2::Sha256::digest(bytes)))
}

/// `bytes` as lowercase hex digits.
pub(crate) fn lower_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Why text is not strict JSON.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StrictJsonError {
    /// Not JSON at all, or a member name that appears twice in one object.
    #[error("{0}")]
    Invalid(String),
}

/// Parse JSON, refusing any object that names a member twice (RFC 8785 §3.1, I-JSON).
pub fn parse_strict(text: &str) -> Result<Value, StrictJsonError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = StrictValue
        .deserialize(&mut deserializer)
        .and_then(|v| deserializer.end().map(|()| v))
        .map_err(|e| StrictJsonError::Invalid(e.to_string()))?;
    Ok(value)
}

/// Builds a [`Value`] like serde_json does, but errs on a repeated member name.
struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "member `{key}` appears twice in one object"
                )));
            }
            let value = access.next_value_seed(StrictValue)?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_at_every_level_without_whitespace() {
        let v = json!({"b": 1, "a": {"d": [true, null, "x\"y"], "c": 2.5}});
        assert_eq!(
            to_canonical_string(&v),
            r#"{"a":{"c":2.5,"d":[true,null,"x\"y"]},"b":1}"#
        );
    }

    #[test]
    fn order_of_input_does_not_matter() {
        let a: Value = serde_json::from_str(r#"{"x":1,"y":{"q":1,"p":2}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{ "y": {"p":2, "q":1}, "x": 1 }"#).unwrap();
        assert_eq!(to_canonical_string(&a), to_canonical_string(&b));
    }

    /// RFC 8785 §3.2.3's sorting example: names compare as UTF-16 code units, so the
    /// astral `😀` (surrogates D83D DE00) sorts before `ﬁ` (FB01), unlike code-point order.
    #[test]
    fn member_names_sort_by_utf16_code_units_as_rfc_8785_says() {
        let v: Value = serde_json::from_str(
            r#"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#,
        )
        .unwrap();
        assert_eq!(
            to_canonical_string(&v),
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\
             \"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\
             \"\u{1f600}\":\"Emoji: Grinning Face\",\
             \"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        );
    }

    /// RFC 8785 §3.2.2.3: numbers in their ECMAScript form.
    #[test]
    fn numbers_take_their_ecmascript_form() {
        let v: Value = serde_json::from_str(r#"[1E3, 0.000001, 1e-7, 4.50, -0]"#).unwrap();
        assert_eq!(to_canonical_string(&v), "[1000,0.000001,1e-7,4.5,0]");
    }

    #[test]
    fn a_member_named_twice_is_refused_at_any_depth() {
        for twice in [r#"{"a":1,"a":2}"#, r#"{"x":[{"b":1,"c":2,"b":1}]}"#] {
            let StrictJsonError::Invalid(why) = parse_strict(twice).unwrap_err();
            assert!(why.contains("appears twice"), "{twice}: {why}");
        }
        assert_eq!(
            parse_strict(r#" {"a":[1,{"a":1}],"b":null} "#).unwrap(),
            json!({"a":[1,{"a":1}],"b":null})
        );
        let StrictJsonError::Invalid(why) = parse_strict(r#"{"a":1} x"#).unwrap_err();
        assert!(why.contains("trailing"), "{why}");
        let StrictJsonError::Invalid(why) = parse_strict("").unwrap_err();
        assert!(why.contains("EOF"), "{why}");
    }
}
