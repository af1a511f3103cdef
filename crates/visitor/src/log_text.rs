//! Text from a request, made safe to put in a log line: every control character (a newline
//! could forge a second line), quote and backslash escaped, and the length capped.

/// At most this many characters of the original text are kept.
pub const MAX_CHARS: usize = 80;

/// `text` quoted and escaped for a log line, cut to [`MAX_CHARS`] characters (marked `…`).
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_CHARS) + 2);
    out.push('"');
    for c in text.chars().take(MAX_CHARS) {
        out.extend(c.escape_debug());
    }
    if text.chars().nth(MAX_CHARS).is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_and_quotes_cannot_forge_a_log_line() {
        assert_eq!(quoted("x\nERROR fake\r\"`"), r#""x\nERROR fake\r\"`""#);
        assert!(!quoted("a\u{1b}[31mred\u{2028}").contains(['\u{1b}', '\u{2028}']));
    }

    #[test]
    fn long_text_is_cut() {
        let long = "a".repeat(500);
        let q = quoted(&long);
        assert_eq!(q.chars().count(), MAX_CHARS + 3);
        assert!(q.ends_with("…\""));
    }
}
