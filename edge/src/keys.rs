//! `GET /.well-known/samtycke/keys.json`: the public keys that verify receipts offline.

use worker::{Request, Response, RouteContext};

use crate::bindings;
use crate::error::{ApiError, respond};

/// The key set as JWKs (`{"keys":[{"kty":"OKP","crv":"Ed25519","kid":…,"x":…}]}`).
pub(crate) fn show(_req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(show_inner(&ctx))
}

fn show_inner(ctx: &RouteContext<()>) -> Result<Response, ApiError> {
    let keys = bindings::key_set(&ctx.env)?;
    let mut response = Response::from_json(&keys)?;
    let headers = response.headers_mut();
    headers.set("Cache-Control", "public, max-age=300")?;
    headers.set("Access-Control-Allow-Origin", "*")?;
    Ok(response)
}
