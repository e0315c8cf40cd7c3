//! Who is calling: `Authorization: Bearer <token>` with either a static token from the
//! configuration (compared in constant time) or a short-lived signed token
//! `v1.<base64url(agent)>.<expiry unix secs>.<base64url(HMAC-SHA256(key, "v1.<agent b64>.<expiry>"))>`
//! minted by `sidebar-widgets-proxy token`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::error::ProxyError;

type HmacSha256 = Hmac<Sha256>;

/// The longest agent id a signed token may carry.
pub const MAX_AGENT_LEN: usize = 128;

/// Seconds since the Unix epoch.
pub fn now_unix() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Why `agent` cannot be put in a token, if it cannot.
pub fn agent_problem(agent: &str) -> Option<String> {
    if agent.is_empty() {
        return Some("the agent id is empty".into());
    }
    if agent.len() > MAX_AGENT_LEN {
        return Some(format!("the agent id is longer than {MAX_AGENT_LEN} bytes"));
    }
    if agent.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Some("the agent id may not hold spaces or control characters".into());
    }
    if agent.starts_with("static:") {
        return Some("agent ids starting with static: are reserved for static tokens".into());
    }
    None
}

fn mac(key: &[u8], payload: &str) -> Result<HmacSha256, String> {
    let mut m = HmacSha256::new_from_slice(key).map_err(|e| format!("bad signing key: {e}"))?;
    m.update(payload.as_bytes());
    Ok(m)
}

/// Mints a signed token for `agent` valid until `expires_at` (Unix seconds).
pub fn mint(key: &[u8], agent: &str, expires_at: u64) -> Result<String, String> {
    if let Some(problem) = agent_problem(agent) {
        return Err(problem);
    }
    let payload = format!("v1.{}.{expires_at}", URL_SAFE_NO_PAD.encode(agent));
    let signature = URL_SAFE_NO_PAD.encode(mac(key, &payload)?.finalize().into_bytes());
    Ok(format!("{payload}.{signature}"))
}

/// Mints a signed token that also carries when it was issued (`issued_at`, Unix seconds), so that
/// a revocation of its agent refuses it only if it was issued before:
/// `v2.<base64url(agent)>.<issued_at>.<expiry>.<base64url(HMAC-SHA256(key, "v2.<agent b64>.<issued_at>.<expiry>"))>`.
pub fn mint_issued(
    key: &[u8],
    agent: &str,
    issued_at: u64,
    expires_at: u64,
) -> Result<String, String> {
    if let Some(problem) = agent_problem(agent) {
        return Err(problem);
    }
    let payload = format!("v2.{}.{issued_at}.{expires_at}", URL_SAFE_NO_PAD.encode(agent));
    let signature = URL_SAFE_NO_PAD.encode(mac(key, &payload)?.finalize().into_bytes());
    Ok(format!("{payload}.{signature}"))
}

/// Who called: the agent and when its token was issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The agent id (`static:i` for the static token at index `i`).
    pub agent: String,
    /// When the token was issued (Unix seconds); 0 when the token does not say (static and
    /// `v1` tokens), so that any revocation of the agent refuses it.
    pub issued_at: u64,
}

/// `30s`, `30m`, `1h`, `2d`, `1w` or plain seconds.
pub fn parse_ttl(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: u64 =
        number.parse().map_err(|_| format!("\"{text}\" is not a duration like 30m, 1h or 2d"))?;
    let unit_secs = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return Err(format!("\"{text}\": the unit must be s, m, h, d or w")),
    };
    let secs = n
        .checked_mul(unit_secs)
        .filter(|&s| s > 0 && s <= 366 * 86_400)
        .ok_or_else(|| format!("\"{text}\": a token lives between 1 second and 366 days"))?;
    Ok(Duration::from_secs(secs))
}

/// Static tokens and the key for signed tokens. Debug never prints them.
#[derive(Clone, Default)]
pub struct AuthConfig {
    /// Tokens accepted as they are (each at least 16 characters); a caller using the one at index
    /// `i` is the agent `static:i`.
    pub static_tokens: Vec<String>,
    /// The HMAC-SHA256 key signed tokens are minted and checked with (at least 32 bytes), if any.
    pub signing_key: Option<Vec<u8>>,
}

impl std::fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthConfig")
            .field("static_tokens", &self.static_tokens.len())
            .field("signing_key", &self.signing_key.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// Checks tokens against the configured static tokens and signing key.
#[derive(Clone)]
pub struct Authenticator {
    static_digests: Vec<[u8; 32]>,
    signing_key: Option<Vec<u8>>,
}

fn digest(token: &[u8]) -> [u8; 32] {
    Sha256::digest(token).into()
}

/// Equal in time independent of where the inputs differ.
fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let diff = a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

impl Authenticator {
    /// Keeps the SHA-256 digests of the static tokens (compared in constant time) and the
    /// signing key.
    pub fn new(config: &AuthConfig) -> Authenticator {
        Authenticator {
            static_digests: config.static_tokens.iter().map(|t| digest(t.as_bytes())).collect(),
            signing_key: config.signing_key.clone(),
        }
    }

    /// The agent id for an `Authorization` header value, or a 401 saying why not.
    pub fn authenticate(&self, header: Option<&[u8]>, now: u64) -> Result<String, ProxyError> {
        self.caller(header, now).map(|(c, _)| c.agent)
    }

    /// The caller for an `Authorization` header value (with the token itself, for revocation
    /// checks), or a 401 saying why not.
    pub fn caller<'h>(
        &self,
        header: Option<&'h [u8]>,
        now: u64,
    ) -> Result<(Caller, &'h str), ProxyError> {
        let header = header.ok_or_else(|| {
            ProxyError::unauthorized(
                "missing Authorization header: send Authorization: Bearer <token>",
            )
        })?;
        let header = std::str::from_utf8(header)
            .map_err(|_| ProxyError::unauthorized("the Authorization header is not text"))?;
        let token = match header.split_once(' ') {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
            _ => {
                return Err(ProxyError::unauthorized(
                    "the Authorization header must be \"Bearer <token>\"",
                ))
            }
        };
        if token.is_empty() {
            return Err(ProxyError::unauthorized("the bearer token is empty"));
        }

        // Every static token is compared, so the time taken does not tell which matched.
        let d = digest(token.as_bytes());
        let mut matched = None;
        for (i, s) in self.static_digests.iter().enumerate() {
            if constant_time_eq(&d, s) && matched.is_none() {
                matched = Some(i);
            }
        }
        if let Some(i) = matched {
            return Ok((Caller { agent: format!("static:{i}"), issued_at: 0 }, token));
        }

        if !token.starts_with("v1.") && !token.starts_with("v2.") {
            return Err(ProxyError::unauthorized("the token is not valid for this proxy"));
        }
        let Some(key) = &self.signing_key else {
            return Err(ProxyError::unauthorized(
                "the token is a signed token, but this proxy has no signing key: it accepts only its static tokens",
            ));
        };
        Ok((self.verify_signed(key, token, now)?, token))
    }

    fn verify_signed(&self, key: &[u8], token: &str, now: u64) -> Result<Caller, ProxyError> {
        let malformed = || {
            ProxyError::unauthorized(
                "the token is malformed (expected v1.<agent>.<expiry>.<signature>)",
            )
        };
        let parts: Vec<&str> = token.split('.').collect();
        let (agent_b64, issued, expiry, signature, payload) = match parts.as_slice() {
            ["v1", agent, expiry, signature] => {
                (*agent, None, *expiry, *signature, format!("v1.{agent}.{expiry}"))
            }
            ["v2", agent, issued, expiry, signature] => (
                *agent,
                Some(*issued),
                *expiry,
                *signature,
                format!("v2.{agent}.{issued}.{expiry}"),
            ),
            _ => return Err(malformed()),
        };
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| malformed())?;
        let m = mac(key, &payload)
            .map_err(|_| ProxyError::unauthorized("the proxy's signing key is unusable"))?;
        m.verify_slice(&signature).map_err(|_| {
            ProxyError::unauthorized(
                "the token's signature is invalid (altered, or minted with another key)",
            )
        })?;
        let expiry: u64 = expiry.parse().map_err(|_| malformed())?;
        let issued_at: u64 = match issued {
            Some(i) => i.parse().map_err(|_| malformed())?,
            None => 0,
        };
        let agent = URL_SAFE_NO_PAD.decode(agent_b64).map_err(|_| malformed())?;
        let agent = String::from_utf8(agent).map_err(|_| malformed())?;
        if agent_problem(&agent).is_some() {
            return Err(malformed());
        }
        if expiry <= now {
            return Err(ProxyError::unauthorized(format!(
                "the token expired {} seconds ago: mint a new one",
                now - expiry
            )));
        }
        Ok(Caller { agent, issued_at })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn auth() -> Authenticator {
        Authenticator::new(&AuthConfig {
            static_tokens: vec!["static-token-0123456789".into()],
            signing_key: Some(KEY.to_vec()),
        })
    }

    fn bearer(t: &str) -> Vec<u8> {
        format!("Bearer {t}").into_bytes()
    }

    #[test]
    fn static_and_signed() {
        let a = auth();
        assert_eq!(
            a.authenticate(Some(&bearer("static-token-0123456789")), 100).unwrap(),
            "static:0"
        );
        let t = mint(KEY, "agent-7@acme", 200).unwrap();
        assert_eq!(a.authenticate(Some(&bearer(&t)), 100).unwrap(), "agent-7@acme");
        let t2 = mint_issued(KEY, "agent-7@acme", 90, 200).unwrap();
        let b2 = bearer(&t2);
        let (c, _) = a.caller(Some(&b2), 100).unwrap();
        assert_eq!(c, Caller { agent: "agent-7@acme".into(), issued_at: 90 });
        let forged_issue = t2.replace(".90.", ".95.");
        assert!(a.authenticate(Some(&bearer(&forged_issue)), 100).is_err());
        let e = a.authenticate(Some(&bearer(&t)), 200).unwrap_err();
        assert!(e.message.contains("expired"));
        let other = mint(b"another-key-another-key-another-key", "agent-7@acme", 200).unwrap();
        assert!(a.authenticate(Some(&bearer(&other)), 100).is_err());
        // a longer expiry with the old signature
        let forged = t.replace(".200.", ".999999.");
        assert!(a
            .authenticate(Some(&bearer(&forged)), 100)
            .unwrap_err()
            .message
            .contains("signature"));
        for bad in [
            "",
            "Basic abc",
            "Bearer",
            "Bearer x.y",
            "Bearer v1.a.b",
            "Bearer v1.....",
            "Bearer v1.%%.1.%%",
        ] {
            assert_eq!(
                a.authenticate(Some(bad.as_bytes()), 100).unwrap_err().status.as_u16(),
                401,
                "{bad}"
            );
        }
        assert!(a.authenticate(None, 100).is_err());
    }

    #[test]
    fn ttl() {
        assert_eq!(parse_ttl("30m").unwrap(), Duration::from_secs(1800));
        assert_eq!(parse_ttl("1h").unwrap(), Duration::from_secs(3600));
        assert_eq!(parse_ttl("2d").unwrap(), Duration::from_secs(172_800));
        assert_eq!(parse_ttl("45").unwrap(), Duration::from_secs(45));
        for bad in ["", "h", "1y", "0m", "-1h", "99999999999999999999d", "400d"] {
            assert!(parse_ttl(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn agents() {
        assert!(mint(KEY, "", 1).is_err());
        assert!(mint(KEY, "a b", 1).is_err());
        assert!(mint(KEY, "static:0", 1).is_err());
        assert!(mint(KEY, &"x".repeat(200), 1).is_err());
    }
}
