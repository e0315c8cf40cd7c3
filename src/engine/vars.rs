//! `{{variable}}` interpolation with filters.
use crate::engine::date::{format_ldml, parse_datetime};
use crate::engine::path::lookup;
use crate::model::Json;
use sidebar_widgets_wire::placeholder::check_declared;

/// What a text with variables is for, which decides how its variables read (SPEC 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Card titles and title links: the card's data first, then the globals.
    Title,
    /// Custom links: the globals' names are reserved roots that always mean the context, even when
    /// the card's data has a key of the same name, so that an API's answer cannot pose as the
    /// ticket, the customer or the agent.
    CustomLink,
    /// What is sent (buttons' actions, integration requests): reserved roots too, and
    /// `{{secret.NAME}}` stays as it is, for the host's proxy to fill in.
    Request,
}

/// What variables can see: the node's own data and named globals (`ticket`, `customer`,
/// `current_user`, `$listIndex`, `$integrationId`, `$appId`).
pub struct Scope<'a> {
    pub data: &'a Json,
    pub globals: Vec<(&'a str, &'a Json)>,
    pub purpose: Purpose,
    /// The agent's time zone, for `datetime_format`: local time = UTC + this many minutes.
    pub tz_offset_minutes: i32,
}

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
        Piece::Var(expr) => match secret_name(expr) {
            // A server-held secret: the placeholder itself, or nothing where it would be shown.
            Some(name) if scope.purpose == Purpose::Request => {
                out.push_str(SECRET_OPEN);
                out.push_str(name);
                out.push_str("}}");
            }
            Some(_) => {}
            None => {
                let v = eval(expr, scope);
                out.push_str(&if encode { percent_encode(&v) } else { v });
            }
        },
    });
    out
}

pub use sidebar_widgets_wire::placeholder::SECRET_OPEN;

/// The secret names a template's own text writes (`{{secret.NAME}}`, in order, each as often as
/// written): the placeholders that [`interpolate`] keeps for a request. Anything else shaped like
/// a placeholder in the result came from substituted text.
pub fn secret_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    scan(text, |piece| {
        if let Piece::Var(expr) = piece {
            names.extend(secret_name(expr));
        }
    });
    names
}

/// `secret.NAME` (spaces allowed around it) -> `NAME`, when NAME is a plain name.
fn secret_name(expr: &str) -> Option<&str> {
    let name = expr.trim().strip_prefix("secret.")?.trim();
    let plain =
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    plain.then_some(name)
}

/// The paths (without filters) of the variables `text` uses, each once, in order (the playground's
/// warnings).
#[cfg(any(test, feature = "playground", feature = "editor"))]
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

// ---- templating of what a request sends (URLs, JSON bodies) ----

/// A URL template with its variables resolved and percent-encoded. **(ext)** A variable that opens
/// the URL (`{{order.status_url}}?lang=fr`) is the URL's base and is not encoded.
pub fn resolve_url(template: &str, scope: &Scope) -> String {
    let t = template.trim();
    if t.starts_with("{{") {
        if let Some(i) = t.find("}}") {
            let mut cut = i + 2;
            if t.starts_with("{{{") && t.get(cut..).is_some_and(|r| r.starts_with('}')) {
                cut += 1;
            }
            if let (Some(head), Some(tail)) = (t.get(..cut), t.get(cut..)) {
                return interpolate(head, scope) + &interpolate_url(tail, scope);
            }
        }
    }
    interpolate_url(t, scope)
}

/// Every string in a JSON value with its variables resolved; other values as they are. The first
/// string (by its JSON Pointer, RFC 6901) where substituted text wrote a secret placeholder that
/// the template's string did not is noted in `undeclared`.
pub fn resolve_json_checked(v: &Json, scope: &Scope, undeclared: &mut Option<String>) -> Json {
    resolve_json_at(v, scope, &String::new, undeclared)
}

/// [`resolve_json_checked`] below the JSON Pointer `at` gives (written only for a refusal: a
/// resolved body costs no pointer text).
fn resolve_json_at(
    v: &Json,
    scope: &Scope,
    at: &dyn Fn() -> String,
    undeclared: &mut Option<String>,
) -> Json {
    match v {
        Json::String(s) => {
            let out = interpolate(s, scope);
            if undeclared.is_none() && check_declared(&out, &secret_names(s)).is_err() {
                *undeclared = Some(format!("the body's \"{}\"", at()));
            }
            Json::from(out)
        }
        Json::Array(a) => Json::from(
            a.iter()
                .enumerate()
                .map(|(i, x)| resolve_json_at(x, scope, &|| format!("{}/{i}", at()), undeclared))
                .collect::<Vec<_>>(),
        ),
        Json::Object(o) => Json::object(o.iter().map(|(k, x)| {
            let at = || format!("{}/{}", at(), pointer_token(k));
            (k, resolve_json_at(x, scope, &at, undeclared))
        })),
        other => other.clone(),
    }
}

/// A key as one token of a JSON Pointer: `~` as `~0`, `/` as `~1` (RFC 6901).
pub fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

enum Piece<'t> {
    Text(&'t str),
    Var(&'t str),
}

/// What comes before the last `{{` of `s`, if it has one. A byte search: `rsplit_once` with a
/// string pattern brings std's reverse two-way searcher into the bundle (1.5 KB) for this one use.
fn before_last_open(s: &str) -> Option<&str> {
    let i = s.as_bytes().windows(2).rposition(|w| w == b"{{")?;
    s.get(..i)
}

/// Splits `text` into plain text and `{{ ... }}` expressions. An unclosed `{{` is plain text;
/// with `{{ a {{ b }}` only the innermost pair is a variable; `{{{ x }}}` is the variable `x`.
fn scan<'t>(text: &'t str, mut f: impl FnMut(Piece<'t>)) {
    let mut rest = text;
    while let Some((before, after)) = rest.split_once("{{") {
        let Some((inner, mut tail)) = after.split_once("}}") else { break };
        if let Some(lead) = before_last_open(inner) {
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
    Ref(Option<&'a Json>),
    Text(String),
}

impl Val<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Val::Ref(None | Some(Json::Null)) => true,
            Val::Ref(Some(Json::String(s))) => s.is_empty(),
            Val::Text(s) => s.is_empty(),
            Val::Ref(_) => false,
        }
    }
    fn into_text(self) -> String {
        match self {
            Val::Ref(v) => v.map(Json::to_text).unwrap_or_default(),
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
                    Val::Text(s) => parse_datetime(&Json::from(s.as_str())),
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

/// The value of a path: the node's data first, then a global named by the first segment; with
/// reserved roots, a global's name always means the global.
fn resolve<'a>(path: &str, scope: &Scope<'a>) -> Option<&'a Json> {
    if path.is_empty() {
        return None;
    }
    let cut = path.find(['.', '[']).unwrap_or(path.len());
    let (first, rest) = (path.get(..cut)?, path.get(cut..)?);
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let global = scope.globals.iter().find(|(name, _)| *name == first.trim()).map(|(_, g)| *g);
    if let (Purpose::CustomLink | Purpose::Request, Some(global)) = (scope.purpose, global) {
        return lookup(global, rest);
    }
    let own = lookup(scope.data, path).filter(|v| !v.is_null());
    if own.is_some() {
        return own;
    }
    lookup(global?, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j as json;

    struct Fixture {
        data: Json,
        ticket: Json,
        user: Json,
        index: Json,
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
            globals: vec![
                ("ticket", &f.ticket),
                ("current_user", &f.user),
                ("$listIndex", &f.index),
            ],
            purpose: Purpose::Title,
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
    fn large_json_is_cut_to_the_text_limit_on_a_char_boundary() {
        let limit = crate::model::json::MAX_TEXT_CHARS;
        let data = json!({"big": ["é".repeat(limit + 900)]});
        let empty = json!({});
        let s = Scope {
            data: &data,
            globals: vec![("x", &empty)],
            purpose: Purpose::Title,
            tz_offset_minutes: 0,
        };
        let out = interpolate("{{big}}", &s);
        assert_eq!(out.chars().count(), limit);
        assert!(out.starts_with("[\"éé"));
    }

    #[test]
    fn dotted_and_indexed_paths() {
        assert_eq!(
            run("{{address.city}} {{orders[0].id}} {{orders[-1].id}} {{ orders.1.id }}"),
            "Paris 11 33 22"
        );
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
    fn reserved_roots_always_mean_the_context() {
        // An order's own `customer` or `current_user` cannot replace the ticket's (custom actions).
        let f = fixture();
        let data = json!({"current_user": {"name": "Mallory"}, "ticket": {"id": 1}, "$listIndex": 99, "name": "Ada"});
        let s = Scope { data: &data, purpose: Purpose::CustomLink, ..scope(&f) };
        assert_eq!(interpolate("{{current_user.name}}", &s), "Grace");
        assert_eq!(interpolate("{{ticket.id}}", &s), "789");
        assert_eq!(interpolate("{{$listIndex}}", &s), "2");
        assert_eq!(interpolate("{{name}}", &s), "Ada", "other keys still come from the data");
        assert_eq!(interpolate("{{ticket.nope}}", &s), "", "no fall back to the data either");
    }

    #[test]
    fn secret_placeholders_stay_in_requests_only() {
        let f = fixture();
        let request = Scope { purpose: Purpose::Request, ..scope(&f) };
        assert_eq!(
            interpolate("Bearer {{ secret.loop_api_key }}", &request),
            "Bearer {{secret.loop_api_key}}"
        );
        assert_eq!(
            interpolate_url("https://x.y/?k={{secret.k}}", &request),
            "https://x.y/?k={{secret.k}}"
        );
        let data = json!({"secret": {"k": "from the data"}});
        let s = Scope { data: &data, purpose: Purpose::Request, ..scope(&f) };
        assert_eq!(
            interpolate("{{secret.k}}", &s),
            "{{secret.k}}",
            "the data cannot fill a secret in"
        );
        for purpose in [Purpose::Title, Purpose::CustomLink] {
            let shown = Scope { data: &data, purpose, ..scope(&f) };
            assert_eq!(
                interpolate("[{{secret.k}}]", &shown),
                "[]",
                "never shown, never the data's"
            );
        }
        assert_eq!(interpolate("{{secret.}}{{secret.a b}}", &request), "", "not a secret name");
    }

    #[test]
    fn secret_names_are_those_the_template_text_writes() {
        assert_eq!(
            secret_names("{{ secret.a }}:{{customer.name}}{{{secret.b}}} {{secret.a}}"),
            vec!["a", "b", "a"]
        );
        assert!(secret_names("{{secret.}} {{secret.a b}} secret.c {{ticket.id}}").is_empty());
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
            variables_in(
                r#"{{ ticket.id }} {{name|fallback("x")}} {{name}} {{ }} {{ orders[0].id }} {{unclosed"#
            ),
            vec!["ticket.id", "name", "orders[0].id"]
        );
        assert!(variables_in("no variables").is_empty());
    }
}
