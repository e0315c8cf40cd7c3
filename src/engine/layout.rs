//! Template + data -> what to show: sibling order, list items (orderBy, limit), the empty rules
//! and which cards are "root" cards.

use crate::engine::format::is_empty_value;
use crate::engine::path::select_path;
use crate::model::{Node, NodeKind};
use serde_json::Value;
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

/// A total order over JSON values of mixed types: numbers, then strings, booleans, arrays, objects.
fn compare_values(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Number(_) => 0,
            Value::String(_) => 1,
            Value::Bool(_) => 2,
            Value::Array(_) => 3,
            Value::Object(_) => 4,
            Value::Null => 5,
        }
    }
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        (Value::String(x), Value::String(y)) => match (numeric(x), numeric(y)) {
            // Amounts often come as strings ("148.00"): compare them as numbers.
            (Some(a), Some(b)) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
            _ => x.to_lowercase().cmp(&y.to_lowercase()).then_with(|| x.cmp(y)),
        },
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Array(x), Value::Array(y)) => x.len().cmp(&y.len()),
        (Value::Object(x), Value::Object(y)) => x.len().cmp(&y.len()),
        _ => rank(a).cmp(&rank(b)),
    }
}

fn sort_key<'a>(item: &'a Value, key: &str) -> Option<&'a Value> {
    if !item.is_object() {
        return None;
    }
    select_path(item, key).filter(|v| !v.is_null())
}

fn item_key(item: &Value, index: usize) -> String {
    match item.get("id") {
        Some(Value::String(s)) if !s.is_empty() => format!("id:{s}"),
        Some(Value::Number(n)) => format!("id:{n}"),
        _ => format!("i:{index}"),
    }
}

/// The items of a list in display order, with stable keys. Items whose sort key is missing go last
/// in both directions; ties keep array order.
pub fn list_items(items: &[Value], order_by: Option<&str>) -> Vec<ListItem> {
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
pub fn node_data<'a>(node: &Node, parent: &'a Value) -> Option<&'a Value> {
    select_path(parent, &node.path)
}

/// A card renders only over a non-empty object.
pub fn card_renders(data: Option<&Value>) -> bool {
    matches!(data, Some(Value::Object(m)) if !m.is_empty())
}

/// A list renders only over a non-empty array.
pub fn list_array(data: Option<&Value>) -> Option<&Vec<Value>> {
    match data {
        Some(Value::Array(a)) if !a.is_empty() => Some(a),
        _ => None,
    }
}

/// Whether a node, over its parent's data, shows nothing an agent could read: every leaf in it is
/// empty (a falsy non-number), and no card in it carries custom links or buttons.
pub fn node_is_empty(node: &Node, parent: &Value) -> bool {
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
            let data = data.unwrap_or(&Value::Null);
            node.widgets.iter().all(|child| node_is_empty(child, data))
        }
        NodeKind::Wrapper => {
            if node.meta.has_custom_actions() {
                return false;
            }
            let data = data.unwrap_or(&Value::Null);
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
pub fn widget_is_empty(template: &Node, data: Option<&Value>) -> bool {
    match data {
        None | Some(Value::Null) => true,
        Some(Value::Object(m)) if m.is_empty() => true,
        Some(Value::Array(a)) if a.is_empty() => true,
        Some(d) => node_is_empty(template, d),
    }
}

/// Whether a leaf or list with `meta.hideIfEmpty` is hidden over this data.
pub fn hidden_when_empty(node: &Node, parent: &Value) -> bool {
    node.meta.hide_if_empty && node_is_empty(node, parent)
}

/// Where a card stands, for its default title and its custom actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// A direct child of the wrapper, or the item card of a list that is a direct child.
    Root,
    Nested,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(v: Value) -> Node {
        match Node::from_value(&v) {
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

    fn indexes(items: &[Value], order_by: &str) -> Vec<usize> {
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
        let items: Vec<Value> = (0..10_000).map(|i| json!({"id": i % 5000, "n": (i * 7919) % 10007})).collect();
        let out = list_items(&items, Some("-n"));
        assert_eq!(out.len(), 10_000);
        let unique: std::collections::HashSet<_> = out.iter().map(|i| &i.key).collect();
        assert_eq!(unique.len(), 10_000);
    }
}
