//! The sidebar: the widgets of the current view, by ascending `order`.

use super::loader::{start_loader, IntegrationLoad};
use super::{widget::widget_error_view, widget::widget_view, WidgetEnv};
use crate::model::{Context, Integration, Theme, View, Widget};
use leptos::prelude::*;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Everything a mounted sidebar shows, one signal per part so that an update of the data does not
/// touch the templates.
#[derive(Clone, Copy)]
pub struct SidebarState {
    /// The widgets, and a generation that changes whenever they are replaced.
    pub widgets: RwSignal<(u64, Vec<Widget>)>,
    pub integrations: RwSignal<Vec<Integration>>,
    pub data: RwSignal<Map<String, Value>>,
    pub context: RwSignal<Context>,
    pub view: RwSignal<View>,
    pub theme: RwSignal<Theme>,
    pub action_proxy: RwSignal<Option<String>>,
    /// Milliseconds before a request is aborted.
    pub timeout_ms: RwSignal<u32>,
    /// Data the sidebar fetched itself, by integration id (given `data` wins).
    pub fetched: RwSignal<Map<String, Value>>,
    /// The state of each integration's request.
    pub loads: RwSignal<HashMap<String, IntegrationLoad>>,
}

impl SidebarState {
    pub fn new() -> SidebarState {
        SidebarState {
            widgets: RwSignal::new((0, Vec::new())),
            integrations: RwSignal::new(Vec::new()),
            data: RwSignal::new(Map::new()),
            context: RwSignal::new(Context::default()),
            view: RwSignal::new(View::Ticket),
            theme: RwSignal::new(Theme::Auto),
            action_proxy: RwSignal::new(None),
            timeout_ms: RwSignal::new(crate::net::DEFAULT_TIMEOUT_MS),
            fetched: RwSignal::new(Map::new()),
            loads: RwSignal::new(HashMap::new()),
        }
    }
}

impl Default for SidebarState {
    fn default() -> Self {
        SidebarState::new()
    }
}

/// The widgets to show, in order, each with a key that changes when the widgets are replaced.
fn shown_widgets(state: SidebarState) -> Vec<(String, Widget)> {
    let view = state.view.get();
    state.widgets.with(|(generation, widgets)| {
        let mut shown: Vec<&Widget> = widgets.iter().filter(|w| w.shown_in(view)).collect();
        shown.sort_by(|a, b| crate::engine::layout::compare_order(a.order, b.order));
        shown.into_iter().map(|w| (format!("{generation}:{}", w.key), w.clone())).collect()
    })
}

#[component]
pub fn Sidebar(
    /// The mounted sidebar's state.
    state: SidebarState,
) -> impl IntoView {
    let theme = move || state.theme.get().name();
    start_loader(state);
    view! {
        <div class="sw-sidebar" data-theme=theme>
            <For
                each=move || shown_widgets(state)
                key=|(key, _)| key.clone()
                children=move |(_, widget): (String, Widget)| one_widget(state, widget)
            />
        </div>
    }
}

fn one_widget(state: SidebarState, widget: Widget) -> AnyView {
    let template = match widget.template {
        Ok(t) => Arc::new(t),
        Err(e) => return widget_error_view(&widget.key, &e),
    };
    let integration_id = widget.integration_id.clone().unwrap_or_default();
    let id_for_data = integration_id.clone();
    let data = Memo::new(move |_| {
        state
            .data
            .with(|d| d.get(&id_for_data).cloned())
            .or_else(|| state.fetched.with(|f| f.get(&id_for_data).cloned()))
    });
    let id_for_status = integration_id.clone();
    let status =
        Memo::new(move |_| state.loads.with(|l| l.get(&id_for_status).map(|e| e.status.clone()).unwrap_or_default()));
    let id_for_retry = integration_id.clone();
    let on_retry = Callback::new(move |_: ()| super::loader::retry(state, &id_for_retry));
    let id_for_name = integration_id.clone();
    let integration_name = Memo::new(move |_| {
        state
            .integrations
            .with(|list| list.iter().find(|i| i.id == id_for_name).map(|i| i.name.clone()).unwrap_or_default())
    });
    let env = WidgetEnv {
        context: state.context.into(),
        integration_name: integration_name.into(),
        integration_id: StoredValue::new(integration_id),
        widget_key: StoredValue::new(widget.key.clone()),
        action_proxy: state.action_proxy.into(),
        timeout_ms: state.timeout_ms.into(),
    };
    widget_view(widget.key, template, data.into(), status.into(), on_retry, env)
}
