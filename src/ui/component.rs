//! The sidebar as a Leptos component, for Leptos apps: the options of `SidebarWidgets.mount` as
//! reactive props, without the global.

use super::events::listen;
use super::locale::browser_language;
use super::sidebar::draw_sidebar;
use super::state::SidebarState;
use crate::model::json::Json;
use crate::model::options::{OptionsPatch, RawOptions};
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
    // Every prop is read by the options' one reader of its key, as JSON text and JS objects are.
    Effect::new(move |_| {
        let mut raw = RawOptions::default();
        widgets.with(|w| raw.read_key("widgets", w));
        state.apply(OptionsPatch::read(raw));
    });
    follow(state, integrations, |r, v| r.read_key("integrations", &v));
    follow(state, data, |r, v| r.read_key("data", &v));
    follow(state, context, |r, v| r.read_key("context", &v));
    follow(state, view, |r, v| r.read_key("view", &Json::from(v)));
    follow(state, theme, |r, v| r.read_key("theme", &Json::from(v)));
    follow(state, proxy, |r, v| r.read_key("proxy", &Json::from(v)));
    follow(state, proxy_token, |r, v| r.read_key("proxyToken", &Json::from(v)));
    follow(state, action_timeout, |r, v| r.read_key("actionTimeout", &Json::from(f64::from(v))));
    follow(state, locale, |r, v| r.read_key("locale", &Json::from(v)));
    follow(state, messages, |r, v| r.read_key("messages", &v));
    let host = NodeRef::<Div>::new();
    host.on_load(move |el| {
        // Drawn and listening until this component is gone (the stored value is dropped with its
        // owner).
        let drawing = draw_sidebar(state, &el);
        StoredValue::new_local((listen(&el, state), drawing));
    });
    on_cleanup(move || state.dispose());
    view! { <div class="sw-host" node_ref=host></div> }
}
