//! The sidebar: the widgets of the current view by ascending `order`, what could not be read above
//! them, and the one set of event listeners.

use super::dom::{DomNode, El, ElState};
use super::loader::start_loader;
use super::locale::{local_offset_minutes, now_unix};
use super::state::{Model, SidebarState};
use super::widget::widget_view;
use crate::engine::layout::widget_order;
use crate::engine::messages::Msg;
use crate::engine::sidebar::WidgetInputs;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

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

/// A mounted sidebar's drawing: dropping it removes what it drew (and stops the drawing).
pub struct SidebarDrawing {
    drawn: Rc<RefCell<Option<ElState>>>,
}

impl Drop for SidebarDrawing {
    fn drop(&mut self) {
        if let Ok(mut drawn) = self.drawn.try_borrow_mut() {
            if let Some(s) = drawn.take() {
                s.remove();
            }
        }
    }
}

/// Draws a mounted sidebar into `parent` now, and again after every change of its state (the
/// widgets whose fingerprint did not change are left as they are); starts its loader. Its events
/// are listened to where it is mounted (`events::listen`): the JS API and the
/// `Sidebar` component (feature `leptos`) do that.
pub fn draw_sidebar(state: SidebarState, parent: &web_sys::Element) -> SidebarDrawing {
    let problems_logged = Cell::new(0usize);
    let view = move || {
        let mut out = None;
        state.read(&mut |m| {
            if problems_logged.get() != m.problems.len() {
                for p in &m.problems {
                    web_sys::console::error_1(
                        &format!("sidebar-widgets: {}: {}", p.place, p.message).into(),
                    );
                }
                problems_logged.set(m.problems.len());
            }
            out = Some(sidebar_view(state, m));
        });
        out
    };
    let drawn = Rc::new(RefCell::new(view().and_then(|el| el.mount(parent))));
    let redraw = drawn.clone();
    state.react(Rc::new(move || {
        // Drawn from the model read first (the borrow ends before the DOM is written: an event
        // the writing fires may change the model).
        let Some(el) = view() else { return };
        if let Ok(mut drawn) = redraw.try_borrow_mut() {
            if let Some(s) = drawn.as_mut() {
                el.redraw(s);
            }
        }
    }));
    start_loader(state);
    SidebarDrawing { drawn }
}
