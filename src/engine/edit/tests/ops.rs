//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! Every edit but moves: each changes exactly what it names.

use super::*;
use crate::engine::edit::{apply, Edit, EditError};

const NAME: &str = r#"{"type":"text","path":"name","title":"Name"}"#;
const EMAIL: &str = r#"{"title":"Email","type":"email","path":"email","weird":[1,2]}"#;
const NEW: &str = r#"{"path":"phone","type":"text","z":1}"#;

fn insert(parent: NodeAddress, index: usize) -> Result<Json, EditError> {
    apply(&widgets(), &Edit::Insert { parent, index, node: parse(NEW) })
}

#[test]
fn insert_puts_the_node_at_its_place_and_changes_nothing_else() {
    let done = insert(at(0, &[0]), 1).unwrap();
    assert_eq!(done.to_string(), widgets_with(NAME, &format!("{NAME},{NEW}")));
    let first = insert(at(0, &[0]), 0).unwrap();
    assert_eq!(first.to_string(), widgets_with(NAME, &format!("{NEW},{NAME}")));
    // Past the end: last.
    let last = insert(at(0, &[0, 2]), 99).unwrap();
    let city = r#"{"type":"text","path":"city","title":"City"}"#;
    assert_eq!(last.to_string(), widgets_with(city, &format!("{city},{NEW}")));
    // The untouched parts are the very same values, not copies.
    let before = widgets();
    let after =
        apply(&before, &Edit::Insert { parent: at(0, &[0]), index: 0, node: parse(NEW) }).unwrap();
    assert_eq!(after[1].identity(), before[1].identity());
    assert_eq!(
        after[0]["template"]["widgets"][0]["widgets"][4].identity(),
        before[0]["template"]["widgets"][0]["widgets"][3].identity()
    );
}

#[test]
fn insert_into_a_container_without_children_adds_them() {
    let w = parse(r#"[{"template": {"type": "wrapper", "meta": {}}}]"#);
    let done = apply(&w, &Edit::Insert { parent: at(0, &[]), index: 3, node: parse(NEW) }).unwrap();
    assert_eq!(
        done.to_string(),
        format!(r#"[{{"template":{{"type":"wrapper","meta":{{}},"widgets":[{NEW}]}}}}]"#)
    );
    let null = parse(r#"[{"template": {"type": "card", "widgets": null, "title": "t"}}]"#);
    let done =
        apply(&null, &Edit::Insert { parent: at(0, &[]), index: 0, node: parse(NEW) }).unwrap();
    assert_eq!(
        done.to_string(),
        format!(r#"[{{"template":{{"type":"card","widgets":[{NEW}],"title":"t"}}}}]"#)
    );
}

#[test]
fn insert_is_refused_where_the_renderer_would_not_show_it() {
    assert_eq!(insert(at(0, &[0, 0]), 0), Err(EditError::NotAContainer), "into a field");
    assert_eq!(insert(at(0, &[0, 3]), 1), Err(EditError::ListFull), "a second item card");
    assert_eq!(insert(at(0, &[0, 9]), 0), Err(EditError::NoSuchNode));
    assert_eq!(insert(at(7, &[]), 0), Err(EditError::NoSuchWidget));
    let bad = parse(r#"[{"template": {"type": "card", "widgets": 5}}, 3]"#);
    let node = parse(NEW);
    let edit = |parent| Edit::Insert { parent, index: 0, node: node.clone() };
    assert_eq!(apply(&bad, &edit(at(0, &[]))), Err(EditError::NotAContainer));
    assert_eq!(apply(&bad, &edit(at(1, &[]))), Err(EditError::NoSuchWidget));
    assert_eq!(apply(&parse("{}"), &edit(at(0, &[]))), Err(EditError::NotWidgets));
    let not_a_node = Edit::Insert { parent: at(0, &[0]), index: 0, node: Json::from("x") };
    assert_eq!(apply(&widgets(), &not_a_node), Err(EditError::NodeNotObject));
    // An empty list takes its item card.
    let empty = parse(r#"[{"template": {"type": "list", "path": "orders", "widgets": []}}]"#);
    let done = apply(&empty, &edit(at(0, &[]))).unwrap();
    assert_eq!(
        done.to_string(),
        format!(r#"[{{"template":{{"type":"list","path":"orders","widgets":[{NEW}]}}}}]"#)
    );
}

#[test]
fn delete_removes_the_node_only() {
    let done = apply(&widgets(), &Edit::Delete { at: at(0, &[0, 1]) }).unwrap();
    assert_eq!(done.to_string(), widgets_with(&format!(",{EMAIL}"), ""));
    assert_eq!(apply(&widgets(), &Edit::Delete { at: at(0, &[]) }), Err(EditError::TemplateRoot));
    assert_eq!(apply(&widgets(), &Edit::Delete { at: at(0, &[0, 7]) }), Err(EditError::NoSuchNode));
    assert_eq!(
        apply(&widgets(), &Edit::Delete { at: at(0, &[0, 0, 0]) }),
        Err(EditError::NoSuchNode)
    );
}

#[test]
fn duplicate_inserts_a_copy_right_after() {
    let done = apply(&widgets(), &Edit::Duplicate { at: at(0, &[0, 1]) }).unwrap();
    assert_eq!(done.to_string(), widgets_with(EMAIL, &format!("{EMAIL},{EMAIL}")));
    assert_eq!(
        apply(&widgets(), &Edit::Duplicate { at: at(0, &[]) }),
        Err(EditError::TemplateRoot)
    );
    assert_eq!(
        apply(&widgets(), &Edit::Duplicate { at: at(0, &[0, 3, 0]) }),
        Err(EditError::ListFull)
    );
}

fn set(at: NodeAddress, key: &[&str], value: Option<&str>) -> Result<Json, EditError> {
    let key = key.iter().map(|k| k.to_string()).collect();
    apply(&widgets(), &Edit::SetProperty { at, key, value: value.map(parse) })
}

#[test]
fn set_property_replaces_in_place_adds_at_the_end_and_removes() {
    let meta = r#""meta":{"link":"","displayCard":true,"extra":1}"#;
    assert_eq!(
        set(at(0, &[0, 1]), &["title"], Some(r#""Mail""#)).unwrap().to_string(),
        widgets_with(EMAIL, r#"{"title":"Mail","type":"email","path":"email","weird":[1,2]}"#)
    );
    assert_eq!(
        set(at(0, &[0]), &["meta", "link"], Some(r#""https://x.example""#)).unwrap().to_string(),
        widgets_with(meta, r#""meta":{"link":"https://x.example","displayCard":true,"extra":1}"#)
    );
    assert_eq!(
        set(at(0, &[0]), &["meta", "custom", "links"], Some("[]")).unwrap().to_string(),
        widgets_with(
            meta,
            r#""meta":{"link":"","displayCard":true,"extra":1,"custom":{"links":[]}}"#
        )
    );
    assert_eq!(
        set(at(0, &[0]), &["meta", "displayCard"], None).unwrap().to_string(),
        widgets_with(meta, r#""meta":{"link":"","extra":1}"#)
    );
    // A node without meta gets one, at its end.
    assert_eq!(
        set(at(0, &[0, 0]), &["meta", "limit"], Some("20")).unwrap().to_string(),
        widgets_with(NAME, r#"{"type":"text","path":"name","title":"Name","meta":{"limit":20}}"#)
    );
    // Removing what is not there changes nothing.
    assert_eq!(
        set(at(0, &[0, 0]), &["meta", "limit"], None).unwrap().to_string(),
        compact(WIDGETS)
    );
    assert_eq!(set(at(0, &[0, 0]), &["nope"], None).unwrap().to_string(), compact(WIDGETS));
    assert_eq!(
        set(at(0, &[0, 1]), &["weird", "x"], Some("1")),
        Err(EditError::NotAnObject { key: "weird".into() })
    );
    assert_eq!(set(at(0, &[0]), &[], Some("1")), Err(EditError::EmptyKey));
    assert_eq!(set(at(0, &[0, 9]), &["title"], Some("1")), Err(EditError::NoSuchNode));
    let nodes = parse(r#"[{"template": {"type": "wrapper", "widgets": ["x"]}}]"#);
    let edit = Edit::SetProperty { at: at(0, &[0]), key: vec!["title".into()], value: None };
    assert_eq!(apply(&nodes, &edit), Err(EditError::NoSuchNode));
}

#[test]
fn set_widget_property_changes_the_widget_object() {
    let edit = |key: &[&str], value: Option<&str>| Edit::SetWidgetProperty {
        widget: 1,
        key: key.iter().map(|k| k.to_string()).collect(),
        value: value.map(parse),
    };
    let done = apply(&widgets(), &edit(&["context"], Some(r#""customer""#))).unwrap();
    assert_eq!(
        done.to_string(),
        widgets_with(r#"{"id":2,"context":"ticket""#, r#"{"id":2,"context":"customer""#)
    );
    let done = apply(&widgets(), &edit(&["order"], None)).unwrap();
    assert_eq!(
        done.to_string(),
        widgets_with(r#""integration_id":"7","order":1,"#, r#""integration_id":"7","#)
    );
    let edit = Edit::SetWidgetProperty { widget: 5, key: vec!["order".into()], value: None };
    assert_eq!(apply(&widgets(), &edit), Err(EditError::NoSuchWidget));
}

#[test]
fn widgets_are_moved_with_their_order_rewritten_inserted_replaced_and_deleted() {
    let w = parse(r#"[{"id": "a", "order": 5}, {"id": "b"}, {"order": 1, "id": "c"}]"#);
    let done = apply(&w, &Edit::MoveWidget { from: 2, to: 0 }).unwrap();
    assert_eq!(
        done.to_string(),
        r#"[{"order":0,"id":"c"},{"id":"a","order":1},{"id":"b","order":2}]"#
    );
    let done = apply(&w, &Edit::MoveWidget { from: 0, to: 9 }).unwrap();
    assert_eq!(
        done.to_string(),
        r#"[{"id":"b","order":0},{"order":1,"id":"c"},{"id":"a","order":2}]"#
    );
    assert_eq!(apply(&w, &Edit::MoveWidget { from: 3, to: 0 }), Err(EditError::NoSuchWidget));

    let new = parse(r#"{"id": "n", "template": {"type": "wrapper"}}"#);
    let done = apply(&w, &Edit::InsertWidget { index: 1, widget: new.clone() }).unwrap();
    assert_eq!(
        done.to_string(),
        format!(r#"[{{"id":"a","order":5}},{new},{{"id":"b"}},{{"order":1,"id":"c"}}]"#)
    );
    let done = apply(&w, &Edit::ReplaceWidget { index: 1, widget: new.clone() }).unwrap();
    assert_eq!(
        done.to_string(),
        format!(r#"[{{"id":"a","order":5}},{new},{{"order":1,"id":"c"}}]"#)
    );
    let done = apply(&w, &Edit::DeleteWidget { index: 0 }).unwrap();
    assert_eq!(done.to_string(), r#"[{"id":"b"},{"order":1,"id":"c"}]"#);
    assert_eq!(
        apply(&w, &Edit::ReplaceWidget { index: 3, widget: new.clone() }),
        Err(EditError::NoSuchWidget)
    );
    assert_eq!(apply(&w, &Edit::DeleteWidget { index: 3 }), Err(EditError::NoSuchWidget));
    assert_eq!(
        apply(&w, &Edit::InsertWidget { index: 0, widget: Json::Null }),
        Err(EditError::WidgetNotObject)
    );
    assert_eq!(
        apply(&w, &Edit::ReplaceWidget { index: 0, widget: Json::Null }),
        Err(EditError::WidgetNotObject)
    );
}

#[test]
fn siblings_with_an_order_show_in_the_order_the_edit_made() {
    // Seed-like: every child has its order, in array order.
    let w = parse(
        r#"[{"template": {"type": "card", "widgets": [
        {"order": 0, "path": "a"}, {"order": 1, "path": "b"}, {"order": 3, "path": "c"}, {"path": "d"}]}}]"#,
    );
    let insert = |index| {
        apply(&w, &Edit::Insert { parent: at(0, &[]), index, node: parse(r#"{"path": "n"}"#) })
            .unwrap()
            .to_string()
    };
    let children = |tail: &str| format!(r#"[{{"template":{{"type":"card","widgets":[{tail}]}}}}]"#);
    // It takes the order of the one before it (ties show in array order).
    assert_eq!(
        insert(2),
        children(
            r#"{"order":0,"path":"a"},{"order":1,"path":"b"},{"path":"n","order":1},{"order":3,"path":"c"},{"path":"d"}"#
        )
    );
    // First: the order of the one after it.
    assert_eq!(
        insert(0),
        children(
            r#"{"path":"n","order":0},{"order":0,"path":"a"},{"order":1,"path":"b"},{"order":3,"path":"c"},{"path":"d"}"#
        )
    );
    // Among those without an order, or last: none needed, none added.
    assert_eq!(
        insert(9),
        children(
            r#"{"order":0,"path":"a"},{"order":1,"path":"b"},{"order":3,"path":"c"},{"path":"d"},{"path":"n"}"#
        )
    );
    // A node with an order that would show it elsewhere loses it where its neighbours have none.
    let placed = apply(
        &w,
        &Edit::Insert { parent: at(0, &[]), index: 4, node: parse(r#"{"order": 0, "path": "n"}"#) },
    )
    .unwrap();
    assert_eq!(
        placed.to_string(),
        children(
            r#"{"order":0,"path":"a"},{"order":1,"path":"b"},{"order":3,"path":"c"},{"path":"d"},{"path":"n"}"#
        )
    );
}

#[test]
fn children_not_shown_in_array_order_are_put_in_the_order_shown() {
    // Shown: b (order 1), then a (order 2), then c (none); `index` is a place as shown.
    let shuffled = parse(
        r#"[{"template": {"type": "card", "widgets": [{"order": 2, "path": "a"}, {"order": 1, "path": "b"}, {"path": "c"}]}}]"#,
    );
    let children = |tail: &str| format!(r#"[{{"template":{{"type":"card","widgets":[{tail}]}}}}]"#);
    let new = parse(r#"{"path": "n"}"#);
    let done = apply(&shuffled, &Edit::Insert { parent: at(0, &[]), index: 1, node: new }).unwrap();
    assert_eq!(
        done.to_string(),
        children(
            r#"{"order":0,"path":"b"},{"path":"n","order":1},{"order":2,"path":"a"},{"path":"c","order":3}"#
        )
    );
    // "Move up" of a (shown second): shown first (once a is out, b and c show in array order:
    // only a's order changes).
    let up = apply(&shuffled, &Edit::Move { from: at(0, &[0]), to_parent: at(0, &[]), index: 0 });
    assert_eq!(
        up.unwrap().to_string(),
        children(r#"{"order":1,"path":"a"},{"order":1,"path":"b"},{"path":"c"}"#)
    );
    // "Move down" of b (shown first): shown second.
    let down = apply(&shuffled, &Edit::Move { from: at(0, &[1]), to_parent: at(0, &[]), index: 1 });
    assert_eq!(
        down.unwrap().to_string(),
        children(r#"{"order":2,"path":"a"},{"order":2,"path":"b"},{"path":"c"}"#)
    );
    // To the place it shows at: nothing changes.
    let same = apply(&shuffled, &Edit::Move { from: at(0, &[0]), to_parent: at(0, &[]), index: 1 });
    assert_eq!(same.unwrap().to_string(), shuffled.to_string());
    // A copy shows right after its original.
    let copy = apply(&shuffled, &Edit::Duplicate { at: at(0, &[1]) }).unwrap();
    assert_eq!(
        copy.to_string(),
        children(
            r#"{"order":0,"path":"b"},{"order":1,"path":"b"},{"order":2,"path":"a"},{"path":"c","order":3}"#
        )
    );
}
