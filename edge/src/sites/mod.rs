//! Which site a request is for. One deployment serves many sites: each site's configuration
//! is published (validated) into the `SITES` KV namespace under `host:<hostname>` for every
//! host it is served on and `site:<id>` for embed mode, and read here without a rebuild. A
//! host with no published site is Samtycke's own, with the configuration compiled in.

pub(crate) mod page_stream;
pub(crate) mod proxy;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use samtycke_visitor::SiteConfig;
use worker::{Context, Env, Request};

use crate::bindings;
use crate::http::error::ApiError;

/// A site's configuration, shared by the requests of one isolate.
pub(crate) type Site = Rc<SiteConfig>;

/// Where Samtycke's own routes live on a site it sits in front of.
pub(crate) const OWN_PREFIX: &str = "/_samtycke";

/// How long an isolate keeps a published configuration before reading it again, by default.
const DEFAULT_TTL_SECONDS: f64 = 10.0;

thread_local! {
    /// `KV key → (read at, configuration or none)`, per isolate.
    static CACHE: RefCell<HashMap<String, (f64, Option<Site>)>> = RefCell::new(HashMap::new());
    static BUNDLED: RefCell<Option<Site>> = const { RefCell::new(None) };
}

/// The `host[:port]` a request was sent to.
pub(crate) fn request_host(req: &Request) -> Result<String, ApiError> {
    let url = req.url()?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    Ok(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// The language the visitor's browser asks for (`Accept-Language`), among the site's, if
/// it asks for one of them; `asked` (an explicit choice, or a list the page sent, most
/// preferred first, comma-separated) goes before it.
pub(crate) fn visitor_language(
    req: &Request,
    config: &SiteConfig,
    asked: &str,
) -> Option<samtycke_visitor::Language> {
    let accept = req
        .headers()
        .get("Accept-Language")
        .ok()
        .flatten()
        .unwrap_or_default();
    samtycke_visitor::language::preferred(
        asked
            .split(',')
            .chain(samtycke_visitor::language::accept_language(&accept)),
        &config.languages,
    )
}

/// The site published for this request's host, or `None` on Samtycke's own host.
pub(crate) async fn published_for(req: &Request, env: &Env) -> Result<Option<Site>, ApiError> {
    let host = request_host(req)?;
    published(env, &format!("host:{host}"), Reread::Before).await
}

/// [`published_for`] for the fetch event itself: past its cache time, the isolate's copy still
/// answers and KV is read again after the response, kept alive by `ctx` (stale while
/// revalidate), so only an isolate's first request for a host waits on KV.
pub(crate) async fn published_for_event(
    req: &Request,
    env: &Env,
    ctx: &Context,
) -> Result<Option<Site>, ApiError> {
    let host = request_host(req)?;
    published(env, &format!("host:{host}"), Reread::After(ctx)).await
}

/// The site published under `id` (embed mode's `data-site`).
pub(crate) async fn published_by_id(env: &Env, id: &str) -> Result<Option<Site>, ApiError> {
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Ok(None);
    }
    published(env, &format!("site:{id}"), Reread::Before).await
}

/// The site whose pages at `origin` embed the banner (published under `origin:<origin>`).
pub(crate) async fn published_by_origin(env: &Env, origin: &str) -> Result<Option<Site>, ApiError> {
    if origin.len() > 255 || !origin.bytes().all(|b| b.is_ascii_graphic()) {
        return Ok(None);
    }
    published(env, &format!("origin:{origin}"), Reread::Before).await
}

/// The configuration a request is answered under: its host's published site; else, for a
/// call from a page that embeds the banner, that page's site; else the compiled-in one.
pub(crate) async fn for_request(req: &Request, env: &Env) -> Result<Site, ApiError> {
    if let Some(site) = published_for(req, env).await? {
        return Ok(site);
    }
    if let Some(origin) = req.headers().get("Origin")?
        && let Some(site) = published_by_origin(env, &origin).await?
    {
        return Ok(site);
    }
    bundled()
}

/// The configuration compiled into this build, as a [`Site`].
pub(crate) fn bundled() -> Result<Site, ApiError> {
    if let Some(site) = BUNDLED.with(|b| b.borrow().clone()) {
        return Ok(site);
    }
    let site = Rc::new(bindings::config()?.clone());
    BUNDLED.with(|b| *b.borrow_mut() = Some(Rc::clone(&site)));
    Ok(site)
}

/// When a cached configuration past its cache time is read again.
enum Reread<'a> {
    /// Now, before answering.
    Before,
    /// After the response (the fetch event's `ctx` keeps the read alive), answering with the
    /// isolate's copy meanwhile.
    After(&'a Context),
}

async fn published(env: &Env, key: &str, reread: Reread<'_>) -> Result<Option<Site>, ApiError> {
    let now = js_sys::Date::now() / 1000.0;
    let ttl = bindings::site_config_ttl_seconds(env).unwrap_or(DEFAULT_TTL_SECONDS);
    if let Some((at, site)) = CACHE.with(|c| c.borrow().get(key).cloned()) {
        if now - at < ttl {
            return Ok(site);
        }
        if let Reread::After(ctx) = reread {
            // Counted as read now, so the requests of a burst start one read between them.
            CACHE.with(|c| c.borrow_mut().insert(key.to_owned(), (now, site.clone())));
            let (env, key) = (env.clone(), key.to_owned());
            ctx.wait_until(async move {
                if let Err(e) = read(&env, &key, now).await {
                    // Forgotten: the next request reads it before answering and meets the error.
                    CACHE.with(|c| c.borrow_mut().remove(&key));
                    worker::console_error!("rereading {key}: {e}");
                }
            });
            return Ok(site);
        }
    }
    read(env, key, now).await
}

/// Read `key` from the `SITES` namespace into the isolate's cache, as at `now`.
async fn read(env: &Env, key: &str, now: f64) -> Result<Option<Site>, ApiError> {
    let Some(store) = bindings::sites(env) else {
        return Ok(None);
    };
    let text = store
        .get(key)
        .text()
        .await
        .map_err(|e| ApiError::Internal(format!("reading site configuration: {e}")))?;
    let site = match text {
        None => None,
        // Published configurations were validated by `samtycke-check`; one that no longer
        // parses (a newer format) is refused loudly rather than served half-understood.
        Some(text) => Some(Rc::new(samtycke_receipts::receipt::hashed(
            SiteConfig::parse(key, &text)
                .map_err(|e| ApiError::Internal(format!("published site configuration: {e}")))?,
        ))),
    };
    CACHE.with(|c| c.borrow_mut().insert(key.to_owned(), (now, site.clone())));
    Ok(site)
}
