//! Character references in attribute values, decoded as the HTML parser does before a URL
//! ever reaches the URL parser: numeric references with or without `;` (`&#46`, `&#x2F;`,
//! with the parser's replacements for NUL, surrogates and the C1 range), and the named
//! references that stand for ASCII punctuation a URL's scheme, host or path is built from.
//!
//! Other named references stand for characters outside ASCII; left as written they cannot
//! spell a host the configuration names, so a URL holding one is never mistaken for a
//! tracker's (the consent policy still stands behind it in the browser).

use std::borrow::Cow;

/// Named references of ASCII characters (with their `;`); `amp`, `quot`, `lt` and `gt` are
/// also recognised without it, as legacy references, where an attribute allows that.
const NAMED: [(&str, char); 44] = [
    ("Tab", '\t'),
    ("NewLine", '\n'),
    ("excl", '!'),
    ("quot", '"'),
    ("QUOT", '"'),
    ("num", '#'),
    ("dollar", '$'),
    ("percnt", '%'),
    ("amp", '&'),
    ("AMP", '&'),
    ("apos", '\''),
    ("lpar", '('),
    ("rpar", ')'),
    ("ast", '*'),
    ("midast", '*'),
    ("plus", '+'),
    ("comma", ','),
    ("period", '.'),
    ("sol", '/'),
    ("colon", ':'),
    ("semi", ';'),
    ("lt", '<'),
    ("LT", '<'),
    ("equals", '='),
    ("gt", '>'),
    ("GT", '>'),
    ("quest", '?'),
    ("commat", '@'),
    ("lsqb", '['),
    ("lbrack", '['),
    ("bsol", '\\'),
    ("rsqb", ']'),
    ("rbrack", ']'),
    ("Hat", '^'),
    ("lowbar", '_'),
    ("UnderBar", '_'),
    ("grave", '`'),
    ("DiacriticalGrave", '`'),
    ("lcub", '{'),
    ("lbrace", '{'),
    ("verbar", '|'),
    ("vert", '|'),
    ("VerticalLine", '|'),
    ("rcub", '}'),
];

/// Legacy named references the parser also decodes without `;` (when not followed by an
/// alphanumeric or `=` inside an attribute value).
const LEGACY: [&str; 8] = ["amp", "AMP", "quot", "QUOT", "lt", "LT", "gt", "GT"];

/// Windows-1252 for the C1 range, as the parser maps numeric references `&#128;`–`&#159;`.
const C1: [u32; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

/// An attribute's raw value as the document's DOM will hold it.
pub(crate) fn decode_attribute(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match reference(after) {
            Some((decoded, used)) => {
                out.push(decoded);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference after `&` stands for, and how many bytes of `text` it took.
fn reference(text: &str) -> Option<(char, usize)> {
    if let Some(number) = text.strip_prefix('#') {
        let (hex, digits_at) = match number.as_bytes().first() {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let digits = &text[digits_at..];
        let len = digits
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if len == 0 {
            return None;
        }
        let radix = if hex { 16 } else { 10 };
        // Past U+10FFFF the value only needs to stay out of range.
        let value = digits[..len]
            .chars()
            .filter_map(|c| c.to_digit(radix))
            .fold(0u32, |value, digit| {
                value
                    .saturating_mul(radix)
                    .saturating_add(digit)
                    .min(0x0011_0000)
            });
        let used = digits_at + len + usize::from(digits[len..].starts_with(';'));
        return Some((numeric(value), used));
    }
    for (name, character) in NAMED {
        if let Some(after) = text.strip_prefix(name) {
            if after.starts_with(';') {
                return Some((character, name.len() + 1));
            }
            let next = after.bytes().next();
            if LEGACY.contains(&name)
                && !next.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'=')
            {
                return Some((character, name.len()));
            }
        }
    }
    None
}

/// A numeric reference's character, with the parser's replacements.
fn numeric(value: u32) -> char {
    let value = match value {
        0x80..=0x9F => C1[(value - 0x80) as usize],
        other => other,
    };
    if value == 0 {
        return char::REPLACEMENT_CHARACTER;
    }
    char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER)
}

#[cfg(test)]
mod tests {
    use super::decode_attribute;

    #[test]
    fn numeric_references_decode_with_or_without_a_semicolon() {
        assert_eq!(decode_attribute("http://a&#46;b/"), "http://a.b/");
        assert_eq!(decode_attribute("http://a&#46b/"), "http://a.b/");
        assert_eq!(decode_attribute("http:&#x2F;&#x2f;a/"), "http://a/");
        assert_eq!(decode_attribute("&#X3a;"), ":");
        assert_eq!(decode_attribute("&#0000000000046;"), ".");
        assert_eq!(
            decode_attribute("&#0;&#xD800;&#99999999999;"),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(decode_attribute("&#128;"), "€");
        assert_eq!(decode_attribute("&#;&#x;"), "&#;&#x;");
    }

    #[test]
    fn named_references_of_url_punctuation_decode() {
        assert_eq!(
            decode_attribute("http&colon;&sol;&sol;a&period;b&bsol;&commat;c"),
            "http://a.b\\@c"
        );
        assert_eq!(decode_attribute("ht&Tab;tp://x"), "ht\ttp://x");
        assert_eq!(decode_attribute("/a?x=1&amp;y=2"), "/a?x=1&y=2");
    }

    #[test]
    fn legacy_references_follow_the_attribute_rule() {
        assert_eq!(decode_attribute("/a?x=1&amp"), "/a?x=1&");
        assert_eq!(decode_attribute("/a?x=1&ampy=2"), "/a?x=1&ampy=2");
        assert_eq!(decode_attribute("/a?x=1&amp=2"), "/a?x=1&amp=2");
        assert_eq!(decode_attribute("/a?x&copy=2"), "/a?x&copy=2");
        assert_eq!(decode_attribute("&unknown;"), "&unknown;");
    }
}
