//! The edge's streaming HTML rewriter: puts the banner into a site's page and holds back every
//! tracker of a category the visitor has not granted, before the browser sees the page.
//!
//! Pure (no I/O): the Worker feeds the origin's body chunk by chunk and sends on what comes
//! out. Which element belongs to which category is decided by [`samtycke_visitor::gate`]; this crate
//! only applies it to HTML, with Cloudflare's `lol_html` (the engine behind workerd's own
//! `HTMLRewriter`).

mod char_refs;
mod charset;
mod css_urls;
mod gather;
pub mod headers;
mod judged_by_text;
mod noscript;
pub mod shown_once;
mod url_reading;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use lol_html::html_content::{ContentType, Element};
use lol_html::{
    AsciiCompatibleEncoding, HtmlRewriter, MemorySettings, Settings, element, end, end_tag, text,
};
use samtycke_visitor::config::Texts;
use samtycke_visitor::gate::{Gate, PLACEHOLDER_MARK, PLACEHOLDER_TITLED};
use samtycke_visitor::{Decision, Language, SiteConfig};

pub use crate::charset::{PRESCAN_BYTES, Reading, reading};
use crate::judged_by_text::JudgedByText;
use crate::noscript::NoScripts;
use crate::shown_once::ShownOnce;
use crate::url_reading::PageUrls;

/// What to do to one page.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The site's configuration.
    pub config: Rc<SiteConfig>,
    /// The visitor's current decision, if any.
    pub decision: Option<Decision>,
    /// The page's public address (relative URLs resolve against it, or its `<base href>`).
    pub page_url: String,
    /// Markup put at the start of `<head>` (before any of the site's own tags).
    pub head_start: String,
    /// Markup put at the start of `<body>`, per language (the banner, or nothing).
    pub body_start: Texts,
    /// Markup put before `</body>`, per language (the reopen control, or nothing).
    pub body_end: Texts,
    /// The visitor's language, when their browser asked for one the site offers; otherwise
    /// the page's `<html lang>` picks (if the site offers it), else the site's default.
    pub language: Option<Language>,
    /// How the page's bytes are read ([`reading`] decides it from the first bytes).
    pub reading: Reading,
    /// Most memory the parser may buffer (a tag or an attribute longer than this fails the
    /// rewrite, and the page ends there, with the banner).
    pub max_memory: usize,
    /// Held frames show a placeholder that offers to load them (`None`: they stay empty).
    pub placeholders: Option<Placeholders>,
    /// The embed the visitor asked to see once, on this page view only.
    pub shown_once: Option<ShownOnce>,
}

/// Where a placeholder's forms go: Samtycke's routes on the site, and back to the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholders {
    /// Samtycke's prefix on the site (`/_samtycke`).
    pub api: String,
    /// The page's path and query.
    pub return_path: String,
}

/// Memory the parser may use by default: far more than any real tag needs.
pub const DEFAULT_MAX_MEMORY: usize = 4 * 1024 * 1024;

type Output = Rc<RefCell<Vec<u8>>>;
type Sink = Box<dyn FnMut(&[u8])>;
type Rewriter = HtmlRewriter<'static, Sink>;

/// Rewrites one page as it streams: [`push`](Self::push) each chunk, send on what it
/// returns, then [`finish`](Self::finish).
///
/// Fail closed: when the parser cannot go on (a tag larger than its memory, markup whose
/// meaning depends on parser state it cannot track), the page ends at that point, with the
/// banner if it was not yet in, and nothing more of the origin's body is sent, so no tag it
/// did not read reaches the browser and no byte is sent twice.
pub struct PageRewriter {
    state: State,
    output: Output,
    decoder: Option<encoding_rs::Decoder>,
    page: Rc<PageState>,
}

/// What the handlers and the failure path share.
struct PageState {
    plan: Rc<Plan>,
    /// The banner is in (at `<body>`, or at the end).
    banner_in: Cell<bool>,
    /// The language the banner is shown in.
    language: Cell<Language>,
}

impl PageState {
    /// The banner and the reopen control, for a page that ends without having shown them.
    fn banner_tail(&self) -> Vec<u8> {
        if self.banner_in.replace(true) {
            return Vec::new();
        }
        let language = self.language.get();
        let mut tail = self.plan.body_start.get(language).as_bytes().to_vec();
        tail.extend_from_slice(self.plan.body_end.get(language).as_bytes());
        tail
    }
}

enum State {
    /// `lol_html` is rewriting.
    Rewriting(Box<Rewriter>),
    /// The rewriter failed: the page has ended.
    Ended,
}

impl PageRewriter {
    /// A rewriter that applies `plan`.
    pub fn new(plan: Plan) -> Self {
        let (encoding, decoder) = match plan.reading {
            Reading::AsIs(encoding) => (
                AsciiCompatibleEncoding::new(encoding)
                    .unwrap_or_else(AsciiCompatibleEncoding::utf_8),
                None,
            ),
            Reading::Transcoded(encoding) => (
                AsciiCompatibleEncoding::utf_8(),
                Some(encoding.new_decoder_with_bom_removal()),
            ),
        };
        let page = Rc::new(PageState {
            language: Cell::new(plan.language.unwrap_or(plan.config.default_language)),
            plan: Rc::new(plan),
            banner_in: Cell::new(false),
        });
        let output: Output = Rc::default();
        let sink = Rc::clone(&output);
        let sink: Sink = Box::new(move |bytes: &[u8]| sink.borrow_mut().extend_from_slice(bytes));
        let rewriter = HtmlRewriter::new(handlers(&page, encoding), sink);
        Self {
            state: State::Rewriting(Box::new(rewriter)),
            output,
            decoder,
            page,
        }
    }

    /// Feed the next chunk of the origin's body; returns the bytes ready to send.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<u8> {
        let decoded;
        let bytes = match &mut self.decoder {
            Some(decoder) => {
                decoded = decode(decoder, chunk, false);
                decoded.as_bytes()
            }
            None => chunk,
        };
        self.write(bytes)
    }

    /// The end of the body; returns the last bytes to send.
    pub fn finish(mut self) -> Vec<u8> {
        let mut out = match self.decoder.take() {
            Some(mut decoder) => {
                let rest = decode(&mut decoder, &[], true);
                self.write(rest.as_bytes())
            }
            None => Vec::new(),
        };
        if let State::Rewriting(rewriter) = std::mem::replace(&mut self.state, State::Ended) {
            let ended = rewriter.end();
            out.extend(self.take());
            if ended.is_err() {
                out.extend(self.page.banner_tail());
            }
        }
        out
    }

    /// Whether the rewriter failed and the page was ended early.
    pub fn failed(&self) -> bool {
        matches!(self.state, State::Ended)
    }

    fn write(&mut self, bytes: &[u8]) -> Vec<u8> {
        let State::Rewriting(rewriter) = &mut self.state else {
            return Vec::new();
        };
        if rewriter.write(bytes).is_ok() {
            return self.take();
        }
        self.state = State::Ended;
        let mut out = self.take();
        out.extend(self.page.banner_tail());
        out
    }

    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.output.borrow_mut())
    }
}

/// `bytes` decoded to UTF-8 (`last` at the end of the body).
fn decode(decoder: &mut encoding_rs::Decoder, bytes: &[u8], last: bool) -> String {
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length(bytes.len())
            .unwrap_or(bytes.len() * 3 + 16),
    );
    let _ = decoder.decode_to_string(bytes, &mut out, last);
    out
}

impl Plan {
    /// The category to hold a URL back for (a `Link` or `Refresh` header's), if the visitor
    /// has not granted it: read against the page's address as the browser reads it.
    pub fn blocks_url(&self, raw: &str) -> Option<String> {
        let context = Context {
            plan: Rc::new(self.clone()),
            urls: PageUrls::new(&self.page_url),
        };
        context.blocks(raw)
    }
}

/// Rewrite a whole page at once (tests, benchmarks, nested documents).
pub fn rewrite_all(plan: Plan, html: &[u8]) -> Vec<u8> {
    let mut rewriter = PageRewriter::new(plan);
    let mut out = rewriter.push(html);
    out.extend(rewriter.finish());
    out
}

/// What the element handlers share: the plan, and the page's addresses.
#[derive(Clone)]
struct Context {
    plan: Rc<Plan>,
    urls: PageUrls,
}

impl Context {
    fn gate(&self) -> Gate<'_> {
        Gate::new(&self.plan.config, self.plan.decision.as_ref())
    }

    /// The category to hold a raw URL attribute back for, if its category is not granted.
    fn blocks(&self, raw: &str) -> Option<String> {
        self.blocks_parsed(&self.urls.read(raw)?)
    }

    /// The same for a `srcset`-like list: the first candidate held holds them all.
    fn blocks_srcset(&self, raw: &str) -> Option<String> {
        self.urls
            .read_srcset(raw)
            .iter()
            .find_map(|url| self.blocks_parsed(url))
    }

    /// The same for a URL already read. A `data:` URL loads what its own text names (a
    /// frame's document, an object's), so its text is judged as code is.
    fn blocks_parsed(&self, url: &url::Url) -> Option<String> {
        if let Some(text) = url_reading::data_text(url) {
            return self.gate().blocks_code(&text).map(str::to_owned);
        }
        let (host, port, path) = url_reading::location(url)?;
        self.gate()
            .blocks_location(host, port, path)
            .map(str::to_owned)
    }

    /// What a frame's `src` would load that the visitor has not granted: the service (when
    /// a service's host or prefix claims the URL), or only the category (a `data:` document
    /// that names a held service).
    fn held_frame(&self, url: &url::Url) -> Option<HeldFrame<'_>> {
        if url_reading::data_text(url).is_some() {
            return self.blocks_parsed(url).map(HeldFrame::Code);
        }
        let (host, port, path) = url_reading::location(url)?;
        let gate = self.gate();
        gate.location_service(host, port, path)
            .filter(|(category, _)| !gate.grants(category))
            .map(|(category, service)| HeldFrame::Service(category, service))
    }

    /// The same for CSS (an inline `style` once decoded, a `<style>`): any URL in it held
    /// holds it all.
    fn blocks_css(&self, css: &str) -> Option<String> {
        match css_urls::urls(css) {
            Some(urls) => urls.iter().find_map(|url| self.blocks(url)),
            // Too deep to read: held, as the most cautious category there is.
            None => Some(self.strictest_category()),
        }
    }

    /// A category no decision grants unless it grants every one (for what cannot be read).
    fn strictest_category(&self) -> String {
        let gate = self.gate();
        self.plan
            .config
            .categories
            .iter()
            .find(|c| !gate.grants(c))
            .or_else(|| self.plan.config.categories.last())
            .map_or_else(String::new, |c| c.id.clone())
    }
}

/// A frame held back, and why.
enum HeldFrame<'a> {
    /// A service's frame.
    Service(
        &'a samtycke_visitor::config::Category,
        &'a samtycke_visitor::config::Service,
    ),
    /// A frame whose document (a `data:` URL) names a held service: the category's id.
    Code(String),
}

impl HeldFrame<'_> {
    fn category_id(&self) -> &str {
        match self {
            Self::Service(category, _) => &category.id,
            Self::Code(id) => id,
        }
    }
}

/// An `<iframe>`: a `srcdoc` document is rewritten as the page is; a `src` not granted is
/// held, and the frame shows the placeholder instead (unless it has a document of its own,
/// or a sandbox that would keep the placeholder's forms from working), with a title naming
/// the service when the site gave the frame no accessible name. The embed the visitor asked
/// to see once passes, on this page view.
fn frame(context: &Context, page: &PageState, el: &mut Element<'_, '_>) -> lol_html::HandlerResult {
    let srcdoc = el.get_attribute("srcdoc");
    if let Some(srcdoc) = &srcdoc {
        let inner = char_refs::decode_attribute(srcdoc);
        let rewritten = noscript::rewrite_fragment(context, &inner);
        if rewritten != inner {
            set_attribute_text(el, "srcdoc", &rewritten)?;
        }
    }
    let Some(url) = el
        .get_attribute("src")
        .and_then(|src| context.urls.read(&src))
    else {
        return Ok(());
    };
    if context
        .plan
        .shown_once
        .as_ref()
        .is_some_and(|once| once.is(&url))
    {
        return Ok(());
    }
    let Some(held) = context.held_frame(&url) else {
        return Ok(());
    };
    hold_attribute(el, "src", held.category_id());
    let (HeldFrame::Service(category, service), Some(placeholders), None, None) = (
        &held,
        &context.plan.placeholders,
        &srcdoc,
        el.get_attribute("sandbox"),
    ) else {
        return Ok(());
    };
    let view = pages::placeholder::PlaceholderPage {
        config: &context.plan.config,
        api: &placeholders.api,
        return_path: &placeholders.return_path,
    };
    let embed = pages::placeholder::HeldEmbed {
        category,
        service,
        url: url.as_str(),
        language: page.language.get(),
    };
    set_attribute_text(el, "srcdoc", &view.document(&embed))?;
    let named = ["title", "aria-label", "aria-labelledby"]
        .iter()
        .any(|name| el.get_attribute(name).is_some_and(|v| !v.trim().is_empty()));
    if named {
        el.set_attribute(PLACEHOLDER_MARK, "")?;
    } else {
        el.set_attribute("title", &view.frame_title(&embed))?;
        el.set_attribute(PLACEHOLDER_MARK, PLACEHOLDER_TITLED)?;
    }
    Ok(())
}

/// Set an attribute to `text` exactly: `lol_html` escapes only `"` in a value it is given,
/// so a `&` of the text is written as `&amp;` first (else the browser would decode it once
/// more, and `&lt;script&gt;` in a `srcdoc` would become a tag).
fn set_attribute_text(el: &mut Element<'_, '_>, name: &str, text: &str) -> lol_html::HandlerResult {
    el.set_attribute(name, &text.replace('&', "&amp;"))?;
    Ok(())
}

fn handlers(page: &Rc<PageState>, encoding: AsciiCompatibleEncoding) -> Settings<'static, 'static> {
    let plan = Rc::clone(&page.plan);
    let context = Context {
        plan: Rc::clone(&plan),
        urls: PageUrls::new(&plan.page_url),
    };
    let scripts = JudgedByText::scripts(context.clone());
    let styles = JudgedByText::style_sheets(context.clone());
    let noscripts = NoScripts::new(context.clone());

    let visitor_chose = plan.language.is_some();
    let (html_page, head_page, body_page, end_page) = (
        Rc::clone(page),
        Rc::clone(page),
        Rc::clone(page),
        Rc::clone(page),
    );
    let head_injected = Rc::new(Cell::new(false));
    let base_context = context.clone();
    let script_context = context.clone();
    let (script_state, text_state) = (scripts.clone(), scripts);
    let (style_state, style_text) = (styles.clone(), styles);
    let noscript_text = noscripts.clone();
    let any_context = context.clone();
    let (frame_context, frame_page) = (context.clone(), Rc::clone(page));
    let refresh_context = context.clone();

    let mut settings = Settings::new()
        .with_encoding(encoding)
        // Markup whose meaning depends on parser state the rewriter cannot track fails the
        // rewrite (and the page ends there) instead of being misread.
        .with_strict(true)
        .with_adjust_charset_on_meta_tag(true)
        .with_memory_settings(MemorySettings::new().with_max_allowed_memory_usage(plan.max_memory))
        .append_element_content_handler(element!("html[lang]", move |el| {
            if !visitor_chose {
                let lang = el.get_attribute("lang").unwrap_or_default();
                let config = &html_page.plan.config;
                html_page.language.set(samtycke_visitor::language::choose(
                    [lang.as_str()],
                    &config.languages,
                    config.default_language,
                ));
            }
            Ok(())
        }))
        .append_element_content_handler(element!("head", move |el| {
            if !head_injected.replace(true) {
                el.prepend(&head_page.plan.head_start, ContentType::Html);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("body", move |el| {
            if body_page.banner_in.replace(true) {
                return Ok(());
            }
            let lang = body_page.language.get();
            el.prepend(body_page.plan.body_start.get(lang), ContentType::Html);
            let tail = body_page.plan.body_end.get(lang).to_owned();
            if !tail.is_empty() && el.can_have_content() {
                el.on_end_tag(end_tag!(move |end| {
                    end.before(&tail, ContentType::Html);
                    Ok(())
                }))?;
            }
            Ok(())
        }))
        .append_element_content_handler(element!("base[href]", move |el| {
            base_context
                .urls
                .set_base(&el.get_attribute("href").unwrap_or_default());
            Ok(())
        }))
        .append_element_content_handler(element!("script", move |el| {
            let runs = is_script_type(el.get_attribute("type").as_deref());
            // SVG's <script href> / <script xlink:href> load too.
            for name in ["href", "xlink:href"] {
                if let Some(category) = el
                    .get_attribute(name)
                    .and_then(|u| script_context.blocks(&u))
                {
                    hold_attribute(el, name, &category);
                }
            }
            match el.get_attribute("src") {
                Some(src) => {
                    if runs && let Some(category) = script_context.blocks(&src) {
                        hold_script(el, &category);
                    }
                    Ok(())
                }
                None if el.can_have_content() && (runs || is_script_data(el)) => {
                    script_state.start(el)
                }
                None => Ok(()),
            }
        }))
        .append_element_content_handler(text!("script", move |chunk| {
            text_state.text(chunk);
            Ok(())
        }))
        .append_element_content_handler(element!("style", move |el| {
            if el.can_have_content() {
                style_state.start(el)?;
            }
            Ok(())
        }))
        .append_element_content_handler(text!("style", move |chunk| {
            style_text.text(chunk);
            Ok(())
        }))
        .append_element_content_handler(element!("noscript", move |el| {
            if el.can_have_content() {
                noscripts.start(el)?;
            }
            Ok(())
        }))
        .append_element_content_handler(text!("noscript", move |chunk| {
            noscript_text.text(chunk);
            Ok(())
        }))
        .append_element_content_handler(element!("iframe", move |el| {
            frame(&frame_context, &frame_page, el)
        }))
        .append_element_content_handler(element!("meta[http-equiv]", move |el| {
            let refresh = el
                .get_attribute("http-equiv")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh"));
            if refresh
                && let Some(target) = el.get_attribute("content").as_deref().and_then(refresh_url)
                && let Some(category) = refresh_context.blocks(&target)
            {
                hold_attribute(el, "content", &category);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("*", move |el| {
            hold_inline_attributes(&any_context, el);
            Ok(())
        }))
        .append_document_content_handler(end!(move |end| {
            // A page without a `<body>` tag (the parser implies one): the banner goes last.
            let tail = end_page.banner_tail();
            if !tail.is_empty() {
                end.append(&String::from_utf8_lossy(&tail), ContentType::Html);
            }
            Ok(())
        }));
    // Everything else that fetches a URL by itself: its URL moves to `data-*` until the
    // category is granted.
    for (selector, attributes) in FETCHING {
        let fetch_context = context.clone();
        settings = settings.append_element_content_handler(element!(selector, move |el| {
            for &(name, list) in attributes {
                let Some(raw) = el.get_attribute(name) else {
                    continue;
                };
                let category = match list {
                    UrlList::One => fetch_context.blocks(&raw),
                    UrlList::SrcSet => fetch_context.blocks_srcset(&raw),
                    UrlList::Spaced => raw
                        .split_ascii_whitespace()
                        .find_map(|url| fetch_context.blocks(url)),
                };
                if let Some(category) = category {
                    hold_attribute(el, name, &category);
                }
            }
            Ok(())
        }));
    }
    settings
}

/// How an attribute holds URLs.
#[derive(Clone, Copy)]
enum UrlList {
    /// One URL.
    One,
    /// A `srcset`: comma-separated candidates, each a URL and a descriptor.
    SrcSet,
    /// Space-separated URLs (`ping`).
    Spaced,
}

/// Elements that fetch by themselves, and the attributes they fetch from.
const FETCHING: [(&str, &[(&str, UrlList)]); 16] = [
    ("img", &[("src", UrlList::One), ("srcset", UrlList::SrcSet)]),
    (
        "source",
        &[("src", UrlList::One), ("srcset", UrlList::SrcSet)],
    ),
    ("frame", &[("src", UrlList::One)]),
    ("embed", &[("src", UrlList::One)]),
    ("object", &[("data", UrlList::One)]),
    ("video", &[("src", UrlList::One), ("poster", UrlList::One)]),
    ("audio", &[("src", UrlList::One)]),
    ("track", &[("src", UrlList::One)]),
    ("input", &[("src", UrlList::One)]),
    (
        "link",
        &[("href", UrlList::One), ("imagesrcset", UrlList::SrcSet)],
    ),
    (
        "image",
        &[
            ("href", UrlList::One),
            ("xlink:href", UrlList::One),
            ("src", UrlList::One),
        ],
    ),
    (
        "use",
        &[("href", UrlList::One), ("xlink:href", UrlList::One)],
    ),
    (
        "feimage",
        &[("href", UrlList::One), ("xlink:href", UrlList::One)],
    ),
    ("a", &[("ping", UrlList::Spaced)]),
    ("area", &[("ping", UrlList::Spaced)]),
    (
        "applet",
        &[("code", UrlList::One), ("archive", UrlList::One)],
    ),
];

/// On any element: a `style` whose CSS loads a held URL, a `background` image, and event
/// handlers whose code names a held service.
fn hold_inline_attributes(context: &Context, el: &mut Element<'_, '_>) {
    let mut held: Vec<(String, String)> = Vec::new();
    for attribute in el.attributes() {
        // Runs on every element: the value is read only for the attributes that can load.
        let name = attribute.name();
        let category = match name.as_str() {
            "style" => context.blocks_css(&char_refs::decode_attribute(&attribute.value())),
            "background" => context.blocks(&attribute.value()),
            handler if handler.starts_with("on") => context
                .gate()
                .blocks_code(&char_refs::decode_attribute(&attribute.value()))
                .map(str::to_owned),
            _ => None,
        };
        if let Some(category) = category {
            held.push((name, category));
        }
    }
    for (name, category) in held {
        hold_attribute(el, &name, &category);
    }
}

/// The URL of a `<meta http-equiv=refresh content="5; url=…">`.
fn refresh_url(content: &str) -> Option<String> {
    let content = char_refs::decode_attribute(content);
    let after_delay = content
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let rest =
        after_delay.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ';' || c == ',');
    let rest = match rest.get(..3) {
        Some(key) if key.eq_ignore_ascii_case("url") => rest[3..]
            .trim_start()
            .strip_prefix('=')
            .unwrap_or(&rest[3..])
            .trim_start(),
        _ => rest,
    };
    let url = rest.trim_matches(|c| c == '"' || c == '\'').trim();
    (!url.is_empty()).then(|| url.to_owned())
}

/// A script the browser reads as data that loads: an import map or speculation rules.
fn is_script_data(el: &Element<'_, '_>) -> bool {
    el.get_attribute("type").is_some_and(|t| {
        let t = t.trim();
        t.eq_ignore_ascii_case("importmap") || t.eq_ignore_ascii_case("speculationrules")
    })
}

/// Whether a `<script type>` runs as JavaScript: absent, empty, `module`, or one of the HTML
/// standard's JavaScript MIME type essence strings (matched exactly, ASCII case-insensitive).
fn is_script_type(script_type: Option<&str>) -> bool {
    const JAVASCRIPT: [&str; 17] = [
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
        "module",
    ];
    match script_type.map(str::trim) {
        None | Some("") => true,
        Some(t) => JAVASCRIPT.iter().any(|js| js.eq_ignore_ascii_case(t)),
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

/// Move `name` (`src`, `srcset`, `href`, …) to `data-<name>` so the browser loads nothing.
fn hold_attribute(el: &mut Element<'_, '_>, name: &str, category: &str) {
    if let Some(value) = el.get_attribute(name) {
        el.remove_attribute(name);
        let _ = el.set_attribute(&format!("data-{}", name.replace(':', "-")), &value);
        let _ = el.set_attribute("data-category", category);
    }
}

#[cfg(test)]
mod tests;
