//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! Moves: within a parent, to another card (the path rewritten to stay on the same data, or the
//! move refused with the reason), into another widget of the same integration.

use super::*;
use crate::engine::edit::{apply, copy_for, data_path_of, node_at, Edit, EditError};

fn mv(
    w: &Json,
    from: NodeAddress,
    to_parent: NodeAddress,
    index: usize,
) -> Result<Json, EditError> {
    apply(w, &Edit::Move { from, to_parent, index })
}

fn reason(r: Result<Json, EditError>) -> String {
    match r {
        Err(EditError::OutsideData { reason }) => reason,
        other => panic!("expected OutsideData, got {other:?}"),
    }
}

const NAME: &str = r#"{"type":"text","path":"name","title":"Name"}"#;
const EMAIL: &str = r#"{"title":"Email","type":"email","path":"email","weird":[1,2]}"#;

#[test]
fn a_move_within_its_parent_changes_its_place_only() {
    let down = mv(&widgets(), at(0, &[0, 0]), at(0, &[0]), 1).unwrap();
    assert_eq!(
        down.to_string(),
        widgets_with(&format!("{NAME},{EMAIL}"), &format!("{EMAIL},{NAME}"))
    );
    let up = mv(&widgets(), at(0, &[0, 1]), at(0, &[0]), 0).unwrap();
    assert_eq!(up.to_string(), down.to_string());
    // To its own place: nothing changes.
    let same = mv(&widgets(), at(0, &[0, 1]), at(0, &[0]), 1).unwrap();
    assert_eq!(same.to_string(), compact(WIDGETS));
    // Past the end: last.
    let last = mv(&widgets(), at(0, &[0, 0]), at(0, &[0]), 99).unwrap();
    assert_eq!(node_at(&last, &at(0, &[0, 3])).unwrap().to_string(), NAME);
}

#[test]
fn a_node_moved_to_another_card_keeps_showing_the_same_data() {
    // City (address.city) out of the address card into the shop card: `address.city`.
    let out = mv(&widgets(), at(0, &[0, 2, 0]), at(0, &[0]), 0).unwrap();
    assert_eq!(
        node_at(&out, &at(0, &[0, 0])).unwrap().to_string(),
        r#"{"type":"text","path":"address.city","title":"City"}"#
    );
    assert_eq!(data_path_of(&out, &at(0, &[0, 0])).as_deref(), Some("address.city"));
    // And back in: `city` again, the text as it was.
    let back = mv(&out, at(0, &[0, 0]), at(0, &[0, 3]), 0).unwrap();
    assert_eq!(back.to_string(), compact(WIDGETS));
    // Into the widget's panel (the wrapper passes the same data on): the path stays.
    let panel = mv(&widgets(), at(0, &[0, 0]), at(0, &[]), 1).unwrap();
    assert_eq!(node_at(&panel, &at(0, &[1])).unwrap().to_string(), NAME);
}

#[test]
fn a_move_that_cannot_stay_on_its_data_is_refused_with_the_reason() {
    // Name (the shop's) into the address card: not inside the address.
    let why = reason(mv(&widgets(), at(0, &[0, 0]), at(0, &[0, 2]), 0));
    assert!(why.contains("\"name\" is outside the data of the card (\"address\")"), "{why}");
    // A field of each order out of the list's item card.
    let why = reason(mv(&widgets(), at(0, &[0, 3, 0, 0]), at(0, &[0]), 0));
    assert!(why.contains("each item of the list \"orders\""), "{why}");
    // The shop's name into the order card.
    let why = reason(mv(&widgets(), at(0, &[0, 0]), at(0, &[0, 3, 0]), 0));
    assert!(why.contains("outside the data of the card (\"orders[0]\")"), "{why}");
    // A field on the first order, into the card that shows each order.
    let first = parse(
        r#"[{"integration_id": 1, "template": {"type": "card", "widgets": [
        {"type": "text", "path": "orders[0].id"},
        {"type": "list", "path": "orders", "widgets": [{"type": "card", "widgets": []}]}]}}]"#,
    );
    let why = reason(mv(&first, at(0, &[0]), at(0, &[1, 0]), 0));
    assert_eq!(why, "\"orders[0].id\" reads one given item of the list \"orders\", not each item the card shows");
    // The list's item card out of its list.
    let why = reason(mv(&widgets(), at(0, &[0, 3, 0]), at(0, &[0]), 0));
    assert!(why.contains("each item of the list \"orders\""), "{why}");
    // Into a widget of another integration.
    let why = reason(mv(&widgets(), at(0, &[0, 0]), at(2, &[]), 0));
    assert!(why.contains("another integration"), "{why}");
}

#[test]
fn moves_that_make_no_sense_are_refused() {
    let w = widgets();
    assert_eq!(mv(&w, at(0, &[0, 2]), at(0, &[0, 2]), 0), Err(EditError::IntoItself));
    assert_eq!(mv(&w, at(0, &[0]), at(0, &[0, 2]), 0), Err(EditError::IntoItself));
    assert_eq!(mv(&w, at(0, &[]), at(1, &[]), 0), Err(EditError::TemplateRoot));
    assert_eq!(mv(&w, at(0, &[0, 9]), at(0, &[]), 0), Err(EditError::NoSuchNode));
    assert_eq!(mv(&w, at(0, &[0, 0]), at(0, &[0, 9]), 0), Err(EditError::NoSuchNode));
    assert_eq!(mv(&w, at(0, &[0, 0]), at(0, &[0, 1]), 0), Err(EditError::NotAContainer));
    // A list has one item card: a second one is refused, the same one stays where it is.
    assert_eq!(mv(&w, at(0, &[0, 2]), at(0, &[0, 3]), 0), Err(EditError::ListFull));
    assert_eq!(mv(&w, at(0, &[0, 3, 0]), at(0, &[0, 3]), 5).unwrap().to_string(), compact(WIDGETS));
}

#[test]
fn a_node_moves_to_another_widget_of_the_same_integration() {
    // Widget 1's card reads `address` of the same integration (its id written "7").
    let city = mv(&widgets(), at(0, &[0, 2, 0]), at(1, &[0]), 0).unwrap();
    let ship_to = r#"{"type":"card","path":"address","title":"Ship to","widgets":[]}"#;
    let moved = r#"{"type":"card","path":"address","title":"Ship to","widgets":[{"type":"text","path":"city","title":"City"}]}"#;
    let expected = widgets_with(r#"[{"type":"text","path":"city","title":"City"}]"#, "[]");
    assert_eq!(city.to_string(), expected.replacen(ship_to, moved, 1));
    // The shop's whole address card into widget 1's panel: it keeps its path.
    let card = mv(&widgets(), at(0, &[0, 2]), at(1, &[]), 1).unwrap();
    assert_eq!(data_path_of(&card, &at(1, &[1, 0])).as_deref(), Some("address.city"));
    let why = reason(mv(&widgets(), at(0, &[0, 0]), at(1, &[0]), 0));
    assert!(why.contains("outside"), "{why}");
    // Widgets without an integration share no data.
    let bare = parse(
        r#"[{"template": {"type": "wrapper", "widgets": [{"type": "text"}]}}, {"template": {"type": "wrapper"}}]"#,
    );
    assert!(reason(mv(&bare, at(0, &[0]), at(1, &[]), 0)).contains("another integration"));
}

#[test]
fn the_new_parent_is_found_when_the_move_shifts_its_place() {
    // The field is before the card it goes into: once it is out, the card is one place up.
    let w = parse(
        r#"[{"integration_id": 1, "template": {"type": "card", "widgets": [
        {"type": "text", "path": "address.zip"},
        {"type": "card", "path": "address", "widgets": [{"type": "text", "path": "city"}]}]}}]"#,
    );
    let done = mv(&w, at(0, &[0]), at(0, &[1]), 1).unwrap();
    assert_eq!(
        done.to_string(),
        r#"[{"integration_id":1,"template":{"type":"card","widgets":[{"type":"card","path":"address","widgets":[{"type":"text","path":"city"},{"type":"text","path":"zip"}]}]}}]"#
    );
}

#[test]
fn a_wrapper_moved_takes_its_childrens_paths_along() {
    // A wrapper passes its parent's data on: its children's paths are what must change.
    let w = parse(
        r#"[{"integration_id": 1, "template": {"type": "wrapper", "widgets": [
        {"type": "card", "path": "customer", "widgets": [
            {"type": "wrapper", "widgets": [{"type": "text", "path": "name"}, {"type": "text"}]}]}]}}]"#,
    );
    let done = mv(&w, at(0, &[0, 0]), at(0, &[]), 0).unwrap();
    assert_eq!(
        node_at(&done, &at(0, &[0])).unwrap().to_string(),
        r#"{"type":"wrapper","widgets":[{"type":"text","path":"customer.name"},{"type":"text","path":"customer"}]}"#
    );
}

#[test]
fn paths_a_node_cannot_be_moved_with_are_refused_not_guessed() {
    let w = parse(
        r#"[{"integration_id": 1, "template": {"type": "card", "widgets": [
        {"type": "card", "path": "a", "widgets": [{"type": "text", "path": "x[0"}]},
        {"type": "card", "path": "b", "widgets": []},
        {"type": "card", "path": "tags", "widgets": [{"type": "text", "path": "[1]"}]}]}}]"#,
    );
    assert!(reason(mv(&w, at(0, &[0, 0]), at(0, &[1]), 0)).contains("cannot be read"));
    // A field on an item of an array cannot go into a card whose data is that array.
    let into_root = mv(&w, at(0, &[2, 0]), at(0, &[]), 0).unwrap();
    assert_eq!(node_at(&into_root, &at(0, &[0])).unwrap()["path"].as_str(), Some("tags[1]"));
    let why = reason(mv(&into_root, at(0, &[0]), at(0, &[3]), 0));
    assert!(why.contains("is an item of a list"), "{why}");
}

#[test]
fn a_copy_pasted_elsewhere_shows_the_same_data() {
    let w = widgets();
    // City (address.city) pasted into the shop card, and into widget 1's card (same integration).
    let copy = copy_for(&w, &at(0, &[0, 2, 0]), &at(0, &[0])).unwrap();
    assert_eq!(copy.to_string(), r#"{"type":"text","path":"address.city","title":"City"}"#);
    let copy = copy_for(&w, &at(0, &[0, 2, 0]), &at(1, &[0])).unwrap();
    assert_eq!(copy.to_string(), r#"{"type":"text","path":"city","title":"City"}"#);
    let pasted = apply(
        &w,
        &Edit::Insert {
            parent: at(0, &[0]),
            index: 0,
            node: copy_for(&w, &at(0, &[0, 2, 0]), &at(0, &[0])).unwrap(),
        },
    )
    .unwrap();
    assert_eq!(data_path_of(&pasted, &at(0, &[0, 0])).as_deref(), Some("address.city"));
    // Refused as a move would be; the original is untouched either way.
    assert!(reason(copy_for(&w, &at(0, &[0, 0]), &at(0, &[0, 2]))).contains("outside"));
    assert!(reason(copy_for(&w, &at(0, &[0, 0]), &at(2, &[]))).contains("another integration"));
    assert_eq!(copy_for(&w, &at(0, &[]), &at(0, &[0])), Err(EditError::TemplateRoot));
    assert_eq!(copy_for(&w, &at(0, &[0, 0]), &at(0, &[0, 1])), Err(EditError::NotAContainer));
    assert_eq!(copy_for(&w, &at(0, &[0, 9]), &at(0, &[0])), Err(EditError::NoSuchNode));
}
