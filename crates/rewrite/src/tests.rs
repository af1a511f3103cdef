//! The rewriter on pages like the sample clinic's, fed whole and in small chunks.

use super::*;
use samtycke_visitor::Language;

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

fn both(html: &str) -> samtycke_visitor::config::Texts {
    samtycke_visitor::config::Texts::new([
        (Language::SV, html.to_owned()),
        (Language::EN, html.to_owned()),
    ])
}

fn plan(decision: Option<Decision>) -> Plan {
    Plan {
        config: config(),
        decision,
        page_url: "https://www.klinik.se/kontakt".into(),
        head_start: "<script>CM</script>".into(),
        body_start: both("<div id=\"samtycke\">BANNER</div>"),
        body_end: both("<p id=\"reopen\"></p>"),
        language: None,
        reading: Reading::AsIs(encoding_rs::UTF_8),
        max_memory: DEFAULT_MAX_MEMORY,
        placeholders: None,
        shown_once: None,
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
    rewrite_page(plan, PAGE, chunk)
}

/// `page` rewritten under `plan`, fed in chunks of `chunk` bytes.
fn rewrite_page(plan: Plan, page: &str, chunk: usize) -> String {
    let mut rewriter = PageRewriter::new(plan);
    let mut out = Vec::new();
    for piece in page.as_bytes().chunks(chunk) {
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
    p.body_start = samtycke_visitor::config::Texts::new([
        (Language::SV, "SV".into()),
        (Language::EN, "EN".into()),
    ]);
    let out = rewrite_all(p.clone(), b"<html lang=\"en-GB\"><body>x</body></html>");
    assert_eq!(
        out,
        b"<html lang=\"en-GB\"><body>ENx<p id=\"reopen\"></p></body></html>"
    );
    let out = rewrite_all(p.clone(), b"<html lang=\"fi\"><body>x</body></html>");
    assert!(String::from_utf8_lossy(&out).contains("<body>SVx"));
    // The visitor's own language, when the site offers it, goes before the page's.
    p.language = Some(Language::SV);
    let out = rewrite_all(p, b"<html lang=\"en\"><body>x</body></html>");
    assert!(String::from_utf8_lossy(&out).contains("<body>SVx"));
}

#[test]
fn a_page_without_body_tag_gets_the_banner_at_the_end() {
    let out = rewrite_all(
        plan(None),
        b"<p>Hej</p><script src=\"http://analytics.localhost/a.js\"></script>",
    );
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
    p.reading = reading(b"<body>", Some("iso-8859-1"));
    p.body_start = both("<div>Välkommen</div>");
    let page = b"<body><p>G\xe5 till v\xe5rden</p></body>";
    let out = rewrite_all(p, page);
    assert_eq!(
        out,
        b"<body><div>V\xe4lkommen</div><p>G\xe5 till v\xe5rden</p><p id=\"reopen\"></p></body>"
    );
}

/// `text` in UTF-16LE with its byte order mark, as a page may be served.
fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

#[test]
fn a_page_the_browser_reads_as_utf16_or_iso_2022_jp_is_rewritten_as_utf8() {
    let page = utf16le(
        "<body><p>Vård</p><script src=\"http://analytics.localhost/a.js\"></script></body>",
    );
    for chunk in [1, 3, page.len()] {
        let mut p = plan(None);
        p.reading = reading(&page, Some("utf-8"));
        assert!(p.reading.transcodes());
        let mut rewriter = PageRewriter::new(p);
        let mut out = Vec::new();
        for piece in page.chunks(chunk) {
            out.extend(rewriter.push(piece));
        }
        out.extend(rewriter.finish());
        let out = String::from_utf8(out).expect("utf-8 out");
        assert!(
            out.starts_with("<body><div id=\"samtycke\">BANNER</div><p>Vård</p>"),
            "{out}"
        );
        assert!(
            out.contains("type=\"text/plain\" data-category=\"analytics\""),
            "{out}"
        );
    }

    // ISO-2022-JP: an escape sequence inside a tag name hides it from a UTF-8 reader.
    let page = b"<meta charset=iso-2022-jp><body><scr\x1b(Bipt src=\"http://analytics.localhost/a.js\"></script>";
    let mut p = plan(None);
    p.reading = reading(page, None);
    let out = String::from_utf8(rewrite_all(p, page)).expect("utf-8");
    assert!(
        out.contains("<script src=\"http://analytics.localhost/a.js\" type=\"text/plain\""),
        "{out}"
    );
}

/// One page for each way ordinary HTML was seen to get a tracker past the rewriter.
const BYPASSES: [&str; 35] = [
    r#"<script src="http://analytics&#46;localhost/a.js"></script>"#,
    r#"<script src="http:&#x2F;&#x2F;analytics.localhost/a.js"></script>"#,
    r#"<script src="http:///analytics.localhost/a.js"></script>"#,
    r#"<script src="/\analytics.localhost/a.js"></script>"#,
    r#"<script src="http:\\analytics.localhost/a.js"></script>"#,
    "<script src=\"ht\ttp://analytics.localhost/a.js\"></script>",
    r#"<script src="http://analytics%2Elocalhost/a.js"></script>"#,
    r#"<script src="http://analytics.localhost\@127.0.0.1/a.js"></script>"#,
    r#"<base href="http://analytics.localhost/"><script src="a.js"></script>"#,
    r#"<svg><script href="http://analytics.localhost/a.js"></script></svg>"#,
    r#"<svg><script xlink:href="http://analytics.localhost/a.js"/></svg><script src="http://analytics.localhost/b.js"></script>"#,
    r#"<svg><image href="http://pixel.localhost/p.gif"/></svg>"#,
    r#"<object data="http://pixel.localhost/p.gif"></object>"#,
    r#"<embed src="http://pixel.localhost/p.gif">"#,
    r#"<input type="image" src="http://pixel.localhost/p.gif">"#,
    r#"<video poster="http://pixel.localhost/p.gif"></video>"#,
    r#"<video><track src="http://pixel.localhost/t.vtt"></video>"#,
    r#"<video src="http://pixel.localhost/v.mp4" autoplay></video>"#,
    r#"<video><source src="http://pixel.localhost/v.webm" type="video/webm"></video>"#,
    r#"<audio src="http://pixel.localhost/a.mp3" autoplay></audio>"#,
    r#"<audio><source src="http://pixel.localhost/a.ogg"></audio>"#,
    r#"<frameset><frame src="http://pixel.localhost/f"></frameset>"#,
    r#"<iframe srcdoc="&lt;img src=&quot;http://pixel.localhost/p.gif&quot;&gt;"></iframe>"#,
    r#"<link rel="preload" as="image" imagesrcset="http://pixel.localhost/p.gif 1x">"#,
    r#"<table background="http://pixel.localhost/p.gif"><tr><td>x</td></tr></table>"#,
    r#"<div style="background:url(http://pixel.localhost/p.gif)">x</div>"#,
    r#"<style>@import "http://pixel.localhost/s.css";</style>"#,
    r#"<style>body{background:url(http://pixel\2e localhost/p.gif)}</style>"#,
    r#"<script type="application/x-javascript" src="http://analytics.localhost/a.js"></script>"#,
    r#"<script type="text/javascript1.5" src="http://analytics.localhost/a.js"></script>"#,
    r#"<script type="importmap">{"imports":{"t":"http://analytics.localhost/a.js"}}</script><script type="module">import "t";</script>"#,
    r#"<img src="/x.gif" onerror="new Image().src='http://pixel.localhost/p.gif'">"#,
    r#"<meta http-equiv="refresh" content="0; url=http://pixel.localhost/r">"#,
    r#"<a href="/" ping="http://pixel.localhost/ping">x</a>"#,
    r#"<iframe title="x" src="data:text/html,&lt;img src='http://pixel.localhost/p.gif'&gt;"></iframe>"#,
];

/// Whether anything in `out` would still make the browser fetch from a tracker: every place
/// a URL of one could sit, outside the attributes the rewriter parks it in.
fn loads_a_tracker(out: &str) -> bool {
    let parked = [
        "data-src=",
        "data-href=",
        "data-xlink-href=",
        "data-data=",
        "data-poster=",
        "data-srcset=",
        "data-imagesrcset=",
        "data-background=",
        "data-style=",
        "data-onerror=",
        "data-content=",
        "data-ping=",
    ];
    // Inert elements: their text or attributes load nothing.
    let inert = out.contains("type=\"text/plain\"");
    let mut rest = out.to_owned();
    for p in parked {
        rest = rest.replace(p, "PARKED=");
    }
    let trackers = ["analytics", "pixel", "&#46;localhost", "&#x2F;"];
    // A `<base>` loads nothing itself (what resolves against it is checked where it loads).
    rest.split('<')
        .filter(|tag| !tag.starts_with("base "))
        .any(|tag| {
            let holds_tracker =
                trackers.iter().any(|t| tag.contains(t)) && !tag.contains("PARKED=");
            let is_inert_text = inert
                && (tag.starts_with("script type=\"text/plain\"")
                    || tag.contains("type=\"text/plain\""));
            holds_tracker && !is_inert_text
        })
}

#[test]
fn every_known_bypass_is_held_in_any_chunking() {
    for bypass in BYPASSES {
        let page = format!(
            "<!doctype html><html><head></head><body><p>Före</p>{bypass}<p>Efter</p></body></html>"
        );
        for chunk in [1, 2, 5, 17, page.len()] {
            let mut rewriter = PageRewriter::new(plan(None));
            let mut out = Vec::new();
            for piece in page.as_bytes().chunks(chunk) {
                out.extend(rewriter.push(piece));
            }
            out.extend(rewriter.finish());
            let out = String::from_utf8(out).expect("utf-8");
            assert!(out.contains("BANNER"), "banner missing for {bypass}: {out}");
            assert!(
                out.contains("<p>Efter</p>"),
                "content lost for {bypass}: {out}"
            );
            assert!(
                !loads_a_tracker(&out),
                "{bypass} (chunks of {chunk}) still loads: {out}"
            );
        }
    }
}

#[test]
fn the_same_markup_loads_once_its_category_is_granted() {
    let config = config();
    let all = Decision::accept_all(&config, Language::SV, NOW);
    for bypass in BYPASSES {
        let page = format!("<body>{bypass}</body>");
        let out = String::from_utf8(rewrite_all(plan(Some(all.clone())), page.as_bytes()))
            .expect("utf-8");
        assert!(
            !out.contains("data-category"),
            "{bypass} held after accept all: {out}"
        );
    }
}

#[test]
fn a_held_style_keeps_its_css_out_of_the_preload_scanners_sight() {
    let page = r#"<body><style media="print">@import "http://pixel.localhost/s.css"; a{b:"&amp;"}</style></body>"#;
    let out = String::from_utf8(rewrite_all(plan(None), page.as_bytes())).expect("utf-8");
    assert!(
        out.contains(r#"<style media="print" type="text/plain" data-category="marketing" data-text="@import &quot;http://pixel.localhost/s.css&quot;; a{b:&quot;&amp;amp;&quot;}"></style>"#),
        "{out}"
    );
    // Granted, the element is the origin's own.
    let all = Decision::accept_all(&config(), Language::SV, NOW);
    let out = String::from_utf8(rewrite_all(plan(Some(all)), page.as_bytes())).expect("utf-8");
    assert!(out.contains(r#"<style media="print">@import "#), "{out}");
}

#[test]
fn a_script_that_is_not_javascript_is_left_alone() {
    for script_type in [
        "text/plain",
        "application/ld+json",
        "text/javascript; charset=utf-8",
        "text/template",
    ] {
        let page = format!(
            "<body><script type=\"{script_type}\" src=\"http://analytics.localhost/a.js\"></script></body>"
        );
        let out = String::from_utf8(rewrite_all(plan(None), page.as_bytes())).expect("utf-8");
        assert!(!out.contains("data-category"), "{script_type}: {out}");
    }
}

#[test]
fn when_rewriting_fails_the_page_ends_with_the_banner_and_nothing_is_sent_twice() {
    let mut p = plan(None);
    p.max_memory = 2048;
    let long = "x".repeat(8192);
    let page = format!(
        "<html><head><title>T</title></head><p>Före</p><img alt=\"{long}\" src=\"/a.png\"><p>Efter</p><script src=\"http://analytics.localhost/a.js\"></script><IFRAME src=\"http://video.localhost/\"></iframe><img src=\"http://pixel.localhost/p.gif\"><link rel=\"stylesheet\" href=\"http://pixel.localhost/s.css\"><a href=\"/\" ping=\"http://pixel.localhost/ping\">x</a></body>"
    );
    for chunk in [1, 1024, page.len()] {
        let mut rewriter = PageRewriter::new(p.clone());
        let mut out = Vec::new();
        for piece in page.as_bytes().chunks(chunk) {
            out.extend(rewriter.push(piece));
        }
        assert!(rewriter.failed());
        out.extend(rewriter.finish());
        let out = String::from_utf8_lossy(&out);
        assert!(out.matches("Före").count() <= 1, "sent twice: {out}");
        assert!(
            out.ends_with("<div id=\"samtycke\">BANNER</div><p id=\"reopen\"></p>"),
            "{out}"
        );
        // Nothing after the point of failure reaches the browser: no script, frame, image,
        // style sheet or link of a tracker.
        assert!(
            !out.contains("analytics") && !out.contains("video") && !out.contains("pixel"),
            "{out}"
        );
        assert!(!loads_a_tracker(&out), "{out}");
    }
}

#[test]
fn ambiguous_legacy_markup_ends_the_page_instead_of_being_misread() {
    let page = "<body><p>A</p><select><xmp><script src=\"http://analytics.localhost/a.js\"></script></xmp></select></body>";
    let out = String::from_utf8(rewrite_all(plan(None), page.as_bytes())).expect("utf-8");
    assert!(out.contains("BANNER"), "{out}");
    assert!(!loads_a_tracker(&out), "{out}");
}

fn with_placeholders(decision: Option<Decision>) -> Plan {
    Plan {
        placeholders: Some(Placeholders {
            api: "/_samtycke".into(),
            return_path: "/kontakt?x=1".into(),
        }),
        language: Some(Language::EN),
        ..plan(decision)
    }
}

/// The `srcdoc` of the first frame in `out`, decoded as the browser decodes the attribute.
fn srcdoc(out: &str) -> String {
    let start = out.find("srcdoc=\"").expect("a srcdoc") + "srcdoc=\"".len();
    let end = start + out[start..].find('"').expect("end of srcdoc");
    char_refs::decode_attribute(&out[start..end]).into_owned()
}

#[test]
fn a_held_frame_shows_a_placeholder_that_names_the_service_and_offers_both_ways_in() {
    let page = r#"<html><body><iframe src="https://www.video.localhost/embed/1?a=1&amp;b=2" width="480" height="270"></iframe></body></html>"#;
    for chunk in [1, 7, usize::MAX] {
        let out = rewrite_page(with_placeholders(None), page, chunk);
        assert!(!out.contains(" src=\"https://www.video"), "{out}");
        assert!(out.contains(r#"width="480" height="270""#), "{out}");
        assert!(
            out.contains(r#"title="Blocked content from Video""#),
            "{out}"
        );
        assert!(
            out.contains(&format!(r#"{PLACEHOLDER_MARK}="titled""#)),
            "{out}"
        );
        let doc = srcdoc(&out);
        assert!(doc.contains("<strong>Video</strong> · Marketing"), "{doc}");
        assert!(
            doc.contains(">Show once</button>") && doc.contains(">Always allow marketing</button>")
        );
        // The URL as the browser would have loaded it goes back in the "show once" form,
        // escaped once for the placeholder document (and once more for the attribute).
        assert!(
            doc.contains(r#"name="url" value="https://www.video.localhost/embed/1?a=1&#38;b=2""#),
            "{doc}"
        );
        assert!(
            doc.contains(r#"name="return" value="/kontakt?x=1""#),
            "{doc}"
        );
    }
}

#[test]
fn a_frame_keeps_its_own_name_document_and_sandbox_and_is_still_held() {
    for page in [
        r#"<iframe src="https://video.localhost/e" title="Film om kliniken"></iframe>"#,
        r#"<iframe src="https://video.localhost/e" sandbox="allow-scripts"></iframe>"#,
        r#"<iframe src="https://video.localhost/e" srcdoc="&lt;p&gt;own&lt;/p&gt;"></iframe>"#,
    ] {
        let out = rewrite_page(with_placeholders(None), page, usize::MAX);
        assert!(
            out.contains(r#"data-src="https://video.localhost/e""#),
            "{out}"
        );
        assert!(!out.contains(r#"title="Blocked content"#), "{out}");
        if page.contains("title=") {
            assert!(out.contains(r#"title="Film om kliniken""#), "{out}");
            assert!(out.contains(&format!(r#"{PLACEHOLDER_MARK}="""#)), "{out}");
            assert!(srcdoc(&out).contains("Show once"), "{out}");
        } else {
            assert!(!out.contains(PLACEHOLDER_MARK), "{out}");
        }
    }
}

#[test]
fn a_granted_frame_and_the_one_shown_once_load_and_no_other() {
    let page = r#"<iframe src="https://video.localhost/embed/1#t=3"></iframe><iframe src="https://video.localhost/embed/2"></iframe>"#;
    let config = config();
    let granted = Decision::accept_all(&config, Language::SV, NOW);
    let out = rewrite_page(with_placeholders(Some(granted)), page, usize::MAX);
    assert!(
        !out.contains("srcdoc") && !out.contains("data-src"),
        "{out}"
    );

    let once = ShownOnce::request("https://video.localhost/embed/1", &config).expect("declared");
    let plan = Plan {
        shown_once: Some(once),
        ..with_placeholders(None)
    };
    let out = rewrite_page(plan, page, 3);
    assert!(
        out.contains(r#"<iframe src="https://video.localhost/embed/1#t=3">"#),
        "{out}"
    );
    assert!(
        out.contains(r#"data-src="https://video.localhost/embed/2""#),
        "{out}"
    );
}

#[test]
fn a_rewritten_srcdoc_keeps_its_escaped_text_as_text() {
    // The inner document shows "<script>" as text and loads a held pixel: once the pixel
    // is held, the text must still be text, not a tag.
    let page = r#"<iframe srcdoc="&lt;p&gt;&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;&lt;/p&gt;&lt;img src=&quot;http://pixel.localhost/p.gif&quot;&gt;"></iframe>"#;
    let out = rewrite_page(plan(None), page, usize::MAX);
    let doc = srcdoc(&out);
    assert!(doc.contains("&lt;script&gt;alert(1)"), "{doc}");
    assert!(!doc.contains("<script>"), "{doc}");
    assert!(
        doc.contains("data-src=\"http://pixel.localhost/p.gif\""),
        "{doc}"
    );
}

/// The origin's headers as the proxy reads them.
fn origin_headers(pairs: &[(&str, &str)]) -> headers::HeaderList {
    pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn the_origins_headers_pass_on_without_what_the_visitor_has_not_granted() {
    let undecided = plan(None);
    let gate = Gate::new(&undecided.config, None);
    let kept = headers::passed_on(
        &origin_headers(&[
            ("content-type", "text/html"),
            ("location", "http://origin.internal:8080/kontakt?x=1"),
            (
                "link",
                "</site.css>; rel=preload, <http://analytics.localhost:9001/a.js>; rel=preload",
            ),
            ("refresh", "0; url=http://pixel.localhost:9000/p"),
            ("Set-Cookie", "_sa_id=1; Path=/"),
            ("Set-Cookie", "__Host-samtycke-session=evil; Path=/; Secure"),
            ("Set-Cookie", "klinik_session=1; Path=/"),
        ]),
        &undecided,
        &gate,
        "http://origin.internal:8080",
        "https://www.klinik.se",
    );
    assert_eq!(
        kept,
        origin_headers(&[
            ("content-type", "text/html"),
            ("location", "https://www.klinik.se/kontakt?x=1"),
            ("link", "</site.css>; rel=preload"),
            ("Set-Cookie", "klinik_session=1; Path=/"),
        ])
    );
    // Once analytics is granted, its preload and cookie pass too.
    let granted = Decision::accept_all(&undecided.config, Language::SV, NOW);
    let accepted = plan(Some(granted.clone()));
    let gate = Gate::new(&accepted.config, Some(&granted));
    let kept = headers::passed_on(
        &origin_headers(&[
            (
                "link",
                "<http://analytics.localhost:9001/a.js>; rel=preload",
            ),
            ("Set-Cookie", "_sa_id=1; Path=/"),
        ]),
        &accepted,
        &gate,
        "http://origin.internal:8080",
        "https://www.klinik.se",
    );
    assert_eq!(kept.len(), 2, "{kept:?}");
}

#[test]
fn a_rewritten_page_keeps_the_sites_policies_adds_its_own_and_is_not_cached_shared() {
    let needs = samtycke_visitor::csp::CspNeeds {
        script_hashes: vec!["'sha256-abc'".into()],
        style_hashes: vec![],
        own_path: "https://www.klinik.se/_samtycke/".into(),
    };
    let page = headers::rewritten_page(
        origin_headers(&[
            ("content-security-policy", "script-src 'self'"),
            ("content-length", "1234"),
            ("etag", "\"v1\""),
            ("last-modified", "Mon, 23 Nov 2026 12:00:00 GMT"),
            ("cache-control", "public, max-age=600"),
            ("vary", "Accept-Language"),
        ]),
        &needs,
        "Content-Security-Policy",
        "default-src 'self'".into(),
    );
    let value = |name: &str| -> Vec<&str> {
        page.iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    };
    let policies = value("content-security-policy");
    assert_eq!(policies.len(), 2, "the site's and the consent policy");
    assert!(policies[0].contains("'sha256-abc'") && policies[0].contains("/_samtycke/"));
    assert_eq!(policies[1], "default-src 'self'");
    assert!(value("content-length").is_empty() && value("etag").is_empty());
    assert!(value("last-modified").is_empty());
    assert_eq!(value("cache-control"), ["private, no-cache"]);
    assert_eq!(value("vary"), ["Accept-Language", "Cookie"]);
}
