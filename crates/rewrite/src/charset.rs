//! Which encoding the browser will read a page in, decided before the first byte is sent:
//! the byte order mark, else the `Content-Type` charset, else a `<meta>` charset in the first
//! 1024 bytes (the HTML standard's order). A page in an encoding whose bytes are ASCII where
//! markup is ASCII is rewritten as it is; any other (UTF-16, ISO-2022-JP, the replacement
//! encoding) is decoded and sent on as UTF-8, labelled so, so the browser reads exactly the
//! bytes the rewriter read.

use encoding_rs::{Encoding, UTF_8};

/// How many bytes the browser looks through for a `<meta>` charset.
pub const PRESCAN_BYTES: usize = 1024;

/// How the rewriter reads a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// In this encoding, byte for byte (ASCII-compatible: markup is where it looks to be).
    AsIs(&'static Encoding),
    /// Decoded from this encoding (its byte order mark dropped) and sent on as UTF-8.
    Transcoded(&'static Encoding),
}

impl Reading {
    /// Whether the response must be relabelled `charset=utf-8`.
    pub fn transcodes(self) -> bool {
        matches!(self, Self::Transcoded(_))
    }
}

/// The reading of a page whose body starts with `head` (at least [`PRESCAN_BYTES`], or all
/// of it) and whose `Content-Type` named `header_charset`.
pub fn reading(head: &[u8], header_charset: Option<&str>) -> Reading {
    let declared = Encoding::for_bom(head)
        .map(|(encoding, _)| encoding)
        .or_else(|| header_charset.and_then(|label| Encoding::for_label(label.trim().as_bytes())))
        // A `<meta>` that names UTF-16 means UTF-8 (the bytes it was read in were ASCII).
        .or_else(|| prescan(&head[..head.len().min(PRESCAN_BYTES)]).map(Encoding::output_encoding))
        .unwrap_or(UTF_8);
    if declared.is_ascii_compatible() {
        Reading::AsIs(declared)
    } else {
        Reading::Transcoded(declared)
    }
}

/// The encoding a `<meta charset>` or `<meta http-equiv=content-type content=…charset=…>`
/// among `head`'s tags declares (comments skipped), as the HTML standard's prescan finds it.
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while i < head.len() {
        let rest = &head[i..];
        if rest.starts_with(b"<!--") {
            i += find(rest, b"-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        if rest.len() > 5
            && rest[..5].eq_ignore_ascii_case(b"<meta")
            && matches!(rest[5], b' ' | b'\t' | b'\n' | b'\x0c' | b'\r' | b'/')
        {
            let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
            let tag = String::from_utf8_lossy(&rest[5..end]).to_ascii_lowercase();
            if let Some(encoding) = meta_charset(&tag) {
                return Some(encoding);
            }
            i += end;
            continue;
        }
        i += 1;
    }
    None
}

/// The charset one `<meta>` tag's attributes (lower-cased text) declare.
fn meta_charset(attributes: &str) -> Option<&'static Encoding> {
    let pairs = attribute_pairs(attributes);
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if let Some(label) = value("charset") {
        return Encoding::for_label(label.trim().as_bytes());
    }
    if value("http-equiv").is_some_and(|v| v.trim() == "content-type") {
        let content = value("content")?;
        let after = &content[content.find("charset")? + "charset".len()..];
        let label = after.trim_start().strip_prefix('=')?.trim_start();
        let label = label.trim_matches(|c| c == '"' || c == '\'');
        let label = label.split([';', ' ', '"', '\'']).next()?;
        return Encoding::for_label(label.as_bytes());
    }
    None
}

/// `(name, value)` pairs of a tag's attribute text; the first of each name counts.
fn attribute_pairs(text: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut rest = text.trim_start_matches([' ', '\t', '\n', '\r', '\x0c', '/']);
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_owned();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, remaining) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(quote).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_owned();
            rest = remaining;
        }
        if !name.is_empty() && !pairs.iter().any(|(n, _)| *n == name) {
            pairs.push((name, value));
        }
        rest = rest.trim_start_matches([' ', '\t', '\n', '\r', '\x0c', '/']);
    }
    pairs
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{ISO_2022_JP, SHIFT_JIS, UTF_16BE, UTF_16LE, WINDOWS_1252};

    #[test]
    fn the_byte_order_mark_wins_over_every_label() {
        assert_eq!(
            reading(b"\xFF\xFE<\0h\0", Some("utf-8")),
            Reading::Transcoded(UTF_16LE)
        );
        assert_eq!(reading(b"\xFE\xFF\0<", None), Reading::Transcoded(UTF_16BE));
        assert_eq!(
            reading(
                b"\xEF\xBB\xBF<meta charset=iso-2022-jp>",
                Some("windows-1252")
            ),
            Reading::AsIs(UTF_8)
        );
    }

    #[test]
    fn the_header_wins_over_the_meta() {
        assert_eq!(
            reading(b"<meta charset=iso-2022-jp>", Some("windows-1252")),
            Reading::AsIs(WINDOWS_1252)
        );
        assert_eq!(
            reading(b"<p>", Some("UTF-16")),
            Reading::Transcoded(UTF_16LE)
        );
        assert_eq!(
            reading(b"<p>", Some("csISO2022JP")),
            Reading::Transcoded(ISO_2022_JP)
        );
    }

    #[test]
    fn a_meta_in_the_first_kilobyte_is_found() {
        assert_eq!(
            reading(b"<!doctype html><meta charset=\"ISO-2022-JP\">", None),
            Reading::Transcoded(ISO_2022_JP)
        );
        assert_eq!(
            reading(
                b"<html><head><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=shift_jis'>",
                None
            ),
            Reading::AsIs(SHIFT_JIS)
        );
        // A meta naming UTF-16 means UTF-8; one inside a comment is not read.
        assert_eq!(
            reading(b"<meta charset=utf-16>", None),
            Reading::AsIs(UTF_8)
        );
        assert_eq!(
            reading(b"<!-- <meta charset=iso-2022-jp> --><p>", None),
            Reading::AsIs(UTF_8)
        );
        let mut late = vec![b' '; PRESCAN_BYTES];
        late.extend_from_slice(b"<meta charset=iso-2022-jp>");
        assert_eq!(reading(&late, None), Reading::AsIs(UTF_8));
    }
}
