//! What a request handler needs, built once at start-up from the settings the configuration
//! resolved: the allowlist, the secrets, the limits, the token checker, the redactor and the TLS
//! settings of the upstream clients.

use std::sync::Arc;
use std::time::Duration;

use crate::allowlist::Upstream;
use crate::auth::{AuthConfig, Authenticator};
use crate::cache::Cache;
use crate::client::{self, Clients};
use crate::limits::{Inflight, LocalBuckets};
use crate::secrets::{Redactor, Secrets};
use crate::shared::{RedisSettings, Shared};

/// The part of the configuration that serving calls uses (the listen address and the
/// connection timeouts go to the server instead).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Serialized origins (`https://helpdesk.example.com`).
    pub allowed_origins: Vec<String>,
    /// The cap on an envelope and on an upstream's answer, in bytes.
    pub max_body_bytes: usize,
    /// How long one upstream call may take, redirects included; reading an envelope has the same
    /// limit.
    pub timeout: Duration,
    /// 0: no limit.
    pub rate_limit_per_minute: u32,
    /// Upstream calls in flight at once, per proxy instance.
    pub max_concurrent: usize,
    /// The static tokens and the signing key.
    pub auth: AuthConfig,
    /// The APIs the proxy may call.
    pub upstreams: Vec<Upstream>,
    /// The secrets by name, each with the upstreams it may be sent to.
    pub secrets: Secrets,
    /// `[redis]`: the state shared with other instances, if any.
    pub redis: Option<RedisSettings>,
}

/// Everything a request handler needs; built once by [`crate::app`].
pub struct AppState {
    /// The settings it was built from.
    pub settings: Settings,
    /// Checks the caller's bearer token.
    pub auth: Authenticator,
    /// The token buckets in memory (without Redis, or while it fails under `local`).
    pub local_buckets: LocalBuckets,
    /// The client of the state shared through Redis, with `[redis]`.
    pub shared: Option<Shared>,
    /// The response cache's in-memory entries and the calls in flight (coalescing).
    pub cache: Cache,
    /// The cap on upstream calls in flight.
    pub inflight: Inflight,
    /// Removes every secret value, static token and the signing key from answers and logs.
    pub redactor: Redactor,
    /// The upstream clients' TLS settings (each serving thread has its own [`Clients`]).
    pub tls: Arc<rustls::ClientConfig>,
}

/// The proxy could not be built (TLS, redactor or Redis client set-up).
#[derive(Debug, Clone)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

impl AppState {
    /// Builds the token checker, the limits, the redactor and the TLS settings from `settings`.
    pub fn new(settings: Settings) -> Result<AppState, StartError> {
        let signing_key = settings.auth.signing_key.as_deref().map(String::from_utf8_lossy);
        let mut redacted: Vec<&str> = settings.secrets.values().map(|s| s.value.as_str()).collect();
        redacted.extend(settings.auth.static_tokens.iter().map(String::as_str));
        if let Some(k) = &signing_key {
            redacted.push(k);
        }
        let redactor = Redactor::new(redacted).map_err(StartError)?;
        Ok(AppState {
            auth: Authenticator::new(&settings.auth),
            local_buckets: LocalBuckets::new(),
            shared: settings.redis.clone().map(Shared::new).transpose().map_err(StartError)?,
            cache: Cache::new(),
            inflight: Inflight::new(settings.max_concurrent),
            redactor,
            tls: client::tls_config().map_err(StartError)?,
            settings,
        })
    }

    /// New upstream clients for a serving thread, with empty pools. Connecting may take the
    /// whole call's `timeout`.
    pub fn clients(&self) -> Clients {
        Clients::new(&self.tls, self.settings.timeout)
    }
}

/// What a serving thread's handlers get: the state all threads share and the thread's own
/// upstream clients (whose pooled connections are driven by that thread).
#[derive(Clone)]
pub struct Worker {
    /// Shared by every serving thread.
    pub state: Arc<AppState>,
    /// This thread's.
    pub clients: Clients,
}

impl axum::extract::FromRef<Worker> for Arc<AppState> {
    fn from_ref(worker: &Worker) -> Arc<AppState> {
        worker.state.clone()
    }
}
