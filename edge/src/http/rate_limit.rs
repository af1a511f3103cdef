//! Rate limits where an anonymous caller makes the edge work: receipt writes, logins and
//! refused calls to the admin routes, each counted per client (IPv4 address or IPv6 /64, see
//! [`samtycke_visitor::client_key`]) by a Workers rate-limiting binding.

use worker::{Env, Request};

use crate::http::error::ApiError;

/// Which budget a request spends.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Budget {
    /// Receipts and the no-JavaScript form (`WRITE_LIMIT`).
    Writes,
    /// `/auth/login` and `/auth/callback`: each costs calls to the e-ID provider (`AUTH_LIMIT`).
    Logins,
    /// Refused requests to `/admin` and `/api/admin/*` (`ADMIN_LIMIT`).
    Admin,
}

impl Budget {
    fn binding(self) -> &'static str {
        match self {
            Self::Writes => "WRITE_LIMIT",
            Self::Logins => "AUTH_LIMIT",
            Self::Admin => "ADMIN_LIMIT",
        }
    }
}

/// The client's limiter key from the address Cloudflare reports; never stored.
pub(crate) fn client_key(req: &Request) -> Result<String, ApiError> {
    let address = req
        .headers()
        .get("CF-Connecting-IP")?
        .unwrap_or_else(|| "unknown".into());
    Ok(samtycke_visitor::client_key::limiter_key(&address))
}

/// Spend one unit of `budget` for `client`; 429 `too_many_requests` when it is used up.
pub(crate) async fn spend(env: &Env, budget: Budget, client: String) -> Result<(), ApiError> {
    let outcome = env.rate_limiter(budget.binding())?.limit(client).await?;
    if outcome.success {
        Ok(())
    } else {
        Err(ApiError::TooManyRequests)
    }
}

/// [`spend`] for the request's own client.
pub(crate) async fn spend_for(req: &Request, env: &Env, budget: Budget) -> Result<(), ApiError> {
    spend(env, budget, client_key(req)?).await
}
