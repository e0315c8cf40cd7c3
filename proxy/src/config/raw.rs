//! The configuration file as written: what `proxy.toml` may hold, with its defaults, before any
//! value is resolved or checked.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ConfigError;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default = "default_listen")]
    pub listen: String,
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: u64,
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: f64,
    #[serde(default = "default_header_read_timeout_secs")]
    pub header_read_timeout_secs: f64,
    #[serde(default = "default_idle_timeout_secs")]
    pub idle_timeout_secs: f64,
    #[serde(default = "default_shutdown_grace_secs")]
    pub shutdown_grace_secs: f64,
    #[serde(default = "default_rate_limit")]
    pub rate_limit_per_minute: u32,
    #[serde(default = "default_max_concurrent")]
    pub max_concurrent: u32,
    #[serde(default)]
    pub auth: RawAuth,
    #[serde(default)]
    pub upstreams: Vec<RawUpstream>,
    #[serde(default)]
    pub secrets: BTreeMap<String, RawSecret>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAuth {
    #[serde(default)]
    pub static_tokens: Vec<String>,
    pub signing_key: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUpstream {
    pub name: String,
    pub origin: String,
    pub path_prefix: Option<String>,
    pub methods: Option<Vec<String>>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub allow_private: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSecret {
    pub value: String,
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
    pub fn parse(text: &str) -> Result<RawConfig, ConfigError> {
        toml::from_str(text)
            .map_err(|e| ConfigError(format!("the configuration is not valid: {e}")))
    }
}
