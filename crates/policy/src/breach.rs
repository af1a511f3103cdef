//! The notice to the people affected by a personal-data breach (GDPR Art. 34): what Art. 34(2)
//! asks it to say with Art. 33(3)(b)–(d) (a contact point, the likely consequences, the
//! measures), when it was published and last updated, which reports were made, and answers to
//! the questions people ask.

use serde::{Deserialize, Serialize};

use super::check::Check;
use super::{ContactPoint, PolicyController, PolicyError, syntax};
use samtycke_visitor::config::Language;

/// A report of the breach to an authority: to IMY (Art. 33), and e.g. to the police.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreachReport {
    /// To whom, e.g. `Integritetsskyddsmyndigheten (IMY)`.
    pub to: String,
    /// When it was made, `YYYY-MM-DD`; left out for a report still to be made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The authority's reference, e.g. `IMY-2026-1234`; only for a report made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// A question people ask about the breach, and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question.
    pub question: String,
    /// The answer (Markdown).
    pub answer: String,
}

/// A notice to the people affected by a personal-data breach (GDPR Art. 34).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreachNotice {
    /// URL segment.
    pub slug: String,
    /// Language of the text.
    pub language: Language,
    /// Page title.
    pub title: String,
    /// First published: `YYYY-MM-DD`, or a time with its offset (RFC 3339).
    pub published: String,
    /// Last updated, written like `published` and not before it.
    pub last_updated: String,
    /// Who is responsible.
    pub controller: PolicyController,
    /// The data protection officer or other contact point (Art. 33(3)(b)).
    pub contact_point: ContactPoint,
    /// What happened (Markdown).
    pub what_happened: String,
    /// Whose data was affected (Markdown).
    pub who_is_affected: String,
    /// Which data was involved.
    pub data_involved: Vec<String>,
    /// Likely consequences (Markdown).
    pub consequences: String,
    /// What the controller has done and will do (Markdown).
    pub measures: String,
    /// The reports made or to be made, among them the one to IMY.
    pub reports: Vec<BreachReport>,
    /// What the reader can do (Markdown).
    pub what_you_can_do: String,
    /// Questions and answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    /// Where to ask (Markdown).
    pub contact: String,
}

/// Whether `to` names the Swedish supervisory authority.
fn is_imy(to: &str) -> bool {
    to.contains("IMY") || to.contains("Integritetsskyddsmyndigheten")
}

impl BreachNotice {
    /// Parse and validate a breach notice (TOML); `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, PolicyError> {
        Self::validated(file, toml::from_str(text).map_err(|e| syntax(file, e))?)
    }

    fn validated(file: &str, doc: Self) -> Result<Self, PolicyError> {
        let check = Check::of(file, &doc.slug, &doc.title)?;
        let published = check.moment("published", &doc.published)?;
        let last_updated = check.moment("last_updated", &doc.last_updated)?;
        if last_updated.is_before(published) {
            return Err(check.fail(
                "last_updated",
                format!("is before `published` ({})", doc.published),
            ));
        }
        check.controller(&doc.controller)?;
        check.contact_point("contact_point", &doc.contact_point)?;
        for (field, value) in [
            ("what_happened", &doc.what_happened),
            ("who_is_affected", &doc.who_is_affected),
            ("consequences", &doc.consequences),
            ("measures", &doc.measures),
            ("what_you_can_do", &doc.what_you_can_do),
            ("contact", &doc.contact),
        ] {
            check.text(field, value)?;
        }
        if doc.data_involved.is_empty() {
            return Err(check.fail("data_involved", "must list the data involved"));
        }
        check.texts("data_involved", &doc.data_involved)?;
        for (i, report) in doc.reports.iter().enumerate() {
            let at = |name: &str| format!("reports[{i}].{name}");
            check.text(&at("to"), &report.to)?;
            check.optional_text(&at("reference"), report.reference.as_deref())?;
            match (&report.date, &report.reference) {
                (Some(date), _) => {
                    if check.date(&at("date"), date)? > last_updated.day() {
                        return Err(check.fail(
                            at("date"),
                            format!(
                                "is after `last_updated` ({}): a report still to be made has no \
                                 date",
                                doc.last_updated
                            ),
                        ));
                    }
                }
                (None, Some(_)) => {
                    return Err(
                        check.fail(at("reference"), "belongs to a report made: give its `date`")
                    );
                }
                (None, None) => {}
            }
        }
        if !doc.reports.iter().any(|r| is_imy(&r.to)) {
            return Err(check.fail(
                "reports",
                "must include the report to Integritetsskyddsmyndigheten (IMY) (GDPR Art. 33)",
            ));
        }
        for (i, q) in doc.questions.iter().enumerate() {
            check.text(&format!("questions[{i}].question"), &q.question)?;
            check.text(&format!("questions[{i}].answer"), &q.answer)?;
        }
        Ok(doc)
    }

    /// `sha256:` hash of the canonical content.
    pub fn version(&self) -> String {
        super::content_hash(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BREACH: &str = include_str!("../../../policies/incident-2026-10.sv.toml");

    fn invalid(text: &str) -> (String, String) {
        match BreachNotice::parse("b.toml", text) {
            Err(PolicyError::Invalid { field, problem, .. }) => (field, problem),
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    fn edit(old: &str, new: &str) -> String {
        assert!(
            BREACH.contains(old),
            "the notice no longer contains {old:?}"
        );
        BREACH.replacen(old, new, 1)
    }

    #[test]
    fn the_bundled_notices_validate_with_every_field() {
        let doc = BreachNotice::parse("b.toml", BREACH).unwrap();
        assert!(doc.version().starts_with("sha256:"));
        assert!(doc.contact_point.dpo);
        assert_eq!(doc.reports.len(), 2);
        assert_eq!(doc.reports[0].reference.as_deref(), Some("IMY-2026-11873"));
        assert_eq!(doc.questions.len(), 3);
        BreachNotice::parse(
            "en.toml",
            include_str!("../../../policies/incident-2026-10.en.toml"),
        )
        .unwrap();
    }

    #[test]
    fn breach_notice_needs_the_data_involved() {
        let text = edit(
            "data_involved = [\"Namn\", \"E-postadress\", \"Datum och tid för bokat besök\", \
             \"Mottagningens namn\"]",
            "data_involved = []",
        );
        assert_eq!(invalid(&text).0, "data_involved");
    }

    #[test]
    fn the_last_update_is_not_before_publication() {
        let early = edit(
            "last_updated = \"2026-11-04T10:30:00+01:00\"",
            "last_updated = \"2026-10-28T13:59:00+01:00\"",
        );
        assert_eq!(
            invalid(&early),
            (
                "last_updated".into(),
                "is before `published` (2026-10-28T14:00:00+01:00)".into()
            )
        );
        // A day and a time of that day do not contradict each other.
        let same_day = edit(
            "last_updated = \"2026-11-04T10:30:00+01:00\"",
            "last_updated = \"2026-10-28\"",
        );
        let same_day = same_day.replace("date = \"2026-11-04\"", "date = \"2026-10-28\"");
        BreachNotice::parse("b.toml", &same_day).unwrap();
        let unwritten = edit("2026-11-04T10:30:00+01:00", "4 november");
        assert_eq!(invalid(&unwritten).0, "last_updated");
    }

    #[test]
    fn the_report_to_imy_is_stated_and_reports_are_dated() {
        let no_imy = BREACH
            .replace("Integritetsskyddsmyndigheten (IMY)", "Polisen")
            .replace("reference = \"IMY-2026-11873\"\n", "");
        assert_eq!(
            invalid(&no_imy),
            (
                "reports".into(),
                "must include the report to Integritetsskyddsmyndigheten (IMY) (GDPR Art. 33)"
                    .into()
            )
        );
        let late = edit("date = \"2026-11-04\"", "date = \"2026-11-05\"");
        assert_eq!(invalid(&late).0, "reports[1].date");
        let planned = edit("date = \"2026-11-04\"\n", "");
        assert_eq!(
            invalid(&planned),
            (
                "reports[1].reference".into(),
                "belongs to a report made: give its `date`".into()
            )
        );
        let planned =
            format!("{BREACH}\n[[reports]]\nto = \"Inspektionen för vård och omsorg (IVO)\"\n");
        let doc = BreachNotice::parse("b.toml", &planned).unwrap();
        assert_eq!(doc.reports[2].date, None);
    }

    #[test]
    fn a_contact_point_is_required() {
        let start = BREACH.find("[contact_point]").unwrap();
        let end = BREACH[start..].find("\n\n").unwrap() + start;
        let without = format!("{}{}", &BREACH[..start], &BREACH[end..]);
        let err = BreachNotice::parse("b.toml", &without).unwrap_err();
        assert!(err.to_string().contains("contact_point"), "{err}");
        let unreachable = edit(
            "email = \"dso@hudkliniken.example\"\nphone = \"046-00 00 01\"\n",
            "",
        );
        assert_eq!(invalid(&unreachable).0, "contact_point");
    }

    #[test]
    fn questions_have_answers() {
        let text = edit("answer = \"Nej. ", "answer = \"");
        BreachNotice::parse("b.toml", &text).unwrap();
        let text = BREACH.replace(
            "answer = \"Nej. Alla bokningar gäller som vanligt, och påminnelserna går nu till rätt \
             mottagare.\"",
            "answer = \"\"",
        );
        assert_eq!(invalid(&text).0, "questions[1].answer");
    }
}
