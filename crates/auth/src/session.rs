//! Sealed cookie values: the patient's login session and the short-lived state of a login
//! in progress. Each value is encrypted and authenticated (XChaCha20-Poly1305, a key derived
//! from a server-side secret, a fresh random nonce per value), with the cookie's name as
//! associated data: nobody holding the cookie can read the patient's name or subject from
//! it, change it, or present the login cookie as the session cookie (or the reverse).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// Bytes of the random nonce each sealed value starts with.
pub const NONCE_LEN: usize = 24;

/// A session ends after this many seconds without a request: as long as its cookie lives,
/// as the notices' cookie table states it.
pub const IDLE_TIMEOUT_SECS: i64 = samtycke_visitor::own_storage::SESSION_IDLE_SECS;

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
    /// Not base64url of a nonce and a ciphertext, or the content is not what was sealed.
    #[error("the session cookie is malformed")]
    Malformed,
    /// It does not open: changed, made with another key, or sealed for another cookie.
    #[error("the session cookie's signature does not match")]
    BadSignature,
    /// No request for [`IDLE_TIMEOUT_SECS`].
    #[error("the session ended after 15 minutes without activity")]
    Idle,
    /// Past [`ABSOLUTE_LIMIT_SECS`] since login.
    #[error("the session ended; sessions last at most two hours")]
    Expired,
}

/// The key that seals cookie values, derived from the configured secret.
#[derive(Clone)]
pub struct SessionKey(XChaCha20Poly1305);

impl SessionKey {
    /// A key from the configured secret.
    pub fn from_secret(secret: &str) -> Result<Self, SessionError> {
        if secret.len() < MIN_KEY_LEN {
            return Err(SessionError::WeakKey);
        }
        let key = Sha256::new()
            .chain_update(b"samtycke/cookie-key/1\0")
            .chain_update(secret.as_bytes())
            .finalize();
        Ok(Self(XChaCha20Poly1305::new(&key)))
    }

    /// `value` sealed for the cookie `name`: `base64url(nonce ‖ ciphertext ‖ tag)`.
    /// `nonce` must be fresh random bytes.
    pub fn seal<T: Serialize>(&self, name: &str, value: &T, nonce: &[u8; NONCE_LEN]) -> String {
        let plain = serde_json::to_vec(value).unwrap_or_default();
        let payload = Payload {
            msg: &plain,
            aad: name.as_bytes(),
        };
        // Encryption fails only for messages beyond 256 GiB.
        let sealed = self
            .0
            .encrypt(XNonce::from_slice(nonce), payload)
            .unwrap_or_default();
        let mut bytes = Vec::with_capacity(NONCE_LEN + sealed.len());
        bytes.extend_from_slice(nonce);
        bytes.extend_from_slice(&sealed);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The value sealed in `text` for the cookie `name`, if it opens.
    pub fn open<T: DeserializeOwned>(&self, name: &str, text: &str) -> Result<T, SessionError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| SessionError::Malformed)?;
        if bytes.len() < NONCE_LEN + 16 {
            return Err(SessionError::Malformed);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let payload = Payload {
            msg: sealed,
            aad: name.as_bytes(),
        };
        let plain = self
            .0
            .decrypt(XNonce::from_slice(nonce), payload)
            .map_err(|_| SessionError::BadSignature)?;
        serde_json::from_slice(&plain).map_err(|_| SessionError::Malformed)
    }
}

/// A logged-in patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The patient's subject id (keyed hash of the personal identity number).
    pub subject: String,
    /// Name to greet the patient with, from the e-ID.
    pub name: String,
    /// The personal identity number from the e-ID. The cookie is sealed, so only the Worker
    /// reads it: it asks the care providers for the patient's certificates when the patient
    /// consents. Nothing stores it.
    pub identity_number: String,
    /// Login time, Unix seconds.
    pub started: i64,
    /// Login time, Unix milliseconds: what a logout is compared with, so a login in the same
    /// second as a logout is not taken for one from before it.
    pub started_ms: i64,
    /// Last request, Unix seconds.
    pub seen: i64,
}

impl Session {
    /// A session starting at `now_ms` (Unix milliseconds).
    pub fn start(subject: String, name: String, identity_number: String, now_ms: i64) -> Self {
        let now = now_ms.div_euclid(1000);
        Self {
            subject,
            name,
            identity_number,
            started: now,
            started_ms: now_ms,
            seen: now,
        }
    }

    /// The session sealed in the value of cookie `name`, if it is genuine and still running
    /// at `now`.
    pub fn open(
        key: &SessionKey,
        name: &str,
        cookie: &str,
        now: i64,
    ) -> Result<Self, SessionError> {
        let session: Session = key.open(name, cookie)?;
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
        Session::start(
            "p_subject".into(),
            "Tolvan Tolvansson".into(),
            "191212121212".into(),
            1_000_250,
        )
    }

    const NAME: &str = "__Host-samtycke-session";

    fn seal(session: &Session) -> String {
        key().seal(NAME, session, &[7; NONCE_LEN])
    }

    #[test]
    fn sealed_session_opens_while_active() {
        let cookie = seal(&session());
        assert_eq!(
            Session::open(&key(), NAME, &cookie, 1_000 + 60),
            Ok(session())
        );
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(matches!(
            SessionKey::from_secret("short"),
            Err(SessionError::WeakKey)
        ));
    }

    #[test]
    fn the_cookie_shows_neither_name_nor_subject() {
        let cookie = seal(&session());
        let bytes = URL_SAFE_NO_PAD.decode(&cookie).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Tolvan") && !text.contains("p_subject"),
            "{text}"
        );
        // A fresh nonce gives a different value for the same session.
        assert_ne!(cookie, key().seal(NAME, &session(), &[8; NONCE_LEN]));
    }

    #[test]
    fn a_value_sealed_for_one_cookie_does_not_open_as_another() {
        let login_value = key().seal("__Host-samtycke-login", &session(), &[7; NONCE_LEN]);
        assert_eq!(
            Session::open(&key(), NAME, &login_value, 1_000),
            Err(SessionError::BadSignature)
        );
    }

    #[test]
    fn any_change_to_the_cookie_is_refused() {
        let cookie = seal(&session());
        let mut bytes = URL_SAFE_NO_PAD.decode(&cookie).unwrap();
        for at in [0, NONCE_LEN, bytes.len() - 1] {
            bytes[at] ^= 1;
            let flipped = URL_SAFE_NO_PAD.encode(&bytes);
            assert_eq!(
                Session::open(&key(), NAME, &flipped, 1_000),
                Err(SessionError::BadSignature),
                "byte {at}"
            );
            bytes[at] ^= 1;
        }
        assert_eq!(
            Session::open(&key(), NAME, "garbage!", 1_000),
            Err(SessionError::Malformed)
        );
        assert_eq!(
            Session::open(&key(), NAME, "c2hvcnQ", 1_000),
            Err(SessionError::Malformed)
        );
        let other_key = SessionKey::from_secret("another key that is long enough!!").expect("long");
        assert_eq!(
            Session::open(&other_key, NAME, &cookie, 1_000),
            Err(SessionError::BadSignature)
        );
    }

    #[test]
    fn idle_and_absolute_limits_end_the_session() {
        let cookie = seal(&session());
        assert_eq!(
            Session::open(&key(), NAME, &cookie, 1_000 + IDLE_TIMEOUT_SECS + 1),
            Err(SessionError::Idle)
        );
        let busy = seal(&session().touched(1_000 + ABSOLUTE_LIMIT_SECS));
        assert!(Session::open(&key(), NAME, &busy, 1_000 + ABSOLUTE_LIMIT_SECS).is_ok());
        assert_eq!(
            Session::open(&key(), NAME, &busy, 1_000 + ABSOLUTE_LIMIT_SECS + 1),
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
