//! Rules for the maintainers' admin API: bearer-token checks and export paging.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Shortest admin token accepted: 32 characters (`openssl rand -hex 24` gives 48), so that
/// guessing it is hopeless even for a caller the rate limit does not slow down.
pub const MIN_TOKEN_LEN: usize = 32;

/// Whether `presented` equals `expected`, in time that does not depend on where they differ
/// (both are hashed first, so not even their lengths leak). An expected token shorter than
/// [`MIN_TOKEN_LEN`] (or unset) never matches.
pub fn token_matches(presented: &str, expected: &str) -> bool {
    if expected.len() < MIN_TOKEN_LEN {
        return false;
    }
    let a = Sha256::digest(presented.as_bytes());
    let b = Sha256::digest(expected.as_bytes());
    a.ct_eq(&b).into()
}

/// The token of an `Authorization: Bearer …` header value.
pub fn bearer(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The token in an `Authorization` header: `Bearer <token>`, or `Basic` with the token as
/// the password (so a browser's login prompt works for the dashboard).
pub fn presented_token(header: &str) -> Option<String> {
    if let Some(token) = bearer(header) {
        return Some(token.to_owned());
    }
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    use base64::Engine;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    text.split_once(':')
        .map(|(_, password)| password.to_owned())
}

/// Most rows one export page holds; keeps the Worker's memory flat at any table size.
pub const MAX_PAGE: u32 = 1000;

/// The page size asked for, clamped to `1..=MAX_PAGE` (default `MAX_PAGE`).
pub fn page_size(asked: Option<&str>) -> u32 {
    asked
        .and_then(|v| v.parse::<u32>().ok())
        .map_or(MAX_PAGE, |n| n.clamp(1, MAX_PAGE))
}

/// Header in which Cloudflare Access passes its signed token to the Worker.
pub const ACCESS_HEADER: &str = "Cf-Access-Jwt-Assertion";

/// Where a Cloudflare Access team publishes its signing keys.
pub fn access_certs_url(team_domain: &str) -> String {
    format!("{}/cdn-cgi/access/certs", team_domain.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_only_exactly() {
        let token = "s3cret-token-of-thirty-two-chars";
        assert!(token_matches(token, token));
        assert!(!token_matches("s3cret-token-of-thirty-two-charS", token));
        assert!(!token_matches("", token));
        assert!(
            !token_matches("", ""),
            "an unset token never opens the door"
        );
    }

    #[test]
    fn a_short_configured_token_never_matches() {
        assert!(!token_matches("s3cret-token", "s3cret-token"));
        let just_long_enough = "a".repeat(MIN_TOKEN_LEN);
        assert!(token_matches(&just_long_enough, &just_long_enough));
    }

    #[test]
    fn bearer_header_is_parsed() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("abc"), None);
    }

    #[test]
    fn basic_password_counts_as_the_token() {
        // "admin:s3cret" in base64.
        assert_eq!(
            presented_token("Basic YWRtaW46czNjcmV0"),
            Some("s3cret".into())
        );
        assert_eq!(presented_token("Bearer s3cret"), Some("s3cret".into()));
        assert_eq!(presented_token("Basic !!!"), None);
        assert_eq!(presented_token("Digest x"), None);
    }

    #[test]
    fn page_size_is_clamped() {
        assert_eq!(page_size(None), 1000);
        assert_eq!(page_size(Some("10")), 10);
        assert_eq!(page_size(Some("0")), 1);
        assert_eq!(page_size(Some("999999")), 1000);
        assert_eq!(page_size(Some("x")), 1000);
    }
}
