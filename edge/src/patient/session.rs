//! The patient's session cookie at the edge: reading it, renewing its idle timer, clearing
//! it, and the `Origin` check every state-changing patient request passes.

use samtycke_auth::session::{Session, SessionKey};
use worker::{Env, Request, Response};

use crate::http::error::ApiError;
use crate::{bindings, runtime};

/// The session cookie and the login in progress: `__Host-`, only ever set by this origin over
/// HTTPS, for every path (named in [`samtycke_visitor::own_storage`] with Samtycke's other cookies).
pub(crate) use samtycke_visitor::own_storage::{LOGIN_COOKIE, SESSION_COOKIE};

/// `Set-Cookie` value for a `__Host-` cookie living `max_age` seconds.
pub(crate) fn cookie(name: &str, value: &str, max_age: i64) -> String {
    format!("{name}={value}; Max-Age={max_age}; Path=/; Secure; HttpOnly; SameSite=Lax")
}

/// `Set-Cookie` value that removes cookie `name`.
pub(crate) fn cleared(name: &str) -> String {
    cookie(name, "", 0)
}

/// The value of cookie `name` in the request, if sent.
pub(crate) fn read_cookie(req: &Request, name: &str) -> Result<Option<String>, ApiError> {
    let header = req.headers().get("Cookie")?.unwrap_or_default();
    Ok(samtycke_visitor::cookie::find_cookie(&header, name).map(str::to_owned))
}

/// The logged-in patient: 401 `login_required` without a genuine, running session.
pub(crate) fn require(req: &Request, env: &Env) -> Result<Session, ApiError> {
    let value = read_cookie(req, SESSION_COOKIE)?
        .ok_or_else(|| ApiError::LoginRequired("no session".into()))?;
    Session::open(
        &bindings::session_key(env)?,
        SESSION_COOKIE,
        &value,
        runtime::now_secs(),
    )
    .map_err(|e| ApiError::LoginRequired(e.to_string()))
}

/// The session in the request's cookie if it is genuine, running or not: logging out records
/// the moment for a session that already idled out too, so no copy of it comes back.
pub(crate) fn presented(req: &Request, env: &Env) -> Result<Option<Session>, ApiError> {
    let Some(value) = read_cookie(req, SESSION_COOKIE)? else {
        return Ok(None);
    };
    Ok(bindings::session_key(env)?
        .open(SESSION_COOKIE, &value)
        .ok())
}

/// `value` sealed for cookie `name` with a fresh nonce.
pub(crate) fn seal<T: serde::Serialize>(
    key: &SessionKey,
    name: &str,
    value: &T,
) -> Result<String, ApiError> {
    Ok(key.seal(name, value, &runtime::random_bytes()?))
}

/// `response` with the session's idle timer restarted.
pub(crate) fn renewed(
    mut response: Response,
    session: Session,
    key: &SessionKey,
) -> Result<Response, ApiError> {
    let now = runtime::now_secs();
    let session = session.touched(now);
    let max_age = session.max_age(now);
    response.headers_mut().append(
        "Set-Cookie",
        &cookie(
            SESSION_COOKIE,
            &seal(key, SESSION_COOKIE, &session)?,
            max_age,
        ),
    )?;
    Ok(response)
}

/// Refuse (403) a state-changing request unless its `Origin` is this site's own.
pub(crate) fn require_same_origin(req: &Request) -> Result<(), ApiError> {
    let origin = req.headers().get("Origin")?;
    let url = req.url()?;
    match origin {
        Some(origin) if origin == url.origin().ascii_serialization() => Ok(()),
        _ => Err(ApiError::CrossOrigin),
    }
}
