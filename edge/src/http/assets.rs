//! The app's static files (`dist/`), served through the `ASSETS` binding on Samtycke's own
//! host and under `/_samtycke/` on the sites it serves, so that every request reaches the
//! Worker first (a site's own paths must never be answered from Samtycke's files).

use worker::{Env, Request, Response, Result};

use crate::bindings;

/// The asset at the request's path (the single-page fallback for unknown paths).
pub(crate) async fn serve(req: Request, env: &Env) -> Result<Response> {
    env.assets("ASSETS")?.fetch_request(req).await
}

/// The URL of Samtycke's own page `page` (`home` for `/`, `intyg` for the patient shell) in the
/// visitor's language: for a browser that asks (`Accept-Language`) for another language the
/// bundled site offers than its default, that language's variant (`/lang/<tag>/<page>`, built
/// by `scripts/inline-check.mjs`), so the first paint is in the visitor's language; otherwise
/// `default`.
pub(crate) fn in_visitor_language(req: &Request, page: &str, default: &str) -> Result<String> {
    let mut url = req.url()?;
    url.set_query(None);
    let variant = bindings::config()
        .ok()
        .and_then(|config| {
            crate::sites::visitor_language(req, config, "")
                .filter(|language| *language != config.default_language)
        })
        .map(|language| format!("/lang/{language}/{page}"));
    url.set_path(variant.as_deref().unwrap_or(default));
    Ok(url.to_string())
}
