//! `/intyg/…`: the patient pages are one app shell (`/intyg`, a static asset); deeper paths
//! such as `/intyg/mina-samtycken` get the same shell and the app picks the view.

use worker::{Request, Response, RouteContext};

use crate::http::assets;

/// `GET /intyg/*`: the patient app's shell, in the visitor's language where the site offers it.
pub(crate) async fn shell(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let path = assets::in_visitor_language(&req, "intyg", "/intyg");
    let page = match assets::own_page(&req, &ctx.env, &path).await? {
        Ok(page) => page,
        Err(missing) => return Ok(missing),
    };
    let headers = page.headers();
    headers.append("Vary", "Accept-Language")?;
    Ok(Response::ok(page.html.clone())?.with_headers(headers))
}
