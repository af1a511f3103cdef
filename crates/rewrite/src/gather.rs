//! Elements whose text decides what to write (an inline `<script>`, a `<noscript>`): the
//! parser reaches the text after the start tag, so the text is gathered chunk by chunk and,
//! at the end tag, written out again by a rule that has seen all of it.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::{ContentType, Element, TextChunk};
use lol_html::{HandlerResult, end_tag};

/// The element being gathered: what its start tag held, and its text so far.
type Current<S> = Rc<RefCell<Option<(S, String)>>>;

/// Gathers one kind of element's text; cloned into each handler that needs it.
pub(crate) struct Gatherer<S> {
    current: Current<S>,
}

impl<S> Clone for Gatherer<S> {
    fn clone(&self) -> Self {
        Self {
            current: Rc::clone(&self.current),
        }
    }
}

impl<S: 'static> Gatherer<S> {
    pub(crate) fn new() -> Self {
        Self {
            current: Rc::default(),
        }
    }

    /// At the start tag: keep `held`, and at the end tag write what `write` makes of it and
    /// the whole text (before the end tag, which stays).
    pub(crate) fn start(
        &self,
        el: &mut Element<'_, '_>,
        held: S,
        write: impl Fn(&S, &str) -> String + 'static,
    ) -> HandlerResult {
        *self.current.borrow_mut() = Some((held, String::new()));
        let current = Rc::clone(&self.current);
        el.on_end_tag(end_tag!(move |end| {
            if let Some((held, text)) = current.borrow_mut().take() {
                end.before(&write(&held, &text), ContentType::Html);
            }
            Ok(())
        }))
    }

    /// A chunk of the element's text: taken out of the stream and kept.
    pub(crate) fn text(&self, chunk: &mut TextChunk<'_>) {
        if let Some((_, text)) = self.current.borrow_mut().as_mut() {
            text.push_str(chunk.as_str());
            chunk.remove();
        }
    }
}
