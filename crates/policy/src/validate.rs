//! The rules a privacy notice must follow: what GDPR Art. 13, 14, 22 and 26 require it to
//! say, and that what it says holds together (a purpose names data the audience has, a
//! recipient outside the EU/EEA states the ground for the transfer, the change log runs
//! newest first).

use super::check::Check;
use super::notice::{
    Audience, AutomatedDecisions, Change, Children, JointController, OPTIONAL_RIGHTS,
    PolicyDocument, Purpose, REQUIRED_RIGHTS, Recipient, RequirementKind,
};
use super::transfer::is_eu_eea;
use super::{PolicyError, syntax};

/// `GDPR Art. 6(1)(a)` … `(f)`.
fn is_art6_basis(basis: &str) -> bool {
    basis
        .strip_prefix("GDPR Art. 6(1)(")
        .and_then(|rest| rest.strip_suffix(')'))
        .is_some_and(|letter| matches!(letter, "a" | "b" | "c" | "d" | "e" | "f"))
}

/// The basis that needs a stated legitimate interest.
const LEGITIMATE_INTEREST: &str = "GDPR Art. 6(1)(f)";

impl PolicyDocument {
    /// Parse and validate a notice as its owner writes it (TOML); `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, PolicyError> {
        Self::validated(file, toml::from_str(text).map_err(|e| syntax(file, e))?)
    }

    fn validated(file: &str, doc: Self) -> Result<Self, PolicyError> {
        let check = Check::of(file, &doc.slug, &doc.title)?;
        let updated = check.date("updated", &doc.updated)?;
        check.controller(&doc.controller)?;
        joint_controllers(&check, &doc.joint_controllers)?;
        if doc.audiences.is_empty() {
            return Err(check.fail("audiences", "must list at least one group of people"));
        }
        for (a, audience) in doc.audiences.iter().enumerate() {
            Audiences {
                check: &check,
                at: format!("audiences[{a}]"),
                audience,
            }
            .validate()?;
        }
        transfers(&check, &doc)?;
        check.texts("security", &doc.security)?;
        if let Some(children) = &doc.children {
            self::children(&check, children)?;
        }
        rights(&check, &doc)?;
        if !doc.complaint.contains("IMY") && !doc.complaint.contains("Integritetsskyddsmyndigheten")
        {
            return Err(check.fail("complaint", "must tell how to complain to IMY"));
        }
        check.optional_text("cookie_notice", doc.cookie_notice.as_deref())?;
        if let Some(site) = &doc.site {
            if !samtycke_care::care_network::is_network_id(site) {
                return Err(check.fail("site", "must be a site id: 1–40 of a–z 0–9 -"));
            }
            if !doc.cookies_section {
                return Err(check.fail(
                    "site",
                    "names the site whose cookies the notice lists, but cookies_section is not set",
                ));
            }
        }
        changes(&check, &doc.changes, updated)?;
        Ok(doc)
    }

    /// `sha256:` hash of the canonical content: shown on the page and cited by receipts.
    pub fn version(&self) -> String {
        super::content_hash(self)
    }
}

fn joint_controllers(check: &Check<'_>, joint: &[JointController]) -> Result<(), PolicyError> {
    let mut contact_point: Option<usize> = None;
    for (j, c) in joint.iter().enumerate() {
        let at = |name: &str| format!("joint_controllers[{j}].{name}");
        check.text(&at("name"), &c.name)?;
        match c.country.as_deref() {
            None | Some("SE") => {
                check.organisation_number(&at("organisation_number"), &c.organisation_number)?;
            }
            Some(_) => check.text(&at("organisation_number"), &c.organisation_number)?,
        }
        if let Some(country) = &c.country {
            check.country(&at("country"), country)?;
        }
        check.text(&at("contact"), &c.contact)?;
        check.text(&at("arrangement"), &c.arrangement)?;
        if c.contact_point {
            if let Some(first) = contact_point {
                return Err(check.fail(
                    at("contact_point"),
                    format!(
                        "is set a second time (first at joint_controllers[{first}]): name one \
                         contact point"
                    ),
                ));
            }
            contact_point = Some(j);
        }
    }
    Ok(())
}

/// The rules of one audience, with field names under `at`.
struct Audiences<'a> {
    check: &'a Check<'a>,
    at: String,
    audience: &'a Audience,
}

impl Audiences<'_> {
    fn at(&self, name: &str) -> String {
        format!("{}.{name}", self.at)
    }

    fn validate(&self) -> Result<(), PolicyError> {
        let (check, audience) = (self.check, self.audience);
        check.text(&self.at("name"), &audience.name)?;
        self.data_categories()?;
        for (s, source) in audience.sources.iter().enumerate() {
            check.text(&self.at(&format!("sources[{s}].data")), &source.data)?;
            check.text(&self.at(&format!("sources[{s}].source")), &source.source)?;
        }
        if audience.purposes.is_empty() {
            return Err(check.fail(self.at("purposes"), "must not be empty"));
        }
        for (p, purpose) in audience.purposes.iter().enumerate() {
            self.purpose(&self.at(&format!("purposes[{p}]")), purpose)?;
        }
        self.automated(&audience.automated_decisions)?;
        if audience.retention.is_empty() {
            return Err(check.fail(self.at("retention"), "must say how long data is kept"));
        }
        for (r, retention) in audience.retention.iter().enumerate() {
            if retention.days.is_some() && retention.while_consent {
                return Err(check.fail(
                    self.at(&format!("retention[{r}].days")),
                    "cannot stand beside `while_consent = true`: state one of them",
                ));
            }
        }
        for (r, recipient) in audience.recipients.iter().enumerate() {
            self.recipient(&self.at(&format!("recipients[{r}]")), recipient)?;
        }
        Ok(())
    }

    fn data_categories(&self) -> Result<(), PolicyError> {
        let (check, audience) = (self.check, self.audience);
        if audience.data_categories.is_empty() {
            return Err(check.fail(self.at("data_categories"), "must not be empty"));
        }
        for (c, category) in audience.data_categories.iter().enumerate() {
            let at = self.at(&format!("data_categories[{c}]"));
            if let Some(id) = category.id() {
                if id.trim().is_empty() {
                    return Err(check.fail(format!("{at}.id"), "must not be empty"));
                }
                if let Some(first) = audience.data_categories[..c]
                    .iter()
                    .position(|other| other.id() == Some(id))
                {
                    return Err(check.fail(
                        format!("{at}.id"),
                        format!("states `{id}` a second time (first at data_categories[{first}])"),
                    ));
                }
            }
            check.text(&at, category.text())?;
        }
        Ok(())
    }

    fn purpose(&self, at: &str, purpose: &Purpose) -> Result<(), PolicyError> {
        let check = self.check;
        if !is_art6_basis(&purpose.legal_basis) {
            return Err(check.fail(
                format!("{at}.legal_basis"),
                "must be a GDPR Art. 6(1) basis, written `GDPR Art. 6(1)(a)` … `(f)`",
            ));
        }
        if let Some(art9) = &purpose.special_category_basis
            && !art9.starts_with("GDPR Art. 9(2)(")
        {
            return Err(check.fail(
                format!("{at}.special_category_basis"),
                "must be a GDPR Art. 9(2) exception, written `GDPR Art. 9(2)(h)`",
            ));
        }
        let field = format!("{at}.legitimate_interest");
        match (
            &purpose.legitimate_interest,
            purpose.legal_basis == LEGITIMATE_INTEREST,
        ) {
            (None, true) => {
                return Err(check.fail(
                    field,
                    "is missing: a purpose resting on GDPR Art. 6(1)(f) must say which \
                     legitimate interest it pursues (GDPR Art. 13(1)(d))",
                ));
            }
            (Some(_), false) => {
                return Err(check.fail(
                    field,
                    "belongs only to a purpose resting on GDPR Art. 6(1)(f)",
                ));
            }
            (Some(interest), true) => check.text(&field, interest)?,
            (None, false) => {}
        }
        for (d, key) in purpose.data_categories.iter().enumerate() {
            if self.audience.category(key).is_none() {
                return Err(check.fail(
                    format!("{at}.data_categories[{d}]"),
                    format!(
                        "names `{key}`, which is neither the id nor the text of one of this \
                         audience's data_categories"
                    ),
                ));
            }
        }
        if let Some(requirement) = &purpose.requirement {
            check.text(
                &format!("{at}.requirement.consequence"),
                &requirement.consequence,
            )?;
            if requirement.kind == RequirementKind::Voluntary && requirement.obliged {
                return Err(check.fail(
                    format!("{at}.requirement.obliged"),
                    "cannot be true when providing the data is voluntary",
                ));
            }
        }
        Ok(())
    }

    fn automated(&self, automated: &AutomatedDecisions) -> Result<(), PolicyError> {
        let check = self.check;
        let at = self.at("automated_decisions");
        match (&automated.none, automated.activities.is_empty()) {
            (Some(_), false) => {
                return Err(
                    check.fail(at, "states both `none` and `activities`: state one of them")
                );
            }
            (None, true) => {
                return Err(check.fail(
                    at,
                    "must state `none` (in words: there are no automated decisions or \
                     profiling) or describe each of the `activities` (GDPR Art. 13(2)(f))",
                ));
            }
            (Some(none), true) => check.text(&format!("{at}.none"), none)?,
            (None, false) => {}
        }
        for (i, activity) in automated.activities.iter().enumerate() {
            let field = |name: &str| format!("{at}.activities[{i}].{name}");
            for (name, value) in [
                ("what", &activity.what),
                ("logic", &activity.logic),
                ("significance", &activity.significance),
                ("consequences", &activity.consequences),
            ] {
                check.text(&field(name), value)?;
            }
            let exception = activity.exception.as_deref();
            match (activity.solely_automated, exception) {
                (
                    true,
                    Some("GDPR Art. 22(2)(a)" | "GDPR Art. 22(2)(b)" | "GDPR Art. 22(2)(c)"),
                ) => {}
                (true, _) => {
                    return Err(check.fail(
                        field("exception"),
                        "must name the exception a decision made by automated means only rests \
                         on, written `GDPR Art. 22(2)(a)` … `(c)`",
                    ));
                }
                (false, Some(_)) => {
                    return Err(check.fail(
                        field("exception"),
                        "belongs only to a decision made by automated means only \
                         (`solely_automated = true`)",
                    ));
                }
                (false, None) => {}
            }
        }
        Ok(())
    }

    fn recipient(&self, at: &str, recipient: &Recipient) -> Result<(), PolicyError> {
        let check = self.check;
        if recipient.role != "processor" && recipient.role != "recipient" {
            return Err(check.fail(format!("{at}.role"), "must be `processor` or `recipient`"));
        }
        let field = format!("{at}.safeguard");
        let Some(country) = &recipient.country else {
            return match recipient.safeguard {
                Some(_) => Err(check.fail(
                    field,
                    "needs the recipient's `country`: the safeguard is the ground for \
                     transferring data there",
                )),
                None => Ok(()),
            };
        };
        check.country(&format!("{at}.country"), country)?;
        let Some(safeguard) = &recipient.safeguard else {
            return if is_eu_eea(country) {
                Ok(())
            } else {
                Err(check.fail(
                    field,
                    format!(
                        "is missing: {} is in `{country}`, outside the EU/EEA, so the transfer \
                         needs a ground in GDPR Art. 45–49 (kind = \"adequacy\", \
                         \"standard_contractual_clauses\", \"binding_corporate_rules\", \
                         \"derogation\" …)",
                        recipient.name
                    ),
                ))
            };
        };
        if is_eu_eea(country) {
            return Err(check.fail(
                field,
                format!("is not needed: `{country}` is in the EU/EEA"),
            ));
        }
        check.optional_text(&format!("{field}.details"), safeguard.details.as_deref())?;
        check.optional_text(&format!("{field}.copy"), safeguard.copy.as_deref())?;
        if safeguard.kind == super::SafeguardKind::Derogation && safeguard.details.is_none() {
            return Err(check.fail(
                format!("{field}.details"),
                "must say which point of GDPR Art. 49(1) the transfer rests on",
            ));
        }
        if safeguard.kind.needs_copy() && safeguard.copy.is_none() {
            return Err(check.fail(
                format!("{field}.copy"),
                "must say where a copy of the safeguards can be had (GDPR Art. 13(1)(f))",
            ));
        }
        Ok(())
    }
}

/// `transfers` may be left out only when every recipient states its country.
fn transfers(check: &Check<'_>, doc: &PolicyDocument) -> Result<(), PolicyError> {
    if let Some(text) = &doc.transfers {
        return check.text("transfers", text);
    }
    let mut recipients = doc.audiences.iter().flat_map(|a| &a.recipients).peekable();
    let located = recipients.peek().is_some() && recipients.all(|r| r.country.is_some());
    if located {
        Ok(())
    } else {
        Err(check.fail(
            "transfers",
            "is missing: say whether data leaves the EU/EEA, or give every recipient its \
             `country`",
        ))
    }
}

fn children(check: &Check<'_>, children: &Children) -> Result<(), PolicyError> {
    check.text("children.text", &children.text)?;
    check.text("children.guardians", &children.guardians)?;
    let mut previous = 0;
    for (i, limit) in children.age_limits.iter().enumerate() {
        let at = format!("children.age_limits[{i}]");
        if !(1..=18).contains(&limit.below) {
            return Err(check.fail(format!("{at}.below"), "must be an age from 1 to 18"));
        }
        if limit.below <= previous {
            return Err(check.fail(
                format!("{at}.below"),
                "must be older than the limit before it: list the youngest first",
            ));
        }
        previous = limit.below;
        check.text(&format!("{at}.rule"), &limit.rule)?;
    }
    Ok(())
}

fn rights(check: &Check<'_>, doc: &PolicyDocument) -> Result<(), PolicyError> {
    for (i, right) in doc.rights.iter().enumerate() {
        let id = right.right.as_str();
        if !REQUIRED_RIGHTS.contains(&id) && !OPTIONAL_RIGHTS.contains(&id) {
            return Err(check.fail(
                format!("rights[{i}].right"),
                format!(
                    "is not a right this notice type knows ({}, {})",
                    REQUIRED_RIGHTS.join(", "),
                    OPTIONAL_RIGHTS.join(", ")
                ),
            ));
        }
        if let Some(first) = doc.rights[..i].iter().position(|r| r.right == id) {
            return Err(check.fail(
                format!("rights[{i}].right"),
                format!("explains `{id}` a second time (first at rights[{first}])"),
            ));
        }
        check.text(&format!("rights[{i}].title"), &right.title)?;
        check.text(&format!("rights[{i}].text"), &right.text)?;
    }
    if let Some(missing) = REQUIRED_RIGHTS
        .iter()
        .find(|r| !doc.rights.iter().any(|x| x.right == **r))
    {
        return Err(check.fail("rights", format!("must explain the right `{missing}`")));
    }
    let solely_automated = doc
        .audiences
        .iter()
        .flat_map(|a| &a.automated_decisions.activities)
        .any(|activity| activity.solely_automated);
    if solely_automated && !doc.rights.iter().any(|r| r.right == "automated_decision") {
        return Err(check.fail(
            "rights",
            "must explain the right `automated_decision`: a decision is made by automated means \
             only (GDPR Art. 22(3))",
        ));
    }
    Ok(())
}

fn changes(check: &Check<'_>, changes: &[Change], updated: time::Date) -> Result<(), PolicyError> {
    let mut newer: Option<time::Date> = None;
    for (i, change) in changes.iter().enumerate() {
        let field = format!("changes[{i}].date");
        let date = check.date(&field, &change.date)?;
        if date > updated {
            return Err(check.fail(
                field,
                format!("is after `updated` ({updated}): a change cannot be newer than the notice"),
            ));
        }
        if newer.is_some_and(|newer| date > newer) {
            return Err(check.fail(
                field,
                format!(
                    "is newer than changes[{}]: list the newest change first",
                    i - 1
                ),
            ));
        }
        newer = Some(date);
        check.text(&format!("changes[{i}].summary"), &change.summary)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = include_str!("../../../policies/intygstjansten.sv.toml");
    const CLINIC: &str = include_str!("../../../policies/hudkliniken.sv.toml");
    const BUNDLED: [(&str, &str); 7] = [
        ("intygstjansten.sv.toml", GOOD),
        (
            "intygstjansten.en.toml",
            include_str!("../../../policies/intygstjansten.en.toml"),
        ),
        ("hudkliniken.sv.toml", CLINIC),
        (
            "hudkliniken.en.toml",
            include_str!("../../../policies/hudkliniken.en.toml"),
        ),
        (
            "examples/halsoplattform.sv.toml",
            include_str!("../../../policies/examples/halsoplattform.sv.toml"),
        ),
        (
            "examples/veterinarsystem.sv.toml",
            include_str!("../../../policies/examples/veterinarsystem.sv.toml"),
        ),
        (
            "examples/hudlakargrupp.sv.toml",
            include_str!("../../../policies/examples/hudlakargrupp.sv.toml"),
        ),
    ];

    fn invalid(text: &str) -> (String, String) {
        match PolicyDocument::parse("p.toml", text) {
            Err(PolicyError::Invalid { field, problem, .. }) => (field, problem),
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    /// `text` with `old` replaced once (it must be there).
    fn edit(text: &str, old: &str, new: &str) -> String {
        assert!(text.contains(old), "the notice no longer contains {old:?}");
        text.replacen(old, new, 1)
    }

    #[test]
    fn the_bundled_notices_and_the_examples_validate() {
        for (file, text) in BUNDLED {
            let doc = PolicyDocument::parse(file, text).unwrap_or_else(|e| panic!("{e}"));
            assert!(doc.version().starts_with("sha256:"));
            assert!(
                REQUIRED_RIGHTS
                    .iter()
                    .all(|r| doc.rights.iter().any(|x| x.right == *r))
            );
        }
    }

    #[test]
    fn a_missing_right_is_named_and_unknown_or_repeated_rights_are_refused() {
        let text = GOOD.replace("right = \"portability\"", "right = \"access\"");
        assert_eq!(invalid(&text).0, "rights[5].right");
        assert!(
            invalid(&text)
                .1
                .starts_with("explains `access` a second time")
        );
        let text = GOOD.replace("right = \"portability\"", "right = \"oblivion\"");
        let (field, problem) = invalid(&text);
        assert_eq!(field, "rights[5].right");
        assert!(
            problem.contains("notification, automated_decision"),
            "{problem}"
        );
        let text = format!(
            "{GOOD}\n[[rights]]\nright = \"notification\"\ntitle = \"Mottagare\"\ntext = \"Vi \
             berättar för dem.\"\n"
        );
        PolicyDocument::parse("p.toml", &text).unwrap();
        let (field, problem) = invalid(&GOOD.replace(
            "[[rights]]\nright = \"portability\"",
            "[[rights]]\nright = \"notification\"",
        ));
        assert_eq!(
            (field.as_str(), problem.as_str()),
            ("rights", "must explain the right `portability`")
        );
    }

    #[test]
    fn legal_basis_must_be_an_article_6_ground() {
        let text = GOOD.replacen(
            "legal_basis = \"GDPR Art. 6(1)(a)\"",
            "legal_basis = \"samtycke\"",
            1,
        );
        assert_eq!(invalid(&text).0, "audiences[0].purposes[0].legal_basis");
        let text = GOOD.replacen("GDPR Art. 9(2)(a)", "Art 9", 1);
        assert_eq!(
            invalid(&text).0,
            "audiences[0].purposes[0].special_category_basis"
        );
    }

    #[test]
    fn a_legitimate_interest_is_stated_exactly_for_article_6_1_f() {
        let unsaid = edit(
            CLINIC,
            "legitimate_interest = \"Att kunna köpa in det kliniken behöver och hålla kontakt med \
             den som säljer det.\"\n",
            "",
        );
        let (field, problem) = invalid(&unsaid);
        assert_eq!(field, "audiences[1].purposes[0].legitimate_interest");
        assert!(problem.starts_with("is missing"), "{problem}");
        let misplaced = edit(
            CLINIC,
            "legal_basis = \"GDPR Art. 6(1)(b)\"\n",
            "legal_basis = \"GDPR Art. 6(1)(b)\"\nlegitimate_interest = \"Att få betalt.\"\n",
        );
        assert_eq!(
            invalid(&misplaced),
            (
                "audiences[0].purposes[1].legitimate_interest".into(),
                "belongs only to a purpose resting on GDPR Art. 6(1)(f)".into()
            )
        );
    }

    #[test]
    fn dates_numbers_and_complaints_are_checked() {
        assert_eq!(
            invalid(&GOOD.replace("updated = \"2026-12-04\"", "updated = \"3 dec 2026\"")).0,
            "updated"
        );
        assert_eq!(
            invalid(&GOOD.replace("559999-0000", "5599990000")).0,
            "controller.organisation_number"
        );
        let no_imy = GOOD.replace("Integritetsskyddsmyndigheten (IMY)", "myndigheten");
        assert_eq!(invalid(&no_imy).0, "complaint");
    }

    #[test]
    fn syntax_errors_and_unknown_fields_name_the_file() {
        let err = PolicyDocument::parse("p.toml", "slug = ").unwrap_err();
        assert!(err.to_string().starts_with("p.toml: "), "{err}");
        let err = PolicyDocument::parse("p.toml", &format!("{GOOD}\nextra = 1\n")).unwrap_err();
        assert!(err.to_string().contains("extra"), "{err}");
    }

    #[test]
    fn version_follows_content() {
        let a = PolicyDocument::parse("p.toml", GOOD).unwrap();
        let b = PolicyDocument::parse(
            "p.toml",
            &GOOD.replace("material_revision = 1", "material_revision = 2"),
        )
        .unwrap();
        assert_ne!(a.version(), b.version());
        assert_eq!(
            a.version(),
            PolicyDocument::parse("p.toml", GOOD).unwrap().version()
        );
    }

    #[test]
    fn data_categories_are_text_or_text_with_an_id() {
        let doc = PolicyDocument::parse("p.toml", GOOD).unwrap();
        let patients = &doc.audiences[0];
        assert_eq!(patients.id.as_deref(), Some(super::super::PATIENTS));
        assert_eq!(patients.data_categories[0].id(), Some("identity"));
        assert_eq!(patients.data_categories[0].text(), "Namn och personnummer");
        let visitors = &doc.audiences[1];
        assert_eq!(visitors.data_categories[0].id(), None);
        assert!(
            visitors.data_categories[0]
                .text()
                .starts_with("Ditt val om kakor")
        );

        let extra = GOOD.replace(
            "{ id = \"address\", text = \"Adress\" }",
            "{ id = \"address\", text = \"Adress\", note = \"x\" }",
        );
        let err = PolicyDocument::parse("p.toml", &extra).unwrap_err();
        assert!(err.to_string().contains("{ id = "), "{err}");
        let empty = GOOD.replace("{ id = \"address\", text = \"Adress\" }", "\"  \"");
        assert_eq!(invalid(&empty).0, "audiences[0].data_categories[1]");
        let twice = GOOD.replace("{ id = \"address\"", "{ id = \"identity\"");
        assert_eq!(
            invalid(&twice),
            (
                "audiences[0].data_categories[1].id".into(),
                "states `identity` a second time (first at data_categories[0])".into()
            )
        );
    }

    #[test]
    fn a_purpose_names_data_the_audience_has_by_id_or_text() {
        let doc = PolicyDocument::parse("p.toml", GOOD).unwrap();
        let patients = &doc.audiences[0];
        assert_eq!(
            patients.purposes[1].data_categories,
            ["diagnosis", "sick_leave"]
        );
        assert_eq!(
            patients.category("Adress").and_then(|c| c.id()),
            Some("address")
        );
        let unknown = edit(
            GOOD,
            "data_categories = [\"diagnosis\", \"sick_leave\"]",
            "data_categories = [\"diagnosis\", \"photos\"]",
        );
        let (field, problem) = invalid(&unknown);
        assert_eq!(field, "audiences[0].purposes[1].data_categories[1]");
        assert_eq!(
            problem,
            "names `photos`, which is neither the id nor the text of one of this audience's \
             data_categories"
        );
        let by_text = edit(
            GOOD,
            "data_categories = [\"diagnosis\", \"sick_leave\"]",
            "data_categories = [\"diagnosis\", \"Adress\"]",
        );
        PolicyDocument::parse("p.toml", &by_text).unwrap();
    }

    #[test]
    fn a_requirement_says_whether_the_person_must_provide_the_data() {
        let doc = PolicyDocument::parse("p.toml", CLINIC).unwrap();
        let requirement = doc.audiences[0].purposes[0].requirement.as_ref().unwrap();
        assert_eq!(requirement.kind, super::super::RequirementKind::Statutory);
        assert!(!requirement.obliged);
        let obliged = edit(
            GOOD,
            "kind = \"voluntary\", obliged = false",
            "kind = \"voluntary\", obliged = true",
        );
        assert_eq!(
            invalid(&obliged),
            (
                "audiences[0].purposes[0].requirement.obliged".into(),
                "cannot be true when providing the data is voluntary".into()
            )
        );
        let unknown = edit(GOOD, "kind = \"voluntary\"", "kind = \"optional\"");
        let err = PolicyDocument::parse("p.toml", &unknown).unwrap_err();
        assert!(err.to_string().contains("contract_precondition"), "{err}");
        let silent = edit(
            GOOD,
            "consequence = \"Säger du nej till statistikkakor fungerar webbplatsen precis som \
             vanligt.\"",
            "consequence = \" \"",
        );
        assert_eq!(
            invalid(&silent).0,
            "audiences[1].purposes[1].requirement.consequence"
        );
    }

    const NONE_VISITORS: &str = "automated_decisions = { none = \"Vi fattar inga automatiserade \
                                 beslut om dig och profilerar dig inte.\" }\n";

    const ACTIVITY: &str = "[[audiences.automated_decisions.activities]]\nwhat = \"Val av \
                            påminnelse\"\nlogic = \"Regler\"\nsignificance = \"Liten\"\n\
                            consequences = \"Inga\"\n";

    #[test]
    fn every_audience_says_whether_decisions_are_automated() {
        let unsaid = edit(GOOD, NONE_VISITORS, "");
        let err = PolicyDocument::parse("p.toml", &unsaid).unwrap_err();
        assert!(err.to_string().contains("automated_decisions"), "{err}");
        let empty = edit(GOOD, NONE_VISITORS, "automated_decisions = {}\n");
        let (field, problem) = invalid(&empty);
        assert_eq!(field, "audiences[1].automated_decisions");
        assert!(problem.contains("GDPR Art. 13(2)(f)"), "{problem}");

        // An inline table cannot be extended, so `none` moves into a table of its own here.
        let both = edit(GOOD, NONE_VISITORS, "").replacen(
            "[[rights]]",
            &format!(
                "[audiences.automated_decisions]\nnone = \"Inga.\"\n\n{ACTIVITY}\
                 solely_automated = false\n\n[[rights]]"
            ),
            1,
        );
        assert_eq!(
            invalid(&both),
            (
                "audiences[1].automated_decisions".into(),
                "states both `none` and `activities`: state one of them".into()
            )
        );
    }

    #[test]
    fn a_decision_by_automated_means_only_needs_its_exception_and_the_right() {
        let with = |activity: &str| {
            edit(GOOD, NONE_VISITORS, "").replacen(
                "[[rights]]",
                &format!("{ACTIVITY}{activity}\n[[rights]]"),
                1,
            )
        };
        PolicyDocument::parse("p.toml", &with("solely_automated = false\n")).unwrap();
        assert_eq!(
            invalid(&with("solely_automated = true\n")).0,
            "audiences[1].automated_decisions.activities[0].exception"
        );
        assert_eq!(
            invalid(&with(
                "solely_automated = false\nexception = \"GDPR Art. 22(2)(c)\"\n"
            ))
            .0,
            "audiences[1].automated_decisions.activities[0].exception"
        );
        let solely = with("solely_automated = true\nexception = \"GDPR Art. 22(2)(c)\"\n");
        let (field, problem) = invalid(&solely);
        assert_eq!(field, "rights");
        assert!(problem.contains("`automated_decision`"), "{problem}");
        let explained = format!(
            "{solely}\n[[rights]]\nright = \"automated_decision\"\ntitle = \"Få en människa att \
             pröva beslutet\"\ntext = \"Du kan begära att en handläggare prövar beslutet.\"\n"
        );
        PolicyDocument::parse("p.toml", &explained).unwrap();
    }

    #[test]
    fn a_recipient_outside_the_eu_eea_needs_a_safeguard() {
        let abroad = edit(CLINIC, "country = \"SE\"", "country = \"US\"");
        let (field, problem) = invalid(&abroad);
        assert_eq!(field, "audiences[0].recipients[0].safeguard");
        assert!(
            problem.starts_with(
                "is missing: Journalsystemets leverantör is in `US`, outside the EU/EEA"
            ),
            "{problem}"
        );
        let scc = edit(
            &abroad,
            "country = \"US\"\n",
            "country = \"US\"\nsafeguard = { kind = \"standard_contractual_clauses\" }\n",
        );
        assert_eq!(invalid(&scc).0, "audiences[0].recipients[0].safeguard.copy");
        let with_copy = edit(
            &abroad,
            "country = \"US\"\n",
            "country = \"US\"\nsafeguard = { kind = \"standard_contractual_clauses\", copy = \
             \"Begär en kopia av oss.\" }\n",
        );
        PolicyDocument::parse("p.toml", &with_copy).unwrap();
        let adequacy = edit(
            &abroad,
            "country = \"US\"\n",
            "country = \"CH\"\nsafeguard = { kind = \"adequacy\" }\n",
        );
        PolicyDocument::parse("p.toml", &adequacy).unwrap();
        let derogation = edit(
            &abroad,
            "country = \"US\"\n",
            "country = \"US\"\nsafeguard = { kind = \"derogation\" }\n",
        );
        assert_eq!(
            invalid(&derogation).0,
            "audiences[0].recipients[0].safeguard.details"
        );
        let inside = edit(
            CLINIC,
            "country = \"SE\"\n",
            "country = \"SE\"\nsafeguard = { kind = \"adequacy\" }\n",
        );
        assert_eq!(
            invalid(&inside),
            (
                "audiences[0].recipients[0].safeguard".into(),
                "is not needed: `SE` is in the EU/EEA".into()
            )
        );
        let nowhere = edit(
            CLINIC,
            "country = \"SE\"\n",
            "safeguard = { kind = \"adequacy\" }\n",
        );
        assert!(
            invalid(&nowhere)
                .1
                .starts_with("needs the recipient's `country`")
        );
        assert_eq!(
            invalid(&edit(CLINIC, "country = \"SE\"", "country = \"UK\"")).0,
            "audiences[0].recipients[0].country"
        );
    }

    #[test]
    fn transfers_may_be_left_to_the_recipients_countries() {
        let transfers = "transfers = \"All behandling sker inom EU/EES.\"\n";
        let clinic = PolicyDocument::parse("p.toml", &edit(CLINIC, transfers, "")).unwrap();
        assert_eq!(clinic.transfers, None);
        // The service's processor states no country, so the notice must say it in words.
        let service = edit(
            GOOD,
            "transfers = \"Vi behandlar alla uppgifter inom EU/EES. Ingen uppgift förs över till \
             ett land utanför EU/EES.\"\n",
            "",
        );
        assert_eq!(invalid(&service).0, "transfers");
    }

    #[test]
    fn children_rules_run_from_the_youngest() {
        let doc = PolicyDocument::parse("p.toml", CLINIC).unwrap();
        let ages: Vec<u8> = doc
            .children
            .unwrap()
            .age_limits
            .iter()
            .map(|l| l.below)
            .collect();
        assert_eq!(ages, [13, 16, 18]);
        assert_eq!(
            invalid(&edit(CLINIC, "below = 16", "below = 12")),
            (
                "children.age_limits[1].below".into(),
                "must be older than the limit before it: list the youngest first".into()
            )
        );
        assert_eq!(
            invalid(&edit(CLINIC, "below = 18", "below = 19")).0,
            "children.age_limits[2].below"
        );
        assert_eq!(
            invalid(&edit(CLINIC, "guardians = \"", "guardians = \" \" #")).0,
            "children.guardians"
        );
    }

    #[test]
    fn the_change_log_runs_newest_first_and_not_past_the_update() {
        let doc = PolicyDocument::parse("p.toml", CLINIC).unwrap();
        assert_eq!(doc.changes.len(), 2);
        let old_first = edit(CLINIC, "date = \"2026-10-01\"", "date = \"2026-11-30\"");
        // The later date is past `updated` too; that is reported first.
        assert_eq!(
            invalid(&old_first),
            (
                "changes[1].date".into(),
                "is after `updated` (2026-11-29): a change cannot be newer than the notice".into()
            )
        );
        let swapped = edit(
            &edit(CLINIC, "date = \"2026-11-29\"", "date = \"2026-10-01\""),
            "date = \"2026-10-01\"\nsummary = \"Första",
            "date = \"2026-10-02\"\nsummary = \"Första",
        );
        assert_eq!(
            invalid(&swapped),
            (
                "changes[1].date".into(),
                "is newer than changes[0]: list the newest change first".into()
            )
        );
        assert_eq!(
            invalid(&edit(CLINIC, "date = \"2026-10-01\"", "date = \"1 okt\"")).0,
            "changes[1].date"
        );
    }

    const JOINT: &str = "[[joint_controllers]]\nname = \"Hudvård Exempel AB\"\n\
                         organisation_number = \"556000-0001\"\ncontact = \"hudvard@exempel.example\"\n\
                         arrangement = \"Var och en svarar för sina kunder.\"\ncontact_point = true\n\n";

    #[test]
    fn joint_controllers_name_one_contact_point() {
        let one = edit(CLINIC, "[[audiences]]", &format!("{JOINT}[[audiences]]"));
        let doc = PolicyDocument::parse("p.toml", &one).unwrap();
        assert!(doc.joint_controllers[0].contact_point);
        let two = edit(
            CLINIC,
            "[[audiences]]",
            &format!("{JOINT}{JOINT}[[audiences]]"),
        );
        assert_eq!(invalid(&two).0, "joint_controllers[1].contact_point");
        let number = one.replace("556000-0001", "556000 0001");
        assert_eq!(
            invalid(&number).0,
            "joint_controllers[0].organisation_number"
        );
        let abroad = number.replace(
            "contact_point = true",
            "contact_point = true\ncountry = \"IE\"",
        );
        PolicyDocument::parse("p.toml", &abroad).unwrap();
    }

    #[test]
    fn unset_new_fields_are_left_out_of_the_content() {
        // A notice that does not use the fields added later keeps the version its receipts
        // cite: unset, they are not serialised.
        let mut doc = PolicyDocument::parse("h.toml", CLINIC).unwrap();
        doc.security.clear();
        doc.children = None;
        doc.changes.clear();
        for audience in &mut doc.audiences {
            for purpose in &mut audience.purposes {
                purpose.requirement = None;
                purpose.legitimate_interest = None;
            }
            for recipient in &mut audience.recipients {
                recipient.country = None;
            }
        }
        let json = serde_json::to_value(&doc).unwrap();
        let keys = |value: &serde_json::Value| -> Vec<String> {
            value.as_object().unwrap().keys().cloned().collect()
        };
        for key in [
            "joint_controllers",
            "security",
            "children",
            "cookie_notice",
            "changes",
        ] {
            assert!(json.get(key).is_none(), "{key}");
        }
        let audience = &json["audiences"][0];
        assert!(audience.get("sources").is_none());
        assert_eq!(
            keys(&audience["purposes"][0]),
            ["legal_basis", "purpose", "special_category_basis"]
        );
        assert_eq!(keys(&audience["recipients"][0]), ["name", "reason", "role"]);
        assert!(json["controller"].get("contact_point").is_none());
    }

    #[test]
    fn a_retention_states_days_or_while_consent_not_both() {
        let both = GOOD.replace("days = 3650", "days = 3650\nwhile_consent = true");
        assert_eq!(invalid(&both).0, "audiences[0].retention[2].days");
    }
}
