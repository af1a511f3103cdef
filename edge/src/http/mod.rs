//! What every route shares: reading a request's body, the JSON errors, CORS, the security
//! headers, rate limits, the static assets and the health check.

pub(crate) mod assets;
pub(crate) mod body;
pub(crate) mod cors;
pub(crate) mod error;
pub(crate) mod health;
pub(crate) mod rate_limit;
pub(crate) mod security;
