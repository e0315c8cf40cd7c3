//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! The model as updates change it, and when a widget is drawn again.

use super::*;
use crate::j as json;
use crate::model::options::RawOptions;

fn patch(v: Json) -> OptionsPatch {
    OptionsPatch::read(RawOptions::from_json(&v))
}

fn places(m: &Model) -> Vec<String> {
    m.problems.iter().map(|p| p.place.clone()).collect()
}

#[test]
fn an_update_replaces_the_problems_of_the_parts_it_gives_and_keeps_the_others() {
    let mut m = Model::new("en".into());
    m.apply(patch(json!({"widgets": 5, "data": 3})));
    assert_eq!(places(&m), ["widgets", "data"]);
    // Only `data` is given again, and well: its problem goes, the widgets' stays.
    m.apply(patch(json!({"data": {"1": {"a": 1}}})));
    assert_eq!(places(&m), ["widgets"]);
    // A whole new set of widgets replaces theirs.
    m.apply(patch(json!({"widgets": []})));
    assert!(m.problems.is_empty());
}

#[test]
fn the_revision_moves_only_when_something_every_widget_shows_changes() {
    let mut m = Model::new("en".into());
    let at = |m: &Model| m.revision;
    m.apply(patch(json!({"widgets": [], "data": {"1": {}}, "theme": "dark"})));
    assert_eq!(at(&m), 0, "widgets, data and theme are each widget's own inputs");
    m.apply(patch(json!({"context": {"ticket": {"id": 1}}})));
    assert_eq!(at(&m), 1, "the context");
    m.apply(patch(json!({"context": {"ticket": {"id": 1}}})));
    assert_eq!(at(&m), 1, "the same context again changes nothing");
    m.apply(patch(
        json!({"integrations": [{"id": 1, "name": "Loop", "http": {"url": "https://x.example"}}]}),
    ));
    assert_eq!(at(&m), 2, "the integrations");
    m.apply(patch(json!({"locale": "fr"})));
    assert_eq!(at(&m), 3, "the language");
    m.apply(patch(json!({"messages": {"retry": "Encore"}})));
    assert_eq!((at(&m), m.messages.get(crate::engine::messages::Msg::Retry)), (4, "Encore"));
}

#[test]
fn a_proxy_and_its_token_combine_whichever_update_brings_them() {
    let mut m = Model::new("en".into());
    m.apply(patch(json!({"proxyToken": "t-1"})));
    assert_eq!(m.network.proxy, None, "a token alone is no proxy");
    m.apply(patch(json!({"proxy": " https://proxy.example/f "})));
    assert_eq!(
        m.network.proxy,
        Some(Proxy { url: "https://proxy.example/f".into(), token: Some("t-1".into()) })
    );
    m.apply(patch(json!({"actionTimeout": 5000})));
    assert_eq!((m.network.timeout_ms, m.network.proxy.is_some()), (5000, true));
    m.apply(patch(json!({"proxy": null})));
    assert_eq!(m.network.proxy, None, "null stops using it");
    assert_eq!(m.network.timeout_ms, 5000, "the timeout stays");
}

#[test]
fn a_widget_is_drawn_again_when_what_it_shows_changes_and_only_then() {
    let mut m = Model::new("en".into());
    m.apply(patch(json!({
        "widgets": [{"id": "w", "integration_id": 1, "template": {"type": "wrapper", "widgets": []}}],
        "data": {"1": {"a": 1}}
    })));
    let w = m.widgets[0].clone();
    // 2024-03-05 14:05:09 UTC.
    let noon = 1_709_647_509.0;
    let fp =
        |m: &Model, now: f64, tz: i32| WidgetInputs::new(m, &w, 0, now, tz).fingerprint(m.revision);
    let first = fp(&m, noon, 0);
    assert_eq!(fp(&m, noon + 3_600.0, 0), first, "later the same day: same drawing");
    assert_ne!(fp(&m, noon + 12.0 * 3_600.0, 0), first, "the next day: 'Today' is 'Yesterday'");
    assert_ne!(fp(&m, noon, 12 * 60), first, "the agent's day, not UTC's");
    m.ui_mut("w");
    assert_ne!(fp(&m, noon, 0), first, "what the agent did");
    let after_ui = fp(&m, noon, 0);
    m.apply(patch(json!({"data": {"1": {"a": 2}}})));
    assert_ne!(fp(&m, noon, 0), after_ui, "new data");
    let after_data = fp(&m, noon, 0);
    m.apply(patch(json!({"theme": "dark"})));
    assert_eq!(fp(&m, noon, 0), after_data, "the theme is drawn by the sidebar, not the widget");
}

#[test]
fn a_button_runs_as_the_model_draws_it_now_with_no_copy_kept_aside() {
    use crate::engine::locale::EnglishLocale;
    use crate::model::action::tests::seed_buttons;
    let english = EnglishLocale { offset_minutes: 0 };
    let mut m = Model::new("en".into());
    let buttons = seed_buttons();
    m.apply(patch(json!({
        "widgets": [{"id": "w", "integration_id": 1, "template": {"type": "wrapper", "widgets": [
            {"type": "card", "title": "Order", "meta": {"custom": {"buttons": buttons}},
             "widgets": [{"type": "text", "path": "id"}]}]}}],
        "data": {"1": {"id": 7}},
        "context": {"ticket": {"customer": {"name": "Jane Doe"}}}
    })));
    let user = |m: &Model| {
        let run = m.runnable("w", "0#1", 0.0, 0, &english)?;
        Some(run.action.form.first()?.value.clone())
    };
    assert_eq!(user(&m).as_deref(), Some("Jane Doe"));
    m.apply(patch(json!({"context": {"ticket": {"customer": {"name": "Ada"}}}})));
    assert_eq!(user(&m).as_deref(), Some("Ada"), "the context as it is now");
    assert!(m.runnable("w", "0#9", 0.0, 0, &english).is_none(), "no such button");
    assert!(m.runnable("nope", "0#1", 0.0, 0, &english).is_none(), "no such widget");
    m.apply(patch(json!({"data": {"1": {}}})));
    assert!(m.runnable("w", "0#1", 0.0, 0, &english).is_none(), "a widget that shows nothing");
}
