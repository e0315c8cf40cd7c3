//! Server-held secret placeholders, `{{secret.NAME}}` (spaces allowed inside the braces), and
//! the rule that keeps data from writing one.
//!
//! The proxy fills a placeholder in with a secret only where the **template's own text** wrote it.
//! A value the sidebar substituted into a request (a customer's name, an API's answer, what the
//! agent typed) may hold the same text; it must never become a placeholder. So every string the
//! envelope carries comes with the list of the placeholders the template wrote there, and the
//! proxy fills that string in only when the placeholders it finds are exactly those
//! ([`check_declared`]); the sidebar refuses such a request before sending it, with the same rule.

/// How every placeholder starts once written out by the sidebar (the proxy also reads spaces
/// after the braces).
pub const SECRET_OPEN: &str = "{{secret.";

/// A piece of a string that may hold placeholders.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Plain text.
    Text(&'a str),
    /// A placeholder: the secret's name.
    Secret(&'a str),
}

/// Something that starts like a placeholder (`{{`, spaces, `secret.`) but is not a well-formed
/// one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed;

impl core::fmt::Display for Malformed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(
            "a malformed secret placeholder: write {{secret.NAME}} with NAME made of letters, digits, _ and -",
        )
    }
}

impl std::error::Error for Malformed {}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Whether `name` can be a secret's name: 1 to 100 letters, digits, `_` and `-`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 100 && name.bytes().all(is_name_byte)
}

/// Splits `s` into text and placeholders. `Err` for something that starts like a placeholder
/// (`{{`, optional spaces, `secret.`) but is not a well-formed one.
pub fn parse(s: &str) -> Result<Vec<Piece<'_>>, Malformed> {
    let bytes = s.as_bytes();
    let skip_space = |mut j: usize| {
        while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        j
    };
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while let Some(found) = s.get(i..).and_then(|rest| rest.find("{{")) {
        let open = i + found;
        let mut j = skip_space(open + 2);
        if !s.get(j..).is_some_and(|r| r.starts_with("secret.")) {
            i = open + 2;
            continue;
        }
        j += "secret.".len();
        let name_start = j;
        while bytes.get(j).copied().is_some_and(is_name_byte) {
            j += 1;
        }
        let name = s.get(name_start..j).unwrap_or_default();
        let j = skip_space(j);
        if name.is_empty() || !s.get(j..).is_some_and(|r| r.starts_with("}}")) {
            return Err(Malformed);
        }
        if let Some(text) = s.get(text_start..open).filter(|t| !t.is_empty()) {
            pieces.push(Piece::Text(text));
        }
        pieces.push(Piece::Secret(name));
        i = j + 2;
        text_start = i;
    }
    if let Some(text) = s.get(text_start..).filter(|t| !t.is_empty()) {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

/// The secret names `s` refers to, in order, each as often as it is written.
pub fn names(s: &str) -> Result<Vec<&str>, Malformed> {
    Ok(parse(s)?
        .into_iter()
        .filter_map(|p| match p {
            Piece::Secret(n) => Some(n),
            Piece::Text(_) => None,
        })
        .collect())
}

/// Whether `s` holds anything that looks like a placeholder (well-formed or not).
pub fn has_placeholder(s: &str) -> bool {
    names(s).map_or(true, |n| !n.is_empty())
}

/// Text that starts like a placeholder where the template did not write one: substituted data
/// (or the agent's typing) would otherwise become a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undeclared;

impl core::fmt::Display for Undeclared {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(
            "holds a {{secret.NAME}} placeholder that the template did not write there (text from the data, the context or the agent's input cannot become a secret)",
        )
    }
}

impl std::error::Error for Undeclared {}

/// Whether the placeholders in `value` are exactly `declared`, in order: those the template's
/// own text wrote into it. Anything else (one more, one less, another name, a malformed one) is
/// [`Undeclared`]: text substituted into the template shaped like a placeholder.
pub fn check_declared<S: AsRef<str>>(value: &str, declared: &[S]) -> Result<(), Undeclared> {
    let found = names(value).map_err(|_| Undeclared)?;
    let same =
        found.len() == declared.len() && found.iter().zip(declared).all(|(f, d)| *f == d.as_ref());
    if same {
        Ok(())
    } else {
        Err(Undeclared)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_read_with_spaces_and_malformed_ones_are_errors() {
        assert_eq!(
            parse("Bearer {{ secret.loop-key_1 }}!").unwrap_or_default(),
            vec![Piece::Text("Bearer "), Piece::Secret("loop-key_1"), Piece::Text("!")]
        );
        assert_eq!(names("{{secret.a}}{{x}}{{secret.b}}{{secret.a}}"), Ok(vec!["a", "b", "a"]));
        for bad in ["{{secret.}}", "{{secret.a b}}", "{{ secret.a", "{{secret.{{secret.a}}"] {
            assert_eq!(parse(bad), Err(Malformed), "{bad}");
            assert!(has_placeholder(bad));
        }
        assert!(!has_placeholder("{{ticket.id}} {secret.a} secret.a"));
        assert!(valid_name("a-b_9") && !valid_name("") && !valid_name("a.b"));
    }

    #[test]
    fn only_the_declared_placeholders_pass() {
        assert_eq!(check_declared("Bearer {{secret.k}}", &["k"]), Ok(()));
        assert_eq!(check_declared("plain", &[] as &[&str]), Ok(()));
        // A customer named {{secret.k}} substituted next to the template's own placeholder.
        assert_eq!(check_declared("{{secret.k}} {{secret.k}}", &["k"]), Err(Undeclared));
        // ... or alone, where the template wrote none.
        assert_eq!(check_declared("user={{secret.k}}", &[] as &[&str]), Err(Undeclared));
        // Data that swallows the template's placeholder and writes another in its place.
        assert_eq!(check_declared("{{secret.j}} {{{secret.k}}", &["k"]), Err(Undeclared));
        assert_eq!(check_declared("{{ secret.k", &["k"]), Err(Undeclared));
        assert_eq!(check_declared("", &["k"]), Err(Undeclared));
    }
}
