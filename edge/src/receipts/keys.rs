//! `GET /.well-known/samtycke/keys.json`: the public keys that verify receipts offline; and
//! `GET /.well-known/samtycke/http-keys.json`: the keys Samtycke signs its own requests with
//! (RFC 9421), for care providers and recipients to verify.

use worker::{Request, Response, RouteContext};

use crate::bindings;
use crate::http::error::{ApiError, respond};

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

/// The request-signing key set (`{"keys":[…]}`).
pub(crate) fn show_http(_req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond((|| {
        let keys = samtycke_receipts::KeySet {
            keys: vec![bindings::request_signing_key(&ctx.env)?.public_jwk()],
        };
        let mut response = Response::from_json(&keys)?;
        response
            .headers_mut()
            .set("Cache-Control", "public, max-age=300")?;
        Ok(response)
    })())
}
