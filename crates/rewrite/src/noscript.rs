//! `<noscript>`: the parser reads its content as text, but a browser without JavaScript
//! loads what it holds (the classic tracking-pixel fallback). Its text is gathered and, at
//! `</noscript>`, rewritten as HTML by the same rules.

use std::rc::Rc;

use lol_html::HandlerResult;
use lol_html::html_content::{Element, TextChunk};
use samtycke_visitor::config::Texts;

use crate::gather::Gatherer;
use crate::{Context, Plan, Reading, rewrite_all};

/// The `<noscript>`s of one page.
#[derive(Clone)]
pub(crate) struct NoScripts {
    context: Rc<Context>,
    gatherer: Gatherer<()>,
}

impl NoScripts {
    pub(crate) fn new(context: Context) -> Self {
        Self {
            context: Rc::new(context),
            gatherer: Gatherer::new(),
        }
    }

    /// At `<noscript>`: start gathering.
    pub(crate) fn start(&self, el: &mut Element<'_, '_>) -> HandlerResult {
        let context = Rc::clone(&self.context);
        self.gatherer
            .start(el, (), move |(), inner| rewrite_fragment(&context, inner))
    }

    /// Text inside `<noscript>`.
    pub(crate) fn text(&self, chunk: &mut TextChunk<'_>) {
        self.gatherer.text(chunk);
    }
}

fn nothing() -> Texts {
    Texts::default()
}

/// A nested document (`<noscript>` content, an `<iframe srcdoc>`) rewritten as HTML by the
/// page's own rules, against the page's current base, nothing injected.
pub(crate) fn rewrite_fragment(context: &Context, inner: &str) -> String {
    let plan = Plan {
        head_start: String::new(),
        body_start: nothing(),
        body_end: nothing(),
        page_url: context.urls.current(),
        reading: Reading::AsIs(encoding_rs::UTF_8),
        ..Plan::clone(&context.plan)
    };
    let out = rewrite_all(plan, inner.as_bytes());
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
