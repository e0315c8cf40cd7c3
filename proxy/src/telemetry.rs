//! Metrics in the Prometheus text format, through the `metrics` crate and
//! `metrics-exporter-prometheus`, served at `GET /metrics` on `metrics_listen` (off by default).
//!
//! Labels are bounded: an upstream's name (from the configuration), a status code, a reason or
//! an outcome from a fixed list; never an agent, a customer, a URL or a key.

use std::sync::OnceLock;

use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// Forwarded calls by `upstream` and `status` (the status the caller got).
pub const CALLS: &str = "sidebar_proxy_calls_total";
/// The proxy's own refusals by `reason`.
pub const REFUSALS: &str = "sidebar_proxy_refusals_total";
/// Calls refused by a limit, by `limit` (`agent` or `quota`).
pub const RATE_LIMITED: &str = "sidebar_proxy_rate_limited_total";
/// Seconds upstream calls took, by `upstream`.
pub const UPSTREAM_SECONDS: &str = "sidebar_proxy_upstream_duration_seconds";
/// Cacheable GETs by `outcome` (`hit`, `miss`, `coalesced`).
pub const CACHE: &str = "sidebar_proxy_cache_total";
/// Failed or timed-out Redis calls, by `op`.
pub const REDIS_ERRORS: &str = "sidebar_proxy_redis_errors_total";
/// Redis calls not tried because the breaker was open, by `op`.
pub const REDIS_SKIPPED: &str = "sidebar_proxy_redis_skipped_total";
/// Calls that followed `on_redis_error`, by `mode`.
pub const REDIS_FALLBACKS: &str = "sidebar_proxy_redis_fallbacks_total";
/// 1 while Redis answers, 0 while the breaker keeps calls from it.
pub const REDIS_UP: &str = "sidebar_proxy_redis_up";
/// Calls being served now.
pub const IN_FLIGHT: &str = "sidebar_proxy_calls_in_flight";

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process's recorder (once; later calls return the same handle). `None` if
/// another recorder was installed first.
pub fn install() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let buckets =
                [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    metrics_exporter_prometheus::Matcher::Full(UPSTREAM_SECONDS.into()),
                    &buckets,
                )
                .ok()?;
            builder.install_recorder().ok()
        })
        .as_ref()
}

async fn render() -> Response {
    match HANDLE.get().and_then(Option::as_ref) {
        Some(h) => {
            h.run_upkeep();
            ([(CONTENT_TYPE, "text/plain; version=0.0.4")], h.render()).into_response()
        }
        None => (StatusCode::SERVICE_UNAVAILABLE, "metrics are not recorded").into_response(),
    }
}

/// The `metrics_listen` server's routes: `GET /metrics`.
pub fn router() -> Router {
    Router::new().route("/metrics", get(render))
}

/// The reason label of a refusal with `status`.
pub fn reason(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 | 405 => "bad_endpoint",
        413 => "too_large",
        429 => "rate_limited",
        502 => "upstream_failed",
        503 => "redis_unavailable",
        504 => "upstream_timeout",
        _ => "other",
    }
}

/// Whether metrics are recorded (without a recorder, the labels are not even built).
fn on() -> bool {
    HANDLE.get().is_some_and(Option::is_some)
}

/// A call was answered with `status` (`upstream` "-" when none was selected).
pub fn call(upstream: &str, status: u16, refused: Option<StatusCode>) {
    if !on() {
        return;
    }
    counter!(CALLS, "upstream" => upstream.to_string(), "status" => status.to_string())
        .increment(1);
    if let Some(s) = refused {
        counter!(REFUSALS, "reason" => reason(s)).increment(1);
    }
}

/// A limit refused a call.
pub fn rate_limited(quota: bool) {
    counter!(RATE_LIMITED, "limit" => if quota { "quota" } else { "agent" }).increment(1);
}

/// An upstream call took `seconds`.
pub fn upstream_latency(upstream: &str, seconds: f64) {
    if !on() {
        return;
    }
    histogram!(UPSTREAM_SECONDS, "upstream" => upstream.to_string()).record(seconds);
}

/// A cacheable GET was a `hit`, a `miss` or `coalesced`.
pub fn cache(outcome: &'static str) {
    counter!(CACHE, "outcome" => outcome).increment(1);
}

/// A Redis call failed.
pub fn redis_error(op: &'static str) {
    counter!(REDIS_ERRORS, "op" => op).increment(1);
}

/// A Redis call was not tried (breaker open).
pub fn redis_skipped(op: &'static str) {
    counter!(REDIS_SKIPPED, "op" => op).increment(1);
}

/// Whether Redis is in use.
pub fn redis_up(up: bool) {
    gauge!(REDIS_UP).set(if up { 1.0 } else { 0.0 });
}

/// A call followed `on_redis_error = mode`.
pub fn fallback(mode: &'static str) {
    counter!(REDIS_FALLBACKS, "mode" => mode).increment(1);
}

/// Counts a call in flight while it lives.
pub struct InFlight;

impl InFlight {
    /// One more call in flight.
    pub fn start() -> InFlight {
        gauge!(IN_FLIGHT).increment(1.0);
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        gauge!(IN_FLIGHT).decrement(1.0);
    }
}
