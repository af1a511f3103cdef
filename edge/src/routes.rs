//! Every route of the Worker, declared once: its method, path and handler, whether a site's
//! visitors reach it on the site's own host, and whether it reaches a patient's data. The
//! router, "is this path the Worker's or a static asset", "may it answer on a customer's host"
//! and "must the patients' store be placed first" are all read from [`ROUTES`].

use std::future::Future;
use std::pin::Pin;

use worker::{Request, Response, Result, RouteContext, Router};

use crate::admin::{self, statistics};
use crate::http::{cors, health};
use crate::patient::{self, fhir, intake, login, pages};
use crate::receipts::{self, keys};
use crate::visitor::{
    consent_form, csp_reports, embed, home_page, policy_pages, settings_page, show_once,
};

/// What a handler returns while it runs.
type Answer = Pin<Box<dyn Future<Output = Result<Response>>>>;

/// A route's handler.
#[derive(Clone, Copy)]
pub(crate) enum Handler {
    /// Answers at once.
    Sync(fn(Request, RouteContext<()>) -> Result<Response>),
    /// Answers when its work is done.
    Async(fn(Request, RouteContext<()>) -> Answer),
}

/// Which requests a route answers, and with what.
#[derive(Clone, Copy)]
pub(crate) enum Answers {
    /// `GET` (and `HEAD`).
    Get(Handler),
    /// `POST`.
    Post(Handler),
    /// `OPTIONS`: CORS preflights.
    Options(Handler),
    /// Any method no other route of the path answers.
    Rest(Handler),
    /// Nothing: the paths are the Worker's (never a static asset or the site's), and the
    /// router answers them 404.
    Nothing,
}

/// One route.
pub(crate) struct Route {
    /// Which requests, and what answers them.
    pub(crate) answers: Answers,
    /// The path, as workers-rs' router reads it (`:name` one segment, `*name` the rest).
    pub(crate) path: &'static str,
    /// Whether a site's visitors reach it under `/_samtycke/` on the site's own host. Admin,
    /// patients, login and intake answer only on Samtycke's own host, so no site's origin or
    /// pages ever see their credentials.
    pub(crate) on_sites: bool,
    /// Whether it reaches a patient's consent object (login creates one): it answers only once
    /// the patients' store is placed in the EU.
    pub(crate) patient_data: bool,
}

/// An async handler as a [`Handler`].
macro_rules! run {
    ($handler:path) => {
        Handler::Async(|req, ctx| -> Answer { Box::pin($handler(req, ctx)) })
    };
}

const fn route(answers: Answers, path: &'static str) -> Route {
    Route {
        answers,
        path,
        on_sites: false,
        patient_data: false,
    }
}

/// A route a site's visitors reach on the site's own host.
const fn visitors(answers: Answers, path: &'static str) -> Route {
    Route {
        on_sites: true,
        ..route(answers, path)
    }
}

/// A route that reaches a patient's data.
const fn patients(answers: Answers, path: &'static str) -> Route {
    Route {
        patient_data: true,
        ..route(answers, path)
    }
}

use Answers::{Get, Nothing, Options, Post, Rest};

/// Every route. The first route whose path matches a request's path decides the path's flags,
/// so a path's own routes come before the catch-alls that would also match it.
pub(crate) const ROUTES: &[Route] = &[
    // The demo page and the visitor's own routes.
    route(Get(run!(home_page::show)), "/"),
    visitors(Get(Handler::Sync(health::show)), "/api/health"),
    visitors(Get(run!(receipts::api::list)), "/api/receipts"),
    visitors(Post(run!(receipts::api::create)), "/api/receipts"),
    visitors(Get(run!(receipts::api::show)), "/api/receipts/:id"),
    visitors(Post(run!(consent_form::submit)), "/consent"),
    visitors(Post(run!(show_once::submit)), "/show-once"),
    visitors(Post(run!(csp_reports::receive)), "/csp-reports"),
    visitors(Get(run!(settings_page::show)), "/installningar"),
    visitors(Get(run!(settings_page::config)), "/config.json"),
    visitors(Options(run!(cors::preflight)), "/config.json"),
    visitors(Get(run!(embed::banner)), "/embed/banner"),
    visitors(Options(run!(cors::preflight)), "/embed/banner"),
    visitors(
        Get(Handler::Sync(keys::show)),
        "/.well-known/samtycke/keys.json",
    ),
    visitors(
        Get(Handler::Sync(keys::show_http)),
        "/.well-known/samtycke/http-keys.json",
    ),
    visitors(Nothing, "/.well-known/samtycke/*rest"),
    // The privacy and breach notices.
    visitors(Get(run!(policy_pages::index)), "/integritet"),
    visitors(Get(run!(policy_pages::index)), "/en/integritet"),
    visitors(Get(run!(policy_pages::policy)), "/integritet/:slug"),
    visitors(Get(run!(policy_pages::policy)), "/en/integritet/:slug"),
    visitors(Get(run!(policy_pages::breach)), "/incident/:slug"),
    visitors(Get(run!(policy_pages::breach)), "/en/incident/:slug"),
    // Patients: login, consent, certificates.
    patients(Get(run!(login::start)), "/auth/login"),
    patients(Get(run!(login::callback)), "/auth/callback"),
    patients(Post(run!(login::logout)), "/auth/logout"),
    patients(Nothing, "/auth/*rest"),
    patients(Get(run!(patient::api::show)), "/api/patient/consent"),
    patients(Post(run!(patient::api::grant)), "/api/patient/consent"),
    patients(
        Post(run!(patient::api::withdraw)),
        "/api/patient/consent/withdraw",
    ),
    patients(
        Get(run!(patient::api::history)),
        "/api/patient/consent/history",
    ),
    patients(Get(run!(fhir::own)), "/api/patient/consent.fhir"),
    patients(
        Get(run!(patient::api::certificates)),
        "/api/patient/certificates",
    ),
    patients(
        Get(run!(patient::api::certificate)),
        "/api/patient/certificates/:key",
    ),
    patients(
        Get(run!(patient::api::send_preview)),
        "/api/patient/certificates/:key/send/:recipient",
    ),
    patients(
        Post(run!(patient::api::send)),
        "/api/patient/certificates/:key/send/:recipient",
    ),
    patients(Nothing, "/api/patient/*rest"),
    route(Get(run!(pages::shell)), "/intyg"),
    route(Get(run!(pages::shell)), "/intyg/*path"),
    // Care systems.
    patients(Post(run!(intake::receive)), "/api/intake/certificates"),
    patients(Nothing, "/api/intake/*rest"),
    patients(
        Post(run!(fhir::for_care_system)),
        "/api/admin/patient-consent.fhir",
    ),
    // Maintainers.
    route(Get(run!(admin::dashboard)), "/admin"),
    route(Get(run!(statistics::page)), "/admin/statistics"),
    route(Get(run!(admin::export)), "/api/admin/receipts"),
    route(Get(run!(admin::report)), "/api/admin/report"),
    route(Post(run!(admin::move_receipts)), "/api/admin/move-receipts"),
    route(Get(run!(statistics::json)), "/api/admin/statistics"),
    // Every other path under these is the Worker's too: the API's answer the JSON "no such API
    // route", the others the router's 404.
    route(Options(run!(cors::preflight)), "/api/*path"),
    route(Rest(Handler::Sync(no_such_route)), "/api/*path"),
    route(Nothing, "/en/*rest"),
    route(Nothing, "/integritet/*rest"),
    route(Nothing, "/incident/*rest"),
    route(Nothing, "/.well-known/*rest"),
    // `wrangler dev --test-scheduled` runs the scheduled handler from here.
    route(Nothing, "/__scheduled"),
];

/// The JSON "no such API route" (`404 not_found`).
fn no_such_route(_req: Request, _ctx: RouteContext<()>) -> Result<Response> {
    Ok(crate::http::error::ApiError::NotFound("no such API route".into()).into_response())
}

/// The first route whose path matches `path`, if the Worker answers it at all.
pub(crate) fn for_path(path: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|route| matches(route.path, path))
}

/// The router over every route.
pub(crate) fn router<'a>() -> Router<'a, ()> {
    ROUTES.iter().fold(Router::new(), |router, route| {
        let path = route.path;
        match route.answers {
            // A page or document read by `HEAD` (link checkers, uptime monitors) answers as
            // its `GET` does; the runtime sends no body.
            Get(Handler::Sync(f)) => router.get(path, f).head(path, f),
            Post(Handler::Sync(f)) => router.post(path, f),
            Options(Handler::Sync(f)) => router.options(path, f),
            Rest(Handler::Sync(f)) => router.or_else_any_method(path, f),
            Get(Handler::Async(f)) => router.get_async(path, f).head_async(path, f),
            Post(Handler::Async(f)) => router.post_async(path, f),
            Options(Handler::Async(f)) => router.options_async(path, f),
            Rest(Handler::Async(f)) => router.or_else_any_method_async(path, f),
            Nothing => router,
        }
    })
}

/// Whether `path` is one the pattern names: `:name` stands for one non-empty segment, `*name`
/// (last) for whatever follows, and everything else for itself.
fn matches(pattern: &str, path: &str) -> bool {
    let mut wanted = pattern.split('/');
    let mut given = path.split('/');
    loop {
        match (wanted.next(), given.next()) {
            (Some(w), _) if w.starts_with('*') => return true,
            (Some(w), Some(g)) if w.starts_with(':') => {
                if g.is_empty() {
                    return false;
                }
            }
            (Some(w), Some(g)) if w == g => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_their_patterns_segment_by_segment() {
        assert!(matches("/", "/"));
        assert!(!matches("/", "/x"));
        assert!(matches("/api/receipts/:id", "/api/receipts/abc"));
        assert!(!matches("/api/receipts/:id", "/api/receipts/"));
        assert!(!matches("/api/receipts/:id", "/api/receipts/a/b"));
        assert!(matches("/api/*path", "/api/"));
        assert!(matches("/api/*path", "/api/a/b"));
        assert!(!matches("/api/*path", "/apis"));
        assert!(!matches("/integritet", "/integritetspolicy"));
    }

    #[test]
    fn each_path_takes_the_flags_of_its_own_route_before_a_catch_all() {
        // (path, on a site's own host, reaches patient data); `None`: a static asset.
        for (path, flags) in [
            ("/api/receipts", Some((true, false))),
            ("/api/receipts/0190-abc", Some((true, false))),
            ("/.well-known/samtycke/other.json", Some((true, false))),
            ("/api/patient/consent", Some((false, true))),
            ("/api/patient/unknown", Some((false, true))),
            ("/auth/anything", Some((false, true))),
            ("/api/admin/patient-consent.fhir", Some((false, true))),
            ("/api/admin/receipts", Some((false, false))),
            ("/api/unknown", Some((false, false))),
            ("/en/anything", Some((false, false))),
            ("/intyg/certifikat/1", Some((false, false))),
            ("/style.css", None),
        ] {
            let found = for_path(path).map(|r| (r.on_sites, r.patient_data));
            assert_eq!(found, flags, "{path}");
        }
    }

    #[test]
    fn every_route_registers_with_the_router() {
        // workers-rs' router panics on a path that conflicts with one already registered.
        let _router = router();
    }

    #[test]
    fn no_route_is_declared_twice() {
        let kind = |answers: Answers| std::mem::discriminant(&answers);
        for (i, a) in ROUTES.iter().enumerate() {
            for b in &ROUTES[i + 1..] {
                assert!(
                    !(a.path == b.path && kind(a.answers) == kind(b.answers)),
                    "{} is declared twice",
                    a.path
                );
            }
        }
    }
}
