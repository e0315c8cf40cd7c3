//! The scoped substitution of secret placeholders (`{{secret.NAME}}`, read by
//! [`sidebar_widgets_wire::placeholder`]), and the redactor that strips every secret value from what goes back to the
//! browser or into the logs.

use std::borrow::Cow;
use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, MatchKind};
use base64::Engine as _;
use serde_json::Value;
use sidebar_widgets_wire::placeholder::{self, Piece};

use crate::declared::{self, Declared};
use crate::error::ProxyError;

/// What replaces a secret value in upstream answers, error messages and logs.
pub const REMOVED: &str = "[secret removed]";

/// A configured secret: its value and the names of the upstreams that may receive it.
#[derive(Clone)]
pub struct Secret {
    /// The value, read at start-up; never sent back to the browser or logged.
    pub value: String,
    /// The names of the upstreams it may be sent to.
    pub upstreams: Vec<String>,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secret")
            .field("value", &"[redacted]")
            .field("upstreams", &self.upstreams)
            .finish()
    }
}

/// The configured secrets, by name.
pub type Secrets = BTreeMap<String, Secret>;

/// Substitutes secrets for an upstream: each one must exist (else 403) and have `upstream` in
/// its scope (else 403 naming the secret, never its value). `what` names the field for messages.
/// Whether the template wrote them is checked before ([`declared::check`]).
pub fn substitute(
    s: &str,
    secrets: &Secrets,
    upstream: &str,
    what: &dyn std::fmt::Display,
) -> Result<String, ProxyError> {
    let pieces =
        placeholder::parse(s).map_err(|e| ProxyError::bad_request(format!("{what} holds {e}")))?;
    let mut out = String::with_capacity(s.len());
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Secret(name) => {
                let secret = secrets.get(name).ok_or_else(|| {
                    ProxyError::forbidden(format!(
                        "{what} uses the unknown secret \"{name}\": no secret of that name is configured on the proxy"
                    ))
                })?;
                if !secret.upstreams.iter().any(|u| u == upstream) {
                    return Err(ProxyError::forbidden(format!(
                        "the secret \"{name}\" may not be sent to the upstream \"{upstream}\" ({what}): \
                         it is only for {}",
                        secret.upstreams.iter().map(|u| format!("\"{u}\"")).collect::<Vec<_>>().join(", ")
                    )));
                }
                out.push_str(&secret.value);
            }
        }
    }
    Ok(out)
}

/// Substitutes secrets in every string nested in a JSON value, each one only where `declared`
/// lists, at its JSON Pointer, the placeholders it holds (else 400). Object keys may not hold
/// placeholders (400). `pointer` is the RFC 6901 pointer of `v` inside the envelope's `json`.
pub fn substitute_json(
    v: &Value,
    secrets: &Secrets,
    upstream: &str,
    declared: &Declared,
    pointer: &str,
) -> Result<Value, ProxyError> {
    let what = || format!("the json string at \"{pointer}\"");
    Ok(match v {
        Value::String(s) => {
            declared::check(s, declared.json(pointer), &what())?;
            Value::String(substitute(s, secrets, upstream, &what())?)
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let at = declared::pointer_push(pointer, &i.to_string());
                    substitute_json(item, secrets, upstream, declared, &at)
                })
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (k, item) in map {
                if placeholder::has_placeholder(k) {
                    return Err(ProxyError::bad_request(format!(
                        "a key in the json object at \"{pointer}\" holds a secret placeholder: secrets may only be put in values"
                    )));
                }
                let at = declared::pointer_push(pointer, k);
                out.insert(k.clone(), substitute_json(item, secrets, upstream, declared, &at)?);
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

/// `s` percent-encoded, leaving the bytes for which `keep` is true as they are.
fn percent(s: &str, keep: impl Fn(u8) -> bool, space_plus: bool, lower: bool) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if keep(b) {
            out.push(b as char);
        } else if b == b' ' && space_plus {
            out.push('+');
        } else if lower {
            out.push_str(&format!("%{b:02x}"));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The forms a secret value is commonly echoed in: as is, percent-encoded (RFC 3986,
/// form-urlencoded, JavaScript's encodeURIComponent, every non-alphanumeric byte; upper and
/// lower case hex), base64
/// (standard and URL-safe, with and without padding), and JSON-escaped.
pub fn encodings(value: &str) -> Vec<String> {
    let unreserved = |b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b);
    let form = |b: u8| b.is_ascii_alphanumeric() || b"*-._".contains(&b);
    let js = |b: u8| b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b);
    let b64 = base64::engine::general_purpose::STANDARD;
    let b64_np = base64::engine::general_purpose::STANDARD_NO_PAD;
    let b64u = base64::engine::general_purpose::URL_SAFE;
    let b64u_np = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json.get(1..json.len().saturating_sub(1)).unwrap_or_default().to_string();
    let mut all = vec![
        value.to_string(),
        percent(value, unreserved, false, false),
        percent(value, unreserved, false, true),
        percent(value, form, true, false),
        percent(value, form, true, true),
        percent(value, js, false, false),
        percent(value, |b| b.is_ascii_alphanumeric(), false, false),
        percent(value, |b| b.is_ascii_alphanumeric(), false, true),
        b64.encode(value),
        b64_np.encode(value),
        b64u.encode(value),
        b64u_np.encode(value),
        json.replace('/', "\\/"),
        json,
    ];
    all.retain(|s| !s.is_empty());
    all.sort();
    all.dedup();
    all
}

/// Replaces every secret value (in each of its [`encodings`]) with [`REMOVED`].
#[derive(Clone, Debug)]
pub struct Redactor {
    matcher: Option<AhoCorasick>,
}

impl Redactor {
    /// A redactor for `values` (empty ones skipped), each in all its [`encodings`]; fails if the
    /// matcher cannot be built.
    pub fn new<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Redactor, String> {
        let mut patterns: Vec<String> =
            values.into_iter().filter(|v| !v.is_empty()).flat_map(encodings).collect();
        patterns.sort();
        patterns.dedup();
        if patterns.is_empty() {
            return Ok(Redactor { matcher: None });
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| format!("could not build the secret redactor: {e}"))?;
        Ok(Redactor { matcher: Some(matcher) })
    }

    /// `bytes` with every secret replaced. Fails closed: should the matcher ever fail, the whole
    /// text is withheld.
    pub fn redact_bytes(&self, bytes: Vec<u8>) -> Vec<u8> {
        let Some(m) = &self.matcher else { return bytes };
        match m.try_find(bytes.as_slice()) {
            Ok(None) => return bytes,
            Ok(Some(_)) => {}
            Err(_) => return REMOVED.as_bytes().to_vec(),
        }
        let mut out = Vec::with_capacity(bytes.len());
        let replaced = m.try_replace_all_with_bytes(&bytes, &mut out, |_, _, dst| {
            dst.extend_from_slice(REMOVED.as_bytes());
            true
        });
        match replaced {
            Ok(()) => out,
            Err(_) => REMOVED.as_bytes().to_vec(),
        }
    }

    /// [`Redactor::redact_bytes`] for a shared buffer: `bytes` itself, not a copy, when it holds
    /// no secret.
    pub fn redact_shared(&self, bytes: axum::body::Bytes) -> axum::body::Bytes {
        let Some(m) = &self.matcher else { return bytes };
        match m.try_find(&bytes[..]) {
            Ok(None) => bytes,
            _ => self.redact_bytes(bytes.to_vec()).into(),
        }
    }

    /// `s` with every secret replaced (fails closed like [`Redactor::redact_bytes`]); `s` itself
    /// when it holds none.
    pub fn redact<'a>(&self, s: &'a str) -> Cow<'a, str> {
        let Some(m) = &self.matcher else { return Cow::Borrowed(s) };
        match m.try_find(s) {
            Ok(None) => return Cow::Borrowed(s),
            Ok(Some(_)) => {}
            Err(_) => return Cow::Borrowed(REMOVED),
        }
        let mut out = String::with_capacity(s.len());
        let replaced = m.try_replace_all_with(s, &mut out, |_, _, dst| {
            dst.push_str(REMOVED);
            true
        });
        match replaced {
            Ok(()) => Cow::Owned(out),
            Err(_) => Cow::Borrowed(REMOVED),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn secrets() -> Secrets {
        let mut s = Secrets::new();
        s.insert("k".into(), Secret { value: "S3CR3T/+ x".into(), upstreams: vec!["a".into()] });
        s
    }

    #[test]
    fn substitution_is_scoped() {
        let s = secrets();
        assert_eq!(substitute("Key {{secret.k}}", &s, "a", &"h").unwrap(), "Key S3CR3T/+ x");
        let e = substitute("{{secret.k}}", &s, "b", &"h").unwrap_err();
        assert_eq!(e.status.as_u16(), 403);
        assert!(e.message.contains("\"k\"") && !e.message.contains("S3CR3T"));
        assert_eq!(substitute("{{secret.nope}}", &s, "a", &"h").unwrap_err().status.as_u16(), 403);
    }

    #[test]
    fn redacts_encodings() {
        let r = Redactor::new(["S3CR3T/+ x"]).unwrap();
        for enc in encodings("S3CR3T/+ x") {
            let text = format!("before {enc} after");
            let out = r.redact(&text);
            assert_eq!(out, format!("before {REMOVED} after"), "{enc}");
        }
        assert_eq!(r.redact_bytes(b"xS3CR3T/+ xy".to_vec()), format!("x{REMOVED}y").into_bytes());
        assert_eq!(Redactor::new([]).unwrap().redact("abc"), "abc");
    }
}
