//! No open relay: the URL checks (absolute http(s), no user:pass@, no `.`/`..` path segments in
//! any encoding, no secrets) and the choice of the configured upstream a URL falls under.

use url::Url;

use crate::config::Upstream;
use crate::error::ProxyError;
use crate::secrets;

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether `s` (a raw URL before its query, or a path) holds a `.` or `..` segment, also once
/// percent-decoded (repeatedly, so `%2e%2e`, `%252e%252e` and `..%2f` count) and with `\`
/// taken as `/` as browsers and some servers do.
pub fn dot_segment(s: &str) -> bool {
    let mut text = s.to_string();
    for _ in 0..4 {
        if text.split(['/', '\\']).any(|seg| seg == "." || seg == "..") {
            return true;
        }
        let decoded = percent_decode(&text);
        if decoded == text {
            return false;
        }
        text = decoded;
    }
    true
}

/// Checks the envelope's `url` and parses it (fragment dropped).
pub fn check_url(raw: &str) -> Result<Url, ProxyError> {
    let raw = raw.trim();
    if raw.chars().any(char::is_control) {
        return Err(ProxyError::bad_request("the url holds control characters"));
    }
    if secrets::has_placeholder(raw) {
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
    let before_query = raw.split(['?', '#']).next().unwrap_or_default();
    if dot_segment(before_query) {
        return Err(ProxyError::forbidden(
            "the url's path may not hold . or .. segments (in any encoding)",
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
    fn dot_segments_in_any_encoding() {
        for bad in [
            "https://a.b/api/../x",
            "https://a.b/api/./x",
            "https://a.b/api/%2e%2e/x",
            "https://a.b/api/%2E./x",
            "https://a.b/api/..%2fx",
            "https://a.b/api/%252e%252e/x",
            "https://a.b/api/..\\x",
            "https://a.b/api/..",
        ] {
            assert!(dot_segment(bad), "{bad}");
        }
        for good in [
            "https://a.b/api/x..y/.z",
            "https://a.b/api/%41",
            "https://a.b/",
            "https://a.b/api/100%",
        ] {
            assert!(!dot_segment(good), "{good}");
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
