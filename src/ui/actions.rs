//! Custom actions on root cards (and on the wrapper): links, and buttons that send HTTP requests,
//! with the "Edit fields" form for editable items.

use super::{locale::local_offset_minutes, Place, WidgetEnv};
use crate::engine::request::{
    build_request, proxy_envelope, resolve_action, resolve_url, HttpRequest, RequestError, JSON,
};
use crate::engine::safety::safe_link_url;
use crate::engine::vars::{interpolate, Scope};
use crate::model::action::{parse_button, CustomButton, FieldRef, ParamKind};
use crate::model::{Context, Node};
use crate::net::{self, NetError};
use leptos::html;
use leptos::prelude::*;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use wasm_bindgen::JsCast;

static NEXT_FORM: AtomicUsize = AtomicUsize::new(0);

/// Runs `f` with the scope custom actions see: the card's data, `ticket`, `customer`,
/// `current_user`, `$listIndex`, `$integrationId` and `$appId`.
fn with_action_scope<R>(
    data: &Value,
    context: &Context,
    place: Place,
    env: WidgetEnv,
    f: impl FnOnce(&Scope) -> R,
) -> R {
    let list_index = place.list_index.map(|i| Value::from(i as u64)).unwrap_or(Value::Null);
    let integration_id = Value::String(env.integration_id.get_value());
    let mut globals = context.globals().to_vec();
    globals.push(("$listIndex", &list_index));
    globals.push(("$integrationId", &integration_id));
    globals.push(("$appId", &integration_id));
    f(&Scope { data, globals, tz_offset_minutes: local_offset_minutes() })
}

/// The custom links and buttons of `node.meta.custom`, and the outcomes of the buttons.
pub fn custom_actions_view(node: Arc<Node>, data: Signal<Value>, place: Place, env: WidgetEnv) -> AnyView {
    let links_node = node.clone();
    let links = Memo::new(move |_| {
        data.with(|d| {
            env.context.with(|c| {
                with_action_scope(d, c, place, env, |scope| {
                    links_node
                        .meta
                        .custom_links
                        .iter()
                        .map(|l| {
                            let label = interpolate(&l.label, scope);
                            let url = resolve_url(&l.url, scope);
                            let label = if label.trim().is_empty() { url.clone() } else { label };
                            (label, safe_link_url(&url))
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    let buttons = node
        .meta
        .custom_buttons
        .iter()
        .map(|raw| match parse_button(raw) {
            Ok(button) => action_button(button, data, place, env),
            Err(why) => {
                web_sys::console::warn_1(&format!("sidebar-widgets: custom button not shown: {why}").into());
                view! { <span class="sw-action sw-action--refused" title=why.clone()>"Unusable button"</span> }
                    .into_any()
            }
        })
        .collect_view();
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
            {buttons}
        </div>
    }
    .into_any()
}

/// What happened to the last request of a button.
#[derive(Clone, Debug, PartialEq)]
struct Outcome {
    ok: bool,
    text: String,
}

/// A request to send, and what the `sidebar-widgets:action` event reports of it.
#[derive(Clone)]
struct Send {
    request: HttpRequest,
    target_method: String,
    target_url: String,
    label: String,
}

/// The mount element of the sidebar a DOM node is in.
fn mount_element(from: &web_sys::Element) -> Option<web_sys::Element> {
    from.closest(".sw-sidebar").ok().flatten().and_then(|s| s.parent_element())
}

/// Dispatches `sidebar-widgets:action` on the mount element.
fn announce(target: Option<web_sys::Element>, detail: Value) {
    let Some(target) = target else { return };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(d) = js_sys::JSON::parse(&detail.to_string()) {
        init.set_detail(&d);
    }
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("sidebar-widgets:action", &init) {
        let _ = target.dispatch_event(&event);
    }
}

fn action_button(button: CustomButton, data: Signal<Value>, place: Place, env: WidgetEnv) -> AnyView {
    let button = Arc::new(button);
    let label_button = button.clone();
    let label = Memo::new(move |_| {
        data.with(|d| {
            env.context.with(|c| with_action_scope(d, c, place, env, |s| interpolate(&label_button.label, s)))
        })
    });
    // Some(values) while the "Edit fields" form is open; the values survive a failed request.
    let form: RwSignal<Option<Vec<(FieldRef, String)>>> = RwSignal::new(None);
    let missing: RwSignal<Vec<FieldRef>> = RwSignal::new(Vec::new());
    let outcome: RwSignal<Option<Outcome>> = RwSignal::new(None);
    let button_ref = NodeRef::<html::Button>::new();
    let form_ref = NodeRef::<html::Form>::new();
    let form_id = NEXT_FORM.fetch_add(1, Ordering::Relaxed);

    let sender = Action::new_local(move |send: &Send| {
        let send = send.clone();
        // Read while the sidebar is surely mounted: it may be unmounted before the answer comes.
        let timeout = env.timeout_ms.get_untracked();
        let widget = env.widget_key.get_value();
        let mount = button_ref.get_untracked().and_then(|b| mount_element(&b));
        async move {
            let result = net::send(&send.request, timeout).await;
            let (ok, status, text) = match &result {
                Ok(answer) => (true, Some(answer.status), format!("{}: done (HTTP {})", send.label, answer.status)),
                Err(e) => (false, e.status(), format!("{} failed: {e}", send.label)),
            };
            let _ = outcome.try_set(Some(Outcome { ok, text }));
            if ok {
                let _ = form.try_set(None);
                if let Some(Some(b)) = button_ref.try_get_untracked() {
                    let _ = b.focus();
                }
            }
            announce(
                mount,
                json!({
                    "widget": widget,
                    "button": send.label,
                    "method": send.target_method,
                    "url": send.target_url,
                    "status": status,
                    "ok": ok,
                    "error": result.as_ref().err().map(NetError::to_string),
                }),
            );
        }
    });
    let pending = sender.pending();

    // Resolves the action now, applies the typed values, and sends it (or says why not).
    let execute = {
        let button = button.clone();
        move |edits: Vec<(FieldRef, String)>| {
            if pending.get_untracked() {
                return;
            }
            let label = label.get_untracked();
            let context = env.context.get_untracked();
            let resolved = data
                .with_untracked(|d| with_action_scope(d, &context, place, env, |s| resolve_action(&button.action, s)));
            let empty: Vec<FieldRef> = resolved
                .editable_fields()
                .into_iter()
                .filter(|(r, p)| {
                    p.mandatory && edits.iter().find(|(e, _)| e == r).map(|(_, v)| v.trim().is_empty()).unwrap_or(true)
                })
                .map(|(r, _)| r)
                .collect();
            if !empty.is_empty() {
                missing.set(empty);
                return;
            }
            missing.set(Vec::new());
            match build_request(&resolved, &edits) {
                Ok(request) => {
                    let (target_method, target_url) = (request.method.clone(), request.url.clone());
                    let request = match env.action_proxy.get_untracked() {
                        Some(proxy) => HttpRequest {
                            method: "POST".into(),
                            url: proxy,
                            headers: Vec::new(),
                            body: Some(proxy_envelope(&request, &resolved, &edits).to_string()),
                            content_type: Some(JSON.into()),
                        },
                        None => request,
                    };
                    outcome.set(None);
                    sender.dispatch_local(Send { request, target_method, target_url, label });
                }
                Err(e) => {
                    if let RequestError::MissingMandatory(_) = e {
                        missing.set(resolved.editable_fields().into_iter().map(|(r, _)| r).collect());
                    }
                    outcome.set(Some(Outcome { ok: false, text: format!("{label}: {e}") }));
                }
            }
        }
    };

    let open_button = button.clone();
    let execute_now = execute.clone();
    let on_click = move |_| {
        if pending.get_untracked() {
            return;
        }
        let context = env.context.get_untracked();
        let resolved = data
            .with_untracked(|d| with_action_scope(d, &context, place, env, |s| resolve_action(&open_button.action, s)));
        if resolved.needs_form() {
            if form.with_untracked(Option::is_none) {
                let values = resolved.editable_fields().into_iter().map(|(r, p)| (r, p.initial_value())).collect();
                missing.set(Vec::new());
                form.set(Some(values));
                focus_first_input(form_ref);
            }
        } else {
            execute_now(Vec::new());
        }
    };

    let cancel = move || {
        form.set(None);
        missing.set(Vec::new());
        if let Some(b) = button_ref.get_untracked() {
            let _ = b.focus();
        }
    };

    let form_button = button.clone();
    // Rebuilt only when the form opens or closes: typing keeps the inputs (and the focus).
    let form_open = Memo::new(move |_| form.with(Option::is_some));
    let form_view = move || {
        form_open.get().then(|| {
            let values = form.get_untracked().unwrap_or_default();
            let context = env.context.get_untracked();
            let resolved = data
                .with_untracked(|d| with_action_scope(d, &context, place, env, |s| resolve_action(&form_button.action, s)));
            let fields = resolved
                .editable_fields()
                .into_iter()
                .map(|(r, p)| {
                    let id = format!("sw-form-{form_id}-{:?}-{}", r.group, r.index);
                    let error_id = format!("{id}-error");
                    let value = values.iter().find(|(e, _)| *e == r).map(|(_, v)| v.clone()).unwrap_or_default();
                    let set_value = move |v: String| {
                        form.update(|f| {
                            if let Some(list) = f {
                                match list.iter_mut().find(|(e, _)| *e == r) {
                                    Some(slot) => slot.1 = v,
                                    None => list.push((r, v)),
                                }
                            }
                        })
                    };
                    let is_missing = move || missing.with(|m| m.contains(&r));
                    let mandatory = p.mandatory;
                    let input = match p.kind {
                        ParamKind::Dropdown => {
                            let choices = p.choices();
                            let options = (!mandatory)
                                .then(|| view! { <option value="">"—"</option> })
                                .into_iter()
                                .collect_view();
                            let choice_views = choices
                                .into_iter()
                                .map(|c| {
                                    let selected = c == value;
                                    view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                                })
                                .collect_view();
                            view! {
                                <select class="sw-form__input" id=id.clone() required=mandatory
                                    aria-invalid=move || is_missing().to_string()
                                    aria-describedby=error_id.clone()
                                    on:change=move |ev| set_value(event_target_value(&ev))>
                                    {options}{choice_views}
                                </select>
                            }
                            .into_any()
                        }
                        ParamKind::Text => view! {
                            <input class="sw-form__input" id=id.clone() type="text" value=value.clone() required=mandatory
                                aria-invalid=move || is_missing().to_string()
                                aria-describedby=error_id.clone()
                                on:input=move |ev| set_value(event_target_value(&ev)) />
                        }
                        .into_any(),
                    };
                    view! {
                        <div class="sw-form__row">
                            <label class="sw-form__label" for=id>
                                {p.display_label().to_string()}
                                {mandatory.then(|| view! { <span class="sw-form__required" aria-hidden="true">" *"</span> })}
                            </label>
                            {input}
                            <div class="sw-form__error" id=error_id>
                                {move || is_missing().then_some("This field is required.")}
                            </div>
                        </div>
                    }
                })
                .collect_view();
            let execute = execute.clone();
            view! {
                <form class="sw-form" node_ref=form_ref novalidate=true
                    aria-label=move || format!("Edit fields: {}", label.get())
                    on:submit=move |ev| {
                        ev.prevent_default();
                        let values = form.get_untracked().unwrap_or_default();
                        execute(values);
                    }
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if ev.key() == "Escape" {
                            ev.prevent_default();
                            cancel();
                        }
                    }>
                    <div class="sw-form__title">"Edit fields"</div>
                    {fields}
                    <div class="sw-form__buttons">
                        <button type="button" class="sw-button" on:click=move |_| cancel()>"Cancel"</button>
                        <button type="submit" class="sw-button sw-button--primary"
                            disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                            {move || if pending.get() { "Executing action..." } else { "Execute" }}
                        </button>
                    </div>
                </form>
            }
        })
    };

    view! {
        <button type="button" class="sw-action sw-action--button" node_ref=button_ref
            disabled=move || pending.get()
            aria-busy=move || pending.get().to_string()
            aria-expanded=move || form_open.get().to_string()
            on:click=on_click>
            {move || if pending.get() { "Executing action...".to_string() } else { label.get() }}
        </button>
        {form_view}
        {move || outcome.get().map(|o| view! {
            <div class="sw-outcome" class:sw-outcome--ok=o.ok class:sw-outcome--error=!o.ok role="status">{o.text}</div>
        })}
    }
    .into_any()
}

/// Moves the focus into the form once it is in the page.
fn focus_first_input(form_ref: NodeRef<html::Form>) {
    request_animation_frame(move || {
        if let Some(Some(form)) = form_ref.try_get_untracked() {
            if let Ok(Some(el)) = form.query_selector("input, select") {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        }
    });
}
