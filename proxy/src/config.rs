//! The operator's configuration (`proxy.toml`): parsed, resolved (`env:` and `file:` values
//! read) and validated once at start-up, so a running proxy never meets a bad setting.

use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use url::Url;

use crate::allowlist::Upstream;
use crate::auth::AuthConfig;
use crate::envelope::{header_refusal, Method};
use crate::secrets::{Secret, Secrets};
use crate::server::Timeouts;
use crate::shared::RedisSettings;
use sidebar_widgets_wire::placeholder;

mod cluster;
mod raw;

pub use raw::{RawAuth, RawConfig, RawQuota, RawRedis, RawSecret, RawUpstream};

/// A configuration that cannot be used, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

fn err<T>(message: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError(message.into()))
}

/// The resolved configuration: every value read (`env:`, `file:`) and checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address the proxy's server binds to.
    pub listen: SocketAddr,
    /// Serialized origins (`https://helpdesk.example.com`).
    pub allowed_origins: Vec<String>,
    /// The cap on an envelope and on an upstream's answer, in bytes.
    pub max_body_bytes: usize,
    /// How long one upstream call may take, redirects included; reading an envelope has the same
    /// limit.
    pub timeout: Duration,
    /// The connection timeouts of the proxy's own server.
    pub connections: Timeouts,
    /// 0: no limit.
    pub rate_limit_per_minute: u32,
    /// Upstream calls in flight at once, per proxy instance.
    pub max_concurrent: usize,
    /// The static tokens and the signing key (`[auth]`).
    pub auth: AuthConfig,
    /// The APIs the proxy may call (`[[upstreams]]`).
    pub upstreams: Vec<Upstream>,
    /// The secrets by name, values read, each with the upstreams it may be sent to (`[secrets]`).
    pub secrets: Secrets,
    /// `[redis]`: the state shared with other instances (in memory when absent).
    pub redis: Option<RedisSettings>,
    /// Where `GET /metrics` is served (off when absent).
    pub metrics_listen: Option<SocketAddr>,
    /// Things that work but that an operator should know (literal secrets in the file, ...).
    pub warnings: Vec<String>,
}

/// Reads a value written as `env:NAME`, `file:/path` (trimmed), `literal:VALUE` or a plain
/// literal. Returns the value and whether it was written in the file itself.
pub fn resolve_value(
    what: &str,
    spec: &str,
    base_dir: Option<&Path>,
) -> Result<(String, bool), ConfigError> {
    let (value, literal) = if let Some(name) = spec.strip_prefix("env:") {
        let name = name.trim();
        match std::env::var(name) {
            Ok(v) => (v.trim().to_string(), false),
            Err(_) => return err(format!("{what}: the environment variable {name} is not set")),
        }
    } else if let Some(path) = spec.strip_prefix("file:") {
        let mut path = PathBuf::from(path.trim());
        if path.is_relative() {
            if let Some(base) = base_dir {
                path = base.join(path);
            }
        }
        match std::fs::read_to_string(&path) {
            Ok(v) => (v.trim().to_string(), false),
            Err(e) => return err(format!("{what}: cannot read {}: {e}", path.display())),
        }
    } else if let Some(v) = spec.strip_prefix("literal:") {
        (v.to_string(), true)
    } else {
        (spec.to_string(), true)
    };
    if value.is_empty() {
        return err(format!("{what} is empty"));
    }
    Ok((value, literal))
}

fn parse_origin(what: &str, text: &str) -> Result<(url::Origin, String), ConfigError> {
    let url = Url::parse(text.trim())
        .map_err(|e| ConfigError(format!("{what} \"{text}\" is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return err(format!("{what} \"{text}\" must start with https:// or http://"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return err(format!("{what} \"{text}\" may not hold a user name or password"));
    }
    if url.host().is_none() {
        return err(format!("{what} \"{text}\" has no host"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return err(format!(
            "{what} \"{text}\" must be only scheme, host and port (put a path in path_prefix)"
        ));
    }
    let origin = url.origin();
    let serialized = origin.ascii_serialization();
    Ok((origin, serialized))
}

impl Config {
    /// Reads and validates a configuration file; `file:` paths are relative to its folder.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError(format!("cannot read the configuration {}: {e}", path.display()))
        })?;
        Config::from_toml_str(&text, path.parent())
    }

    /// Parses and validates a configuration; `file:` paths are relative to `base_dir`.
    pub fn from_toml_str(text: &str, base_dir: Option<&Path>) -> Result<Config, ConfigError> {
        Config::from_raw(RawConfig::parse(text)?, base_dir)
    }

    /// Validates a parsed configuration. Every problem is reported at once (one per line), not
    /// only the first, so that an operator fixes them in one go: each part notes its problems
    /// in `found` and goes on.
    pub fn from_raw(raw: RawConfig, base_dir: Option<&Path>) -> Result<Config, ConfigError> {
        let mut found = Found::default();
        let basics = basics(&raw, &mut found);
        let auth = auth(&raw.auth, base_dir, &mut found);
        let (upstreams, names) = upstreams(&raw.upstreams, &mut found);
        let secrets = secrets(&raw.secrets, &names, base_dir, &mut found);
        check_fixed_headers(&upstreams, &secrets, &raw.secrets, &mut found);
        cluster::check_quota_secrets(&upstreams, &secrets, &raw.secrets, &mut found);
        let redis = cluster::redis(raw.redis.as_ref(), base_dir, &mut found);
        let metrics_listen = cluster::metrics_listen(raw.metrics_listen.as_deref(), &mut found);
        match basics {
            Some(b) if found.problems.is_empty() => Ok(Config {
                listen: b.listen,
                allowed_origins: b.allowed_origins,
                max_body_bytes: b.max_body_bytes,
                timeout: b.timeout,
                connections: b.connections,
                rate_limit_per_minute: b.rate_limit_per_minute,
                max_concurrent: b.max_concurrent,
                auth,
                upstreams,
                secrets,
                redis,
                metrics_listen,
                warnings: found.warnings,
            }),
            _ => Err(ConfigError(found.problems.join("\n"))),
        }
    }
}

/// What validating found so far: problems (the configuration cannot be used, one a line in the
/// error) and warnings (it can, but the operator should know).
#[derive(Default)]
struct Found {
    problems: Vec<String>,
    warnings: Vec<String>,
}

impl Found {
    /// The value of `result`, or `None` with its problem noted.
    fn keep<T>(&mut self, result: Result<T, ConfigError>) -> Option<T> {
        result.map_err(|e| self.problems.push(e.0)).ok()
    }
}

/// The top-level settings: listen address, origins, limits and timeouts.
struct Basics {
    listen: SocketAddr,
    allowed_origins: Vec<String>,
    max_body_bytes: usize,
    timeout: Duration,
    connections: Timeouts,
    rate_limit_per_minute: u32,
    max_concurrent: usize,
}

/// The top-level settings, or `None` if one of them has a problem (noted in `found`).
fn basics(raw: &RawConfig, found: &mut Found) -> Option<Basics> {
    let listen = found.keep(listen_address(&raw.listen));
    let allowed_origins = allowed_origins(&raw.allowed_origins, found);
    let max_body_bytes = found.keep(max_body_bytes(raw.max_body_bytes));
    let timeout = found.keep(seconds("timeout_secs", raw.timeout_secs, false));
    let header_read =
        found.keep(seconds("header_read_timeout_secs", raw.header_read_timeout_secs, false));
    let idle = found.keep(seconds("idle_timeout_secs", raw.idle_timeout_secs, false));
    let shutdown_grace = found.keep(seconds("shutdown_grace_secs", raw.shutdown_grace_secs, true));
    if raw.max_concurrent == 0 {
        found.problems.push("max_concurrent must be at least 1".into());
    }
    Some(Basics {
        listen: listen?,
        allowed_origins,
        max_body_bytes: max_body_bytes?,
        timeout: timeout?,
        connections: Timeouts {
            header_read: header_read?,
            idle: idle?,
            shutdown_grace: shutdown_grace?,
        },
        rate_limit_per_minute: raw.rate_limit_per_minute,
        max_concurrent: raw.max_concurrent as usize,
    })
}

fn listen_address(text: &str) -> Result<SocketAddr, ConfigError> {
    text.parse::<SocketAddr>().map_err(|_| {
        ConfigError(format!("listen = \"{text}\" is not an address like 127.0.0.1:8787"))
    })
}

/// The serialized origins that are valid (the others noted in `found`).
fn allowed_origins(list: &[String], found: &mut Found) -> Vec<String> {
    let mut allowed_origins = Vec::new();
    for o in list {
        if o.trim() == "*" {
            found
                .problems
                .push("allowed_origins may not be \"*\": list the helpdesk's origins".into());
            continue;
        }
        let parsed = parse_origin("allowed_origins entry", o.trim_end_matches('/'));
        if let Some((_, text)) = found.keep(parsed) {
            allowed_origins.push(text);
        }
    }
    allowed_origins
}

fn max_body_bytes(value: u64) -> Result<usize, ConfigError> {
    if value == 0 || value > 1024 * 1024 * 1024 {
        return err("max_body_bytes must be between 1 and 1073741824");
    }
    usize::try_from(value)
        .map_err(|_| ConfigError("max_body_bytes is too large for this machine".into()))
}

/// A number of seconds from the file: more than 0 (or at least 0) and at most an hour.
fn seconds(key: &str, value: f64, zero_allowed: bool) -> Result<Duration, ConfigError> {
    let above_floor = if zero_allowed { value >= 0.0 } else { value > 0.0 };
    if !(above_floor && value <= 3600.0) {
        let floor = if zero_allowed { "at least 0" } else { "more than 0" };
        return err(format!("{key} must be {floor} and at most 3600"));
    }
    Duration::try_from_secs_f64(value)
        .map_err(|_| ConfigError(format!("{key} is not a valid duration")))
}

/// `[auth]`: the static tokens and the signing key that are valid; at least one must be written.
fn auth(raw: &RawAuth, base_dir: Option<&Path>, found: &mut Found) -> AuthConfig {
    let mut static_tokens = Vec::new();
    for (i, spec) in raw.static_tokens.iter().enumerate() {
        let token = static_token(i, spec, base_dir, &mut found.warnings);
        if let Some(token) = found.keep(token) {
            static_tokens.push(token);
        }
    }
    let signing_key = match &raw.signing_key {
        None => None,
        Some(spec) => {
            let key = signing_key_from_spec(spec, base_dir, &mut found.warnings);
            found.keep(key)
        }
    };
    if raw.static_tokens.is_empty() && raw.signing_key.is_none() {
        found.problems.push(
            "[auth] needs static_tokens or a signing_key: every call must carry a token".into(),
        );
    }
    AuthConfig { static_tokens, signing_key }
}

fn static_token(
    i: usize,
    spec: &str,
    base_dir: Option<&Path>,
    warnings: &mut Vec<String>,
) -> Result<String, ConfigError> {
    let (token, literal) = resolve_value(&format!("auth.static_tokens[{i}]"), spec, base_dir)?;
    if token.len() < 16 {
        return err(format!("auth.static_tokens[{i}] is shorter than 16 characters"));
    }
    if literal {
        warnings.push(format!(
            "auth.static_tokens[{i}] is written in the configuration file; prefer env:NAME or file:/path"
        ));
    }
    Ok(token)
}

/// `[[upstreams]]`: those that are valid, and the names of all (a secret's scope may name one
/// with a problem of its own without a second problem). Their fixed headers are checked once
/// the secrets are known ([`check_fixed_headers`]).
fn upstreams(raw: &[RawUpstream], found: &mut Found) -> (Vec<Upstream>, HashSet<String>) {
    let mut upstreams = Vec::new();
    let mut names = HashSet::new();
    for (i, u) in raw.iter().enumerate() {
        let upstream = upstream(i, u, &mut names, &mut found.warnings);
        if let Some(upstream) = found.keep(upstream) {
            upstreams.push(upstream);
        }
    }
    if raw.is_empty() {
        found.warnings.push("no [[upstreams]]: every call will be refused".to_string());
    }
    (upstreams, names)
}

fn upstream(
    i: usize,
    u: &RawUpstream,
    names: &mut HashSet<String>,
    warnings: &mut Vec<String>,
) -> Result<Upstream, ConfigError> {
    let what = format!("upstreams[{i}]");
    if !placeholder::valid_name(&u.name) {
        return err(format!("{what}.name \"{}\" must be letters, digits, _ and - only", u.name));
    }
    if !names.insert(u.name.clone()) {
        return err(format!("two upstreams are named \"{}\"", u.name));
    }
    let what = format!("upstream \"{}\"", u.name);
    let (origin, origin_text) =
        parse_origin(&format!("{what}: origin"), u.origin.trim_end_matches('/'))?;
    let path_prefix = path_prefix(&what, u.path_prefix.as_deref())?;
    let methods = methods(&what, u.methods.as_deref())?;
    let mut headers = Vec::new();
    for (name, value) in &u.headers {
        if let Some(reason) = header_refusal(name) {
            return err(format!("{what}: {reason}"));
        }
        headers.push((name.clone(), value.clone()));
    }
    let (quota, cache) = cluster::upstream_extras(&what, u)?;
    if origin_text.starts_with("http://") && !u.allow_private {
        warnings.push(format!(
            "{what} uses plain http://: what it is sent (secrets too) is not encrypted"
        ));
    }
    Ok(Upstream {
        name: u.name.clone(),
        origin,
        origin_text,
        path_prefix,
        methods,
        headers,
        allow_private: u.allow_private,
        quota,
        cache,
    })
}

/// An upstream's `path_prefix` (`/` when not written).
fn path_prefix(what: &str, written: Option<&str>) -> Result<String, ConfigError> {
    let path_prefix = written.unwrap_or("/").to_string();
    if !path_prefix.starts_with('/') || path_prefix.contains(['?', '#', '\\']) {
        return err(format!(
            "{what}: path_prefix \"{path_prefix}\" must start with / and hold no ? # or \\"
        ));
    }
    if sidebar_widgets_wire::path::has_dot_segment(&path_prefix) {
        return err(format!("{what}: path_prefix \"{path_prefix}\" may not hold . or .. segments"));
    }
    Ok(path_prefix)
}

/// An upstream's `methods`, each once (GET when not written).
fn methods(what: &str, written: Option<&[String]>) -> Result<Vec<Method>, ConfigError> {
    let Some(list) = written else {
        return Ok(vec![Method::Get]);
    };
    let mut methods = Vec::new();
    for m in list {
        let method = Method::parse(m).ok_or_else(|| {
            ConfigError(format!("{what}: unknown method \"{m}\" (GET, POST, PUT, PATCH, DELETE)"))
        })?;
        if !methods.contains(&method) {
            methods.push(method);
        }
    }
    if methods.is_empty() {
        return err(format!("{what}: methods is empty"));
    }
    Ok(methods)
}

/// `[secrets]`: those that are valid (scoped to the upstreams named `upstreams`).
fn secrets(
    raw: &BTreeMap<String, RawSecret>,
    upstreams: &HashSet<String>,
    base_dir: Option<&Path>,
    found: &mut Found,
) -> Secrets {
    let mut secrets = Secrets::new();
    for (name, s) in raw {
        let secret = secret(name, s, upstreams, base_dir, &mut found.warnings);
        if let Some(secret) = found.keep(secret) {
            secrets.insert(name.clone(), secret);
        }
    }
    secrets
}

/// The cross-check: the placeholders of an upstream's fixed headers must name secrets scoped to
/// that upstream. A secret written in the file but with a problem of its own (so not in
/// `secrets`) is already reported.
fn check_fixed_headers(
    upstreams: &[Upstream],
    secrets: &Secrets,
    written: &BTreeMap<String, RawSecret>,
    found: &mut Found,
) {
    for u in upstreams {
        for (name, value) in &u.headers {
            let refs = match placeholder::names(value) {
                Ok(refs) => refs,
                Err(e) => {
                    found
                        .problems
                        .push(format!("upstream \"{}\": header {name} holds {e}", u.name));
                    continue;
                }
            };
            for r in refs {
                match secrets.get(r) {
                    None if written.contains_key(r) => {}
                    None => found.problems.push(format!(
                        "upstream \"{}\": header {name} uses unknown secret \"{r}\"",
                        u.name
                    )),
                    Some(s) if !s.upstreams.contains(&u.name) => found.problems.push(format!(
                        "upstream \"{}\": header {name} uses secret \"{r}\", whose upstreams do not include \"{}\"",
                        u.name, u.name
                    )),
                    Some(_) => {}
                }
            }
        }
    }
}

fn secret(
    name: &str,
    s: &RawSecret,
    upstreams: &HashSet<String>,
    base_dir: Option<&Path>,
    warnings: &mut Vec<String>,
) -> Result<Secret, ConfigError> {
    let what = format!("secret \"{name}\"");
    if !placeholder::valid_name(name) {
        return err(format!("{what}: a secret's name must be letters, digits, _ and - only"));
    }
    if s.upstreams.is_empty() {
        return err(format!("{what}: upstreams is empty, so it could never be used"));
    }
    for u in &s.upstreams {
        if !upstreams.contains(u) {
            return err(format!(
                "{what}: upstreams names \"{u}\", which is not a configured upstream"
            ));
        }
    }
    let (value, literal) = resolve_value(&format!("{what}: value"), &s.value, base_dir)?;
    if literal {
        warnings.push(format!(
            "{what} is written in the configuration file; prefer env:NAME or file:/path"
        ));
    }
    if value.chars().count() < 8 {
        warnings.push(format!(
            "{what} is shorter than 8 characters: removing it from answers may mangle unrelated text"
        ));
    }
    Ok(Secret { value, upstreams: s.upstreams.clone() })
}

fn signing_key_from_spec(
    spec: &str,
    base_dir: Option<&Path>,
    warnings: &mut Vec<String>,
) -> Result<Vec<u8>, ConfigError> {
    let (key, literal) = resolve_value("auth.signing_key", spec, base_dir)?;
    if key.len() < 32 {
        return err("auth.signing_key is shorter than 32 characters (try: openssl rand -hex 32)");
    }
    if literal {
        warnings.push(
            "auth.signing_key is written in the configuration file; prefer env:NAME or file:/path"
                .into(),
        );
    }
    Ok(key.into_bytes())
}

/// Only the signing key of a configuration file (for `token`, which must not need the secrets).
pub fn load_signing_key(path: &Path) -> Result<Vec<u8>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError(format!("cannot read the configuration {}: {e}", path.display()))
    })?;
    let raw = RawConfig::parse(&text)?;
    match &raw.auth.signing_key {
        Some(spec) => signing_key_from_spec(spec, path.parent(), &mut Vec::new()),
        None => err("the configuration has no auth.signing_key, so it cannot mint tokens"),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const BASE: &str = r#"
        [auth]
        static_tokens = ["0123456789abcdef0123"]
        [[upstreams]]
        name = "a"
        origin = "https://api.example.com"
        path_prefix = "/v1/"
        methods = ["GET", "post"]
        headers = { "X-Key" = "{{ secret.k }}" }
        [secrets.k]
        value = "literal:abcdefghij"
        upstreams = ["a"]
    "#;

    #[test]
    fn defaults_and_values() {
        let c = Config::from_toml_str(BASE, None).unwrap();
        assert_eq!(c.listen.to_string(), "127.0.0.1:8787");
        assert_eq!(c.max_body_bytes, 1024 * 1024);
        assert_eq!(c.timeout, Duration::from_secs(15));
        assert_eq!(c.upstreams[0].origin_text, "https://api.example.com");
        assert_eq!(c.upstreams[0].methods, vec![Method::Get, Method::Post]);
        assert_eq!(c.secrets["k"].value, "abcdefghij");
        assert!(!c.warnings.is_empty());
        assert!(!format!("{c:?}").contains("abcdefghij"));
        let c = Config::from_toml_str(&format!("timeout_secs = 0.25\n{BASE}"), None).unwrap();
        assert_eq!(c.timeout, Duration::from_millis(250));
    }

    #[test]
    fn refusals() {
        let bad = [
            BASE.replace("upstreams = [\"a\"]", "upstreams = [\"b\"]"),
            BASE.replace("{{ secret.k }}", "{{secret.zz}}"),
            BASE.replace("static_tokens = [\"0123456789abcdef0123\"]", ""),
            BASE.replace(
                "static_tokens = [\"0123456789abcdef0123\"]",
                "static_tokens = [\"short\"]",
            ),
            BASE.replace("https://api.example.com", "https://api.example.com/v1"),
            BASE.replace("https://api.example.com", "ftp://api.example.com"),
            BASE.replace("/v1/", "/v1/../x/"),
            BASE.replace("\"post\"", "\"TRACE\""),
            BASE.replace("X-Key", "Host"),
            format!("bogus = 1\n{BASE}"),
            format!("timeout_secs = -1\n{BASE}"),
            format!("allowed_origins = [\"*\"]\n{BASE}"),
            BASE.replace("literal:abcdefghij", "env:SIDEBAR_PROXY_TEST_SURELY_UNSET"),
        ];
        for b in bad {
            assert!(Config::from_toml_str(&b, None).is_err(), "{b}");
        }
    }

    #[test]
    fn every_problem_is_reported_not_only_the_first() {
        let bad = format!("max_concurrent = 0\nshutdown_grace_secs = -1\n{BASE}")
            .replace("/v1/", "/v1/..;/x/")
            .replace("upstreams = [\"a\"]", "upstreams = [\"b\"]");
        let e = Config::from_toml_str(&bad, None).unwrap_err();
        let lines: Vec<&str> = e.0.lines().collect();
        assert_eq!(lines.len(), 4, "{e}");
        assert!(lines.iter().any(|l| l.contains("max_concurrent")), "{e}");
        assert!(lines.iter().any(|l| l.contains("shutdown_grace_secs")), "{e}");
        assert!(lines.iter().any(|l| l.contains("path_prefix")), "{e}");
        assert!(lines.iter().any(|l| l.contains("\"b\", which is not")), "{e}");
    }

    #[test]
    fn file_values_are_read_relative_and_trimmed() {
        let dir = std::env::temp_dir().join(format!("sidebar-proxy-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("k.txt"), "from-a-file-123\n").unwrap();
        let c =
            Config::from_toml_str(&BASE.replace("literal:abcdefghij", "file:k.txt"), Some(&dir))
                .unwrap();
        assert_eq!(c.secrets["k"].value, "from-a-file-123");
        std::fs::remove_dir_all(&dir).ok();
    }
}
