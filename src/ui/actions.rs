//! Custom actions on root cards: links (and, later, buttons).

use super::{Place, WidgetEnv};
use crate::engine::safety::safe_link_url;
use crate::engine::vars::{interpolate, Scope};
use crate::model::Node;
use leptos::prelude::*;
use serde_json::Value;
use std::sync::Arc;

/// The card's custom links, label and URL resolved with variables; refused URLs show as text.
pub fn custom_links_view(node: Arc<Node>, data: Signal<Value>, place: Place, env: WidgetEnv) -> AnyView {
    if node.meta.custom_links.is_empty() {
        return ().into_any();
    }
    let links = Memo::new(move |_| {
        let list_index = place.list_index.map(|i| Value::from(i as u64)).unwrap_or(Value::Null);
        let integration_id = Value::String(env.integration_id.get_value());
        data.with(|d| {
            env.context.with(|c| {
                let mut globals = c.globals().to_vec();
                globals.push(("$listIndex", &list_index));
                globals.push(("$integrationId", &integration_id));
                globals.push(("$appId", &integration_id));
                let scope = Scope { data: d, globals, tz_offset_minutes: super::locale::local_offset_minutes() };
                node.meta
                    .custom_links
                    .iter()
                    .map(|l| {
                        let label = interpolate(&l.label, &scope);
                        let url = interpolate(&l.url, &scope);
                        let label = if label.trim().is_empty() { url.clone() } else { label };
                        (label, safe_link_url(&url))
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        <div class="sw-actions">
            {move || links.get().into_iter().map(|(label, href)| match href {
                Some(href) => view! {
                    <a class="sw-action sw-action--link sw-link" href=href target="_blank" rel="noopener noreferrer">{label}</a>
                }.into_any(),
                None => view! {
                    <span class="sw-action sw-action--refused" title="This link was refused: only http, https and mailto links open">{label}</span>
                }.into_any(),
            }).collect_view()}
        </div>
    }
    .into_any()
}
