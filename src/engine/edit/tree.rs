//! Finding a node by its address, rebuilding the spine above a changed node, and the `order` of
//! siblings: the pieces every edit is made of.

use super::{EditError, NodeAddress};
use crate::engine::layout::{compare_order, stable_order};
use crate::model::{Json, NodeKind};

/// The node at an address (None if there is none).
pub fn node_at<'a>(widgets: &'a Json, at: &NodeAddress) -> Option<&'a Json> {
    let mut node = widgets.as_array()?.get(at.widget)?.get("template")?;
    for &i in &at.path {
        node = node.get("widgets")?.as_array()?.get(i)?;
    }
    Some(node)
}

/// What a node is, by its `type` as the renderer reads it (trimmed; missing: a field).
pub(super) fn kind(node: &Json) -> NodeKind {
    NodeKind::from_type_name(node.get("type").and_then(Json::as_str).unwrap_or_default().trim())
}

/// The children of a card, list or wrapper (none when it has no `widgets` yet).
pub(super) fn children(node: &Json) -> Result<&[Json], EditError> {
    if matches!(kind(node), NodeKind::Field(_)) {
        return Err(EditError::NotAContainer);
    }
    match node.get("widgets") {
        None | Some(Json::Null) => Ok(&[]),
        Some(Json::Array(items)) => Ok(items),
        Some(_) => Err(EditError::NotAContainer),
    }
}

/// The node with these children (the `widgets` member replaced in its place, or added).
pub(super) fn with_children(node: &Json, children: Vec<Json>) -> Json {
    node.with_member("widgets", Json::from(children))
}

/// The widgets array's items, or why not.
pub(super) fn widget_list(widgets: &Json) -> Result<&[Json], EditError> {
    widgets.as_array().ok_or(EditError::NotWidgets)
}

/// The widgets with widget `index` replaced by what `change` makes of it.
pub(super) fn update_widget(
    widgets: &Json,
    index: usize,
    change: impl FnOnce(&Json) -> Result<Json, EditError>,
) -> Result<Json, EditError> {
    let widget = widget_list(widgets)?.get(index).ok_or(EditError::NoSuchWidget)?;
    if !widget.is_object() {
        return Err(EditError::NoSuchWidget);
    }
    Ok(widgets.with_item(index, change(widget)?))
}

/// The widgets with the node at `at` replaced by what `change` makes of it; every object and
/// array on the way is copied with that one item changed, everything else shared.
pub(super) fn update_node(
    widgets: &Json,
    at: &NodeAddress,
    change: impl FnOnce(&Json) -> Result<Json, EditError>,
) -> Result<Json, EditError> {
    update_widget(widgets, at.widget, |widget| {
        let template = widget.get("template").ok_or(EditError::NoSuchNode)?;
        Ok(widget.with_member("template", update_below(template, &at.path, change)?))
    })
}

fn update_below(
    node: &Json,
    path: &[usize],
    change: impl FnOnce(&Json) -> Result<Json, EditError>,
) -> Result<Json, EditError> {
    let Some((&first, rest)) = path.split_first() else { return change(node) };
    let list = node.get("widgets").ok_or(EditError::NoSuchNode)?;
    let child = list.as_array().and_then(|c| c.get(first)).ok_or(EditError::NoSuchNode)?;
    let changed = update_below(child, rest, change)?;
    Ok(node.with_member("widgets", list.with_item(first, changed)))
}

/// The `order` of a node as the renderer reads it (a number, else none).
fn order_of(node: &Json) -> Option<f64> {
    node.get("order").and_then(Json::as_f64)
}

/// The indexes of a container's children in the order the sidebar shows them: by ascending
/// `order`, those without one after, ties in array order (SPEC 2); a list shows its first child
/// only. A field has none.
pub fn display_order(node: &Json) -> Vec<usize> {
    let Ok(items) = children(node) else { return Vec::new() };
    if kind(node) == NodeKind::List {
        return if items.is_empty() { Vec::new() } else { vec![0] };
    }
    sibling_order(items)
}

/// The indexes of siblings in the order shown (the renderer's rule, `layout::ordered_children`).
fn sibling_order(items: &[Json]) -> Vec<usize> {
    let order = |i: usize| items.get(i).and_then(order_of);
    stable_order(items.len(), &|a, b| compare_order(order(a), order(b)))
}

/// Whether siblings show in their array order.
fn shown_in_array_order(items: &[Json]) -> bool {
    sibling_order(items).into_iter().enumerate().all(|(place, i)| place == i)
}

/// Where child `index` (an array index) of a container shows among its siblings.
pub(super) fn shown_place(items: &[Json], index: usize) -> usize {
    sibling_order(items).iter().position(|&i| i == index).unwrap_or(index)
}

/// The children with `node` put at shown place `place` (clamped), in an array whose order is the
/// order the sidebar shows them in, so that the node's index is its shown place. When the
/// children already show in array order (the usual case, and always once an edit placed a child
/// among them), the others
/// keep their place and `order`: the node takes the `order` of the one before it (or, first, of
/// the one after it; none when that one has none). Otherwise the array is put in the shown
/// order and each child's `order` becomes its index.
pub(super) fn place_child(items: &[Json], place: usize, node: Json) -> Vec<Json> {
    let place = place.min(items.len());
    if !shown_in_array_order(items) {
        let mut shown: Vec<Json> =
            sibling_order(items).into_iter().filter_map(|i| items.get(i).cloned()).collect();
        shown.insert(place, node);
        return renumbered(&shown);
    }
    let mut items = items.to_vec();
    items.insert(place, node);
    if shown_in_array_order(&items) {
        return items;
    }
    let neighbour = match place.checked_sub(1) {
        Some(before) => items.get(before),
        None => items.get(place + 1),
    };
    let wanted = neighbour.and_then(order_of);
    if let Some(node) = items.get_mut(place) {
        *node = match wanted {
            Some(n) => node.with_member("order", Json::from(n)),
            None => node.without_member("order"),
        };
    }
    if shown_in_array_order(&items) {
        items
    } else {
        renumbered(&items)
    }
}

/// Each child object's `order` set to its index.
fn renumbered(items: &[Json]) -> Vec<Json> {
    let number = |(i, n): (usize, &Json)| match n.is_object() {
        true => n.with_member("order", Json::from(i as f64)),
        false => n.clone(),
    };
    items.iter().enumerate().map(number).collect()
}
