//! The HTTP integration itself, created and edited in a form (name, description, URL with
//! `{{ticket.customer.email}}`-style variables, method, headers as rows, request and response
//! content types, the body of a non-GET request, the triggers), and **Test**: the request sent
//! with the editor's context by the sidebar's own request rules (directly, or through the proxy
//! when one is set), its answer becoming the integration's sample data, or its error and status
//! shown. Integrations are not in the widgets' undo history: each change is told to the host.

use super::dispatch::changed;
use super::state::{EditorState, Tested};
use crate::engine::answer::read_json;
use crate::engine::messages::Messages;
use crate::engine::request::integration_request;
use crate::engine::vars::{Purpose, Scope};
use crate::model::{Context, Integration, Json};
use crate::ui::dom::{DomNode, El};
use wasm_bindgen::JsCast;

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const CONTENT_TYPES: [&str; 2] = ["application/json", "application/x-www-form-urlencoded"];
/// The triggers the form offers (SPEC 5), as the integration writes them.
const TRIGGERS: [(&str, &str); 3] = [
    ("ticket_created", "Ticket created"),
    ("ticket_updated", "Ticket updated"),
    ("ticket_message_created", "Message created"),
];

fn http(i: &Json) -> Json {
    i.get("http").cloned().unwrap_or_else(|| Json::object(Vec::<(&str, Json)>::new()))
}

fn text<'a>(v: &'a Json, key: &str) -> &'a str {
    v.get(key).and_then(Json::as_str).unwrap_or("")
}

fn row(id: String, label: &str, field: &'static str, value: String) -> El {
    El::with_class("div", "sw-edit-form__row")
        .child(El::new("label").attr("for", id.as_str()).child(label))
        .child(
            El::with_class("input", "sw-edit-form__input")
                .attr("id", id)
                .attr("type", "text")
                .attr("autocomplete", "off")
                .attr("data-integration-field", field)
                .value(value),
        )
}

fn choice(id: String, label: &str, field: &'static str, options: &[&str], now: &str) -> El {
    let opts: Vec<DomNode> = options
        .iter()
        .map(|o| DomNode::El(El::new("option").attr("value", *o).child(*o)))
        .collect();
    El::with_class("div", "sw-edit-form__row")
        .child(El::new("label").attr("for", id.as_str()).child(label))
        .child(
            El::with_class("select", "sw-edit-form__input")
                .attr("id", id)
                .attr("data-integration-field", field)
                .children(opts)
                .value(if now.is_empty() {
                    options.first().copied().unwrap_or("").to_string()
                } else {
                    now.to_string()
                }),
        )
}

fn button(action: &'static str, label: String, index: Option<usize>) -> El {
    El::with_class("button", "sw-edit-button")
        .attr("type", "button")
        .attr("data-sw", action)
        .attr_opt("data-index", index.map(|i| i.to_string()))
        .child(label)
}

/// The integrations: each one's name with Edit, "New HTTP integration", and the form of the one
/// being edited.
pub fn integrations_view(e: &super::state::Editor, serial: usize) -> El {
    let all = e.integrations.as_array().unwrap_or_default();
    let list: Vec<DomNode> = all
        .iter()
        .enumerate()
        .map(|(i, integ)| {
            let name = text(integ, "name");
            let name = if name.is_empty() { "(unnamed)" } else { name };
            DomNode::El(
                El::new("li")
                    .child(El::with_class("span", "sw-edit-integrations__name").child(name))
                    .child(
                        button("edit-integration", format!("Edit {name}"), Some(i))
                            .state("aria-pressed", e.integration == Some(i)),
                    ),
            )
        })
        .collect();
    let form = e.integration.and_then(|i| all.get(i).map(|integ| (i, integ))).map(|(index, integ)| {
        let id = format!("swe{serial}-int-");
        let h = http(integ);
        let method = text(&h, "method").to_ascii_uppercase();
        let headers = h.get("headers").and_then(Json::as_object);
        let mut form = El::with_class("form", "sw-edit-form__fields sw-edit-integration")
            .attr("data-integration", index.to_string())
            .attr("aria-label", "Integration")
            .child(row(format!("{id}name"), "Name", "name", text(integ, "name").into()))
            .child(row(format!("{id}description"), "Description", "description", text(integ, "description").into()))
            .child(row(format!("{id}url"), "URL", "http.url", text(&h, "url").into()))
            .child(El::with_class("p", "sw-edit-form__hint").child("Variables such as {{ticket.customer.email}} are filled in from the ticket; {{secret.NAME}} is filled in by the proxy."))
            .child_opt(super::custom::url_problem(text(&h, "url"), false).map(|p| El::with_class("p", "sw-edit-warning").attr("role", "status").child(p)))
            .child(choice(format!("{id}method"), "Method", "http.method", &METHODS, &method))
            .child(choice(format!("{id}req"), "Request content type", "http.request_content_type", &CONTENT_TYPES, text(&h, "request_content_type")))
            .child(choice(format!("{id}res"), "Response content type", "http.response_content_type", &CONTENT_TYPES[..1], text(&h, "response_content_type")));
        for (n, (k, v)) in headers.map(|o| o.iter().collect::<Vec<_>>()).unwrap_or_default().into_iter().enumerate() {
            form = form
                .child(
                    El::with_class("div", "sw-edit-form__row sw-edit-integration__header")
                        .child(El::new("label").attr("for", format!("{id}hk{n}")).child(format!("Header {} name", n + 1)))
                        .child(El::with_class("input", "sw-edit-form__input").attr("id", format!("{id}hk{n}")).attr("type", "text").attr("data-header", n.to_string()).attr("data-part", "key").value(k.to_string()))
                        .child(El::new("label").attr("for", format!("{id}hv{n}")).child(format!("Header {} value", n + 1)))
                        .child(El::with_class("input", "sw-edit-form__input").attr("id", format!("{id}hv{n}")).attr("type", "text").attr("data-header", n.to_string()).attr("data-part", "value").value(v.as_str().map_or_else(|| v.to_text(), str::to_string))),
                )
                .child(button("remove-header", format!("Remove header {}", n + 1), Some(n)));
        }
        form = form.child(button("add-header", "Add a header".into(), None));
        if method != "GET" && !method.is_empty() {
            let body_id = format!("{id}form");
            let body = h.get("form").filter(|f| !f.is_null()).map(Json::to_string).unwrap_or_default();
            form = form.child(
                El::with_class("div", "sw-edit-form__row")
                    .child(El::new("label").attr("for", body_id.as_str()).child("Body (JSON)"))
                    .child(El::with_class("textarea", "sw-edit-form__input sw-edit-export__text").attr("id", body_id).attr("data-integration-field", "http.form").attr("rows", "3").child(body)),
            );
        }
        let on: Vec<String> = h
            .get("triggers")
            .and_then(Json::as_object)
            .map(|o| o.iter().filter(|(_, v)| v.as_bool() == Some(true)).map(|(k, _)| k.replace('-', "_")).collect())
            .unwrap_or_default();
        let mut triggers = El::with_class("fieldset", "sw-edit-form__custom").child(El::new("legend").child("Fetched again when"));
        for (key, label) in TRIGGERS {
            let cid = format!("{id}t-{key}");
            triggers = triggers.child(
                El::with_class("div", "sw-edit-form__row sw-edit-form__row--check")
                    .child(El::new("input").attr("id", cid.as_str()).attr("type", "checkbox").attr("data-trigger", key).flag("checked", on.iter().any(|t| t == key)))
                    .child(El::new("label").attr("for", cid).child(label)),
            );
        }
        let status = match &e.tested {
            Some((i, t)) if *i == index => Some(match t {
                Tested::Sending => "Sending…".to_string(),
                Tested::Answered(s) => format!("Answered {s}: the answer is the sample data now."),
                Tested::Failed(why) => format!("Failed: {why}"),
            }),
            _ => None,
        };
        form.child(triggers)
            .child(button("test-integration", "Test".into(), Some(index)))
            .child(El::with_class("p", "sw-edit-integration__status").attr("role", "status").child(status.unwrap_or_default()))
    });
    El::with_class("div", "sw-edit-integrations")
        .attr("role", "region")
        .attr("aria-label", "Integrations")
        .child(El::new("h2").child("Integrations"))
        .child(El::new("ul").children(list))
        .child(button("new-integration", "New HTTP integration".into(), None))
        .child_opt(form)
}

/// Replaces the integration at `index` with `f` of it, and tells the host.
fn change(state: EditorState, root: &web_sys::Element, index: usize, f: &dyn Fn(&Json) -> Json) {
    let mut done = false;
    state.change(&mut |e| {
        let mut all = e.integrations.as_array().unwrap_or_default().to_vec();
        if let Some(slot) = all.get_mut(index) {
            *slot = f(slot);
            e.integrations = Json::from(all);
            done = true;
        }
    });
    if done {
        changed(state, root, None);
    }
}

fn set_path(v: &Json, path: &[&str], value: Json) -> Json {
    match path {
        [] => value,
        [k] => v.with_member(k, value),
        [k, rest @ ..] => {
            let inner =
                v.get(k).cloned().unwrap_or_else(|| Json::object(Vec::<(&str, Json)>::new()));
            v.with_member(k, set_path(&inner, rest, value))
        }
    }
}

/// What is typed in the integration's form. True when the input was one of its.
pub fn typed(state: EditorState, root: &web_sys::Element, el: &web_sys::Element) -> bool {
    let Some(index) = el
        .closest("form[data-integration]")
        .ok()
        .flatten()
        .and_then(|f| f.get_attribute("data-integration"))
        .and_then(|i| i.parse::<usize>().ok())
    else {
        return false;
    };
    let value = if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        if i.type_() == "checkbox" {
            let Some(trigger) = el.get_attribute("data-trigger") else { return true };
            let on = i.checked();
            change(state, root, index, &|integ| {
                // Written in the spelling the integration already uses (`ticket-updated` or
                // `ticket_updated`), else with underscores.
                let dashed = trigger.replace('_', "-");
                let triggers = http(integ).get("triggers").cloned();
                let key = if triggers.as_ref().and_then(|t| t.get(&dashed)).is_some() {
                    dashed
                } else {
                    trigger.clone()
                };
                set_path(integ, &["http", "triggers", key.as_str()], Json::from(on))
            });
            return true;
        }
        i.value()
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.value()
    } else {
        return true;
    };
    if let (Some(n), Some(part)) = (
        el.get_attribute("data-header").and_then(|n| n.parse::<usize>().ok()),
        el.get_attribute("data-part"),
    ) {
        change(state, root, index, &|integ| {
            let h = http(integ);
            let rows: Vec<(String, Json)> = h
                .get("headers")
                .and_then(Json::as_object)
                .map(|o| o.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
                .unwrap_or_default();
            let rows =
                rows.into_iter().enumerate().map(|(i, (k, v))| match (i == n, part.as_str()) {
                    (true, "key") => (value.clone(), v),
                    (true, _) => (k, Json::from(value.as_str())),
                    _ => (k, v),
                });
            integ.with_member(
                "http",
                h.with_member("headers", Json::object(rows.collect::<Vec<_>>())),
            )
        });
        return true;
    }
    let Some(field) = el.get_attribute("data-integration-field") else { return true };
    let value = if field == "http.form" {
        match Json::parse(&value) {
            Ok(v) => v,
            Err(_) if value.trim().is_empty() => Json::Null,
            // Not JSON (yet): kept as it is typed, nothing changes until it is.
            Err(_) => return true,
        }
    } else {
        Json::from(value)
    };
    let path: Vec<&str> = field.split('.').collect();
    change(state, root, index, &|integ| set_path(integ, &path, value.clone()));
    true
}

/// The integration form's buttons. True when the control was one of them.
pub fn clicked(
    state: EditorState,
    root: &web_sys::Element,
    what: &str,
    control: &web_sys::Element,
) -> bool {
    let index = control.get_attribute("data-index").and_then(|i| i.parse::<usize>().ok());
    match what {
        "edit-integration" => {
            state
                .change(&mut |e| e.integration = if e.integration == index { None } else { index });
        }
        "new-integration" => {
            let mut added = 0;
            state.change(&mut |e| {
                let mut all = e.integrations.as_array().unwrap_or_default().to_vec();
                // A new id: one more than the largest number among the ids.
                let next = all
                    .iter()
                    .filter_map(|i| i.get("id").and_then(Json::as_f64))
                    .fold(0.0, f64::max)
                    + 1.0;
                all.push(Json::object([
                    ("id", Json::from(next)),
                    ("name", Json::from("New integration")),
                    ("description", Json::from("")),
                    ("type", Json::from("http")),
                    (
                        "http",
                        Json::object([
                            ("url", Json::from("")),
                            ("method", Json::from("GET")),
                            ("headers", Json::object(Vec::<(&str, Json)>::new())),
                            ("request_content_type", Json::from("application/json")),
                            ("response_content_type", Json::from("application/json")),
                            ("form", Json::Null),
                            ("triggers", Json::object([("ticket_created", Json::from(true))])),
                        ]),
                    ),
                ]));
                added = all.len() - 1;
                e.integrations = Json::from(all);
                e.integration = Some(added);
                e.announcement = "A new HTTP integration: its form is open.".into();
            });
            changed(state, root, None);
        }
        "add-header" | "remove-header" => {
            let Some(i) = state_integration(state) else { return true };
            let adding = what == "add-header";
            change(state, root, i, &|integ| {
                let h = http(integ);
                let mut rows: Vec<(String, Json)> = h
                    .get("headers")
                    .and_then(Json::as_object)
                    .map(|o| o.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
                    .unwrap_or_default();
                if adding {
                    rows.push((format!("X-Header-{}", rows.len() + 1), Json::from("")));
                } else if let Some(n) = index.filter(|n| *n < rows.len()) {
                    rows.remove(n);
                }
                integ.with_member("http", h.with_member("headers", Json::object(rows)))
            });
        }
        "test-integration" => {
            if let Some(i) = index {
                test(state, root.clone(), i);
            }
        }
        _ => return false,
    }
    true
}

fn state_integration(state: EditorState) -> Option<usize> {
    let mut i = None;
    state.read(&mut |e| i = e.integration);
    i
}

/// Sends the integration's request as the sidebar would (its own rules, the editor's context, the
/// proxy when set); the answer becomes its sample data.
fn test(state: EditorState, root: web_sys::Element, index: usize) {
    let mut planned = None;
    state.read(&mut |e| {
        let Some(raw) = e.integrations.as_array().and_then(|a| a.get(index)) else { return };
        let Some(integration) = Integration::from_json(raw) else {
            planned = Some(Err("the integration has no id".to_string()));
            return;
        };
        let context = Context::from_json(&e.context);
        let scope = Scope {
            data: &Json::Null,
            globals: context.globals().to_vec(),
            purpose: Purpose::Request,
            tz_offset_minutes: 0,
        };
        let messages = Messages::new("en", &[]);
        let request = integration_request(&integration, &scope)
            .and_then(|out| out.addressed(e.proxy.as_ref()))
            .map_err(|err| err.describe(&messages));
        planned = Some(request.map(|r| (integration.id.clone(), r)));
    });
    let Some(planned) = planned else { return };
    let (id, request) = match planned {
        Ok(p) => p,
        Err(why) => {
            state.change(&mut |e| e.tested = Some((index, Tested::Failed(why.clone()))));
            return;
        }
    };
    state.change(&mut |e| e.tested = Some((index, Tested::Sending)));
    wasm_bindgen_futures::spawn_local(async move {
        let messages = Messages::new("en", &[]);
        let answer = crate::net::send(&request, 30_000).await;
        let outcome = answer.and_then(|a| read_json(&a.text).map(|v| (a.status, v)));
        let said = state.change(&mut |e| {
            e.tested = Some((
                index,
                match &outcome {
                    Ok((status, _)) => Tested::Answered(*status),
                    Err(err) => Tested::Failed(match err.status() {
                        Some(s) => format!("{} (status {s})", err.describe(&messages)),
                        None => err.describe(&messages),
                    }),
                },
            ));
            if let Ok((_, data)) = &outcome {
                e.samples.retain(|(k, _)| *k != id);
                e.samples.push((id.clone(), data.clone()));
                e.open.push(super::keys::item_key(&id, ""));
                e.announcement = "Tested: the answer is the sample data.".into();
            }
        });
        if said && outcome.is_ok() {
            changed(state, &root, None);
        }
    });
}
