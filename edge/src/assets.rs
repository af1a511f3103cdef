//! The app's static files (`dist/`), served through the `ASSETS` binding on Samtycke's own
//! host and under `/_samtycke/` on the sites it serves, so that every request reaches the
//! Worker first (a site's own paths must never be answered from Samtycke's files).

use worker::{Env, Request, Response, Result};

/// The asset at the request's path (the single-page fallback for unknown paths).
pub(crate) async fn serve(req: Request, env: &Env) -> Result<Response> {
    env.assets("ASSETS")?.fetch_request(req).await
}
