//! `/intyg/…`: the patient pages are one app shell (`/intyg`, a static asset); deeper paths
//! such as `/intyg/mina-samtycken` get the same shell and the app picks the view.

use worker::{Request, Response, RouteContext};

/// `GET /intyg/*`: the patient app's shell, in the visitor's language where the site offers it.
pub(crate) async fn shell(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let page = crate::http::assets::in_visitor_language(&req, "intyg", "/intyg")?;
    let asset = ctx.env.assets("ASSETS")?.fetch(page, None).await?;
    let headers = asset.headers().clone();
    headers.append("Vary", "Accept-Language")?;
    Ok(asset.with_headers(headers))
}
