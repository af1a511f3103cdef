//! Elements judged by their text: whether an inline `<script>` (import maps and speculation
//! rules too) or a `<style>` loads what the visitor has not granted is only known from the
//! text, which the parser reaches after the start tag. So the start tag is held, the text
//! gathered, and at the end tag the element is written out again, made inert
//! (`type="text/plain" data-category`, which browsers neither run nor apply) when it does.

use std::rc::Rc;

use lol_html::HandlerResult;
use lol_html::html_content::{Element, TextChunk};

use crate::Context;
use crate::gather::Gatherer;

/// `(name, raw value)` of each attribute of the held start tag, as written.
type Attributes = Vec<(String, String)>;

/// The category an element's text must be held back for, if any.
type Judge = fn(&Context, &str) -> Option<String>;

/// One kind of element of one page, judged by its text.
#[derive(Clone)]
pub(crate) struct JudgedByText {
    tag: &'static str,
    judge: Judge,
    /// Whether held text moves into `data-text`: a `<style>`'s text is scanned for `@import`
    /// by Chromium's preload scanner whatever its `type` (seen fetching with `type=
    /// "text/plain"`), so held CSS must not stay text.
    text_in_attribute: bool,
    context: Rc<Context>,
    gatherer: Gatherer<Attributes>,
}

impl JudgedByText {
    /// Inline scripts: held when their code marks or names a service not granted.
    pub(crate) fn scripts(context: Context) -> Self {
        Self::new("script", false, context, |context, code| {
            context.gate().blocks_code(code).map(str::to_owned)
        })
    }

    /// `<style>` elements: held when their CSS loads a URL not granted (`<style>` text is
    /// raw: no character references to decode).
    pub(crate) fn style_sheets(context: Context) -> Self {
        Self::new("style", true, context, Context::blocks_css)
    }

    fn new(tag: &'static str, text_in_attribute: bool, context: Context, judge: Judge) -> Self {
        Self {
            tag,
            judge,
            text_in_attribute,
            context: Rc::new(context),
            gatherer: Gatherer::new(),
        }
    }

    /// At the start tag: hold it until the text is known.
    pub(crate) fn start(&self, el: &mut Element<'_, '_>) -> HandlerResult {
        let attributes = el
            .attributes()
            .iter()
            .map(|a| (a.name(), a.value()))
            .collect();
        el.start_tag().remove();
        let this = self.clone();
        self.gatherer
            .start(el, attributes, move |attributes, text| {
                this.render(attributes, text)
            })
    }

    /// Text inside the element: gathered while its start tag is held.
    pub(crate) fn text(&self, chunk: &mut TextChunk<'_>) {
        self.gatherer.text(chunk);
    }

    /// The element again, inert when its text is held back.
    fn render(&self, attributes: &Attributes, text: &str) -> String {
        let blocked = (self.judge)(&self.context, text);
        let mut tag = format!("<{}", self.tag);
        for (name, value) in attributes {
            if blocked.is_some() && name.eq_ignore_ascii_case("type") {
                push_attribute(&mut tag, "data-type", value);
                continue;
            }
            push_attribute(&mut tag, name, value);
        }
        if let Some(category) = &blocked {
            push_attribute(&mut tag, "type", "text/plain");
            push_attribute(&mut tag, "data-category", category);
            if self.text_in_attribute {
                // Raw text has no character references: `&` is escaped to stay itself.
                push_attribute(&mut tag, "data-text", &text.replace('&', "&amp;"));
                tag.push('>');
                return tag;
            }
        }
        tag.push('>');
        tag.push_str(text);
        tag
    }
}

/// ` name="value"`, with double quotes escaped as the parser's own serializer does (the raw
/// value keeps its entities).
fn push_attribute(tag: &mut String, name: &str, value: &str) {
    tag.push(' ');
    tag.push_str(name);
    tag.push_str("=\"");
    tag.push_str(&value.replace('"', "&quot;"));
    tag.push('"');
}
