//! The URL path rule: a request's path may not hold a `.` or `..` segment in any form a server
//! might read as one, because that moves the request elsewhere on the server (SPEC 7).

/// `%XX` sequences decoded once (invalid ones kept as they are; bytes that are not UTF-8 become
/// U+FFFD).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|&h| char::from(h).to_digit(16));
        if b == b'%' {
            if let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2)) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether one segment reads as `.` or `..`: as it is, or before a `;` path parameter (servers
/// such as Tomcat read `..;x` as `..`).
fn is_dot(segment: &str) -> bool {
    let bare = segment.split(';').next().unwrap_or(segment);
    bare == "." || bare == ".."
}

/// How many times a path is percent-decoded before it is given up on as a dot segment.
const MAX_DECODES: usize = 4;

/// Whether `path` (a URL's path, or the part of a URL before its query) holds a `.` or `..`
/// segment: as written, or once percent-decoded, or more (so `%2e%2e`, `%252e%252e`, `..%2f`
/// and `%5c..%5c` count), with `\` read as `/` (as browsers and some servers do) and `;`
/// parameters ignored (`..;/`). A path still changing after four decodings counts as one.
pub fn has_dot_segment(path: &str) -> bool {
    let mut text = path.to_string();
    for _ in 0..MAX_DECODES {
        if text.split(['/', '\\']).any(is_dot) {
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

/// The path of an absolute URL: after `scheme://authority`, before `?` or `#` (empty when
/// there is none).
pub fn path_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let end = after_scheme.find(['?', '#']).unwrap_or(after_scheme.len());
    let before_query = after_scheme.get(..end).unwrap_or_default();
    before_query.find(['/', '\\']).and_then(|i| before_query.get(i..)).unwrap_or_default()
}

/// [`has_dot_segment`] of an absolute URL's [`path_of`].
pub fn url_has_dot_segment(url: &str) -> bool {
    has_dot_segment(path_of(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_in_any_encoding_are_found() {
        for bad in [
            "https://a.b/api/../x",
            "https://a.b/api/./x",
            "https://a.b/api/..",
            "https://a.b/api/%2e%2e/x",
            "https://a.b/api/%2E./x",
            "https://a.b/customers/%252E%252e/notes",
            "https://a.b/customers/..%2F..%2Fadmin%2Fusers/notes",
            "https://a.b/api/..%2fadmin",
            "https://a.b/api/%5c..%5c..%5cadmin",
            "https://a.b/api/..\\x",
            "https://a.b/api\\..\\x",
            "https://a.b/api/..;/admin",
            "https://a.b/api/.;x/admin",
            "https://a.b/api/%2e%2e%3b/admin",
            "https://a.b/api/%25252525252e%25252525252e/x",
        ] {
            assert!(url_has_dot_segment(bad), "{bad}");
        }
    }

    #[test]
    fn ordinary_paths_pass() {
        for good in [
            "https://a.b/api/x..y/.z",
            "https://a.b/api/...",
            "https://a.b/api/%41",
            "https://a.b/",
            "https://a.b",
            "https://a.b/api/100%",
            "https://a.b/api/a;b",
            "https://a.b/x?next=../../admin",
            "https://a.b/x#/../y",
            "https://a.b/caf%C3%A9/%F0%9F%98%80",
        ] {
            assert!(!url_has_dot_segment(good), "{good}");
        }
    }

    #[test]
    fn the_path_is_after_the_authority_and_before_the_query() {
        assert_eq!(path_of("https://u@h.example:8/a/b?q=1#f"), "/a/b");
        assert_eq!(path_of("https://h.example?q=/../"), "");
        assert_eq!(path_of("https://h.example\\a\\b"), "\\a\\b");
    }
}
