//! The app's static files (`dist/`), served through the `ASSETS` binding on Samtycke's own
//! host and under `/_samtycke/` on the sites it serves, so that every request reaches the
//! Worker first (a site's own paths must never be answered from Samtycke's files).

use std::cell::RefCell;
use std::rc::Rc;

use worker::{Env, Headers, Request, Response, Result};

use crate::bindings;

/// One of Samtycke's own pages as the assets hold it: its headers (those of the asset, less
/// its validators: the Worker's answer differs by cookie and language) and its HTML.
#[derive(Debug)]
pub(crate) struct OwnPage {
    headers: Headers,
    /// The page's HTML.
    pub(crate) html: String,
}

impl OwnPage {
    /// A copy of the page's headers, to add to or change before answering.
    pub(crate) fn headers(&self) -> Headers {
        self.headers.clone()
    }
}

thread_local! {
    /// Own pages by asset path (a handful: each page in each language), per isolate: a
    /// deployment's assets never change while its isolates live (a new version starts new
    /// ones), so only an isolate's first request for a page calls the assets binding.
    static OWN_PAGES: RefCell<Vec<(String, Rc<OwnPage>)>> = const { RefCell::new(Vec::new()) };
}

/// Samtycke's own page at `path` (from [`in_visitor_language`]) for `req`, or the assets'
/// answer when it is not there (passed on as it is).
pub(crate) async fn own_page(
    req: &Request,
    env: &Env,
    path: &str,
) -> Result<std::result::Result<Rc<OwnPage>, Response>> {
    let known = OWN_PAGES.with(|pages| {
        let pages = pages.borrow();
        pages
            .iter()
            .find(|(at, _)| at == path)
            .map(|(_, page)| Rc::clone(page))
    });
    if let Some(page) = known {
        return Ok(Ok(page));
    }
    // A plain fetch, without the browser's conditional headers: the asset's own ETag must not
    // answer 304 for a page that differs by cookie.
    let mut url = req.url()?;
    url.set_path(path);
    url.set_query(None);
    let mut asset = env.assets("ASSETS")?.fetch(url.to_string(), None).await?;
    if asset.status_code() != 200 {
        return Ok(Err(asset));
    }
    let headers = asset.headers().clone();
    for validator in ["ETag", "Content-Length", "Last-Modified"] {
        headers.delete(validator)?;
    }
    let page = Rc::new(OwnPage {
        headers,
        html: asset.text().await?,
    });
    OWN_PAGES.with(|pages| pages.borrow_mut().push((path.to_owned(), Rc::clone(&page))));
    Ok(Ok(page))
}

/// The asset at the request's path (the single-page fallback for unknown paths).
pub(crate) async fn serve(req: Request, env: &Env) -> Result<Response> {
    env.assets("ASSETS")?.fetch_request(req).await
}

/// The asset path of Samtycke's own page `page` (`home` for `/`, `intyg` for the patient
/// shell) in the visitor's language: for a browser that asks (`Accept-Language`) for another
/// language the bundled site offers than its default, that language's variant
/// (`/lang/<tag>/<page>`, built by `scripts/inline-check.mjs`), so the first paint is in the
/// visitor's language; otherwise `default`.
pub(crate) fn in_visitor_language(req: &Request, page: &str, default: &str) -> String {
    bindings::config()
        .ok()
        .and_then(|config| {
            crate::sites::visitor_language(req, config, "")
                .filter(|language| *language != config.default_language)
        })
        .map_or_else(
            || default.to_owned(),
            |language| format!("/lang/{language}/{page}"),
        )
}
