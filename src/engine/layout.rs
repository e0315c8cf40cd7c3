//! Template + data -> what to show: sibling order, list items (orderBy, limit), the empty rules
//! and which cards are "root" cards.

use crate::engine::format::is_empty_value;
use crate::engine::path::select_path;
use crate::model::Json;
use crate::model::{Node, NodeKind};
use std::cmp::Ordering;
use std::sync::Arc;

/// How many list items show at first when `meta.limit` is empty, `0` or missing.
pub const DEFAULT_LIST_LIMIT: usize = 3;

/// The `order` rule of siblings and of widgets: ascending, those without one after the others.
/// Used with a stable sort, ties keep array order.
pub fn compare_order(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Siblings by ascending `order`; those without one keep array order, after the ordered ones.
/// Ties keep array order.
pub fn ordered_children(nodes: &[Arc<Node>]) -> Vec<&Arc<Node>> {
    let mut out: Vec<&Arc<Node>> = nodes.iter().collect();
    out.sort_by(|a, b| compare_order(a.order, b.order));
    out
}

/// Items a list shows at first (and reveals per "N more").
pub fn list_page_size(node: &Node) -> usize {
    node.meta.limit.unwrap_or(DEFAULT_LIST_LIMIT)
}

/// One item of a list, in display order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ListItem {
    /// Stable across updates: the item's `id` when it has a scalar one, else its index.
    pub key: String,
    /// Its index in the data array (`$listIndex`).
    pub index: usize,
}

/// The `orderBy` rule: `-key` descending, `+key` or `key` ascending.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderBy {
    pub key: String,
    pub descending: bool,
}

impl OrderBy {
    pub fn parse(spec: &str) -> Option<OrderBy> {
        let spec = spec.trim();
        let (descending, key) = match spec.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, spec.strip_prefix('+').unwrap_or(spec)),
        };
        let key = key.trim();
        if key.is_empty() {
            None
        } else {
            Some(OrderBy { key: key.to_string(), descending })
        }
    }
}

fn numeric(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Where a value falls in the `orderBy` order: numbers (and strings that hold one, as amounts
/// often come: `"148.00"`) first by value, then other strings by text, then booleans, arrays,
/// objects and null.
enum SortClass<'a> {
    Number(f64),
    Text(&'a str),
    Bool(bool),
    Array(usize),
    Object(usize),
    Null,
}

impl SortClass<'_> {
    fn of(v: &Json) -> SortClass<'_> {
        match v {
            Json::Number(n) => SortClass::Number(*n),
            Json::String(s) => numeric(s).map_or(SortClass::Text(s), SortClass::Number),
            Json::Bool(b) => SortClass::Bool(*b),
            Json::Array(a) => SortClass::Array(a.len()),
            Json::Object(o) => SortClass::Object(o.len()),
            Json::Null => SortClass::Null,
        }
    }

    fn rank(&self) -> u8 {
        match self {
            SortClass::Number(_) => 0,
            SortClass::Text(_) => 1,
            SortClass::Bool(_) => 2,
            SortClass::Array(_) => 3,
            SortClass::Object(_) => 4,
            SortClass::Null => 5,
        }
    }
}

/// A total order over JSON values of every mix of types (SPEC 7: sorting can never fail): each
/// value falls in one class (see [`SortClass`]), classes in a fixed order, and each class has a
/// total order of its own. `"999" < "1000" < "1000-R"` and `"999" < "1000-R"`: numbers come
/// before text, so no cycle is possible.
pub fn compare_values(a: &Json, b: &Json) -> Ordering {
    match (SortClass::of(a), SortClass::of(b)) {
        (SortClass::Number(x), SortClass::Number(y)) => x.total_cmp(&y),
        (SortClass::Text(x), SortClass::Text(y)) => x.to_lowercase().cmp(&y.to_lowercase()).then_with(|| x.cmp(y)),
        (SortClass::Bool(x), SortClass::Bool(y)) => x.cmp(&y),
        (SortClass::Array(x), SortClass::Array(y)) | (SortClass::Object(x), SortClass::Object(y)) => x.cmp(&y),
        (x, y) => x.rank().cmp(&y.rank()),
    }
}

fn sort_key<'a>(item: &'a Json, key: &str) -> Option<&'a Json> {
    if !item.is_object() {
        return None;
    }
    select_path(item, key).filter(|v| !v.is_null())
}

fn item_key(item: &Json, index: usize) -> String {
    match item.get("id") {
        Some(Json::String(s)) if !s.is_empty() => format!("id:{s}"),
        Some(n @ Json::Number(_)) => format!("id:{}", n.to_text()),
        _ => format!("i:{index}"),
    }
}

/// The items of a list in display order, with stable keys. Items whose sort key is missing go last
/// in both directions; ties keep array order.
pub fn list_items(items: &[Json], order_by: Option<&str>) -> Vec<ListItem> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    if let Some(rule) = order_by.and_then(OrderBy::parse) {
        order.sort_by(|&a, &b| {
            let ka = items.get(a).and_then(|v| sort_key(v, &rule.key));
            let kb = items.get(b).and_then(|v| sort_key(v, &rule.key));
            match (ka, kb) {
                (Some(x), Some(y)) => {
                    let o = compare_values(x, y);
                    if rule.descending {
                        o.reverse()
                    } else {
                        o
                    }
                }
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        });
    }
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    order
        .into_iter()
        .map(|index| {
            let mut key = items.get(index).map(|v| item_key(v, index)).unwrap_or_else(|| format!("i:{index}"));
            if !seen.insert(key.clone()) {
                key = format!("{key}#{index}");
                seen.insert(key.clone());
            }
            ListItem { key, index }
        })
        .collect()
}

/// The data a node shows, selected from its parent's data by its `path`.
pub fn node_data<'a>(node: &Node, parent: &'a Json) -> Option<&'a Json> {
    select_path(parent, &node.path)
}

/// A card renders only over a non-empty object.
pub fn card_renders(data: Option<&Json>) -> bool {
    matches!(data, Some(Json::Object(m)) if !m.is_empty())
}

/// A list renders only over a non-empty array.
pub fn list_array(data: Option<&Json>) -> Option<&[Json]> {
    match data {
        Some(Json::Array(a)) if !a.is_empty() => Some(a),
        _ => None,
    }
}

/// Where custom links and buttons show (SPEC 3): on the wrapper (at the top of the widget) and on
/// root cards, in their header, which `displayCard: false` hides. The one rule the views and the
/// playground's warnings share.
pub fn custom_actions_show(node: &Node, root: bool) -> bool {
    match node.kind {
        NodeKind::Wrapper => true,
        NodeKind::Card => root && node.meta.display_card,
        _ => false,
    }
}

/// Whether a node, over its parent's data, shows nothing an agent could read: every leaf in it is
/// empty (a falsy non-number), and no card in it carries custom links or buttons.
pub fn node_is_empty(node: &Node, parent: &Json) -> bool {
    let data = node_data(node, parent);
    match &node.kind {
        NodeKind::Field(_) => is_empty_value(data),
        NodeKind::Card => {
            if !card_renders(data) {
                return true;
            }
            if node.meta.has_custom_actions() {
                return false;
            }
            let data = data.unwrap_or(&Json::Null);
            node.widgets.iter().all(|child| node_is_empty(child, data))
        }
        NodeKind::Wrapper => {
            if node.meta.has_custom_actions() {
                return false;
            }
            let data = data.unwrap_or(&Json::Null);
            node.widgets.iter().all(|child| node_is_empty(child, data))
        }
        NodeKind::List => match (list_array(data), node.widgets.first()) {
            (Some(items), Some(child)) => items.iter().all(|item| node_is_empty(child, item)),
            _ => true,
        },
    }
}

/// SPEC 2 "Empty widgets": not displayed when the integration has no data (missing, null, `{}`,
/// `[]`) or when every leaf in it is empty.
pub fn widget_is_empty(template: &Node, data: Option<&Json>) -> bool {
    match data {
        None | Some(Json::Null) => true,
        Some(Json::Object(m)) if m.is_empty() => true,
        Some(Json::Array(a)) if a.is_empty() => true,
        Some(d) => node_is_empty(template, d),
    }
}

/// Whether a leaf or list with `meta.hideIfEmpty` is hidden over this data.
pub fn hidden_when_empty(node: &Node, parent: &Json) -> bool {
    node.meta.hide_if_empty && node_is_empty(node, parent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j as json;

    fn node(v: Json) -> Node {
        match Node::from_json(&v) {
            Ok(n) => n,
            Err(e) => panic!("test template refused: {e}"),
        }
    }

    #[test]
    fn siblings_follow_order_then_array_order() {
        let n = node(json!({"type": "card", "widgets": [
            {"type": "text", "path": "c", "order": 2},
            {"type": "text", "path": "x"},
            {"type": "text", "path": "a", "order": 0},
            {"type": "text", "path": "b", "order": 2},
            {"type": "text", "path": "y"},
        ]}));
        let paths: Vec<&str> = ordered_children(&n.widgets).iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["a", "c", "b", "x", "y"]);
    }

    #[test]
    fn list_limit_defaults_to_three_for_empty_zero_or_missing() {
        for limit in [json!(""), json!(0), json!("0"), json!(null), json!("abc")] {
            let n = node(json!({"type": "list", "meta": {"limit": limit}}));
            assert_eq!(list_page_size(&n), 3, "limit {limit}");
        }
        let n = node(json!({"type": "list", "meta": {"limit": "5"}}));
        assert_eq!(list_page_size(&n), 5);
        let n = node(json!({"type": "list", "meta": {"limit": 50}}));
        assert_eq!(list_page_size(&n), 50, "a limit larger than the list is kept; the view shows all");
        let n = node(json!({"type": "list"}));
        assert_eq!(list_page_size(&n), 3);
    }

    fn indexes(items: &[Json], order_by: &str) -> Vec<usize> {
        list_items(items, Some(order_by)).iter().map(|i| i.index).collect()
    }

    #[test]
    fn order_by_descending_ascending_and_bare() {
        let items = vec![json!({"n": 2}), json!({"n": 10}), json!({"n": 1})];
        assert_eq!(indexes(&items, "-n"), [1, 0, 2]);
        assert_eq!(indexes(&items, "+n"), [2, 0, 1]);
        assert_eq!(indexes(&items, "n"), [2, 0, 1]);
        assert_eq!(indexes(&items, ""), [0, 1, 2], "an empty orderBy keeps array order");
    }

    #[test]
    fn order_by_puts_missing_keys_last_both_ways() {
        let items = vec![json!({"x": 1}), json!({"n": 2}), json!({"n": null}), json!({"n": 1}), json!("str")];
        assert_eq!(indexes(&items, "n"), [3, 1, 0, 2, 4]);
        assert_eq!(indexes(&items, "-n"), [1, 3, 0, 2, 4]);
    }

    #[test]
    fn order_by_mixed_types_is_deterministic() {
        let items = vec![json!({"n": "b"}), json!({"n": true}), json!({"n": 3}), json!({"n": "A"}), json!({"n": 1})];
        assert_eq!(indexes(&items, "n"), [4, 2, 3, 0, 1]);
        assert_eq!(indexes(&items, "-n"), [1, 0, 3, 2, 4]);
    }

    #[test]
    fn order_by_compares_numeric_strings_as_numbers() {
        let items = vec![
            json!({"total": "148.00"}),
            json!({"total": "18.00"}),
            json!({"total": "9.5"}),
            json!({"total": "abc"}),
        ];
        assert_eq!(indexes(&items, "total"), [2, 1, 0, 3]);
        assert_eq!(indexes(&items, "-total"), [3, 0, 1, 2]);
    }

    #[test]
    fn order_by_dates_as_iso_strings_and_dotted_keys() {
        let items = vec![
            json!({"created_at": "2024-01-02T00:00:00Z", "a": {"b": 2}}),
            json!({"created_at": "2023-12-31T00:00:00Z", "a": {"b": 3}}),
        ];
        assert_eq!(indexes(&items, "-created_at"), [0, 1]);
        assert_eq!(indexes(&items, "-a.b"), [1, 0]);
    }

    #[test]
    fn order_by_never_panics_on_order_numbers_mixed_with_suffixed_ones() {
        // Real Loop Returns order names: numbers, and a few with a suffix. Numeric strings
        // compared as numbers and the rest as text was not a total order, and the sort panicked.
        let mut items: Vec<Json> = (985..1010).map(|n| json!({"order_name": n.to_string()})).collect();
        items.insert(7, json!({"order_name": "1006-EX"}));
        items.insert(19, json!({"order_name": "998-R"}));
        for rule in ["order_name", "-order_name"] {
            let names: Vec<String> = list_items(&items, Some(rule))
                .iter()
                .map(|i| items[i.index]["order_name"].as_str().unwrap_or_default().to_string())
                .collect();
            assert_eq!(names.len(), items.len());
            let (numbers, text) = names.split_at(25);
            let mut sorted: Vec<String> = (985..1010).map(|n: i32| n.to_string()).collect();
            let mut suffixed = vec!["1006-EX".to_string(), "998-R".to_string()];
            if rule.starts_with('-') {
                // descending: text first (reversed), then numbers from the largest
                sorted.reverse();
                suffixed.reverse();
                assert_eq!(&names[..2], suffixed.as_slice(), "{rule}");
                assert_eq!(&names[2..], sorted.as_slice(), "{rule}");
            } else {
                assert_eq!(numbers, sorted.as_slice(), "numbers by value first");
                assert_eq!(text, suffixed.as_slice(), "then the rest as text");
            }
        }
    }

    /// A small deterministic generator (xorshift64*), so the property tests are seeded and repeatable.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn random_value(rng: &mut Rng) -> Json {
        const STRINGS: [&str; 22] = [
            "999", "1000", "1000-R", "998-R", "1006-EX", " 12 ", "1e3", "-0", "0", "inf", "NaN", "abc", "ABC", "Abc",
            "", " ", "é", "É", "10", "9.5", "0x10", "+3",
        ];
        match rng.below(8) {
            0 => json!(rng.below(2000) as i64 - 1000),
            1 => json!((rng.below(2000) as f64) / 7.0 - 100.0),
            2 | 3 => json!(STRINGS[rng.below(STRINGS.len())]),
            4 => json!(rng.below(2) == 0),
            5 => Json::from(vec![Json::from(1.0); rng.below(3)]),
            6 => json!({"k": rng.below(3)}),
            _ => Json::Null,
        }
    }

    #[test]
    fn order_by_is_a_total_order_over_random_mixes() {
        let mut rng = Rng(0x5eed_0001);
        let values: Vec<Json> = (0..60).map(|_| random_value(&mut rng)).collect();
        for a in &values {
            assert_eq!(compare_values(a, a), Ordering::Equal, "{a}");
            for b in &values {
                assert_eq!(compare_values(a, b), compare_values(b, a).reverse(), "antisymmetry {a} {b}");
                for c in &values {
                    let (ab, bc, ac) = (compare_values(a, b), compare_values(b, c), compare_values(a, c));
                    if ab != Ordering::Greater && bc != Ordering::Greater {
                        assert_ne!(ac, Ordering::Greater, "transitivity: {a} <= {b} <= {c} but {a} > {c}");
                    }
                    if ab == Ordering::Equal && bc == Ordering::Equal {
                        assert_eq!(ac, Ordering::Equal, "equality is transitive: {a} {b} {c}");
                    }
                }
            }
        }
    }

    #[test]
    fn sorting_random_lists_never_panics_and_is_sorted() {
        let mut rng = Rng(0x5eed_0002);
        for round in 0..300 {
            let len = rng.below(80);
            let items: Vec<Json> = (0..len).map(|_| Json::object([("n", random_value(&mut rng))])).collect();
            let rule = if round % 2 == 0 { "n" } else { "-n" };
            let out = list_items(&items, Some(rule));
            assert_eq!(out.len(), len);
            let keys: Vec<&Json> = out.iter().map(|i| &items[i.index]["n"]).collect();
            for pair in keys.windows(2) {
                let (x, y) = (pair[0], pair[1]);
                if x.is_null() || y.is_null() {
                    assert!(y.is_null(), "missing keys last");
                    continue;
                }
                let o = compare_values(x, y);
                assert_ne!(o, if rule == "n" { Ordering::Greater } else { Ordering::Less }, "{rule}: {x} {y}");
            }
        }
    }

    #[test]
    fn list_keys_use_ids_and_stay_unique() {
        let items = vec![json!({"id": 7}), json!({"id": "x"}), json!({"name": "no id"}), json!({"id": 7}), json!(5)];
        let keys: Vec<String> = list_items(&items, None).into_iter().map(|i| i.key).collect();
        assert_eq!(keys, ["id:7", "id:x", "i:2", "id:7#3", "i:4"]);
    }

    #[test]
    fn empty_widget_rules() {
        let t = node(json!({"type": "wrapper", "widgets": [{"type": "card", "widgets": [
            {"type": "text", "path": "a"}, {"type": "text", "path": "b"}]}]}));
        assert!(widget_is_empty(&t, None));
        assert!(widget_is_empty(&t, Some(&json!(null))));
        assert!(widget_is_empty(&t, Some(&json!({}))));
        assert!(widget_is_empty(&t, Some(&json!([]))));
        assert!(widget_is_empty(&t, Some(&json!({"a": "", "b": null}))));
        assert!(widget_is_empty(&t, Some(&json!({"a": false, "b": []}))));
        assert!(!widget_is_empty(&t, Some(&json!({"a": 0}))), "0 is a value");
        assert!(!widget_is_empty(&t, Some(&json!({"b": "x"}))));
    }

    #[test]
    fn card_with_custom_actions_is_never_empty() {
        let t = node(json!({"type": "wrapper", "widgets": [{"type": "card", "meta": {"custom": {
            "links": [{"label": "Open", "url": "https://example.com"}]}}, "widgets": [{"type": "text", "path": "a"}]}]}));
        assert!(!widget_is_empty(&t, Some(&json!({"other": 1}))));
    }

    #[test]
    fn lists_need_a_non_empty_array_with_a_value() {
        let t = node(json!({"type": "list", "path": "items", "widgets": [{"type": "text", "path": "n"}]}));
        assert!(node_is_empty(&t, &json!({"items": []})));
        assert!(node_is_empty(&t, &json!({"items": {"n": 1}})));
        assert!(node_is_empty(&t, &json!({"items": [{"n": ""}]})));
        assert!(!node_is_empty(&t, &json!({"items": [{"n": ""}, {"n": "x"}]})));
        let strings = node(json!({"type": "list", "path": "tags", "widgets": [{"type": "text"}]}));
        assert!(!node_is_empty(&strings, &json!({"tags": ["vip"]})), "a list of strings with a text child");
    }

    #[test]
    fn hide_if_empty_only_when_asked() {
        let hidden = node(json!({"type": "text", "path": "a", "meta": {"hideIfEmpty": true}}));
        let shown = node(json!({"type": "text", "path": "a"}));
        assert!(hidden_when_empty(&hidden, &json!({"a": null})));
        assert!(!hidden_when_empty(&hidden, &json!({"a": 0})));
        assert!(!hidden_when_empty(&shown, &json!({"a": null})));
    }

    #[test]
    fn cards_render_only_over_non_empty_objects() {
        assert!(card_renders(Some(&json!({"a": 1}))));
        assert!(!card_renders(Some(&json!({}))));
        assert!(!card_renders(Some(&json!([1]))));
        assert!(!card_renders(Some(&json!("x"))));
        assert!(!card_renders(None));
    }

    #[test]
    fn ten_thousand_items_sort_quickly_and_keep_keys_unique() {
        let items: Vec<Json> = (0..10_000).map(|i| json!({"id": i % 5000, "n": (i * 7919) % 10007})).collect();
        let out = list_items(&items, Some("-n"));
        assert_eq!(out.len(), 10_000);
        let unique: std::collections::HashSet<_> = out.iter().map(|i| &i.key).collect();
        assert_eq!(unique.len(), 10_000);
    }
}
