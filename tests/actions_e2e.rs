//! End-to-end: custom actions sent from the built sidebar in headless Chromium to a recorder
//! written here, on 127.0.0.1. The agent is played by tests/e2e/actions.drive.mjs; this test checks
//! the exact requests the server received, and what the page showed.
//!
//! Needs the release build in dist/ (`trunk build --release --offline`), node and Chromium:
//! `bash scripts/test.sh` provides all three.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: failing loudly is its job
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use support::*;

#[test]
#[ignore = "needs the release build in dist/ and Chromium: scripts/test.sh runs it"]
fn custom_actions_send_what_the_agent_sees() {
    let flaky = counter();
    let api = Server::start(Arc::new(move |req: &Recorded| match req.path() {
        "/flaky" if bump(&flaky) == 0 => (
            500,
            "text/plain",
            b"database exploded: the order is locked by another process".to_vec(),
        ),
        "/slow" => {
            std::thread::sleep(Duration::from_millis(2500));
            (200, "application/json", b"{}".to_vec())
        }
        _ => (200, "application/json", br#"{"ok":true}"#.to_vec()),
    }));
    let stdout = run_driver("actions.drive.mjs", &["-", &api.url]);
    let line = stdout.lines().last().unwrap_or_default();
    let out: Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("driver output: {e}\n{stdout}"));
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();

    // Links: resolved, new tab, refused scheme as plain text.
    assert_eq!(
        out["links"],
        json!([
            [
                "A",
                "My first redirection link",
                "https://developers.gorgias.com/docs/create-integrations-and-widgets-programmatically",
                "_blank",
                "noopener noreferrer"
            ],
            ["SPAN", "Bad link", null, null, null],
        ])
    );

    // 1. The seed's first button: the form shows the secret pre-filled, focused; the edit is sent.
    assert_eq!(out["seedForm"], json!([["Secret key *", "l337_5p34k"]]));
    assert_eq!(s(&out["seedFocus"]), "sw-form__input");
    let posts = api.requests_to("/posts");
    let get = posts.first().expect("the seed GET reached the server");
    assert_eq!(get.method, "GET");
    assert_eq!(get.query(), "");
    assert_eq!(get.header("cryptic_key"), Some("typed-key"));
    assert!(get.body.is_empty() && get.header("content-type").is_none(), "a GET sends no body");
    assert!(out["seedGet"]["ok"].as_bool().unwrap_or(false), "{}", out["seedGet"]);
    assert!(s(&out["seedGet"]["text"]).contains("HTTP 200"));
    assert_eq!(out["seedFormClosed"], json!(true));
    // The seed's second button has no editable item: sent at once, form-encoded.
    assert_eq!(out["seedPostForm"], json!(true));
    let comments = api.requests_to("/comments");
    let post = comments.first().expect("the seed POST reached the server");
    assert_eq!(post.method, "POST");
    assert_eq!(post.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(post.body_text(), "user=Jane+Doe");
    let ev = &out["seedEvents"];
    assert_eq!(ev[0]["button"], json!("My 1st action"));
    assert_eq!(ev[0]["method"], json!("GET"));
    assert_eq!(ev[0]["url"], json!(format!("{}/posts", api.url)));
    assert_eq!(ev[0]["status"], json!(200));
    assert_eq!(ev[0]["widget"], json!("actions-m1"));
    assert_eq!(ev[1]["method"], json!("POST"));

    // 2. JSON body, variables from the card, ticket and current_user, params, dropdown.
    assert_eq!(out["jsonFormBefore"], json!([["Reason *", "damaged"], ["Priority *", "low"]]));
    let json_req = api.requests_to("/json").into_iter().next().expect("the JSON action was sent");
    assert_eq!(json_req.method, "POST");
    assert_eq!(
        json_req.query(),
        "source=sidebar&ticket=4521&reason=lost%20in%20transit&priority=high"
    );
    assert_eq!(json_req.header("content-type"), Some("application/json"));
    assert_eq!(json_req.header("x-agent"), Some("alex@acme-support.com"));
    assert_eq!(json_req.header("x-agent-name"), Some("Alex Martin"));
    // Exactly the template's JSON, its keys in the template's order (as JSON.stringify writes it).
    assert_eq!(
        json_req.body_text(),
        r#"{"note":"Alex Martin refunds jane.doe+returns@example.com","count":2,"nested":{"flag":true,"none":null,"list":[1,"77"]}}"#
    );
    assert!(api.preflights() > 0, "cross-origin requests with custom headers were preflighted");

    // 3. Form body: the typed comment encoded; the hidden user sent but never shown.
    assert_eq!(out["formFields"], json!([["Comment", ""]]));
    let form_req =
        api.requests_to("/comments").into_iter().nth(1).expect("the form action was sent");
    assert_eq!(
        form_req.body_text(),
        "user=Jane+Doe&comment=Refund+approved+%26+sent+%3D+100%25+%2Btax%2C+caf%C3%A9"
    );
    assert_eq!(form_req.header("content-type"), Some("application/x-www-form-urlencoded"));

    // 4. Mandatory empty: nothing sent, a message beside the input; Escape closes, focus returns.
    assert_eq!(s(&out["mandatoryError"]), "This field is required.");
    assert_eq!(out["mandatoryEvents"], json!(0));
    assert_eq!(
        api.requests_to("/posts").len(),
        2,
        "only the seed GET and the hidden-secret GET reached /posts"
    );
    assert_eq!(out["escapeClosed"], json!(true));
    assert_eq!(s(&out["focusBack"]), "My 1st action");

    // 5. A 500: error with status and snippet; the typed value stays; executing again succeeds.
    assert_eq!(out["failure"]["ok"], json!(false));
    let failure = s(&out["failure"]["text"]);
    assert!(failure.contains("HTTP 500") && failure.contains("database exploded"), "{failure}");
    assert_eq!(out["failureFormValues"], json!([["Note", "typed before the failure"]]));
    assert_eq!(out["retry"]["ok"], json!(true));
    let flaky_reqs = api.requests_to("/flaky");
    assert_eq!(flaky_reqs.len(), 2);
    assert_eq!(flaky_reqs[1].body_text(), "note=typed+before+the+failure");
    assert_eq!(out["flakyEvents"][0]["status"], json!(500));
    assert_eq!(out["flakyEvents"][0]["ok"], json!(false));

    // 6. Timeout.
    assert_eq!(s(&out["pendingLabel"]), "Executing action...");
    assert_eq!(out["pendingDisabled"], json!(true));
    assert!(s(&out["timeout"]["text"]).contains("timed out"), "{}", out["timeout"]);

    // 7. A double click sends one request.
    assert_eq!(api.requests_to("/double").len(), 1);
    assert_eq!(out["doubleEvents"], json!(1));

    // 8. The not-editable secret is sent but never in the page.
    assert_eq!(out["secretNoForm"], json!(true));
    assert_eq!(out["secretBefore"], json!(false));
    assert_eq!(out["secretDuring"], json!(false));
    assert_eq!(out["secretAfter"], json!(false));
    assert_eq!(
        api.requests_to("/posts")
            .last()
            .and_then(|r| r.header("cryptic_key").map(str::to_string))
            .as_deref(),
        Some("l337_5p34k")
    );

    // 9. actionProxy: the envelope, not the target, is requested.
    assert!(api.requests_to("/target").is_empty());
    let proxied = api.requests_to("/proxy").into_iter().next().expect("the proxy got the envelope");
    assert_eq!(proxied.method, "POST");
    assert_eq!(proxied.header("content-type"), Some("application/json"));
    let envelope: Value = serde_json::from_slice(&proxied.body).expect("envelope JSON");
    assert_eq!(envelope["method"], json!("PUT"));
    assert_eq!(envelope["url"], json!(format!("{}/target?x=1", api.url)));
    assert_eq!(envelope["params"], json!({"p": "4521"}));
    assert_eq!(envelope["headers"], json!({"X-Key": "k"}));
    assert_eq!(envelope["json"], json!({"who": "Alex"}));
    assert_eq!(envelope["content_type"], json!("application/json"));
    // SPEC 7: the event gives the address without its query (which may hold hidden params).
    assert_eq!(out["proxyEvents"][0]["url"], json!(format!("{}/target", api.url)));

    // 10. Refused URL.
    assert_eq!(out["refused"]["ok"], json!(false));
    assert!(s(&out["refused"]["text"]).contains("only http:// and https://"), "{}", out["refused"]);

    assert_eq!(out["errors"], json!([]), "no console errors");
}
