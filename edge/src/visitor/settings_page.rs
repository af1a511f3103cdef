//! `GET /installningar` (`/_samtycke/installningar` on a site): the cookie settings as a
//! server-rendered form, so a decision can be changed or withdrawn without JavaScript.

use samtycke_visitor::Decision;
use worker::{Request, Response, RouteContext};

use crate::http::error::{ApiError, respond};
use crate::{runtime, sites};
use samtycke_visitor::consent_form::local_path;

/// The page allows its own stylesheet (and the site's colours, by hash) and form target,
/// nothing else.
fn settings_csp(theme: &str) -> String {
    let theme_hash = if theme.is_empty() {
        String::new()
    } else {
        format!(" {}", samtycke_visitor::csp::hash_source(theme))
    };
    format!(
        "default-src 'none'; style-src 'self'{theme_hash}; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Render the form with the visitor's current decision.
pub(crate) async fn show(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(show_inner(req, ctx).await)
}

async fn show_inner(req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    // On a site the Worker serves, its own routes are under the prefix.
    let (config, api) = match sites::published_for(&req, &ctx.env).await? {
        Some(site) => (site, sites::OWN_PREFIX),
        None => (sites::for_request(&req, &ctx.env).await?, ""),
    };
    let url = req.url()?;
    let query = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let lang = crate::sites::visitor_language(&req, &config, &query("lang").unwrap_or_default())
        .unwrap_or(config.default_language);
    let return_path = local_path(query("return").as_deref());
    let cookies = req.headers().get("Cookie")?.unwrap_or_default();
    let decision = Decision::from_cookies(&cookies, &config, runtime::now());
    let theme = pages::banner::theme_css(&config);
    let html =
        pages::settings_page::render(&config, decision.as_ref(), lang, api, &return_path, &theme)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut response = Response::from_html(html)?;
    let headers = response.headers_mut();
    headers.set("Content-Security-Policy", &settings_csp(&theme))?;
    headers.set("Cache-Control", "private, no-store")?;
    Ok(response)
}

/// `GET /config.json`: the site's configuration, for the banner's app.
pub(crate) async fn config(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(config_inner(req, ctx).await)
}

async fn config_inner(req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let site_id = req
        .url()?
        .query_pairs()
        .find(|(k, _)| k == "site")
        .map(|(_, v)| v.into_owned());
    let by_id = site_id.is_some();
    let config = match site_id {
        Some(id) => sites::published_by_id(&ctx.env, &id)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("no site `{id}` is published")))?,
        None => sites::for_request(&req, &ctx.env).await?,
    };
    let mut response = Response::from_json(&*config)?;
    let headers = response.headers_mut();
    headers.set("Cache-Control", "public, max-age=60")?;
    // Without `?site=`, the host, else the embedding page's `Origin`, picks the site: a
    // shared cache must keep one copy per origin.
    if !by_id {
        headers.append("Vary", "Origin")?;
    }
    Ok(response)
}
