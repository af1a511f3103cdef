//! `<noscript>`: the parser reads its content as text, but a browser without JavaScript
//! loads what it holds (the classic tracking-pixel fallback). Its text is gathered and, at
//! `</noscript>`, rewritten as HTML by the same rules.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::{ContentType, Element, TextChunk};
use lol_html::{HandlerResult, end_tag};

use consent::config::Texts;

use crate::{PageRewriter, Plan};

fn nothing() -> Texts {
    Texts {
        sv: String::new(),
        en: String::new(),
    }
}

/// The `<noscript>` being read.
#[derive(Clone)]
pub(crate) struct NoScripts {
    plan: Rc<Plan>,
    current: Rc<RefCell<Option<String>>>,
}

impl NoScripts {
    pub(crate) fn new(plan: Rc<Plan>) -> Self {
        Self {
            plan,
            current: Rc::default(),
        }
    }

    /// At `<noscript>`: start gathering.
    pub(crate) fn start(&self, el: &mut Element<'_, '_>) -> HandlerResult {
        *self.current.borrow_mut() = Some(String::new());
        let state = self.clone();
        el.on_end_tag(end_tag!(move |end| {
            if let Some(inner) = state.current.borrow_mut().take() {
                end.before(&state.rewrite(&inner), ContentType::Html);
            }
            Ok(())
        }))
    }

    /// Text inside `<noscript>`.
    pub(crate) fn text(&self, chunk: &mut TextChunk<'_>) {
        if let Some(inner) = self.current.borrow_mut().as_mut() {
            inner.push_str(chunk.as_str());
            chunk.remove();
        }
    }

    fn rewrite(&self, inner: &str) -> String {
        let plan = Plan {
            head_start: String::new(),
            body_start: nothing(),
            body_end: nothing(),
            charset: None,
            ..(*self.plan).clone()
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
}
