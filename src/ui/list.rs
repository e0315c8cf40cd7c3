//! A list: its first child once per item, `limit` at first, "N more" for the rest.

use super::{node::node_view, Place, WidgetEnv};
use crate::engine::layout::{hidden_when_empty, list_array, list_items, list_page_size, node_data, ListItem};
use crate::model::Node;
use leptos::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// The list's items in display order, and where each key's data is in the array.
#[derive(Clone, Debug, PartialEq, Default)]
struct ListLayout {
    items: Vec<ListItem>,
    index_of: HashMap<String, usize>,
}

pub fn list_view(node: Arc<Node>, parent: Signal<Value>, place: Place, env: WidgetEnv) -> AnyView {
    let Some(child) = node.widgets.first().cloned() else {
        return ().into_any();
    };
    let array_node = node.clone();
    let array = Memo::new(move |_| {
        parent.with(|p| {
            if hidden_when_empty(&array_node, p) {
                return Vec::new();
            }
            list_array(node_data(&array_node, p)).cloned().unwrap_or_default()
        })
    });
    let order_by = node.meta.order_by.clone();
    let layout = Memo::new(move |_| {
        array.with(|a| {
            let items = list_items(a, order_by.as_deref());
            let index_of = items.iter().map(|i| (i.key.clone(), i.index)).collect();
            ListLayout { items, index_of }
        })
    });
    let page = list_page_size(&node);
    let shown = RwSignal::new(page);
    let visible = move || layout.with(|l| l.items.iter().take(shown.get()).cloned().enumerate().collect::<Vec<_>>());
    let remaining = move || layout.with(|l| l.items.len()).saturating_sub(shown.get());
    // The item card of a list directly under the wrapper is a root card.
    let item_root = place.root;
    let has_items = Memo::new(move |_| array.with(|a| !a.is_empty()));

    (move || {
        if !has_items.get() {
            return ().into_any();
        }
        let child = child.clone();
        view! {
            <div class="sw-list">
                <For
                    each=visible
                    key=|(_, item)| item.key.clone()
                    children=move |(position, item): (usize, ListItem)| {
                        let key = item.key.clone();
                        let index = Memo::new(move |_| layout.with(|l| l.index_of.get(&key).copied()));
                        let data = Memo::new(move |_| {
                            index.get().and_then(|i| array.with(|a| a.get(i).cloned())).unwrap_or(Value::Null)
                        });
                        let item_place = Place {
                            root: item_root,
                            start_collapsed: position > 0,
                            list_index: Some(item.index),
                        };
                        node_view(child.clone(), data.into(), item_place, env)
                    }
                />
                {move || {
                    let n = remaining();
                    (n > 0).then(|| view! {
                        <button type="button" class="sw-list__more" on:click=move |_| shown.update(|s| *s += page)>
                            {format!("{n} more")}
                        </button>
                    })
                }}
            </div>
        }
        .into_any()
    })
    .into_any()
}
