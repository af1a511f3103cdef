//! `GET /api/health`: liveness and the build version.

use serde_json::json;
use worker::{Request, Response, Result, RouteContext};

/// Answers 200 with the crate version and the deployed build.
pub(crate) fn show(_req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let build = crate::bindings::build_version(&ctx.env);
    Response::from_json(&json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "build": build,
    }))
}
