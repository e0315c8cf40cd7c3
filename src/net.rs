//! The only module that talks HTTP (the browser's `fetch`, called directly): it sends exactly the request the engine built, with
//! no cookies, a timeout, and no redirect for a request that carries hidden values or headers, and
//! turns every transport failure and non-2xx status into one error
//! type ([`NetError`]) with the request's secrets removed.

use crate::engine::answer::{proxy_reason, snippet, NetError};
use crate::engine::request::HttpRequest;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The header the host's proxy marks its own refusals with.
const PROXY_ERROR_HEADER: &str = "X-Sidebar-Proxy-Error";

/// A 2xx answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub text: String,
}

/// The fetch `Request` for exactly the URL, headers and body the engine built (a builder that
/// re-serialised the URL's query would change it). The browser's own error text is never kept: it may hold
/// the whole URL and its secrets.
fn build(req: &HttpRequest, signal: &web_sys::AbortSignal) -> Result<web_sys::Request, NetError> {
    let headers = web_sys::Headers::new().map_err(|_| NetError::Invalid)?;
    for (k, v) in &req.headers {
        headers.append(k, v).map_err(|_| NetError::Invalid)?;
    }
    if let Some(ct) = &req.content_type {
        headers.set("Content-Type", ct).map_err(|_| NetError::Invalid)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(&req.method);
    init.set_headers(&headers);
    init.set_signal(Some(signal));
    // SPEC 7: no cookies, so that a request to the helpdesk's own origin cannot ride the agent's
    // session (CSRF).
    init.set_credentials(web_sys::RequestCredentials::Omit);
    // SPEC 7: a redirect cannot take hidden values, headers or the proxy envelope to another
    // address. The browser does not say where a redirect goes before following it, so such a
    // request follows none: it ends at the redirect (`opaqueredirect`), and the agent is told.
    init.set_redirect(if req.follow_redirects {
        web_sys::RequestRedirect::Follow
    } else {
        web_sys::RequestRedirect::Manual
    });
    if let Some(body) = &req.body {
        init.set_body(&JsValue::from_str(body));
    }
    web_sys::Request::new_with_str_and_init(&req.url, &init).map_err(|_| NetError::Invalid)
}

/// `fetch(request)`, resolved to its `Response` (an error for anything else).
async fn fetch(request: &web_sys::Request) -> Result<web_sys::Response, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let value = wasm_bindgen_futures::JsFuture::from(window.fetch_with_request(request)).await?;
    value.dyn_into::<web_sys::Response>()
}

/// The whole body as text (an error if it is cut off, aborted included).
async fn text(response: &web_sys::Response) -> Result<String, JsValue> {
    let value = wasm_bindgen_futures::JsFuture::from(response.text()?).await?;
    value.as_string().ok_or(JsValue::NULL)
}

/// Sends a request; non-2xx answers are errors. Aborted after `timeout_ms`, the body included: a
/// body cut off is a failure, never an empty success.
pub async fn send(req: &HttpRequest, timeout_ms: u32) -> Result<Answer, NetError> {
    let controller = web_sys::AbortController::new().map_err(|_| NetError::Invalid)?;
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
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                cb.unchecked_ref(),
                timeout_ms.min(i32::MAX as u32) as i32,
            )
            .ok()
        })
    };
    let answer = match fetch(&request).await {
        Ok(response) if response.type_() == web_sys::ResponseType::Opaqueredirect => {
            Err(NetError::Redirected(response.status()))
        }
        Ok(response) => {
            let status = response.status();
            let proxy_error = req.through_proxy
                && response.headers().get(PROXY_ERROR_HEADER).ok().flatten().is_some();
            match text(&response).await {
                Err(_) if timed_out.get() => Err(NetError::Timeout(timeout_ms)),
                Err(_) => Err(NetError::CutOff),
                Ok(text) if proxy_error => {
                    Err(NetError::Proxy { status, reason: proxy_reason(&text, &req.secrets) })
                }
                Ok(text) if (200..300).contains(&status) => Ok(Answer { status, text }),
                Ok(text) => Err(NetError::Status { status, snippet: snippet(&text, &req.secrets) }),
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
