//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! Which data each node reads, relative paths, and what dropping a sample value makes.

use super::*;
use crate::engine::edit::{
    apply, data_path_of, display_order, node_at, node_for_drop, relativise, Edit, EditError,
};

#[test]
fn each_node_reads_its_ancestors_paths_and_list_items_read_the_model_item() {
    let w = widgets();
    let path = |widget, p: &[usize]| data_path_of(&w, &at(widget, p));
    assert_eq!(path(0, &[]).as_deref(), Some(""), "the wrapper: the whole data");
    assert_eq!(path(0, &[0]).as_deref(), Some(""), "the shop card: path \"\"");
    assert_eq!(path(0, &[0, 0]).as_deref(), Some("name"));
    assert_eq!(path(0, &[0, 2]).as_deref(), Some("address"));
    assert_eq!(path(0, &[0, 2, 0]).as_deref(), Some("address.city"));
    assert_eq!(path(0, &[0, 3]).as_deref(), Some("orders"));
    assert_eq!(path(0, &[0, 3, 0]).as_deref(), Some("orders[0]"), "the item card: the model item");
    assert_eq!(path(0, &[0, 3, 0, 1]).as_deref(), Some("orders[0].created_at"));
    assert_eq!(path(1, &[0]).as_deref(), Some("address"));
    assert_eq!(path(0, &[0, 9]), None);
    assert_eq!(path(9, &[]), None);
    // A wrapper's own path is not read (it passes its data on); a root card's is.
    let odd = parse(
        r#"[{"template": {"type": "wrapper", "path": "x", "widgets": [
        {"type": "card", "path": "a.b", "widgets": [{"type": "text", "path": " c [2] "}, {"type": "text", "path": "bad[0"}]}]}},
        {"template": {"type": "card", "path": "root", "widgets": [{"type": "text", "path": 5}]}},
        {"template": {"type": "list", "path": "", "widgets": [{"type": "text", "path": ""}]}}]"#,
    );
    let path = |widget, p: &[usize]| data_path_of(&odd, &at(widget, p));
    assert_eq!(path(0, &[0, 0]).as_deref(), Some("a.b.c[2]"));
    assert_eq!(path(0, &[0, 1]), None, "a path the renderer cannot read");
    assert_eq!(path(1, &[]).as_deref(), Some("root"));
    assert_eq!(path(1, &[0]).as_deref(), Some("root[5]"), "a numeric path is an index too");
    assert_eq!(path(2, &[0]).as_deref(), Some("[0]"), "items of a top-level array");
}

#[test]
fn relative_paths_and_why_a_value_is_outside() {
    assert_eq!(relativise("", "customer.name").unwrap(), "customer.name");
    assert_eq!(relativise("customer", "customer.address.city").unwrap(), "address.city");
    assert_eq!(relativise("orders[0]", "orders[0].lines").unwrap(), "lines");
    assert_eq!(relativise("orders.0", "orders[0].id").unwrap(), "id", "`.0` is `[0]`");
    assert_eq!(relativise(" customer ", "customer").unwrap(), "", "the card's own data");
    assert_eq!(relativise("", "tags[1]").unwrap(), "tags[1]");
    let why = |card: &str, value: &str| match relativise(card, value) {
        Err(EditError::OutsideData { reason }) => reason,
        other => panic!("{card} / {value}: {other:?}"),
    };
    assert_eq!(
        why("customer", "order.id"),
        "\"order.id\" is outside the data of the card (\"customer\")"
    );
    assert!(
        why("customer", "customers.id").contains("outside"),
        "a key is not a prefix of another"
    );
    assert!(why("orders[0]", "orders[2].id").contains("another item of the list"));
    assert!(why("tags", "tags[1]").contains("is an item of a list"));
    assert!(why("a..b", "x").contains("cannot be read"));
    assert!(why("", "x[").contains("cannot be read"));
}

#[test]
fn dropped_values_become_typed_fields_cards_and_lists() {
    let sample = parse(
        r#"{"customer": {"email": "ada@example.com", "birthday": "1990-05-01",
        "vip": true, "site": "https://ada.example", "since": "2021-03-04T05:06:07Z", "tags": ["a", "b"],
        "address": {"city": "Paris", "zip": "75001", "_private": 1}},
        "orders": [{"id": 1, "total": "9.90", "lines": [{"sku": "A"}]}, {"id": 2, "note": "x"}], "count": 3}"#,
    );
    let drop = |card: &str, value: &str| node_for_drop(&sample, card, value).unwrap().to_string();
    assert_eq!(
        drop("customer", "customer.email"),
        r#"{"type":"email","title":"Email","path":"email"}"#
    );
    assert_eq!(
        drop("", "customer.email"),
        r#"{"type":"email","title":"Email","path":"customer.email"}"#
    );
    assert_eq!(
        drop("customer", "customer.birthday"),
        r#"{"type":"age","title":"Birthday","path":"birthday"}"#
    );
    assert_eq!(
        drop("customer", "customer.vip"),
        r#"{"type":"boolean","title":"Vip","path":"vip"}"#
    );
    assert_eq!(drop("customer", "customer.site"), r#"{"type":"url","title":"Site","path":"site"}"#);
    assert_eq!(
        drop("customer", "customer.since"),
        r#"{"type":"date","title":"Since","path":"since"}"#
    );
    assert_eq!(
        drop("customer", "customer.tags"),
        r#"{"type":"array","title":"Tags","path":"tags"}"#
    );
    assert_eq!(drop("", "count"), r#"{"type":"text","title":"Count","path":"count"}"#);
    assert_eq!(
        drop("orders[0]", "orders[0].total"),
        r#"{"type":"text","title":"Total","path":"total"}"#
    );
    assert_eq!(
        drop("", "customer.tags[1]"),
        r#"{"type":"text","title":"Tags","path":"customer.tags[1]"}"#
    );
    // An object: a card with a field per key (as "generate" makes them).
    assert_eq!(
        drop("customer", "customer.address"),
        r#"{"type":"card","title":"Address","path":"address","widgets":[{"type":"text","title":"City","path":"city"},{"type":"text","title":"Zip","path":"zip"}]}"#
    );
    // An array of objects: a list with its item card, whose fields are the union of the items'.
    assert_eq!(
        drop("", "orders"),
        r#"{"type":"list","path":"orders","widgets":[{"type":"card","title":"Orders","path":"","widgets":[{"type":"text","title":"Id","path":"id"},{"type":"text","title":"Note","path":"note"},{"type":"text","title":"Total","path":"total"},{"type":"list","path":"lines","widgets":[{"type":"card","title":"Lines","path":"","widgets":[{"type":"text","title":"Sku","path":"sku"}]}]}]}]}"#
    );
    // The card's own data dropped on it.
    assert_eq!(
        drop("customer.address", "customer.address"),
        r#"{"type":"card","title":"Address","path":"","widgets":[{"type":"text","title":"City","path":"city"},{"type":"text","title":"Zip","path":"zip"}]}"#
    );
}

#[test]
fn values_outside_the_card_or_the_sample_are_refused() {
    let sample =
        parse(r#"{"customer": {"email": "a@b.example"}, "orders": [{"id": 1}, {"id": 2}]}"#);
    let refused = |card: &str, value: &str| node_for_drop(&sample, card, value).unwrap_err();
    let EditError::OutsideData { reason } = refused("orders[0]", "customer.email") else {
        panic!()
    };
    assert_eq!(reason, "\"customer.email\" is outside the data of the card (\"orders[0]\")");
    let EditError::OutsideData { reason } = refused("orders[0]", "orders[1].id") else { panic!() };
    assert!(reason.contains("another item of the list"), "{reason}");
    let EditError::OutsideData { reason } = refused("orders", "orders[1].id") else { panic!() };
    assert!(reason.contains("list's item card"), "{reason}");
    assert_eq!(
        refused("", "customer.phone"),
        EditError::NoSuchValue { path: "customer.phone".into() }
    );
    assert_eq!(refused("", "orders[5]"), EditError::NoSuchValue { path: "orders[5]".into() });
    assert_eq!(
        refused("", "customer.phone").to_string(),
        "the sample data has no value at customer.phone"
    );
}

#[test]
fn keys_holding_a_dot_are_dropped_as_a_whole_path_or_refused_with_the_reason() {
    use crate::engine::edit::escape_key;
    use crate::engine::path::select_path;
    let sample = parse(
        r#"{"a.b": "exact", "a": {"b": "nested"}, "x": {"c.d": 1, "e[0]": 2, "y": {"f.g": 3}},
        "v%1": 4}"#,
    );
    assert_eq!(escape_key("c.d"), "c%2Ed");
    assert_eq!(escape_key("e[0]%"), "e%5B0%5D%25");
    assert_eq!(escape_key("plain_key"), "plain_key");
    let drop = |card: &str, value: &str| node_for_drop(&sample, card, value);
    // The key as the node's whole path: the renderer reads it back as that exact key.
    let read = |card: &str, value: &str| {
        let node = drop(card, value).unwrap();
        let path = node["path"].as_str().unwrap().to_string();
        let card_data = select_path(&sample, card).unwrap();
        (path.clone(), select_path(card_data, &path).map(Json::to_text))
    };
    assert_eq!(read("", "a%2Eb"), ("a.b".into(), Some("exact".into())));
    assert_eq!(read("x", "x.c%2Ed"), ("c.d".into(), Some("1".into())));
    assert_eq!(read("x", "x.e%5B0%5D"), ("e[0]".into(), Some("2".into())));
    assert_eq!(read("", "v%251"), ("v%1".into(), Some("4".into())));
    assert_eq!(read("", "x.y"), ("x.y".into(), Some(r#"{"f.g":3}"#.into())));
    // As one step of a longer path it would be read as two keys: refused, saying why.
    let refused = drop("", "x.c%2Ed").unwrap_err();
    assert_eq!(refused, EditError::KeyNotAStep { key: "c.d".into() });
    assert!(refused.to_string().contains("the key \"c.d\" holds a dot"), "{refused}");
    assert_eq!(drop("x", "x.y.f%2Eg"), Err(EditError::KeyNotAStep { key: "f.g".into() }));
    // The nested a -> b written "a.b" would show the exact key "a.b" instead: refused.
    let EditError::OutsideData { reason } = drop("", "a.b").unwrap_err() else { panic!() };
    assert!(reason.contains("also has a key \"a.b\""), "{reason}");
    assert_eq!(read("a", "a.b"), ("b".into(), Some("nested".into())));
    // An object holding such keys: a card whose fields read each key as it is.
    let card = drop("", "x").unwrap();
    let x = select_path(&sample, "x").unwrap();
    for field in card["widgets"].as_array().unwrap() {
        let path = field["path"].as_str().unwrap();
        assert_eq!(select_path(x, path), x.get(path), "{path}");
    }
}

#[test]
fn a_dropped_node_inserted_reads_the_value_it_was_made_from() {
    let sample =
        parse(r#"{"address": {"city": "Paris"}, "orders": [{"id": 1, "lines": [{"sku": "A"}]}]}"#);
    let w = widgets();
    let cases = [
        (at(0, &[0, 2]), "address.city", "Paris"),
        // The first line of each order: a path through an index is a value like any other.
        (at(0, &[0, 3, 0]), "orders[0].lines[0].sku", "A"),
    ];
    for (card, value, shown) in cases {
        let card_path = data_path_of(&w, &card).unwrap();
        let node = node_for_drop(&sample, &card_path, value).unwrap();
        let done = apply(&w, &Edit::Insert { parent: card.clone(), index: 0, node }).unwrap();
        let read_at = data_path_of(&done, &card.child(0)).unwrap();
        assert_eq!(read_at, value);
        let read = crate::engine::path::lookup(&sample, &read_at);
        assert_eq!(read.map(Json::to_text).as_deref(), Some(shown));
    }
}

#[test]
fn children_are_listed_in_the_order_the_sidebar_shows_them() {
    let card =
        parse(r#"{"type": "card", "widgets": [{"order": 2}, {}, {"order": 1}, {"order": 1}, {}]}"#);
    assert_eq!(display_order(&card), [2, 3, 0, 1, 4]);
    let list = parse(r#"{"type": "list", "widgets": [{}, {}]}"#);
    assert_eq!(display_order(&list), [0], "a list shows its first child only");
    assert_eq!(display_order(&parse(r#"{"type": "text", "widgets": [{}]}"#)), Vec::<usize>::new());
    assert_eq!(display_order(&parse(r#"{"type": "card"}"#)), Vec::<usize>::new());
    let w = widgets();
    assert_eq!(display_order(node_at(&w, &at(0, &[0])).unwrap()), [0, 1, 2, 3]);
}
