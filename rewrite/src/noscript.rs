//! `<noscript>`: the parser reads its content as text, but a browser without JavaScript
//! loads what it holds (the classic tracking-pixel fallback). Its text is gathered and, at
//! `</noscript>`, rewritten as HTML by the same rules.

use std::rc::Rc;

use consent::config::Texts;
use lol_html::HandlerResult;
use lol_html::html_content::{Element, TextChunk};

use crate::gather::Gatherer;
use crate::{PageRewriter, Plan};

/// The `<noscript>`s of one page.
#[derive(Clone)]
pub(crate) struct NoScripts {
    plan: Rc<Plan>,
    gatherer: Gatherer<()>,
}

impl NoScripts {
    pub(crate) fn new(plan: Rc<Plan>) -> Self {
        Self {
            plan,
            gatherer: Gatherer::new(),
        }
    }

    /// At `<noscript>`: start gathering.
    pub(crate) fn start(&self, el: &mut Element<'_, '_>) -> HandlerResult {
        let plan = Rc::clone(&self.plan);
        self.gatherer
            .start(el, (), move |(), inner| rewrite(&plan, inner))
    }

    /// Text inside `<noscript>`.
    pub(crate) fn text(&self, chunk: &mut TextChunk<'_>) {
        self.gatherer.text(chunk);
    }
}

fn nothing() -> Texts {
    Texts::default()
}

/// The `<noscript>` content rewritten as HTML by the page's own rules, nothing injected.
fn rewrite(page: &Plan, inner: &str) -> String {
    let plan = Plan {
        head_start: String::new(),
        body_start: nothing(),
        body_end: nothing(),
        charset: None,
        ..page.clone()
    };
    match PageRewriter::new(plan) {
        Ok(mut rewriter) => {
            let mut out = rewriter.push(inner.as_bytes());
            out.extend(rewriter.finish());
            String::from_utf8(out)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
        Err(_) => {
            String::from_utf8_lossy(&crate::fallback::hold_back(inner.as_bytes())).into_owned()
        }
    }
}
