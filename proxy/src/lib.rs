//! `sidebar-widgets-proxy`: a small HTTP server that forwards the helpdesk sidebar's calls to
//! third-party APIs, so the browser needs neither CORS from those APIs nor their keys.
//!
//! The sidebar POSTs a JSON envelope (method, url, params, headers, form/json body) to
//! `/forward`; the proxy checks the caller's token, checks the URL against the operator's
//! allowlist of upstreams, substitutes `{{secret.NAME}}` placeholders with secrets scoped to that
//! upstream, calls it, and answers with the upstream's status, body and `Content-Type`, every
//! secret value removed. Its own refusals are `{"error": "..."}` with `X-Sidebar-Proxy-Error: 1`.

#![deny(missing_docs)]

pub mod admit;
pub mod allowlist;
pub mod auth;
pub mod breaker;
pub mod cache;
pub mod client;
pub mod config;
pub mod cors;
pub mod declared;
pub mod envelope;
pub mod error;
pub mod forward;
pub mod limits;
pub mod logbatch;
pub mod logline;
pub mod netguard;
pub mod secrets;
pub mod server;
pub mod shared;
pub mod state;
pub mod telemetry;
pub mod workers;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use http_body_util::{BodyExt, LengthLimitError, Limited};

pub use allowlist::Upstream;
pub use auth::AuthConfig;
pub use config::{Config, ConfigError};
pub use error::{ProxyError, PROXY_ERROR_HEADER};
pub use state::{AppState, Settings, StartError, Worker};

/// The `tracing` target of the one line logged per call.
pub const ACCESS_LOG_TARGET: &str = "sidebar_widgets_proxy::access";

/// The part of `config` that serving calls uses.
fn settings(config: Config) -> Settings {
    Settings {
        allowed_origins: config.allowed_origins,
        max_body_bytes: config.max_body_bytes,
        timeout: config.timeout,
        rate_limit_per_minute: config.rate_limit_per_minute,
        max_concurrent: config.max_concurrent,
        auth: config.auth,
        upstreams: config.upstreams,
        secrets: config.secrets,
        redis: config.redis,
    }
}

/// The state every serving thread shares, built from `config`.
pub fn state(config: Config) -> Result<Arc<AppState>, StartError> {
    Ok(Arc::new(AppState::new(settings(config))?))
}

/// Checks that Redis answers, in the background, if the state has `[redis]` (its log line and
/// metric say so when it does not).
pub fn probe_redis(state: &Arc<AppState>) {
    if state.shared.is_some() {
        let probe = state.clone();
        tokio::spawn(async move {
            if let Some(shared) = &probe.shared {
                shared.probe_at_start().await;
            }
        });
    }
}

/// The routes of one serving thread over `state`, with upstream clients of its own:
/// `POST /forward` (and `POST /`), `GET /healthz`, with CORS in front.
pub fn router(state: &Arc<AppState>) -> Router {
    let worker = Worker { state: state.clone(), clients: state.clients() };
    Router::new()
        .route("/forward", any(forward_handler))
        .route("/", any(forward_handler))
        .route("/healthz", get(healthz))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), cors::cors))
        .with_state(worker)
}

/// The proxy's routes for `config` ([`router`] over a new [`state()`]), Redis probed.
pub fn app(config: Config) -> Result<Router, StartError> {
    let state = state(config)?;
    probe_redis(&state);
    Ok(router(&state))
}

/// Serves `config` on `listener`, on the current runtime, until `shutdown` completes, then lets
/// the calls in flight finish for `shutdown_grace_secs` and cuts the rest (see [`server`] for
/// the connection timeouts). The server binary serves on a thread per core instead
/// ([`workers::serve`]).
pub async fn serve<F>(
    config: Config,
    listener: tokio::net::TcpListener,
    shutdown: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let timeouts = config.connections;
    let metrics_listen = config.metrics_listen;
    let router = app(config).map_err(std::io::Error::other)?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    if let Some(addr) = metrics_listen {
        tokio::spawn(serve_metrics(bind_metrics(addr).await?, timeouts, stop_rx));
    }
    let served = server::serve(listener, router, timeouts, shutdown).await;
    let _ = stop_tx.send(true);
    served
}

/// Installs the metrics recorder and binds `metrics_listen`.
pub async fn bind_metrics(addr: std::net::SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    if telemetry::install().is_none() {
        tracing::warn!("metrics not recorded: another recorder is installed");
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(metrics_listen = %listener.local_addr()?, "metrics served at /metrics");
    Ok(listener)
}

/// Serves `GET /metrics` on `listener` until `stop` turns true.
pub async fn serve_metrics(
    listener: tokio::net::TcpListener,
    timeouts: server::Timeouts,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let stopped = async move {
        let _ = stop.wait_for(|s| *s).await;
    };
    if let Err(e) = server::serve(listener, telemetry::router(), timeouts, stopped).await {
        tracing::error!(error = %e, "the metrics server stopped");
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

async fn healthz() -> Response {
    ([(CONTENT_TYPE, HeaderValue::from_static("text/plain"))], "ok").into_response()
}

async fn not_found() -> Response {
    ProxyError::new(StatusCode::NOT_FOUND, "no such endpoint: POST the envelope to /forward")
        .into_response()
}

async fn read_body(
    headers: &HeaderMap,
    body: Body,
    max: usize,
    timeout: Duration,
) -> Result<Bytes, ProxyError> {
    let too_large = || {
        ProxyError::too_large(format!(
            "the request body is larger than max_body_bytes ({max} bytes)"
        ))
    };
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(timeout, Limited::new(body, max).collect()).await {
        Err(_) => Err(ProxyError::bad_request("the request body did not arrive in time")),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Ok(Err(_)) => Err(ProxyError::bad_request("the request body could not be read")),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
    }
}

async fn forward_handler(State(worker): State<Worker>, request: Request) -> Response {
    let started = Instant::now();
    let state = &worker.state;
    if request.method() != Method::POST {
        return ProxyError::new(StatusCode::METHOD_NOT_ALLOWED, "use POST with the JSON envelope")
            .into_response();
    }
    let authorization = request.headers().get(AUTHORIZATION).map(|v| v.as_bytes());
    let (caller, token) = match state.auth.caller(authorization, auth::now_unix()) {
        Ok((caller, token)) => (caller, token.to_string()),
        Err(e) => {
            tracing::warn!(target: ACCESS_LOG_TARGET, status = e.status.as_u16(), error = %e.message, "unauthenticated call refused");
            telemetry::call("-", e.status.as_u16(), Some(e.status));
            return e.into_response();
        }
    };
    let _in_flight = telemetry::InFlight::start();

    let mut info = forward::CallInfo::default();
    let result = async {
        let (parts, body) = request.into_parts();
        let read =
            read_body(&parts.headers, body, state.settings.max_body_bytes, state.settings.timeout)
                .await;
        let body = match read {
            Ok(body) => body,
            Err(e) => {
                // Refused calls count against the agent's limit too.
                admit::admit(state, &caller, &token, None).await?;
                return Err(e);
            }
        };
        forward::forward(state, &worker.clients, &caller, &token, &body, &mut info).await
    }
    .await;

    let r = &state.redactor;
    let agent = r.redact(&caller.agent);
    let method = info.method.map_or("-", |m| m.as_str());
    let url = r.redact(info.url.as_deref().unwrap_or("-"));
    let upstream = info.upstream.as_deref().unwrap_or("-");
    let redirects = info.redirects;
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match result {
        Ok(response) => {
            telemetry::call(upstream, response.status().as_u16(), None);
            tracing::info!(target: ACCESS_LOG_TARGET, agent = %agent, method, url = %url, upstream,
                redirects, status = response.status().as_u16(), duration_ms, "forwarded");
            response
        }
        Err(mut e) => {
            telemetry::call(upstream, e.status.as_u16(), Some(e.status));
            e.message = r.redact(&e.message).into_owned();
            tracing::warn!(target: ACCESS_LOG_TARGET, agent = %agent, method, url = %url, upstream,
                redirects, status = e.status.as_u16(), duration_ms, error = %e.message, "refused");
            e.into_response()
        }
    }
}
