//! The few things the Worker runtime provides that the domain must not reach for itself:
//! the clock, fresh random identifiers, and RSA (WebCrypto), so the Worker carries no RSA code.

use js_sys::{Array, Object, Reflect};
use samtycke_auth::oidc::Rs256;
use time::OffsetDateTime;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

use crate::http::error::ApiError;

/// The current time, from the runtime's clock.
pub(crate) fn now() -> OffsetDateTime {
    samtycke_visitor::instant::from_unix_millis(js_sys::Date::now())
}

/// A random UUID (v4) from the runtime's CSPRNG.
pub(crate) fn random_uuid() -> String {
    js_sys::global()
        .unchecked_into::<web_sys::WorkerGlobalScope>()
        .crypto()
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}

/// The current time in Unix milliseconds.
pub(crate) fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// The current time in Unix seconds.
pub(crate) fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Whether `input`'s RS256 signature (RSASSA-PKCS1-v1_5, SHA-256) verifies, by WebCrypto.
/// A key WebCrypto cannot import (not an RSA public key) verifies nothing.
pub(crate) async fn rs256_verifies(input: &Rs256<'_>) -> Result<bool, ApiError> {
    let subtle = js_sys::global()
        .unchecked_into::<web_sys::WorkerGlobalScope>()
        .crypto()
        .map_err(|_| ApiError::Internal("no WebCrypto in the runtime".into()))?
        .subtle();
    let object = |pairs: &[(&str, &JsValue)]| {
        let object = Object::new();
        for (name, value) in pairs {
            // Setting a plain data property on a fresh object cannot fail.
            let _ = Reflect::set(&object, &(*name).into(), value);
        }
        object
    };
    let jwk = object(&[
        ("kty", &"RSA".into()),
        ("n", &input.n.into()),
        ("e", &input.e.into()),
        ("alg", &"RS256".into()),
    ]);
    let algorithm = object(&[
        ("name", &"RSASSA-PKCS1-v1_5".into()),
        ("hash", &"SHA-256".into()),
    ]);
    let usages = Array::of1(&"verify".into());
    let import = subtle
        .import_key_with_object("jwk", &jwk, &algorithm, false, &usages)
        .map_err(|e| ApiError::Internal(format!("WebCrypto importKey: {e:?}")))?;
    let Ok(key) = JsFuture::from(import).await else {
        return Ok(false);
    };
    let key: CryptoKey = key.unchecked_into();
    let verify = subtle
        .verify_with_object_and_u8_array_and_u8_array(
            &algorithm,
            &key,
            input.signature,
            input.signed,
        )
        .map_err(|e| ApiError::Internal(format!("WebCrypto verify: {e:?}")))?;
    Ok(JsFuture::from(verify)
        .await
        .is_ok_and(|verdict| verdict.as_bool() == Some(true)))
}

/// `N` random bytes from the runtime's CSPRNG.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], ApiError> {
    let mut bytes = [0u8; N];
    js_sys::global()
        .unchecked_into::<web_sys::WorkerGlobalScope>()
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes))
        .map_err(|_| ApiError::Internal("no random numbers from the runtime".into()))?;
    Ok(bytes)
}
