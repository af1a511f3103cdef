//! Security headers put on every response the Worker produces.

use worker::Response;

/// Content-Security-Policy for API answers: they are data, never a document.
const API_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Add the security headers to `response`, keeping any the handler set itself.
pub(crate) fn with_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        ("Content-Security-Policy", API_CSP),
        ("X-Content-Type-Options", "nosniff"),
        (
            "Strict-Transport-Security",
            "max-age=63072000; includeSubDomains",
        ),
        ("Referrer-Policy", "no-referrer"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("Cache-Control", "no-store"),
    ] {
        if !headers.has(name).unwrap_or(false) {
            let _ = headers.set(name, value);
        }
    }
    response
}
