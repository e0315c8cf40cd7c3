//! `{{variable}}` interpolation with filters.
use crate::engine::date::{format_ldml, parse_datetime};
use crate::engine::path::lookup;
use serde_json::Value;

/// What variables can see: the node's own data first, then named globals
/// (`ticket`, `customer`, `current_user`, `$listIndex`, `$integrationId`, `$appId`).
pub struct Scope<'a> {
    pub data: &'a Value,
    pub globals: Vec<(&'a str, &'a Value)>,
    /// The agent's time zone, for `datetime_format`: local time = UTC + this many minutes.
    pub tz_offset_minutes: i32,
}

/// Objects and arrays print as JSON cut to this many characters.
const MAX_JSON_CHARS: usize = 4096;

/// Replaces every `{{ path | filter(arg) }}` in `text` with its value as text.
pub fn interpolate(text: &str, scope: &Scope) -> String {
    render(text, scope, false)
}

/// Like [`interpolate`], with every substituted value percent-encoded (for URLs).
pub fn interpolate_url(text: &str, scope: &Scope) -> String {
    render(text, scope, true)
}

fn render(text: &str, scope: &Scope, encode: bool) -> String {
    let mut out = String::with_capacity(text.len());
    scan(text, |piece| match piece {
        Piece::Text(t) => out.push_str(t),
        Piece::Var(expr) => {
            let v = eval(expr, scope);
            out.push_str(&if encode { percent_encode(&v) } else { v });
        }
    });
    out
}

/// The paths (without filters) of the variables `text` uses, each once, in order.
pub fn variables_in(text: &str) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    scan(text, |piece| {
        if let Piece::Var(expr) = piece {
            let path = split_pipes(expr).into_iter().next().unwrap_or("").trim();
            if !path.is_empty() && !paths.iter().any(|p| p == path) {
                paths.push(path.to_string());
            }
        }
    });
    paths
}

/// Percent-encodes everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A value as an agent sees it: strings as they are, numbers and booleans as JSON prints them,
/// null as `""`, objects and arrays as compact JSON cut to 4096 characters.
pub fn value_to_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => {
            let mut s = v.to_string();
            if let Some((i, _)) = s.char_indices().nth(MAX_JSON_CHARS) {
                s.truncate(i);
            }
            s
        }
    }
}

enum Piece<'t> {
    Text(&'t str),
    Var(&'t str),
}

/// Splits `text` into plain text and `{{ ... }}` expressions. An unclosed `{{` is plain text;
/// with `{{ a {{ b }}` only the innermost pair is a variable; `{{{ x }}}` is the variable `x`.
fn scan<'t>(text: &'t str, mut f: impl FnMut(Piece<'t>)) {
    let mut rest = text;
    while let Some((before, after)) = rest.split_once("{{") {
        let Some((inner, mut tail)) = after.split_once("}}") else { break };
        if let Some((lead, _)) = inner.rsplit_once("{{") {
            // Another `{{` opens before this `}}`: everything up to it is text.
            f(Piece::Text(before));
            f(Piece::Text("{{"));
            f(Piece::Text(lead));
            rest = after.get(lead.len()..).unwrap_or("");
            continue;
        }
        f(Piece::Text(before));
        let expr = match inner.strip_prefix('{') {
            Some(e) => {
                tail = tail.strip_prefix('}').unwrap_or(tail);
                e
            }
            None => inner,
        };
        f(Piece::Var(expr));
        rest = tail;
    }
    f(Piece::Text(rest));
}

/// Splits on `|` outside quotes: `name | fallback("a|b")` -> `["name ", " fallback(\"a|b\")"]`.
fn split_pipes(expr: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quote = None;
    let mut start = 0;
    for (i, c) in expr.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            (None, '|') => {
                parts.push(expr.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(expr.get(start..).unwrap_or(""));
    parts
}

/// A value while filters apply: still the looked-up value, or text a filter produced.
enum Val<'a> {
    Ref(Option<&'a Value>),
    Text(String),
}

impl Val<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Val::Ref(None | Some(Value::Null)) => true,
            Val::Ref(Some(Value::String(s))) | Val::Text(s) => s.is_empty(),
            Val::Ref(_) => false,
        }
    }
    fn into_text(self) -> String {
        match self {
            Val::Ref(v) => v.map(value_to_text).unwrap_or_default(),
            Val::Text(s) => s,
        }
    }
}

fn eval(expr: &str, scope: &Scope) -> String {
    let mut parts = split_pipes(expr).into_iter();
    let path = parts.next().unwrap_or("").trim();
    let mut val = Val::Ref(resolve(path, scope));
    for filter in parts {
        let filter = filter.trim();
        let (name, arg) = match filter.split_once('(') {
            Some((n, a)) => (n.trim(), unquote(a.trim_end().strip_suffix(')').unwrap_or(a))),
            None => (filter, ""),
        };
        val = match name {
            "fallback" if val.is_empty() => Val::Text(arg.to_string()),
            "datetime_format" => {
                let date = match &val {
                    Val::Ref(Some(v)) => parse_datetime(v),
                    Val::Text(s) => parse_datetime(&Value::String(s.clone())),
                    Val::Ref(None) => None,
                };
                match date {
                    Some(unix) => Val::Text(format_ldml(unix, scope.tz_offset_minutes, arg)),
                    None => val,
                }
            }
            _ => val,
        };
    }
    val.into_text()
}

/// `"x"` or `'x'` -> `x`; anything else trimmed as is.
fn unquote(arg: &str) -> &str {
    let a = arg.trim();
    ['"', '\''].iter().find_map(|&q| a.strip_prefix(q)?.strip_suffix(q)).unwrap_or(a)
}

/// The value of a path: the node's data first, then a global named by the first segment.
fn resolve<'a>(path: &str, scope: &Scope<'a>) -> Option<&'a Value> {
    if path.is_empty() {
        return None;
    }
    let own = lookup(scope.data, path).filter(|v| !v.is_null());
    if own.is_some() {
        return own;
    }
    let cut = path.find(['.', '[']).unwrap_or(path.len());
    let (first, rest) = (path.get(..cut)?, path.get(cut..)?);
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let first = first.trim();
    let (_, global) = scope.globals.iter().find(|(name, _)| *name == first)?;
    lookup(global, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Fixture {
        data: Value,
        ticket: Value,
        user: Value,
        index: Value,
    }

    fn fixture() -> Fixture {
        Fixture {
            data: json!({
                "name": "Ada",
                "empty": "",
                "nothing": null,
                "count": 3,
                "ratio": 2.5,
                "zero": 0,
                "vip": true,
                "off": false,
                "tags": ["a", "b"],
                "address": {"city": "Paris", "zip": "75001"},
                "orders": [{"id": 11}, {"id": 22}, {"id": 33}],
                "ticket": null,
                "city": "Zürich & Genève/Ost",
                "created_at": "2024-03-05T14:30:00Z",
                "émoji": "🎉"
            }),
            ticket: json!({"id": 789, "subject": "Where is my order?", "customer": {"email": "ada@example.com"}}),
            user: json!({"name": "Grace", "firstname": null}),
            index: json!(2),
        }
    }

    fn scope(f: &Fixture) -> Scope<'_> {
        Scope {
            data: &f.data,
            globals: vec![("ticket", &f.ticket), ("current_user", &f.user), ("$listIndex", &f.index)],
            tz_offset_minutes: 60,
        }
    }

    fn run(text: &str) -> String {
        let f = fixture();
        interpolate(text, &scope(&f))
    }

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(run("Hello"), "Hello");
        assert_eq!(run(""), "");
        assert_eq!(run("a { b } c }}"), "a { b } c }}");
    }

    #[test]
    fn substitutes_strings_with_or_without_spaces() {
        assert_eq!(run("Hi {{name}}!"), "Hi Ada!");
        assert_eq!(run("Hi {{ name }}!"), "Hi Ada!");
        assert_eq!(run("{{name}}{{name}}"), "AdaAda");
    }

    #[test]
    fn numbers_and_booleans_print_as_json() {
        assert_eq!(run("{{count}} {{ratio}} {{zero}} {{vip}} {{off}}"), "3 2.5 0 true false");
    }

    #[test]
    fn missing_and_null_print_nothing() {
        assert_eq!(run("[{{missing}}][{{nothing}}][{{address.nope}}][{{ }}][{{}}]"), "[][][][][]");
    }

    #[test]
    fn objects_and_arrays_print_as_compact_json() {
        assert_eq!(run("{{tags}}"), r#"["a","b"]"#);
        assert_eq!(run("{{address}}"), r#"{"city":"Paris","zip":"75001"}"#);
    }

    #[test]
    fn large_json_is_cut_to_4096_chars_on_a_char_boundary() {
        let data = json!({"big": ["é".repeat(5000)]});
        let empty = json!({});
        let s = Scope { data: &data, globals: vec![("x", &empty)], tz_offset_minutes: 0 };
        let out = interpolate("{{big}}", &s);
        assert_eq!(out.chars().count(), 4096);
        assert!(out.starts_with("[\"éé"));
    }

    #[test]
    fn dotted_and_indexed_paths() {
        assert_eq!(run("{{address.city}} {{orders[0].id}} {{orders[-1].id}} {{ orders.1.id }}"), "Paris 11 33 22");
    }

    #[test]
    fn globals_are_used_when_data_lacks_the_path() {
        assert_eq!(run("#{{ticket.id}}: {{ ticket.subject }}"), "#789: Where is my order?");
        assert_eq!(run("{{ticket.customer.email}}"), "ada@example.com");
        assert_eq!(run("{{current_user.name}}"), "Grace");
        assert_eq!(run("{{$listIndex}}"), "2");
        assert_eq!(run("{{ticket.nope}}"), "");
        assert_eq!(run("{{unknown_global.x}}"), "");
    }

    #[test]
    fn own_data_wins_over_globals() {
        let f = fixture();
        let data = json!({"current_user": {"name": "Local"}});
        let s = Scope { data: &data, ..scope(&f) };
        assert_eq!(interpolate("{{current_user.name}}", &s), "Local");
    }

    #[test]
    fn whole_global_prints_as_json() {
        assert_eq!(run("{{current_user}}"), r#"{"firstname":null,"name":"Grace"}"#);
    }

    #[test]
    fn fallback_filter() {
        assert_eq!(run(r#"Hi {{missing | fallback("there")}}"#), "Hi there");
        assert_eq!(run("Hi {{nothing|fallback('there')}}"), "Hi there");
        assert_eq!(run(r#"Hi {{empty | fallback("there")}}"#), "Hi there");
        assert_eq!(run(r#"Hi {{name | fallback("there")}}"#), "Hi Ada");
        assert_eq!(run(r#"{{zero | fallback("none")}} {{off|fallback("x")}}"#), "0 false");
        assert_eq!(run(r#"{{current_user.firstname | fallback("agent")}}"#), "agent");
        assert_eq!(run(r#"{{missing | fallback("a|b}")}}"#), "a|b}");
        assert_eq!(run(r#"{{missing | fallback("là-bas 🌍")}}"#), "là-bas 🌍");
    }

    #[test]
    fn unknown_filters_leave_the_value() {
        assert_eq!(run("{{name | upper}}"), "Ada");
        assert_eq!(run("{{name | shout(\"x\")}}"), "Ada");
        assert_eq!(run("{{missing | shout}}"), "");
    }

    #[test]
    fn datetime_format_filter() {
        // 14:30 UTC is 15:30 at UTC+1
        assert_eq!(run(r#"{{created_at | datetime_format("MMMM d YYYY")}}"#), "March 5 2024");
        assert_eq!(run(r#"{{created_at|datetime_format('HH:mm')}}"#), "15:30");
        assert_eq!(run(r#"{{missing | datetime_format("YYYY") | fallback("never")}}"#), "never");
    }

    #[test]
    fn datetime_format_of_a_non_date_is_the_value() {
        assert_eq!(run(r#"{{name | datetime_format("YYYY")}}"#), "Ada");
        assert_eq!(run(r#"{{missing | datetime_format("YYYY")}}"#), "");
    }

    #[test]
    fn unclosed_braces_stay_text() {
        assert_eq!(run("Hi {{name"), "Hi {{name");
        assert_eq!(run("{{"), "{{");
        assert_eq!(run("{{name}} and {{"), "Ada and {{");
        assert_eq!(run("{name}"), "{name}");
    }

    #[test]
    fn nested_and_triple_braces_never_leave_a_variable_behind() {
        assert_eq!(run("{{ a {{name}}"), "{{ a Ada");
        assert_eq!(run("{{{name}}}"), "Ada");
        assert!(!run("{{{{name}}}}").contains("{{name"));
    }

    #[test]
    fn never_prints_null_or_undefined() {
        let out = run("{{nothing}}{{missing}}{{nothing.x}}{{undefined}}{{null}}");
        assert_eq!(out, "");
        // `ticket` is null in the data, so the global is used
        assert!(run("{{ticket}}").contains("789"));
    }

    #[test]
    fn unicode_everywhere() {
        assert_eq!(run("Bonjour {{ émoji }} — {{name}} ✓"), "Bonjour 🎉 — Ada ✓");
        assert_eq!(run("{{ 💥 }}"), "");
        assert_eq!(run("ü{{"), "ü{{");
    }

    #[test]
    fn url_interpolation_percent_encodes_values_only() {
        let f = fixture();
        let s = scope(&f);
        assert_eq!(
            interpolate_url("https://x.y/search?q={{city}}&n={{name}}", &s),
            "https://x.y/search?q=Z%C3%BCrich%20%26%20Gen%C3%A8ve%2FOst&n=Ada"
        );
        assert_eq!(interpolate_url("https://x.y/t/{{ticket.id}}", &s), "https://x.y/t/789");
        assert_eq!(interpolate_url("https://x.y/{{missing}}", &s), "https://x.y/");
    }

    #[test]
    fn percent_encode_keeps_unreserved_only() {
        assert_eq!(percent_encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(percent_encode("a b/c?d=e&f#g%"), "a%20b%2Fc%3Fd%3De%26f%23g%25");
        assert_eq!(percent_encode("é🎉"), "%C3%A9%F0%9F%8E%89");
        assert_eq!(percent_encode(""), "");
    }

    #[test]
    fn variables_in_lists_paths_once() {
        assert_eq!(
            variables_in(r#"{{ ticket.id }} {{name|fallback("x")}} {{name}} {{ }} {{ orders[0].id }} {{unclosed"#),
            vec!["ticket.id", "name", "orders[0].id"]
        );
        assert!(variables_in("no variables").is_empty());
    }

    #[test]
    fn value_to_text_rendering() {
        assert_eq!(value_to_text(&Value::Null), "");
        assert_eq!(value_to_text(&json!("s")), "s");
        assert_eq!(value_to_text(&json!(-1)), "-1");
        assert_eq!(value_to_text(&json!(1.5)), "1.5");
        assert_eq!(value_to_text(&json!(true)), "true");
        assert_eq!(value_to_text(&json!([1, null])), "[1,null]");
        assert_eq!(value_to_text(&json!({})), "{}");
    }
}
