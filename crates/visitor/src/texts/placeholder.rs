//! The texts of the placeholder the edge shows in place of an embed (a video, a map) whose
//! category the visitor has not granted. `{service}` and `{category}` are filled in.

/// A blocked embed's placeholder in one language.
#[derive(Debug)]
pub struct PlaceholderTexts {
    /// The frame's accessible name when the site gave it none.
    pub label: &'static str,
    /// What is held back, from whom, and why.
    pub message: &'static str,
    /// Loads this one embed on this page view, and records nothing.
    pub show_once: &'static str,
    /// Grants the category (a decision, with its receipt), so every embed of it loads.
    pub allow_always: &'static str,
}

impl PlaceholderTexts {
    /// Every text, for checks that none is empty or misses a field.
    pub fn all(&self) -> [&'static str; 4] {
        [self.label, self.message, self.show_once, self.allow_always]
    }
}

/// `template` with `{service}` and `{category}` filled in. A category's label goes mid-sentence,
/// so a capital that only marks a label's start is lowered (`Externa filmer` reads
/// `externa filmer`; an acronym such as `SMS` is left as it is).
pub fn fill(template: &str, service: &str, category: &str) -> String {
    let mut chars = category.chars();
    let inline = match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => first
            .to_lowercase()
            .chain(category[first.len_utf8()..].chars())
            .collect(),
        _ => category.to_owned(),
    };
    template
        .replace("{service}", service)
        .replace("{category}", &inline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_goes_mid_sentence_but_an_acronym_keeps_its_capitals() {
        assert_eq!(
            fill(
                "Tillåt alltid {category} från {service}",
                "Videotjänsten",
                "Externa filmer"
            ),
            "Tillåt alltid externa filmer från Videotjänsten"
        );
        assert_eq!(fill("{category}", "", "SMS"), "SMS");
        assert_eq!(fill("{category}", "", "خرائط"), "خرائط");
    }
}
