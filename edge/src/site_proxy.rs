//! Edge mode: the Worker on a site's own route passes every request that is not one of
//! Samtycke's own to the site's origin, and on the way back puts the banner into HTML pages,
//! makes the trackers of categories the visitor has not granted inert, and removes their
//! `Set-Cookie` headers. Everything else (status, headers, redirects, non-HTML bodies,
//! streaming) passes through as the origin sent it.

use consent::Decision;
use consent::cookie::{CONSENT_COOKIE, find_cookie};
use consent::csp::{CspNeeds, extend};
use consent::gate::Gate;
use futures_util::StreamExt;
use pages::banner::PageView;
use rewrite::{DEFAULT_MAX_MEMORY, PageRewriter, Plan};
use worker::{
    ByteStream, Fetch, Headers, Method, Request, RequestInit, RequestRedirect, Response,
    ResponseBuilder,
};

use crate::runtime;
use crate::sites::{OWN_PREFIX, Site, request_host};

/// Pass `req` to the site's origin and send the answer on, rewritten where it is a page.
pub(crate) async fn pass(req: Request, site: Site) -> worker::Result<Response> {
    let Some(origin) = site.site.as_ref().and_then(|s| s.origin.clone()) else {
        return Response::error("this site has no origin configured", 502);
    };
    let url = req.url()?;
    let host = request_host(&req).map_err(|e| worker::Error::RustError(e.to_string()))?;
    let public_origin = format!("{}://{host}", url.scheme());
    let path_and_query = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    let method = req.method();

    let forwarded = Headers(
        web_sys::Headers::new_with_headers(&req.headers().0)
            .map_err(|_| worker::Error::RustError("copying request headers".into()))?,
    );
    forwarded.set("X-Forwarded-Host", &host)?;
    forwarded.set("X-Forwarded-Proto", url.scheme())?;
    let mut init = RequestInit::new();
    init.with_method(method.clone())
        .with_headers(forwarded)
        .with_redirect(RequestRedirect::Manual);
    if !matches!(method, Method::Get | Method::Head) {
        init.with_body(req.inner().body().map(Into::into));
    }
    let upstream = Request::new_with_init(&format!("{origin}{path_and_query}"), &init)?;
    let response = match Fetch::Request(upstream).send().await {
        Ok(response) => response,
        Err(e) => {
            worker::console_error!("origin {origin} unreachable: {e}");
            return Response::error("The site's server did not answer. Try again shortly.", 502);
        }
    };

    let cookies = req.headers().get("Cookie")?.unwrap_or_default();
    let decision = find_cookie(&cookies, CONSENT_COOKIE)
        .and_then(|value| Decision::from_cookie_value(value, &site, runtime::now()));
    let gate = Gate::new(&site, decision.as_ref());

    let status = response.status_code();
    let headers = Headers::new();
    for (name, value) in response.headers().entries() {
        match name.as_str() {
            // Each Set-Cookie is judged on its own below (entries() joins them).
            "set-cookie" => {}
            "location" => {
                headers.append(&name, &local_location(&value, &origin, &public_origin))?
            }
            _ => headers.append(&name, &value)?,
        }
    }
    for set_cookie in response.headers().get_all("Set-Cookie")? {
        if !gate.blocks_set_cookie(&set_cookie) {
            headers.append("Set-Cookie", &set_cookie)?;
        }
    }

    let content_type = response.headers().get("Content-Type")?.unwrap_or_default();
    let rewritable = is_html(&content_type)
        && method != Method::Head
        && !matches!(status, 101 | 204 | 205 | 206 | 304);
    let (_, body) = response.into_parts();
    if !rewritable {
        return Ok(ResponseBuilder::new()
            .with_status(status)
            .with_headers(headers)
            .body(body));
    }

    let view = PageView {
        config: &site,
        decision: decision.as_ref(),
        api: OWN_PREFIX,
        return_path: &path_and_query,
        gpc: req.headers().get("Sec-GPC")?.as_deref() == Some("1"),
    };
    let visitor_language = crate::sites::visitor_language(&req, &site, "");
    let injection = view.injection(visitor_language);
    let needs = CspNeeds {
        script_hashes: injection.script_hashes.clone(),
        style_hashes: injection.style_hashes.clone(),
        own_path: format!("{public_origin}{OWN_PREFIX}/"),
    };
    for name in [
        "Content-Security-Policy",
        "Content-Security-Policy-Report-Only",
    ] {
        if let Some(policy) = headers.get(name)? {
            headers.set(name, &extend(&policy, &needs))?;
        }
    }
    // The page now differs by the consent cookie and is no longer the origin's bytes.
    headers.delete("Content-Length")?;
    headers.delete("ETag")?;
    headers.delete("Last-Modified")?;
    headers.set("Cache-Control", "private, no-cache")?;
    headers.append("Vary", "Cookie")?;

    let plan = Plan {
        config: site.clone(),
        decision: decision.clone(),
        page_host: host,
        head_start: injection.head_start,
        body_start: injection.body_start,
        body_end: injection.body_end,
        language: visitor_language,
        charset: charset(&content_type),
        max_memory: DEFAULT_MAX_MEMORY,
    };
    let rewriter = match PageRewriter::new(plan) {
        Ok(rewriter) => rewriter,
        Err(e) => {
            // A page in UTF-16: sent as it is, but nothing non-necessary may run from it.
            worker::console_error!("page not rewritten: {e}");
            headers.set(
                "Content-Security-Policy",
                "script-src 'none'; frame-src 'none'; img-src 'self' data:",
            )?;
            return Ok(ResponseBuilder::new()
                .with_status(status)
                .with_headers(headers)
                .body(body));
        }
    };
    let stream = match body {
        worker::ResponseBody::Stream(stream) => ByteStream::from(stream),
        worker::ResponseBody::Body(bytes) => {
            let mut rewriter = rewriter;
            let mut out = rewriter.push(&bytes);
            out.extend(rewriter.finish());
            return Ok(ResponseBuilder::new()
                .with_status(status)
                .with_headers(headers)
                .fixed(out));
        }
        worker::ResponseBody::Empty => {
            return Ok(ResponseBuilder::new()
                .with_status(status)
                .with_headers(headers)
                .empty());
        }
    };
    let rewritten = futures_util::stream::unfold(
        (stream, Some(rewriter)),
        |(mut stream, mut rewriter)| async move {
            let active = rewriter.as_mut()?;
            let out = match stream.next().await {
                Some(Ok(chunk)) => active.push(&chunk),
                Some(Err(e)) => {
                    worker::console_error!("origin body broke off: {e}");
                    rewriter.take()?.finish()
                }
                None => rewriter.take()?.finish(),
            };
            Some((Ok::<Vec<u8>, worker::Error>(out), (stream, rewriter)))
        },
    );
    ResponseBuilder::new()
        .with_status(status)
        .with_headers(headers)
        .from_stream(rewritten)
}

/// A redirect to the origin's own address goes to the site's public one instead.
fn local_location(location: &str, origin: &str, public_origin: &str) -> String {
    match location.strip_prefix(origin) {
        Some(rest) if rest.is_empty() || rest.starts_with(['/', '?', '#']) => {
            format!("{public_origin}{rest}")
        }
        _ => location.to_owned(),
    }
}

fn is_html(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or("").trim();
    media.eq_ignore_ascii_case("text/html") || media.eq_ignore_ascii_case("application/xhtml+xml")
}

/// The `charset` parameter of a `Content-Type`.
fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_owned())
    })
}
