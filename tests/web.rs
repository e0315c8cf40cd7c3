//! Component tests in headless Chromium (`wasm-bindgen-test`): the sidebar mounted through its
//! public JS API, checked in the DOM as an agent would see it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: failing loudly is its job
#![cfg(target_arch = "wasm32")]

use js_sys::{Promise, JSON};
use serde_json::{json, Value};
use sidebar_widgets::api::{mount, SidebarHandle};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const LOOP_RETURNS: &str = include_str!("../demo/loop-returns.json");

fn loop_options() -> Value {
    serde_json::from_str(LOOP_RETURNS).expect("demo JSON")
}

fn js(v: &Value) -> JsValue {
    JSON::parse(&v.to_string()).expect("json to js")
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn host() -> HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.dyn_into().unwrap()
}

fn mount_json(el: &HtmlElement, options: &Value) -> SidebarHandle {
    mount(el.clone().into(), js(options)).unwrap_or_else(|e| panic!("mount failed: {e:?}"))
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect()
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    all(root, selector)
        .iter()
        .map(|e| e.text_content().unwrap_or_default().trim().to_string())
        .collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

/// Lets the reactive system run its effects.
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

/// (label, value) of the fields directly inside a card's content.
fn fields_of(card: &Element) -> Vec<(String, String)> {
    let content = one(card, ":scope > .sw-card__content");
    all(&content, ":scope > .sw-field")
        .iter()
        .map(|f| {
            (
                one(f, ".sw-field__label")
                    .text_content()
                    .unwrap_or_default()
                    .trim()
                    .trim_end_matches(':')
                    .to_string(),
                one(f, ".sw-field__value").text_content().unwrap_or_default().trim().to_string(),
            )
        })
        .collect()
}

fn return_cards(root: &Element) -> Vec<Element> {
    all(root, ".sw-card--root > .sw-card__content > .sw-list > .sw-card")
}

#[wasm_bindgen_test]
async fn loop_returns_titles_links_and_fields() {
    let el = host();
    let _h = mount_json(&el, &loop_options());
    let root: Element = el.clone().into();

    let root_title = one(&root, ".sw-card--root > .sw-card__header .sw-card__title");
    assert_eq!(root_title.text_content().unwrap(), "Loop Returns");
    assert_eq!(
        root_title.get_attribute("href").as_deref(),
        Some("https://STORENAME.loopreturns.com/#/")
    );
    assert_eq!(root_title.get_attribute("target").as_deref(), Some("_blank"));

    let fields = fields_of(&one(&root, ".sw-card--root"));
    assert_eq!(fields, vec![("Status".to_string(), "success".to_string())]);

    let cards = return_cards(&root);
    let titles: Vec<String> = cards
        .iter()
        .map(|c| one(c, ":scope > .sw-card__header .sw-card__title").text_content().unwrap())
        .collect();
    assert_eq!(titles, ["Return #1001: open", "Return #1002: closed", "Return #1003: review"]);
    let links: Vec<Option<String>> = cards
        .iter()
        .map(|c| one(c, ":scope > .sw-card__header .sw-card__title").get_attribute("href"))
        .collect();
    assert_eq!(
        links,
        [
            Some("https://admin.loopreturns.com/returns/1001".to_string()),
            Some("https://admin.loopreturns.com/returns/1002".to_string()),
            Some("https://admin.loopreturns.com/returns/1003".to_string()),
        ]
    );

    // The seed's order: Created at, Label status, ... Exchange total.
    let first = fields_of(&cards[0]);
    let labels: Vec<&str> = first.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(&labels[..4], ["Created at", "Label status", "Label updated at", "Carrier"]);
    assert_eq!(labels.last(), Some(&"Exchange total"));
    assert_eq!(labels.len(), 20);
    assert_eq!(first[1].1, "new");
    assert_eq!(first[3].1, "UPS");
    assert_eq!(first[11].1, "118.80");

    // A collapsed card builds its content when first opened.
    assert_eq!(one(&cards[2], ":scope > .sw-card__content").child_element_count(), 0);
    let toggle: HtmlElement =
        one(&cards[2], ":scope > .sw-card__header .sw-card__toggle").dyn_into().unwrap();
    toggle.click();
    tick().await;
    // Return #1003 lacks label_status, carrier is null: both show "-".
    let third = fields_of(&cards[2]);
    let value_of = |label: &str| third.iter().find(|(l, _)| l == label).map(|(_, v)| v.clone());
    assert_eq!(value_of("Label status").as_deref(), Some("-"));
    assert_eq!(value_of("Carrier").as_deref(), Some("-"));
    assert_eq!(value_of("Return total").as_deref(), Some("49.90"));

    // Line items: a nested list of "Return Items" cards.
    let items = all(&cards[0], ":scope > .sw-card__content > .sw-list > .sw-card");
    assert_eq!(items.len(), 2);
    assert_eq!(
        fields_of(&items[0])[0],
        ("Title".to_string(), "Merino Wool Sweater - Navy / M".to_string())
    );

    // List items after the first start collapsed, with aria-expanded telling it (the third was
    // opened above).
    let toggles: Vec<Option<String>> = cards
        .iter()
        .map(|c| {
            one(c, ":scope > .sw-card__header .sw-card__toggle").get_attribute("aria-expanded")
        })
        .collect();
    assert_eq!(toggles, [Some("true".into()), Some("false".into()), Some("true".into())]);
    assert!(one(&cards[1], ":scope > .sw-card__content").has_attribute("hidden"));
}

#[wasm_bindgen_test]
async fn collapsing_a_card_with_the_toggle() {
    let el = host();
    let _h = mount_json(&el, &loop_options());
    let root: Element = el.clone().into();
    let card = return_cards(&root).remove(1);
    let toggle: HtmlElement =
        one(&card, ":scope > .sw-card__header .sw-card__toggle").dyn_into().unwrap();
    toggle.click();
    tick().await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(!one(&card, ":scope > .sw-card__content").has_attribute("hidden"));
    toggle.click();
    tick().await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
}

fn sample_widget(template: Value) -> Value {
    json!({"widgets": [{"id": 1, "context": "ticket", "integration_id": 7, "template": template}],
           "integrations": [{"id": 7, "name": "Shop", "type": "http", "http": {"url": "https://x.test"}}],
           "data": {"7": {"name": "Ada", "nick": null, "zero": 0, "empty": "", "items": [1, 2, 3, 4, 5, 6, 7],
                          "orders": [{"id": 1, "total": 5}, {"id": 2, "total": 50}, {"id": 3, "total": 20},
                                     {"id": 4, "total": 1}, {"id": 5}]}}})
}

#[wasm_bindgen_test]
fn accent_colour_hide_if_empty_and_missing_values() {
    let el = host();
    let _h = mount_json(
        &el,
        &sample_widget(json!({"type": "wrapper", "meta": {"color": "#ff6600"}, "widgets": [
        {"type": "card", "widgets": [
            {"type": "text", "path": "name", "title": "Name"},
            {"type": "text", "path": "nick", "title": "Nick"},
            {"type": "text", "path": "empty", "title": "Hidden", "meta": {"hideIfEmpty": true}},
            {"type": "text", "path": "zero", "title": "Zero", "meta": {"hideIfEmpty": true}},
        ]}]})),
    );
    let root: Element = el.clone().into();
    let widget: HtmlElement = one(&root, ".sw-widget").dyn_into().unwrap();
    let style = web_sys::window().unwrap().get_computed_style(&widget).unwrap().unwrap();
    assert_eq!(style.get_property_value("--sw-accent").unwrap().trim(), "#ff6600");
    let labels = texts(&root, ".sw-field__label");
    assert_eq!(
        labels,
        ["Name:", "Nick:", "Zero:"],
        "the empty hideIfEmpty field is absent, 0 is a value"
    );
    assert_eq!(texts(&root, ".sw-field__value"), ["Ada", "-", "0"]);
    // The root card without a title is titled with the integration's name.
    assert_eq!(one(&root, ".sw-card__title").text_content().unwrap(), "Shop");
}

#[wasm_bindgen_test]
fn widget_without_data_is_absent_and_others_render() {
    let el = host();
    let mut opts = loop_options();
    opts["widgets"].as_array_mut().unwrap().push(json!({
        "id": 2, "context": "ticket", "integration_id": 999, "order": 1,
        "template": {"type": "wrapper", "widgets": [{"type": "card", "title": "No data", "widgets": [{"type": "text", "path": "x"}]}]}
    }));
    let _h = mount_json(&el, &opts);
    let root: Element = el.clone().into();
    assert_eq!(all(&root, ".sw-widget").len(), 1);
    assert!(!root.text_content().unwrap().contains("No data"));
}

#[wasm_bindgen_test]
async fn list_limit_show_more_and_order_by() {
    let el = host();
    let _h = mount_json(
        &el,
        &sample_widget(
            json!({"type": "wrapper", "widgets": [{"type": "card", "title": "Orders", "widgets": [
                {"type": "list", "path": "orders", "meta": {"orderBy": "-total", "limit": "2"}, "widgets": [
                    {"type": "card", "title": "Order {{id}}", "widgets": [{"type": "text", "path": "total"}]}]},
                {"type": "list", "path": "items", "widgets": [{"type": "text", "title": "Item"}]}
            ]}]}),
        ),
    );
    let root: Element = el.clone().into();
    let lists = all(&root, ".sw-list");
    assert_eq!(
        texts(&lists[0], ":scope > .sw-card > .sw-card__header .sw-card__title"),
        ["Order 2", "Order 3"]
    );
    let more: HtmlElement = one(&lists[0], ":scope > .sw-list__more").dyn_into().unwrap();
    assert_eq!(more.text_content().unwrap(), "3 more");
    more.click();
    tick().await;
    assert_eq!(
        texts(&lists[0], ":scope > .sw-card > .sw-card__header .sw-card__title"),
        ["Order 2", "Order 3", "Order 1", "Order 4"]
    );
    assert_eq!(one(&lists[0], ":scope > .sw-list__more").text_content().unwrap(), "1 more");
    // (ext) a list of plain strings with a text child: one field per item, 3 at first.
    assert_eq!(texts(&lists[1], ":scope > .sw-field .sw-field__value"), ["1", "2", "3"]);
}

#[wasm_bindgen_test]
async fn update_changes_only_what_changed() {
    let el = host();
    let opts = loop_options();
    let h = mount_json(&el, &opts);
    let root: Element = el.clone().into();
    let cards = return_cards(&root);
    let second_title = one(&cards[1], ":scope > .sw-card__header .sw-card__title");
    let first_carrier = all(&cards[0], ":scope > .sw-card__content > .sw-field").remove(3);
    let first_title = one(&cards[0], ":scope > .sw-card__header .sw-card__title");

    let mut data = opts["data"].clone();
    data["123"]["data"][0]["state"] = json!("closed");
    h.update(js(&json!({ "data": data }))).unwrap();
    tick().await;

    let cards_after = return_cards(&root);
    assert_eq!(
        one(&cards_after[0], ":scope > .sw-card__header .sw-card__title").text_content().unwrap(),
        "Return #1001: closed"
    );
    assert!(cards_after[0].is_same_node(Some(&cards[0])), "the changed card keeps its element");
    assert!(first_title.is_connected());
    assert!(cards_after[1].is_same_node(Some(&cards[1])), "an untouched card keeps its element");
    assert!(second_title.is_connected());
    let carrier_after = all(&cards_after[0], ":scope > .sw-card__content > .sw-field").remove(3);
    assert!(
        carrier_after.is_same_node(Some(&first_carrier)),
        "an untouched field keeps its element"
    );

    // The context changes a title that uses it; nothing else moves.
    h.update(js(&json!({"widgets": [{"id": 1, "context": "ticket", "integration_id": 123, "template":
        {"type": "wrapper", "widgets": [{"type": "card", "title": "Hello {{current_user.firstname}}", "widgets": [{"type": "text", "path": "status"}]}]}}]})))
        .unwrap();
    tick().await;
    assert_eq!(one(&root, ".sw-card__title").text_content().unwrap(), "Hello Alex");
    h.update(js(&json!({"context": {"current_user": {"name": "Sam Lee"}}}))).unwrap();
    tick().await;
    assert_eq!(one(&root, ".sw-card__title").text_content().unwrap(), "Hello Sam");
}

#[wasm_bindgen_test]
async fn two_sidebars_and_unmounting_one() {
    let a = host();
    let b = host();
    let ha = mount_json(&a, &loop_options());
    let hb = mount_json(&b, &loop_options());
    assert_eq!(all(&a.clone().into(), ".sw-widget").len(), 1);
    assert_eq!(all(&b.clone().into(), ".sw-widget").len(), 1);
    ha.unmount();
    tick().await;
    assert_eq!(a.child_element_count(), 0, "the unmounted sidebar left nothing behind");
    assert!(
        ha.update(js(&json!({"theme": "dark"}))).is_err(),
        "updating an unmounted sidebar is an error, not a crash"
    );
    hb.update(js(&json!({"theme": "dark"}))).unwrap();
    tick().await;
    assert_eq!(
        one(&b.clone().into(), ".sw-sidebar").get_attribute("data-theme").as_deref(),
        Some("dark")
    );
    assert_eq!(
        return_cards(&b.clone().into()).len(),
        3,
        "the other sidebar still shows its returns"
    );
}

#[wasm_bindgen_test]
fn view_filters_widgets() {
    let el = host();
    let mut opts = loop_options();
    opts["view"] = json!("customer");
    let _h = mount_json(&el, &opts);
    assert_eq!(el.child_element_count(), 1);
    assert_eq!(
        all(&el.clone().into(), ".sw-widget").len(),
        0,
        "a ticket widget is not shown in the customer view"
    );
}

/// A template nested `depth` cards deep, as JSON text (a Value that deep would itself be a test
/// of the test's stack).
fn deep_template(depth: usize) -> String {
    let open = r#"{"type": "card", "widgets": ["#.repeat(depth);
    let close = "]}".repeat(depth);
    format!(
        r#"{{"type": "wrapper", "widgets": [{open}{{"type": "text", "path": "name"}}{close}]}}"#
    )
}

#[wasm_bindgen_test]
fn bad_input_is_contained() {
    let el = host();
    let good = json!({"id": "good", "context": "ticket", "integration_id": 7, "order": 99,
        "template": {"type": "wrapper", "widgets": [{"type": "card", "title": "Still here", "widgets": [{"type": "text", "path": "name"}]}]}});
    let big: Vec<Value> = (0..10_000).map(|i| json!({"id": i, "n": i})).collect();
    let opts = json!({
        "widgets": [
            {"id": "w-widgets", "context": "ticket", "integration_id": 7, "template": {"type": "wrapper", "widgets": 5}},
            {"id": "w-order", "context": "ticket", "integration_id": 7, "template": {"type": "wrapper", "widgets": [{"type": "text", "order": "x"}]}},
            {"id": "w-meta", "context": "ticket", "integration_id": 7, "template": {"type": "wrapper", "meta": []}},
            {"id": "w-deep", "context": "ticket", "integration_id": 7, "template": "DEEP"},
            "not a widget",
            {"id": "w-unknown", "context": "ticket", "integration_id": 7, "template": {"type": "wrapper", "widgets": [
                {"type": "card", "title": "Unknown", "widgets": [{"type": "hologram", "path": "name", "title": "Holo"}]}]}},
            {"id": "w-big", "context": "ticket", "integration_id": 8, "template": {"type": "wrapper", "widgets": [
                {"type": "card", "title": "Big", "widgets": [{"type": "list", "path": "rows", "widgets": [{"type": "text", "path": "n"}]}]}]}},
            {"id": "w-evil", "context": "ticket", "integration_id": 7, "template": {"type": "wrapper", "meta": {"color": "red;background:url(https://evil.test/x)"}, "widgets": [
                {"type": "card", "title": "Evil", "meta": {"link": "javascript:alert(1)", "color": "url(x)"}, "widgets": [
                    {"type": "url", "path": "site", "title": "Site"},
                    {"type": "text", "path": "html", "title": "Html"}]}]}},
            good,
        ],
        "data": {"7": {"name": "Ada", "site": "javascript:alert(2)", "html": "<img src=x onerror=alert(3)>"}, "8": {"rows": big}},
    });
    let text = opts.to_string().replace(r#""DEEP""#, &deep_template(1000));
    let _h =
        mount(el.clone().into(), JSON::parse(&text).unwrap()).expect("mount survives bad input");
    let root: Element = el.clone().into();
    let errors = texts(&root, ".sw-widget--error");
    assert_eq!(errors.len(), 5, "{errors:?}");
    assert!(errors[0].contains("\"widgets\" must be an array"), "{}", errors[0]);
    assert!(errors[1].contains("\"order\" must be a number"), "{}", errors[1]);
    assert!(errors[2].contains("\"meta\" must be an object"), "{}", errors[2]);
    assert!(errors[3].contains("nested more than"), "{}", errors[3]);
    assert!(errors[4].contains("must be an object"), "{}", errors[4]);
    // Unknown types are shown as text.
    assert!(texts(&root, ".sw-field").iter().any(|t| t.starts_with("Holo:") && t.contains("Ada")));
    // The 10,000-item list renders its first page.
    let big_widget = one(&root, "[data-widget=w-big]");
    assert_eq!(all(&big_widget, ".sw-list > .sw-field").len(), 3);
    assert_eq!(one(&big_widget, ".sw-list__more").text_content().unwrap(), "9997 more");
    // Neutralised: no javascript: link anywhere, the bad colour dropped, HTML shown as text.
    let evil = one(&root, "[data-widget=w-evil]");
    assert!(all(&root, "a").iter().all(|a| !a
        .get_attribute("href")
        .unwrap_or_default()
        .to_lowercase()
        .starts_with("javascript")));
    assert!(evil.get_attribute("style").unwrap_or_default().is_empty());
    assert_eq!(one(&evil, ".sw-card__title").tag_name(), "SPAN");
    assert!(all(&evil, "img").is_empty());
    assert!(evil.text_content().unwrap().contains("<img src=x onerror=alert(3)>"));
    // And the good widget still renders.
    assert!(root.text_content().unwrap().contains("Still here"));
}

#[wasm_bindgen_test]
fn global_api_is_installed() {
    // The bundle's start function does this; the test harness does not run start functions.
    sidebar_widgets::api::install_global();
    let window = web_sys::window().unwrap();
    let api = js_sys::Reflect::get(&window, &"SidebarWidgets".into()).unwrap();
    let mount_fn = js_sys::Reflect::get(&api, &"mount".into()).unwrap();
    assert!(mount_fn.is_function());
    let bad = mount_fn.unchecked_ref::<js_sys::Function>().call2(
        &JsValue::NULL,
        &JsValue::from_str("nope"),
        &JsValue::NULL,
    );
    assert!(bad.is_err(), "mounting on something that is not an element throws a JS error");
}

/// The aria-label of the first card toggle and of the first copy control, and the texts of the
/// first card's title, in the language mounted.
fn words(root: &Element) -> (String, String) {
    let toggle = one(root, ".sw-card__toggle").get_attribute("aria-label").unwrap_or_default();
    let copy = one(root, ".sw-field__copy").get_attribute("aria-label").unwrap_or_default();
    (toggle, copy)
}

#[wasm_bindgen_test]
async fn the_sidebar_speaks_each_built_in_language_and_takes_overrides() {
    for (locale, toggle, copy) in [
        ("en-US", "Collapse section", "Copy value"),
        ("fr", "Replier la section", "Copier la valeur"),
        ("de-CH", "Abschnitt zuklappen", "Wert kopieren"),
        ("es_MX", "Plegar la sección", "Copiar valor"),
    ] {
        let el = host();
        let mut opts = loop_options();
        opts["locale"] = json!(locale);
        let _h = mount_json(&el, &opts);
        let root: Element = el.clone().into();
        assert_eq!(words(&root), (toggle.to_string(), copy.to_string()), "{locale}");
    }
    // The host's words win over the table's, and follow updates.
    let el = host();
    let mut opts = loop_options();
    opts["locale"] = json!("fr");
    opts["messages"] = json!({"copyValue": "Copier !", "nope": "ignored"});
    let h = mount_json(&el, &opts);
    let root: Element = el.clone().into();
    assert_eq!(words(&root).1, "Copier !");
    h.update(js(&json!({"locale": "de", "messages": {}}))).unwrap();
    tick().await;
    assert_eq!(words(&root), ("Abschnitt zuklappen".to_string(), "Wert kopieren".to_string()));
}

#[wasm_bindgen_test]
async fn the_leptos_component_follows_its_props() {
    use leptos::prelude::*;
    use sidebar_widgets::{Json, Sidebar};
    let el = host();
    let options = Json::parse(LOOP_RETURNS).unwrap();
    let theme = RwSignal::new("light".to_string());
    let data = RwSignal::new(options["data"].clone());
    let widgets = options["widgets"].clone();
    let _mounted = leptos::mount::mount_to(el.clone(), move || {
        view! { <Sidebar widgets=widgets.clone() data=data theme=theme /> }
    });
    tick().await;
    let root: Element = el.clone().into();
    assert_eq!(one(&root, ".sw-sidebar").get_attribute("data-theme").as_deref(), Some("light"));
    assert_eq!(
        one(&root, ".sw-list .sw-card__title").text_content().unwrap(),
        "Return #1001: open"
    );
    theme.set("dark".into());
    let mut changed = serde_json::from_str::<Value>(LOOP_RETURNS).unwrap()["data"].clone();
    changed["123"]["data"][0]["state"] = json!("closed");
    data.set(Json::parse(&changed.to_string()).unwrap());
    tick().await;
    assert_eq!(one(&root, ".sw-sidebar").get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(
        one(&root, ".sw-list .sw-card__title").text_content().unwrap(),
        "Return #1001: closed"
    );
    // Its events are its own: a card opens with its toggle.
    let second = &return_cards(&root)[1];
    assert!(second.class_list().contains("sw-card--collapsed"));
    one(second, ".sw-card__toggle").dyn_into::<HtmlElement>().unwrap().click();
    tick().await;
    assert!(!return_cards(&root)[1].class_list().contains("sw-card--collapsed"));
}

/// One reader of the options' shapes: the same wrong kinds are reported whether the options come
/// as JSON text or as a JS object (before, the JSON text reported none of them).
#[wasm_bindgen_test]
fn check_options_reports_wrong_kinds_the_same_for_json_text_and_objects() {
    use sidebar_widgets::api::check_options;
    let bad = json!({"widgets": 5, "integrations": "x", "data": 3});
    let read = |problems: js_sys::Array| -> Vec<(String, String)> {
        problems
            .iter()
            .map(|p| {
                let get = |k: &str| {
                    js_sys::Reflect::get(&p, &k.into()).unwrap().as_string().unwrap_or_default()
                };
                (get("place"), get("message"))
            })
            .collect()
    };
    let from_text = read(check_options(JsValue::from_str(&bad.to_string())));
    let from_object = read(check_options(js(&bad)));
    let expected = vec![
        ("widgets".to_string(), "could not be read: it must be an array, not a number".to_string()),
        ("integrations".into(), "could not be read: it must be an array, not a string".into()),
        ("data".into(), "could not be read: it must be an object, not a number".into()),
    ];
    assert_eq!(from_text, expected);
    assert_eq!(from_object, expected);
}
