//! The one place that maps a template node's `type` to its view.

use super::{card::card_view, field::field_view, list::list_view, Place, WidgetEnv};
use crate::model::{Node, NodeKind};
use leptos::prelude::*;
use serde_json::Value;
use std::sync::Arc;

/// Renders one node over its parent's data.
pub fn node_view(node: Arc<Node>, parent: Signal<Value>, place: Place, env: WidgetEnv) -> AnyView {
    match &node.kind {
        NodeKind::Wrapper => wrapper_children(node, parent, env),
        NodeKind::Card => card_view(node, parent, place, env),
        NodeKind::List => list_view(node, parent, place, env),
        NodeKind::Field(ty) => {
            let ty = ty.clone();
            field_view(node, ty, parent, env)
        }
    }
}

/// A nested wrapper renders its children like a card without a frame.
fn wrapper_children(node: Arc<Node>, parent: Signal<Value>, env: WidgetEnv) -> AnyView {
    children_view(&node, parent, Place::TOP, env)
}

/// A node's children in display order, each over `data`.
pub fn children_view(node: &Node, data: Signal<Value>, child_place: Place, env: WidgetEnv) -> AnyView {
    crate::engine::layout::ordered_children(&node.widgets)
        .into_iter()
        .map(|child| node_view(child.clone(), data, child_place, env))
        .collect_view()
        .into_any()
}
