//! [`apply`]: one edit, over the widgets array.

use super::paths::{child_steps, rebase};
use super::tree::{
    children, kind, node_at, place_child, shown_place, update_node, update_widget, widget_list,
    with_children,
};
use super::{Edit, EditError, NodeAddress};
use crate::model::widget::id_string;
use crate::model::{Json, NodeKind};

/// The widgets after `edit`; `widgets` is the JSON array of widget objects. Changes only what the
/// edit names (every other member, its key order and spelling kept); the widgets given are left
/// as they were (undo keeps them).
pub fn apply(widgets: &Json, edit: &Edit) -> Result<Json, EditError> {
    match edit {
        Edit::Insert { parent, index, node } => {
            if !node.is_object() {
                return Err(EditError::NodeNotObject);
            }
            update_node(widgets, parent, |p| insert_child(p, *index, node.clone()))
        }
        Edit::Move { from, to_parent, index } => move_node(widgets, from, to_parent, *index),
        Edit::Delete { at } => {
            let (parent, index) = at.parent().ok_or(EditError::TemplateRoot)?;
            node_at(widgets, at).ok_or(EditError::NoSuchNode)?;
            update_node(widgets, &parent, |p| remove_child(p, index))
        }
        Edit::Duplicate { at } => {
            let (parent, index) = at.parent().ok_or(EditError::TemplateRoot)?;
            let copy = node_at(widgets, at).ok_or(EditError::NoSuchNode)?.clone();
            update_node(widgets, &parent, |p| {
                let place = shown_place(children(p)?, index);
                insert_child(p, place + 1, copy)
            })
        }
        Edit::SetProperty { at, key, value } => update_node(widgets, at, |node| {
            if !node.is_object() {
                return Err(EditError::NoSuchNode);
            }
            set_key(node, key, value.as_ref(), 0)
        }),
        Edit::SetWidgetProperty { widget, key, value } => {
            update_widget(widgets, *widget, |w| set_key(w, key, value.as_ref(), 0))
        }
        Edit::MoveWidget { from, to } => move_widget(widgets, *from, *to),
        Edit::InsertWidget { index, widget } => {
            widget_list(widgets)?;
            if !widget.is_object() {
                return Err(EditError::WidgetNotObject);
            }
            Ok(widgets.inserting(*index, widget.clone()))
        }
        Edit::ReplaceWidget { index, widget } => {
            if !widget.is_object() {
                return Err(EditError::WidgetNotObject);
            }
            update_widget(widgets, *index, |_| Ok(widget.clone()))
        }
        Edit::DeleteWidget { index } => {
            widget_list(widgets)?.get(*index).ok_or(EditError::NoSuchWidget)?;
            Ok(widgets.removing(*index))
        }
    }
}

/// The container with `node` at shown place `place` (clamped), its `order` fitted to that place
/// (see [`place_child`]).
fn insert_child(parent: &Json, place: usize, node: Json) -> Result<Json, EditError> {
    let items = children(parent)?;
    if kind(parent) == NodeKind::List && !items.is_empty() {
        return Err(EditError::ListFull);
    }
    Ok(with_children(parent, place_child(items, place, node)))
}

/// The container without child `index`.
fn remove_child(parent: &Json, index: usize) -> Result<Json, EditError> {
    let items = children(parent)?;
    if index >= items.len() {
        return Err(EditError::NoSuchNode);
    }
    let mut items = items.to_vec();
    items.remove(index);
    Ok(with_children(parent, items))
}

/// The key path set to `value` (or removed), objects created on the way; `depth` is how many
/// keys of `key` lead to `obj`.
fn set_key(
    obj: &Json,
    key: &[String],
    value: Option<&Json>,
    depth: usize,
) -> Result<Json, EditError> {
    let (first, rest) =
        key.get(depth..).unwrap_or_default().split_first().ok_or(EditError::EmptyKey)?;
    if rest.is_empty() {
        return Ok(match value {
            Some(v) => obj.with_member(first, v.clone()),
            None => obj.without_member(first),
        });
    }
    let inner = match obj.get(first) {
        Some(inner @ Json::Object(_)) => inner.clone(),
        // Nothing to remove below a missing key.
        None | Some(Json::Null) if value.is_none() => return Ok(obj.clone()),
        None | Some(Json::Null) => Json::object(Vec::<(String, Json)>::new()),
        Some(_) => {
            let on_the_way = key.get(..=depth).unwrap_or_default();
            return Err(EditError::NotAnObject { key: on_the_way.join(".") });
        }
    };
    Ok(obj.with_member(first, set_key(&inner, key, value, depth + 1)?))
}

/// Where a widget's data comes from: its integration (`None`: nowhere known).
fn source(widgets: &Json, widget: usize) -> Option<String> {
    widgets.as_array()?.get(widget)?.get("integration_id").and_then(id_string)
}

/// The node at `from` as it must be written under `to_parent` to show the same data (its path,
/// or a wrapper's children's paths, rewritten): what a paste of a copied node inserts, so that
/// the copy shows what the original shows. [`EditError::OutsideData`] with the reason when no
/// path can, as for a move. (To paste a node as it is written, insert [`node_at`]'s value.)
pub fn copy_for(
    widgets: &Json,
    from: &NodeAddress,
    to_parent: &NodeAddress,
) -> Result<Json, EditError> {
    let node = node_at(widgets, from).ok_or(EditError::NoSuchNode)?;
    let (from_parent, _) = from.parent().ok_or(EditError::TemplateRoot)?;
    children(node_at(widgets, to_parent).ok_or(EditError::NoSuchNode)?)?;
    rebased(widgets, node, &from_parent, to_parent)
}

/// `node`, a child of `from_parent`, rewritten to show the same data as a child of `to_parent`.
fn rebased(
    widgets: &Json,
    node: &Json,
    from_parent: &NodeAddress,
    to_parent: &NodeAddress,
) -> Result<Json, EditError> {
    if from_parent.widget != to_parent.widget {
        let here = source(widgets, from_parent.widget);
        if here.is_none() || here != source(widgets, to_parent.widget) {
            return Err(EditError::OutsideData {
                reason: "the other widget shows another integration's data".into(),
            });
        }
    }
    let unreadable = || EditError::OutsideData {
        reason: "the data its card reads cannot be worked out (a path on the way cannot be read)"
            .into(),
    };
    let old_base = child_steps(widgets, from_parent).ok_or_else(unreadable)?;
    let new_base = child_steps(widgets, to_parent).ok_or_else(unreadable)?;
    rebase(node, &old_base, &new_base)
}

/// [`Edit::Move`].
fn move_node(
    widgets: &Json,
    from: &NodeAddress,
    to_parent: &NodeAddress,
    index: usize,
) -> Result<Json, EditError> {
    let (from_parent, from_index) = from.parent().ok_or(EditError::TemplateRoot)?;
    let node = node_at(widgets, from).ok_or(EditError::NoSuchNode)?;
    let target = node_at(widgets, to_parent).ok_or(EditError::NoSuchNode)?;
    let siblings = children(target)?;
    let last = siblings.len().saturating_sub(1);
    if from_parent == *to_parent && index.min(last) == shown_place(siblings, from_index) {
        return Ok(widgets.clone());
    }
    if to_parent.widget == from.widget && to_parent.path.starts_with(&from.path) {
        return Err(EditError::IntoItself);
    }
    if kind(target) == NodeKind::List && !siblings.is_empty() && from_parent != *to_parent {
        return Err(EditError::ListFull);
    }
    let moved = rebased(widgets, node, &from_parent, to_parent)?;
    let removed = update_node(widgets, &from_parent, |p| remove_child(p, from_index))?;
    // The new parent's address once the node is out: a later sibling of the node on its way
    // moved up by one.
    let mut dest = to_parent.clone();
    let depth = from_parent.path.len();
    if dest.widget == from.widget && dest.path.starts_with(&from_parent.path) {
        if let Some(step) = dest.path.get_mut(depth) {
            if *step > from_index {
                *step -= 1;
            }
        }
    }
    update_node(&removed, &dest, |p| insert_child(p, index, moved))
}

fn move_widget(widgets: &Json, from: usize, to: usize) -> Result<Json, EditError> {
    let mut items = widget_list(widgets)?.to_vec();
    if from >= items.len() {
        return Err(EditError::NoSuchWidget);
    }
    let widget = items.remove(from);
    items.insert(to.min(items.len()), widget);
    let renumbered =
        items
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if w.is_object() {
                    w.with_member("order", Json::from(i as f64))
                } else {
                    w.clone()
                }
            })
            .collect::<Vec<_>>();
    Ok(Json::from(renumbered))
}
