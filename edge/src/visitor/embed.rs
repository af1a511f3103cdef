//! Embed mode, for sites not behind Cloudflare: `GET /embed/banner` gives the embed script
//! (`/_samtycke/embed.js`) the banner's markup for one page view of a published site, decided
//! here from the consent cookie the script read on the site's own domain.

use pages::banner::PageView;
use samtycke_visitor::Decision;
use serde_json::json;
use worker::{Request, Response, RouteContext};

use crate::http::error::{ApiError, respond};
use crate::{runtime, sites};
use samtycke_visitor::consent_form::local_path;

/// `?site=<id>&lang=&return=&consent=<cookie value>&gpc=1`:
/// `{"css": …, "html": …, "decided": bool}`.
pub(crate) async fn banner(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(banner_inner(req, ctx).await)
}

async fn banner_inner(req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let url = req.url()?;
    let query = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    let id = query("site");
    let site = sites::published_by_id(&ctx.env, &id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no site `{id}` is published")))?;
    let consent = query("consent");
    if consent.len() > 512 {
        return Err(ApiError::BadRequest {
            code: "invalid_consent",
            message: "the consent cookie value is at most 512 characters".into(),
        });
    }
    let decision = Decision::from_cookie_value(&consent, &site, runtime::now());
    let lang =
        sites::visitor_language(&req, &site, &query("lang")).unwrap_or(site.default_language);
    let own = format!(
        "{}://{}{}",
        url.scheme(),
        sites::request_host(&req)?,
        sites::OWN_PREFIX
    );
    let return_path = local_path(Some(&query("return")));
    let view = PageView {
        config: &site,
        decision: decision.as_ref(),
        api: &own,
        return_path: &return_path,
        gpc: query("gpc") == "1",
    };
    let (css, html) = view.embed_markup(lang);
    let mut response = Response::from_json(&json!({
        "css": css,
        "html": html,
        "decided": decision.is_some(),
    }))?;
    response
        .headers_mut()
        .set("Cache-Control", "private, no-store")?;
    Ok(response)
}
