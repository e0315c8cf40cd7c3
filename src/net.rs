//! The only module that talks HTTP (gloo-net): typed functions and one error enum whose messages an
//! agent understands.

use crate::engine::request::HttpRequest;
use serde_json::Value;
use std::cell::Cell;
use std::fmt;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// How long a request may take before it is aborted, unless the host says otherwise.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// How much of an error answer is shown.
const SNIPPET_CHARS: usize = 160;

/// Why a request did not give what was asked.
#[derive(Clone, Debug, PartialEq)]
pub enum NetError {
    /// The request could not be built (bad header, bad method...).
    Invalid(String),
    /// `fetch` failed: the server is unreachable, or it refused this page (CORS).
    Network,
    /// No answer within the timeout.
    Timeout(u32),
    /// A non-2xx answer, with the start of its text.
    Status { status: u16, status_text: String, snippet: String },
    /// A 2xx answer that is not JSON.
    InvalidJson(String),
}

impl NetError {
    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            NetError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetError::Invalid(m) => write!(f, "the request could not be sent: {m}"),
            NetError::Network => write!(
                f,
                "network error: the server could not be reached, or it refused requests from this page (CORS)"
            ),
            NetError::Timeout(ms) => write!(f, "timed out: no answer after {} s", (*ms).div_ceil(1000)),
            NetError::Status { status, status_text, snippet } => {
                let kind = if *status >= 500 { "server error" } else { "request refused" };
                write!(f, "HTTP {status}")?;
                if !status_text.is_empty() {
                    write!(f, " {status_text}")?;
                }
                write!(f, " ({kind})")?;
                if !snippet.is_empty() {
                    write!(f, ": {snippet}")?;
                }
                Ok(())
            }
            NetError::InvalidJson(m) => write!(f, "the answer is not valid JSON ({m})"),
        }
    }
}

/// A 2xx answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub text: String,
}

fn snippet(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = flat.chars().take(SNIPPET_CHARS).collect();
    if flat.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

/// The fetch `Request` for exactly the URL, headers and body the engine built (gloo-net's builder
/// would re-serialise the URL's query).
fn build(req: &HttpRequest, signal: &web_sys::AbortSignal) -> Result<gloo_net::http::Request, NetError> {
    let invalid = |e: JsValue| NetError::Invalid(e.as_string().unwrap_or_else(|| format!("{e:?}")));
    let headers = web_sys::Headers::new().map_err(invalid)?;
    for (k, v) in &req.headers {
        headers.append(k, v).map_err(invalid)?;
    }
    if let Some(ct) = &req.content_type {
        headers.set("Content-Type", ct).map_err(invalid)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(&req.method);
    init.set_headers(&headers);
    init.set_signal(Some(signal));
    if let Some(body) = &req.body {
        init.set_body(&JsValue::from_str(body));
    }
    let raw = web_sys::Request::new_with_str_and_init(&req.url, &init).map_err(invalid)?;
    Ok(gloo_net::http::Request::from(raw))
}

/// Sends a request; non-2xx answers are errors. Aborted after `timeout_ms`.
pub async fn send(req: &HttpRequest, timeout_ms: u32) -> Result<Answer, NetError> {
    let controller = web_sys::AbortController::new().map_err(|_| NetError::Invalid("no AbortController".into()))?;
    let request = build(req, &controller.signal())?;
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let timed_out = timed_out.clone();
        let controller = controller.clone();
        let cb = Closure::once_into_js(move || {
            timed_out.set(true);
            controller.abort();
        });
        web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), timeout_ms as i32).ok()
        })
    };
    let result = request.send().await;
    let answer = match result {
        Ok(response) => {
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            if (200..300).contains(&status) {
                Ok(Answer { status, text })
            } else {
                Err(NetError::Status { status, status_text: response.status_text(), snippet: snippet(&text) })
            }
        }
        Err(_) if timed_out.get() => Err(NetError::Timeout(timeout_ms)),
        Err(_) => Err(NetError::Network),
    };
    if let (Some(id), Some(w)) = (timer, web_sys::window()) {
        w.clear_timeout_with_handle(id);
    }
    answer
}

/// Sends a request and reads its answer as JSON.
pub async fn fetch_json(req: &HttpRequest, timeout_ms: u32) -> Result<Value, NetError> {
    let answer = send(req, timeout_ms).await?;
    serde_json::from_str(&answer.text).map_err(|e| NetError::InvalidJson(e.to_string()))
}
