//! No open relay: the URL checks (absolute http(s), no user:pass@, no `.`/`..` path segments in
//! any encoding, no secrets) and the choice of the configured upstream a URL falls under.

use url::Url;

use crate::cache::CachePolicy;
use crate::envelope::Method;
use crate::error::ProxyError;
use crate::limits::Quota;
use sidebar_widgets_wire::placeholder;

/// An API the proxy may call: an exact origin, a path prefix, methods and fixed headers.
#[derive(Debug, Clone)]
pub struct Upstream {
    /// The upstream's name in the configuration: secrets are scoped to it and logs show it.
    pub name: String,
    /// The origin a URL must have exactly (scheme, host and port).
    pub origin: url::Origin,
    /// `https://api.example.com` (`:port` only when not the scheme's default).
    pub origin_text: String,
    /// The path a URL must be at or below, segment-wise ([`under_prefix`]); `/` when not written.
    pub path_prefix: String,
    /// The methods an envelope may use with this upstream.
    pub methods: Vec<Method>,
    /// Added to every call; values may hold `{{secret.NAME}}` for secrets scoped to this upstream.
    pub headers: Vec<(String, String)>,
    /// Whether calls may go to loopback, private and the other addresses [`crate::netguard`]
    /// refuses otherwise.
    pub allow_private: bool,
    /// The upstream's quota (`quota`), shared by every instance with `[redis]`.
    pub quota: Option<Quota>,
    /// Whether and how its GET answers are cached (`cache_ttl`, `cache_scope`).
    pub cache: Option<CachePolicy>,
}

/// Checks the envelope's `url` and parses it (fragment dropped).
pub fn check_url(raw: &str) -> Result<Url, ProxyError> {
    let raw = raw.trim();
    if raw.chars().any(char::is_control) {
        return Err(ProxyError::bad_request("the url holds control characters"));
    }
    if placeholder::has_placeholder(raw) {
        return Err(ProxyError::bad_request(
            "secrets may not be put in the URL: put {{secret.NAME}} in a header, a param or the body",
        ));
    }
    let mut url = Url::parse(raw).map_err(|e| {
        ProxyError::bad_request(format!("the url is not a valid absolute URL ({e})"))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ProxyError::bad_request("the url must start with https:// or http://"));
    }
    if url.host().is_none() {
        return Err(ProxyError::bad_request("the url has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ProxyError::forbidden(
            "the url may not hold a user name or password (user:pass@): put credentials in a header with {{secret.NAME}}",
        ));
    }
    if sidebar_widgets_wire::path::url_has_dot_segment(raw) {
        return Err(ProxyError::forbidden(
            "the url's path may not hold . or .. segments (in any encoding, or before a ;parameter)",
        ));
    }
    url.set_fragment(None);
    Ok(url)
}

/// Whether `path` is `prefix` or below it (segment-wise: `/api` does not cover `/apix`).
pub fn under_prefix(path: &str, prefix: &str) -> bool {
    if prefix == "/" || path == prefix {
        return true;
    }
    match path.strip_prefix(prefix) {
        Some(rest) => prefix.ends_with('/') || rest.starts_with('/'),
        None => path.len() + 1 == prefix.len() && prefix.ends_with('/') && prefix.starts_with(path),
    }
}

/// Whether `url` falls under `upstream` (same origin, path under the prefix).
pub fn within(upstream: &Upstream, url: &Url) -> bool {
    url.origin() == upstream.origin && under_prefix(url.path(), &upstream.path_prefix)
}

/// The upstream `url` falls under (the longest matching path prefix), or a 403 saying why none.
pub fn select<'a>(upstreams: &'a [Upstream], url: &Url) -> Result<&'a Upstream, ProxyError> {
    let origin = url.origin();
    let same_origin: Vec<&Upstream> = upstreams.iter().filter(|u| u.origin == origin).collect();
    if same_origin.is_empty() {
        return Err(ProxyError::forbidden(format!(
            "{} is not a configured upstream: the proxy only calls the APIs its operator listed",
            origin.ascii_serialization()
        )));
    }
    same_origin
        .iter()
        .filter(|u| under_prefix(url.path(), &u.path_prefix))
        .max_by_key(|u| u.path_prefix.len())
        .copied()
        .ok_or_else(|| {
            let prefixes: Vec<String> =
                same_origin.iter().map(|u| format!("{} (\"{}\")", u.path_prefix, u.name)).collect();
            ProxyError::forbidden(format!(
                "the path {} is outside the configured upstreams of {}: allowed path prefixes are {}",
                url.path(),
                origin.ascii_serialization(),
                prefixes.join(", ")
            ))
        })
}

/// `scheme://host[:port]/path`: what logs show of a URL (never its query).
pub fn url_for_log(url: &Url) -> String {
    format!("{}{}", url.origin().ascii_serialization(), url.path())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn dot_segments_in_any_encoding_are_refused() {
        for bad in [
            "https://a.b/api/../x",
            "https://a.b/api/./x",
            "https://a.b/api/%2e%2e/x",
            "https://a.b/api/%2E./x",
            "https://a.b/api/..%2fx",
            "https://a.b/api/%252e%252e/x",
            "https://a.b/api/..\\x",
            "https://a.b/api/..",
            "https://a.b/api/..;/admin",
            "https://a.b/api/%5c..%5c..%5cadmin",
        ] {
            assert_eq!(check_url(bad).unwrap_err().status.as_u16(), 403, "{bad}");
        }
        for good in [
            "https://a.b/api/x..y/.z",
            "https://a.b/api/%41",
            "https://a.b/",
            "https://a.b/api/100%",
            "https://a.b/api/a;b",
        ] {
            assert!(check_url(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn prefixes() {
        assert!(under_prefix("/api/x", "/api/"));
        assert!(under_prefix("/api/", "/api/"));
        assert!(under_prefix("/api", "/api/"));
        assert!(under_prefix("/api/x", "/api"));
        assert!(!under_prefix("/apix", "/api"));
        assert!(!under_prefix("/apix", "/api/"));
        assert!(!under_prefix("/other", "/api/"));
        assert!(under_prefix("/anything", "/"));
    }

    #[test]
    fn urls() {
        assert!(check_url("https://a.b/x?k=1#f").unwrap().fragment().is_none());
        assert_eq!(check_url("https://u:p@a.b/").unwrap_err().status.as_u16(), 403);
        assert_eq!(check_url("https://a.b/{{secret.k}}").unwrap_err().status.as_u16(), 400);
        assert_eq!(check_url("https://a.b/?k={{ secret.k }}").unwrap_err().status.as_u16(), 400);
        assert_eq!(check_url("ftp://a.b/").unwrap_err().status.as_u16(), 400);
        assert_eq!(check_url("/relative").unwrap_err().status.as_u16(), 400);
        assert_eq!(check_url("https://a.b/x\n").unwrap().path(), "/x");
        assert_eq!(check_url("https://a.b/x\ty").unwrap_err().status.as_u16(), 400);
    }
}
