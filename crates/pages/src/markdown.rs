//! Markdown prose from policy files, rendered so that it can never inject markup or script.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Render `text` to HTML: raw HTML is shown as text, and links or images whose address is
/// not `http(s)`, `mailto`, `tel`, a path or a fragment lose it.
pub fn to_html(text: &str) -> String {
    let events = Parser::new_ext(text, Options::empty()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let allowed = ["https://", "http://", "mailto:", "tel:", "/", "#"]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
        && !lower.starts_with("//");
    if allowed { url } else { CowStr::Borrowed("#") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_in_markdown_is_rendered_inert() {
        let html = to_html("Hej <script>alert(1)</script> och <img src=x onerror=alert(2)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn block_html_is_escaped_too() {
        let html = to_html("<div onclick=\"x()\">\n\ntext\n</div>");
        assert!(!html.contains("<div"), "{html}");
    }

    #[test]
    fn javascript_links_lose_their_address() {
        let html =
            to_html("[klicka](javascript:alert(1)) [imy](https://www.imy.se) [e](mailto:a@b.se)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains(r#"href="https://www.imy.se""#));
        assert!(html.contains(r#"href="mailto:a@b.se""#));
    }

    #[test]
    fn emphasis_and_links_work() {
        assert_eq!(
            to_html("**Mina samtycken**"),
            "<p><strong>Mina samtycken</strong></p>\n"
        );
    }
}
