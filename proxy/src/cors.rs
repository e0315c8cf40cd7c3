//! CORS, answered only for `allowed_origins`. A request with an `Origin` not listed gets no CORS
//! headers and a 403; a request without `Origin` (a server) goes on to the token check.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ORIGIN, VARY,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ProxyError;
use crate::state::AppState;

fn vary(response: &mut Response) {
    response.headers_mut().append(VARY, HeaderValue::from_static("origin"));
}

/// The CORS middleware: for an origin in `allowed_origins`, answers preflights (204) and marks
/// the answer; refuses any other origin (403); lets a request without `Origin` through.
pub async fn cors(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let Some(origin) = request.headers().get(ORIGIN).cloned() else {
        let mut response = next.run(request).await;
        vary(&mut response);
        return response;
    };
    let allowed =
        origin.to_str().is_ok_and(|o| state.settings.allowed_origins.iter().any(|a| a == o));
    if !allowed {
        let shown: String = String::from_utf8_lossy(origin.as_bytes()).chars().take(100).collect();
        let mut response = ProxyError::forbidden(format!(
            "the origin {shown} may not use this proxy (it is not in allowed_origins)"
        ))
        .into_response();
        vary(&mut response);
        return response;
    }
    let mut response = if request.method() == Method::OPTIONS {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("POST, GET, OPTIONS"));
        h.insert(
            ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type"),
        );
        h.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        r
    } else {
        next.run(request).await
    };
    let h = response.headers_mut();
    h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.insert(
        ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("X-Sidebar-Proxy-Error, Retry-After, X-Sidebar-Proxy-Cache"),
    );
    vary(&mut response);
    response
}
