//! One widget: its template drawn over its integration's data, its loading placeholder or error
//! with Retry, or a short error in its place when the template was refused. Drawn again only when
//! something it shows changed (its fingerprint).

use super::actions::actions_view;
use super::blocks::blocks_view;
use super::dom::{El, Ids};
use super::locale::BrowserLocale;
use super::state::SidebarState;
use crate::engine::layout::widget_is_empty;
use crate::engine::messages::{Messages, Msg};
use crate::engine::sidebar::{LoadStatus, WidgetInputs};
use crate::model::Problem;

/// A widget whose template could not be read.
fn error_view(key: &str, error: &Problem, messages: &Messages) -> El {
    El::with_class("div", "sw-widget sw-widget--error")
        .attr("role", "alert")
        .attr("data-widget", key)
        .child(El::new("strong").child(messages.get(Msg::WidgetError)))
        .child(" ")
        .child(El::with_class("span", "sw-widget__reason").child(error.to_string()))
}

/// The loading placeholder, or the error with its Retry control (`stale`: data is on screen).
fn status_view(status: &LoadStatus, name: &str, id: &str, stale: bool, m: &Messages) -> Option<El> {
    match status {
        LoadStatus::Idle => None,
        LoadStatus::Loading if stale => None,
        LoadStatus::Loading => Some(
            El::with_class("div", "sw-status sw-status--loading")
                .attr("aria-busy", "true")
                .attr("role", "status")
                .child(m.fill(Msg::Loading, &[("name", name)])),
        ),
        LoadStatus::Failed(why) => {
            let msg = if stale { Msg::RefreshFailed } else { Msg::LoadFailed };
            Some(
                El::with_class("div", "sw-status sw-status--error")
                    .attr("role", "alert")
                    .child(
                        El::with_class("span", "sw-status__text")
                            .child(m.fill(msg, &[("name", name), ("reason", why)])),
                    )
                    .child(
                        El::control("sw-retry", "retry")
                            .attr("data-integration", id)
                            .child(m.get(Msg::Retry)),
                    ),
            )
        }
    }
}

/// One widget, drawn from its inputs.
pub fn widget_view(state: SidebarState, w: WidgetInputs) -> Option<El> {
    let m = &w.messages;
    let template = match &w.widget.template {
        Ok(t) => t.clone(),
        Err(e) => return Some(error_view(&w.key, e, m)),
    };
    let id = w.widget.integration_id.clone().unwrap_or_default();
    let shown_name =
        if w.name.is_empty() { m.get(Msg::ThisWidget).to_string() } else { w.name.clone() };
    let frame =
        || El::with_class("div", "sw-widget sw-widget--status").attr("data-widget", w.key.as_str());
    match &w.data {
        // The host gave data that could not be read: say so in the widget's place.
        Some(Err(why)) => {
            return Some(frame().child_opt(status_view(
                &LoadStatus::Failed(why.clone()),
                &shown_name,
                &id,
                false,
                m,
            )))
        }
        Some(Ok(d)) if !widget_is_empty(&template, Some(d)) => {}
        _ if w.status == LoadStatus::Idle => return None,
        _ => return Some(frame().child_opt(status_view(&w.status, &shown_name, &id, false, m))),
    };
    let view = w.render(&BrowserLocale::new(m))?;
    let ids = Ids(format!("sw{}-{}-", state.serial, w.index).into());
    let class = match (&view.accent, &w.status) {
        (Some(_), LoadStatus::Loading) => "sw-widget sw-widget--accent sw-widget--refreshing",
        (Some(_), _) => "sw-widget sw-widget--accent",
        (None, LoadStatus::Loading) => "sw-widget sw-widget--refreshing",
        (None, _) => "sw-widget",
    };
    Some(
        El::with_class("div", class)
            .attr("data-widget", w.key.as_str())
            .style("--sw-accent", view.accent)
            .child_opt(status_view(&w.status, &shown_name, &id, true, m))
            .child_opt(view.actions.map(|a| actions_view(a, &ids)))
            .children(blocks_view(view.blocks, &ids)),
    )
}
