//! Rewrite throughput on a 1 MB page like the sample clinic's, in 16 KiB chunks as the
//! Worker receives them: `cargo run --release -p rewrite --example throughput [ROUNDS]`.
//! Prints `{"bytes":…,"rounds":…,"mb_per_s":…}` (median of the rounds); `CHUNK=` sets the
//! chunk size in bytes.

use std::rc::Rc;
use std::time::Instant;

use rewrite::{DEFAULT_MAX_MEMORY, PageRewriter, Plan};
use samtycke_visitor::config::Texts;
use samtycke_visitor::{Language, SiteConfig};

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(9);
    let text = std::fs::read_to_string("config/sites/klinik.json")
        .unwrap_or_else(|e| panic!("run from the repository root: {e}"));
    let config = Rc::new(SiteConfig::parse("klinik.json", &text).unwrap_or_else(|e| panic!("{e}")));
    let mut page = String::from(
        "<!doctype html><html lang=\"sv\"><head><title>Stor</title><script async src=\"http://analytics.localhost/a.js\"></script></head><body>",
    );
    let mut i = 0;
    while page.len() < 1_000_000 {
        page.push_str(&format!(
            "<p>Stycke {i}: vård och <a href=\"/sida-{i}\">hälsa</a>.</p><img src=\"http://pixel.localhost/p.gif?{i}\" alt=\"\">\n"
        ));
        i += 1;
    }
    page.push_str("</body></html>");
    let banner = Texts::new([(Language::SV, "<div id=\"samtycke\">banner</div>".to_owned())]);
    let mut times = Vec::new();
    for _ in 0..rounds {
        let plan = Plan {
            config: Rc::clone(&config),
            decision: None,
            page_url: "https://www.klinik.se/".into(),
            head_start: "<script>cm</script>".into(),
            body_start: banner.clone(),
            body_end: banner.clone(),
            language: None,
            reading: rewrite::reading(b"", None),
            max_memory: DEFAULT_MAX_MEMORY,
            placeholders: None,
            shown_once: None,
        };
        let start = Instant::now();
        let mut rewriter = PageRewriter::new(plan);
        let mut out = 0;
        for chunk in page.as_bytes().chunks(
            std::env::var("CHUNK")
                .ok()
                .and_then(|c| c.parse().ok())
                .unwrap_or(16 * 1024),
        ) {
            out += rewriter.push(chunk).len();
        }
        out += rewriter.finish().len();
        times.push(start.elapsed().as_secs_f64());
        assert!(out > page.len());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "{{\"bytes\":{},\"rounds\":{rounds},\"mb_per_s\":{:.1}}}",
        page.len(),
        page.len() as f64 / 1e6 / median
    );
}
