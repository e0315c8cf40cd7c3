//! SPEC 8: a default template from sample data, as Gorgias's "generate default widgets".
use crate::engine::date::parse_datetime;
use crate::engine::format::is_email;
use crate::engine::safety::safe_http_url;
use crate::model::Json;
use std::collections::BTreeMap;

/// How deep cards and lists nest; deeper objects and arrays of objects are left out.
const MAX_DEPTH: usize = 8;
/// How many items of an array of objects give the keys of its item card.
const MAX_ITEMS: usize = 20;
/// How many nodes a generated template has at most (well under the parser's limit).
const MAX_NODES: usize = 2_000;

/// A template `{"type": "wrapper", "widgets": [...]}` showing every key of `sample`.
pub fn generate_template(sample: &Json, integration_name: &str) -> Json {
    let mut budget = MAX_NODES;
    let widgets: Vec<Json> = match sample {
        Json::Null => Vec::new(),
        Json::Object(_) => vec![card("", integration_name, &[sample], 0, &mut budget)],
        Json::Array(items) if items.iter().any(Json::is_object) => {
            let items: Vec<&Json> =
                items.iter().filter(|v| v.is_object()).take(MAX_ITEMS).collect();
            vec![list("", integration_name, &items, 0, &mut budget)]
        }
        other => vec![leaf("", integration_name, &[other])],
    };
    node("wrapper", None, None, widgets)
}

/// A template node `{type, title, path, widgets}` (what is `None` or empty is left out).
fn node(kind: &str, title: Option<&str>, path: Option<&str>, widgets: Vec<Json>) -> Json {
    let mut members = vec![("type", Json::from(kind))];
    members.extend(title.map(|t| ("title", Json::from(t))));
    members.extend(path.map(|p| ("path", Json::from(p))));
    if kind == "wrapper" || kind == "card" || kind == "list" {
        members.push(("widgets", Json::from(widgets)));
    }
    Json::object(members)
}

/// `created_at` -> `Created at`, `orderName` / `order-name` -> `Order name`, `orderID` -> `Order ID`;
/// an all-capitals key (`SKU`) stays as it is.
pub fn humanize(key: &str) -> String {
    let key = key.trim();
    if key.chars().any(char::is_alphabetic) && !key.chars().any(char::is_lowercase) {
        return key.to_string();
    }
    let chars: Vec<char> = key.chars().collect();
    let (mut words, mut cur) = (Vec::<String>::new(), String::new());
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '_' | '-' | '.') || c.is_whitespace() {
            words.extend((!cur.is_empty()).then(|| std::mem::take(&mut cur)));
            continue;
        }
        let prev = i.checked_sub(1).and_then(|j| chars.get(j));
        let next = chars.get(i + 1);
        let boundary = c.is_uppercase()
            && (prev.is_some_and(|p| p.is_lowercase() || p.is_numeric())
                || (prev.is_some_and(|p| p.is_uppercase())
                    && next.is_some_and(|n| n.is_lowercase())));
        if boundary && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    words.extend((!cur.is_empty()).then_some(cur));
    let acronym = |w: &str| w.chars().count() > 1 && !w.chars().any(char::is_lowercase);
    let text = words
        .iter()
        .map(|w| if acronym(w) { w.clone() } else { w.to_lowercase() })
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => key.to_string(),
    }
}

fn card(path: &str, title: &str, objects: &[&Json], depth: usize, budget: &mut usize) -> Json {
    *budget = budget.saturating_sub(1);
    node("card", Some(title), Some(path), children(objects, depth, budget))
}

fn list(path: &str, title: &str, items: &[&Json], depth: usize, budget: &mut usize) -> Json {
    *budget = budget.saturating_sub(1);
    node("list", None, Some(path), vec![card("", title, items, depth + 1, budget)])
}

/// A field over the values a key has in the sample (the first non-null one decides its type).
fn leaf(key: &str, title: &str, values: &[&Json]) -> Json {
    node(field_type(key, values), Some(title), Some(key), Vec::new())
}

/// The field type a key's sample values suggest (the first non-null one decides): `age` for a
/// `birthday`, `boolean`, `array`, `email`, `url`, `date` for an ISO date, else `text`.
pub fn field_type(key: &str, values: &[&Json]) -> &'static str {
    match values.iter().find(|v| !v.is_null()) {
        _ if key == "birthday" => "age",
        Some(Json::Bool(_)) => "boolean",
        Some(Json::Array(_)) => "array",
        // The same checks the renderer applies, so a generated type always shows as meant.
        Some(Json::String(s)) if is_email(s.trim()) => "email",
        Some(Json::String(s)) if safe_http_url(s).is_some() => "url",
        Some(Json::String(s)) if is_date(s) => "date",
        _ => "text",
    }
}

/// The node that shows one sample `value` read at `path`, as a generated template would show it:
/// a field typed by [`field_type`] (with `key`, the value's own key), a card with a field for
/// each of an object's keys, or a list with its item card for an array of objects. `title` is
/// the field's, the card's or the item card's. (The editor's: what a value dropped on a card makes.)
#[cfg(any(test, feature = "editor"))]
pub fn node_for_value(path: &str, key: &str, title: &str, value: &Json) -> Json {
    let mut budget = MAX_NODES;
    match (group(&[value]), value) {
        (1, _) => card(path, title, &[value], 0, &mut budget),
        (2, Json::Array(items)) => {
            let items: Vec<&Json> =
                items.iter().filter(|v| v.is_object()).take(MAX_ITEMS).collect();
            list(path, title, &items, 0, &mut budget)
        }
        _ => node(field_type(key, &[value]), Some(title), Some(path), Vec::new()),
    }
}

/// 0: a simple field, 1: an object (a card), 2: an array of objects (a list).
fn group(values: &[&Json]) -> u8 {
    match values.iter().find(|v| !v.is_null()) {
        Some(Json::Object(_)) => 1,
        Some(Json::Array(a)) if a.iter().any(Json::is_object) => 2,
        _ => 0,
    }
}

/// The nodes for the union of the keys of `objects`: simple fields, then cards, then lists, each
/// alphabetically; keys starting with `_` are left out.
fn children(objects: &[&Json], depth: usize, budget: &mut usize) -> Vec<Json> {
    let mut keys: BTreeMap<&str, Vec<&Json>> = BTreeMap::new();
    for map in objects.iter().filter_map(|o| o.as_object()) {
        for (k, v) in map.iter().filter(|(k, _)| !k.starts_with('_')) {
            keys.entry(k).or_default().push(v);
        }
    }
    let mut entries: Vec<(u8, String, &str, Vec<&Json>)> =
        keys.into_iter().map(|(k, vs)| (group(&vs), k.to_lowercase(), k, vs)).collect();
    entries.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    let mut out = Vec::new();
    for (g, _, key, values) in entries {
        if *budget == 0 {
            break;
        }
        match g {
            0 => {
                *budget -= 1;
                out.push(leaf(key, &humanize(key), &values));
            }
            1 if depth < MAX_DEPTH => {
                let objects: Vec<&Json> = values.into_iter().filter(|v| v.is_object()).collect();
                out.push(card(key, &humanize(key), &objects, depth + 1, budget));
            }
            2 if depth < MAX_DEPTH => {
                let items: Vec<&Json> = values
                    .iter()
                    .filter_map(|v| v.as_array())
                    .flatten()
                    .filter(|v| v.is_object())
                    .take(MAX_ITEMS)
                    .collect();
                out.push(list(key, &humanize(key), &items, depth + 1, budget));
            }
            _ => {}
        }
    }
    out
}

/// An ISO-looking date (`YYYY-...`) that parses.
fn is_date(s: &str) -> bool {
    let b = s.trim().as_bytes();
    b.len() >= 5
        && b.iter().take(4).all(u8::is_ascii_digit)
        && b.get(4) == Some(&b'-')
        && parse_datetime(&Json::from(s)).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, NodeKind};
    use serde_json::json;

    fn j(v: serde_json::Value) -> Json {
        Json::from(v)
    }

    fn widgets(v: &Json) -> &[Json] {
        v["widgets"].as_array().unwrap()
    }

    fn summary(nodes: &[Json]) -> Vec<(String, String)> {
        nodes
            .iter()
            .map(|n| {
                (n["type"].as_str().unwrap().to_string(), n["path"].as_str().unwrap().to_string())
            })
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn humanizes_keys() {
        assert_eq!(humanize("created_at"), "Created at");
        assert_eq!(humanize("orderName"), "Order name");
        assert_eq!(humanize("order-name"), "Order name");
        assert_eq!(humanize("SKU"), "SKU");
        assert_eq!(humanize("ORDER_ID"), "ORDER_ID");
        assert_eq!(humanize("orderID"), "Order ID");
        assert_eq!(humanize("HTTPServer"), "HTTP server");
        assert_eq!(humanize("loyalty.points_balance"), "Loyalty points balance");
        assert_eq!(humanize("address2"), "Address2");
        assert_eq!(humanize("__"), "__");
        assert_eq!(humanize(""), "");
        assert_eq!(humanize("état_civil"), "État civil");
    }

    #[test]
    fn an_object_becomes_a_root_card_with_typed_fields() {
        let sample = json!({
            "name": "Ada", "count": 3, "nothing": null, "vip": true, "email": "ada@example.com",
            "site": "https://example.com/x", "ftp": "ftp://example.com", "created_at": "2024-01-02T03:04:05Z",
            "day": "2024-01-02", "phone": "2024-555-0100", "birthday": "1990-05-01", "tags": ["a", "b"],
            "empty_list": [], "_private": "x", "SKU": "S1", "at_sign": "a@b"
        });
        let t = generate_template(&j(sample), "Shop");
        assert_eq!(t["type"].as_str(), Some("wrapper"));
        let root = &widgets(&t)[0];
        assert_eq!(
            (root["type"].as_str(), root["title"].as_str(), root["path"].as_str()),
            (Some("card"), Some("Shop"), Some(""))
        );
        let fields = widgets(root);
        let types: Vec<(&str, &str, &str)> = fields
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap(),
                    f["type"].as_str().unwrap(),
                    f["title"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            types,
            [
                ("at_sign", "text", "At sign"),
                ("birthday", "age", "Birthday"),
                ("count", "text", "Count"),
                ("created_at", "date", "Created at"),
                ("day", "date", "Day"),
                ("email", "email", "Email"),
                ("empty_list", "array", "Empty list"),
                ("ftp", "text", "Ftp"),
                ("name", "text", "Name"),
                ("nothing", "text", "Nothing"),
                ("phone", "text", "Phone"),
                ("site", "url", "Site"),
                ("SKU", "text", "SKU"),
                ("tags", "array", "Tags"),
                ("vip", "boolean", "Vip"),
            ]
        );
    }

    #[test]
    fn fields_then_cards_then_lists_each_alphabetically() {
        let sample = json!({
            "zeta": 1, "orders": [{"id": 1}], "address": {"city": "Paris", "_x": 1}, "Alpha": "a",
            "billing": {"zip": "1"}, "lines": [{"n": 1}], "beta": [1, 2]
        });
        let t = generate_template(&j(sample), "X");
        let root = &widgets(&t)[0];
        assert_eq!(
            summary(widgets(root)),
            pairs(&[
                ("text", "Alpha"),
                ("array", "beta"),
                ("text", "zeta"),
                ("card", "address"),
                ("card", "billing"),
                ("list", "lines"),
                ("list", "orders")
            ])
        );
        let address = &widgets(root)[3];
        assert_eq!(address["title"].as_str(), Some("Address"));
        assert_eq!(summary(widgets(address)), pairs(&[("text", "city")]), "_x is dropped");
        let orders = &widgets(root)[6];
        assert_eq!(orders.get("title"), None);
        let item = &widgets(orders)[0];
        assert_eq!(
            (item["type"].as_str(), item["title"].as_str(), item["path"].as_str()),
            (Some("card"), Some("Orders"), Some(""))
        );
    }

    #[test]
    fn list_item_cards_take_the_union_of_the_first_twenty_items() {
        let mut items: Vec<serde_json::Value> = (0..25).map(|i| json!({"id": i})).collect();
        items[1] = json!({"id": 1, "note": null});
        items[2] = json!({"id": 2, "note": "2024-03-01", "paid": false});
        items[24] = json!({"late": 1});
        let t = generate_template(&j(json!({"orders": items.clone()})), "X");
        let item = &widgets(&widgets(&widgets(&t)[0])[0])[0];
        assert_eq!(
            summary(widgets(item)),
            pairs(&[("text", "id"), ("date", "note"), ("boolean", "paid")])
        );
        // A top-level array of objects: a list with a card titled with the integration's name.
        let t = generate_template(&j(serde_json::Value::Array(items)), "Shop");
        let list = &widgets(&t)[0];
        assert_eq!((list["type"].as_str(), list["path"].as_str()), (Some("list"), Some("")));
        assert_eq!(widgets(list)[0]["title"].as_str(), Some("Shop"));
        assert_eq!(widgets(&widgets(list)[0]).len(), 3);
    }

    #[test]
    fn other_samples_stay_sensible() {
        assert_eq!(
            generate_template(&Json::Null, "X"),
            j(json!({"type": "wrapper", "widgets": []}))
        );
        assert_eq!(
            generate_template(&j(json!(["a", "b"])), "X"),
            j(json!({"type": "wrapper", "widgets": [{"type": "array", "path": "", "title": "X"}]}))
        );
        assert_eq!(
            generate_template(&Json::Bool(true), "X"),
            j(
                json!({"type": "wrapper", "widgets": [{"type": "boolean", "path": "", "title": "X"}]})
            )
        );
    }

    #[test]
    fn deep_and_huge_samples_stay_bounded() {
        let mut deep = json!({"leaf": 1});
        for i in 0..200 {
            deep = if i % 2 == 0 {
                json!({"next": deep, "n": i})
            } else {
                json!({"list": [deep], "n": i})
            };
        }
        let t = generate_template(&j(deep), "X");
        let node = Node::from_json(&t).unwrap();
        fn depth(n: &Node) -> usize {
            1 + n.widgets.iter().map(|c| depth(c)).max().unwrap_or(0)
        }
        assert!(depth(&node) <= 2 + 2 * MAX_DEPTH, "{}", depth(&node));
        let wide: serde_json::Map<String, serde_json::Value> =
            (0..10_000).map(|i| (format!("k{i}"), json!({"a": 1, "b": [{"c": 1}]}))).collect();
        let t = generate_template(&j(serde_json::Value::Object(wide)), "X");
        assert!(Node::from_json(&t).is_ok(), "stays under the parser's node limit");
    }

    /// Every key of `data` has a node with that path among `node`'s children, recursively.
    fn covers(node: &Node, data: &Json) {
        let Some(map) = data.as_object() else { return };
        for (k, v) in map.iter() {
            let child = node
                .widgets
                .iter()
                .find(|c| c.path == k)
                .unwrap_or_else(|| panic!("no node for {k}"));
            match (&child.kind, v) {
                (NodeKind::Card, _) => covers(child, v),
                (NodeKind::List, Json::Array(items)) => {
                    let card = &child.widgets[0];
                    assert_eq!(card.kind, NodeKind::Card);
                    items.iter().for_each(|item| covers(card, item));
                }
                (NodeKind::Field(_), _) => assert!(!v.is_object(), "{k}"),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn loop_returns_sample_is_covered() {
        let demo = Json::parse(include_str!("../../demo/loop-returns.json")).unwrap();
        let sample = &demo["data"]["123"];
        let t = generate_template(sample, "Loop Returns");
        let node = Node::from_json(&t).unwrap();
        assert_eq!(node.kind, NodeKind::Wrapper);
        let root = &node.widgets[0];
        assert_eq!(
            (root.kind.clone(), root.title.as_deref()),
            (NodeKind::Card, Some("Loop Returns"))
        );
        covers(root, sample);
        let returns = &root.widgets[1];
        assert_eq!((returns.kind.clone(), returns.path.as_str()), (NodeKind::List, "data"));
        let item = &returns.widgets[0];
        let created = item.widgets.iter().find(|w| w.path == "created_at").unwrap();
        assert_eq!(
            (created.type_name.as_str(), created.title.as_deref()),
            ("date", Some("Created at"))
        );
        assert_eq!(item.widgets.last().map(|w| w.path.as_str()), Some("line_items"));
        // The generated template is clean for the playground's linter too.
        assert_eq!(crate::engine::lint::lint(&node, sample, &[]), []);
    }
}
