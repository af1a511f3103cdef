//! The rules of `samtycke scan`: what a crawl saw on a site (cookies, storage keys,
//! third-party requests, per page and per consent state), placed in categories by the site's
//! configuration, Samtycke's own names and a cookie database, judged as **violations**
//! (anything not known to be necessary before a decision or after "only necessary") and
//! **drift** (anything the configuration does not name), and turned into a draft
//! configuration for a person to review.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cookie_db::CookieDb;
use samtycke_visitor::config::{Category, CookieSpec, Language, Service, SiteConfig, Texts};
use samtycke_visitor::gate::Gate;
use samtycke_visitor::own_storage;

/// The consent state a page was looked at in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Phase {
    /// Before any decision: only what is necessary may run.
    NoDecision,
    /// After "only necessary".
    OnlyNecessary,
    /// After "accept all".
    AcceptAll,
}

impl Phase {
    /// Whether only necessary things may happen in this state.
    pub(crate) fn only_necessary(self) -> bool {
        !matches!(self, Self::AcceptAll)
    }

    /// A short label for tables.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::NoDecision => "no decision",
            Self::OnlyNecessary => "only necessary",
            Self::AcceptAll => "accept all",
        }
    }
}

/// How a cookie came to be set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum SetBy {
    /// A `Set-Cookie` response header.
    Header,
    /// A script (`document.cookie` or the Cookie Store API).
    Script,
}

/// A cookie the browser held after a page was loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SeenCookie {
    /// Its name.
    pub(crate) name: String,
    /// Its domain as the browser stores it (`.example.se` for a domain cookie).
    pub(crate) domain: String,
    /// Seconds it lives from when it was seen; `None` for a session cookie.
    pub(crate) lifetime_secs: Option<i64>,
    /// Whether its domain is the site's own.
    pub(crate) first_party: bool,
    /// Whether a header or a script set it.
    pub(crate) set_by: SetBy,
}

/// Which Web Storage area a key is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum StorageArea {
    /// `localStorage`.
    LocalStorage,
    /// `sessionStorage`.
    SessionStorage,
}

/// A Web Storage key a page held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SeenStorage {
    /// Where.
    pub(crate) area: StorageArea,
    /// The key.
    pub(crate) key: String,
}

/// A request the page made to a host that is not the site's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SeenRequest {
    /// The full URL.
    pub(crate) url: String,
    /// Its host (with the port when there is one).
    pub(crate) host: String,
    /// The browser's resource type (`Script`, `Image`, `XHR`, …).
    pub(crate) resource_type: String,
    /// What made the request: the script's URL, or `parser` for the page's own markup.
    pub(crate) initiator: String,
    /// The browser refused it (a Content-Security-Policy: the consent policy Samtycke's
    /// edge sends, or the site's own): nothing reached the host.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) refused: bool,
}

/// What one page showed in one consent state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PageVisit {
    /// The page's URL.
    pub(crate) page: String,
    /// The consent state.
    pub(crate) phase: Phase,
    /// Cookies held after the page settled.
    pub(crate) cookies: Vec<SeenCookie>,
    /// Storage keys held after the page settled.
    pub(crate) storage: Vec<SeenStorage>,
    /// Requests to other hosts.
    pub(crate) requests: Vec<SeenRequest>,
}

/// Where a classification comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Source {
    /// One of Samtycke's own cookies or keys.
    Samtycke,
    /// The site's configuration names it.
    Configuration,
    /// The cookie database knows it (the configuration does not).
    CookieDatabase,
    /// Nothing knows it.
    Unknown,
}

/// What a finding is taken to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Class {
    /// The category id, when known.
    pub(crate) category: Option<String>,
    /// Whether that category is necessary (required). Unknown things are not.
    pub(crate) necessary: bool,
    /// Who said so.
    pub(crate) source: Source,
    /// The service or platform, when known.
    pub(crate) service: Option<String>,
}

impl Class {
    fn unknown() -> Self {
        Self {
            category: None,
            necessary: false,
            source: Source::Unknown,
            service: None,
        }
    }
}

/// Places what a scan saw in categories.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Classifier<'a> {
    config: Option<&'a SiteConfig>,
    db: &'a CookieDb,
}

impl<'a> Classifier<'a> {
    /// A classifier by the site's configuration (when the site has Samtycke) and a cookie
    /// database.
    pub(crate) fn new(config: Option<&'a SiteConfig>, db: &'a CookieDb) -> Self {
        Self { config, db }
    }

    fn from_config(category: &Category, service: &Service) -> Class {
        Class {
            category: Some(category.id.clone()),
            necessary: category.required,
            source: Source::Configuration,
            service: Some(service.id.clone()),
        }
    }

    fn by_database(&self, name: Option<&str>, host: Option<&str>) -> Option<Class> {
        let entry = name
            .and_then(|n| self.db.lookup(n))
            .or_else(|| host.and_then(|h| self.db.lookup_host(h)))?;
        let id = entry.category.category_id();
        Some(Class {
            category: Some(id.to_owned()),
            necessary: id == "necessary",
            source: Source::CookieDatabase,
            service: Some(entry.platform.clone()),
        })
    }

    /// A cookie: Samtycke's own, then the configuration, then the database.
    pub(crate) fn cookie(&self, cookie: &SeenCookie) -> Class {
        if own_storage::is_own_cookie(&cookie.name) {
            return own();
        }
        if let Some(config) = self.config
            && let Some((category, service)) = Gate::new(config, None).cookie_service(&cookie.name)
        {
            return Self::from_config(category, service);
        }
        self.by_database(Some(&cookie.name), None)
            .unwrap_or_else(Class::unknown)
    }

    /// A storage key: Samtycke's own, then the database (configurations name no keys).
    pub(crate) fn storage(&self, item: &SeenStorage) -> Class {
        if own_storage::is_own_storage_key(&item.key) {
            return own();
        }
        self.by_database(Some(&item.key), None)
            .unwrap_or_else(Class::unknown)
    }

    /// A request to another host, from a page on `page_host`: the configuration's hosts and
    /// URLs, then the database's domains.
    pub(crate) fn request(&self, request: &SeenRequest, page_host: &str) -> Class {
        if let Some(config) = self.config
            && let Some((category, service)) =
                Gate::new(config, None).url_service(&request.url, page_host)
        {
            return Self::from_config(category, service);
        }
        let host = strip_port(&request.host);
        self.by_database(None, Some(host))
            .unwrap_or_else(Class::unknown)
    }
}

fn own() -> Class {
    Class {
        category: Some("necessary".into()),
        necessary: true,
        source: Source::Samtycke,
        service: Some("samtycke".into()),
    }
}

fn strip_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((h, port)) if !h.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    }
}

/// What was seen, as one line of a report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub(crate) enum Item {
    /// A cookie, by name and domain.
    Cookie {
        /// Its name.
        name: String,
        /// Its domain.
        domain: String,
    },
    /// A Web Storage key.
    Storage {
        /// Which area.
        area: StorageArea,
        /// The key.
        key: String,
    },
    /// Requests to one host.
    Request {
        /// The host.
        host: String,
    },
}

impl Item {
    /// A short description for tables: `cookie _ga (.example.se)`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Cookie { name, domain } => format!("cookie {name} ({domain})"),
            Self::Storage { area, key } => match area {
                StorageArea::LocalStorage => format!("localStorage {key}"),
                StorageArea::SessionStorage => format!("sessionStorage {key}"),
            },
            Self::Request { host } => format!("request to {host}"),
        }
    }
}

/// Everything known about one item over the whole scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Finding {
    /// What.
    pub(crate) item: Item,
    /// What it is taken to be.
    pub(crate) class: Class,
    /// The consent states it was seen in.
    pub(crate) phases: Vec<Phase>,
    /// The pages it was seen on (the first few).
    pub(crate) pages: Vec<String>,
    /// For cookies: the longest lifetime seen in seconds (`None`: session only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) lifetime_secs: Option<i64>,
    /// For cookies: how it was set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) set_by: Option<SetBy>,
    /// For cookies: whether first party.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) first_party: Option<bool>,
    /// For requests: the resource types and initiators seen (the first few).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub(crate) requests: Vec<RequestSample>,
    /// Set or requested while only necessary things may be (no decision, only necessary),
    /// and not known to be necessary.
    pub(crate) violation: bool,
    /// Not named by the site's configuration (nor Samtycke's own).
    pub(crate) drift: bool,
    /// For requests: every one was refused by the browser (a CSP), so the host was never
    /// reached: not a violation, but drift all the same when no service claims it (a tag
    /// the site added that the consent policy keeps out until someone classifies it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) refused: bool,
}

/// One request of a host, as a sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RequestSample {
    /// The URL.
    pub(crate) url: String,
    /// The resource type.
    pub(crate) resource_type: String,
    /// The initiator.
    pub(crate) initiator: String,
}

/// How many pages and samples a finding keeps.
const SAMPLES: usize = 5;

/// Judge every visit: one finding per item, violations and drift marked.
pub(crate) fn judge(visits: &[PageVisit], classifier: &Classifier<'_>) -> Vec<Finding> {
    let mut findings: BTreeMap<Item, Finding> = BTreeMap::new();
    // `refused`: for a request, whether the browser refused it.
    let mut note = |item: Item, class: Class, visit: &PageVisit, refused: Option<bool>| -> Item {
        let finding = findings.entry(item.clone()).or_insert_with(|| Finding {
            refused: refused.is_some(),
            drift: !matches!(class.source, Source::Samtycke | Source::Configuration),
            item: item.clone(),
            class,
            phases: Vec::new(),
            pages: Vec::new(),
            lifetime_secs: None,
            set_by: None,
            first_party: None,
            requests: Vec::new(),
            violation: false,
        });
        if !finding.phases.contains(&visit.phase) {
            finding.phases.push(visit.phase);
            finding.phases.sort();
        }
        if finding.pages.len() < SAMPLES && !finding.pages.contains(&visit.page) {
            finding.pages.push(visit.page.clone());
        }
        finding.refused &= refused.unwrap_or(false);
        if visit.phase.only_necessary() && !finding.class.necessary && refused != Some(true) {
            finding.violation = true;
        }
        item
    };
    let mut extra: Vec<(Item, Option<&SeenCookie>, Option<&SeenRequest>)> = Vec::new();
    for visit in visits {
        let page_host = page_host(&visit.page);
        for cookie in &visit.cookies {
            let item = Item::Cookie {
                name: cookie.name.clone(),
                domain: cookie.domain.clone(),
            };
            let item = note(item, classifier.cookie(cookie), visit, None);
            extra.push((item, Some(cookie), None));
        }
        for stored in &visit.storage {
            let item = Item::Storage {
                area: stored.area,
                key: stored.key.clone(),
            };
            note(item, classifier.storage(stored), visit, None);
        }
        for request in &visit.requests {
            let item = Item::Request {
                host: request.host.clone(),
            };
            let item = note(
                item,
                classifier.request(request, page_host),
                visit,
                Some(request.refused),
            );
            extra.push((item, None, Some(request)));
        }
    }
    for (item, cookie, request) in extra {
        let Some(finding) = findings.get_mut(&item) else {
            continue;
        };
        if let Some(c) = cookie {
            finding.lifetime_secs = match (finding.lifetime_secs, c.lifetime_secs) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            // A header wins: the server set it, whatever scripts did later.
            finding.set_by = Some(match (finding.set_by, c.set_by) {
                (Some(SetBy::Header), _) | (_, SetBy::Header) => SetBy::Header,
                _ => SetBy::Script,
            });
            finding.first_party = Some(c.first_party);
        }
        if let Some(r) = request
            && finding.requests.len() < SAMPLES
            && !finding.requests.iter().any(|s| s.url == r.url)
        {
            finding.requests.push(RequestSample {
                url: r.url.clone(),
                resource_type: r.resource_type.clone(),
                initiator: r.initiator.clone(),
            });
        }
    }
    let mut all: Vec<Finding> = findings.into_values().collect();
    // Violations first, then drift, then the rest; within each, as the items sort.
    all.sort_by_key(|f| (!f.violation, !f.drift));
    all
}

/// The host (with port) of a page URL, or `""`.
fn page_host(url: &str) -> &str {
    url.split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""))
        .unwrap_or("")
}

/// The totals a report leads with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Totals {
    /// Items set or requested against the visitor's choice.
    pub(crate) violations: usize,
    /// Items the configuration does not name.
    pub(crate) drift: usize,
    /// Everything seen.
    pub(crate) items: usize,
}

/// Count the findings.
pub(crate) fn totals(findings: &[Finding]) -> Totals {
    Totals {
        violations: findings.iter().filter(|f| f.violation).count(),
        drift: findings.iter().filter(|f| f.drift).count(),
        items: findings.len(),
    }
}

/// The id of the category a draft puts what nothing could place in, for a person to decide.
pub(crate) const UNCLASSIFIED: &str = "unclassified";

/// A draft configuration: `base` (the site's own, or a skeleton) with every drift finding
/// added as a service in its category (created when the base has none), for review.
pub(crate) fn draft_config(base: &SiteConfig, findings: &[Finding]) -> SiteConfig {
    let mut config = base.clone();
    for finding in findings.iter().filter(|f| f.drift) {
        let category_id = finding
            .class
            .category
            .clone()
            .unwrap_or_else(|| UNCLASSIFIED.to_owned());
        let category = match config.categories.iter().position(|c| c.id == category_id) {
            Some(i) => &mut config.categories[i],
            None => {
                config
                    .categories
                    .push(new_category(&category_id, &config.languages.clone()));
                let last = config.categories.len() - 1;
                &mut config.categories[last]
            }
        };
        let (service_id, service_name) = match (&finding.class.service, &finding.item) {
            (Some(platform), _) => (slug(platform), platform.clone()),
            (None, Item::Request { host }) => (slug(strip_port(host)), strip_port(host).to_owned()),
            (None, Item::Cookie { name, .. }) => (slug(name), format!("Unknown ({name})")),
            (None, Item::Storage { key, .. }) => (slug(key), format!("Unknown ({key})")),
        };
        let service = match category.services.iter().position(|s| s.id == service_id) {
            Some(i) => &mut category.services[i],
            None => {
                category.services.push(Service {
                    id: service_id,
                    name: service_name,
                    cookies: Vec::new(),
                    hosts: Vec::new(),
                    urls: Vec::new(),
                    inline: Vec::new(),
                });
                let last = category.services.len() - 1;
                &mut category.services[last]
            }
        };
        match &finding.item {
            Item::Cookie { name, domain } => {
                if !service.cookies.iter().any(|c| c.matches(name)) {
                    // What the configuration may state is capped at 13 months; a cookie
                    // that lives longer is reported with its real lifetime.
                    let days = finding.lifetime_secs.map_or(0, |s| {
                        u32::try_from((s + 86_399) / 86_400)
                            .unwrap_or(u32::MAX)
                            .min(samtycke_visitor::config::MAX_LIFETIME_DAYS)
                    });
                    service.cookies.push(CookieSpec {
                        name: name.clone(),
                        domain: if finding.first_party == Some(true) {
                            String::new()
                        } else {
                            domain.clone()
                        },
                        lifetime_days: days,
                    });
                }
            }
            Item::Request { host } => {
                let host = strip_port(host).to_owned();
                if !service.hosts.contains(&host) {
                    service.hosts.push(host);
                }
            }
            // Configurations name no storage keys: the service itself records the finding.
            Item::Storage { .. } => {}
        }
    }
    config
}

/// A category the scan proposes, worded in Swedish and, for every other language the site
/// offers, in English as a draft the maintainer translates.
fn new_category(id: &str, languages: &[Language]) -> Category {
    let (sv, en, purpose) = match id {
        "necessary" => ("Nödvändiga", "Necessary", "dpv:ServiceProvision"),
        "preferences" => ("Inställningar", "Preferences", "dpv:ServicePersonalisation"),
        "analytics" => ("Statistik", "Analytics", "dpv:ServiceUsageAnalytics"),
        "marketing" => ("Marknadsföring", "Marketing", "dpv:Marketing"),
        _ => ("Att granska", "To review", "dpv:Purpose"),
    };
    let in_every = |sv: String, en: String| {
        Texts::new(languages.iter().map(|l| {
            let text = if *l == Language::SV {
                sv.clone()
            } else {
                en.clone()
            };
            (*l, text)
        }))
    };
    let review = in_every(
        format!(
            "UTKAST från samtycke scan: beskriv vad {sv} används till innan webbplatsen använder konfigurationen."
        ),
        format!(
            "DRAFT from samtycke scan: describe what {en} is used for before the site uses this configuration."
        ),
    );
    Category {
        id: id.to_owned(),
        required: id == "necessary",
        dpv_purpose: purpose.to_owned(),
        label: in_every(sv.to_owned(), en.to_owned()),
        description: review,
        services: Vec::new(),
        consent_mode: Vec::new(),
    }
}

/// A service id from a name: lower-case ASCII letters and digits (Swedish and common Latin
/// letters without their marks), runs of anything else as one `-`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = match c.to_lowercase().next().unwrap_or(c) {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ó' | 'ø' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "service".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DB: &str = "ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match
1,Chattjänst,Marketing,_chat_,chat.localhost,Chat visitor,1 year,Chat AB,,1
2,Google Analytics,Analytics,_ga,google-analytics.com,Visitor id,2 years,Google,,0
";

    fn config() -> SiteConfig {
        SiteConfig::parse(
            "klinik.json",
            include_str!("../../config/sites/klinik.json"),
        )
        .unwrap()
    }

    fn cookie(name: &str, set_by: SetBy) -> SeenCookie {
        SeenCookie {
            name: name.into(),
            domain: "127.0.0.1".into(),
            lifetime_secs: Some(86_400 * 30),
            first_party: true,
            set_by,
        }
    }

    fn request(host: &str, path: &str) -> SeenRequest {
        SeenRequest {
            url: format!("http://{host}{path}"),
            host: host.into(),
            resource_type: "Script".into(),
            initiator: "parser".into(),
            refused: false,
        }
    }

    #[test]
    fn a_request_the_consent_policy_refused_is_drift_but_no_violation() {
        let config = config();
        let db = CookieDb::default();
        let classifier = Classifier::new(Some(&config), &db);
        let refused = SeenRequest {
            refused: true,
            ..request("chat.localhost:4009", "/widget.js")
        };
        let findings = judge(
            &[
                visit(Phase::NoDecision, vec![], vec![refused.clone()]),
                visit(Phase::OnlyNecessary, vec![], vec![refused.clone()]),
            ],
            &classifier,
        );
        let chat = findings
            .iter()
            .find(|f| f.item.describe() == "request to chat.localhost:4009")
            .expect("seen");
        assert!(chat.refused && chat.drift && !chat.violation, "{chat:#?}");

        // Once one request to the host got through, it counts as it always did.
        let findings = judge(
            &[visit(
                Phase::NoDecision,
                vec![],
                vec![refused, request("chat.localhost:4009", "/widget.js")],
            )],
            &classifier,
        );
        let chat = findings
            .iter()
            .find(|f| f.item.describe() == "request to chat.localhost:4009")
            .expect("seen");
        assert!(!chat.refused && chat.drift && chat.violation, "{chat:#?}");
    }

    fn visit(phase: Phase, cookies: Vec<SeenCookie>, requests: Vec<SeenRequest>) -> PageVisit {
        PageVisit {
            page: "http://127.0.0.1:8790/".into(),
            phase,
            cookies,
            storage: vec![SeenStorage {
                area: StorageArea::LocalStorage,
                key: own_storage::DECISION_KEY.into(),
            }],
            requests,
        }
    }

    #[test]
    fn a_configured_tracker_before_a_decision_is_a_violation_and_not_drift() {
        let config = config();
        let db = CookieDb::parse_csv("db.csv", DB).unwrap();
        let classifier = Classifier::new(Some(&config), &db);
        let findings = judge(
            &[
                visit(
                    Phase::NoDecision,
                    vec![
                        cookie("_sa_id", SetBy::Script),
                        cookie("klinik_session", SetBy::Header),
                    ],
                    vec![request("analytics.localhost:4001", "/a.js")],
                ),
                visit(
                    Phase::AcceptAll,
                    vec![cookie("_sa_id", SetBy::Header)],
                    vec![],
                ),
            ],
            &classifier,
        );
        let find = |describe: &str| {
            findings
                .iter()
                .find(|f| f.item.describe() == describe)
                .unwrap_or_else(|| panic!("no {describe} in {findings:#?}"))
        };
        let sa = find("cookie _sa_id (127.0.0.1)");
        assert!(sa.violation && !sa.drift);
        assert_eq!(sa.class.category.as_deref(), Some("analytics"));
        assert_eq!(sa.class.service.as_deref(), Some("besoksstatistik"));
        assert_eq!(sa.phases, vec![Phase::NoDecision, Phase::AcceptAll]);
        assert_eq!(
            sa.set_by,
            Some(SetBy::Header),
            "a header wins over a script"
        );
        let analytics = find("request to analytics.localhost:4001");
        assert!(analytics.violation && !analytics.drift);
        let session = find("cookie klinik_session (127.0.0.1)");
        assert!(
            !session.violation && !session.drift,
            "necessary and configured"
        );
        let own = find("localStorage samtycke.decision");
        assert_eq!(own.class.source, Source::Samtycke);
        assert!(!own.violation && !own.drift);
        assert_eq!(totals(&findings).violations, 2);
        assert!(
            findings[0].violation && findings[1].violation,
            "violations come first"
        );
    }

    #[test]
    fn what_only_appears_after_accept_all_is_fine_and_unknown_things_are_drift() {
        let config = config();
        let db = CookieDb::parse_csv("db.csv", DB).unwrap();
        let classifier = Classifier::new(Some(&config), &db);
        let findings = judge(
            &[
                visit(Phase::OnlyNecessary, vec![], vec![]),
                visit(
                    Phase::AcceptAll,
                    vec![
                        cookie("_chat_v", SetBy::Script),
                        cookie("cms_pref", SetBy::Script),
                    ],
                    vec![
                        request("chat.localhost:4005", "/widget.js"),
                        request("analytics.localhost:4001", "/a.js"),
                    ],
                ),
            ],
            &classifier,
        );
        let t = totals(&findings);
        assert_eq!((t.violations, t.drift), (0, 3));
        let chat = findings
            .iter()
            .find(|f| {
                f.item
                    == Item::Cookie {
                        name: "_chat_v".into(),
                        domain: "127.0.0.1".into(),
                    }
            })
            .unwrap();
        assert_eq!(chat.class.source, Source::CookieDatabase);
        assert_eq!(chat.class.category.as_deref(), Some("marketing"));

        // The draft places each in its category: the database's, or one to review.
        let draft = draft_config(&config, &findings);
        let service = |category: &str, id: &str| {
            draft
                .categories
                .iter()
                .find(|c| c.id == category)
                .and_then(|c| c.services.iter().find(|s| s.id == id))
                .cloned()
                .unwrap_or_else(|| panic!("no {category}/{id} in the draft"))
        };
        let chat = service("marketing", "chattjanst");
        assert_eq!(chat.cookies[0].name, "_chat_v");
        assert_eq!(chat.cookies[0].lifetime_days, 30);
        assert_eq!(chat.hosts, vec!["chat.localhost".to_owned()]);
        let unknown = service(UNCLASSIFIED, "cms-pref");
        assert_eq!(unknown.cookies[0].name, "cms_pref");
        assert!(
            !draft
                .categories
                .iter()
                .find(|c| c.id == UNCLASSIFIED)
                .unwrap()
                .required
        );
        // The draft is a configuration the check accepts as it stands.
        let text = serde_json::to_string(&draft).unwrap();
        SiteConfig::parse("draft.json", &text).unwrap();
    }

    #[test]
    fn a_site_without_samtycke_has_everything_not_known_as_necessary_as_a_violation() {
        let db = CookieDb::parse_csv("db.csv", DB).unwrap();
        let classifier = Classifier::new(None, &db);
        let findings = judge(
            &[visit(
                Phase::NoDecision,
                vec![
                    cookie("_ga", SetBy::Script),
                    cookie("PHPSESSID", SetBy::Header),
                ],
                vec![request("www.google-analytics.com", "/g/collect")],
            )],
            &classifier,
        );
        let t = totals(&findings);
        // _ga, PHPSESSID (not known to be necessary), the request; Samtycke's key is fine.
        assert_eq!((t.violations, t.drift, t.items), (3, 3, 4));
    }

    #[test]
    fn slugs_are_ascii_ids() {
        assert_eq!(slug("Google Analytics 4"), "google-analytics-4");
        assert_eq!(slug("Besöksstatistik på Åre"), "besoksstatistik-pa-are");
        assert_eq!(slug("--"), "service");
    }
}
