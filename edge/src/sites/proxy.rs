//! Edge mode: the Worker on a site's own route passes every request that is not one of
//! Samtycke's own to the site's origin, and on the way back puts the banner into HTML pages,
//! makes the trackers of categories the visitor has not granted inert, removes their
//! `Set-Cookie` headers, and has the browser enforce the decision with the consent policy
//! (a Content-Security-Policy from the decision) on every response. Nothing of Samtycke's
//! own (its credentials, its cookies) reaches the origin. Everything else (status, headers,
//! redirects, non-HTML bodies, streaming) passes through as the origin sent it.

use pages::banner::PageView;
use rewrite::headers::{
    DocumentType, HeaderList, document_type, forwarded_cookies, forwards_request_header, passed_on,
    rewritten_page, set, sniff,
};
use rewrite::shown_once::ShownOnce;
use rewrite::{DEFAULT_MAX_MEMORY, PRESCAN_BYTES, PageRewriter, Placeholders, Plan, reading};
use samtycke_visitor::Decision;
use samtycke_visitor::consent_csp::{CspMode, consent_policy, lockdown_policy, with_frame};
use samtycke_visitor::cookie::find_cookie;
use samtycke_visitor::csp::CspNeeds;
use samtycke_visitor::gate::Gate;
use samtycke_visitor::own_storage::SHOWN_ONCE_COOKIE;
use worker::{
    Fetch, Headers, Method, Request, RequestInit, RequestRedirect, Response, ResponseBody,
    ResponseBuilder,
};

use crate::runtime;
use crate::sites::page_stream::OriginBody;
use crate::sites::{OWN_PREFIX, Site, request_host};

/// Pass `req` to the site's origin and send the answer on, rewritten where it is a page.
pub(crate) async fn pass(req: Request, site: Site) -> worker::Result<Response> {
    let Some(origin) = site.site.as_ref().and_then(|s| s.origin.clone()) else {
        return Response::error("this site has no origin configured", 502);
    };
    let mode = site.site.as_ref().map_or(CspMode::Enforce, |s| s.csp);
    let url = req.url()?;
    let host = request_host(&req).map_err(|e| worker::Error::RustError(e.to_string()))?;
    let public_origin = format!("{}://{host}", url.scheme());
    let path_and_query = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    let method = req.method();

    let response = match Fetch::Request(upstream(&req, &origin, &path_and_query, &host)?)
        .send()
        .await
    {
        Ok(response) => response,
        Err(e) => {
            worker::console_error!("origin {origin} unreachable: {e}");
            return Response::error("The site's server did not answer. Try again shortly.", 502);
        }
    };

    let cookies = req.headers().get("Cookie")?.unwrap_or_default();
    let decision = Decision::from_cookies(&cookies, &site, runtime::now());
    let gate = Gate::new(&site, decision.as_ref());
    let page_url = format!("{public_origin}{path_and_query}");
    let plan_for_headers = Plan {
        config: site.clone(),
        decision: decision.clone(),
        page_url: page_url.clone(),
        head_start: String::new(),
        body_start: samtycke_visitor::config::Texts::default(),
        body_end: samtycke_visitor::config::Texts::default(),
        language: None,
        reading: reading(b"", None),
        max_memory: DEFAULT_MAX_MEMORY,
        placeholders: None,
        shown_once: None,
    };

    let status = response.status_code();
    // `entries()` joins the `Set-Cookie`s: each is taken on its own.
    let mut from_origin: HeaderList = response
        .headers()
        .entries()
        .filter(|(name, _)| name != "set-cookie")
        .collect();
    for set_cookie in response.headers().get_all("Set-Cookie")? {
        from_origin.push(("Set-Cookie".to_owned(), set_cookie));
    }
    let mut headers = passed_on(
        &from_origin,
        &plan_for_headers,
        &gate,
        &origin,
        &public_origin,
    );

    let kind = document_type(response.headers().get("Content-Type")?.as_deref());
    let bodiless = method == Method::Head || matches!(status, 101 | 204 | 205 | 206 | 304);
    let (_, body) = response.into_parts();
    let pass_on = |headers: &HeaderList, body| {
        Ok(ResponseBuilder::new()
            .with_status(status)
            .with_headers(to_headers(headers)?)
            .body(body))
    };
    match &kind {
        // Not a document the rewriter reads: nothing it does depends on the visitor, so it
        // stays cacheable; a type that can run scripts (XML, SVG) gets the lockdown enforced.
        DocumentType::Other => {
            headers.push((mode.header().into(), lockdown_policy(&site)));
            return pass_on(&headers, body);
        }
        DocumentType::Xml => {
            headers.push((CspMode::Enforce.header().into(), lockdown_policy(&site)));
            return pass_on(&headers, body);
        }
        DocumentType::Html { .. } | DocumentType::Unknown if bodiless => {
            renew_consent_cookie(&mut headers, decision.as_ref(), &site);
            headers.push((
                mode.header().into(),
                consent_policy(&site, decision.as_ref()),
            ));
            return pass_on(&headers, body);
        }
        DocumentType::Html { .. } | DocumentType::Unknown => {}
    }

    // What the browser will make of the body is decided from its first bytes, before any
    // byte is sent: a type it sniffs, a byte order mark, a `<meta charset>`.
    let body = OriginBody::read(body, PRESCAN_BYTES).await;
    let head = &body.head;
    let charset = match &kind {
        DocumentType::Html { charset } => charset.clone(),
        _ if sniff(head) => None,
        _ => {
            // Not HTML by its first bytes either: sent on, with nothing but Samtycke's prefix
            // and the necessary third parties allowed should a browser still render it.
            headers.push((CspMode::Enforce.header().into(), lockdown_policy(&site)));
            set(&mut headers, "X-Content-Type-Options", "nosniff");
            return resume(status, &headers, body, None);
        }
    };
    let reading = reading(head, charset.as_deref());
    if reading.transcodes() || !matches!(kind, DocumentType::Html { .. }) {
        set(
            &mut headers,
            "Content-Type",
            if reading.transcodes() {
                "text/html; charset=utf-8"
            } else {
                "text/html"
            },
        );
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
    let placeholder_page = pages::placeholder::PlaceholderPage {
        config: &site,
        api: OWN_PREFIX,
        return_path: &path_and_query,
    };
    let mut style_hashes = injection.style_hashes.clone();
    // A held frame's placeholder document is held to the page's policies too.
    style_hashes.push(placeholder_page.style_hash());
    let needs = CspNeeds {
        script_hashes: injection.script_hashes.clone(),
        style_hashes,
        own_path: format!("{public_origin}{OWN_PREFIX}/"),
    };
    // The embed the visitor asked to see once: this page view lets it through, and the
    // request is used up.
    let shown_once =
        find_cookie(&cookies, SHOWN_ONCE_COOKIE).and_then(ShownOnce::from_cookie_value);
    let mut policy = consent_policy(&site, decision.as_ref());
    if let Some(once) = &shown_once {
        if let Some(source) = once.csp_source() {
            policy = with_frame(&policy, &source);
        }
        headers.push(("Set-Cookie".into(), ShownOnce::clearing_assignment()));
    }
    // The browser applies every policy: the consent policy is one more beside the site's.
    let mut headers = rewritten_page(headers, &needs, mode.header(), policy);
    renew_consent_cookie(&mut headers, decision.as_ref(), &site);

    let plan = Plan {
        // Tells the banner's app whether this page's policy holds it to the decision it was
        // loaded with (`enforce`), so a new decision takes effect on a fresh load.
        head_start: format!("{}{}", mode.meta_tag(), injection.head_start),
        body_start: injection.body_start,
        body_end: injection.body_end,
        language: visitor_language,
        reading,
        placeholders: Some(Placeholders {
            api: OWN_PREFIX.to_owned(),
            return_path: path_and_query.clone(),
        }),
        shown_once,
        ..plan_for_headers
    };
    resume(status, &headers, body, Some(PageRewriter::new(plan)))
}

/// The consent cookie, set again by the edge on every page while the decision is current: a
/// cookie a server sets is not held to the short life some browsers give a script's
/// (Safari's seven days), so a returning visitor is not asked again before the decision ends.
/// It never outlives the decision ([`Decision::cookie_assignment`]).
fn renew_consent_cookie(
    headers: &mut HeaderList,
    decision: Option<&Decision>,
    site: &samtycke_visitor::SiteConfig,
) {
    if let Some(decision) = decision {
        headers.push((
            "Set-Cookie".into(),
            decision.cookie_assignment(site, runtime::now()),
        ));
    }
}

/// `list` as the runtime's headers.
fn to_headers(list: &[(String, String)]) -> worker::Result<Headers> {
    let headers = Headers::new();
    for (name, value) in list {
        headers.append(name, value)?;
    }
    Ok(headers)
}

/// The request to the origin: the visitor's, without Samtycke's credentials.
fn upstream(
    req: &Request,
    origin: &str,
    path_and_query: &str,
    host: &str,
) -> worker::Result<Request> {
    let url = req.url()?;
    let forwarded = Headers::new();
    for (name, value) in req.headers().entries() {
        if name.eq_ignore_ascii_case("cookie") {
            if let Some(kept) = forwarded_cookies(&value) {
                forwarded.append("Cookie", &kept)?;
            }
        } else if forwards_request_header(&name) {
            forwarded.append(&name, &value)?;
        }
    }
    forwarded.set("X-Forwarded-Host", host)?;
    forwarded.set("X-Forwarded-Proto", url.scheme())?;
    let method = req.method();
    let mut init = RequestInit::new();
    init.with_method(method.clone())
        .with_headers(forwarded)
        .with_redirect(RequestRedirect::Manual);
    if !matches!(method, Method::Get | Method::Head) {
        init.with_body(req.inner().body().map(Into::into));
    }
    Request::new_with_init(&format!("{origin}{path_and_query}"), &init)
}

/// The response: the origin's body (its head already read), each chunk through `rewriter`
/// when there is one.
fn resume(
    status: u16,
    headers: &[(String, String)],
    body: OriginBody,
    rewriter: Option<PageRewriter>,
) -> worker::Result<Response> {
    Ok(ResponseBuilder::new()
        .with_status(status)
        .with_headers(to_headers(headers)?)
        .body(ResponseBody::Stream(body.into_stream(rewriter)?)))
}
