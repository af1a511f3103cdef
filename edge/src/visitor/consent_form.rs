//! `POST /consent`: the banner's and the settings page's plain HTML form, for visitors
//! without JavaScript.
//!
//! Records a receipt (method `no-js`) under the site's configuration, sets the consent cookie,
//! and sends the visitor back where they came from with `303 See Other`.

use samtycke_visitor::Method;
use samtycke_visitor::consent_form::{FormAnswer, FormError};
use samtycke_visitor::same_site::{Provenance, from_own_pages};
use samtycke_wire::ReceiptRequest;
use worker::{Headers, Request, Response, RouteContext};

use crate::http::error::{ApiError, respond};
use crate::receipts::api::{Recorded, record};
use crate::{http::body, runtime, sites};

/// Handle the form: `choice` (`accept-all` | `reject-all` | `custom` with one `granted` per
/// category), `lang`, `return` (a local path).
pub(crate) async fn submit(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(submit_inner(req, ctx).await)
}

/// Refuse a form posted from anywhere but the site's own pages.
pub(crate) fn require_own_page(req: &Request) -> Result<(), ApiError> {
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
    if from_own_pages(provenance, &req.url()?.origin().ascii_serialization()) {
        Ok(())
    } else {
        Err(ApiError::CrossOrigin)
    }
}

async fn submit_inner(mut req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    // A foreign page must not record a decision (or set the cookie) for a visitor.
    require_own_page(&req)?;
    let config = sites::for_request(&req, &ctx.env).await?;
    let form = body::read_form(&mut req).await?;
    let now = runtime::now();
    let cookies = req.headers().get("Cookie")?.unwrap_or_default();
    let current = samtycke_visitor::Decision::from_cookies(&cookies, &config, now);
    let answer = samtycke_visitor::consent_form::read(&form, &config, current.as_ref(), now)
        .map_err(|e| ApiError::BadRequest {
            code: match e {
                FormError::UnknownCategory(_) => "unknown_category",
                FormError::InvalidChoice => "invalid_choice",
                FormError::MissingCategory => "missing_category",
            },
            message: e.to_string(),
        })?;
    let FormAnswer {
        decision,
        language,
        return_path,
    } = answer;
    crate::http::rate_limit::spend_for(&req, &ctx.env, crate::http::rate_limit::Budget::Writes)
        .await?;

    let request = ReceiptRequest {
        // A key of its own, kept nowhere: without JavaScript there is no storage to hold it.
        visitor_key: samtycke_visitor::visitor_key::key_from_uuid(&runtime::random_uuid()),
        choices: decision.choices.clone(),
        method: Method::NoJs,
        language,
        revision: decision.revision,
        previous_receipt_id: None,
    };
    let receipt_id = match record(&ctx.env, &req, &request, &config, None).await? {
        Recorded::New { receipt_id, .. } => receipt_id,
        // A fresh key has no earlier receipt whose request could be replayed.
        Recorded::Replayed(_) => {
            return Err(ApiError::Internal(
                "the no-JavaScript receipt was not stored".into(),
            ));
        }
    };

    let headers = Headers::new();
    headers.set("Location", &return_path)?;
    // The receipt's id, for the visitor's tools (no script on the page can keep it).
    headers.set("Samtycke-Receipt", &receipt_id)?;
    headers.set("Set-Cookie", &decision.cookie_assignment(&config, now))?;
    Ok(Response::empty()?.with_status(303).with_headers(headers))
}
