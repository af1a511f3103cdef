//! `samtycke-scan`: crawls a site in Chromium in three consent states (no decision, only
//! necessary, accept all), records every cookie, storage key and third-party request,
//! classifies them by the site's configuration and a cookie database, reports violations and
//! drift (terminal, JSON, HTML), writes a draft configuration, and fails on a violation.

mod browser;
mod cookie_db;
mod crawl;
mod report;
mod rules;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cookie_db::CookieDb;
use crate::rules::{self as scan, Classifier, PageVisit};
use clap::{Parser, ValueEnum};
use samtycke_visitor::SiteConfig;

use crate::browser::{Answer, Scanner};
use crate::crawl::Frontier;

/// Find what a site really sets and loads, before and after consent.
#[derive(Debug, Parser)]
#[command(name = "samtycke-scan", version)]
struct Args {
    /// The site's start page(s).
    #[arg(required = true)]
    urls: Vec<String>,
    /// Most pages to scan (each in up to three states).
    #[arg(long, default_value_t = 20)]
    pages: usize,
    /// The site's Samtycke configuration (JSON), to tell drift from what is configured.
    #[arg(long)]
    config: Option<PathBuf>,
    /// A cookie database in the Open Cookie Database's CSV format (see README, "Scan").
    #[arg(long, env = "SAMTYCKE_COOKIE_DB")]
    cookie_db: Option<PathBuf>,
    /// Write the findings as JSON here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Write a self-contained HTML report here.
    #[arg(long)]
    html: Option<PathBuf>,
    /// Write a draft configuration here: the configuration given (or a skeleton) with every
    /// drift finding added in its category, for a person to review.
    #[arg(long)]
    draft: Option<PathBuf>,
    /// Exit non-zero when the scan finds this (`never`: always exit 0 after a scan).
    #[arg(long, value_enum, default_value_t = FailOn::Violation)]
    fail_on: FailOn,
    /// The Chromium to drive.
    #[arg(long, default_value = "/usr/bin/chromium", env = "SAMTYCKE_CHROMIUM")]
    chromium: PathBuf,
}

/// What makes the scan fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// A violation: something not known to be necessary before a decision or after "only
    /// necessary".
    Violation,
    /// A violation or drift: something the configuration does not name.
    Drift,
    /// Nothing.
    Never,
}

/// Exit codes: 0 clean, 1 findings as `--fail-on` says, 2 the scan itself failed.
const FOUND: u8 = 1;
const FAILED: u8 = 2;

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args).await {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("samtycke-scan: {message}");
            ExitCode::from(FAILED)
        }
    }
}

async fn run(args: &Args) -> Result<u8, String> {
    let db = match &args.cookie_db {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            CookieDb::parse_csv(&path.display().to_string(), &text).map_err(|e| e.to_string())?
        }
        None => CookieDb::default(),
    };

    let scanner = Scanner::launch(&args.chromium)
        .await
        .map_err(|e| e.to_string())?;
    let config = match configuration(args, &scanner).await {
        Ok(config) => config,
        Err(e) => {
            scanner.close().await;
            return Err(e);
        }
    };
    let visits = crawl(&scanner, args).await;
    scanner.close().await;
    let visits = visits?;
    let (config, configured_by) = config.unzip();

    let classifier = Classifier::new(config.as_ref(), &db);
    let findings = scan::judge(&visits, &classifier);
    let totals = scan::totals(&findings);
    let pages = visits
        .iter()
        .map(|v| v.page.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    print!("{}", report::table(&findings));
    println!(
        "{pages} pages, {} visits: {} violations, {} drift, {} items",
        visits.len(),
        totals.violations,
        totals.drift,
        totals.items
    );
    let summary = report::Summary {
        urls: args.urls.clone(),
        pages,
        visits: visits.len(),
        totals,
        cookie_db_entries: db.len(),
        configured_by,
    };
    if let Some(path) = &args.json {
        write(path, &report::json(&summary, &findings))?;
    }
    if let Some(path) = &args.html {
        write(
            path,
            &report::html(&summary, &findings).map_err(|e| e.to_string())?,
        )?;
    }
    if let Some(path) = &args.draft {
        let base = match &config {
            Some(c) => c.clone(),
            None => SiteConfig::parse("skeleton", report::SKELETON).map_err(|e| e.to_string())?,
        };
        let draft = scan::draft_config(&base, &findings);
        let text = serde_json::to_string_pretty(&draft).map_err(|e| e.to_string())?;
        write(path, &(text + "\n"))?;
    }
    let failed = match args.fail_on {
        FailOn::Violation => totals.violations > 0,
        FailOn::Drift => totals.violations > 0 || totals.drift > 0,
        FailOn::Never => false,
    };
    Ok(if failed { FOUND } else { 0 })
}

/// The configuration to classify by: the one `--config` names, else the one the site
/// publishes when it is behind Samtycke (its `/_samtycke/config.json`); which one is said on
/// standard error.
async fn configuration(
    args: &Args,
    scanner: &Scanner,
) -> Result<Option<(SiteConfig, String)>, String> {
    if let Some(path) = &args.config {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let name = path.display().to_string();
        let config = SiteConfig::parse(&name, &text).map_err(|e| e.to_string())?;
        return Ok(Some((config, name)));
    }
    let Some(start) = args.urls.first() else {
        return Ok(None);
    };
    let Some(text) = scanner.published_config(start).await else {
        eprintln!(
            "no configuration given, and the site publishes none: everything unknown is drift"
        );
        return Ok(None);
    };
    let name = format!("the configuration {start} publishes");
    let config = SiteConfig::parse(&name, &text).map_err(|e| e.to_string())?;
    eprintln!("classified by {name}");
    Ok(Some((config, name)))
}

/// Every page in the states it has: no decision, and when it shows Samtycke's banner, after
/// "only necessary" and after "accept all". Progress goes to standard error.
async fn crawl(scanner: &Scanner, args: &Args) -> Result<Vec<PageVisit>, String> {
    let mut frontier = Frontier::new(&args.urls, args.pages);
    let mut from_sitemap = false;
    if let Some(start) = args.urls.first()
        && let Ok(sitemap) = url::Url::parse(start).and_then(|u| u.join("/sitemap.xml"))
    {
        let pages = scanner.sitemap(sitemap.as_str()).await;
        from_sitemap = !pages.is_empty();
        for page in pages {
            frontier.offer(&page);
        }
    }
    let mut visits = Vec::new();
    let mut done = 0;
    while let Some(page) = frontier.next_page() {
        done += 1;
        eprintln!("[{done}/{}] {page}", frontier.planned());
        let first = scanner
            .first_visit(&page)
            .await
            .map_err(|e| format!("{page}: {e}"))?;
        if !from_sitemap {
            for link in &first.links {
                frontier.offer(link);
            }
        }
        visits.push(first.visit);
        if first.has_banner {
            for answer in [Answer::OnlyNecessary, Answer::AcceptAll] {
                let visit = scanner
                    .visit_after(&page, answer)
                    .await
                    .map_err(|e| e.to_string())?;
                visits.push(visit);
            }
        }
    }
    if visits.is_empty() {
        return Err("no page could be scanned".into());
    }
    Ok(visits)
}

fn write(path: &PathBuf, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}
