//! Custom actions (SPEC 3): links, buttons with their "Edit fields" form and outcome, and what a
//! click on a button does: the engine decides the request, `net` sends it, the outcome shows.

use super::dom::{DomNode, El, Ids};
use super::locale::{local_offset_minutes, now_unix, BrowserLocale};
use super::state::SidebarState;
use super::timers::after_frame;
use crate::engine::answer::{action_outcome, NetError};
use crate::engine::render::{
    Actions, FormField, FormState, Outcome, RenderedButton, RenderedForm, Runnable,
};
use crate::engine::request::{action_request, missing_mandatory};
use crate::model::action::FieldRef;
use crate::model::Json;
use crate::net;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

fn input_view(f: FormField, id: String, error_id: String) -> El {
    let base = |tag: &'static str| {
        El::with_class(tag, "sw-form__input")
            .attr("id", id.as_str())
            .attr("name", f.field.name())
            .flag("required", f.mandatory)
            .state("aria-invalid", f.missing)
            .attr("aria-describedby", error_id.as_str())
    };
    match f.choices {
        Some(choices) => base("select")
            .children(choices.into_iter().map(|c| {
                let text = if c.is_empty() { "—".to_string() } else { c.clone() };
                DomNode::El(El::new("option").attr("value", c).child(text))
            }))
            .value(f.value),
        None => base("input").attr("type", "text").value(f.value),
    }
}

fn form_view(key: &str, form: RenderedForm, pending: bool, ids: &Ids) -> El {
    let rows = form.fields.into_iter().map(|f| {
        let id = ids.of(&f.id);
        let error_id = format!("{id}-error");
        let label = if f.mandatory { format!("{} *", f.label) } else { f.label.clone() };
        let error = f.missing.then(|| form.required_text.clone());
        DomNode::El(
            El::with_class("div", "sw-form__row")
                .child(
                    El::with_class("label", "sw-form__label").attr("for", id.as_str()).child(label),
                )
                .child(input_view(f, id, error_id.clone()))
                .child(
                    El::with_class("div", "sw-form__error").attr("id", error_id).child_opt(error),
                ),
        )
    });
    El::with_class("form", "sw-form")
        .key(&format!("{key}/form"))
        .attr("data-sw", "form")
        .attr("data-button", key)
        .flag("novalidate", true)
        .attr("aria-label", form.aria_label)
        .child(El::with_class("div", "sw-form__title").child(form.title))
        .children(rows)
        .child(
            El::with_class("div", "sw-form__buttons")
                .child(
                    El::control("sw-button", "cancel").attr("data-button", key).child(form.cancel),
                )
                .child(
                    El::with_class("button", "sw-button sw-button--primary")
                        .attr("type", "submit")
                        .flag("disabled", pending)
                        .state("aria-busy", pending)
                        .child(form.execute),
                ),
        )
}

fn button_view(b: RenderedButton, ids: &Ids, out: &mut Vec<DomNode>) {
    if let Some(why) = b.unusable {
        out.push(
            El::with_class("span", "sw-action sw-action--refused")
                .attr("title", why)
                .child(b.text)
                .into(),
        );
        return;
    }
    out.push(
        El::control("sw-action sw-action--button", "run")
            .key(&b.key)
            .attr("data-button", b.key.as_str())
            .flag("disabled", b.pending)
            .state("aria-busy", b.pending)
            .state("aria-expanded", b.form.is_some())
            .child(b.text)
            .into(),
    );
    if let Some(f) = b.form {
        out.push(form_view(&b.key, f, b.pending, ids).into());
    }
    if let Some(o) = b.outcome {
        let class = if o.ok { "sw-outcome sw-outcome--ok" } else { "sw-outcome sw-outcome--error" };
        out.push(
            El::with_class("div", class)
                .key(&format!("{}/outcome", b.key))
                .attr("role", "status")
                .child(o.text)
                .into(),
        );
    }
}

pub fn actions_view(a: Actions, ids: &Ids) -> El {
    let mut kids: Vec<DomNode> = a
        .links
        .into_iter()
        .map(|l| {
            DomNode::El(match l.href {
                Some(href) => {
                    El::new_tab_link("sw-action sw-action--link sw-link", href).child(l.label)
                }
                None => El::with_class("span", "sw-action sw-action--refused")
                    .attr_opt("title", l.refused_reason)
                    .child(l.label),
            })
        })
        .collect();
    for b in a.buttons {
        button_view(b, ids, &mut kids);
    }
    El::with_class("div", "sw-actions").children(kids)
}

/// A button as it would run if clicked now (the model draws its widget again).
fn runnable(state: SidebarState, widget: &str, key: &str) -> Option<Runnable> {
    let mut found = None;
    state.read(&mut |m| {
        let locale = BrowserLocale::new(&m.messages);
        found = m.runnable(widget, key, now_unix(), local_offset_minutes(), &locale);
    });
    found
}

fn is_pending(state: SidebarState, widget: &str, key: &str) -> bool {
    let mut pending = false;
    state.read(&mut |m| pending = m.uis.get(widget).is_some_and(|ui| ui.pending.contains(key)));
    pending
}

/// A click on a button: opens its "Edit fields" form when it has editable items, else sends it.
/// Returns whether a form opened (the caller moves the focus into it).
pub fn click(
    state: SidebarState,
    widget: &str,
    key: &str,
    mount: Option<web_sys::Element>,
) -> bool {
    let Some(run) = runnable(state, widget, key) else { return false };
    if is_pending(state, widget, key) {
        return false;
    }
    if run.action.needs_form() {
        let mut opened = false;
        state.change(&mut |m| {
            if !m.uis.get(widget).is_some_and(|ui| ui.forms.contains_key(key)) {
                m.ui_mut(widget).forms.insert(key.to_string(), FormState::default());
                opened = true;
            }
        });
        return opened;
    }
    send(state, widget, key, run, Vec::new(), mount);
    false
}

/// The form was submitted with Execute (or Enter).
pub fn submit(state: SidebarState, widget: &str, key: &str, mount: Option<web_sys::Element>) {
    let Some(run) = runnable(state, widget, key) else { return };
    if is_pending(state, widget, key) {
        return;
    }
    let mut edits = Default::default();
    state.read(&mut |m| {
        if let Some(f) = m.uis.get(widget).and_then(|ui| ui.forms.get(key)) {
            edits = f.values.clone();
        }
    });
    let shown: Vec<FieldRef> = run.action.editable_fields().into_iter().map(|(r, _)| r).collect();
    let missing: Vec<FieldRef> =
        missing_mandatory(&run.action, &edits).into_iter().filter(|r| shown.contains(r)).collect();
    let empty = missing.is_empty();
    state.change(&mut |m| {
        if let Some(f) = m.ui_mut(widget).forms.get_mut(key) {
            f.missing = missing.clone();
        }
    });
    if empty {
        send(state, widget, key, run, edits, mount);
    }
}

/// Closes a form (what was typed is dropped).
pub fn cancel(state: SidebarState, widget: &str, key: &str) {
    state.change(&mut |m| {
        m.ui_mut(widget).forms.remove(key);
    });
}

/// What the agent typed in a form field: kept (nothing typed is ever lost), without drawing again.
pub fn typed(state: SidebarState, widget: &str, key: &str, field: FieldRef, value: String) {
    state.change_quietly(&mut |m| {
        if let Some(f) = m.uis.get_mut(widget).and_then(|ui| ui.forms.get_mut(key)) {
            f.set(field, value.clone());
        }
    });
}

fn settle(state: SidebarState, widget: &str, key: &str, outcome: Outcome, close_form: bool) {
    state.change(&mut |m| {
        let ui = m.ui_mut(widget);
        ui.pending.remove(key);
        if close_form {
            ui.forms.remove(key);
        }
        ui.outcomes.insert(key.to_string(), outcome.clone());
    });
}

/// Decides the request, sends it, shows the outcome and announces it.
fn send(
    state: SidebarState,
    widget: &str,
    key: &str,
    run: Runnable,
    edits: Vec<(FieldRef, String)>,
    mount: Option<web_sys::Element>,
) {
    let mut settings = None;
    state.read(&mut |m| settings = Some((m.messages.clone(), m.network.clone())));
    let Some((messages, network)) = settings else { return };
    let outgoing = action_request(&run.action, &edits);
    let method = run.action.method.as_str();
    let address = outgoing.as_ref().map(|o| o.public_url()).unwrap_or_default();
    let request = match outgoing.and_then(|o| o.addressed(network.proxy.as_ref())) {
        Ok(r) => r,
        Err(e) => {
            let text = format!("{}: {}", run.label, e.describe(&messages));
            announce(
                mount.as_ref(),
                widget,
                &run.label,
                method,
                &address,
                None,
                false,
                Some(&text),
            );
            settle(state, widget, key, Outcome { ok: false, text }, false);
            return;
        }
    };
    state.change(&mut |m| {
        let ui = m.ui_mut(widget);
        ui.pending.insert(key.to_string(), ());
        ui.outcomes.remove(key);
    });
    let (widget, key, method) = (widget.to_string(), key.to_string(), method.to_string());
    spawn_local(async move {
        let result = net::send(&request, network.timeout_ms).await.map(|a| a.status);
        let (ok, text) = action_outcome(&run.label, &result, &messages);
        let status = match &result {
            Ok(s) => Some(*s),
            Err(e) => e.status(),
        };
        let error = result.as_ref().err().map(|e: &NetError| e.describe(&messages));
        settle(state, &widget, &key, Outcome { ok, text }, ok);
        announce(
            mount.as_ref(),
            &widget,
            &run.label,
            &method,
            &address,
            status,
            ok,
            error.as_deref(),
        );
        if ok {
            if let Some(root) = mount {
                focus_later(root, "button.sw-action--button", key);
            }
        }
    });
}

/// Dispatches `sidebar-widgets:action` on the mount element: the address without its query or
/// credentials, and no secret (SPEC 7).
#[allow(clippy::too_many_arguments)]
fn announce(
    target: Option<&web_sys::Element>,
    widget: &str,
    button: &str,
    method: &str,
    url: &str,
    status: Option<u16>,
    ok: bool,
    error: Option<&str>,
) {
    let Some(target) = target else { return };
    let detail = Json::object([
        ("widget", Json::from(widget)),
        ("button", Json::from(button)),
        ("method", Json::from(method)),
        ("url", Json::from(url)),
        ("status", status.map_or(Json::Null, |s| Json::from(f64::from(s)))),
        ("ok", Json::from(ok)),
        ("error", error.map_or(Json::Null, Json::from)),
    ]);
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(d) = js_sys::JSON::parse(&detail.to_string()) {
        init.set_detail(&d);
    }
    if let Ok(event) =
        web_sys::CustomEvent::new_with_event_init_dict("sidebar-widgets:action", &init)
    {
        let _ = target.dispatch_event(&event);
    }
}

/// Moves the focus to the first input of a form, or to a button, once drawn.
pub fn focus_later(root: web_sys::Element, selector: &'static str, key: String) {
    after_frame(Box::new(move || {
        let Ok(list) = root.query_selector_all(selector) else { return };
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else {
                continue;
            };
            if el.get_attribute("data-button").as_deref() == Some(key.as_str()) {
                let target = if el.tag_name() == "FORM" {
                    el.query_selector("input, select").ok().flatten()
                } else {
                    Some(el)
                };
                if let Some(t) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = t.focus();
                }
                return;
            }
        }
    }));
}
