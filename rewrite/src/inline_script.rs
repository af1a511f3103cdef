//! Inline `<script>`s: whether one belongs to a category is only known from its text, which
//! the parser reaches after the start tag. So the start tag is held, the text gathered, and
//! at `</script>` the element is written out again, made inert when its category is not
//! granted. Import maps and speculation rules are read the same way: what they name loads.

use std::rc::Rc;

use lol_html::HandlerResult;
use lol_html::html_content::{Element, TextChunk};

use crate::Context;
use crate::gather::Gatherer;

/// `(name, raw value)` of each attribute of the held start tag, as written.
type Attributes = Vec<(String, String)>;

/// The inline scripts of one page.
#[derive(Clone)]
pub(crate) struct InlineScripts {
    context: Rc<Context>,
    gatherer: Gatherer<Attributes>,
}

impl InlineScripts {
    pub(crate) fn new(context: Context) -> Self {
        Self {
            context: Rc::new(context),
            gatherer: Gatherer::new(),
        }
    }

    /// At `<script>` without `src`: hold the start tag until the text is known.
    pub(crate) fn start(&self, el: &mut Element<'_, '_>) -> HandlerResult {
        let attributes = el
            .attributes()
            .iter()
            .map(|a| (a.name(), a.value()))
            .collect();
        el.start_tag().remove();
        let context = Rc::clone(&self.context);
        self.gatherer
            .start(el, attributes, move |attributes, text| {
                render(&context, attributes, text)
            })
    }

    /// Text inside a `<script>`: gathered while its start tag is held.
    pub(crate) fn text(&self, chunk: &mut TextChunk<'_>) {
        self.gatherer.text(chunk);
    }
}

/// The script again, inert (`type="text/plain" data-category`) when its text marks it as a
/// service of a category the visitor has not granted, or names such a service's host.
fn render(context: &Context, attributes: &Attributes, text: &str) -> String {
    let blocked = context.gate().blocks_code(text);
    let mut tag = String::from("<script");
    for (name, value) in attributes {
        if blocked.is_some() && name.eq_ignore_ascii_case("type") {
            push_attribute(&mut tag, "data-type", value);
            continue;
        }
        push_attribute(&mut tag, name, value);
    }
    if let Some(category) = blocked {
        push_attribute(&mut tag, "type", "text/plain");
        push_attribute(&mut tag, "data-category", category);
    }
    tag.push('>');
    tag.push_str(text);
    tag
}

/// ` name="value"`, with double quotes escaped as the parser's own serializer does (the raw
/// value keeps its entities).
pub(crate) fn push_attribute(tag: &mut String, name: &str, value: &str) {
    tag.push(' ');
    tag.push_str(name);
    tag.push_str("=\"");
    tag.push_str(&value.replace('"', "&quot;"));
    tag.push('"');
}
