//! Signed cookie values: the patient's login session and the short-lived state of a login
//! in progress. HMAC-SHA-256 over the JSON payload with a server-side secret; the browser can
//! read its own session but any change to it is refused.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use thiserror::Error;

/// A session ends after this many seconds without a request.
pub const IDLE_TIMEOUT_SECS: i64 = 15 * 60;

/// A session ends this many seconds after login, however active.
pub const ABSOLUTE_LIMIT_SECS: i64 = 2 * 60 * 60;

/// Shortest secret accepted as a session key.
pub const MIN_KEY_LEN: usize = 32;

/// Why a signed value is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum SessionError {
    /// The session key secret is missing or shorter than [`MIN_KEY_LEN`].
    #[error("the session key must be at least {MIN_KEY_LEN} characters")]
    WeakKey,
    /// Not of the form `payload.signature`, or the payload is not what was signed.
    #[error("the session cookie is malformed")]
    Malformed,
    /// The signature does not match: the value was changed or made elsewhere.
    #[error("the session cookie's signature does not match")]
    BadSignature,
    /// No request for [`IDLE_TIMEOUT_SECS`].
    #[error("the session ended after 15 minutes without activity")]
    Idle,
    /// Past [`ABSOLUTE_LIMIT_SECS`] since login.
    #[error("the session ended; sessions last at most two hours")]
    Expired,
}

/// The secret that signs cookie values.
#[derive(Clone)]
pub struct SessionKey(Vec<u8>);

impl SessionKey {
    /// A key from the configured secret.
    pub fn from_secret(secret: &str) -> Result<Self, SessionError> {
        if secret.len() < MIN_KEY_LEN {
            return Err(SessionError::WeakKey);
        }
        Ok(Self(secret.as_bytes().to_vec()))
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC takes keys of any length.
        Hmac::<Sha256>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!())
    }

    /// `value` as `base64url(json).base64url(hmac)`.
    pub fn seal<T: Serialize>(&self, value: &T) -> String {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap_or_default());
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        let tag = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{payload}.{tag}")
    }

    /// The value sealed in `text`, if its signature matches (compared in constant time).
    pub fn open<T: DeserializeOwned>(&self, text: &str) -> Result<T, SessionError> {
        let (payload, tag) = text.split_once('.').ok_or(SessionError::Malformed)?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| SessionError::Malformed)?;
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        mac.verify_slice(&tag)
            .map_err(|_| SessionError::BadSignature)?;
        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| SessionError::Malformed)?;
        serde_json::from_slice(&json).map_err(|_| SessionError::Malformed)
    }
}

/// A logged-in patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The patient's subject id (keyed hash of the personal identity number).
    pub subject: String,
    /// Name to greet the patient with, from the e-ID.
    pub name: String,
    /// Login time, Unix seconds.
    pub started: i64,
    /// Last request, Unix seconds.
    pub seen: i64,
}

impl Session {
    /// A session starting at `now` (Unix seconds).
    pub fn start(subject: String, name: String, now: i64) -> Self {
        Self {
            subject,
            name,
            started: now,
            seen: now,
        }
    }

    /// The session sealed in a cookie value, if it is genuine and still running at `now`.
    pub fn open(key: &SessionKey, cookie: &str, now: i64) -> Result<Self, SessionError> {
        let session: Session = key.open(cookie)?;
        if now - session.started > ABSOLUTE_LIMIT_SECS {
            return Err(SessionError::Expired);
        }
        if now - session.seen > IDLE_TIMEOUT_SECS {
            return Err(SessionError::Idle);
        }
        Ok(session)
    }

    /// The same session with its idle timer restarted at `now`.
    pub fn touched(mut self, now: i64) -> Self {
        self.seen = now;
        self
    }

    /// Seconds the cookie should live: until the idle or the absolute limit, whichever is first.
    pub fn max_age(&self, now: i64) -> i64 {
        (self.seen + IDLE_TIMEOUT_SECS)
            .min(self.started + ABSOLUTE_LIMIT_SECS)
            .saturating_sub(now)
            .max(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SessionKey {
        SessionKey::from_secret("0123456789abcdef0123456789abcdef").expect("long enough")
    }

    fn session() -> Session {
        Session::start("p_subject".into(), "Tolvan Tolvansson".into(), 1_000)
    }

    #[test]
    fn sealed_session_opens_while_active() {
        let cookie = key().seal(&session());
        assert_eq!(Session::open(&key(), &cookie, 1_000 + 60), Ok(session()));
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(SessionKey::from_secret("short").is_err());
    }

    #[test]
    fn any_change_to_the_cookie_is_refused() {
        let cookie = key().seal(&session());
        let (payload, tag) = cookie.split_once('.').expect("two parts");
        let mut other = session();
        other.subject = "p_someone_else".into();
        let forged = format!(
            "{}.{tag}",
            key().seal(&other).split_once('.').expect("two parts").0
        );
        assert_eq!(
            Session::open(&key(), &forged, 1_000),
            Err(SessionError::BadSignature)
        );
        let flipped = format!(
            "{payload}.{}",
            tag.replace(&tag[..1], if &tag[..1] == "A" { "B" } else { "A" })
        );
        assert_eq!(
            Session::open(&key(), &flipped, 1_000),
            Err(SessionError::BadSignature)
        );
        assert_eq!(
            Session::open(&key(), "garbage", 1_000),
            Err(SessionError::Malformed)
        );
        let other_key = SessionKey::from_secret("another key that is long enough!!").expect("long");
        assert_eq!(
            Session::open(&other_key, &cookie, 1_000),
            Err(SessionError::BadSignature)
        );
    }

    #[test]
    fn idle_and_absolute_limits_end_the_session() {
        let cookie = key().seal(&session());
        assert_eq!(
            Session::open(&key(), &cookie, 1_000 + IDLE_TIMEOUT_SECS + 1),
            Err(SessionError::Idle)
        );
        let busy = key().seal(&session().touched(1_000 + ABSOLUTE_LIMIT_SECS));
        assert!(Session::open(&key(), &busy, 1_000 + ABSOLUTE_LIMIT_SECS).is_ok());
        assert_eq!(
            Session::open(&key(), &busy, 1_000 + ABSOLUTE_LIMIT_SECS + 1),
            Err(SessionError::Expired)
        );
    }

    #[test]
    fn cookie_lifetime_stops_at_the_nearer_limit() {
        assert_eq!(session().max_age(1_000), IDLE_TIMEOUT_SECS);
        let late = session().touched(1_000 + ABSOLUTE_LIMIT_SECS - 60);
        assert_eq!(late.max_age(1_000 + ABSOLUTE_LIMIT_SECS - 60), 60);
    }
}
