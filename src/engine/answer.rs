//! What came back from a request, and how a failure is told to the agent: one error type for
//! every transport failure and non-2xx status, with messages from the sidebar's table and the
//! request's secrets removed (SPEC 7).

use crate::engine::format::truncate_chars;
use crate::engine::messages::{Messages, Msg};
use crate::engine::request::{RequestError, Secrets};
use crate::model::Json;

/// How much of an error answer is shown.
const SNIPPET_CHARS: usize = 160;

/// Why a request did not give what was asked.
#[derive(Clone, Debug, PartialEq)]
pub enum NetError {
    /// The browser refused to build the request (a URL, header or method it cannot carry). Its
    /// own error text is never shown: it may hold the whole URL and its secrets.
    Invalid,
    /// `fetch` failed: the server is unreachable, or it refused this page (CORS).
    Network,
    /// No answer within the timeout (milliseconds), or the answer stopped coming in time.
    Timeout(u32),
    /// The answer stopped before it was complete, without a timeout.
    CutOff,
    /// A non-2xx answer, with the start of its text (secrets removed).
    Status { status: u16, snippet: String },
    /// The host's proxy refused or failed the request itself, and said why.
    Proxy { status: u16, reason: String },
    /// A 2xx answer that is not JSON: where it stops being JSON. The parser's own (English) words
    /// are not kept, so that the message is in the sidebar's language alone.
    InvalidJson { line: usize, column: usize },
    /// A redirect that was not followed, because the request carries hidden values or headers
    /// that must not reach another address (SPEC 7); the status when the browser shows it (a
    /// redirect stopped by the browser shows none: 0).
    Redirected(u16),
}

impl NetError {
    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            NetError::Status { status, .. } | NetError::Proxy { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// A sentence an agent understands, in the sidebar's language.
    pub fn describe(&self, m: &Messages) -> String {
        match self {
            NetError::Invalid => m.get(Msg::ErrBrowserRefused).to_string(),
            NetError::Network => m.get(Msg::ErrNetwork).to_string(),
            NetError::Timeout(ms) => {
                m.fill(Msg::ErrTimeout, &[("s", &ms.div_ceil(1000).to_string())])
            }
            NetError::CutOff => m.get(Msg::ErrCutOff).to_string(),
            NetError::Status { status, snippet } => {
                let kind = if *status >= 500 { Msg::ErrServer } else { Msg::ErrRefused };
                let head = m.fill(kind, &[("status", &status.to_string())]);
                if snippet.is_empty() {
                    head
                } else {
                    format!("{head}: {snippet}")
                }
            }
            NetError::Proxy { status, reason } => {
                m.fill(Msg::ErrProxy, &[("status", &status.to_string()), ("reason", reason)])
            }
            NetError::InvalidJson { line, column } => {
                let (line, column) = (line.to_string(), column.to_string());
                let reason = format!("{line}:{column}");
                m.fill(
                    Msg::ErrInvalidJson,
                    &[("line", &line), ("column", &column), ("reason", &reason)],
                )
            }
            NetError::Redirected(status) => {
                let status = if *status == 0 { "3xx".to_string() } else { status.to_string() };
                m.fill(Msg::ErrRedirect, &[("status", &status)])
            }
        }
    }
}

/// The start of an answer's text, on one line, with the request's secrets removed.
pub fn snippet(text: &str, secrets: &Secrets) -> String {
    let flat: String = secrets.scrub(text).split_whitespace().collect::<Vec<_>>().join(" ");
    truncate_chars(&flat, SNIPPET_CHARS).0
}

/// The reason the proxy gives in its `{"error": "..."}` answer (or the start of whatever it sent).
pub fn proxy_reason(body: &str, secrets: &Secrets) -> String {
    match Json::parse(body).ok().as_ref().and_then(|v| v.get("error")).and_then(Json::as_str) {
        Some(reason) => snippet(reason, secrets),
        None => snippet(body, secrets),
    }
}

/// An integration's answer read as JSON (lone surrogates and all, SPEC 7).
pub fn read_json(text: &str) -> Result<Json, NetError> {
    Json::parse(text).map_err(|e| NetError::InvalidJson { line: e.line, column: e.column })
}

impl RequestError {
    /// Why the request was not sent, in the sidebar's language.
    pub fn describe(&self, m: &Messages) -> String {
        match self {
            RequestError::MissingMandatory { label, .. } => {
                m.fill(Msg::ErrMissing, &[("label", label)])
            }
            RequestError::RefusedUrl(url) => {
                m.fill(Msg::ErrUrl, &[("url", &truncate_chars(url, 80).0)])
            }
            RequestError::DotSegment => m.get(Msg::ErrDotSegment).to_string(),
            RequestError::VariableOrigin => m.get(Msg::ErrVariableOrigin).to_string(),
            RequestError::SecretWithoutProxy => m.get(Msg::ErrSecretNoProxy).to_string(),
            RequestError::SecretInUrl => m.get(Msg::ErrSecretInUrl).to_string(),
            RequestError::UndeclaredSecret(place) => {
                m.fill(Msg::ErrUndeclaredSecret, &[("place", place)])
            }
            RequestError::InvalidAction(reason) => m.fill(Msg::ErrNotSent, &[("reason", reason)]),
        }
    }
}

/// What a button's outcome says (SPEC 3): success with the status, or failure with the reason.
pub fn action_outcome(label: &str, result: &Result<u16, NetError>, m: &Messages) -> (bool, String) {
    match result {
        Ok(status) => {
            (true, m.fill(Msg::ActionDone, &[("label", label), ("status", &status.to_string())]))
        }
        Err(e) => {
            (false, m.fill(Msg::ActionFailed, &[("label", label), ("reason", &e.describe(m))]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(values: &[&str]) -> Secrets {
        let mut s = Secrets::default();
        values.iter().for_each(|v| s.add(v));
        s
    }

    #[test]
    fn failures_read_as_sentences() {
        let m = Messages::default();
        assert_eq!(NetError::Timeout(2500).describe(&m), "timed out: no answer after 3 s");
        let e = NetError::Status { status: 503, snippet: "down for maintenance".into() };
        assert_eq!(e.describe(&m), "HTTP 503 (server error): down for maintenance");
        assert_eq!(
            NetError::Status { status: 404, snippet: String::new() }.describe(&m),
            "HTTP 404 (request refused)"
        );
        assert!(NetError::Invalid.describe(&m).starts_with("the browser refused"));
        let p = NetError::Proxy {
            status: 403,
            reason: "https://evil.example is not an upstream".into(),
        };
        assert_eq!(
            p.describe(&m),
            "the proxy refused the request (HTTP 403): https://evil.example is not an upstream"
        );
        assert_eq!(p.status(), Some(403));
        let de = Messages::new("de", &[]);
        assert_eq!(
            NetError::Timeout(1000).describe(&de),
            "Zeitüberschreitung: keine Antwort nach 1 s"
        );
    }

    #[test]
    fn snippets_are_short_flat_and_hold_no_secret() {
        let s = secrets(&["sk_live_abc123"]);
        let body = "error:\n   invalid key   sk_live_abc123\n\n".to_string() + &"x".repeat(500);
        let out = snippet(&body, &s);
        assert!(out.starts_with("error: invalid key [hidden] xxx"), "{out}");
        assert_eq!(out.chars().count(), SNIPPET_CHARS + 1);
        assert!(!out.contains("sk_live_abc123"));
    }

    #[test]
    fn the_proxys_reason_is_read_from_its_answer() {
        let s = secrets(&["tok-123456"]);
        assert_eq!(proxy_reason(r#"{"error": "bad token tok-123456"}"#, &s), "bad token [hidden]");
        assert_eq!(proxy_reason("<html>Bad gateway</html>", &s), "<html>Bad gateway</html>");
    }

    #[test]
    fn outcomes_name_the_button() {
        let m = Messages::default();
        assert_eq!(
            action_outcome("Refund", &Ok(201), &m),
            (true, "Refund: done (HTTP 201)".to_string())
        );
        let (ok, text) = action_outcome("Refund", &Err(NetError::Network), &m);
        assert!(!ok && text.starts_with("Refund failed: network error"), "{text}");
    }

    #[test]
    fn answers_read_as_lenient_json() {
        assert_eq!(
            read_json(r#"{"name": "caf\ud83d"}"#).map(|v| v["name"].to_text()),
            Ok("caf\u{FFFD}".to_string())
        );
        assert_eq!(read_json("<html>"), Err(NetError::InvalidJson { line: 1, column: 1 }));
        // No English parser detail in another language.
        let fr = Messages::new("fr", &[]);
        let text =
            read_json("{\n  \"a\": tru }").err().map(|e| e.describe(&fr)).unwrap_or_default();
        assert_eq!(text, "la réponse n'est pas du JSON valide (ligne 2, colonne 8)");
    }
}
