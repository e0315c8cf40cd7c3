//! Compiled for tests only: its parent declares it under #[cfg(test)].
//!
//! Every expectation compares JSON *text* (`to_string`, key order included): `Json`'s `==`
//! ignores the order of object keys, and the editor must keep it.

use crate::engine::edit::NodeAddress;
use crate::model::Json;

mod button;
mod data;
mod history;
mod moves;
mod ops;
mod property;
mod readers;
mod roundtrip;
mod speed;

/// JSON text as the sidebar reads it (a test's own input: it must parse).
pub(super) fn parse(text: &str) -> Json {
    match Json::parse(text) {
        Ok(v) => v,
        Err(e) => panic!("{e}: {text}"),
    }
}

/// The compact text of JSON text (its keys in their order).
pub(super) fn compact(text: &str) -> String {
    parse(text).to_string()
}

/// The address of a node: widget, then child indexes.
pub(super) fn at(widget: usize, path: &[usize]) -> NodeAddress {
    NodeAddress { widget, path: path.to_vec() }
}

/// Three widgets: two of integration 7 (written `7` and `"7"`), one of integration 9; keys in no
/// particular order, unknown keys and Gorgias's legacy spellings (`"limit": ""`).
pub(super) const WIDGETS: &str = r#"[
 {"id": 1, "context": "ticket", "type": "http", "integration_id": 7, "order": 0, "x-unknown": {"keep": true},
  "template": {"type": "wrapper", "widgets": [
    {"type": "card", "title": "Shop", "path": "", "meta": {"link": "", "displayCard": true, "extra": 1}, "widgets": [
       {"type": "text", "path": "name", "title": "Name"},
       {"title": "Email", "type": "email", "path": "email", "weird": [1, 2]},
       {"type": "card", "path": "address", "title": "Address", "widgets": [
           {"type": "text", "path": "city", "title": "City"}]},
       {"type": "list", "path": "orders", "meta": {"limit": "", "orderBy": ""}, "widgets": [
           {"type": "card", "title": "Order {{name}}", "widgets": [
               {"type": "text", "path": "name", "title": "Order"},
               {"type": "date", "path": "created_at", "title": "Placed"}]}]}]}]}},
 {"id": 2, "context": "ticket", "integration_id": "7", "order": 1, "template": {"type": "wrapper", "widgets": [
    {"type": "card", "path": "address", "title": "Ship to", "widgets": []}]}},
 {"id": 3, "integration_id": 9, "order": 2, "template": {"type": "wrapper", "widgets": []}}
]"#;

/// [`WIDGETS`], read.
pub(super) fn widgets() -> Json {
    parse(WIDGETS)
}

/// The compact text of [`WIDGETS`] with the first `from` replaced by `to` (both compact JSON
/// fragments): what an edit that changes only that part gives.
pub(super) fn widgets_with(from: &str, to: &str) -> String {
    let text = compact(WIDGETS);
    assert!(text.contains(from), "{from} is not in {text}");
    text.replacen(from, to, 1)
}

/// Every node address of every widget, parents before their children.
pub(super) fn addresses(widgets: &Json) -> Vec<NodeAddress> {
    fn walk(widgets: &Json, at: NodeAddress, out: &mut Vec<NodeAddress>) {
        let Some(node) = crate::engine::edit::node_at(widgets, &at) else { return };
        let count = node.get("widgets").and_then(Json::as_array).map_or(0, <[Json]>::len);
        out.push(at.clone());
        for i in 0..count {
            walk(widgets, at.child(i), out);
        }
    }
    let mut out = Vec::new();
    for w in 0..widgets.as_array().map_or(0, <[Json]>::len) {
        walk(widgets, NodeAddress::root(w), &mut out);
    }
    out
}
