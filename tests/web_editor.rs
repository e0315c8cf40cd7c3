//! Component tests of the visual editor (feature `editor`) in headless Chromium: the edit mode
//! mounted through `SidebarWidgets.edit`, checked in the DOM and through its handle.
//! Run with `cargo test --target wasm32-unknown-unknown --features editor --test web_editor`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: failing loudly is its job
#![cfg(all(target_arch = "wasm32", feature = "editor"))]

use js_sys::{Promise, JSON};
use serde_json::{json, Value};
use sidebar_widgets::editor::api::{edit, EditorHandle};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn js(v: &Value) -> JsValue {
    JSON::parse(&v.to_string()).expect("json to js")
}

fn rust(v: &JsValue) -> Value {
    serde_json::from_str(&JSON::stringify(v).unwrap().as_string().unwrap()).unwrap()
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn host() -> HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.dyn_into().unwrap()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default().trim().to_string())
        .collect()
}

async fn tick() {
    for _ in 0..3 {
        let p = Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .unwrap();
        });
        JsFuture::from(p).await.unwrap();
    }
}

fn options() -> Value {
    json!({
        "widgets": [
            {"id": 1, "integration_id": 7, "order": 0, "x-unknown": {"kept": true}, "template": {"type": "wrapper", "widgets": [
                {"type": "card", "title": "Order {{name}}", "path": "", "widgets": [
                    {"type": "text", "title": "Email", "path": "emial"},
                    {"type": "list", "path": "items", "meta": {"limit": "2", "orderBy": ""}, "widgets": [
                        {"type": "card", "title": "{{sku}}", "widgets": [
                            {"type": "text", "title": "Price", "path": "price"},
                            {"path": "sku"}
                        ]}
                    ]}
                ]}
            ]}},
            {"id": 2, "integration_id": 8, "template": {"type": "wrapper", "widgets": [
                {"type": "card", "title": "Loyalty", "widgets": [{"type": "points", "title": "Points", "path": "points"}]}
            ]}}
        ],
        "integrations": [{"id": 7, "name": "Shop", "type": "http"}, {"id": 8, "name": "Loyalty app", "type": "http"}],
        "data": {"7": {"name": "#42", "email": "a@b.c", "items": [{"sku": "S1", "price": 3}, {"sku": "S2", "price": 1}]}},
        "theme": "dark"
    })
}

fn open(el: &HtmlElement) -> EditorHandle {
    edit(el.clone().into(), js(&options())).unwrap_or_else(|e| panic!("edit failed: {e:?}"))
}

fn click(root: &Element, selector: &str) {
    one(root, selector).dyn_into::<HtmlElement>().unwrap().click();
}

fn choose(root: &Element, selector: &str, value: &str) {
    let s: HtmlSelectElement = one(root, selector).dyn_into().unwrap();
    s.set_value(value);
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    s.dispatch_event(&web_sys::CustomEvent::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn every_widget_is_drawn_one_without_data_as_a_placeholder_and_widgets_round_trip() {
    let el = host();
    let h = open(&el);
    tick().await;
    let root: Element = el.clone().into();
    assert_eq!(
        texts(&root, ".sw-edit-widget__head"),
        vec!["Widget 1: Shop", "Widget 2: Loyalty app (no sample data: placeholders shown)"]
    );
    // Titles filled from the sample, the list's item card drawn once over the first item.
    assert_eq!(texts(&root, ".sw-edit-canvas .sw-card__title"), vec!["Order #42", "S1", "Loyalty"]);
    assert_eq!(texts(&root, r#"[data-node="1:0.0"] .sw-field__value"#), vec!["\u{2014}"]);
    assert_eq!(one(&root, ".sw-editor").get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(rust(&h.widgets()), options()["widgets"]);
    h.unmount();
    assert_eq!(root.child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn a_warning_shows_on_the_node_it_concerns() {
    let el = host();
    let _h = open(&el);
    tick().await;
    let root: Element = el.clone().into();
    let warnings = texts(&root, r#"[data-node="0:0.0"] .sw-edit-warning"#);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("emial"), "{warnings:?}");
    assert!(texts(&root, r#"[data-node="0:0.1"] > .sw-edit-warning"#).is_empty());
}

#[wasm_bindgen_test]
async fn a_field_form_offers_the_11_types_and_a_change_is_dispatched_with_the_widget() {
    let el = host();
    let h = open(&el);
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::<Value>::new()));
    let kept = seen.clone();
    let listener = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        kept.borrow_mut().push(rust(&e.detail()));
    });
    el.add_event_listener_with_callback(
        "sidebar-widgets:change",
        listener.as_ref().unchecked_ref(),
    )
    .unwrap();
    tick().await;
    let root: Element = el.clone().into();
    click(&root, r#".sw-edit-canvas button[data-node="0:0.0"]"#);
    tick().await;
    let types = texts(&root, r#".sw-edit-form select[data-prop="type"] option"#);
    assert_eq!(types.len(), 11, "{types:?}");
    choose(&root, r#".sw-edit-form select[data-prop="type"]"#, "email");
    tick().await;
    let w = rust(&h.widgets());
    assert_eq!(
        w[0]["template"]["widgets"][0]["widgets"][0],
        json!({"type": "email", "title": "Email", "path": "emial"})
    );
    assert_eq!(w[0]["x-unknown"], json!({"kept": true}), "what the editor does not know is kept");
    let seen = seen.borrow();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0]["widget"]["id"], json!(1));
    assert_eq!(seen[0]["widgets"], w);
    drop(seen);
    h.unmount(); // its leave prompt goes with it (the component test below counts on that)
}

#[wasm_bindgen_test]
async fn a_list_form_offers_its_item_fields_ascending_and_descending() {
    let el = host();
    let h = open(&el);
    tick().await;
    let root: Element = el.clone().into();
    click(&root, r#".sw-edit-canvas button[data-node="0:0.1"]"#);
    tick().await;
    assert_eq!(
        texts(&root, r#".sw-edit-form select[data-prop="meta.orderBy"] option"#),
        vec![
            "As the data has them",
            "Price (ascending)",
            "Price (descending)",
            "Sku (ascending)",
            "Sku (descending)"
        ]
    );
    choose(&root, r#".sw-edit-form select[data-prop="meta.orderBy"]"#, "-price");
    tick().await;
    let w = rust(&h.widgets());
    assert_eq!(
        w[0]["template"]["widgets"][0]["widgets"][1]["meta"],
        json!({"limit": "2", "orderBy": "-price"})
    );
    assert!(h.undo());
    assert_eq!(rust(&h.widgets()), options()["widgets"]);
    assert!(!h.undo());
    assert!(h.redo());
}

#[wasm_bindgen_test]
async fn bad_arguments_are_errors_with_a_reason() {
    let e = edit(JsValue::from_str("nope"), js(&options())).err().unwrap();
    assert!(format!("{e:?}").contains("needs an HTML element"));
    let el = host();
    let e = edit(el.clone().into(), js(&json!({"widgets": 5}))).err().unwrap();
    assert!(format!("{e:?}").contains("\"widgets\" must be an array, not a number"), "{e:?}");
}

#[wasm_bindgen_test]
async fn the_leptos_component_edits_and_tells_the_host() {
    use leptos::prelude::*;
    use sidebar_widgets::{Json, SidebarEditor};
    let el = host();
    let o = options();
    let widgets = Json::parse(&o["widgets"].to_string()).unwrap();
    let data = Json::parse(&o["data"].to_string()).unwrap();
    let integrations = Json::parse(&o["integrations"].to_string()).unwrap();
    let seen = std::rc::Rc::new(std::cell::RefCell::new(None::<String>));
    let kept = seen.clone();
    let (got, set_got) = signal(None::<String>);
    let _view = leptos::mount::mount_to(el.clone(), move || {
        view! {
            <SidebarEditor widgets=widgets.clone() data=data.clone() integrations=integrations.clone()
                on_change=move |w: Json| set_got.set(Some(w.to_string())) />
        }
    });
    tick().await;
    let root: Element = el.clone().into();
    assert_eq!(texts(&root, ".sw-edit-canvas .sw-card__title"), vec!["Order #42", "S1", "Loyalty"]);
    click(&root, r#".sw-edit-canvas button[data-node="0:0.0"]"#);
    tick().await;
    choose(&root, r#".sw-edit-form select[data-prop="type"]"#, "email");
    tick().await;
    *kept.borrow_mut() = got.get_untracked();
    let after: Value =
        serde_json::from_str(seen.borrow().as_deref().expect("on_change called")).unwrap();
    assert_eq!(after[0]["template"]["widgets"][0]["widgets"][0]["type"], json!("email"));
}

/// Whether leaving the page now would ask first (a `beforeunload` event is cancelled).
fn leaving_asks() -> bool {
    let init = web_sys::CustomEventInit::new();
    init.set_cancelable(true);
    let ev = web_sys::CustomEvent::new_with_event_init_dict("beforeunload", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
    ev.default_prevented()
}

#[wasm_bindgen_test]
async fn the_leptos_component_keeps_a_draft_offers_it_back_and_asks_before_leaving() {
    use leptos::prelude::*;
    use sidebar_widgets::editor::draft::draft_key;
    use sidebar_widgets::{Json, SidebarEditor};
    let o = options();
    let widgets = Json::parse(&o["widgets"].to_string()).unwrap();
    let data = Json::parse(&o["data"].to_string()).unwrap();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let key = draft_key(&widgets);
    storage.remove_item(&key).unwrap();
    let (got, set_got) = signal(None::<Json>);
    let (saved, set_saved) = signal(None::<Json>);
    let mount = |el: &HtmlElement| {
        let (widgets, data) = (widgets.clone(), data.clone());
        leptos::mount::mount_to(el.clone(), move || {
            view! {
                <SidebarEditor widgets=widgets.clone() data=data.clone() saved=saved
                    on_change=move |w: Json| set_got.set(Some(w)) />
            }
        })
    };
    // An edit: kept as a draft, and leaving asks first.
    let el = host();
    let view = mount(&el);
    tick().await;
    let root: Element = el.clone().into();
    assert!(!leaving_asks(), "nothing changed yet");
    click(&root, r#".sw-edit-canvas button[data-node="0:0.0"]"#);
    tick().await;
    choose(&root, r#".sw-edit-form select[data-prop="type"]"#, "email");
    tick().await;
    let edited = got.get_untracked().expect("on_change called");
    assert_eq!(edited[0]["template"]["widgets"][0]["widgets"][0]["type"].as_str(), Some("email"));
    assert!(leaving_asks(), "unsaved changes: leaving asks first");
    let kept = storage.get_item(&key).unwrap().expect("the draft is kept in localStorage");
    assert_eq!(Json::parse(&kept).unwrap(), edited);
    // Gone (as after a reload): it no longer asks; opened again, the draft is offered back.
    drop(view);
    assert!(!leaving_asks(), "the prompt goes with the component");
    set_got.set(None);
    let el = host();
    let _view = mount(&el);
    tick().await;
    let root: Element = el.clone().into();
    assert_eq!(
        texts(&root, ".sw-edit-draft p"),
        vec!["A draft of these widgets from an earlier visit was kept in this browser."]
    );
    click(&root, r#".sw-edit-draft [data-sw="restore"]"#);
    tick().await;
    assert_eq!(got.get_untracked().as_ref(), Some(&edited), "the draft restored");
    assert!(texts(&root, ".sw-edit-draft p").is_empty());
    assert!(leaving_asks());
    // The app saved them: leaving no longer asks, and the draft is forgotten.
    set_saved.set(Some(edited));
    tick().await;
    assert!(!leaving_asks(), "saved: leaving does not ask");
    assert_eq!(storage.get_item(&key).unwrap(), None, "saved: the draft is forgotten");
}
