//! `<style>` elements: whether one loads a held URL (`@import`, `url()`) is only known from
//! its text, so, as with inline scripts, the start tag is held until `</style>` and written
//! out again, inert (`type="text/plain"`, which browsers do not apply) when it does.

use std::rc::Rc;

use lol_html::HandlerResult;
use lol_html::html_content::{Element, TextChunk};

use crate::Context;
use crate::gather::Gatherer;
use crate::inline_script::push_attribute;

/// `(name, raw value)` of each attribute of the held start tag.
type Attributes = Vec<(String, String)>;

/// The `<style>` elements of one page.
#[derive(Clone)]
pub(crate) struct StyleSheets {
    context: Rc<Context>,
    gatherer: Gatherer<Attributes>,
}

impl StyleSheets {
    pub(crate) fn new(context: Context) -> Self {
        Self {
            context: Rc::new(context),
            gatherer: Gatherer::new(),
        }
    }

    /// At `<style>`: hold the start tag until the text is known.
    pub(crate) fn start(&self, el: &mut Element<'_, '_>) -> HandlerResult {
        let attributes = el
            .attributes()
            .iter()
            .map(|a| (a.name(), a.value()))
            .collect();
        el.start_tag().remove();
        let context = Rc::clone(&self.context);
        self.gatherer.start(el, attributes, move |attributes, css| {
            render(&context, attributes, css)
        })
    }

    /// Text inside a `<style>`.
    pub(crate) fn text(&self, chunk: &mut TextChunk<'_>) {
        self.gatherer.text(chunk);
    }
}

fn render(context: &Context, attributes: &Attributes, css: &str) -> String {
    // `<style>` text is raw: no character references to decode.
    let blocked = match crate::css_urls::urls(css) {
        Some(urls) => urls.iter().find_map(|url| context.blocks(url)),
        None => Some(context.strictest_category()),
    };
    let mut tag = String::from("<style");
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
    }
    tag.push('>');
    tag.push_str(css);
    tag
}
