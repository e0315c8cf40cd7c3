//! The sidebar: the widgets of the current view by ascending `order`, what could not be read above
//! them, and the one set of event listeners.

use super::dom::{DomNode, El};
use super::loader::start_loader;
use super::locale::{local_offset_minutes, now_unix};
use super::state::{Model, SidebarState};
use super::widget::widget_view;
use crate::engine::layout::widget_order;
use crate::engine::messages::Msg;
use crate::engine::sidebar::WidgetInputs;
use leptos::prelude::*;

/// Parts of the options that could not be read: one line each, above the widgets.
fn problems_view(m: &Model) -> Option<El> {
    if m.problems.is_empty() {
        return None;
    }
    let items = m
        .problems
        .iter()
        .map(|p| DomNode::El(El::new("li").child(format!("{}: {}", p.place, p.message))));
    Some(El::with_class("ul", "sw-problems").attr("role", "alert").children(items))
}

/// The sidebar drawn from the model: widgets whose fingerprint did not change are not drawn again.
fn sidebar_view(state: SidebarState, m: &Model) -> El {
    let (now, tz) = (now_unix(), local_offset_minutes());
    let widgets = widget_order(&m.widgets, m.page).into_iter().map(|(index, w)| {
        let inputs = WidgetInputs::new(m, w, index, now, tz);
        let fp = inputs.fingerprint(m.revision);
        DomNode::Memo {
            fingerprint: fp,
            draw: Box::new(move || match widget_view(state, inputs) {
                Some(el) => DomNode::El(el),
                None => DomNode::Text(String::new()),
            }),
        }
    });
    El::with_class("div", "sw-sidebar")
        .attr("data-theme", m.theme.name())
        .attr("data-copied", m.messages.get(Msg::Copied))
        .child_opt(problems_view(m))
        .children(widgets.collect::<Vec<_>>())
}

/// A mounted sidebar, drawn from its state. Its events are listened to where it is mounted
/// (`events::listen`): the JS API and the [`Sidebar`](crate::Sidebar) component do that.
#[component]
pub fn SidebarView(
    /// The mounted sidebar's state (the JS API and the Leptos component fill it).
    state: SidebarState,
) -> impl IntoView {
    start_loader(state);
    let problems_logged = StoredValue::new(0usize);
    move || {
        state.model.with(|m| {
            if problems_logged.get_value() != m.problems.len() {
                for p in &m.problems {
                    web_sys::console::error_1(
                        &format!("sidebar-widgets: {}: {}", p.place, p.message).into(),
                    );
                }
                problems_logged.set_value(m.problems.len());
            }
            sidebar_view(state, m)
        })
    }
}
