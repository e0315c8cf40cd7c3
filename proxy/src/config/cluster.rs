//! The settings for running several instances: `[redis]`, the upstreams' `quota` and cache,
//! and `metrics_listen`.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use super::raw::{RawQuota, RawRedis, RawUpstream};
use super::{err, resolve_value, ConfigError, Found};
use crate::cache::{CachePolicy, CacheScope};
use crate::limits::{KeyPart, Limit, Quota};
use crate::shared::{OnRedisError, RedisSettings};
use sidebar_widgets_wire::placeholder;

/// `metrics_listen`, if written and valid.
pub(super) fn metrics_listen(written: Option<&str>, found: &mut Found) -> Option<SocketAddr> {
    let text = written?;
    let parsed = text.parse::<SocketAddr>().map_err(|_| {
        ConfigError(format!("metrics_listen = \"{text}\" is not an address like 127.0.0.1:9187"))
    });
    found.keep(parsed)
}

fn millis(key: &str, value: u64, max: u64) -> Result<Duration, ConfigError> {
    if value == 0 || value > max {
        return err(format!("redis.{key} must be between 1 and {max}"));
    }
    Ok(Duration::from_millis(value))
}

/// `[redis]`, resolved (the URL read like a secret), if written and valid.
pub(super) fn redis(
    raw: Option<&RawRedis>,
    base_dir: Option<&Path>,
    found: &mut Found,
) -> Option<RedisSettings> {
    let raw = raw?;
    let url = found.keep(resolve_value("redis.url", &raw.url, base_dir));
    if let Some((url, literal)) = &url {
        if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
            found.problems.push("redis.url must start with redis:// or rediss://".into());
        } else if *literal && url.contains('@') {
            found.warnings.push(
                "redis.url holds a password in the configuration file; prefer env:NAME or file:/path"
                    .into(),
            );
        }
    }
    let on_error = match raw.on_redis_error.as_str() {
        "local" => Some(OnRedisError::Local),
        "open" => Some(OnRedisError::Open),
        "closed" => Some(OnRedisError::Closed),
        other => {
            found.problems.push(format!(
                "redis.on_redis_error = \"{other}\": use \"local\", \"open\" or \"closed\""
            ));
            None
        }
    };
    if raw.instances == 0 {
        found.problems.push("redis.instances must be at least 1".into());
    }
    if raw.key_prefix.chars().any(|c| c.is_whitespace() || c.is_control()) {
        found.problems.push("redis.key_prefix may not hold spaces or control characters".into());
    }
    let timeout = found.keep(millis("timeout_ms", raw.timeout_ms, 10_000));
    let connect_timeout = found.keep(millis("connect_timeout_ms", raw.connect_timeout_ms, 60_000));
    let cooldown = found.keep(millis("breaker_cooldown_ms", raw.breaker_cooldown_ms, 600_000));
    if raw.breaker_failures == 0 {
        found.problems.push("redis.breaker_failures must be at least 1".into());
    }
    Some(RedisSettings {
        url: url?.0,
        key_prefix: raw.key_prefix.clone(),
        timeout: timeout?,
        connect_timeout: connect_timeout?,
        on_error: on_error?,
        instances: raw.instances.max(1),
        breaker_failures: raw.breaker_failures.max(1),
        breaker_cooldown: cooldown?,
    })
}

/// `N/s`, `N/m` or `N/h` as calls a second, and N.
fn rate(what: &str, text: &str) -> Result<(f64, f64), ConfigError> {
    let bad = || {
        ConfigError(format!(
            "{what}: quota rate \"{text}\" is not like \"2/s\", \"100/m\" or \"1000/h\""
        ))
    };
    let (n, unit) = text.trim().split_once('/').ok_or_else(bad)?;
    let n: f64 = n.trim().parse().map_err(|_| bad())?;
    let secs = match unit.trim() {
        "s" | "sec" | "second" => 1.0,
        "m" | "min" | "minute" => 60.0,
        "h" | "hour" => 3600.0,
        _ => return Err(bad()),
    };
    if !(n.is_finite() && n > 0.0 && n <= 1e9) {
        return Err(bad());
    }
    Ok((n / secs, n))
}

/// A quota's key: text with `{{url.host}}`, `{{agent}}` and `{{secret.NAME}}`.
fn quota_key(what: &str, text: &str) -> Result<Vec<KeyPart>, ConfigError> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            parts.push(KeyPart::Text(rest[..start].to_string()));
        }
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| ConfigError(format!("{what}: quota key has an unclosed {{{{")))?;
        let name = after[..end].trim();
        parts.push(match name {
            "url.host" => KeyPart::UrlHost,
            "agent" => KeyPart::Agent,
            _ => match name.strip_prefix("secret.") {
                Some(s) if placeholder::valid_name(s.trim()) => KeyPart::Secret(s.trim().to_string()),
                _ => {
                    return err(format!(
                        "{what}: quota key uses {{{{{name}}}}}: use {{{{url.host}}}}, {{{{agent}}}} or {{{{secret.NAME}}}}"
                    ))
                }
            },
        });
        rest = &after[end + 2..];
    }
    if !rest.is_empty() {
        parts.push(KeyPart::Text(rest.to_string()));
    }
    Ok(parts)
}

/// An upstream's `quota`, if written.
fn quota(what: &str, raw: &RawQuota) -> Result<Quota, ConfigError> {
    let (per_sec, n) = rate(what, &raw.rate)?;
    let burst = raw.burst.unwrap_or(n.ceil() as u32).max(1);
    Ok(Quota { limit: Limit { per_sec, burst }, key: quota_key(what, &raw.key)? })
}

/// An upstream's `quota`, `cache_ttl` and `cache_scope`.
pub(super) fn upstream_extras(
    what: &str,
    u: &RawUpstream,
) -> Result<(Option<Quota>, Option<CachePolicy>), ConfigError> {
    let quota = u.quota.as_ref().map(|q| quota(what, q)).transpose()?;
    let scope = match u.cache_scope.as_deref() {
        None | Some("token") => CacheScope::Token,
        Some("shared") => CacheScope::Shared,
        Some(other) => {
            return err(format!("{what}: cache_scope = \"{other}\": use \"token\" or \"shared\""))
        }
    };
    let cache = match u.cache_ttl {
        None => None,
        Some(0.0) => None,
        Some(t) if t > 0.0 && t <= 86_400.0 => {
            let ttl = Duration::try_from_secs_f64(t)
                .map_err(|_| ConfigError(format!("{what}: cache_ttl is not a valid duration")))?;
            Some(CachePolicy { ttl, scope })
        }
        Some(_) => return err(format!("{what}: cache_ttl must be between 0 and 86400 seconds")),
    };
    if cache.is_some()
        && !u.methods.as_ref().is_none_or(|m| m.iter().any(|m| m.eq_ignore_ascii_case("get")))
    {
        return err(format!("{what}: cache_ttl caches GETs, and the upstream does not allow GET"));
    }
    Ok((quota, cache))
}

/// The secrets quota keys name must be configured and scoped to the quota's upstream (one
/// written with a problem of its own is already reported).
pub(super) fn check_quota_secrets(
    upstreams: &[crate::allowlist::Upstream],
    secrets: &crate::secrets::Secrets,
    written: &std::collections::BTreeMap<String, super::RawSecret>,
    found: &mut Found,
) {
    for u in upstreams {
        let Some(q) = &u.quota else { continue };
        for part in &q.key {
            let KeyPart::Secret(name) = part else { continue };
            match secrets.get(name) {
                None if written.contains_key(name) => {}
                Some(s) if s.upstreams.contains(&u.name) => {}
                _ => found.problems.push(format!(
                    "upstream \"{}\": the quota key uses secret \"{name}\", which is not a secret of this upstream",
                    u.name
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn rates_and_keys() {
        assert_eq!(rate("u", "2/s").unwrap(), (2.0, 2.0));
        assert_eq!(rate("u", "120/m").unwrap(), (2.0, 120.0));
        for bad in ["2", "x/s", "2/d", "0/s", "-1/s", "inf/s"] {
            assert!(rate("u", bad).is_err(), "{bad}");
        }
        assert_eq!(
            quota_key("u", "shop:{{url.host}}/{{ secret.k }}{{agent}}").unwrap(),
            vec![
                KeyPart::Text("shop:".into()),
                KeyPart::UrlHost,
                KeyPart::Text("/".into()),
                KeyPart::Secret("k".into()),
                KeyPart::Agent
            ]
        );
        assert!(quota_key("u", "{{url.path}}").is_err());
        assert!(quota_key("u", "{{secret.a b}}").is_err());
        assert!(quota_key("u", "{{agent").is_err());
        assert_eq!(quota_key("u", "").unwrap(), vec![]);
    }

    const BASE: &str = r#"
        [auth]
        static_tokens = ["0123456789abcdef0123"]
        [[upstreams]]
        name = "a"
        origin = "https://api.example.com"
        QUOTA
        [secrets.k]
        value = "env:PATH"
        upstreams = ["a"]
        [secrets.other]
        value = "env:PATH"
        upstreams = ["b"]
        [[upstreams]]
        name = "b"
        origin = "https://b.example.com"
    "#;

    fn with(quota: &str, top: &str) -> Result<super::super::Config, ConfigError> {
        super::super::Config::from_toml_str(
            &format!("{top}\n{}", BASE.replace("QUOTA", quota)),
            None,
        )
    }

    #[test]
    fn the_cluster_settings_are_checked() {
        let redis = "[redis]\nurl = \"redis://127.0.0.1:6379/\"";
        let c = with(
            "quota = { rate = \"2/s\", burst = 40, key = \"{{url.host}}\" }\ncache_ttl = 5",
            redis,
        )
        .unwrap();
        let r = c.redis.unwrap();
        assert_eq!(
            (r.on_error, r.instances, r.timeout),
            (OnRedisError::Local, 1, Duration::from_millis(50))
        );
        assert_eq!(c.upstreams[0].quota.as_ref().unwrap().limit, Limit { per_sec: 2.0, burst: 40 });
        assert_eq!(c.upstreams[0].cache.unwrap().scope, CacheScope::Token);
        assert!(with("", "").unwrap().redis.is_none());
        for (quota, top) in [
            ("", "[redis]\nurl = \"http://127.0.0.1:6379/\""),
            ("", "[redis]\nurl = \"redis://h/\"\non_redis_error = \"maybe\""),
            ("", "[redis]\nurl = \"redis://h/\"\ntimeout_ms = 0"),
            ("", "[redis]\nurl = \"redis://h/\"\ninstances = 0"),
            ("", "[redis]\nurl = \"env:SIDEBAR_PROXY_TEST_SURELY_UNSET\""),
            ("", "metrics_listen = \"nowhere\""),
            ("quota = { rate = \"2/d\" }", ""),
            ("quota = { rate = \"2/s\", key = \"{{secret.other}}\" }", ""),
            ("quota = { rate = \"2/s\", key = \"{{secret.none}}\" }", ""),
            ("cache_ttl = -1", ""),
            ("cache_ttl = 5\ncache_scope = \"everyone\"", ""),
            ("cache_ttl = 5\nmethods = [\"POST\"]", ""),
        ] {
            assert!(with(quota, top).is_err(), "{quota} {top}");
        }
    }
}
