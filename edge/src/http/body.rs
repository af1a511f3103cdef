//! Request bodies: content type checked, size capped, then parsed as JSON or a form.

use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use worker::Request;

use crate::http::error::ApiError;

/// Largest request body accepted, in bytes.
pub(crate) const MAX_BODY_BYTES: usize = 16 * 1024;

/// Read a JSON body, answering 415 (not JSON), 413 (too large) or 400 (malformed).
pub(crate) async fn read_json<T: DeserializeOwned>(req: &mut Request) -> Result<T, ApiError> {
    let bytes = read_capped(req, "application/json", MAX_BODY_BYTES).await?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))
}

/// Read an HTML form body (`application/x-www-form-urlencoded`) as name–value pairs,
/// answering 415 or 413 like [`read_json`].
pub(crate) async fn read_form(req: &mut Request) -> Result<Vec<(String, String)>, ApiError> {
    let bytes = read_capped(req, "application/x-www-form-urlencoded", MAX_BODY_BYTES).await?;
    Ok(url::form_urlencoded::parse(&bytes).into_owned().collect())
}

/// The raw body if it is of `media_type` and at most `cap` bytes long.
pub(crate) async fn read_capped(
    req: &mut Request,
    media_type: &str,
    cap: usize,
) -> Result<Vec<u8>, ApiError> {
    let content_type = req.headers().get("Content-Type")?.unwrap_or_default();
    let sent = content_type.split(';').next().unwrap_or("").trim();
    if !sent.eq_ignore_ascii_case(media_type) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let declared = req
        .headers()
        .get("Content-Length")?
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > cap) {
        return Err(ApiError::PayloadTooLarge(cap));
    }
    // Counted while it streams: a chunked body with no (or a false) length is refused as soon
    // as it passes the cap, not after it was read whole.
    let Ok(mut stream) = req.stream() else {
        return Ok(Vec::new());
    };
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        if bytes.len() + chunk.len() > cap {
            return Err(ApiError::PayloadTooLarge(cap));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}
