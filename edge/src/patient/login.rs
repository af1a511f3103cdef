//! `/auth/*`: logging patients in with e-legitimation through the OpenID Connect provider
//! (authorization code flow with PKCE, `state` and `nonce`), and logging them out.
//!
//! Failures send the browser back to the patient pages with a short reason code
//! (`/intyg?inloggning=…`) for the app to explain; the detail goes to the log, without the
//! person's number.

use samtycke_auth::oidc::{self, Expected, PendingLogin};
use samtycke_auth::session::Session;
use samtycke_care::patient::subject_id;
use worker::{Headers, Request, Response, RouteContext};

use crate::http::error::{ApiError, respond};
use crate::http::rate_limit::{self, Budget};
use crate::patient::session::{LOGIN_COOKIE, SESSION_COOKIE, cleared, cookie, read_cookie};
use crate::{bindings, patient::identity_provider, patient::session, runtime};

/// Where patients land after logging in or out.
const PATIENT_HOME: &str = "/intyg";

fn redirect_uri(req: &Request) -> Result<String, ApiError> {
    Ok(format!(
        "{}/auth/callback",
        req.url()?.origin().ascii_serialization()
    ))
}

fn redirect(location: &str, cookies: &[String]) -> Result<Response, ApiError> {
    let headers = Headers::new();
    headers.set("Location", location)?;
    for c in cookies {
        headers.append("Set-Cookie", c)?;
    }
    Ok(Response::empty()?.with_status(303).with_headers(headers))
}

/// `GET /auth/login`: start a login and send the browser to the e-ID provider (or back to
/// the patient pages with the reason, if the provider cannot be reached).
pub(crate) async fn start(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(start_inner(req, ctx).await.or_else(|error| {
        worker::console_warn!("login could not start: {error}");
        redirect(
            &format!("{PATIENT_HOME}?inloggning={}", reason(&error)),
            &[],
        )
    }))
}

async fn start_inner(req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    rate_limit::spend_for(&req, &ctx.env, Budget::Logins).await?;
    let settings = bindings::oidc(&ctx.env)?;
    let key = bindings::session_key(&ctx.env)?;
    let meta = identity_provider::metadata(&settings).await?;
    let login = PendingLogin::new(&runtime::random_bytes()?, runtime::now_secs());
    let url = login.authorization_url(
        &meta,
        &settings.client_id,
        &redirect_uri(&req)?,
        settings.required_acr.as_deref(),
    );
    let pending = cookie(
        LOGIN_COOKIE,
        &session::seal(&key, LOGIN_COOKIE, &login)?,
        oidc::LOGIN_TIMEOUT_SECS,
    );
    redirect(&url, &[pending])
}

/// Why a login did not complete, as the app explains it.
fn reason(error: &ApiError) -> &'static str {
    match error {
        ApiError::BadRequest {
            code: "access_denied",
            ..
        } => "avbruten",
        ApiError::BadRequest {
            code: "assurance_too_low",
            ..
        } => "for-lag-tillitsniva",
        ApiError::TooManyRequests => "for-manga",
        ApiError::LoginRequired(_) => "for-gammal",
        ApiError::IdentityProvider(_) => "ej-tillganglig",
        _ => "misslyckad",
    }
}

/// `GET /auth/callback`: the provider's answer. Checks everything, then starts the session.
pub(crate) async fn callback(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let outcome = callback_inner(&req, &ctx).await;
    respond(outcome.or_else(|error| {
        worker::console_warn!("login failed: {error}");
        redirect(
            &format!("{PATIENT_HOME}?inloggning={}", reason(&error)),
            &[cleared(LOGIN_COOKIE)],
        )
    }))
}

async fn callback_inner(req: &Request, ctx: &RouteContext<()>) -> Result<Response, ApiError> {
    rate_limit::spend_for(req, &ctx.env, Budget::Logins).await?;
    let url = req.url()?;
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    if let Some(error) = param("error") {
        let code = if error == "access_denied" {
            "access_denied"
        } else {
            "provider_error"
        };
        return Err(ApiError::BadRequest {
            code,
            message: format!(
                "the provider answered {}",
                samtycke_visitor::log_text::quoted(&error)
            ),
        });
    }
    let key = bindings::session_key(&ctx.env)?;
    let now = runtime::now_secs();
    let login: PendingLogin = read_cookie(req, LOGIN_COOKIE)?
        .and_then(|value| key.open(LOGIN_COOKIE, &value).ok())
        .ok_or_else(|| ApiError::LoginRequired("no login in progress".into()))?;
    login
        .check_callback(&param("state").unwrap_or_default(), now)
        .map_err(|e| ApiError::LoginRequired(e.to_string()))?;
    let code = param("code").ok_or_else(|| ApiError::BadRequest {
        code: "missing_code",
        message: "the provider sent no code".into(),
    })?;
    spend_login(ctx, &login).await?;

    let settings = bindings::oidc(&ctx.env)?;
    let meta = identity_provider::metadata(&settings).await?;
    let id_token = identity_provider::exchange_code(
        &settings,
        &meta,
        &code,
        &redirect_uri(req)?,
        &login.verifier,
    )
    .await?;
    let expected = Expected {
        issuer: &settings.issuer,
        client_id: &settings.client_id,
        nonce: Some(&login.nonce),
        now,
        // The e-ID login must be this one, not an earlier person's still-open session.
        authenticated_since: Some(login.started),
        acr: settings.required_acr.as_deref(),
    };
    let claims = identity_provider::verify(&id_token, &meta.jwks_uri, &expected).await?;
    let number = oidc::identity_number(&claims, &settings.identity_claim)?;
    let subject = subject_id(bindings::identity_pepper(&ctx.env)?.as_bytes(), &number);
    let session = Session::start(
        subject,
        oidc::display_name(&claims),
        number.as_str().to_owned(),
        runtime::now_millis(),
    );
    redirect(
        PATIENT_HOME,
        &[
            cleared(LOGIN_COOKIE),
            cookie(
                SESSION_COOKIE,
                &session::seal(&key, SESSION_COOKIE, &session)?,
                session.max_age(now),
            ),
        ],
    )
}

/// Mark this login's `state` used, once: a replayed callback (same cookie, same code) is
/// refused here and never reaches the provider's token endpoint a second time.
async fn spend_login(ctx: &RouteContext<()>, login: &PendingLogin) -> Result<(), ApiError> {
    let result = bindings::db(&ctx.env)?
        .prepare(
            "INSERT INTO spent_logins (state_hash, started) VALUES (?1, ?2) \
             ON CONFLICT (state_hash) DO NOTHING",
        )
        .bind(&[
            samtycke_receipts::canonical::sha256_tagged(login.state.as_bytes()).into(),
            (login.started as f64).into(),
        ])?
        .run()
        .await?;
    if result.meta()?.and_then(|m| m.changes).unwrap_or(0) == 0 {
        return Err(ApiError::LoginRequired(
            "this login was already completed".into(),
        ));
    }
    Ok(())
}

/// `POST /auth/logout`: end the session (same-origin requests only). The patient's object
/// records the moment, so a copy of the cookie kept elsewhere stops working too.
pub(crate) async fn logout(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let outcome = async {
        session::require_same_origin(&req)?;
        if let Some(patient) = session::presented(&req, &ctx.env)? {
            match crate::patient::object::Client::new(&ctx.env, &patient)?
                .log_out()
                .await
            {
                // Logged out before: the floor already stands.
                Ok(()) | Err(ApiError::LoginRequired(_)) => {}
                Err(e) => return Err(e),
            }
        }
        redirect(PATIENT_HOME, &[cleared(SESSION_COOKIE)])
    };
    respond(outcome.await)
}
