//! Custom actions (SPEC 3): the button's action with its variables resolved, then decided as an
//! [`Outgoing`] request with the agent's edits.

use super::{check_header, checked_url, place, Body, Outgoing, RequestError, Secrets};
use crate::engine::vars::{interpolate, resolve_json_checked, resolve_url, secret_names, Scope};
use crate::model::action::{Action, ActionParam, BodyKind, FieldGroup, FieldRef, ParamKind};
use sidebar_widgets_wire::placeholder::{check_declared, has_placeholder};

/// An action with every variable resolved (same shape, so the form can be pre-filled from it).
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedAction {
    pub action: Action,
    /// The first item or body string where substituted text wrote a `{{secret.NAME}}` placeholder
    /// that the template's own text did not: such an action is never sent.
    pub undeclared: Option<String>,
}

impl std::ops::Deref for ResolvedAction {
    type Target = Action;
    fn deref(&self) -> &Action {
        &self.action
    }
}

/// Resolves variables in the URL (values percent-encoded, see [`resolve_url`]), in every item's
/// value and label, and in every string nested in the JSON body (other JSON values kept), noting
/// where substituted text wrote a secret placeholder the template did not.
pub fn resolve_action(action: &Action, scope: &Scope) -> ResolvedAction {
    let mut undeclared = None;
    let mut items = |list: &[ActionParam], group: FieldGroup| -> Vec<ActionParam> {
        list.iter()
            .map(|p| {
                let value = interpolate(&p.value, scope);
                if undeclared.is_none() && check_declared(&value, &secret_names(&p.value)).is_err()
                {
                    undeclared = Some(place(group, &p.key));
                }
                ActionParam { label: interpolate(&p.label, scope), value, ..p.clone() }
            })
            .collect()
    };
    let (params, headers, form) = (
        items(&action.params, FieldGroup::Params),
        items(&action.headers, FieldGroup::Headers),
        items(&action.form, FieldGroup::Form),
    );
    let json = resolve_json_checked(&action.json, scope, &mut undeclared);
    ResolvedAction {
        action: Action {
            url: resolve_url(&action.url, scope),
            params,
            headers,
            form,
            json,
            ..action.clone()
        },
        undeclared,
    }
}

/// The value an item is sent with: the agent's last edit when the form shows it, else its own.
fn item_value(r: FieldRef, item: &ActionParam, edits: &[(FieldRef, String)]) -> String {
    match edits.iter().rev().find(|(e, _)| *e == r) {
        Some((_, v)) if item.shown() => v.clone(),
        _ => item.initial_value(),
    }
}

/// The mandatory items that are empty once the edits are applied, in form order.
pub fn missing_mandatory(a: &Action, edits: &[(FieldRef, String)]) -> Vec<FieldRef> {
    a.items()
        .filter(|(r, item)| item.mandatory && item_value(*r, item, edits).trim().is_empty())
        .map(|(r, _)| r)
        .collect()
}

/// Decides the request of a resolved action with the agent's edits (values typed in the form).
/// Checks the URL, dropdown choices and mandatory items, and where hidden values may go;
/// only POST, PUT and PATCH send a body.
pub fn action_request(
    resolved: &ResolvedAction,
    edits: &[(FieldRef, String)],
) -> Result<Outgoing, RequestError> {
    if let Some(place) = &resolved.undeclared {
        return Err(RequestError::UndeclaredSecret(place.clone()));
    }
    let resolved = &resolved.action;
    let url = checked_url(&resolved.url)?;
    let missing = missing_mandatory(resolved, edits);
    if let Some(first) = missing.first() {
        let label =
            resolved.field(*first).map(|p| p.display_label().to_string()).unwrap_or_default();
        return Err(RequestError::MissingMandatory { fields: missing, label });
    }
    let mut out = Outgoing {
        method: resolved.method,
        url,
        params: Vec::new(),
        headers: Vec::new(),
        body: Body::None,
        secrets: Secrets::default(),
    };
    let mut form = Vec::new();
    for (r, item) in resolved.items() {
        let value = item_value(r, item, edits);
        let label = item.display_label();
        if item.kind == ParamKind::Dropdown && !value.is_empty() && !item.choices().contains(&value)
        {
            return Err(RequestError::InvalidAction(format!(
                "\"{value}\" is not one of the choices of \"{label}\""
            )));
        }
        let key = item.key.trim();
        if key.is_empty() {
            continue;
        }
        // What the agent typed is theirs, never the template's: it may not ask for a secret.
        if value != item.initial_value() && has_placeholder(&value) {
            return Err(RequestError::UndeclaredSecret(place(r.group, key)));
        }
        if !item.shown() && !value.trim().is_empty() {
            if !resolved.literal_origin {
                return Err(RequestError::VariableOrigin);
            }
            out.secrets.add(&value);
        }
        let list = match r.group {
            FieldGroup::Params => &mut out.params,
            FieldGroup::Headers => {
                check_header(key, &value)?;
                &mut out.headers
            }
            FieldGroup::Form => &mut form,
        };
        list.push((key.to_string(), value));
    }
    out.body = match (resolved.method.sends_body(), resolved.body_kind) {
        (false, _) => Body::None,
        (true, BodyKind::Json) => Body::Json(resolved.json.clone()),
        (true, BodyKind::Form) => Body::Form(form),
    };
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::*;
    use crate::engine::vars::Scope;
    use crate::j as json;
    use crate::model::action::tests::seed_buttons;
    use crate::model::action::{parse_action, parse_button, FieldGroup};
    use crate::model::integration::Integration;
    use crate::model::Json;

    #[test]
    fn seed_get_button_sends_its_secret_header_and_no_body() {
        let c = ctx();
        let b = parse_button(&seed_buttons()[0]).unwrap();
        let a = resolve_action(&b.action, &scope(&c));
        assert!(a.needs_form());
        let req = build_request(&a, &[]).unwrap();
        assert_eq!(
            req,
            HttpRequest {
                method: "GET".into(),
                url: "https://test-manuel.ngrok.io/posts".into(),
                headers: vec![("cryptic_key".into(), "l337_5p34k".into())],
                body: None,
                content_type: None,
                secrets: Secrets::default(),
                through_proxy: false,
                // an editable header is not hidden, but a header all the same: a redirect could
                // take it to another origin
                follow_redirects: false,
            }
        );
        // the agent edits the secret
        let req = build_request(&a, &[(r(FieldGroup::Headers, 0), "other".into())]).unwrap();
        assert_eq!(req.headers, vec![("cryptic_key".to_string(), "other".to_string())]);
        // it is mandatory
        let e = build_request(&a, &[(r(FieldGroup::Headers, 0), "  ".into())]).unwrap_err();
        assert_eq!(
            e,
            RequestError::MissingMandatory {
                fields: vec![r(FieldGroup::Headers, 0)],
                label: "Secret key".into()
            }
        );
        assert!(e.describe(&Default::default()).contains("\"Secret key\" is required"));
    }

    #[test]
    fn seed_post_button_sends_the_customer_name_form_encoded() {
        let c = ctx();
        let b = parse_button(&seed_buttons()[1]).unwrap();
        let a = resolve_action(&b.action, &scope(&c));
        assert!(!a.needs_form());
        assert_eq!(a.form[0].value, "John Doe");
        let req = build_request(&a, &[]).unwrap();
        assert_eq!(req.method, "POST");
        assert_eq!(req.url, "https://gorgias-rocks.ngrok.io/comments");
        assert!(req.headers.is_empty());
        assert_eq!(req.body.as_deref(), Some("user=John+Doe"));
        assert_eq!(req.content_type.as_deref(), Some(FORM_TYPE));
        // a non-editable item cannot be changed by an edit
        let req = build_request(&a, &[(r(FieldGroup::Form, 0), "Mallory".into())]).unwrap();
        assert_eq!(req.body.as_deref(), Some("user=John+Doe"));
    }

    #[test]
    fn params_join_the_existing_query_and_keep_the_fragment() {
        let params = json!([{"key": "q", "value": "a b&c=d"}, {"key": "n", "value": "{{id}}"}, {"key": "k y", "value": ""}]);
        let req = send(json!({"url": "https://x.y/s?keep=1#top", "params": params}), &[]).unwrap();
        assert_eq!(req.url, "https://x.y/s?keep=1&q=a%20b%26c%3Dd&n=42&k%20y=#top");
        let req =
            send(json!({"url": "https://x.y/s", "params": [{"key": "a", "value": "1"}]}), &[])
                .unwrap();
        assert_eq!(req.url, "https://x.y/s?a=1");
        let req =
            send(json!({"url": "https://x.y/s?", "params": [{"key": "a", "value": "1"}]}), &[])
                .unwrap();
        assert_eq!(req.url, "https://x.y/s?a=1");
        let req = send(
            json!({"url": "https://x.y/s?z=0&", "params": [{"key": "", "value": "x"}, {"key": "a", "value": "1"}]}),
            &[],
        )
        .unwrap();
        assert_eq!(req.url, "https://x.y/s?z=0&a=1");
        let req = send(json!({"url": "https://x.y/s?z=0#f"}), &[]).unwrap();
        assert_eq!(req.url, "https://x.y/s?z=0#f");
    }

    #[test]
    fn url_variables_are_percent_encoded() {
        let req = send(json!({"url": "https://x.y/c/{{ticket.customer.email}}?n={{name}}"}), &[])
            .unwrap();
        assert_eq!(req.url, "https://x.y/c/john%2Bvip%40example.com?n=Order%20%2342");
        // (ext) a variable opening the URL is its base
        let req = send(json!({"url": "{{status_url}}&u={{name}}"}), &[]).unwrap();
        assert_eq!(req.url, "https://shop.example/s/42?t=a%20b&u=Order%20%2342");
        let req = send(json!({"url": "{{{status_url}}}"}), &[]).unwrap();
        assert_eq!(req.url, "https://shop.example/s/42?t=a%20b");
    }

    #[test]
    fn unicode_and_special_characters_in_form_bodies() {
        let form = json!([
            {"key": "name", "value": "Zoë 🎉"},
            {"key": "math", "value": "1+1=2 & 50%"},
            {"key": "empty", "value": ""},
            {"key": "clé", "value": "{{missing.value}}"}
        ]);
        let req = send(
            json!({"url": "https://x.y", "method": "PATCH", "body": {"contentType": FORM_TYPE, "application/x-www-form-urlencoded": form}}),
            &[],
        )
        .unwrap();
        assert_eq!(
            req.body.as_deref(),
            Some("name=Zo%C3%AB+%F0%9F%8E%89&math=1%2B1%3D2+%26+50%25&empty=&cl%C3%A9=")
        );
        assert_eq!(req.method, "PATCH");
    }

    #[test]
    fn unicode_params_and_headers() {
        let req = send(
            json!({"url": "https://x.y", "params": [{"key": "q", "value": "été 🎉"}], "headers": [{"key": "X-Name", "value": "Zoë"}]}),
            &[],
        )
        .unwrap();
        assert_eq!(req.url, "https://x.y?q=%C3%A9t%C3%A9%20%F0%9F%8E%89");
        assert_eq!(req.headers, vec![("X-Name".to_string(), "Zoë".to_string())]);
        // fetch would throw on these: refuse with a reason instead
        let e =
            send(json!({"url": "https://x.y", "headers": [{"key": "X-E", "value": "🎉"}]}), &[])
                .unwrap_err();
        assert!(matches!(&e, RequestError::InvalidAction(m) if m.contains("X-E")), "{e:?}");
        let e = send(
            json!({"url": "https://x.y", "headers": [{"key": "bad name", "value": "v"}]}),
            &[],
        )
        .unwrap_err();
        assert!(e.describe(&Default::default()).contains("name"));
        let e = send(
            json!({"url": "https://x.y", "headers": [{"key": "X", "value": "a\r\nSet-Cookie: x"}]}),
            &[],
        )
        .unwrap_err();
        assert!(matches!(e, RequestError::InvalidAction(_)));
        // empty header keys are skipped
        let req = send(json!({"url": "https://x.y", "headers": [{"key": " ", "value": "v"}]}), &[])
            .unwrap();
        assert!(req.headers.is_empty());
    }

    #[test]
    fn nested_json_bodies_keep_their_types() {
        let body = json!({
            "contentType": "application/json",
            "application/json": {
                "order": "{{id}}",
                "note": "Hi {{ticket.customer.name}}, from {{current_user.firstname}}",
                "n": 3, "x": 1.5, "ok": true, "none": null,
                "tags": ["{{name}}", 7, false, null, {"deep": "{{missing}}"}],
                "nested": {"agent": {"email": "{{current_user.email}}", "level": 2}}
            }
        });
        let req = send(json!({"url": "https://x.y", "method": "POST", "body": body}), &[]).unwrap();
        assert_eq!(req.content_type.as_deref(), Some(JSON_TYPE));
        let sent = Json::parse(req.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            sent,
            json!({
                "order": "42",
                "note": "Hi John Doe, from Grace",
                "n": 3, "x": 1.5, "ok": true, "none": null,
                "tags": ["Order #42", 7, false, null, {"deep": ""}],
                "nested": {"agent": {"email": "grace@helpdesk.example", "level": 2}}
            })
        );
        // an empty JSON body is `{}`
        let req = send(json!({"url": "https://x.y", "method": "PUT"}), &[]).unwrap();
        assert_eq!(req.body.as_deref(), Some("{}"));
    }

    #[test]
    fn missing_variables_are_empty() {
        let a = resolved(
            json!({"url": "https://x.y/{{nope}}", "params": [{"key": "a", "label": "{{nope}}", "value": "[{{nope.deeper}}]"}]}),
        );
        assert_eq!(a.url, "https://x.y/");
        assert_eq!(a.params[0].value, "[]");
        assert_eq!(a.params[0].label, "");
        assert_eq!(a.params[0].display_label(), "a");
    }

    #[test]
    fn current_user_variables() {
        let a = resolved(json!({"url": "https://x.y/u/{{current_user.lastname}}", "headers": [
            {"key": "X-Agent", "label": "Agent {{current_user.name}}", "value": "{{current_user.firstname}} {{current_user.lastname}} <{{current_user.email}}>"}
        ]}));
        assert_eq!(a.url, "https://x.y/u/Hopper");
        assert_eq!(a.headers[0].label, "Agent Grace Hopper");
        assert_eq!(a.headers[0].value, "Grace Hopper <grace@helpdesk.example>");
    }

    #[test]
    fn mandatory_items_must_not_be_empty() {
        let action = json!({"url": "https://x.y", "method": "POST",
            "params": [{"key": "q", "label": "Query", "value": "{{missing}}", "mandatory": true, "editable": true}],
            "body": {"contentType": FORM_TYPE, "application/x-www-form-urlencoded": [{"key": "why", "value": "", "mandatory": true}]}});
        assert_eq!(
            send(action.clone(), &[]).unwrap_err(),
            RequestError::MissingMandatory {
                fields: vec![r(FieldGroup::Params, 0), r(FieldGroup::Form, 0)],
                label: "Query".into()
            }
        );
        // the label falls back to the key
        assert_eq!(
            send(action.clone(), &[(r(FieldGroup::Params, 0), "x".into())]).unwrap_err(),
            RequestError::MissingMandatory {
                fields: vec![r(FieldGroup::Form, 0)],
                label: "why".into()
            }
        );
    }

    #[test]
    fn edits_override_values_and_the_last_edit_wins() {
        let a = resolved(json!({"url": "https://x.y", "method": "POST",
            "params": [{"key": "q", "value": "{{name}}", "editable": true}, {"key": "api_key", "value": "secret"}],
            "body": {"contentType": FORM_TYPE, "application/x-www-form-urlencoded": [{"key": "note", "value": "", "editable": true}]}}));
        assert_eq!(a.params[0].value, "Order #42");
        let edits = [
            (r(FieldGroup::Params, 0), "first".to_string()),
            (r(FieldGroup::Params, 0), "new value".to_string()),
            (r(FieldGroup::Params, 1), "hacked".to_string()),
            (r(FieldGroup::Form, 0), "très bien".to_string()),
            (r(FieldGroup::Form, 7), "ignored".to_string()),
        ];
        let req = build_request(&a, &edits).unwrap();
        assert_eq!(req.url, "https://x.y?q=new%20value&api_key=secret");
        assert_eq!(req.body.as_deref(), Some("note=tr%C3%A8s+bien"));
    }

    #[test]
    fn dropdowns_send_a_choice() {
        let a = resolved(json!({"url": "https://x.y", "params": [
            {"key": "reason", "label": "Reason", "value": "damaged; {{name}} ;late", "type": "dropdown", "mandatory": true},
            {"key": "opt", "value": "a;b", "type": "dropdown"}
        ]}));
        assert_eq!(a.params[0].choices(), vec!["damaged", "Order #42", "late"]);
        // untouched: the mandatory one sends its first choice, the other nothing
        assert_eq!(build_request(&a, &[]).unwrap().url, "https://x.y?reason=damaged&opt=");
        let req = build_request(
            &a,
            &[
                (r(FieldGroup::Params, 0), "Order #42".into()),
                (r(FieldGroup::Params, 1), "b".into()),
            ],
        )
        .unwrap();
        assert_eq!(req.url, "https://x.y?reason=Order%20%2342&opt=b");
        let e = build_request(&a, &[(r(FieldGroup::Params, 0), "other".into())]).unwrap_err();
        assert!(matches!(&e, RequestError::InvalidAction(m) if m.contains("Reason")));
        assert_eq!(
            build_request(&a, &[(r(FieldGroup::Params, 0), "".into())]).unwrap_err(),
            RequestError::MissingMandatory {
                fields: vec![r(FieldGroup::Params, 0)],
                label: "Reason".into()
            }
        );
    }

    #[test]
    fn unsafe_urls_are_refused() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:fetch('x')",
            "data:text/html,x",
            "/relative",
            "{{nope}}",
        ] {
            let e = send(json!({"url": url}), &[]).unwrap_err();
            assert!(matches!(e, RequestError::RefusedUrl(_)), "{url}");
            assert!(e.describe(&Default::default()).contains("only http:// and https://"), "{e:?}");
        }
        // a variable cannot smuggle a scheme in
        let c = ctx();
        let data = json!({"u": "javascript:alert(1)"});
        let s = Scope { data: &data, ..scope(&c) };
        let a = resolve_action(&parse_action(&json!({"url": "{{u}}"})).unwrap(), &s);
        assert!(matches!(build_request(&a, &[]), Err(RequestError::RefusedUrl(_))));
        let long = format!("javascript:{}", "é".repeat(300));
        assert!(RequestError::RefusedUrl(long).describe(&Default::default()).chars().count() < 200);
    }

    #[test]
    fn get_and_delete_send_no_body() {
        for m in ["GET", "delete"] {
            let req = send(
                json!({"url": "https://x.y/1", "method": m, "body": {"contentType": JSON_TYPE, "application/json": {"a": 1}}}),
                &[],
            )
            .unwrap();
            assert_eq!((req.body, req.content_type), (None, None));
        }
        let req = send(
            json!({"url": "https://x.y/1", "method": "DELETE", "body": {"contentType": FORM_TYPE, "application/x-www-form-urlencoded": [{"key": "a", "value": "1"}]}}),
            &[],
        )
        .unwrap();
        assert_eq!(req.method, "DELETE");
        assert_eq!(req.body, None);
    }

    #[test]
    fn a_variable_that_is_a_dot_segment_refuses_the_request() {
        // `.../customers/{{ticket.customer.name}}/orders` with the name ".." would fetch /v1/orders.
        // Once or twice decoded, with an encoded slash or a backslash, or a `;` parameter: the
        // proxy refuses each of these, and so does the sidebar, with the same rule.
        for name in [
            "..",
            ".",
            "%2e%2e",
            "%2E.",
            ".%2e",
            "%252E%252e",
            "../../admin",
            "..%2F..%2Fadmin%2Fusers",
            "..\\..\\admin",
            "..;",
            "x/../..",
        ] {
            let c = ctx();
            let ticket = json!({"customer": {"name": name}});
            let s = Scope {
                globals: vec![("ticket", &ticket), ("current_user", &c.user)],
                ..scope(&c)
            };
            let a = resolve_action(
                &parse_action(&json!({"url": "https://api.example/v1/customers/{{ticket.customer.name}}/notes",
                    "headers": [{"key": "X-Key", "value": "sk_live_abc"}]}))
                .unwrap(),
                &s,
            );
            assert_eq!(build_request(&a, &[]), Err(RequestError::DotSegment), "{name}");
            let i = Integration::from_json(&json!({"id": 1, "http": {
                "url": "https://api.example/v1/customers/{{ticket.customer.name}}/orders",
                "headers": {"X-Key": "sk_live_abc"}}}))
            .unwrap();
            assert_eq!(integration_request(&i, &s), Err(RequestError::DotSegment), "{name}");
        }
        assert!(RequestError::DotSegment.describe(&Default::default()).contains("\"..\""));
        // a name with dots in it is fine
        let c = ctx();
        let ticket = json!({"customer": {"name": "a..b"}});
        let s = Scope { globals: vec![("ticket", &ticket)], ..scope(&c) };
        let a = resolve_action(
            &parse_action(&json!({"url": "https://x.y/c/{{ticket.customer.name}}"})).unwrap(),
            &s,
        );
        assert_eq!(build_request(&a, &[]).map(|r| r.url), Ok("https://x.y/c/a..b".to_string()));
    }

    #[test]
    fn data_cannot_choose_where_hidden_values_go() {
        let c = ctx();
        let data = json!({"admin_url": "https://evil.example", "shop": "evil"});
        let s = Scope { data: &data, ..scope(&c) };
        let key = json!([{"key": "X-Api-Key", "value": "sk_live_abc"}]);
        for url in [
            "{{admin_url}}/cancel",
            "{{{admin_url}}}/cancel",
            "https://{{shop}}.example/cancel",
            "https://x.y:{{id}}/",
        ] {
            let a =
                resolve_action(&parse_action(&json!({"url": url, "headers": key})).unwrap(), &s);
            assert_eq!(build_request(&a, &[]), Err(RequestError::VariableOrigin), "{url}");
            // the same action without hidden items still works
            let a = resolve_action(&parse_action(&json!({"url": url})).unwrap(), &s);
            assert!(!matches!(build_request(&a, &[]), Err(RequestError::VariableOrigin)), "{url}");
        }
        // an editable item is the agent's own: it may go there
        let a = resolve_action(
            &parse_action(
                &json!({"url": "{{admin_url}}/cancel", "params": [{"key": "note", "value": "x", "editable": true}]}),
            )
            .unwrap(),
            &s,
        );
        assert_eq!(
            build_request(&a, &[]).map(|r| r.url),
            Ok("https://evil.example/cancel?note=x".to_string())
        );
        // a literal origin with variables in the path carries its key
        let a = resolve_action(
            &parse_action(&json!({"url": "https://api.example/o/{{id}}", "headers": key})).unwrap(),
            &s,
        );
        let req = build_request(&a, &[]).unwrap();
        assert!(req.url.starts_with("https://api.example/o/"), "{}", req.url);
        assert_eq!(req.headers, [("X-Api-Key".to_string(), "sk_live_abc".to_string())]);
        // an integration whose origin comes from the context cannot carry its headers either
        let ticket = json!({"customer": {"site": "https://customer-chosen.example"}});
        let s = Scope { globals: vec![("ticket", &ticket)], ..scope(&c) };
        let i = Integration::from_json(
            &json!({"id": 1, "http": {"url": "{{ticket.customer.site}}/api",
            "headers": {"X-Key": "sk_live_abc"}}}),
        )
        .unwrap();
        assert_eq!(integration_request(&i, &s), Err(RequestError::VariableOrigin));
    }
}
