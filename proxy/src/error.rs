//! The proxy's own refusals and failures: a status and a sentence, sent as
//! `{"error": "..."}` with `X-Sidebar-Proxy-Error: 1` so the sidebar can tell them from an
//! upstream's answer.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// The header that marks an answer as the proxy's own (not the upstream's).
pub const PROXY_ERROR_HEADER: &str = "x-sidebar-proxy-error";

/// A refusal or failure of the proxy itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyError {
    /// The HTTP status of the answer.
    pub status: StatusCode,
    /// The sentence sent as `error`: what was refused or failed, and why.
    pub message: String,
    /// Seconds for a `Retry-After` header (429 answers).
    pub retry_after: Option<u64>,
}

impl ProxyError {
    /// An error with `status` and `message`, without `Retry-After`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ProxyError { status, message: message.into(), retry_after: None }
    }
    /// 400: the envelope is malformed.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    /// 401: missing, malformed, bad or expired token.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }
    /// 403: refused by policy.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }
    /// 413: the envelope is larger than `max_body_bytes`.
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, message)
    }
    /// 429: rate limit or concurrency cap.
    pub fn too_many(message: impl Into<String>, retry_after: u64) -> Self {
        ProxyError {
            status: StatusCode::TOO_MANY_REQUESTS,
            message: message.into(),
            retry_after: Some(retry_after),
        }
    }
    /// 502: the upstream could not be reached or answered in a way the proxy will not pass on.
    pub fn bad_gateway(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_GATEWAY, message)
    }
    /// 504: the upstream did not answer in time.
    pub fn gateway_timeout(message: impl Into<String>) -> Self {
        Self::new(StatusCode::GATEWAY_TIMEOUT, message)
    }
}

impl std::fmt::Display for ProxyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.message)
    }
}

impl std::error::Error for ProxyError {}

impl IntoResponse for ProxyError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message }).to_string();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(PROXY_ERROR_HEADER, HeaderValue::from_static("1"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
