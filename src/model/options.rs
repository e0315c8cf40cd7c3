//! The options of `SidebarWidgets.mount(element, options)` and of `handle.update(partial)`.
//!
//! The JS API reads each part on its own ([`RawOptions`]): one unreadable part (a cycle, a
//! `Symbol`, a getter that throws, nesting deeper than the limit) is reported in its own place and
//! the rest is shown.

use super::context::Context;
use super::integration::Integration;
use super::json::Json;
use super::widget::{Page, Widget};

/// At most this many widgets are read; past it, one message says how many were dropped.
pub const MAX_WIDGETS: usize = 100;
/// A sidebar reads at most this many integrations; the others are reported, not read.
pub const MAX_INTEGRATIONS: usize = 100;

/// Colour scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    Light,
    Dark,
    /// Follows `prefers-color-scheme`.
    #[default]
    Auto,
}

impl Theme {
    pub fn from_name(name: &str) -> Theme {
        match name {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// One part of the options as it reached us: JSON, or why it could not be read.
pub type Part = Result<Json, String>;

/// The options as the JS API read them, part by part. `None`: not given (kept as it was).
#[derive(Clone, Debug, Default)]
pub struct RawOptions {
    /// Each widget on its own.
    pub widgets: Option<Vec<Part>>,
    /// How many widgets past [`MAX_WIDGETS`] were not read.
    pub widgets_dropped: usize,
    pub integrations: Option<Vec<Part>>,
    /// How many integrations past [`MAX_INTEGRATIONS`] were not read.
    pub integrations_dropped: usize,
    /// Each integration's data on its own; `Some(empty)` when `data` is null.
    pub data: Option<Vec<(String, Part)>>,
    pub context: Option<Part>,
    pub view: Option<Json>,
    pub theme: Option<Json>,
    /// `proxy`, or its older name `actionProxy`.
    pub proxy: Option<Json>,
    pub proxy_token: Option<Json>,
    pub action_timeout: Option<Json>,
    pub locale: Option<Json>,
    pub messages: Option<Part>,
    /// Options given in a shape that cannot be read (`"widgets": 5`), in their place.
    pub problems: Vec<Problem>,
}

/// Why an option of the wrong kind is not read: the same words whichever way the options came
/// (JSON text, a JS object, the component's props).
pub fn wrong_kind(expected: &str, given: &str) -> String {
    format!("it must be {expected}, not {given}")
}

/// A list option (`widgets`, `integrations`): each item on its own, at most `max`, and how many
/// were left; or why it is not a list.
pub fn list_parts(v: &Json, max: usize) -> Result<(Vec<Part>, usize), String> {
    match v {
        Json::Array(list) => {
            Ok((list.iter().take(max).cloned().map(Ok).collect(), list.len().saturating_sub(max)))
        }
        other => Err(wrong_kind("an array", other.kind_name())),
    }
}

impl RawOptions {
    /// The parts of a whole options object given as JSON (JSON text given to `mount`, tests):
    /// each key read by [`RawOptions::read_key`].
    pub fn from_json(v: &Json) -> RawOptions {
        let mut raw = RawOptions::default();
        for key in KEYS {
            if let Some(value) = v.get(key) {
                raw.read_key(key, value);
            }
        }
        if raw.proxy.is_none() {
            if let Some(older) = v.get("actionProxy") {
                raw.read_key("proxy", older);
            }
        }
        raw
    }

    /// Reads one option given as JSON (a key of JSON text, or a prop of the Leptos component):
    /// the one reader of each key's shape; a value of the wrong kind is a problem in its place.
    pub fn read_key(&mut self, key: &str, v: &Json) {
        let mut refuse = |why: String| {
            self.problems
                .push(Problem { place: key.into(), message: format!("could not be read: {why}") })
        };
        match key {
            "widgets" => match list_parts(v, MAX_WIDGETS) {
                Ok((parts, dropped)) => {
                    self.widgets = Some(parts);
                    self.widgets_dropped = dropped;
                }
                Err(why) => refuse(why),
            },
            "integrations" => match list_parts(v, MAX_INTEGRATIONS) {
                Ok((parts, dropped)) => {
                    self.integrations = Some(parts);
                    self.integrations_dropped = dropped;
                }
                Err(why) => refuse(why),
            },
            "data" => match v {
                Json::Object(o) => {
                    self.data =
                        Some(o.iter().map(|(k, d)| (k.to_string(), Ok(d.clone()))).collect())
                }
                Json::Null => self.data = Some(Vec::new()),
                other => refuse(wrong_kind("an object", other.kind_name())),
            },
            "context" => self.context = Some(Ok(v.clone())),
            "messages" => self.messages = Some(Ok(v.clone())),
            "view" => self.view = Some(v.clone()),
            "theme" => self.theme = Some(v.clone()),
            "proxy" | "actionProxy" => self.proxy = Some(v.clone()),
            "proxyToken" => self.proxy_token = Some(v.clone()),
            "actionTimeout" => self.action_timeout = Some(v.clone()),
            "locale" => self.locale = Some(v.clone()),
            _ => {}
        }
    }
}

/// The keys of the options, in the order they are read (`actionProxy`, the older name of `proxy`,
/// is read only when `proxy` is not given).
pub const KEYS: [&str; 11] = [
    "widgets",
    "integrations",
    "data",
    "context",
    "messages",
    "view",
    "theme",
    "proxy",
    "proxyToken",
    "actionTimeout",
    "locale",
];

pub use super::problem::Problem;

/// What an update changes. `None` keeps what was there.
#[derive(Clone, Debug, Default)]
pub struct OptionsPatch {
    pub widgets: Option<Vec<Widget>>,
    pub integrations: Option<Vec<Integration>>,
    /// Each integration's data, or why it could not be read (shown in its widgets' place).
    pub data: Option<Vec<(String, Part)>>,
    pub context: Option<Context>,
    pub page: Option<Page>,
    pub theme: Option<Theme>,
    pub proxy: Option<Option<String>>,
    pub proxy_token: Option<Option<String>>,
    /// (ext) `actionTimeout`: milliseconds before a custom action or an integration request is
    /// aborted (default 30 s).
    pub timeout_ms: Option<u32>,
    pub locale: Option<Option<String>>,
    /// Overrides of the sidebar's own words, by message key.
    pub messages: Option<Vec<(String, String)>>,
    /// What the sidebar shows above the widgets: parts that could not be read.
    pub problems: Vec<Problem>,
}

/// A non-empty trimmed string; anything else is "none".
fn text_setting(v: &Json) -> Option<String> {
    v.as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// `tag` as `Intl` is given it (trimmed, `_` read as `-`), when it has a language tag's shape.
pub fn usable_tag(tag: &str) -> Option<String> {
    let tag = tag.trim().replace('_', "-");
    is_language_tag(&tag).then_some(tag)
}

/// What the sidebar says of a `locale` it cannot format with (place: `locale`).
pub fn refused_locale(tag: &str) -> String {
    let shown: String = tag.chars().take(60).collect();
    // Quoted by hand: `{:?}` would bring the whole Debug machinery for str into the bundle.
    format!("\"{shown}\" is not a language tag the browser can format with; English is used")
}

/// Longer tags are refused: no real one comes near.
const MAX_TAG_LEN: usize = 100;

/// ECMA-402's "structurally valid language tag" (a Unicode BCP 47 locale identifier): a language
/// of 2-3 or 5-8 letters (so neither `root` nor a grandfathered `zh-min-nan`), an optional script,
/// an optional region, variants without repeats, then extensions (a singleton other than `x`,
/// used once, with at least one subtag) and a private-use part (`x-...`) last. `Intl` checks the
/// extensions' insides further; a tag this accepts is still checked by the browser.
fn is_language_tag(tag: &str) -> bool {
    fn of(p: &str, lens: std::ops::RangeInclusive<usize>, ok: fn(&u8) -> bool) -> bool {
        lens.contains(&p.len()) && p.bytes().all(|b| ok(&b))
    }
    let alpha = |p: &str, lens| of(p, lens, u8::is_ascii_alphabetic);
    let alnum = |p: &str, lens| of(p, lens, u8::is_ascii_alphanumeric);
    let variant = |p: &str| {
        alnum(p, 5..=8) || (alnum(p, 4..=4) && p.bytes().next().is_some_and(|b| b.is_ascii_digit()))
    };
    if tag.len() > MAX_TAG_LEN {
        return false;
    }
    let lower = tag.to_ascii_lowercase();
    let mut parts = lower.split('-').peekable();
    if !parts.next().is_some_and(|p| alpha(p, 2..=3) || alpha(p, 5..=8)) {
        return false;
    }
    parts.next_if(|p| alpha(p, 4..=4));
    parts.next_if(|p| alpha(p, 2..=2) || of(p, 3..=3, u8::is_ascii_digit));
    let mut variants = Vec::new();
    while let Some(v) = parts.next_if(|p| variant(p)) {
        if variants.contains(&v) {
            return false;
        }
        variants.push(v);
    }
    let mut singletons = Vec::new();
    while let Some(s) = parts.next() {
        if !alnum(s, 1..=1) || singletons.contains(&s) {
            return false;
        }
        if s == "x" {
            let mut any = false;
            for p in parts.by_ref() {
                if !alnum(p, 1..=8) {
                    return false;
                }
                any = true;
            }
            return any;
        }
        singletons.push(s);
        let mut any = false;
        while parts.next_if(|p| alnum(p, 2..=8)).is_some() {
            any = true;
        }
        if !any {
            return false;
        }
    }
    true
}

impl OptionsPatch {
    pub fn read(mut raw: RawOptions) -> OptionsPatch {
        let mut problems = std::mem::take(&mut raw.problems);
        let widgets = raw.widgets.map(|list| {
            let widgets: Vec<Widget> = list
                .iter()
                .enumerate()
                .map(|(i, part)| match part {
                    Ok(v) => Widget::from_json(v, i),
                    Err(why) => Widget::refused(i, format!("the widget could not be read: {why}")),
                })
                .collect();
            if raw.widgets_dropped > 0 {
                let shown = widgets.len();
                problems.push(Problem {
                    place: "widgets".into(),
                    message: format!(
                        "{} widgets were not shown: a sidebar shows at most {MAX_WIDGETS}, the first {shown}",
                        raw.widgets_dropped
                    ),
                });
            }
            widgets
        });
        if raw.integrations_dropped > 0 {
            problems.push(Problem {
                place: "integrations".into(),
                message: format!(
                    "integrations past the first {MAX_INTEGRATIONS} were not read ({} of them): a sidebar reads at most {MAX_INTEGRATIONS}, and the widgets of the others show nothing",
                    raw.integrations_dropped
                ),
            });
        }
        let integrations = raw.integrations.map(|list| {
            list.iter()
                .enumerate()
                .filter_map(|(i, part)| match part {
                    Ok(v) => Integration::from_json(v),
                    Err(why) => {
                        problems.push(Problem {
                            place: format!("integrations[{i}]"),
                            message: format!("the integration could not be read: {why}"),
                        });
                        None
                    }
                })
                .collect()
        });
        let context = raw.context.map(|part| match part {
            Ok(v) => Context::from_json(&v),
            Err(why) => {
                problems.push(Problem {
                    place: "context".into(),
                    message: format!(
                        "the context could not be read ({why}): widgets are shown without it"
                    ),
                });
                Context::default()
            }
        });
        let messages = raw.messages.map(|part| match part {
            Ok(Json::Object(o)) => o
                .iter()
                .filter_map(|(k, v)| Some((k.to_string(), v.as_str()?.to_string())))
                .collect(),
            Ok(_) => Vec::new(),
            Err(why) => {
                problems.push(Problem {
                    place: "messages".into(),
                    message: format!("could not be read: {why}"),
                });
                Vec::new()
            }
        });
        OptionsPatch {
            widgets,
            integrations,
            data: raw.data,
            context,
            page: raw.view.as_ref().and_then(Json::as_str).and_then(Page::from_name),
            theme: raw.theme.as_ref().and_then(Json::as_str).map(Theme::from_name),
            proxy: raw.proxy.as_ref().map(text_setting),
            proxy_token: raw.proxy_token.as_ref().map(text_setting),
            timeout_ms: raw
                .action_timeout
                .as_ref()
                .and_then(Json::as_f64)
                .filter(|ms| *ms >= 1.0)
                .map(|ms| ms.min(600_000.0) as u32),
            locale: raw.locale.as_ref().map(text_setting).map(|tag| {
                tag.map(|tag| {
                    usable_tag(&tag).unwrap_or_else(|| {
                        problems.push(Problem {
                            place: "locale".into(),
                            message: refused_locale(&tag),
                        });
                        "en".into()
                    })
                })
            }),
            messages,
            problems,
        }
    }

    /// Every problem `mount` would show: the options' own, then each refused widget's, with its
    /// place (`widgets[0].widgets[3]`). What `SidebarWidgets.checkOptions` returns.
    pub fn all_problems(&self) -> Vec<Problem> {
        let mut out = self.problems.clone();
        for (i, w) in self.widgets.iter().flatten().enumerate() {
            if let Err(e) = &w.template {
                let place = if e.place.is_empty() {
                    format!("widgets[{i}]")
                } else {
                    format!("widgets[{i}].{}", e.place)
                };
                out.push(Problem { place, message: e.message.clone() });
            }
        }
        for (id, part) in self.data.iter().flatten() {
            if let Err(why) = part {
                out.push(Problem {
                    place: format!("data.{id}"),
                    message: format!("could not be read: {why}"),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j as json;

    fn read(v: Json) -> OptionsPatch {
        OptionsPatch::read(RawOptions::from_json(&v))
    }

    #[test]
    fn one_bad_widget_does_not_take_the_others() {
        let patch = read(json!({"widgets": [
            {"id": 1, "template": {"type": "wrapper", "widgets": 5}},
            {"id": 2, "template": {"type": "wrapper"}},
            7
        ], "data": {"1": {"a": 1}}, "theme": "dark", "view": "user"}));
        let widgets = patch.widgets.clone().unwrap_or_default();
        assert_eq!(widgets.len(), 3);
        assert!(widgets[0].template.is_err());
        assert!(widgets[1].template.is_ok());
        assert!(widgets[2].template.is_err());
        assert_eq!(patch.theme, Some(Theme::Dark));
        assert_eq!(patch.page, Some(Page::Customer), "user is the old name of customer");
        let problems = patch.all_problems();
        assert_eq!(problems.len(), 2);
        // The place from the options' root: the template's own problem, under `template`.
        assert_eq!(problems[0].place, "widgets[0].template");
        assert!(problems[0].message.contains("\"widgets\" must be an array"), "{problems:?}");
        assert_eq!(problems[1].place, "widgets[2]");
    }

    #[test]
    fn unreadable_parts_are_problems_in_their_place() {
        let raw = RawOptions {
            widgets: Some(vec![
                Err("it is not a JSON value (a Symbol or a function)".into()),
                Ok(json!({"template": {}})),
            ]),
            context: Some(Err("nested too deeply".into())),
            data: Some(vec![("7".into(), Err("a cycle".into()))]),
            ..RawOptions::default()
        };
        let patch = OptionsPatch::read(raw);
        assert_eq!(patch.context, Some(Context::default()), "the rest renders without the context");
        let places: Vec<String> = patch.all_problems().into_iter().map(|p| p.place).collect();
        assert_eq!(places, ["context", "widgets[0]", "data.7"]);
    }

    #[test]
    fn too_many_widgets_are_dropped_with_one_message() {
        let many: Vec<serde_json::Value> = (0..100_000).map(|_| serde_json::Value::Null).collect();
        let patch = read(Json::from(serde_json::json!({ "widgets": many })));
        assert_eq!(patch.widgets.as_ref().map(Vec::len), Some(MAX_WIDGETS));
        assert_eq!(patch.problems.len(), 1);
        assert!(
            patch.problems[0].message.starts_with("99900 widgets were not shown"),
            "{:?}",
            patch.problems
        );
    }

    #[test]
    fn options_of_the_wrong_kind_are_reported_in_their_place() {
        let patch =
            read(json!({"widgets": 5, "integrations": "x", "data": 3, "context": {"a": 1}}));
        let found: Vec<(String, String)> =
            patch.all_problems().into_iter().map(|p| (p.place, p.message)).collect();
        assert_eq!(
            found,
            [
                (
                    "widgets".to_string(),
                    "could not be read: it must be an array, not a number".to_string()
                ),
                (
                    "integrations".into(),
                    "could not be read: it must be an array, not a string".into()
                ),
                ("data".into(), "could not be read: it must be an object, not a number".into()),
            ]
        );
        assert!(patch.widgets.is_none() && patch.integrations.is_none() && patch.data.is_none());
        assert!(patch.context.is_some(), "the rest is read");
    }

    /// The mount options stand in six places (the model, the JS API's reader, the Leptos
    /// component's props, the JSON Schema, the TypeScript types generated from it, the embedding
    /// docs): the model's list is the source, and each of the others must name exactly the same
    /// options (every option the model reads is in the schema, every schema option is read).
    #[test]
    fn every_place_that_lists_the_mount_options_lists_the_models() {
        let mut model: Vec<String> = KEYS.iter().map(|k| k.to_string()).collect();
        model.push("actionProxy".into());
        model.sort();
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v.dedup();
            v
        };
        let between = |text: &'static str, start: &str, end: &str| -> &'static str {
            let from = text.find(start).map_or(text.len(), |i| i + start.len());
            let rest = &text[from..];
            &rest[..rest.find(end).unwrap_or(rest.len())]
        };
        // The JSON Schema's `options`.
        let schema = Json::parse(include_str!("../../schema/sidebar-widgets.schema.json")).unwrap();
        let in_schema: Vec<String> = schema["$defs"]["options"]["properties"]
            .as_object()
            .map(|o| o.keys().map(str::to_string).collect())
            .unwrap_or_default();
        assert_eq!(sorted(in_schema), model, "schema $defs.options");
        // The TypeScript `SidebarOptions` (generated from the schema by types/generate.mjs; checked
        // here too, in case it was not regenerated).
        let ts = between(
            include_str!("../../types/sidebar-widgets-schema.d.ts"),
            "interface SidebarOptions {",
            "\n}",
        );
        let in_ts: Vec<String> = ts
            .lines()
            .filter_map(|l| l.trim().split_once("?:").map(|(k, _)| k.to_string()))
            .filter(|k| k.chars().all(|c| c.is_ascii_alphanumeric()))
            .collect();
        assert_eq!(sorted(in_ts), model, "types SidebarOptions");
        // The docs' table of mount options.
        let docs = between(include_str!("../../docs/embedding.md"), "### Mount options", "\n### ");
        let in_docs: Vec<String> = docs
            .lines()
            .filter_map(|l| l.strip_prefix("| `")?.split('`').next().map(str::to_string))
            .collect();
        assert_eq!(sorted(in_docs), model, "docs/embedding.md Mount options");
        // What the JS API reads.
        let api = include_str!("../api.rs");
        let in_api: Vec<String> = ["present(\"", "plain(\""]
            .iter()
            .flat_map(|call| api.split(call).skip(1).filter_map(|r| r.split('"').next()))
            .map(str::to_string)
            .collect();
        assert_eq!(sorted(in_api), model, "api.rs");
        // The Leptos component's props (snake_case; the older name `actionProxy` is not one).
        let props =
            between(include_str!("../ui/component.rs"), "pub fn Sidebar(", ") -> impl IntoView");
        let camel = |snake: &str| {
            let mut out = String::new();
            let mut up = false;
            for c in snake.chars() {
                if c == '_' {
                    up = true;
                } else if up {
                    out.push(c.to_ascii_uppercase());
                    up = false;
                } else {
                    out.push(c);
                }
            }
            out
        };
        let in_props: Vec<String> = props
            .lines()
            .filter_map(|l| {
                let (name, ty) = l.trim().split_once(": ")?;
                (ty.contains("Prop<") || ty.contains("Signal<")).then(|| camel(name))
            })
            .collect();
        let without_older: Vec<String> =
            model.iter().filter(|k| *k != "actionProxy").cloned().collect();
        assert_eq!(sorted(in_props), without_older, "the Leptos component's props");
    }

    #[test]
    fn more_than_100_integrations_are_reported_not_dropped_silently() {
        let many: Vec<serde_json::Value> = (0..130)
            .map(|i| serde_json::json!({"id": i, "name": format!("API {i}"), "http": {"url": "https://x.example"}}))
            .collect();
        let patch = read(Json::from(serde_json::json!({ "integrations": many })));
        assert_eq!(patch.integrations.as_ref().map(Vec::len), Some(MAX_INTEGRATIONS));
        let p = patch.all_problems();
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].place, "integrations");
        assert!(
            p[0].message.starts_with("integrations past the first 100 were not read (30 of them)"),
            "{p:?}"
        );
    }

    #[test]
    fn settings_and_their_older_names() {
        let patch = read(
            json!({"actionProxy": " https://proxy.example/f ", "proxyToken": "t", "actionTimeout": 5000,
            "locale": "fr-CA", "messages": {"retry": "Réessayer", "n": 5}}),
        );
        assert_eq!(patch.proxy, Some(Some("https://proxy.example/f".into())));
        assert_eq!(patch.proxy_token, Some(Some("t".into())));
        assert_eq!(patch.timeout_ms, Some(5000));
        assert_eq!(patch.locale, Some(Some("fr-CA".into())));
        assert_eq!(patch.messages, Some(vec![("retry".into(), "Réessayer".into())]));
        let patch = read(json!({"proxy": "https://a.example", "actionProxy": "https://b.example"}));
        assert_eq!(
            patch.proxy,
            Some(Some("https://a.example".into())),
            "proxy wins over its older name"
        );
        let patch = read(json!({"proxy": null, "actionTimeout": -1}));
        assert_eq!((patch.proxy, patch.timeout_ms), (Some(None), None));
    }

    /// A tag `Intl` would refuse is English, and said so in its place (issue 16).
    #[test]
    fn a_locale_intl_refuses_is_english_and_reported() {
        for bad in ["zh-min-nan", "en-US-US", "root", "abcd", "<b>", "42"] {
            let patch = read(json!({ "locale": bad }));
            assert_eq!(patch.locale, Some(Some("en".into())), "{bad}");
            let message = format!(
                "\"{bad}\" is not a language tag the browser can format with; English is used"
            );
            assert_eq!(patch.problems, vec![Problem { place: "locale".into(), message }], "{bad}");
        }
        let patch = read(json!({ "locale": "es_MX" }));
        assert_eq!((patch.locale, patch.problems), (Some(Some("es-MX".into())), vec![]));
        let long = read(json!({ "locale": "x".repeat(500) }));
        assert!(long.problems.iter().all(|p| p.message.chars().count() < 150), "cut: {long:?}");
    }
}
