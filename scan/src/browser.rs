//! Debian's Chromium, driven over the DevTools protocol with `chromiumoxide`: each page is
//! opened in a fresh browser context (a profile with nothing stored), its cookies, storage
//! keys and requests to other hosts are recorded, and Samtycke's banner is answered.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::rules::{PageVisit, Phase, SeenCookie, SeenRequest, SeenStorage, SetBy, StorageArea};
use chromiumoxide::cdp::browser_protocol::network::{
    BlockedReason, Cookie, EventLoadingFailed, EventLoadingFinished, EventRequestWillBeSent,
    EventResponseReceivedExtraInfo,
};
use chromiumoxide::cdp::browser_protocol::storage::GetCookiesParams;
use chromiumoxide::cdp::browser_protocol::target::{
    CreateBrowserContextParams, CreateTargetParams,
};
use chromiumoxide::{Browser, BrowserConfig, Page};
use futures_util::StreamExt;
use thiserror::Error;
use tokio::task::JoinHandle;

/// Why a page could not be scanned.
#[derive(Debug, Error)]
pub(crate) enum BrowserError {
    /// Chromium would not start or answer.
    #[error("Chromium: {0}")]
    Cdp(#[from] chromiumoxide::error::CdpError),
    /// The browser configuration was refused.
    #[error("Chromium: {0}")]
    Config(String),
    /// Samtycke's banner did not take the answer.
    #[error("{page}: the banner's \"{choice}\" did not record a decision within {seconds} s")]
    NoDecision {
        /// The page.
        page: String,
        /// The button.
        choice: &'static str,
        /// How long it was waited for.
        seconds: u64,
    },
}

/// Where a site behind Samtycke publishes its configuration.
const PUBLISHED_CONFIG: &str = "/_samtycke/config.json";

/// How long a page may go on loading before it is taken as it is.
const PAGE_LIMIT: Duration = Duration::from_secs(20);
/// A page has settled when at most [`STILL_OPEN`] requests have been in flight and nothing
/// has started or ended for this long (Puppeteer's `networkidle2`): trackers that fire after
/// the load event are still seen, and a long poll or a stalled beacon does not hold the scan.
const QUIET: Duration = Duration::from_millis(500);
/// Requests that may stay open on a settled page.
const STILL_OPEN: usize = 2;

/// One Chromium for the whole scan.
pub(crate) struct Scanner {
    browser: Browser,
    handler: JoinHandle<()>,
}

/// What a first visit learned besides what it saw.
pub(crate) struct FirstVisit {
    /// What was seen.
    pub(crate) visit: PageVisit,
    /// Whether the page shows Samtycke's banner (then the other states are scanned too).
    pub(crate) has_banner: bool,
    /// Same-site links on the page, for the crawl.
    pub(crate) links: Vec<String>,
}

impl Scanner {
    /// Start Chromium (headless) from `executable`.
    pub(crate) async fn launch(executable: &Path) -> Result<Self, BrowserError> {
        let config = BrowserConfig::builder()
            .chrome_executable(executable)
            .no_sandbox()
            .args([
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-gpu",
            ])
            .build()
            .map_err(BrowserError::Config)?;
        let (browser, mut events) = Browser::launch(config).await?;
        let handler = tokio::spawn(async move { while events.next().await.is_some() {} });
        Ok(Self { browser, handler })
    }

    /// Close Chromium.
    pub(crate) async fn close(mut self) {
        let _ = self.browser.close().await;
        let _ = self.browser.wait().await;
        self.handler.abort();
    }

    /// Open `url` in a fresh profile, with no decision.
    pub(crate) async fn first_visit(&self, url: &str) -> Result<FirstVisit, BrowserError> {
        let context = self
            .browser
            .create_browser_context(CreateBrowserContextParams::default())
            .await?;
        let result = async {
            let page = self.page(&context).await?;
            let recorder = Recorder::attach(&page).await?;
            page.goto(url).await?;
            recorder.settle().await;
            // The banner is in the page as served (edge mode), or the embed has fetched it by the
            // time the page settled; a short grace covers its rendering.
            let has_banner = wait_for_banner(&page, Duration::from_secs(1)).await;
            let links = links(&page).await;
            let visit = recorder
                .visit(&self.browser, &page, &context, url, Phase::NoDecision)
                .await?;
            let _ = page.close().await;
            Ok(FirstVisit {
                visit,
                has_banner,
                links,
            })
        }
        .await;
        let _ = self.browser.dispose_browser_context(context).await;
        result
    }

    /// Open `url` in a fresh profile, answer the banner, load the page again and record
    /// what that state shows.
    pub(crate) async fn visit_after(
        &self,
        url: &str,
        answer_with: Answer,
    ) -> Result<PageVisit, BrowserError> {
        let (choice, phase) = answer_with.button_and_phase();
        let context = self
            .browser
            .create_browser_context(CreateBrowserContextParams::default())
            .await?;
        let result = async {
            let page = self.page(&context).await?;
            page.goto(url).await?;
            let limit = Duration::from_secs(30);
            if !wait_for_banner(&page, limit).await
                || !answer(&page, choice, &self.browser, &context, limit).await?
            {
                return Err(BrowserError::NoDecision {
                    page: url.to_owned(),
                    choice,
                    seconds: limit.as_secs(),
                });
            }
            // What this state shows is what a new page load under the decision does.
            let recorder = Recorder::attach(&page).await?;
            page.goto(url).await?;
            recorder.settle().await;
            let visit = recorder
                .visit(&self.browser, &page, &context, url, phase)
                .await?;
            let _ = page.close().await;
            Ok(visit)
        }
        .await;
        let _ = self.browser.dispose_browser_context(context).await;
        result
    }

    /// The pages the sitemap at `url` lists, following a sitemap index's sitemaps (at most
    /// 10 files); none when there is no sitemap.
    pub(crate) async fn sitemap(&self, url: &str) -> Vec<String> {
        let mut pages = Vec::new();
        let mut queue = vec![url.to_owned()];
        let mut fetched = 0;
        while let Some(next) = queue.pop() {
            if fetched == 10 {
                break;
            }
            fetched += 1;
            let Some(xml) = self.xml(&next).await else {
                continue;
            };
            let (locations, children) = crate::crawl::sitemap_locations(&xml);
            pages.extend(locations);
            queue.extend(children);
        }
        pages
    }

    /// The configuration a site behind Samtycke publishes (`/_samtycke/config.json` on the
    /// site of `page`), read in a fresh profile; `None` when it publishes none.
    pub(crate) async fn published_config(&self, page: &str) -> Option<String> {
        let url = url::Url::parse(page).ok()?.join(PUBLISHED_CONFIG).ok()?;
        self.document_text(
            url.as_str(),
            "document.contentType === 'application/json' ? document.body.innerText : ''",
        )
        .await
    }

    /// An XML document at `url`, read in a fresh profile; `None` when it is not XML.
    async fn xml(&self, url: &str) -> Option<String> {
        self.document_text(
            url,
            "document.contentType.includes('xml') ? new XMLSerializer().serializeToString(document) : ''",
        )
        .await
    }

    /// What `read` (a script) makes of the document at `url`, opened in a fresh profile;
    /// `None` when it gives nothing.
    async fn document_text(&self, url: &str, read: &str) -> Option<String> {
        let context = self
            .browser
            .create_browser_context(CreateBrowserContextParams::default())
            .await
            .ok()?;
        let text = async {
            let page = self.page(&context).await.ok()?;
            page.goto(url).await.ok()?;
            let text = page
                .evaluate(read)
                .await
                .ok()?
                .into_value::<String>()
                .ok()?;
            let _ = page.close().await;
            Some(text).filter(|t| !t.is_empty())
        }
        .await;
        let _ = self.browser.dispose_browser_context(context).await;
        text
    }

    async fn page(
        &self,
        context: &chromiumoxide::cdp::browser_protocol::browser::BrowserContextId,
    ) -> Result<Page, BrowserError> {
        let params = CreateTargetParams::builder()
            .url("about:blank")
            .browser_context_id(context.clone())
            .build()
            .map_err(BrowserError::Config)?;
        Ok(self.browser.new_page(params).await?)
    }
}

/// An answer to the banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    /// "Only necessary".
    OnlyNecessary,
    /// "Accept all".
    AcceptAll,
}

impl Answer {
    /// The banner button's `value`, and the state the answer leads to.
    fn button_and_phase(self) -> (&'static str, Phase) {
        match self {
            Self::OnlyNecessary => ("reject-all", Phase::OnlyNecessary),
            Self::AcceptAll => ("accept-all", Phase::AcceptAll),
        }
    }
}

/// Requests and `Set-Cookie` headers of one page, as the browser reports them.
#[derive(Default)]
struct Log {
    requests: Vec<SeenRequest>,
    /// Each request's place in `requests`, by the browser's request id.
    places: HashMap<String, usize>,
    /// Requests a CSP refused whose start has not been seen yet (each event kind has its own
    /// listener, so their order between kinds is not kept).
    refused_early: HashSet<String>,
    /// Requests that finished or failed before their start was seen (the same race).
    ended_early: HashSet<String>,
    in_flight: HashSet<String>,
    last_activity: Option<Instant>,
    /// Cookie names some response header set.
    header_cookies: HashSet<String>,
}

impl Log {
    /// A request finished or failed: no longer in flight. One whose start has not been seen
    /// yet is remembered, so that its start, when it comes, does not count it as in flight
    /// (which would keep the page from ever settling).
    fn ended(&mut self, request_id: &str) {
        if !self.in_flight.remove(request_id) && !self.places.contains_key(request_id) {
            self.ended_early.insert(request_id.to_owned());
        }
        self.last_activity = Some(Instant::now());
    }

    /// A request started (or was redirected): in flight, unless it already ended.
    fn started(&mut self, request_id: &str) {
        if !self.ended_early.remove(request_id) {
            self.in_flight.insert(request_id.to_owned());
        }
        self.last_activity = Some(Instant::now());
    }
}

struct Recorder {
    log: Arc<Mutex<Log>>,
    tasks: Vec<JoinHandle<()>>,
    started: Instant,
}

impl Recorder {
    async fn attach(page: &Page) -> Result<Self, BrowserError> {
        let log = Arc::new(Mutex::new(Log::default()));
        let mut tasks = Vec::new();

        let mut sent = page.event_listener::<EventRequestWillBeSent>().await?;
        let l = log.clone();
        tasks.push(tokio::spawn(async move {
            while let Some(event) = sent.next().await {
                let mut log = lock(&l);
                log.started(event.request_id.inner());
                let place = log.requests.len();
                log.places.insert(event.request_id.inner().clone(), place);
                let initiator = event
                    .initiator
                    .url
                    .clone()
                    .unwrap_or_else(|| format!("{:?}", event.initiator.r#type).to_lowercase());
                let refused = log.refused_early.remove(event.request_id.inner());
                log.requests.push(SeenRequest {
                    url: event.request.url.clone(),
                    host: host_of(&event.request.url),
                    resource_type: event
                        .r#type
                        .as_ref()
                        .map_or_else(|| "Other".to_owned(), |t| format!("{t:?}")),
                    refused,
                    initiator,
                });
            }
        }));
        let mut finished = page.event_listener::<EventLoadingFinished>().await?;
        let l = log.clone();
        tasks.push(tokio::spawn(async move {
            while let Some(event) = finished.next().await {
                lock(&l).ended(event.request_id.inner());
            }
        }));
        let mut failed = page.event_listener::<EventLoadingFailed>().await?;
        let l = log.clone();
        tasks.push(tokio::spawn(async move {
            while let Some(event) = failed.next().await {
                let mut log = lock(&l);
                log.ended(event.request_id.inner());
                // Refused by a Content-Security-Policy: nothing reached the host.
                if event.blocked_reason == Some(BlockedReason::Csp) {
                    let id = event.request_id.inner();
                    match log.places.get(id).copied() {
                        Some(place) => {
                            if let Some(request) = log.requests.get_mut(place) {
                                request.refused = true;
                            }
                        }
                        None => {
                            log.refused_early.insert(id.clone());
                        }
                    }
                }
            }
        }));
        let mut extra = page
            .event_listener::<EventResponseReceivedExtraInfo>()
            .await?;
        let l = log.clone();
        tasks.push(tokio::spawn(async move {
            while let Some(event) = extra.next().await {
                let names = set_cookie_names(event.headers.inner());
                lock(&l).header_cookies.extend(names);
            }
        }));
        Ok(Self {
            log,
            tasks,
            started: Instant::now(),
        })
    }

    /// The requests still in flight, each as its type and the start of its URL.
    fn still_open(&self) -> Vec<String> {
        let log = lock(&self.log);
        log.in_flight
            .iter()
            .filter_map(|id| log.places.get(id).and_then(|&p| log.requests.get(p)))
            .map(|r| {
                let url: String = r.url.chars().take(80).collect();
                format!("{} {url}", r.resource_type)
            })
            .collect()
    }

    /// Wait until the page has settled (see [`QUIET`]), or [`PAGE_LIMIT`] has passed.
    async fn settle(&self) {
        loop {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let (idle, last) = {
                let log = lock(&self.log);
                (log.in_flight.len() <= STILL_OPEN, log.last_activity)
            };
            let quiet_since = last.unwrap_or(self.started);
            if idle && quiet_since.elapsed() >= QUIET {
                return;
            }
            if self.started.elapsed() >= PAGE_LIMIT {
                eprintln!(
                    "samtycke-scan: the page did not settle within {} s and is taken as it is; \
                     still open: {}",
                    PAGE_LIMIT.as_secs(),
                    self.still_open().join(", ")
                );
                return;
            }
        }
    }

    async fn visit(
        self,
        browser: &Browser,
        page: &Page,
        context: &chromiumoxide::cdp::browser_protocol::browser::BrowserContextId,
        url: &str,
        phase: Phase,
    ) -> Result<PageVisit, BrowserError> {
        let site = site_of(&host_of(url));
        let cookies = cookies_in(browser, context).await?;
        let storage = storage_keys(page).await;
        for task in &self.tasks {
            task.abort();
        }
        let log = lock(&self.log);
        let now = now_secs();
        let cookies = cookies
            .into_iter()
            .map(|c| SeenCookie {
                first_party: site_of(c.domain.trim_start_matches('.')) == site,
                set_by: if log.header_cookies.contains(&c.name) {
                    SetBy::Header
                } else {
                    SetBy::Script
                },
                lifetime_secs: (!c.session && c.expires > 0.0)
                    .then(|| (c.expires - now).round() as i64),
                name: c.name,
                domain: c.domain,
            })
            .collect();
        let requests = log
            .requests
            .iter()
            .filter(|r| r.url.starts_with("http") && site_of(&r.host) != site)
            .cloned()
            .collect();
        Ok(PageVisit {
            page: url.to_owned(),
            phase,
            cookies,
            storage,
            requests,
        })
    }
}

fn lock(log: &Arc<Mutex<Log>>) -> std::sync::MutexGuard<'_, Log> {
    log.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn now_secs() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// The names of the cookies a response's headers set (`Set-Cookie`, one per line).
fn set_cookie_names(headers: &serde_json::Value) -> Vec<String> {
    let Some(map) = headers.as_object() else {
        return Vec::new();
    };
    map.iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, value)| value.as_str())
        .flat_map(|value| value.lines())
        .filter_map(|line| line.split(';').next()?.split_once('='))
        .map(|(name, _)| name.trim().to_owned())
        .collect()
}

/// The host of a URL, with its port when it has one (`analytics.localhost:4001`), or `""`.
pub(crate) fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            let host = u.host_str()?.to_owned();
            Some(match u.port() {
                Some(port) => format!("{host}:{port}"),
                None => host,
            })
        })
        .unwrap_or_default()
}

/// The site a host belongs to: its registrable domain (`www.1177.se` → `1177.se`) by the
/// Public Suffix List, or the host itself (an IP address, `localhost`).
pub(crate) fn site_of(host: &str) -> String {
    let host = match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            name
        }
        _ => host,
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() || !host.contains('.') {
        return host;
    }
    match psl::domain_str(&host) {
        Some(domain) => domain.to_owned(),
        None => host,
    }
}

/// Samtycke's banner on the page (edge mode, or in the embed's shadow root): waited for up
/// to `limit`.
async fn wait_for_banner(page: &Page, limit: Duration) -> bool {
    let start = Instant::now();
    loop {
        let found = page
            .evaluate(format!("!!({FIND_BUTTON})('accept-all')"))
            .await
            .ok()
            .and_then(|r| r.into_value::<bool>().ok())
            .unwrap_or(false);
        if found {
            return true;
        }
        if start.elapsed() >= limit {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A function finding the banner's button for a choice, in the page or the embed's shadow root.
const FIND_BUTTON: &str = r#"(choice) => {
  const roots = [document];
  const embed = document.getElementById("samtycke-embed");
  if (embed && embed.shadowRoot) roots.push(embed.shadowRoot);
  for (const root of roots) {
    const button = root.querySelector(`#samtycke button[name="choice"][value="${choice}"]`);
    if (button) return button;
  }
  return null;
}"#;

/// Click the banner's button for `choice` and wait (up to `limit`) until the decision is
/// stored: the `samtycke` cookie is set.
async fn answer(
    page: &Page,
    choice: &str,
    browser: &Browser,
    context: &chromiumoxide::cdp::browser_protocol::browser::BrowserContextId,
    limit: Duration,
) -> Result<bool, BrowserError> {
    page.evaluate(format!("({FIND_BUTTON})({choice:?}).click()"))
        .await?;
    let start = Instant::now();
    loop {
        let cookies = cookies_in(browser, context).await?;
        if cookies
            .iter()
            .any(|c| c.name == samtycke_visitor::own_storage::CONSENT_COOKIE)
        {
            return Ok(true);
        }
        if start.elapsed() >= limit {
            return Ok(false);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The page's `localStorage` and `sessionStorage` keys.
/// Every cookie the browser holds in `context`.
async fn cookies_in(
    browser: &Browser,
    context: &chromiumoxide::cdp::browser_protocol::browser::BrowserContextId,
) -> Result<Vec<Cookie>, BrowserError> {
    Ok(browser
        .execute(GetCookiesParams {
            browser_context_id: Some(context.clone()),
        })
        .await?
        .result
        .cookies)
}

async fn storage_keys(page: &Page) -> Vec<SeenStorage> {
    let keys = page
        .evaluate(
            "(() => { const keys = (s) => { try { return Object.keys(s) } catch (e) { return [] } };\
             return [keys(localStorage), keys(sessionStorage)] })()",
        )
        .await
        .ok()
        .and_then(|r| r.into_value::<(Vec<String>, Vec<String>)>().ok())
        .unwrap_or_default();
    let local = keys.0.into_iter().map(|key| SeenStorage {
        area: StorageArea::LocalStorage,
        key,
    });
    let session = keys.1.into_iter().map(|key| SeenStorage {
        area: StorageArea::SessionStorage,
        key,
    });
    local.chain(session).collect()
}

/// Every link the site's own page makes, as absolute URLs: not those of Samtycke's banner
/// and reopen control (its language switch and settings are not the site's pages).
async fn links(page: &Page) -> Vec<String> {
    page.evaluate(
        "Array.from(document.links).filter((a) => !a.closest('#samtycke, #samtycke-reopen')).map((a) => a.href)",
    )
        .await
        .ok()
        .and_then(|r| r.into_value::<Vec<String>>().ok())
        .unwrap_or_default()
}
