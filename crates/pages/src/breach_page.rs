//! The HTML page of a personal-data-breach notice (GDPR Art. 34): what happened, to whom and
//! which data, the consequences and measures, the reports made, what the reader can do,
//! questions and answers, and whom to ask.

use askama::Template;
use samtycke_policy::BreachNotice;

use crate::markdown::to_html as md;
use crate::policy_page::ContactView;
use crate::{other, path, settings_href, short};
use samtycke_visitor::texts::{Labels, labels};

#[derive(Template)]
#[template(path = "breach.html")]
struct BreachPage<'a> {
    l: &'static Labels,
    title: &'a str,
    other_href: String,
    settings_href: String,
    doc: &'a BreachNotice,
    version_short: &'a str,
    published: String,
    last_updated: String,
    what_happened: String,
    who_is_affected: String,
    consequences: String,
    measures: String,
    what_you_can_do: String,
    questions: Vec<(&'a str, String)>,
    contact: String,
    contact_point: ContactView,
}

/// A day as written; a time as `2026-10-28 14:00 (UTC+01:00)`.
fn readable(moment: &str) -> String {
    let (Some(day), Some(clock)) = (moment.get(..10), moment.get(11..16)) else {
        return moment.to_owned();
    };
    let offset = if moment.ends_with('Z') {
        "UTC".to_owned()
    } else {
        moment
            .get(moment.len().saturating_sub(6)..)
            .map_or_else(String::new, |offset| format!("UTC{offset}"))
    };
    format!("{day} {clock} ({offset})")
}

/// The HTML page of a breach notice.
pub fn render_breach(doc: &BreachNotice, version: &str) -> Result<String, askama::Error> {
    let l = labels(doc.language);
    BreachPage {
        l,
        title: &doc.title,
        other_href: path("incident", &doc.slug, other(doc.language)),
        settings_href: settings_href(doc.language, &path("incident", &doc.slug, doc.language)),
        doc,
        version_short: short(version),
        published: readable(&doc.published),
        last_updated: readable(&doc.last_updated),
        what_happened: md(&doc.what_happened),
        who_is_affected: md(&doc.who_is_affected),
        consequences: md(&doc.consequences),
        measures: md(&doc.measures),
        what_you_can_do: md(&doc.what_you_can_do),
        questions: doc
            .questions
            .iter()
            .map(|q| (q.question.as_str(), md(&q.answer)))
            .collect(),
        contact: md(&doc.contact),
        contact_point: ContactView::new(&doc.contact_point, l),
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_with_their_offset() {
        assert_eq!(readable("2026-10-28"), "2026-10-28");
        assert_eq!(
            readable("2026-10-28T14:00:00+01:00"),
            "2026-10-28 14:00 (UTC+01:00)"
        );
        assert_eq!(readable("2026-10-28T13:00:00Z"), "2026-10-28 13:00 (UTC)");
    }
}
