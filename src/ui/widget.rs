//! One widget: its template over its integration's data, or a short error in its place.

use super::loader::LoadStatus;
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

/// The loading placeholder, or the error with its Retry control.
fn status_view(status: LoadStatus, name: String, on_retry: Callback<()>, stale: bool) -> AnyView {
    match status {
        LoadStatus::Idle => ().into_any(),
        LoadStatus::Loading if stale => ().into_any(),
        LoadStatus::Loading => view! {
            <div class="sw-status sw-status--loading" aria-busy="true" role="status">
                <span class="sw-status__text">{format!("Loading {name}…")}</span>
            </div>
        }
        .into_any(),
        LoadStatus::Failed(why) => {
            let text = if stale { format!("Could not refresh {name}: {why}") } else { format!("{name}: {why}") };
            view! {
                <div class="sw-status sw-status--error" role="alert">
                    <span class="sw-status__text">{text}</span>
                    " "
                    <button type="button" class="sw-retry" on:click=move |_| on_retry.run(())>"Retry"</button>
                </div>
            }
            .into_any()
        }
    }
}

/// A widget over its data. `data` is `None` while there is none: the widget is then absent, or
/// shows its integration's loading placeholder or error.
pub fn widget_view(
    key: String,
    template: Arc<Node>,
    data: Signal<Option<Value>>,
    status: Signal<LoadStatus>,
    on_retry: Callback<()>,
    env: WidgetEnv,
) -> AnyView {
    let empty_template = template.clone();
    let empty = Memo::new(move |_| data.with(|d| widget_is_empty(&empty_template, d.as_ref())));
    let value = Memo::new(move |_| data.get().unwrap_or(Value::Null));
    let accent = template.meta.color.as_deref().and_then(safe_color);
    let status_key = key.clone();
    (move || {
        if empty.get() {
            let shown = status.get();
            if shown == LoadStatus::Idle {
                return ().into_any();
            }
            let name = env.integration_name.get_untracked();
            let name = if name.is_empty() { "this widget".to_string() } else { name };
            return view! {
                <div class="sw-widget sw-widget--status" data-widget=status_key.clone()>
                    {status_view(shown, name, on_retry, false)}
                </div>
            }
            .into_any();
        }
        let accent_value = accent.clone();
        let body = match template.kind {
            NodeKind::Wrapper => children_view(&template, value.into(), Place::TOP, env),
            _ => node_view(template.clone(), value.into(), Place::TOP, env),
        };
        let links = (template.kind == NodeKind::Wrapper && template.meta.has_custom_actions())
            .then(|| super::actions::custom_actions_view(template.clone(), value.into(), Place::TOP, env));
        view! {
            <div class="sw-widget" class:sw-widget--accent=accent.is_some() style:--sw-accent=accent_value data-widget=key.clone()
                class:sw-widget--refreshing=move || status.get() == LoadStatus::Loading>
                {move || status_view(status.get(), env.integration_name.get(), on_retry, true)}
                {links}
                {body}
            </div>
        }
        .into_any()
    })
    .into_any()
}
