//! The editor as a Leptos component, for Rust hosts: [`SidebarEditor`], the counterpart of the
//! viewer's `Sidebar`, with the options of `SidebarWidgets.edit` as props.

use super::events::listen;
use super::keeping;
use super::state::{Editor, EditorState};
use super::view::editor_view;
use crate::model::Json;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The edit mode, as a component: the widgets drawn as the sidebar draws them, each part
/// selectable with its form, the sample data as a tree to drag values from, undo and redo.
/// `on_change` gets the widgets after each committed change; a new `widgets` value from the host
/// replaces them (one undo step) unless it is what the editor already has. As with the JS API,
/// the draft is kept in the browser as it changes and offered back when the editor opens again
/// with the same widgets, and leaving the page with unsaved changes (widgets other than `saved`)
/// asks first.
///
/// ```ignore
/// use sidebar_widgets::{Json, SidebarEditor};
/// let (widgets, set_widgets) = signal(options["widgets"].clone());
/// view! {
///     <SidebarEditor widgets=widgets data=options["data"].clone() on_change=move |w| set_widgets.set(w) />
/// }
/// ```
#[component]
pub fn SidebarEditor(
    /// The widgets to edit, as the Gorgias API returns them.
    #[prop(into)]
    widgets: Signal<Json>,
    /// The integrations the widgets show (read when the editor opens).
    #[prop(into, optional)]
    integrations: MaybeProp<Json>,
    /// Each integration's sample answer, by integration id (read when the editor opens).
    #[prop(into, optional)]
    data: MaybeProp<Json>,
    /// `{ticket, customer, current_user}`, for the warnings (read when the editor opens).
    #[prop(into, optional)]
    context: MaybeProp<Json>,
    /// `"light"`, `"dark"` or `"auto"` (the default).
    #[prop(into, optional)]
    theme: MaybeProp<String>,
    /// Called with the widgets after each committed change (an edit, an undo, a redo).
    #[prop(into, optional)]
    on_change: Option<Callback<Json>>,
    /// The widgets as the app last saved them (by default, `widgets` as first given): while the
    /// edited widgets differ, leaving the page asks first; once they are the same, the draft kept
    /// in the browser is forgotten.
    #[prop(into, optional)]
    saved: MaybeProp<Json>,
) -> impl IntoView {
    let given = widgets.get_untracked();
    let samples = match data.get_untracked() {
        Some(Json::Object(o)) => o.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        _ => Vec::new(),
    };
    let list = |v: Option<Json>| {
        v.filter(|v| v.as_array().is_some()).unwrap_or_else(|| Json::from(Vec::new()))
    };
    let given = list(Some(given));
    let mut editor = Editor::new(given, list(integrations.get_untracked()), samples);
    editor.context = context.get_untracked().unwrap_or_default();
    let state = EditorState::new(editor);
    super::schema::follow(state);
    // The draft offered back and the leave prompt, until this component is gone.
    StoredValue::new_local(keeping::keep(state));
    Effect::new(move |_| {
        if let Some(w) = saved.get() {
            state.change(&mut |e| keeping::saved(e, w.clone()));
        }
    });
    Effect::new(move |_| {
        if let Some(t) = theme.get() {
            state.change(&mut |e| {
                e.theme =
                    if matches!(t.as_str(), "light" | "dark") { t.clone() } else { "auto".into() }
            });
        }
    });
    Effect::new(move |_| {
        let w = list(Some(widgets.get()));
        let mut same = false;
        state.read(&mut |e| same = *e.widgets() == w);
        if !same {
            state.change(&mut |e| {
                e.history.replace_all(w.clone());
                e.selected = None;
            });
        }
    });
    let host = NodeRef::<Div>::new();
    host.on_load(move |el| {
        // Listening until this component is gone (the stored values are dropped with its owner).
        StoredValue::new_local(listen(&el, state));
        if let Some(cb) = on_change {
            let told = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
                let mut now = Json::Null;
                state.read(&mut |e| now = e.widgets().clone());
                cb.run(now);
            });
            let _ = el.add_event_listener_with_callback(
                "sidebar-widgets:change",
                told.as_ref().unchecked_ref(),
            );
            StoredValue::new_local(told);
        }
    });
    view! { <div class="sw-host" node_ref=host>{move || state.model.with(|e| editor_view(e, state.serial))}</div> }
}
