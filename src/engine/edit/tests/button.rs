//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! Buttons as their form saves them (Gorgias's rules), read back by the renderer's own reader.

use super::*;
use crate::engine::edit::normalise_button;
use crate::model::action::{parse_button, BodyKind, Method};

#[test]
fn the_seeds_buttons_are_already_as_the_form_saves_them() {
    let seed = crate::model::action::tests::seed_buttons();
    for button in seed.as_array().unwrap() {
        assert_eq!(normalise_button(button).to_string(), button.to_string());
    }
}

fn button(method: &str, content_type: &str) -> Json {
    parse(&format!(
        r#"{{"label": "Go", "x": 1, "action": {{"url": "https://api.example/x", "method": "{method}",
        "params": [{{"key": "a", "value": "1"}}, {{"key": "b", "value": "2"}}, {{"key": "a", "value": "3"}}],
        "headers": [{{"key": "K", "value": "k", "mandatory": true}}, {{"key": "E", "editable": true, "mandatory": true}},
                    {{"key": "D", "type": "dropdown", "value": "x;y", "mandatory": "true"}}],
        "body": {{"contentType": "{content_type}", "application/json": {{"order": "{{{{id}}}}"}},
                 "application/x-www-form-urlencoded": [{{"key": "f", "value": "1"}}, {{"key": "f", "value": "2"}}]}}}}}}"#
    ))
}

#[test]
fn the_unused_body_flavour_is_reset() {
    let json = normalise_button(&button("POST", "application/json"));
    assert_eq!(
        json["action"]["body"].to_string(),
        r#"{"contentType":"application/json","application/json":{"order":"{{id}}"},"application/x-www-form-urlencoded":[]}"#
    );
    let form = normalise_button(&button("put", "application/x-www-form-urlencoded"));
    assert_eq!(
        form["action"]["body"].to_string(),
        r#"{"contentType":"application/x-www-form-urlencoded","application/json":{},"application/x-www-form-urlencoded":[{"key":"f","value":"1"}]}"#
    );
    let read = parse_button(&form).unwrap();
    assert_eq!((read.action.method, read.action.body_kind), (Method::Put, BodyKind::Form));
    assert_eq!(read.action.form.len(), 1);
}

#[test]
fn only_post_put_and_patch_keep_a_body() {
    for method in ["GET", "DELETE", ""] {
        let b = normalise_button(&button(method, "application/json"));
        assert_eq!(
            b["action"]["body"].to_string(),
            r#"{"contentType":"application/json","application/json":{},"application/x-www-form-urlencoded":[]}"#,
            "{method}"
        );
    }
    let patch = normalise_button(&button("PATCH", "application/json"));
    assert_eq!(patch["action"]["body"]["application/json"].to_string(), r#"{"order":"{{id}}"}"#);
}

#[test]
fn rows_with_a_key_already_used_are_dropped_and_required_only_where_asked() {
    let b = normalise_button(&button("POST", "application/json"));
    assert_eq!(
        b["action"]["params"].to_string(),
        r#"[{"key":"a","value":"1"},{"key":"b","value":"2"}]"#
    );
    assert_eq!(
        b["action"]["headers"].to_string(),
        r#"[{"key":"K","value":"k","mandatory":false},{"key":"E","editable":true,"mandatory":true},{"key":"D","type":"dropdown","value":"x;y","mandatory":"true"}]"#
    );
    // Everything else as it was, in its order.
    let text = b.to_string();
    assert!(text.starts_with(r#"{"label":"Go","x":1,"action":{"url":"https://api.example/x","method":"POST","params":"#), "{text}");
}

#[test]
fn buttons_the_sidebar_refuses_keep_their_body() {
    for (method, content_type) in [("FETCH", "application/json"), ("POST", "text/xml")] {
        let b = button(method, content_type);
        let body = b["action"]["body"].to_string();
        let kept = normalise_button(&b)["action"]["body"].to_string();
        assert_eq!(
            kept,
            body.replace(r#",{"key":"f","value":"2"}"#, ""),
            "{method} {content_type}"
        );
    }
    for odd in [r#""x""#, r#"{"label": "no action"}"#, r#"{"action": {"params": 5, "body": []}}"#] {
        assert_eq!(normalise_button(&parse(odd)).to_string(), compact(odd));
    }
}

#[test]
fn a_dropdown_keeps_the_ten_choices_the_sidebar_offers() {
    let b = parse(
        r#"{"label": "Go", "action": {"url": "https://x.example", "params": [
        {"key": "many", "type": "dropdown", "value": "a; b;c;d;e;f;g;h;i;j;k;l", "editable": true},
        {"key": "ten", "type": "dropdown", "value": "a; b;c;d;e;f;g;h;i;j"},
        {"key": "text", "value": "a;b;c;d;e;f;g;h;i;j;k;l"}]}}"#,
    );
    let saved = normalise_button(&b);
    let params = &saved["action"]["params"];
    assert_eq!(params[0]["value"].as_str(), Some("a;b;c;d;e;f;g;h;i;j"));
    assert_eq!(params[1]["value"].as_str(), Some("a; b;c;d;e;f;g;h;i;j"), "ten: as written");
    assert_eq!(params[2]["value"].as_str(), Some("a;b;c;d;e;f;g;h;i;j;k;l"), "text: as written");
    let read = parse_button(&saved).unwrap();
    assert_eq!(
        read.action.params[0].choices(),
        parse_button(&b).unwrap().action.params[0].choices()
    );
}
