//! Inline `<script>`s: whether one belongs to a category is only known from its text, which
//! the parser reaches after the start tag. So the start tag is held, the text gathered, and
//! at `</script>` the element is written out again, made inert when its category is not
//! granted.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::{ContentType, Element, TextChunk};
use lol_html::{HandlerResult, end_tag};

use crate::Plan;

/// The inline script being read, shared by the element, text and end-tag handlers.
#[derive(Clone)]
pub(crate) struct InlineScripts {
    plan: Rc<Plan>,
    current: Rc<RefCell<Option<Held>>>,
}

struct Held {
    /// `(name, raw value)` of each attribute, as written.
    attributes: Vec<(String, String)>,
    text: String,
}

impl InlineScripts {
    pub(crate) fn new(plan: Rc<Plan>) -> Self {
        Self {
            plan,
            current: Rc::default(),
        }
    }

    /// At `<script>` without `src`: hold the start tag until the text is known.
    pub(crate) fn start(&self, el: &mut Element<'_, '_>) -> HandlerResult {
        let attributes = el
            .attributes()
            .iter()
            .map(|a| (a.name(), a.value()))
            .collect();
        *self.current.borrow_mut() = Some(Held {
            attributes,
            text: String::new(),
        });
        el.start_tag().remove();
        let state = self.clone();
        el.on_end_tag(end_tag!(move |end| {
            if let Some(held) = state.current.borrow_mut().take() {
                end.before(&state.render(&held), ContentType::Html);
            }
            Ok(())
        }))
    }

    /// Text inside a `<script>`: gathered while its start tag is held.
    pub(crate) fn text(&self, chunk: &mut TextChunk<'_>) {
        if let Some(held) = self.current.borrow_mut().as_mut() {
            held.text.push_str(chunk.as_str());
            chunk.remove();
        }
    }

    fn render(&self, held: &Held) -> String {
        let gate = crate::gate(&self.plan);
        let blocked = gate.blocks_inline(&held.text);
        let mut tag = String::from("<script");
        for (name, value) in &held.attributes {
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
        tag.push_str(&held.text);
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
