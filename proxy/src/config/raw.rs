//! The configuration file as written: what `proxy.toml` may hold, with its defaults, before any
//! value is resolved or checked.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ConfigError;

/// `proxy.toml` as written; an unknown key is refused.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// The address to listen on (default `127.0.0.1:8787`).
    #[serde(default = "default_listen")]
    pub listen: String,
    /// The origins of the pages the sidebar runs in, the only ones CORS is answered for.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// The cap on an envelope and on an upstream's answer, in bytes (default 1 MiB).
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: u64,
    /// Seconds one upstream call may take, redirects included (default 15).
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: f64,
    /// Seconds a request's line and headers may take to arrive from its first byte (default 10).
    #[serde(default = "default_header_read_timeout_secs")]
    pub header_read_timeout_secs: f64,
    /// Seconds after which a connection with no call in flight is closed (default 60).
    #[serde(default = "default_idle_timeout_secs")]
    pub idle_timeout_secs: f64,
    /// Seconds calls in flight may finish for on shutdown before they are cut (default 10).
    #[serde(default = "default_shutdown_grace_secs")]
    pub shutdown_grace_secs: f64,
    /// Calls a minute per agent, per proxy instance; 0 for no limit (default 600).
    #[serde(default = "default_rate_limit")]
    pub rate_limit_per_minute: u32,
    /// Upstream calls in flight at once, per proxy instance (default 64).
    #[serde(default = "default_max_concurrent")]
    pub max_concurrent: u32,
    /// The address `GET /metrics` is served on (off when absent).
    pub metrics_listen: Option<String>,
    /// `[redis]`: the state shared by several instances (in memory when absent).
    pub redis: Option<RawRedis>,
    /// `[auth]`: the tokens callers may use.
    #[serde(default)]
    pub auth: RawAuth,
    /// `[[upstreams]]`: the APIs the proxy may call.
    #[serde(default)]
    pub upstreams: Vec<RawUpstream>,
    /// `[secrets.NAME]`: the secrets, by name.
    #[serde(default)]
    pub secrets: BTreeMap<String, RawSecret>,
}

/// `[auth]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAuth {
    /// Static bearer tokens, each written as `env:NAME`, `file:/path`, `literal:VALUE` or the
    /// value itself.
    #[serde(default)]
    pub static_tokens: Vec<String>,
    /// The key signed tokens are checked with, written like a static token.
    pub signing_key: Option<String>,
}

/// One `[[upstreams]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUpstream {
    /// The name secrets are scoped to (letters, digits, `_` and `-`).
    pub name: String,
    /// Scheme, host and port only (`https://api.example.com`).
    pub origin: String,
    /// The path calls must be at or below (`/` when absent).
    pub path_prefix: Option<String>,
    /// The methods calls may use (GET when absent).
    pub methods: Option<Vec<String>>,
    /// Headers added to every call, by name; values may hold `{{secret.NAME}}`.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Whether the upstream may be at a loopback, private or other internal address (default
    /// false).
    #[serde(default)]
    pub allow_private: bool,
    /// A quota shared by every instance: `{ rate = "2/s", burst = 40, key = "{{url.host}}" }`.
    pub quota: Option<RawQuota>,
    /// Seconds a GET's answer is cached (off when absent or 0).
    pub cache_ttl: Option<f64>,
    /// `token` (the default: an answer is served only to the agent whose call filled it) or
    /// `shared`.
    pub cache_scope: Option<String>,
}

/// An upstream's `quota` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuota {
    /// `N/s`, `N/m` or `N/h`.
    pub rate: String,
    /// Calls at once (default: N).
    pub burst: Option<u32>,
    /// What the API meters: text with `{{url.host}}`, `{{agent}}`, `{{secret.NAME}}` (default:
    /// the whole upstream).
    #[serde(default)]
    pub key: String,
}

/// `[redis]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRedis {
    /// `redis://host:port/db`, written like a secret (`env:NAME`, `file:/path`, ...).
    pub url: String,
    /// Put before every key (default `sidebar-proxy:`).
    #[serde(default = "default_key_prefix")]
    pub key_prefix: String,
    /// Milliseconds one Redis call may take (default 50).
    #[serde(default = "default_redis_timeout_ms")]
    pub timeout_ms: u64,
    /// Milliseconds connecting may take (default 500).
    #[serde(default = "default_connect_timeout_ms")]
    pub connect_timeout_ms: u64,
    /// `local` (default), `open` or `closed`.
    #[serde(default = "default_on_redis_error")]
    pub on_redis_error: String,
    /// How many instances share the limits (default 1).
    #[serde(default = "default_instances")]
    pub instances: u32,
    /// Failed Redis calls in a row that open the breaker (default 3).
    #[serde(default = "default_breaker_failures")]
    pub breaker_failures: u32,
    /// Milliseconds the open breaker keeps calls from Redis (default 1000).
    #[serde(default = "default_breaker_cooldown_ms")]
    pub breaker_cooldown_ms: u64,
}

fn default_key_prefix() -> String {
    "sidebar-proxy:".to_string()
}
fn default_redis_timeout_ms() -> u64 {
    50
}
fn default_connect_timeout_ms() -> u64 {
    500
}
fn default_on_redis_error() -> String {
    "local".to_string()
}
fn default_instances() -> u32 {
    1
}
fn default_breaker_failures() -> u32 {
    3
}
fn default_breaker_cooldown_ms() -> u64 {
    1000
}

/// One `[secrets.NAME]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSecret {
    /// The value, written as `env:NAME`, `file:/path`, `literal:VALUE` or the value itself.
    pub value: String,
    /// The names of the upstreams that may receive the secret.
    #[serde(default)]
    pub upstreams: Vec<String>,
}

fn default_listen() -> String {
    "127.0.0.1:8787".to_string()
}
fn default_max_body_bytes() -> u64 {
    1024 * 1024
}
fn default_timeout_secs() -> f64 {
    15.0
}
fn default_header_read_timeout_secs() -> f64 {
    10.0
}
fn default_idle_timeout_secs() -> f64 {
    60.0
}
fn default_shutdown_grace_secs() -> f64 {
    10.0
}
fn default_rate_limit() -> u32 {
    600
}
fn default_max_concurrent() -> u32 {
    64
}

impl RawConfig {
    /// Reads the TOML text; fails on bad syntax, an unknown key or a value of the wrong type.
    pub fn parse(text: &str) -> Result<RawConfig, ConfigError> {
        toml::from_str(text)
            .map_err(|e| ConfigError(format!("the configuration is not valid: {e}")))
    }
}
