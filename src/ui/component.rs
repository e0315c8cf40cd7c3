//! The sidebar as a Leptos component, for Leptos apps: the options of `SidebarWidgets.mount` as
//! reactive props, without the global.

use super::events::listen;
use super::locale::browser_language;
use super::sidebar::SidebarView;
use super::state::SidebarState;
use crate::model::json::Json;
use crate::model::options::{OptionsPatch, RawOptions, MAX_INTEGRATIONS, MAX_WIDGETS};
use leptos::html::Div;
use leptos::prelude::*;

/// Applies one part of the options whenever its prop changes (the other parts stay as they are).
fn follow<T: Clone + Send + Sync + 'static>(
    state: SidebarState,
    prop: MaybeProp<T>,
    part: fn(&mut RawOptions, T),
) {
    Effect::new(move |_| {
        if let Some(value) = prop.get() {
            let mut raw = RawOptions::default();
            part(&mut raw, value);
            state.apply(OptionsPatch::read(raw));
        }
    });
}

/// The items of a JSON array, each on its own (as the JS API reads them).
fn items(v: &Json, max: usize) -> (Vec<Result<Json, String>>, usize) {
    let list = v.as_array().unwrap_or_default();
    (list.iter().take(max).cloned().map(Ok).collect(), list.len().saturating_sub(max))
}

/// The sidebar, as a component: widgets, integrations and their data drawn as Gorgias draws them,
/// custom action buttons, data loading for integrations without `data`. Every prop may change at
/// any time; a widget is drawn again only where what it shows changed.
///
/// ```ignore
/// use sidebar_widgets::{Json, Sidebar};
/// let options = Json::parse(CONFIG_TEXT).unwrap_or_default();
/// view! {
///     <Sidebar
///         widgets=options["widgets"].clone()
///         integrations=options["integrations"].clone()
///         context=context_signal
///         theme="dark"
///     />
/// }
/// ```
#[component]
pub fn Sidebar(
    /// The widgets, as the Gorgias API returns them: `[{id, context, type, integration_id, order,
    /// template}]`.
    #[prop(into)]
    widgets: Signal<Json>,
    /// The HTTP integrations the widgets show: `[{id, name, type: "http", http: {url, method,
    /// headers, triggers, ...}}]`.
    #[prop(into, optional)]
    integrations: MaybeProp<Json>,
    /// Integration data by integration id; integrations without data are fetched.
    #[prop(into, optional)]
    data: MaybeProp<Json>,
    /// `{ticket, customer, current_user}`, as templates and requests see them.
    #[prop(into, optional)]
    context: MaybeProp<Json>,
    /// `"ticket"` (the default) or `"customer"`.
    #[prop(into, optional)]
    view: MaybeProp<String>,
    /// `"light"`, `"dark"` or `"auto"` (the default: the system's).
    #[prop(into, optional)]
    theme: MaybeProp<String>,
    /// The URL of the host's proxy: integration requests and custom actions go there as the
    /// envelope `{method, url, params, headers, form, json, content_type}`.
    #[prop(into, optional)]
    proxy: MaybeProp<String>,
    /// Sent to the proxy with each call, as a bearer token.
    #[prop(into, optional)]
    proxy_token: MaybeProp<String>,
    /// Milliseconds before a request is aborted (default 30 000).
    #[prop(into, optional)]
    action_timeout: MaybeProp<u32>,
    /// The language of the sidebar's own words and of dates and numbers (default: the browser's).
    #[prop(into, optional)]
    locale: MaybeProp<String>,
    /// Replacements for the sidebar's own words, by key (`{"retry": "Try again"}`).
    #[prop(into, optional)]
    messages: MaybeProp<Json>,
) -> impl IntoView {
    let state = SidebarState::new(browser_language());
    Effect::new(move |_| {
        let (parts, dropped) = widgets.with(|w| items(w, MAX_WIDGETS));
        let raw =
            RawOptions { widgets: Some(parts), widgets_dropped: dropped, ..RawOptions::default() };
        state.apply(OptionsPatch::read(raw));
    });
    follow(state, integrations, |r, v| {
        let (parts, dropped) = items(&v, MAX_INTEGRATIONS);
        r.integrations = Some(parts);
        r.integrations_dropped = dropped;
    });
    follow(state, data, |r, v| {
        let members =
            v.as_object().map(|o| o.iter().map(|(k, d)| (k.to_string(), Ok(d.clone()))).collect());
        r.data = Some(members.unwrap_or_default());
    });
    follow(state, context, |r, v| r.context = Some(Ok(v)));
    follow(state, view, |r, v| r.view = Some(Json::from(v)));
    follow(state, theme, |r, v| r.theme = Some(Json::from(v)));
    follow(state, proxy, |r, v| r.proxy = Some(Json::from(v)));
    follow(state, proxy_token, |r, v| r.proxy_token = Some(Json::from(v)));
    follow(state, action_timeout, |r, v| r.action_timeout = Some(Json::from(f64::from(v))));
    follow(state, locale, |r, v| r.locale = Some(Json::from(v)));
    follow(state, messages, |r, v| r.messages = Some(Ok(v)));
    let host = NodeRef::<Div>::new();
    host.on_load(move |el| {
        // Listening until this component is gone (the stored value is dropped with its owner).
        StoredValue::new_local(listen(&el, state));
    });
    view! { <div class="sw-host" node_ref=host><SidebarView state=state /></div> }
}
