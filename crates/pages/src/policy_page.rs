//! The HTML page of a privacy notice: what the notice states, in the order a reader looks for
//! it (controller, each group of people, transfers, security, children, rights, complaints,
//! cookies, changes), with the cookie table made from the site configuration.

use askama::Template;
use samtycke_policy::{
    Audience, ContactPoint, PolicyDocument, Recipient, RequirementKind, SafeguardKind, is_eu_eea,
};
use samtycke_visitor::SiteConfig;

use crate::markdown::to_html as md;
use crate::{inline, other, path, settings_href, short};
use samtycke_visitor::texts::{self, Labels, labels};

struct PurposeView {
    purpose: String,
    data_used: Option<String>,
    legal_basis: String,
    special_category: Option<String>,
    legitimate_interest: Option<String>,
    requirement: Option<RequirementView>,
}

struct RequirementView {
    kind: &'static str,
    /// Whether the person is obliged, unless providing is voluntary.
    obliged: Option<&'static str>,
    consequence: String,
}

struct SourceView {
    data: String,
    source: String,
    public: &'static str,
}

struct ActivityView {
    what: String,
    logic: String,
    significance: String,
    consequences: String,
    decision: String,
}

struct RetentionView {
    data: String,
    period: String,
}

struct CountryView {
    code: String,
    region: &'static str,
}

struct SafeguardView {
    kind: String,
    details: Option<String>,
    copy: Option<String>,
}

struct RecipientView {
    name: String,
    role: &'static str,
    reason: String,
    country: Option<CountryView>,
    safeguard: Option<SafeguardView>,
}

struct AudienceView {
    name: String,
    data_categories: Vec<String>,
    sources: Vec<SourceView>,
    purposes: Vec<PurposeView>,
    automated_none: Option<String>,
    activities: Vec<ActivityView>,
    retention: Vec<RetentionView>,
    recipients: Vec<RecipientView>,
}

/// A contact point: the data protection officer or another.
pub(crate) struct ContactView {
    pub(crate) label: &'static str,
    pub(crate) name: String,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
}

impl ContactView {
    pub(crate) fn new(c: &ContactPoint, l: &Labels) -> Self {
        Self {
            label: if c.dpo { l.dpo } else { l.contact_point },
            name: c.name.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
        }
    }
}

struct JointView {
    name: String,
    organisation_number: String,
    country: Option<String>,
    contact: String,
    arrangement: String,
}

/// A recipient outside the EU/EEA, for the transfers section.
struct TransferView {
    name: String,
    country: String,
    safeguard: String,
}

struct ChildrenView {
    text: String,
    guardians: String,
    ages: Vec<(String, String)>,
}

struct ChangeView {
    date: String,
    summary: String,
    material: &'static str,
}

/// One row of the cookie table: Samtycke's own items, then the site configuration's cookies.
struct CookieRow {
    category: String,
    service: String,
    cookie: String,
    /// "cookie", or where else it is kept.
    kind: Option<&'static str>,
    lifetime: String,
}

#[derive(Template)]
#[template(path = "policy.html")]
struct PolicyPage<'a> {
    l: &'static Labels,
    title: &'a str,
    other_href: String,
    settings_href: String,
    doc: &'a PolicyDocument,
    version_short: &'a str,
    summary: String,
    controller_contact: Option<ContactView>,
    joint: Vec<JointView>,
    /// Who answers for all joint controllers (Art. 26(1)).
    contact_point: String,
    audiences: Vec<AudienceView>,
    transfers: Option<String>,
    third_country: Vec<TransferView>,
    security: &'a [String],
    children: Option<ChildrenView>,
    rights: Vec<(String, String)>,
    complaint: String,
    show_cookies: bool,
    cookie_notice: Option<String>,
    cookies: Option<Vec<CookieRow>>,
    changes: Vec<ChangeView>,
}

/// How a purpose refers to a data category: a text written `Name: details` by its name.
fn short_name(text: &str) -> &str {
    text.split_once(": ").map_or(text, |(name, _)| name)
}

fn requirement_kind(kind: RequirementKind, l: &Labels) -> &'static str {
    let [statutory, contractual, precondition, voluntary] = l.requirement_kinds;
    match kind {
        RequirementKind::Statutory => statutory,
        RequirementKind::Contractual => contractual,
        RequirementKind::ContractPrecondition => precondition,
        RequirementKind::Voluntary => voluntary,
    }
}

/// The name of a transfer ground with its article, e.g. `standardavtalsklausuler (GDPR Art.
/// 46(2)(c))`.
fn safeguard_kind(kind: SafeguardKind, l: &Labels) -> String {
    let [
        adequacy,
        authorities,
        bcr,
        scc,
        code,
        certification,
        ad_hoc,
        derogation,
    ] = l.safeguard_kinds;
    let name = match kind {
        SafeguardKind::Adequacy => adequacy,
        SafeguardKind::PublicAuthorityInstrument => authorities,
        SafeguardKind::BindingCorporateRules => bcr,
        SafeguardKind::StandardContractualClauses => scc,
        SafeguardKind::CodeOfConduct => code,
        SafeguardKind::Certification => certification,
        SafeguardKind::AdHocClauses => ad_hoc,
        SafeguardKind::Derogation => derogation,
    };
    format!("{name} ({})", kind.article())
}

fn recipient_view(r: &Recipient, l: &Labels) -> RecipientView {
    RecipientView {
        name: r.name.clone(),
        role: if r.role == "processor" {
            l.processor
        } else {
            l.recipient
        },
        reason: r.reason.clone(),
        country: r.country.as_ref().map(|code| CountryView {
            code: code.clone(),
            region: if is_eu_eea(code) {
                l.in_eea
            } else {
                l.outside_eea
            },
        }),
        safeguard: r.safeguard.as_ref().map(|s| SafeguardView {
            kind: safeguard_kind(s.kind, l),
            details: s.details.clone(),
            copy: s.copy.as_deref().map(|copy| inline(&md(copy))),
        }),
    }
}

fn audience_view(a: &Audience, l: &Labels) -> AudienceView {
    let purposes = a
        .purposes
        .iter()
        .map(|p| PurposeView {
            purpose: inline(&md(&p.purpose)),
            data_used: (!p.data_categories.is_empty()).then(|| {
                p.data_categories
                    .iter()
                    .map(|key| {
                        a.category(key)
                            .map_or(key.as_str(), |c| short_name(c.text()))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
            legal_basis: p.legal_basis.clone(),
            special_category: p.special_category_basis.clone(),
            legitimate_interest: p.legitimate_interest.clone(),
            requirement: p.requirement.as_ref().map(|r| RequirementView {
                kind: requirement_kind(r.kind, l),
                obliged: match (r.kind, r.obliged) {
                    (RequirementKind::Voluntary, _) => None,
                    (_, true) => Some(l.obliged),
                    (_, false) => Some(l.not_obliged),
                },
                consequence: r.consequence.clone(),
            }),
        })
        .collect();
    let activities = a
        .automated_decisions
        .activities
        .iter()
        .map(|act| ActivityView {
            what: act.what.clone(),
            logic: inline(&md(&act.logic)),
            significance: inline(&md(&act.significance)),
            consequences: inline(&md(&act.consequences)),
            decision: match (&act.solely_automated, &act.exception) {
                (true, Some(exception)) => format!("{} {exception}.", l.solely_automated),
                _ => l.not_solely_automated.to_owned(),
            },
        })
        .collect();
    AudienceView {
        name: a.name.clone(),
        data_categories: a
            .data_categories
            .iter()
            .map(|c| c.text().to_owned())
            .collect(),
        sources: a
            .sources
            .iter()
            .map(|s| SourceView {
                data: s.data.clone(),
                source: s.source.clone(),
                public: if s.publicly_accessible { l.yes } else { l.no },
            })
            .collect(),
        purposes,
        automated_none: a.automated_decisions.none.as_deref().map(md),
        activities,
        retention: a
            .retention
            .iter()
            .map(|r| RetentionView {
                data: r.data.clone(),
                period: md(&r.period),
            })
            .collect(),
        recipients: a.recipients.iter().map(|r| recipient_view(r, l)).collect(),
    }
}

/// The joint controller named the contact point, else the controller (with its contact
/// person, if it names one).
fn joint_contact_point(doc: &PolicyDocument) -> String {
    let controller = &doc.controller;
    match doc.joint_controllers.iter().find(|j| j.contact_point) {
        Some(joint) => joint.name.clone(),
        None => match &controller.contact_point {
            Some(person) => format!("{} ({})", controller.name, person.name),
            None => controller.name.clone(),
        },
    }
}

/// Every recipient outside the EU/EEA, once each, with the ground of the transfer.
fn third_country(doc: &PolicyDocument, l: &Labels) -> Vec<TransferView> {
    let mut out: Vec<TransferView> = Vec::new();
    for r in doc.audiences.iter().flat_map(|a| &a.recipients) {
        let (Some(country), Some(safeguard)) = (&r.country, &r.safeguard) else {
            continue;
        };
        if out
            .iter()
            .any(|t| t.name == r.name && t.country == *country)
        {
            continue;
        }
        out.push(TransferView {
            name: r.name.clone(),
            country: country.clone(),
            safeguard: safeguard_kind(safeguard.kind, l),
        });
    }
    out
}

/// `Under 13 år`, then `13–15 år`: each rule runs from the limit before it.
fn age_ranges(ages: &[u8], l: &Labels) -> Vec<String> {
    let mut from = 0;
    ages.iter()
        .map(|&below| {
            let label = match (from, below.saturating_sub(1)) {
                (0, _) => format!("{} {below} {}", l.age_under, l.years),
                (from, to) if from == to => format!("{from} {}", l.years),
                (from, to) => format!("{from}–{to} {}", l.years),
            };
            from = below;
            label
        })
        .collect()
}

fn cookie_rows(doc: &PolicyDocument, config: &SiteConfig, l: &Labels) -> Vec<CookieRow> {
    use samtycke_visitor::own_storage::{ITEMS, Kind, Lifetime};
    let necessary = config.categories.first().map_or(String::new(), |c| {
        format!("{} ({})", c.label.get(doc.language), l.always_on)
    });
    let own = ITEMS
        .iter()
        .zip(l.own_storage)
        // The patient login's cookies only where it runs, the edge's only behind the edge.
        .filter(|(item, _)| item.used_by(config))
        .map(|(item, purpose)| CookieRow {
            category: necessary.clone(),
            service: purpose.to_owned(),
            cookie: item.name.to_owned(),
            kind: (item.kind == Kind::LocalStorage).then_some(l.local_storage),
            lifetime: match item.lifetime {
                Lifetime::ConsentCookie => {
                    texts::count_days(config.cookie_lifetime_days, l.day, l.days)
                }
                Lifetime::Seconds(s) => format!("{} {}", s / 60, l.minutes),
                Lifetime::UntilCleared => l.until_cleared.to_owned(),
            },
        });
    let configured = config.categories.iter().flat_map(|c| {
        let category = format!(
            "{} ({})",
            c.label.get(doc.language),
            if c.required {
                l.always_on
            } else {
                l.needs_consent
            }
        );
        c.services.iter().flat_map(move |s| {
            let category = category.clone();
            s.cookies
                .iter()
                // Samtycke's own are listed from the code, above.
                .filter(|cookie| !samtycke_visitor::own_storage::is_own_cookie(&cookie.name))
                .map(move |cookie| CookieRow {
                    category: category.clone(),
                    service: s.name.clone(),
                    cookie: cookie.name.clone(),
                    kind: None,
                    lifetime: texts::count_days(cookie.lifetime_days, l.day, l.days),
                })
        })
    });
    own.chain(configured).collect()
}

/// The HTML page of a privacy notice; the cookie section comes from `config`.
pub fn render_policy(
    doc: &PolicyDocument,
    version: &str,
    config: &SiteConfig,
) -> Result<String, askama::Error> {
    let l = labels(doc.language);
    let children = doc.children.as_ref().map(|c| {
        let ages: Vec<u8> = c.age_limits.iter().map(|a| a.below).collect();
        ChildrenView {
            text: md(&c.text),
            guardians: md(&c.guardians),
            ages: age_ranges(&ages, l)
                .into_iter()
                .zip(&c.age_limits)
                .map(|(age, limit)| (age, inline(&md(&limit.rule))))
                .collect(),
        }
    });
    PolicyPage {
        l,
        title: &doc.title,
        other_href: path("integritet", &doc.slug, other(doc.language)),
        settings_href: settings_href(doc.language, &path("integritet", &doc.slug, doc.language)),
        doc,
        version_short: short(version),
        summary: md(&doc.summary),
        controller_contact: doc
            .controller
            .contact_point
            .as_ref()
            .map(|c| ContactView::new(c, l)),
        joint: doc
            .joint_controllers
            .iter()
            .map(|j| JointView {
                name: j.name.clone(),
                organisation_number: j.organisation_number.clone(),
                country: j.country.clone(),
                contact: j.contact.clone(),
                arrangement: md(&j.arrangement),
            })
            .collect(),
        contact_point: joint_contact_point(doc),
        audiences: doc.audiences.iter().map(|a| audience_view(a, l)).collect(),
        transfers: doc.transfers.as_deref().map(md),
        third_country: third_country(doc, l),
        security: &doc.security,
        children,
        rights: doc
            .rights
            .iter()
            .map(|r| (r.title.clone(), md(&r.text)))
            .collect(),
        complaint: md(&doc.complaint),
        show_cookies: doc.cookies_section || doc.cookie_notice.is_some(),
        cookie_notice: doc.cookie_notice.as_deref().map(md),
        cookies: doc.cookies_section.then(|| cookie_rows(doc, config, l)),
        changes: doc
            .changes
            .iter()
            .map(|c| ChangeView {
                date: c.date.clone(),
                summary: c.summary.clone(),
                material: if c.material { l.yes } else { l.no },
            })
            .collect(),
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use samtycke_visitor::Language;

    #[test]
    fn age_limits_read_as_ranges() {
        let sv = labels(Language::SV);
        assert_eq!(
            age_ranges(&[13, 16, 17], sv),
            ["Under 13 år", "13–15 år", "16 år"]
        );
        assert_eq!(age_ranges(&[18], labels(Language::EN)), ["Under 18 years"]);
    }

    #[test]
    fn a_category_written_name_colon_details_is_named_by_its_name() {
        assert_eq!(
            short_name("Kontaktuppgifter: namn och e-post"),
            "Kontaktuppgifter"
        );
        assert_eq!(short_name("Namn och personnummer"), "Namn och personnummer");
    }
}
