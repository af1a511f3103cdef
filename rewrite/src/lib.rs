//! The edge's streaming HTML rewriter: puts the banner into a site's page and holds back every
//! tracker of a category the visitor has not granted, before the browser sees the page.
//!
//! Pure (no I/O): the Worker feeds the origin's body chunk by chunk and sends on what comes
//! out. Which element belongs to which category is decided by [`consent::gate`]; this crate
//! only applies it to HTML, with Cloudflare's `lol_html` (the engine behind workerd's own
//! `HTMLRewriter`).

mod fallback;
mod gather;
mod inline_script;
mod noscript;

use std::cell::RefCell;
use std::rc::Rc;

use consent::config::Texts;
use consent::gate::Gate;
use consent::{Decision, Language, SiteConfig};
use lol_html::html_content::{ContentType, Element};
use lol_html::{
    AsciiCompatibleEncoding, HtmlRewriter, MemorySettings, Settings, element, end, end_tag, text,
};

use crate::inline_script::InlineScripts;
use crate::noscript::NoScripts;

/// What to do to one page.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The site's configuration.
    pub config: Rc<SiteConfig>,
    /// The visitor's current decision, if any.
    pub decision: Option<Decision>,
    /// The host the page is served on (relative URLs are on it).
    pub page_host: String,
    /// Markup put at the start of `<head>` (before any of the site's own tags).
    pub head_start: String,
    /// Markup put at the start of `<body>`, per language (the banner, or nothing).
    pub body_start: Texts,
    /// Markup put before `</body>`, per language (the reopen control, or nothing).
    pub body_end: Texts,
    /// The visitor's language, when their browser asked for one the site offers; otherwise
    /// the page's `<html lang>` picks (if the site offers it), else the site's default.
    pub language: Option<Language>,
    /// The `charset` of the response's `Content-Type`, if it named one.
    pub charset: Option<String>,
    /// Most memory the parser may buffer (a tag or an attribute longer than this fails the
    /// rewrite, which then falls back to holding every script, frame, image and link).
    pub max_memory: usize,
}

/// Memory the parser may use by default: far more than any real tag needs.
pub const DEFAULT_MAX_MEMORY: usize = 4 * 1024 * 1024;

/// Why a page cannot be rewritten at all (it is then sent with nothing injected).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RewriteError {
    /// The charset is not one HTML can be rewritten in as bytes (UTF-16, or unknown).
    #[error("cannot rewrite HTML in charset `{0}`")]
    UnsupportedCharset(String),
}

type Output = Rc<RefCell<Vec<u8>>>;
type Sink = Box<dyn FnMut(&[u8])>;
type Rewriter = HtmlRewriter<'static, Sink>;

/// Rewrites one page as it streams: [`push`](Self::push) each chunk, send on what it
/// returns, then [`finish`](Self::finish).
pub struct PageRewriter {
    state: State,
    output: Output,
}

enum State {
    /// `lol_html` is rewriting.
    Rewriting(Box<Rewriter>),
    /// The rewriter failed: the rest is held back by [`fallback::hold_back`].
    Failed,
}

impl PageRewriter {
    /// A rewriter that applies `plan`.
    pub fn new(plan: Plan) -> Result<Self, RewriteError> {
        let encoding = match &plan.charset {
            None => AsciiCompatibleEncoding::utf_8(),
            Some(label) => encoding_rs::Encoding::for_label(label.trim().as_bytes())
                .and_then(AsciiCompatibleEncoding::new)
                .ok_or_else(|| RewriteError::UnsupportedCharset(label.clone()))?,
        };
        let output: Output = Rc::default();
        let sink = Rc::clone(&output);
        let sink: Sink = Box::new(move |bytes: &[u8]| sink.borrow_mut().extend_from_slice(bytes));
        let rewriter = HtmlRewriter::new(handlers(plan, encoding), sink);
        Ok(Self {
            state: State::Rewriting(Box::new(rewriter)),
            output,
        })
    }

    /// Feed the next chunk of the origin's body; returns the bytes ready to send.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<u8> {
        match &mut self.state {
            State::Rewriting(rewriter) => {
                if rewriter.write(chunk).is_err() {
                    self.state = State::Failed;
                    let mut out = self.take();
                    out.extend(fallback::hold_back(chunk));
                    return out;
                }
                self.take()
            }
            State::Failed => fallback::hold_back(chunk),
        }
    }

    /// The end of the body; returns the last bytes to send.
    pub fn finish(mut self) -> Vec<u8> {
        if let State::Rewriting(rewriter) = std::mem::replace(&mut self.state, State::Failed) {
            // An error at the very end can only lose what the parser still buffered.
            let _ = rewriter.end();
        }
        self.take()
    }

    /// Whether the rewriter failed and fell back to holding everything back.
    pub fn failed(&self) -> bool {
        matches!(self.state, State::Failed)
    }

    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.output.borrow_mut())
    }
}

/// Rewrite a whole page at once (tests, benchmarks).
pub fn rewrite_all(plan: Plan, html: &[u8]) -> Result<Vec<u8>, RewriteError> {
    let mut rewriter = PageRewriter::new(plan)?;
    let mut out = rewriter.push(html);
    out.extend(rewriter.finish());
    Ok(out)
}

fn handlers(plan: Plan, encoding: AsciiCompatibleEncoding) -> Settings<'static, 'static> {
    let plan = Rc::new(plan);
    let injected = Rc::new(RefCell::new(false));
    let scripts = InlineScripts::new(Rc::clone(&plan));

    let visitor_chose = plan.language.is_some();
    let language = Rc::new(std::cell::Cell::new(
        plan.language.unwrap_or(plan.config.default_language),
    ));
    let html_config = Rc::clone(&plan.config);
    let html_language = Rc::clone(&language);
    let body_language = Rc::clone(&language);
    let head_plan = Rc::clone(&plan);
    let head_injected = Rc::new(std::cell::Cell::new(false));
    let body_plan = Rc::clone(&plan);
    let body_injected = Rc::clone(&injected);
    let end_plan = Rc::clone(&plan);
    let end_injected = Rc::clone(&injected);
    let (script_plan, script_state, text_state) =
        (Rc::clone(&plan), scripts.clone(), scripts.clone());
    let link_plan = Rc::clone(&plan);
    let noscripts = NoScripts::new(Rc::clone(&plan));
    let noscript_text = noscripts.clone();

    let mut settings = Settings::new()
        .with_encoding(encoding)
        .with_strict(false)
        .with_adjust_charset_on_meta_tag(true)
        .with_memory_settings(MemorySettings::new().with_max_allowed_memory_usage(plan.max_memory))
        .append_element_content_handler(element!("html[lang]", move |el| {
            if !visitor_chose {
                let lang = el.get_attribute("lang").unwrap_or_default();
                html_language.set(consent::language::choose(
                    [lang.as_str()],
                    &html_config.languages,
                    html_config.default_language,
                ));
            }
            Ok(())
        }))
        .append_element_content_handler(element!("head", move |el| {
            if !head_injected.replace(true) {
                el.prepend(&head_plan.head_start, ContentType::Html);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("body", move |el| {
            if body_injected.replace(true) {
                return Ok(());
            }
            let lang = body_language.get();
            el.prepend(body_plan.body_start.get(lang), ContentType::Html);
            let tail = body_plan.body_end.get(lang).to_owned();
            if !tail.is_empty() {
                el.on_end_tag(end_tag!(move |end| {
                    end.before(&tail, ContentType::Html);
                    Ok(())
                }))?;
            }
            Ok(())
        }))
        .append_element_content_handler(element!("script", move |el| {
            match el.get_attribute("src") {
                Some(src) => {
                    if is_script_type(el.get_attribute("type").as_deref())
                        && let Some(category) =
                            gate(&script_plan).blocks_url(&src, &script_plan.page_host)
                    {
                        hold_script(el, category);
                    }
                    Ok(())
                }
                None => {
                    if is_script_type(el.get_attribute("type").as_deref()) {
                        script_state.start(el)?;
                    }
                    Ok(())
                }
            }
        }))
        .append_element_content_handler(text!("script", move |chunk| {
            text_state.text(chunk);
            Ok(())
        }))
        .append_element_content_handler(element!("noscript", move |el| noscripts.start(el)))
        .append_element_content_handler(text!("noscript", move |chunk| {
            noscript_text.text(chunk);
            Ok(())
        }))
        .append_element_content_handler(element!("link[href]", move |el| {
            let href = el.get_attribute("href").unwrap_or_default();
            if let Some(category) = gate(&link_plan).blocks_url(&href, &link_plan.page_host) {
                hold_attribute(el, "href", category);
            }
            Ok(())
        }))
        .append_document_content_handler(end!(move |end| {
            // A page without a `<body>` tag (the parser implies one): the banner goes last.
            if !end_injected.replace(true) {
                let lang = language.get();
                end.append(end_plan.body_start.get(lang), ContentType::Html);
                end.append(end_plan.body_end.get(lang), ContentType::Html);
            }
            Ok(())
        }));
    // Frames, images and media: their URLs move to `data-*` until the category is granted.
    for selector in EMBED_SELECTORS {
        let embed_plan = Rc::clone(&plan);
        settings = settings.append_element_content_handler(element!(selector, move |el| {
            let gate = gate(&embed_plan);
            let host = &embed_plan.page_host;
            let category = el
                .get_attribute("src")
                .and_then(|src| gate.blocks_url(&src, host))
                .or_else(|| {
                    el.get_attribute("srcset").and_then(|set| {
                        srcset_urls(&set).find_map(|url| gate.blocks_url(url, host))
                    })
                });
            if let Some(category) = category {
                hold_attribute(el, "src", category);
                hold_attribute(el, "srcset", category);
            }
            Ok(())
        }));
    }
    settings
}

/// Elements that load a URL by themselves as soon as they are parsed.
const EMBED_SELECTORS: [&str; 8] = [
    "iframe[src]",
    "img[src]",
    "img[srcset]",
    "source[src]",
    "source[srcset]",
    "embed[src]",
    "video[src]",
    "audio[src]",
];

fn gate(plan: &Plan) -> Gate<'_> {
    Gate::new(&plan.config, plan.decision.as_ref())
}

/// Whether a `<script type>` runs as JavaScript (absent, a JavaScript MIME type, `module`).
fn is_script_type(script_type: Option<&str>) -> bool {
    match script_type.map(|t| t.trim().to_ascii_lowercase()) {
        None => true,
        Some(t) => {
            t.is_empty()
                || t == "module"
                || t.ends_with("/javascript")
                || t.ends_with("/ecmascript")
                || t == "text/jscript"
        }
    }
}

/// A blocked external script: inert until the app activates its category.
fn hold_script(el: &mut Element<'_, '_>, category: &str) {
    if let Some(original) = el.get_attribute("type") {
        let _ = el.set_attribute("data-type", &original);
    }
    let _ = el.set_attribute("type", "text/plain");
    let _ = el.set_attribute("data-category", category);
}

/// Move `name` (`src`, `srcset`, `href`) to `data-<name>` so the browser loads nothing.
fn hold_attribute(el: &mut Element<'_, '_>, name: &str, category: &str) {
    if let Some(value) = el.get_attribute(name) {
        el.remove_attribute(name);
        let _ = el.set_attribute(&format!("data-{name}"), &value);
        let _ = el.set_attribute("data-category", category);
    }
}

fn srcset_urls(srcset: &str) -> impl Iterator<Item = &str> {
    srcset
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
}

#[cfg(test)]
mod tests;
