//! End-to-end: the sidebar fetches its own integration data from a fake Loop Returns server
//! written here (127.0.0.1), in headless Chromium against dist/. The page is driven by
//! tests/e2e/loading.drive.mjs; this test checks the requests and what the page showed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: failing loudly is its job
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use support::*;

const LOOP: &str = include_str!("../demo/loop-returns.json");

fn returns_answer(state: &str) -> Vec<u8> {
    let mut v: Value = serde_json::from_str(LOOP).expect("demo JSON");
    v["data"]["123"]["data"][0]["state"] = json!(state);
    v["data"]["123"].to_string().into_bytes()
}

#[test]
#[ignore = "needs the release build in dist/ and Chromium: scripts/test.sh runs it"]
fn integrations_load_fail_retry_and_trigger() {
    let fail = Arc::new(AtomicBool::new(false));
    let (counts, race) = (counter(), counter());
    let (nf, er, bj, sl) = (counter(), counter(), counter(), counter());
    let fail_h = fail.clone();
    let api = Server::start(Arc::new(move |req: &Recorded| {
        let ok = (200, "application/json", returns_answer("open"));
        match req.path() {
            "/control/fail" => {
                fail_h.store(true, Ordering::SeqCst);
                (200, "text/plain", b"ok".to_vec())
            }
            "/notfound" if bump(&nf) == 0 => (404, "text/plain", b"no such customer".to_vec()),
            "/error" if bump(&er) == 0 => (500, "text/plain", b"loop is down".to_vec()),
            "/badjson" if bump(&bj) == 0 => (200, "application/json", b"{not json".to_vec()),
            "/slow" if bump(&sl) == 0 => {
                std::thread::sleep(Duration::from_millis(2000));
                ok
            }
            "/toggle" if fail_h.load(Ordering::SeqCst) => {
                (503, "text/plain", b"maintenance".to_vec())
            }
            "/race" => {
                if bump(&race) == 0 {
                    std::thread::sleep(Duration::from_millis(1500));
                    (200, "application/json", returns_answer("old"))
                } else {
                    (200, "application/json", returns_answer("new"))
                }
            }
            _ => {
                bump(&counts);
                ok
            }
        }
    }));
    let stdout = run_driver("loading.drive.mjs", &["-", &api.url]);
    let out: Value = serde_json::from_str(stdout.lines().last().unwrap_or_default())
        .unwrap_or_else(|e| panic!("driver output: {e}\n{stdout}"));

    // 1. The request carries the encoded email and the header; one request for two widgets.
    let ok = api.requests_to("/ok");
    assert_eq!(ok.len(), 1, "two widgets on one integration send one request");
    assert_eq!(
        ok[0].query(),
        "from=2010-01-01&to=2050-01-01&customer_email=jane.doe%2Breturns%40example.com"
    );
    assert_eq!(ok[0].header("x-authorization"), Some("loop-key-123"));
    assert_eq!(out["okTitles"][0], json!("Return #1001: open"));
    assert_eq!(out["okWidgets"], json!(2));
    assert_eq!(
        out["loadingSeen"],
        json!(2),
        "each widget showed its loading state before the answer"
    );

    // 2. Each failure shows its error, and Retry renders the data.
    let first_text = |k: &str| out[k][0]["text"].as_str().unwrap_or_default().to_string();
    assert!(
        first_text("notfound").contains("HTTP 404")
            && first_text("notfound").contains("no such customer"),
        "{}",
        out["notfound"]
    );
    assert!(
        first_text("error").contains("HTTP 500") && first_text("error").contains("loop is down"),
        "{}",
        out["error"]
    );
    assert!(first_text("badjson").contains("not valid JSON"), "{}", out["badjson"]);
    assert!(first_text("slow").contains("timed out"), "{}", out["slow"]);
    for k in ["notfoundRetried", "errorRetried", "badjsonRetried", "slowRetried"] {
        assert_eq!(out[k][0], json!("Return #1001: open"), "{k}");
    }

    // 3. Triggers.
    assert_eq!(out["triggerUpdated"], json!(1));
    assert_eq!(out["triggerCreated"], json!(1));
    assert_eq!(out["triggerNone"], json!(0));
    assert_eq!(api.requests_to("/trig-a").len(), 2, "loaded, then ticket-updated");
    assert_eq!(
        api.requests_to("/trig-b").len(),
        2,
        "loaded, then ticket_created (same trigger as ticket-created)"
    );

    // 4. Stale data stays after a failed refresh.
    assert_eq!(out["staleBefore"], out["staleAfter"]);
    assert!(out["staleAfter"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(
        out["staleStatus"][0]["text"].as_str().unwrap_or_default().contains("HTTP 503"),
        "{}",
        out["staleStatus"]
    );

    // 5. The late, older answer did not overwrite the newer one.
    assert_eq!(out["race"][0], json!("Return #1001: new"));
    assert_eq!(api.requests_to("/race").len(), 2);

    // 6. Same context: no request; a new email: one more, with it.
    let ctx = api.requests_to("/ctx");
    assert_eq!(ctx.len(), 2, "{:?}", ctx.iter().map(|r| r.target.clone()).collect::<Vec<_>>());
    assert!(ctx[1].query().ends_with("customer_email=sam%40example.com"));

    assert_eq!(out["errors"], json!([]));
    let _ = counts;
}
