//! `/intyg/…`: the patient pages are one app shell (`/intyg`, a static asset); deeper paths
//! such as `/intyg/mina-samtycken` get the same shell and the app picks the view.

use worker::{Request, Response, RouteContext};

/// `GET /intyg/*`: the patient app's shell.
pub(crate) async fn shell(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let mut url = req.url()?;
    url.set_path("/intyg");
    url.set_query(None);
    ctx.env.assets("ASSETS")?.fetch(url.to_string(), None).await
}
