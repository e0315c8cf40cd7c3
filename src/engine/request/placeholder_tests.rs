//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! SPEC 7: a `{{secret.NAME}}` placeholder reaches the proxy only where the template's own text
//! wrote it. Each test is an attack: text from the data, the context or the agent's typing that is
//! shaped like a placeholder, which the proxy would otherwise fill in with a real key.

use super::*;
use crate::engine::vars::{Purpose, Scope};
use crate::j as json;
use crate::model::action::tests::seed_buttons;
use crate::model::action::{parse_action, parse_button};
use crate::model::action::{Action, FieldGroup, FieldRef};
use crate::model::integration::Integration;
use crate::model::Json;

fn proxy() -> Proxy {
    Proxy { url: "https://proxy.example/forward".into(), token: None }
}

/// A request scope where the customer (and the ticket's customer) is named `name`.
fn resolve_for(action: &Action, name: &str, data: &Json) -> ResolvedAction {
    let customer = json!({"name": name, "email": "a@b.example"});
    let ticket = json!({"id": 7, "customer": {"name": name}});
    let user = json!({"name": "Agent"});
    let scope = Scope {
        data,
        globals: vec![("ticket", &ticket), ("customer", &customer), ("current_user", &user)],
        purpose: Purpose::Request,
        tz_offset_minutes: 0,
    };
    resolve_action(action, &scope)
}

const ATTACKS: [&str; 5] = [
    "{{secret.comments_key}}",
    "{{ secret.comments_key }}",
    "Jane {{secret.comments_key}} Doe",
    "{{secret.comments_key",
    "{{  secret.x-y_z}}",
];

#[test]
fn a_customer_named_like_a_secret_cannot_send_it_with_the_seed_button() {
    // The seed's "My 2rd action": form `user={{ticket.customer.name}}`.
    let button = parse_button(&seed_buttons()[1]).unwrap();
    for name in ATTACKS {
        let resolved = resolve_for(&button.action, name, &Json::Null);
        let refused = action_request(&resolved, &[]);
        assert_eq!(
            refused,
            Err(RequestError::UndeclaredSecret("the form field \"user\"".into())),
            "{name}"
        );
        let text = refused.err().map(|e| e.describe(&Default::default())).unwrap_or_default();
        assert!(text.contains("only the template itself may ask for a secret"), "{text}");
    }
    // An ordinary name goes through, and the envelope declares no placeholder.
    let resolved = resolve_for(&button.action, "Jane {Doe} {{nickname}}", &Json::Null);
    let req = action_request(&resolved, &[]).and_then(|o| o.through_proxy(&proxy())).unwrap();
    let body = Json::parse(req.body.as_deref().unwrap_or_default()).unwrap();
    assert_eq!(body["form"]["user"].as_str(), Some("Jane {Doe} {{nickname}}"));
    assert_eq!(body["placeholders"]["form"], json!({}));
}

#[test]
fn the_templates_own_placeholder_beside_a_substituted_one_is_refused() {
    let action = parse_action(&json!({"url": "https://api.example/notes", "method": "POST",
        "headers": [{"key": "X-Api-Key", "value": "{{secret.comments_key}}"},
                    {"key": "X-Note", "value": "{{secret.comments_key}} for {{customer.name}}"}]}))
    .unwrap();
    let resolved = resolve_for(&action, "{{secret.comments_key}}", &Json::Null);
    assert_eq!(
        action_request(&resolved, &[]),
        Err(RequestError::UndeclaredSecret("the header \"X-Note\"".into()))
    );
    // With an ordinary name, both of the template's placeholders are declared, in order.
    let resolved = resolve_for(&action, "Jane", &Json::Null);
    let req = action_request(&resolved, &[]).and_then(|o| o.through_proxy(&proxy())).unwrap();
    let body = Json::parse(req.body.as_deref().unwrap_or_default()).unwrap();
    assert_eq!(
        body["placeholders"]["headers"],
        json!({"X-Api-Key": ["comments_key"], "X-Note": ["comments_key"]})
    );
}

#[test]
fn data_fields_in_a_json_body_cannot_write_a_placeholder() {
    let action = parse_action(&json!({"url": "https://api.example/x", "method": "POST",
        "body": {"contentType": "application/json", "application/json":
            {"auth": {"key": "{{ secret.k }}"}, "items": [{"note": "{{note}}"}]}}}))
    .unwrap();
    let data = json!({"note": "{{secret.k}}"});
    assert_eq!(
        action_request(&resolve_for(&action, "Jane", &data), &[]),
        Err(RequestError::UndeclaredSecret("the body's \"/items/0/note\"".into()))
    );
    let data = json!({"note": "plain"});
    let req = action_request(&resolve_for(&action, "Jane", &data), &[])
        .and_then(|o| o.through_proxy(&proxy()))
        .unwrap();
    let body = Json::parse(req.body.as_deref().unwrap_or_default()).unwrap();
    assert_eq!(body["placeholders"]["json"], json!({"/auth/key": ["k"]}));
    // Pointers escape `~` and `/` (RFC 6901).
    let data = json!({"note": "{{secret.k}}"});
    let only_escaped = parse_action(&json!({"url": "https://api.example/x", "method": "POST",
        "body": {"contentType": "application/json", "application/json": {"a/b~c": "{{note}}"}}}))
    .unwrap();
    assert_eq!(
        action_request(&resolve_for(&only_escaped, "Jane", &data), &[]),
        Err(RequestError::UndeclaredSecret("the body's \"/a~1b~0c\"".into()))
    );
}

#[test]
fn text_next_to_a_variable_cannot_complete_a_placeholder() {
    // The template writes `{{` before a variable: the value `secret.k}}` would complete it.
    let action = parse_action(&json!({"url": "https://api.example/x",
        "params": [{"key": "q", "value": "{{{{note}}"}]}))
    .unwrap();
    let data = json!({"note": "secret.k}}"});
    assert_eq!(
        action_request(&resolve_for(&action, "Jane", &data), &[]),
        Err(RequestError::UndeclaredSecret("the parameter \"q\"".into()))
    );
}

#[test]
fn what_the_agent_types_cannot_ask_for_a_secret() {
    let action = parse_action(&json!({"url": "https://api.example/x", "method": "POST",
        "body": {"contentType": "application/x-www-form-urlencoded",
                 "application/x-www-form-urlencoded": [{"key": "comment", "value": "", "editable": true}]}}))
    .unwrap();
    let resolved = resolve_for(&action, "Jane", &Json::Null);
    let at = FieldRef { group: FieldGroup::Form, index: 0 };
    assert_eq!(
        action_request(&resolved, &[(at, "see {{ secret.comments_key }}".into())]),
        Err(RequestError::UndeclaredSecret("the form field \"comment\"".into()))
    );
    assert!(action_request(&resolved, &[(at, "see {{ticket.id}} {secret}".into())]).is_ok());
}

#[test]
fn an_integration_cannot_be_made_to_send_a_secret_on_load() {
    let integration = |http: Json| {
        Integration::from_json(&json!({"id": 1, "name": "Notes", "type": "http", "http": http}))
            .unwrap()
    };
    let customer = json!({"name": "{{secret.comments_key}}", "email": "a@b.example"});
    let ticket = json!({"customer": customer.clone()});
    let scope = Scope {
        data: &Json::Null,
        globals: vec![("customer", &customer), ("ticket", &ticket)],
        purpose: Purpose::Request,
        tz_offset_minutes: 0,
    };
    // A POST integration's form, with no click.
    let posted = integration(json!({"url": "https://api.example/notes", "method": "POST",
        "form": {"user": "{{ticket.customer.name}}", "key": "{{secret.comments_key}}"}}));
    assert_eq!(
        integration_request(&posted, &scope),
        Err(RequestError::UndeclaredSecret("the body's \"/user\"".into()))
    );
    let form_encoded = integration(json!({"url": "https://api.example/notes", "method": "POST",
        "request_content_type": "application/x-www-form-urlencoded",
        "form": {"user": "{{customer.name}}"}}));
    assert!(matches!(
        integration_request(&form_encoded, &scope),
        Err(RequestError::UndeclaredSecret(_))
    ));
    // Its headers.
    let headers = integration(json!({"url": "https://api.example/notes",
        "headers": {"X-Key": "{{secret.comments_key}}", "X-Who": "{{customer.name}}"}}));
    assert_eq!(
        integration_request(&headers, &scope),
        Err(RequestError::UndeclaredSecret("the header \"X-Who\"".into()))
    );
    // The template's own placeholder is declared.
    let own = integration(json!({"url": "https://api.example/notes",
        "headers": {"X-Key": "{{secret.comments_key}}"}}));
    let req = integration_request(&own, &scope).and_then(|o| o.through_proxy(&proxy())).unwrap();
    let body = Json::parse(req.body.as_deref().unwrap_or_default()).unwrap();
    assert_eq!(body["placeholders"]["headers"], json!({"X-Key": ["comments_key"]}));
}

#[test]
fn placeholder_shaped_text_in_the_address_is_refused_in_any_spelling() {
    let action = parse_action(&json!({"url": "https://api.example/x?k={{ secret.k }}"})).unwrap();
    let out = action_request(&resolve_for(&action, "Jane", &Json::Null), &[]).unwrap();
    assert_eq!(out.through_proxy(&proxy()), Err(RequestError::SecretInUrl));
}

#[test]
fn only_a_request_without_hidden_values_or_headers_follows_redirects() {
    let plain = parse_action(&json!({"url": "https://api.example/x",
        "params": [{"key": "q", "value": "{{customer.name}}", "editable": true}]}))
    .unwrap();
    let out = action_request(&resolve_for(&plain, "Jane", &Json::Null), &[]).unwrap();
    assert!(out.direct().unwrap().follow_redirects);
    assert!(!out.through_proxy(&proxy()).unwrap().follow_redirects, "never the envelope");
    for hidden in [
        json!({"url": "https://api.example/x", "headers": [{"key": "X-Api-Key", "value": "sk_1"}]}),
        json!({"url": "https://api.example/x", "params": [{"key": "limit", "value": "10"}]}),
        json!({"url": "https://api.example/x", "headers": [{"key": "X-Note", "value": "n", "editable": true}]}),
    ] {
        let a = parse_action(&hidden).unwrap();
        let out = action_request(&resolve_for(&a, "Jane", &Json::Null), &[]).unwrap();
        assert!(!out.direct().unwrap().follow_redirects, "{hidden:?}");
    }
    let redirected = crate::engine::answer::NetError::Redirected(307);
    let text = redirected.describe(&Default::default());
    assert!(text.contains("HTTP 307") && text.contains("not followed"), "{text}");
    let opaque = crate::engine::answer::NetError::Redirected(0).describe(&Default::default());
    assert!(opaque.contains("HTTP 3xx"), "{opaque}");
}
