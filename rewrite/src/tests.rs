//! The rewriter on pages like the sample clinic's, fed whole and in small chunks.

use super::*;
use consent::Language;

const NOW: time::OffsetDateTime = time::macros::datetime!(2026-11-23 12:00 UTC);

fn config() -> Rc<SiteConfig> {
    let json = r##"{
      "revision": 1,
      "controller": {"name": "Klinik AB", "organisation_number": "556000-0000", "contact": "dpo@klinik.se"},
      "policy_url": "/integritet",
      "consent_lifetime_days": 182,
      "cookie_lifetime_days": 182,
      "categories": [
        {"id": "necessary", "required": true, "dpv_purpose": "dpv:ServiceProvision",
         "label": {"sv": "Nödvändiga", "en": "Necessary"}, "description": {"sv": "x", "en": "x"}},
        {"id": "analytics", "dpv_purpose": "dpv:ServiceUsageAnalytics",
         "label": {"sv": "Statistik", "en": "Analytics"}, "description": {"sv": "x", "en": "x"},
         "services": [{"id": "stats", "name": "Stats", "hosts": ["analytics.localhost"],
                       "inline": ["tags.localhost"],
                       "cookies": [{"name": "_sa_id", "lifetime_days": 390}]}]},
        {"id": "marketing", "dpv_purpose": "dpv:Marketing",
         "label": {"sv": "Marknadsföring", "en": "Marketing"}, "description": {"sv": "x", "en": "x"},
         "services": [{"id": "pixel", "name": "Pixel", "hosts": ["pixel.localhost"]},
                      {"id": "video", "name": "Video", "hosts": ["*.video.localhost"]}]}
      ]
    }"##;
    Rc::new(SiteConfig::parse("klinik.json", json).expect("valid"))
}

fn both(html: &str) -> consent::config::Texts {
    consent::config::Texts::new([
        (Language::SV, html.to_owned()),
        (Language::EN, html.to_owned()),
    ])
}

fn plan(decision: Option<Decision>) -> Plan {
    Plan {
        config: config(),
        decision,
        page_host: "www.klinik.se".into(),
        head_start: "<script>CM</script>".into(),
        body_start: both("<div id=\"samtycke\">BANNER</div>"),
        body_end: both("<p id=\"reopen\"></p>"),
        language: None,
        charset: None,
        max_memory: DEFAULT_MAX_MEMORY,
    }
}

const PAGE: &str = r#"<!doctype html><html><head><title>Klinik</title>
<link rel="stylesheet" href="/site.css"><link rel="preconnect" href="http://pixel.localhost:9000">
<script src="/site.js"></script>
<script src="http://analytics.localhost:9001/a.js" async></script>
<script type="module" src="http://analytics.localhost:9001/m.js"></script>
<script type="application/ld+json" src="http://analytics.localhost:9001/x.json"></script>
<script>window.site = "ok";</script>
<script data-x='a"b'>(function(){var s=document.createElement("script");s.src="http://tags.localhost:9003/gtm.js";document.head.appendChild(s)})();</script>
<script></script>
</head><body class="page"><h1>Välkommen</h1>
<iframe src="https://www.video.localhost/embed/1" title="Film"></iframe>
<img src="/logo.png" alt="Logo"><img srcset="/a.png 1x, http://pixel.localhost:9002/p.gif 2x" alt="">
<noscript><img src="http://pixel.localhost:9002/p.gif?ns=1" alt=""></noscript>
</body></html>"#;

fn rewrite(plan: Plan, chunk: usize) -> String {
    let mut rewriter = PageRewriter::new(plan).expect("utf-8");
    let mut out = Vec::new();
    for piece in PAGE.as_bytes().chunks(chunk) {
        out.extend(rewriter.push(piece));
    }
    assert!(!rewriter.failed());
    out.extend(rewriter.finish());
    String::from_utf8(out).expect("utf-8 out")
}

#[test]
fn before_a_decision_every_tracker_is_inert_and_the_banner_opens_the_body() {
    for chunk in [PAGE.len(), 1, 7, 64] {
        let out = rewrite(plan(None), chunk);
        assert!(
            out.contains(r#"<body class="page"><div id="samtycke">BANNER</div><h1>"#),
            "{out}"
        );
        assert!(out.contains("<p id=\"reopen\"></p></body>"), "{out}");
        assert!(out.contains(r#"<script src="http://analytics.localhost:9001/a.js" async type="text/plain" data-category="analytics"></script>"#), "{out}");
        assert!(out.contains(r#"<script type="text/plain" src="http://analytics.localhost:9001/m.js" data-type="module" data-category="analytics">"#), "{out}");
        assert!(out.contains(r#"<script type="application/ld+json" src="http://analytics.localhost:9001/x.json">"#), "{out}");
        assert!(out.contains(r#"<script src="/site.js"></script>"#), "{out}");
        assert!(
            out.contains(r#"<script>window.site = "ok";</script>"#),
            "{out}"
        );
        assert!(out.contains(r#"<script data-x="a&quot;b" type="text/plain" data-category="analytics">(function(){var s"#), "{out}");
        assert!(out.contains("<script></script>"), "{out}");
        assert!(out.contains(r#"<iframe title="Film" data-src="https://www.video.localhost/embed/1" data-category="marketing">"#), "{out}");
        assert!(out.contains(r#"<img src="/logo.png" alt="Logo">"#), "{out}");
        assert!(out.contains(r#"<img alt="" data-srcset="/a.png 1x, http://pixel.localhost:9002/p.gif 2x" data-category="marketing">"#), "{out}");
        assert!(out.contains(r#"<link rel="preconnect" data-href="http://pixel.localhost:9000" data-category="marketing">"#), "{out}");
        assert!(
            out.contains(r#"<link rel="stylesheet" href="/site.css">"#),
            "{out}"
        );
        for tracker in [
            " src=\"https://www.video",
            " src=\"http://pixel",
            " href=\"http://pixel",
            " srcset=\"/a.png",
        ] {
            assert!(
                !out.contains(tracker),
                "{tracker} still loads (chunks of {chunk}): {out}"
            );
        }
    }
}

#[test]
fn a_pixel_inside_noscript_is_held_too() {
    let out = rewrite(plan(None), PAGE.len());
    assert!(out.contains(r#"<noscript><img alt="" data-src="http://pixel.localhost:9002/p.gif?ns=1" data-category="marketing"></noscript>"#), "{out}");
}

#[test]
fn granted_categories_pass_untouched() {
    let config = config();
    let mut accepted = Decision::accept_all(&config, Language::SV, NOW);
    accepted.choices.insert("marketing".into(), false);
    let out = rewrite(plan(Some(accepted)), 13);
    assert!(
        out.contains(r#"<script src="http://analytics.localhost:9001/a.js" async></script>"#),
        "{out}"
    );
    assert!(
        out.contains(r#"<script data-x="a&quot;b">(function(){"#),
        "{out}"
    );
    assert!(
        out.contains(r#"data-src="https://www.video.localhost/embed/1""#),
        "{out}"
    );

    let all = Decision::accept_all(&config, Language::SV, NOW);
    let out = rewrite(plan(Some(all)), 13);
    assert!(!out.contains("data-category"), "{out}");
    assert!(
        out.contains(r#"<iframe src="https://www.video.localhost/embed/1" title="Film">"#),
        "{out}"
    );
}

#[test]
fn the_consent_mode_defaults_open_the_head_and_the_page_language_picks_the_banner() {
    let out = rewrite(plan(None), 5);
    assert!(out.contains("<head><script>CM</script><title>"), "{out}");
    let mut p = plan(None);
    p.body_start =
        consent::config::Texts::new([(Language::SV, "SV".into()), (Language::EN, "EN".into())]);
    let out = rewrite_all(p.clone(), b"<html lang=\"en-GB\"><body>x</body></html>").expect("ok");
    assert_eq!(
        out,
        b"<html lang=\"en-GB\"><body>ENx<p id=\"reopen\"></p></body></html>"
    );
    let out = rewrite_all(p.clone(), b"<html lang=\"fi\"><body>x</body></html>").expect("ok");
    assert!(String::from_utf8_lossy(&out).contains("<body>SVx"));
    // The visitor's own language, when the site offers it, goes before the page's.
    p.language = Some(Language::SV);
    let out = rewrite_all(p, b"<html lang=\"en\"><body>x</body></html>").expect("ok");
    assert!(String::from_utf8_lossy(&out).contains("<body>SVx"));
}

#[test]
fn a_page_without_body_tag_gets_the_banner_at_the_end() {
    let out = rewrite_all(
        plan(None),
        b"<p>Hej</p><script src=\"http://analytics.localhost/a.js\"></script>",
    )
    .expect("rewrites");
    let out = String::from_utf8(out).expect("utf-8");
    assert!(
        out.ends_with("<div id=\"samtycke\">BANNER</div><p id=\"reopen\"></p>"),
        "{out}"
    );
    assert!(out.contains("type=\"text/plain\""), "{out}");
}

#[test]
fn other_charsets_are_rewritten_in_their_own_bytes() {
    let mut p = plan(None);
    p.charset = Some("iso-8859-1".into());
    p.body_start = both("<div>Välkommen</div>");
    let page = b"<body><p>G\xe5 till v\xe5rden</p></body>";
    let out = rewrite_all(p, page).expect("latin-1");
    assert_eq!(
        out,
        b"<body><div>V\xe4lkommen</div><p>G\xe5 till v\xe5rden</p><p id=\"reopen\"></p></body>"
    );

    let mut p = plan(None);
    p.charset = Some("utf-16le".into());
    assert!(matches!(
        PageRewriter::new(p),
        Err(RewriteError::UnsupportedCharset(_))
    ));
}

#[test]
fn when_rewriting_fails_the_rest_is_sent_with_every_tracker_held() {
    let mut p = plan(None);
    p.max_memory = 2048;
    let long = "x".repeat(8192);
    let page = format!(
        "<body><p>Före</p><img alt=\"{long}\" src=\"/a.png\"><p>Efter</p><script src=\"http://analytics.localhost/a.js\"></script><IFRAME src=\"http://video.localhost/\"></iframe></body>"
    );
    let mut rewriter = PageRewriter::new(p).expect("utf-8");
    let mut out = Vec::new();
    for piece in page.as_bytes().chunks(1024) {
        out.extend(rewriter.push(piece));
    }
    assert!(rewriter.failed());
    out.extend(rewriter.finish());
    let out = String::from_utf8_lossy(&out);
    assert!(out.contains("<p>Efter</p>"), "content kept: {out}");
    assert!(
        out.contains("<script type=\"text/plain\" data-samtycke-held src=\"http://analytics"),
        "{out}"
    );
    assert!(out.contains("<samtycke-held-iframe src="), "{out}");
    assert!(!out.contains("<IFRAME"), "{out}");
}
