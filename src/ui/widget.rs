//! One widget: its template over its integration's data, or a short error in its place.

use super::{node::children_view, node::node_view, Place, WidgetEnv};
use crate::engine::layout::widget_is_empty;
use crate::engine::safety::safe_color;
use crate::model::{Node, NodeKind, TemplateError};
use leptos::prelude::*;
use serde_json::Value;
use std::sync::Arc;

/// A widget whose template could not be read.
pub fn widget_error_view(key: &str, error: &TemplateError) -> AnyView {
    let message = error.to_string();
    web_sys::console::error_1(&format!("sidebar-widgets: widget {key} not shown: {message}").into());
    view! {
        <div class="sw-widget sw-widget--error" role="alert" data-widget=key.to_string()>
            <strong>"This widget could not be shown."</strong>
            " "<span class="sw-widget__reason">{message}</span>
        </div>
    }
    .into_any()
}

/// A widget over its data. `data` is `None` while there is none (the widget is then absent).
pub fn widget_view(key: String, template: Arc<Node>, data: Signal<Option<Value>>, env: WidgetEnv) -> AnyView {
    let empty_template = template.clone();
    let empty = Memo::new(move |_| data.with(|d| widget_is_empty(&empty_template, d.as_ref())));
    let value = Memo::new(move |_| data.get().unwrap_or(Value::Null));
    let accent = template.meta.color.as_deref().and_then(safe_color);
    (move || {
        if empty.get() {
            return ().into_any();
        }
        let style = accent.as_ref().map(|c| format!("--sw-accent: {c}"));
        let body = match template.kind {
            NodeKind::Wrapper => children_view(&template, value.into(), Place::TOP, env),
            _ => node_view(template.clone(), value.into(), Place::TOP, env),
        };
        let links = (template.kind == NodeKind::Wrapper && template.meta.has_custom_actions())
            .then(|| super::actions::custom_links_view(template.clone(), value.into(), Place::TOP, env));
        view! {
            <div class="sw-widget" class:sw-widget--accent=accent.is_some() style=style data-widget=key.clone()>
                {links}
                {body}
            </div>
        }
        .into_any()
    })
    .into_any()
}
