//! `POST /consent`: the banner's and the settings page's plain HTML form, for visitors
//! without JavaScript.
//!
//! Records a receipt (method `no-js`) under the site's configuration, sets the consent cookie,
//! and sends the visitor back where they came from with `303 See Other`.

use consent::same_site::{Provenance, from_own_pages};
use consent::{Decision, Language, Method, ReceiptRequest};
use worker::{Headers, Request, Response, RouteContext};

use crate::error::{ApiError, respond};
use crate::{bindings, body, receipts, runtime, sites};

/// Handle the form: `choice` (`accept-all` | `reject-all` | `custom` with one `granted` per
/// category), `lang`, `return` (a local path).
pub(crate) async fn submit(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(submit_inner(req, ctx).await)
}

async fn submit_inner(mut req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    // A foreign page must not record a decision (or set the cookie) for a visitor.
    let headers = req.headers();
    let (fetch_site, origin, referer) = (
        headers.get("Sec-Fetch-Site")?,
        headers.get("Origin")?,
        headers.get("Referer")?,
    );
    let provenance = Provenance {
        sec_fetch_site: fetch_site.as_deref(),
        origin: origin.as_deref(),
        referer: referer.as_deref(),
    };
    if !from_own_pages(provenance, &req.url()?.origin().ascii_serialization()) {
        return Err(ApiError::CrossOrigin);
    }
    let config = sites::for_request(&req, &ctx.env).await?;
    let form = body::read_form(&mut req).await?;
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let language = match field("lang") {
        Some("en") => Language::En,
        _ => Language::Sv,
    };
    let now = runtime::now();
    let mut decision = match field("choice") {
        Some("accept-all") => Decision::accept_all(&config, language, now),
        Some("reject-all") => Decision::reject_all(&config, language, now),
        Some("custom") => {
            let granted: Vec<&str> = form
                .iter()
                .filter(|(k, _)| k == "granted")
                .map(|(_, v)| v.as_str())
                .collect();
            if let Some(unknown) = granted.iter().find(|id| config.category(id).is_none()) {
                return Err(ApiError::BadRequest {
                    code: "unknown_category",
                    message: format!("`{unknown}` is not a category of this site"),
                });
            }
            Decision::custom(&config, &granted, language, now)
        }
        _ => {
            return Err(ApiError::BadRequest {
                code: "invalid_choice",
                message: "choice must be accept-all, reject-all or custom".into(),
            });
        }
    };
    decision.method = Method::NoJs;
    crate::rate_limit::spend_for(&req, &ctx.env, crate::rate_limit::Budget::Writes).await?;

    let request = ReceiptRequest {
        // A key of its own, kept nowhere: without JavaScript there is no storage to hold it.
        visitor_key: consent::visitor::key_from_uuid(&runtime::random_uuid()),
        choices: decision.choices.clone(),
        method: Method::NoJs,
        language,
        revision: decision.revision,
        previous_receipt_id: None,
    };
    let (receipt, body) = receipts::issue_signed(&request, &config, &ctx)?;
    receipts::append(&bindings::db(&ctx.env)?, &receipt, &body, None).await?;

    let headers = Headers::new();
    headers.set("Location", &local_path(field("return")))?;
    headers.set("Set-Cookie", &decision.cookie_assignment(&config))?;
    Ok(Response::empty()?.with_status(303).with_headers(headers))
}

/// The `return` field if it is a path on this site, else `/`: never an open redirect.
pub(crate) fn local_path(value: Option<&str>) -> String {
    match value {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(char::is_control) =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}
