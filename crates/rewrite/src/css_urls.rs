//! The URLs a piece of CSS makes the browser fetch (`url(…)`, `@import "…"`, `image-set(…)`,
//! `src(…)`), found with the tokenizer Servo and Firefox use (`cssparser`), so escapes and
//! comments read as the browser reads them.

use cssparser::{ParseError, Parser, ParserInput, Token};

/// How deep blocks may nest before the CSS counts as unreadable (its URLs all held).
const MAX_DEPTH: usize = 64;

/// Every URL-like value in `css`: each `url()` and every quoted string (a string is a URL in
/// `@import`, `url("…")`, `image-set()` and `src()`; elsewhere it never names a host the
/// configuration lists, so reading it too costs nothing). `None` when the CSS nests deeper
/// than anything real does.
pub(crate) fn urls(css: &str) -> Option<Vec<String>> {
    let mut input = ParserInput::new(css);
    let mut parser = Parser::new(&mut input);
    let mut found = Vec::new();
    walk(&mut parser, &mut found, 0).then_some(found)
}

fn walk(parser: &mut Parser<'_, '_>, found: &mut Vec<String>, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let mut readable = true;
    while let Ok(token) = parser.next_including_whitespace_and_comments() {
        match token.clone() {
            Token::UnquotedUrl(url) | Token::QuotedString(url) => found.push(url.to_string()),
            Token::Function(_)
            | Token::ParenthesisBlock
            | Token::SquareBracketBlock
            | Token::CurlyBracketBlock => {
                let nested = parser.parse_nested_block(|inner| {
                    if walk(inner, found, depth + 1) {
                        Ok(())
                    } else {
                        Err::<(), ParseError<'_, ()>>(inner.new_custom_error(()))
                    }
                });
                readable &= nested.is_ok();
            }
            _ => {}
        }
        if !readable {
            return false;
        }
    }
    readable
}

#[cfg(test)]
mod tests {
    use super::urls;

    #[test]
    fn every_way_css_loads_a_url_is_found() {
        let css = r#"@import "http://a.example/i.css"; @import url(http://b.example/u.css);
            .x { background: url( "http://c.example/q.png" ) }
            @media screen { .y { background-image: image-set("http://d.example/1.png" 1x) } }
            .z { background: url(http://e\2e example/esc.png) } /* url(http://f.example/) */"#;
        let found = urls(css).expect("readable");
        for url in [
            "http://a.example/i.css",
            "http://b.example/u.css",
            "http://c.example/q.png",
            "http://d.example/1.png",
            "http://e.example/esc.png",
        ] {
            assert!(found.iter().any(|f| f == url), "{url} not in {found:?}");
        }
        assert!(!found.iter().any(|f| f.contains("f.example")), "{found:?}");
    }

    #[test]
    fn css_nested_past_reason_is_unreadable() {
        let deep = format!(
            "{}url(http://a.example/){}",
            "(".repeat(200),
            ")".repeat(200)
        );
        assert_eq!(urls(&deep), None);
        assert_eq!(urls("a{b:c}"), Some(vec![]));
    }
}
