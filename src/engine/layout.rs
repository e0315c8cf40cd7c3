//! Template + data -> what to show: sibling order, list items (orderBy, limit), the empty rules
//! and which cards are "root" cards.

use crate::engine::format::is_empty_value;
use crate::engine::path::select_path;
use crate::model::json::parse_decimal;
use crate::model::Json;
use crate::model::{Node, NodeKind, Page, Widget};
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

/// The positions `0..len` in a stable order. The one sort of the sidebar: every order (siblings,
/// widgets, list items, object keys) goes through it, so the sort's code is in the bundle once.
/// A plain bottom-up merge sort (n log n comparisons, stable): std's `sort_by` is 3.5 KB of
/// WebAssembly, this a few hundred bytes (issue 20).
pub fn stable_order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..len).collect();
    let mut to: Vec<usize> = Vec::with_capacity(len);
    let mut width = 1;
    while width < len {
        to.clear();
        for run in from.chunks(2 * width) {
            let (left, right) = run.split_at(width.min(run.len()));
            let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
            loop {
                let take_right = match (l.peek(), r.peek()) {
                    (Some(&&a), Some(&&b)) => cmp(a, b) == Ordering::Greater,
                    (Some(_), None) => false,
                    (None, Some(_)) => true,
                    (None, None) => break,
                };
                let next = if take_right { r.next() } else { l.next() };
                to.extend(next);
            }
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    from
}

/// Siblings by ascending `order`; those without one keep array order, after the ordered ones.
/// Ties keep array order.
pub fn ordered_children(nodes: &[Arc<Node>]) -> Vec<(usize, &Arc<Node>)> {
    let order_of = |i: usize| nodes.get(i).and_then(|n| n.order);
    stable_order(nodes.len(), &|a, b| compare_order(order_of(a), order_of(b)))
        .into_iter()
        .filter_map(|i| Some((i, nodes.get(i)?)))
        .collect()
}

/// The widgets of a page, by ascending `order` (SPEC 1), with their place in the list given.
pub fn widget_order(widgets: &[Widget], page: Page) -> Vec<(usize, &Widget)> {
    let order_of = |i: usize| widgets.get(i).and_then(|w| w.order);
    stable_order(widgets.len(), &|a, b| compare_order(order_of(a), order_of(b)))
        .into_iter()
        .filter_map(|i| Some((i, widgets.get(i)?)))
        .filter(|(_, w)| w.shown_in(page))
        .collect()
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
    parse_decimal(s.trim()).filter(|n| n.is_finite())
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

/// Text compared without regard to ASCII case (other letters by code point: the full Unicode case
/// tables cost more bytes than they would change in a sort).
fn fold_case(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().map(|c| c.to_ascii_lowercase())
}

/// A total order over JSON values of every mix of types (SPEC 7: sorting can never fail): each
/// value falls in one class (see [`SortClass`]), classes in a fixed order, and each class has a
/// total order of its own. `"999" < "1000" < "1000-R"` and `"999" < "1000-R"`: numbers come
/// before text, so no cycle is possible.
pub fn compare_values(a: &Json, b: &Json) -> Ordering {
    match (SortClass::of(a), SortClass::of(b)) {
        (SortClass::Number(x), SortClass::Number(y)) => x.total_cmp(&y),
        (SortClass::Text(x), SortClass::Text(y)) => {
            fold_case(x).cmp(fold_case(y)).then_with(|| x.cmp(y))
        }
        (SortClass::Bool(x), SortClass::Bool(y)) => x.cmp(&y),
        (SortClass::Array(x), SortClass::Array(y))
        | (SortClass::Object(x), SortClass::Object(y)) => x.cmp(&y),
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

/// The first `shown` items of a list in display order, with keys stable across updates and
/// unique among them, and how many items there are in all. Items whose sort key is missing go
/// last in both directions; ties keep array order.
pub fn list_items(items: &[Json], order_by: Option<&str>, shown: usize) -> (Vec<ListItem>, usize) {
    let order: Vec<usize> = match order_by.and_then(OrderBy::parse) {
        Some(rule) => {
            let key_of = |i: usize| items.get(i).and_then(|v| sort_key(v, &rule.key));
            stable_order(items.len(), &|a, b| match (key_of(a), key_of(b)) {
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
            })
        }
        None => (0..items.len().min(shown)).collect(),
    };
    let mut out: Vec<ListItem> = Vec::with_capacity(shown.min(order.len()));
    for index in order.into_iter().take(shown) {
        let mut key = items.get(index).map_or_else(|| format!("i:{index}"), |v| item_key(v, index));
        if out.iter().any(|o| o.key == key) {
            key = format!("{key}#{index}");
        }
        out.push(ListItem { key, index });
    }
    (out, items.len())
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

    use crate::model::template::test_node as node;

    #[test]
    fn siblings_follow_order_then_array_order() {
        let n = node(json!({"type": "card", "widgets": [
            {"type": "text", "path": "c", "order": 2},
            {"type": "text", "path": "x"},
            {"type": "text", "path": "a", "order": 0},
            {"type": "text", "path": "b", "order": 2},
            {"type": "text", "path": "y"},
        ]}));
        let paths: Vec<&str> =
            ordered_children(&n.widgets).iter().map(|(_, c)| c.path.as_str()).collect();
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
        assert_eq!(
            list_page_size(&n),
            50,
            "a limit larger than the list is kept; the view shows all"
        );
        let n = node(json!({"type": "list"}));
        assert_eq!(list_page_size(&n), 3);
    }

    fn indexes(items: &[Json], order_by: &str) -> Vec<usize> {
        list_items(items, Some(order_by), usize::MAX).0.iter().map(|i| i.index).collect()
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
        let items = vec![
            json!({"x": 1}),
            json!({"n": 2}),
            json!({"n": null}),
            json!({"n": 1}),
            json!("str"),
        ];
        assert_eq!(indexes(&items, "n"), [3, 1, 0, 2, 4]);
        assert_eq!(indexes(&items, "-n"), [1, 3, 0, 2, 4]);
    }

    #[test]
    fn order_by_mixed_types_is_deterministic() {
        let items = vec![
            json!({"n": "b"}),
            json!({"n": true}),
            json!({"n": 3}),
            json!({"n": "A"}),
            json!({"n": 1}),
        ];
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
        let mut items: Vec<Json> =
            (985..1010).map(|n| json!({"order_name": n.to_string()})).collect();
        items.insert(7, json!({"order_name": "1006-EX"}));
        items.insert(19, json!({"order_name": "998-R"}));
        for rule in ["order_name", "-order_name"] {
            let names: Vec<String> = list_items(&items, Some(rule), usize::MAX)
                .0
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
            "999", "1000", "1000-R", "998-R", "1006-EX", " 12 ", "1e3", "-0", "0", "inf", "NaN",
            "abc", "ABC", "Abc", "", " ", "é", "É", "10", "9.5", "0x10", "+3",
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
                assert_eq!(
                    compare_values(a, b),
                    compare_values(b, a).reverse(),
                    "antisymmetry {a} {b}"
                );
                for c in &values {
                    let (ab, bc, ac) =
                        (compare_values(a, b), compare_values(b, c), compare_values(a, c));
                    if ab != Ordering::Greater && bc != Ordering::Greater {
                        assert_ne!(
                            ac,
                            Ordering::Greater,
                            "transitivity: {a} <= {b} <= {c} but {a} > {c}"
                        );
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
            let items: Vec<Json> =
                (0..len).map(|_| Json::object([("n", random_value(&mut rng))])).collect();
            let rule = if round % 2 == 0 { "n" } else { "-n" };
            let out = list_items(&items, Some(rule), usize::MAX).0;
            assert_eq!(out.len(), len);
            let keys: Vec<&Json> = out.iter().map(|i| &items[i.index]["n"]).collect();
            for pair in keys.windows(2) {
                let (x, y) = (pair[0], pair[1]);
                if x.is_null() || y.is_null() {
                    assert!(y.is_null(), "missing keys last");
                    continue;
                }
                let o = compare_values(x, y);
                assert_ne!(
                    o,
                    if rule == "n" { Ordering::Greater } else { Ordering::Less },
                    "{rule}: {x} {y}"
                );
            }
        }
    }

    #[test]
    fn list_keys_use_ids_and_stay_unique() {
        let items = vec![
            json!({"id": 7}),
            json!({"id": "x"}),
            json!({"name": "no id"}),
            json!({"id": 7}),
            json!(5),
        ];
        let keys: Vec<String> =
            list_items(&items, None, usize::MAX).0.into_iter().map(|i| i.key).collect();
        assert_eq!(keys, ["id:7", "id:x", "i:2", "id:7#3", "i:4"]);
    }

    #[test]
    fn only_the_shown_items_get_keys() {
        let items: Vec<Json> =
            (0..2000).map(|i| Json::object([("id", Json::from(f64::from(i % 7)))])).collect();
        let (shown, total) = list_items(&items, None, 3);
        assert_eq!(total, 2000);
        let keys: Vec<&str> = shown.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["id:0", "id:1", "id:2"]);
        let (more, _) = list_items(&items, None, 9);
        assert_eq!(
            more[7].key, "id:0#7",
            "a repeated id is told apart, and earlier keys stay as they were"
        );
        assert_eq!(more[..3], shown[..]);
    }

    #[test]
    fn widgets_of_a_view_by_order() {
        let w = |key: &str, order: Option<f64>, page: Option<Page>| Widget {
            external_app: None,
            key: key.into(),
            page,
            integration_id: None,
            order,
            template: Err(crate::model::Problem { place: String::new(), message: String::new() }),
        };
        let widgets = [
            w("a", None, None),
            w("b", Some(2.0), Some(Page::Ticket)),
            w("c", Some(1.0), Some(Page::Customer)),
            w("d", Some(1.0), None),
        ];
        let keys: Vec<&str> =
            widget_order(&widgets, Page::Ticket).iter().map(|(_, w)| w.key.as_str()).collect();
        assert_eq!(keys, ["d", "b", "a"]);
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
        let t = node(
            json!({"type": "list", "path": "items", "widgets": [{"type": "text", "path": "n"}]}),
        );
        assert!(node_is_empty(&t, &json!({"items": []})));
        assert!(node_is_empty(&t, &json!({"items": {"n": 1}})));
        assert!(node_is_empty(&t, &json!({"items": [{"n": ""}]})));
        assert!(!node_is_empty(&t, &json!({"items": [{"n": ""}, {"n": "x"}]})));
        let strings = node(json!({"type": "list", "path": "tags", "widgets": [{"type": "text"}]}));
        assert!(
            !node_is_empty(&strings, &json!({"tags": ["vip"]})),
            "a list of strings with a text child"
        );
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
        let items: Vec<Json> =
            (0..10_000).map(|i| json!({"id": i % 5000, "n": (i * 7919) % 10007})).collect();
        let (out, total) = list_items(&items, Some("-n"), usize::MAX);
        assert_eq!(total, 10_000);
        assert_eq!(out.len(), 10_000);
        let unique: std::collections::HashSet<_> = out.iter().map(|i| &i.key).collect();
        assert_eq!(unique.len(), 10_000);
    }

    /// The hand-written sort orders as std's stable sort does, ties in their first order, for
    /// every length around the merge widths (pseudo-random keys with many ties).
    #[test]
    fn stable_order_is_std_stable_sort() {
        let mut seed = 7u32;
        for len in 0..70 {
            let keys: Vec<u32> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (seed >> 16) % 5
                })
                .collect();
            let mut expected: Vec<usize> = (0..len).collect();
            expected.sort_by_key(|&i| keys[i]);
            assert_eq!(stable_order(len, &|a, b| keys[a].cmp(&keys[b])), expected, "{keys:?}");
        }
    }
}
