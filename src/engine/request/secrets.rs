//! The values a request carries that are never shown ([`Secrets`]), and how they are removed
//! from what is shown of it.

use crate::engine::vars::percent_encode;
use crate::model::Json;
use std::fmt;

/// Values that went into a request but are never shown anywhere (SPEC 7): the non-editable items
/// of an action (API keys), an integration's headers, the proxy token. Its `Debug` says how many,
/// never what, so that formatting a request cannot print them.
#[derive(Clone, Default, PartialEq)]
pub struct Secrets(Vec<String>);

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secrets({} hidden)", self.0.len())
    }
}

impl Secrets {
    /// Values this short are removed only where they stand as a word of their own (not inside
    /// another word or number: a hidden `10` leaves "HTTP 410" alone), so that scrubbing them
    /// does not garble the rest of an error text; longer ones wherever they appear.
    pub const SHORT_CHARS: usize = 4;
    /// What a hidden value is replaced with.
    pub const HIDDEN: &'static str = "[hidden]";

    /// Adds a hidden value (trimmed; empty ones hide nothing).
    pub fn add(&mut self, value: &str) {
        let value = value.trim();
        if !value.is_empty() && !self.0.iter().any(|v| v == value) {
            self.0.push(value.to_string());
        }
    }

    /// Whether the request carries no hidden value.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `text` with every secret removed, as written and in the encodings an answer may echo it in
    /// (percent-encoded, form-encoded, JSON-escaped).
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        // Longest first, so that a value inside another is not half-removed (picked one by one:
        // there are few, and a sort would be one more generic copy in the bundle).
        let mut left: Vec<&String> = self.0.iter().collect();
        while let Some(i) =
            (0..left.len()).max_by_key(|&i| left.get(i).map_or(0, |v: &&String| v.len()))
        {
            let secret = left.swap_remove(i);
            let json = Json::from(secret.as_str()).to_string();
            let json = json.get(1..json.len().saturating_sub(1)).unwrap_or_default().to_string();
            let encoded = percent_encode(secret);
            let short = secret.chars().count() < Self::SHORT_CHARS;
            for form in [secret.clone(), encoded.replace("%20", "+"), encoded, json] {
                if form.is_empty() || !out.contains(&form) {
                    continue;
                }
                out = if short {
                    replace_words(&out, &form)
                } else {
                    out.replace(&form, Self::HIDDEN)
                };
            }
        }
        out
    }
}

/// `text` with each occurrence of `word` that no ASCII letter or digit touches on either side
/// replaced with [`Secrets::HIDDEN`]. Any other character counts as a boundary, so a value next to
/// a non-ASCII letter is hidden too (more is hidden, never less; and Unicode's letter tables are
/// 2 KB of the bundle).
fn replace_words(text: &str, word: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut before: Option<char> = None;
    while let Some(i) = rest.find(word) {
        let (head, tail) = rest.split_at(i);
        let prev = head.chars().next_back().or(before);
        let after = tail.get(word.len()..).unwrap_or_default();
        let next = after.chars().next();
        out.push_str(head);
        let alone = !prev.is_some_and(|c| c.is_ascii_alphanumeric())
            && !next.is_some_and(|c| c.is_ascii_alphanumeric());
        if alone {
            out.push_str(Secrets::HIDDEN);
        } else {
            out.push_str(word);
        }
        before = word.chars().next_back();
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::request::action_request;
    use crate::engine::request::fixtures::*;
    use crate::j as json;

    #[test]
    fn hidden_values_are_scrubbed_from_what_is_shown() {
        let a = resolved(
            json!({"url": "https://x.y/o?api_key=literal_key_1", "params": [{"key": "api_key", "value": "sk live/abc"}],
            "headers": [{"key": "X-Key", "value": "hdr-secret-9"}, {"key": "X-Note", "value": "agent note", "editable": true}]}),
        );
        let out = action_request(&a, &[]).unwrap();
        let req = out.direct().unwrap();
        assert_eq!(req.url, "https://x.y/o?api_key=literal_key_1&api_key=sk%20live%2Fabc");
        assert_eq!(out.public_url(), "https://x.y/o", "the event's address has no query");
        let echoed = "bad key 'sk live/abc' (sk%20live%2Fabc, sk+live%2Fabc) and hdr-secret-9; note: agent note";
        assert_eq!(
            req.secrets.scrub(echoed),
            "bad key '[hidden]' ([hidden], [hidden]) and [hidden]; note: agent note",
            "the agent's own typing is not hidden"
        );
        assert_eq!(format!("{:?}", req.secrets), "Secrets(2 hidden)");
        // Neither the hidden values' own Debug nor the request's (or the decided request's)
        // prints them: a request formatted for a log or an error says names and sizes only.
        for shown in [format!("{:?}", req.secrets), format!("{req:?}"), format!("{out:?}")] {
            for secret in ["hdr-secret-9", "sk live/abc", "sk%20live%2Fabc", "literal_key_1"] {
                assert!(!shown.contains(secret), "{secret} in {shown}");
            }
        }
        assert!(format!("{req:?}").contains(r#"headers: ["X-Key", "X-Note"]"#), "{req:?}");
        let json_escaped = Secrets(vec!["a\"b\\c".into()]);
        assert_eq!(json_escaped.scrub(r#"{"k":"a\"b\\c"}"#), r#"{"k":"[hidden]"}"#);
    }

    #[test]
    fn short_hidden_values_are_removed_where_they_stand_alone() {
        let mut short = Secrets::default();
        for v in ["10", "k7", "x"] {
            short.add(v);
        }
        short.add("  ");
        assert_eq!(format!("{short:?}"), "Secrets(3 hidden)", "an empty value hides nothing");
        assert_eq!(
            short.scrub(r#"HTTP 410: limit 10 is over; key "k7" (k%37? no: k7x) x, box"#),
            r#"HTTP 410: limit [hidden] is over; key "[hidden]" (k%37? no: k7x) [hidden], box"#
        );
        // A short value inside a longer one leaves it to the longer one.
        let mut both = Secrets::default();
        both.add("ab");
        both.add("ab-cd-ef");
        assert_eq!(both.scrub("ab-cd-ef / ab"), "[hidden] / [hidden]");
        // Next to a non-ASCII letter a short value is hidden as well: more, never less.
        assert_eq!(short.scrub("éx k7ü 10"), "é[hidden] [hidden]ü [hidden]");
    }
}
