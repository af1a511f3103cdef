//! Who is calling: a patient's OpenID Connect login with e-legitimation (ID tokens, their
//! RS256 and Ed25519 signatures), the sealed session cookie after it, RFC 9421 HTTP message
//! signatures of care systems and recipients, and the maintainers' admin token.
//!
//! Depends on `samtycke-visitor`, `samtycke-receipts` (keys) and `samtycke-care` (identity
//! numbers); never on policy. The browser app must not link it.

pub mod admin;
pub mod http_signature;
pub mod oidc;
pub mod session;
