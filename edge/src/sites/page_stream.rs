//! The origin's body on its way to the visitor. Its first bytes are read before any header is
//! sent (what the browser will make of the body is decided from them); the rest is piped
//! through the rewriter by the runtime's own streams: a `TransformStream` whose `transform`
//! calls the rewriter synchronously. Polling a Rust stream adapter cost about two thirds of a
//! millisecond per network chunk (a 1 MB page arrives in some 260), more than the rewriting.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Reflect, Uint8Array};
use rewrite::PageRewriter;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{
    QueuingStrategy, ReadableStream, ReadableStreamDefaultReader, StreamPipeOptions,
    TransformStream, TransformStreamDefaultController,
};
use worker::ResponseBody;

/// Chunks each side of the transform may hold before it waits: the pipe reads ahead of a
/// slower visitor instead of taking one chunk per round trip.
const QUEUED_CHUNKS: u32 = 64;

/// An origin's body, its first bytes already read.
pub(crate) struct OriginBody {
    /// The bytes read so far.
    pub(crate) head: Vec<u8>,
    /// The rest, if the body had not ended.
    rest: Option<ReadableStream>,
}

impl OriginBody {
    /// Read `body` until at least `prescan` bytes are in (or it ends, or breaks off).
    pub(crate) async fn read(body: ResponseBody, prescan: usize) -> Self {
        let stream = match body {
            ResponseBody::Stream(stream) => stream,
            ResponseBody::Body(bytes) => {
                return Self {
                    head: bytes,
                    rest: None,
                };
            }
            ResponseBody::Empty => {
                return Self {
                    head: Vec::new(),
                    rest: None,
                };
            }
        };
        let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
        let mut head = Vec::new();
        let mut open = true;
        while open && head.len() < prescan {
            match JsFuture::from(reader.read()).await {
                Ok(result) => match read_result(&result) {
                    Some(chunk) => head.extend(chunk.to_vec()),
                    None => open = false,
                },
                Err(e) => {
                    worker::console_error!("origin body broke off: {e:?}");
                    open = false;
                }
            }
        }
        reader.release_lock();
        Self {
            head,
            rest: open.then_some(stream),
        }
    }

    /// The whole body as a stream: the head, then the rest, each chunk through `rewriter`
    /// when there is one, and its last bytes at the end of the body or where the origin's
    /// body broke off. A rewriter that fails ends the page there and stops reading the
    /// origin.
    pub(crate) fn into_stream(
        self,
        rewriter: Option<PageRewriter>,
    ) -> worker::Result<ReadableStream> {
        let state = Rc::new(RefCell::new(Some(rewriter)));
        let head = self.head;

        let at_start = Rc::clone(&state);
        let start = Closure::once_into_js(move |controller: TransformStreamDefaultController| {
            pass(&at_start, head, &controller);
        });
        let per_chunk = Rc::clone(&state);
        let transform = Closure::<dyn FnMut(JsValue, TransformStreamDefaultController)>::new(
            move |chunk: JsValue, controller: TransformStreamDefaultController| {
                let passes_as_is = matches!(&*per_chunk.borrow(), Some(None));
                if passes_as_is {
                    let _ = controller.enqueue_with_chunk(&chunk);
                } else {
                    pass(&per_chunk, Uint8Array::new(&chunk).to_vec(), &controller);
                }
            },
        )
        .into_js_value();
        let at_end = state;
        let flush = Closure::once_into_js(move |controller: TransformStreamDefaultController| {
            if let Some(Some(rewriter)) = at_end.borrow_mut().take() {
                enqueue(&controller, &rewriter.finish());
            }
        });

        let transformer = Object::new();
        for (name, function) in [("start", start), ("transform", transform), ("flush", flush)] {
            Reflect::set(&transformer, &name.into(), &function).map_err(js_error)?;
        }
        let strategy = QueuingStrategy::new();
        strategy.set_high_water_mark(f64::from(QUEUED_CHUNKS));
        let through =
            TransformStream::new_with_transformer_and_writable_strategy_and_readable_strategy(
                &transformer,
                &strategy,
                &strategy,
            )
            .map_err(js_error)?;
        let writable = through.writable();
        match self.rest {
            Some(rest) => {
                // The origin breaking off does not abort the page: it is ended there (the
                // writable side is closed, so `flush` adds the rewriter's last bytes).
                let options = StreamPipeOptions::new();
                options.set_prevent_abort(true);
                let piped = rest.pipe_to_with_options(&writable, &options);
                spawn_local(async move {
                    if let Err(e) = JsFuture::from(piped).await {
                        worker::console_error!("origin body broke off: {e:?}");
                        close(writable).await;
                    }
                });
            }
            None => spawn_local(close(writable)),
        }
        Ok(through.readable())
    }
}

/// Run `bytes` through the rewriter (if any) and send on what comes out; a rewriter that has
/// failed has ended the page: the stream is ended, and the origin's body no longer read.
fn pass(
    state: &Rc<RefCell<Option<Option<PageRewriter>>>>,
    bytes: Vec<u8>,
    controller: &TransformStreamDefaultController,
) {
    let mut state = state.borrow_mut();
    match state.as_mut() {
        Some(Some(rewriter)) => {
            enqueue(controller, &rewriter.push(&bytes));
            if rewriter.failed() {
                *state = None;
                controller.terminate();
            }
        }
        Some(None) => enqueue(controller, &bytes),
        None => {}
    }
}

fn enqueue(controller: &TransformStreamDefaultController, bytes: &[u8]) {
    if !bytes.is_empty() {
        let _ = controller.enqueue_with_chunk(&Uint8Array::from(bytes));
    }
}

/// The chunk of a `read()` result; `None` when the stream is done.
fn read_result(result: &JsValue) -> Option<Uint8Array> {
    let done = Reflect::get(result, &"done".into())
        .ok()
        .and_then(|d| d.as_bool())
        .unwrap_or(true);
    if done {
        return None;
    }
    Reflect::get(result, &"value".into())
        .ok()
        .map(|value| Uint8Array::new(&value))
}

/// Close the writable side (ends the page); a side already errored stays so.
async fn close(writable: web_sys::WritableStream) {
    if let Ok(writer) = writable.get_writer() {
        let _ = JsFuture::from(writer.close()).await;
    }
}

fn js_error(e: JsValue) -> worker::Error {
    worker::Error::RustError(format!("{e:?}"))
}
