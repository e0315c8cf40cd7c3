//! Template warnings for the playground: the template walked over sample data as the renderer
//! walks it, each warning pointing at its place (`widgets[0].widgets[3]`).
use crate::engine::format::truncate_chars;
use crate::engine::layout::{card_renders, custom_actions_show, list_array};
use crate::engine::path::{lookup, select_path};
use crate::engine::safety::{safe_color, safe_http_url, safe_link_url};
use crate::engine::vars::resolve_url;
use crate::engine::vars::{interpolate, variables_in, Purpose, Scope};
use crate::model::template::MAX_TEMPLATE_DEPTH;
use crate::model::{FieldType, Json, Node, NodeKind, Problem};

/// Variables custom actions always have.
const ACTION_VARS: [&str; 3] = ["$listIndex", "$integrationId", "$appId"];

/// Warnings for `template` over the sample `data`, with `context_globals` such as
/// `[("ticket", &ticket), ("customer", &customer), ("current_user", &user)]`.
pub fn lint(template: &Node, data: &Json, context_globals: &[(&str, &Json)]) -> Vec<Problem> {
    let mut l = Linter { globals: context_globals, out: Vec::new() };
    l.node(template, Some(data), true, 0);
    l.out
}

struct Linter<'a> {
    globals: &'a [(&'a str, &'a Json)],
    out: Vec<Problem>,
}

/// `a.b[0]` -> `a`.
fn first_segment(path: &str) -> &str {
    path.split(['.', '[']).next().unwrap_or("").trim()
}

/// At most 80 characters of a value for a message.
fn short(s: &str) -> String {
    truncate_chars(s, 80).0
}

impl<'a> Linter<'a> {
    fn warn(&mut self, n: &Node, message: String) {
        self.out.push(Problem { place: n.place.clone(), message });
    }

    /// `parent` is None when the parent's own data is missing from the sample (no cascades).
    fn node(&mut self, n: &Node, parent: Option<&Json>, root: bool, depth: usize) {
        if depth > MAX_TEMPLATE_DEPTH {
            return;
        }
        let data = match n.kind {
            // A wrapper renders its children over its parent's data, whatever its path.
            NodeKind::Wrapper => parent,
            _ => parent.and_then(|p| {
                let found = select_path(p, &n.path);
                if found.is_none() {
                    self.warn(n, format!("path \"{}\" finds nothing in the sample data", n.path));
                }
                found
            }),
        };
        let (allowed, what): (&[&str], &str) = match &n.kind {
            NodeKind::Wrapper => (&["color", "custom"], "the wrapper"),
            NodeKind::Card => {
                (&["link", "displayCard", "pictureUrl", "color", "custom", "limit"], "a card")
            }
            NodeKind::List => (&["limit", "orderBy", "hideIfEmpty"], "a list"),
            NodeKind::Field(_) => (&["limit", "hideIfEmpty"], "a field"),
        };
        if let NodeKind::Field(FieldType::Unknown(t)) = &n.kind {
            self.warn(n, format!("unknown type \"{t}\": shown as text"));
        }
        for key in n
            .meta
            .raw
            .as_object()
            .into_iter()
            .flat_map(|o| o.keys())
            .filter(|k| *k != "custom" && !allowed.contains(k))
        {
            self.warn(n, format!("meta \"{key}\" means nothing on {what}"));
        }
        // Where they would show with a header: displayCard false is its own warning (see `card`).
        let custom_shows = custom_actions_show(n, root) || (root && n.kind == NodeKind::Card);
        if n.meta.raw.get("custom").is_some_and(|c| !c.is_null()) && !custom_shows {
            self.warn(n, "custom actions here never show: only root cards show them".into());
        }
        if matches!(n.kind, NodeKind::Wrapper | NodeKind::Card) {
            match n.meta.raw.get("color") {
                Some(Json::String(c)) if !c.trim().is_empty() && safe_color(c).is_none() => {
                    self.warn(
                        n,
                        format!("refused colour \"{}\": use #rgb, #rrggbb, rgb(), hsl() or a colour name", short(c)),
                    );
                }
                Some(c) if !c.is_null() && c.as_str().is_none() => {
                    self.warn(
                        n,
                        format!("refused colour {}: a colour is a string", short(&c.to_string())),
                    );
                }
                _ => {}
            }
        }
        match &n.kind {
            NodeKind::Wrapper => {
                if let Some(d) = data {
                    self.custom(n, d);
                }
                for child in &n.widgets {
                    self.node(child, data, true, depth + 1);
                }
            }
            NodeKind::Card => {
                if let Some(d) = data.filter(|d| !d.is_null() && !d.is_object()) {
                    self.warn(
                        n,
                        format!(
                            "card data is {}, not an object: the card shows nothing",
                            d.kind_name()
                        ),
                    );
                }
                let data = data.filter(|d| card_renders(Some(d)));
                if let Some(d) = data {
                    self.card(n, d, root);
                }
                for child in &n.widgets {
                    self.node(child, data, false, depth + 1);
                }
            }
            NodeKind::List => {
                if let Some(d) = data.filter(|d| !d.is_null() && d.as_array().is_none()) {
                    self.warn(
                        n,
                        format!(
                            "list data is {}, not an array: the list shows nothing",
                            d.kind_name()
                        ),
                    );
                }
                let first = list_array(data).and_then(|items| items.first());
                for (i, child) in n.widgets.iter().enumerate() {
                    if i == 0 {
                        self.node(child, first, root, depth + 1);
                    } else {
                        self.warn(child, "only the first child of a list is rendered".into());
                    }
                }
            }
            NodeKind::Field(_) => {}
        }
    }

    /// The title, link and icon of a card over its (non-empty object) data, and a root card's custom actions.
    fn card(&mut self, n: &Node, data: &Json, root: bool) {
        if let Some(title) = &n.title {
            self.vars(n, "the title", title, data, false);
        }
        if let Some(link) = &n.meta.link {
            self.vars(n, "meta.link", link, data, false);
            self.url(n, "meta.link", &interpolate(link, &self.scope(data, false)), false);
        }
        if let Some(icon) = &n.meta.picture_url {
            self.url(n, "meta.pictureUrl", icon, true);
        }
        if !root {
            return;
        }
        if n.meta.has_custom_actions() && !custom_actions_show(n, root) {
            self.warn(
                n,
                "custom actions never show: meta.displayCard false hides the header".into(),
            );
        }
        self.custom(n, data);
    }

    /// Custom links and buttons, checked only where they show (wrapper, root cards).
    fn custom(&mut self, n: &Node, data: &Json) {
        for (i, link) in n.meta.custom_links.iter().enumerate() {
            let what = format!("custom link {}", i + 1);
            self.vars(n, &format!("{what} label"), &link.label, data, true);
            self.vars(n, &format!("{what} URL"), &link.url, data, true);
            let url = interpolate(&link.url, &self.scope(data, true));
            if url.trim().is_empty() {
                self.warn(n, format!("{what} has no URL"));
            } else {
                self.url(n, &what, &url, false);
            }
        }
        for (i, parsed) in n.meta.custom_buttons.iter().enumerate() {
            let what = format!("button {}", i + 1);
            match parsed {
                Err(why) => self.warn(n, format!("{what} is unusable: {why}")),
                Ok(b) => {
                    self.vars(n, &format!("{what} label"), &b.label, data, true);
                    self.vars(n, &format!("{what} URL"), &b.action.url, data, true);
                    self.url(n, &what, &resolve_url(&b.action.url, &self.scope(data, true)), true);
                }
            }
        }
    }

    fn scope<'s>(&self, data: &'s Json, action: bool) -> Scope<'s>
    where
        'a: 's,
    {
        let mut globals = self.globals.to_vec();
        if action {
            globals.extend(ACTION_VARS.iter().map(|name| (*name, &ACTION_VALUE)));
        }
        Scope {
            data,
            globals,
            purpose: if action { Purpose::Request } else { Purpose::Title },
            tz_offset_minutes: 0,
        }
    }

    /// Each `{{variable}}` of `text` that finds nothing in the data nor in the globals.
    fn vars(&mut self, n: &Node, what: &str, text: &str, data: &Json, action: bool) {
        for var in variables_in(text) {
            let first = first_segment(&var);
            if action && ACTION_VARS.contains(&first) {
                continue;
            }
            let in_global = || {
                let (_, global) = self.globals.iter().find(|(name, _)| *name == first)?;
                let rest = var.trim().get(first.len()..)?;
                lookup(global, rest.strip_prefix('.').unwrap_or(rest))
            };
            if lookup(data, &var).is_none() && in_global().is_none() {
                self.warn(n, format!("variable {{{{{var}}}}} in {what} resolves to nothing"));
            }
        }
    }

    /// A resolved URL that is not allowed: http(s) only for requests and icons, also mailto for links.
    fn url(&mut self, n: &Node, what: &str, url: &str, http_only: bool) {
        if url.trim().is_empty() {
            return;
        }
        let (ok, allowed) = if http_only {
            (safe_http_url(url).is_some(), "http or https")
        } else {
            (safe_link_url(url).is_some(), "http, https or mailto")
        };
        if !ok {
            self.warn(
                n,
                format!("refused URL \"{}\" in {what}: only {allowed} is allowed", short(url)),
            );
        }
    }
}

/// Stands for `$listIndex`, `$integrationId` and `$appId` when URLs are resolved for checking.
static ACTION_VALUE: Json = Json::Null;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j as json;

    use crate::model::template::test_node as node;

    fn run(template: Json, data: Json) -> Vec<(String, String)> {
        let ticket = json!({"id": 7, "customer": {"email": "a@b.co"}});
        lint(&node(template), &data, &[("ticket", &ticket)])
            .into_iter()
            .map(|w| (w.place, w.message))
            .collect()
    }

    fn w(place: &str, message: &str) -> (String, String) {
        (place.to_string(), message.to_string())
    }

    fn wrap(widgets: Json) -> Json {
        json!({"type": "wrapper", "widgets": widgets})
    }

    #[test]
    fn unknown_types_and_missing_paths() {
        let t = wrap(json!([{"type": "card", "widgets": [
            {"type": "text", "path": "name"}, {"type": "date", "path": "a.b"}, {"type": "number", "path": "n"},
            {"type": "hologram", "path": "foo"}, {"path": "n"}, {"type": "text", "path": "gone.deeper"},
            {"type": "card", "path": "missing", "widgets": [{"type": "text", "path": "x"}]}
        ]}]));
        assert_eq!(
            run(t, json!({"name": "Ada", "a": {"b": "2024-01-01"}, "n": 1})),
            [
                w("widgets[0].widgets[2]", "unknown type \"number\": shown as text"),
                w("widgets[0].widgets[3]", "path \"foo\" finds nothing in the sample data"),
                w("widgets[0].widgets[3]", "unknown type \"hologram\": shown as text"),
                w("widgets[0].widgets[5]", "path \"gone.deeper\" finds nothing in the sample data"),
                w("widgets[0].widgets[6]", "path \"missing\" finds nothing in the sample data"),
            ],
            "no cascade below a missing card, and a missing type is guessed"
        );
    }

    #[test]
    fn lists_check_their_first_item_and_only_their_first_child() {
        let t = wrap(json!([{"type": "list", "path": "orders", "widgets": [
            {"type": "card", "title": "Order {{id}} {{nope}}", "widgets": [{"type": "text", "path": "id"}, {"type": "text", "path": "late"}]},
            {"type": "text", "path": "id"}
        ]}, {"type": "list", "path": "profile", "widgets": [{"type": "text"}]},
           {"type": "list", "path": "none", "widgets": [{"type": "text", "path": "x"}]}]));
        let data = json!({"orders": [{"id": 1}, {"id": 2, "late": true}], "profile": {"a": 1}, "none": []});
        assert_eq!(
            run(t, data),
            [
                w("widgets[0].widgets[0]", "variable {{nope}} in the title resolves to nothing"),
                w(
                    "widgets[0].widgets[0].widgets[1]",
                    "path \"late\" finds nothing in the sample data"
                ),
                w("widgets[0].widgets[1]", "only the first child of a list is rendered"),
                w("widgets[1]", "list data is an object, not an array: the list shows nothing"),
            ]
        );
    }

    #[test]
    fn title_and_link_variables_see_the_data_then_the_context() {
        let t = wrap(
            json!([{"type": "card", "path": "c", "title": "{{name}} {{ticket.id}} {{ticket.nope}} {{other.x}} {{a.b[0]}}",
            "meta": {"link": "https://x.test/{{id}}/{{missing}}"}, "widgets": []}]),
        );
        assert_eq!(
            run(t, json!({"c": {"name": "n", "id": 1, "a": {"b": [null]}}})),
            [
                w("widgets[0]", "variable {{ticket.nope}} in the title resolves to nothing"),
                w("widgets[0]", "variable {{other.x}} in the title resolves to nothing"),
                w("widgets[0]", "variable {{missing}} in meta.link resolves to nothing"),
            ]
        );
    }

    #[test]
    fn refused_urls_and_colours() {
        let t = wrap(json!([{"type": "card", "title": "T", "meta": {
            "link": "{{js}}", "pictureUrl": "data:image/png;base64,AAAA", "color": "red;background:url(x)",
            "custom": {"links": [{"label": "Mail", "url": "mailto:{{email}}"}, {"label": "Bad", "url": "javascript:alert({{$listIndex}})"}],
                       "buttons": [{"label": "Go", "action": {"method": "POST", "url": "ftp://x/{{id}}"}}, {"label": "Broken"}]}
        }, "widgets": [{"type": "card", "path": "sub", "meta": {"color": "#abc"}, "widgets": []}]}]));
        let t = json!({"type": "wrapper", "meta": {"color": 5}, "widgets": t["widgets"]});
        assert_eq!(
            run(t, json!({"js": "javascript:alert(1)", "email": "a@b.co", "id": 3, "sub": {"k": 1}})),
            [
                w("", "refused colour 5: a colour is a string"),
                w("widgets[0]", "refused colour \"red;background:url(x)\": use #rgb, #rrggbb, rgb(), hsl() or a colour name"),
                w("widgets[0]", "refused URL \"javascript:alert(1)\" in meta.link: only http, https or mailto is allowed"),
                w("widgets[0]", "refused URL \"data:image/png;base64,AAAA\" in meta.pictureUrl: only http or https is allowed"),
                w("widgets[0]", "refused URL \"javascript:alert()\" in custom link 2: only http, https or mailto is allowed"),
                w("widgets[0]", "refused URL \"ftp://x/3\" in button 1: only http or https is allowed"),
                w("widgets[0]", "button 2 is unusable: button \"Broken\": \"action\" must be an object {method, url, ...}, not null"),
            ]
        );
    }

    #[test]
    fn custom_action_variables_and_where_they_show() {
        let custom = json!({"links": [{"label": "{{name}} #{{$listIndex}}", "url": "https://x.test/{{$integrationId}}/{{ticket.customer.email}}/{{oops}}"}],
                            "buttons": [{"label": "Refund {{amount}}", "action": {"url": "https://x.test/{{$appId}}"}}]});
        let t = json!({"type": "wrapper", "meta": {"custom": custom}, "widgets": [
            {"type": "list", "path": "items", "widgets": [{"type": "card", "meta": {"custom": custom}, "widgets": [
                {"type": "card", "path": "deep", "meta": {"custom": custom}},
                {"type": "list", "path": "subs", "widgets": [{"type": "card", "meta": {"custom": {}}}]},
                {"type": "text", "path": "name", "meta": {"custom": custom}}
            ]}]},
            {"type": "card", "meta": {"custom": custom, "displayCard": false}}
        ]});
        let data = json!({"name": "Ada", "items": [{"name": "I", "amount": 1, "deep": {"a": 1}, "subs": [{"a": 1}]}]});
        assert_eq!(
            run(t, data),
            [
                w("", "variable {{oops}} in custom link 1 URL resolves to nothing"),
                w("", "variable {{amount}} in button 1 label resolves to nothing"),
                w(
                    "widgets[0].widgets[0]",
                    "variable {{oops}} in custom link 1 URL resolves to nothing"
                ),
                w(
                    "widgets[0].widgets[0].widgets[0]",
                    "custom actions here never show: only root cards show them"
                ),
                w(
                    "widgets[0].widgets[0].widgets[1].widgets[0]",
                    "custom actions here never show: only root cards show them"
                ),
                w(
                    "widgets[0].widgets[0].widgets[2]",
                    "custom actions here never show: only root cards show them"
                ),
                w(
                    "widgets[1]",
                    "custom actions never show: meta.displayCard false hides the header"
                ),
                w("widgets[1]", "variable {{oops}} in custom link 1 URL resolves to nothing"),
                w("widgets[1]", "variable {{amount}} in button 1 label resolves to nothing"),
            ]
        );
    }

    #[test]
    fn meta_keys_that_mean_nothing() {
        let t = json!({"type": "wrapper", "meta": {"color": "teal", "limit": 2}, "widgets": [
            {"type": "card", "meta": {"link": "https://x.test", "displayCard": true, "pictureUrl": "https://x.test/i.png", "color": "#fff", "limit": 9, "orderBy": "x"}, "widgets": [
                {"type": "list", "path": "l", "meta": {"limit": 1, "orderBy": "-a", "hideIfEmpty": true, "color": "red", "link": "x"}, "widgets": [{"type": "text"}]},
                {"type": "text", "path": "t", "meta": {"limit": 3, "hideIfEmpty": true, "displayCard": false, "tooltip": "?"}}
            ]}
        ]});
        assert_eq!(
            run(t, json!({"l": ["a"], "t": "x"})),
            [
                w("", "meta \"limit\" means nothing on the wrapper"),
                w("widgets[0]", "meta \"orderBy\" means nothing on a card"),
                w("widgets[0].widgets[0]", "meta \"color\" means nothing on a list"),
                w("widgets[0].widgets[0]", "meta \"link\" means nothing on a list"),
                w("widgets[0].widgets[1]", "meta \"displayCard\" means nothing on a field"),
                w("widgets[0].widgets[1]", "meta \"tooltip\" means nothing on a field"),
            ]
        );
    }

    #[test]
    fn cards_over_non_objects_and_missing_parents_do_not_cascade() {
        let t = wrap(
            json!([{"type": "card", "path": "s", "title": "{{x}}", "widgets": [{"type": "text", "path": "y"}]},
                            {"type": "card", "path": "n", "title": "{{x}}", "widgets": [{"type": "text", "path": "y"}]},
                            {"type": "card", "path": "e", "title": "{{x}}", "widgets": [{"type": "text", "path": "y"}]}]),
        );
        assert_eq!(
            run(t, json!({"s": "str", "n": null, "e": {}})),
            [w("widgets[0]", "card data is a string, not an object: the card shows nothing")]
        );
        assert_eq!(run(wrap(json!([{"type": "text", "path": "a"}])), json!(null)), []);
    }

    #[test]
    fn the_loop_returns_template_is_clean_over_its_demo_data() {
        let demo = Json::parse(include_str!("../../demo/loop-returns.json")).unwrap();
        let template = node(demo["widgets"][0]["template"].clone());
        let c = &demo["context"];
        let globals = [
            ("ticket", &c["ticket"]),
            ("customer", &c["customer"]),
            ("current_user", &c["current_user"]),
        ];
        assert_eq!(lint(&template, &demo["data"]["123"], &globals), []);
        // Over other data, its paths are reported where they stand.
        let warnings =
            lint(&template, &json!({"status": "ok", "data": [{"id": 1, "state": "x"}]}), &globals);
        assert_eq!(warnings.len(), 21, "{warnings:#?}");
        assert_eq!(warnings[0].place, "widgets[0].widgets[1].widgets[0]");
        assert_eq!(warnings[0].message, "variable {{order_name}} in the title resolves to nothing");
    }
}
