//! Leptos views. They only render what the engine decided.

pub mod actions;
pub mod card;
pub mod field;
pub mod list;
pub mod loader;
pub mod locale;
pub mod node;
pub mod sidebar;
pub mod widget;

use crate::model::Context;
use leptos::prelude::*;
use serde_json::Value;

/// What every node of one widget can see besides its data.
#[derive(Clone, Copy)]
pub struct WidgetEnv {
    /// `ticket`, `customer`, `current_user`.
    pub context: Signal<Context>,
    /// The integration's name: the default title of root cards.
    pub integration_name: Signal<String>,
    /// The integration's id (`$integrationId`).
    pub integration_id: StoredValue<String>,
    /// The widget's id, named in `sidebar-widgets:action` events.
    pub widget_key: StoredValue<String>,
    /// Where custom actions are sent through, when the host has a proxy.
    pub action_proxy: Signal<Option<String>>,
    /// Milliseconds before a request is aborted.
    pub timeout_ms: Signal<u32>,
}

/// Where a node stands in its widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// A root card: a direct child of the wrapper, or the item card of a list that is one.
    pub root: bool,
    /// List items after the first start collapsed.
    pub start_collapsed: bool,
    /// The item's index in its list (`$listIndex`), when inside a list.
    pub list_index: Option<usize>,
}

impl Place {
    pub const TOP: Place = Place { root: true, start_collapsed: false, list_index: None };
    pub const NESTED: Place = Place { root: false, start_collapsed: false, list_index: None };
}

/// A value for templates: missing becomes null.
pub fn or_null(v: Option<&Value>) -> Value {
    v.cloned().unwrap_or(Value::Null)
}
