//! The HTTP client upstream calls go through: hyper's pooled keep-alive client (hyper-util's
//! `legacy::Client`), HTTP/1.1 only, rustls (ring, the webpki roots) for `https`, `TCP_NODELAY`,
//! a connect timeout, and [`netguard::Resolver`], which refuses private addresses for upstreams
//! without `allow_private`. It follows no redirect: `forward` checks and follows each hop itself.
//! The whole call (redirects and body included) is timed by `forward` too.
//!
//! Each serving thread has its own [`Clients`] (see `crate::workers`): a pooled connection's task
//! then runs on the thread that uses it, so a call wakes no other thread.

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use http_body_util::Full;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls::ClientConfig;

use crate::allowlist::Upstream;
use crate::netguard::{self, Resolver};

/// The client of one kind of upstream (guarded or not).
pub type UpstreamClient = Client<HttpsConnector<HttpConnector<Resolver>>, Full<Bytes>>;

/// How long a pooled connection may stay idle before it is closed.
const POOL_IDLE: Duration = Duration::from_secs(60);

/// The TLS settings every client shares: ring's provider, TLS 1.2 and 1.3, the webpki roots (no
/// ALPN: the connector offers HTTP/1.1 only).
pub fn tls_config() -> Result<Arc<ClientConfig>, String> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("cannot set up TLS: {e}"))?
            .with_root_certificates(roots)
            .with_no_client_auth();
    Ok(Arc::new(config))
}

fn client(tls: &ClientConfig, connect_timeout: Duration, guarded: bool) -> UpstreamClient {
    let mut http = HttpConnector::new_with_resolver(Resolver::new(guarded));
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(Some(connect_timeout));
    let https = HttpsConnectorBuilder::new()
        .with_tls_config(tls.clone())
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    Client::builder(TokioExecutor::new())
        .pool_idle_timeout(POOL_IDLE)
        .pool_timer(TokioTimer::new())
        .build(https)
}

/// The two clients of a serving thread, each with its own pool of keep-alive connections.
/// Cloned (by the router, for each call) as one reference count.
#[derive(Clone, Debug)]
pub struct Clients(Arc<Pair>);

#[derive(Debug)]
struct Pair {
    /// Resolves through [`netguard::Resolver`] guarded: for upstreams without `allow_private`.
    guarded: UpstreamClient,
    /// Keeps every address the system resolver gives: for upstreams with `allow_private`.
    open: UpstreamClient,
}

impl Clients {
    /// New clients (with empty pools) with `tls` and `connect_timeout`.
    pub fn new(tls: &ClientConfig, connect_timeout: Duration) -> Clients {
        Clients(Arc::new(Pair {
            guarded: client(tls, connect_timeout, true),
            open: client(tls, connect_timeout, false),
        }))
    }

    /// The client for calls to `upstream`.
    pub fn of(&self, upstream: &Upstream) -> &UpstreamClient {
        if upstream.allow_private {
            &self.0.open
        } else {
            &self.0.guarded
        }
    }
}

/// How a call failed, read from its error chain.
#[derive(Debug)]
pub enum Failure {
    /// The resolver refused every address of the host (the 403's sentence).
    Refused(String),
    /// Connecting took longer than the connect timeout.
    TimedOut,
    /// Connecting failed (refused, unreachable, TLS handshake, ...): the error chain.
    Connect(String),
    /// The call failed after connecting: the error chain.
    Other(String),
}

/// Reads `e` (a call's or a body's error): what the refusal, the timeout or the chain of
/// causes says. The chain holds no URL (hyper's errors never carry one).
pub fn failure(e: &(dyn StdError + 'static), connecting: bool) -> Failure {
    if let Some(refused) = netguard::find_refused(e) {
        return Failure::Refused(refused.message());
    }
    let mut detail = e.to_string();
    let mut source = e.source();
    let mut timed_out = false;
    while let Some(s) = source {
        timed_out |= s
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut);
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    let detail: String = detail.chars().take(300).collect();
    match (timed_out, connecting) {
        (true, _) => Failure::TimedOut,
        (false, true) => Failure::Connect(detail),
        (false, false) => Failure::Other(detail),
    }
}
