//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! The walk as an agent reads it: outlines of what each template and data show.

use super::*;
use crate::engine::format::{FieldValue, Sentiment, Shown};
use crate::engine::layout::widget_is_empty;
use crate::engine::locale::EnglishLocale;
use crate::j as json;
use crate::model::action::{FieldGroup, FieldRef};

/// 2024-03-05 (a Tuesday) at 14:05:09 UTC.
const NOW: f64 = 1_709_647_509.0;
const UTC: EnglishLocale = EnglishLocale { offset_minutes: 0 };

struct Fixture {
    context: Context,
    ui: WidgetUi,
    messages: Messages,
}

fn fixture() -> Fixture {
    Fixture {
        context: Context::from_json(
            &json!({"ticket": {"id": 789, "customer": {"name": "Jane Doe", "email": "jane@example.com"}},
            "current_user": {"name": "Grace Hopper", "email": "grace@helpdesk.example"}}),
        ),
        ui: WidgetUi::default(),
        messages: Messages::default(),
    }
}

fn env(f: &Fixture) -> Env<'_> {
    Env {
        context: &f.context,
        integration_id: "123",
        root_title: "Loop Returns",
        ui: &f.ui,
        locale: &UTC,
        messages: &f.messages,
        now: NOW,
        tz_offset_minutes: 0,
    }
}

use crate::model::template::test_node as node;

fn render(template: Json, data: Json, f: &Fixture) -> RenderedWidget {
    render_widget(&node(template), &data, &env(f))
}

/// The blocks as lines of text, indented: what an agent reads.
fn outline(blocks: &[Block]) -> Vec<String> {
    fn walk(b: &Block, depth: usize, out: &mut Vec<String>) {
        let pad = "  ".repeat(depth);
        match b {
            Block::Card(c) => {
                let title = c.header.as_ref().map_or(String::from("(no header)"), |h| {
                    h.title
                        .iter()
                        .map(|p| match p {
                            TitlePiece::Text(t) => t.clone(),
                            TitlePiece::Icon { glyph, .. } => glyph.to_string(),
                        })
                        .collect()
                });
                out.push(format!("{pad}[{}] {title}", if c.open { "-" } else { "+" }));
                c.children.iter().for_each(|ch| walk(ch, depth + 1, out));
            }
            Block::Field(f) => out.push(format!("{pad}{}: {}", f.label, f.value.text)),
            Block::List(l) => {
                l.items.iter().for_each(|ch| walk(ch, depth, out));
                if l.remaining > 0 {
                    out.push(format!("{pad}({})", l.more_label));
                }
            }
            Block::Bare(children) => children.iter().for_each(|ch| walk(ch, depth, out)),
        }
    }
    let mut out = Vec::new();
    blocks.iter().for_each(|b| walk(b, 0, &mut out));
    out
}

fn loop_returns() -> (Json, Json) {
    let demo = Json::parse(include_str!("../../../demo/loop-returns.json")).unwrap();
    (demo["widgets"][0]["template"].clone(), demo["data"]["123"].clone())
}

#[test]
fn the_seed_loop_returns_widget_reads_as_in_gorgias() {
    let f = fixture();
    let (template, data) = loop_returns();
    let w = render(template, data, &f);
    let lines = outline(&w.blocks);
    assert_eq!(lines[0], "[-] Loop Returns");
    assert_eq!(lines[1], "  Status: success");
    assert_eq!(lines[2], "  [-] Return #1001: open", "{lines:#?}");
    assert!(lines.iter().any(|l| l == "    Carrier: UPS"), "{lines:#?}");
    assert!(
        lines.contains(&"  [+] Return #1002: closed".to_string()),
        "later items start closed: {lines:#?}"
    );
    let Block::Card(root) = &w.blocks[0] else { panic!("a root card") };
    assert_eq!(
        root.header.as_ref().and_then(|h| h.link.as_deref()),
        Some("https://STORENAME.loopreturns.com/#/")
    );
    let Block::List(list) = &root.children[1] else { panic!("the returns list") };
    let Block::Card(first) = &list.items[0] else { panic!("an item card") };
    assert!(!first.root, "the item card of a list under the root card is nested, not root");
}

#[test]
fn missing_null_and_empty_values_show_a_dash() {
    let f = fixture();
    let w = render(
        json!({"type": "wrapper", "widgets": [{"type": "card", "title": "T", "widgets": [
            {"type": "text", "path": "a", "title": "A"}, {"type": "text", "path": "b", "title": "B"},
            {"type": "text", "path": "c", "title": "C"}, {"type": "text", "path": "d", "title": "D"}]}]}),
        json!({"a": null, "b": "", "d": 0}),
        &f,
    );
    assert_eq!(outline(&w.blocks), ["[-] T", "  A: -", "  B: -", "  C: -", "  D: 0"]);
    let Block::Card(c) = &w.blocks[0] else { panic!() };
    let Block::Field(a) = &c.children[0] else { panic!() };
    assert_eq!((a.value.class, a.value.copy.as_deref()), ("sw-value--missing", None));
}

#[test]
fn cards_over_non_objects_render_nothing_and_root_cards_get_the_integration_name() {
    let f = fixture();
    let t = json!({"type": "wrapper", "widgets": [
        {"type": "card", "widgets": [{"type": "text", "path": "x"}]},
        {"type": "card", "path": "missing", "title": "Gone", "widgets": [{"type": "text", "path": "x"}]},
        {"type": "card", "path": "list", "title": "Also gone"}]});
    let w = render(t, json!({"x": 1, "list": [1]}), &f);
    assert_eq!(outline(&w.blocks), ["[-] Loop Returns", "  x: 1"]);
}

#[test]
fn nested_untitled_cards_have_no_header_and_display_card_false_is_bare() {
    let f = fixture();
    let t = json!({"type": "wrapper", "widgets": [{"type": "card", "title": "Root", "widgets": [
        {"type": "card", "path": "a", "widgets": [{"type": "text", "path": "x"}]},
        {"type": "card", "path": "a", "meta": {"displayCard": false}, "widgets": [{"type": "text", "path": "x"}]}]}]});
    let w = render(t, json!({"a": {"x": 1}}), &f);
    assert_eq!(outline(&w.blocks), ["[-] Root", "  [-] (no header)", "    x: 1", "  x: 1"]);
}

#[test]
fn titles_resolve_variables_filters_shortcodes_and_limits() {
    let f = fixture();
    let t = json!({"type": "wrapper", "widgets": [{"type": "card",
        "title": ":cart: {{name}} for {{ticket.customer.name}} on {{at|datetime_format(\"MMMM d\")}} {{missing|fallback(\"(none)\")}}",
        "meta": {"limit": 30, "link": "https://shop.example/o/{{name}}?u={{ticket.customer.email}}"}}]});
    let w = render(t, json!({"name": "Order #1", "at": "2024-03-05T10:00:00Z"}), &f);
    let Block::Card(c) = &w.blocks[0] else { panic!() };
    let h = c.header.as_ref().unwrap();
    assert_eq!(h.title[0], TitlePiece::Icon { glyph: "🛒", name: "cart" });
    assert_eq!(h.title[1], TitlePiece::Text(" Order #1 for Jane Doe o…".into()));
    assert_eq!(h.full_title.as_deref(), Some(":cart: Order #1 for Jane Doe on March 5 (none)"));
    assert_eq!(h.link.as_deref(), Some("https://shop.example/o/Order%20%231?u=jane%40example.com"));
}

#[test]
fn refused_links_icons_and_colours_are_left_out() {
    let f = fixture();
    let t = json!({"type": "wrapper", "meta": {"color": "red;background:url(x)"}, "widgets": [{"type": "card", "title": "T",
        "meta": {"link": "{{u}}", "pictureUrl": "javascript:alert(1)", "color": "#abc"}}]});
    let w = render(t, json!({"u": "javascript:alert(1)"}), &f);
    assert_eq!(w.accent, None);
    let Block::Card(c) = &w.blocks[0] else { panic!() };
    let h = c.header.as_ref().unwrap();
    assert_eq!(h.link, None);
    assert_eq!(h.tile, Some(Tile { icon: None, color: Some("#abc".into()) }));
    let w = render(
        json!({"type": "wrapper", "meta": {"color": " #00aa00 "}, "widgets": []}),
        json!({"a": 1}),
        &f,
    );
    assert_eq!(w.accent.as_deref(), Some("#00aa00"));
}

#[test]
fn lists_limit_order_and_reveal_more() {
    let mut f = fixture();
    let t = json!({"type": "wrapper", "widgets": [{"type": "list", "path": "items", "meta": {"limit": 2, "orderBy": "-n"},
        "widgets": [{"type": "card", "title": "#{{n}}", "widgets": [{"type": "text", "path": "n"}]}]}]});
    let data = json!({"items": [{"id": "a", "n": 1}, {"id": "b", "n": 3}, {"id": "c", "n": 2}, {"id": "d", "n": 5}, {"id": "e", "n": 4}]});
    let w = render(t.clone(), data.clone(), &f);
    assert_eq!(outline(&w.blocks), ["[-] #5", "  n: 5", "[+] #4", "(3 more)"]);
    let Block::List(l) = &w.blocks[0] else { panic!() };
    assert_eq!((l.key.as_str(), l.next_shown), ("0", 4));
    let Block::Card(second) = &l.items[1] else { panic!() };
    assert_eq!(second.key, "0/id:e");
    f.ui.shown.insert("0".into(), 4);
    f.ui.toggled.insert("0/id:e".into(), true);
    f.ui.toggled.insert("0/id:d".into(), false);
    let w = render(t, data, &f);
    assert_eq!(outline(&w.blocks), ["[+] #5", "[-] #4", "  n: 4", "[+] #3", "[+] #2", "(1 more)"]);
}

#[test]
fn a_list_of_strings_shows_one_field_per_string() {
    let f = fixture();
    let t = json!({"type": "wrapper", "widgets": [{"type": "list", "path": "tags", "widgets": [{"type": "text", "title": "Tag"}]}]});
    let w = render(t, json!({"tags": ["vip", "b2b"]}), &f);
    assert_eq!(outline(&w.blocks), ["Tag: vip", "Tag: b2b"]);
}

#[test]
fn hide_if_empty_leaves_fields_and_lists_out() {
    let f = fixture();
    let t = json!({"type": "wrapper", "widgets": [{"type": "card", "title": "T", "widgets": [
        {"type": "text", "path": "a", "meta": {"hideIfEmpty": true}},
        {"type": "text", "path": "b", "meta": {"hideIfEmpty": true}},
        {"type": "list", "path": "l", "meta": {"hideIfEmpty": true}, "widgets": [{"type": "text"}]}]}]});
    let w = render(t, json!({"a": "", "b": "x", "l": []}), &f);
    assert_eq!(outline(&w.blocks), ["[-] T", "  b: x"]);
}

#[test]
fn field_values_as_single_elements() {
    let m = Messages::default();
    let v = |shown: Shown, copy: &str| {
        value_view(FieldValue { shown, copy: copy.into(), full: None }, &m)
    };
    let b = v(Shown::Bool(true), "true");
    assert_eq!(
        (b.text.as_str(), b.class, b.copy.as_deref()),
        ("True", "sw-badge sw-badge--true", Some("true"))
    );
    let d = v(
        Shown::Date { label: "Today at 14:05".into(), full: "Tuesday".into() },
        "2024-03-05T14:05:09Z",
    );
    assert_eq!(
        (d.title.as_deref(), d.copy.as_deref()),
        (Some("Tuesday"), Some("2024-03-05T14:05:09Z"))
    );
    let r = v(Shown::Rating { value: 4.4, text: "4.4".into() }, "4.4");
    assert_eq!(
        (r.text.as_str(), r.aria_label.as_deref()),
        ("4.4 ★★★★☆", Some("Rated 4.4 out of 5"))
    );
    let t = v(Shown::Text("same".into()), "same");
    assert_eq!(t.copy, None, "copies what it shows");
    let fr = Messages::new("fr", &[]);
    assert_eq!(
        value_view(
            FieldValue {
                shown: Shown::Sentiment(Sentiment::Negative),
                copy: "-1".into(),
                full: None
            },
            &fr
        )
        .text,
        "Négatif"
    );
}

fn with_buttons(buttons: Json, links: Json) -> Json {
    json!({"type": "wrapper", "widgets": [{"type": "card", "title": "Order {{id}}", "meta": {"custom": {"links": links, "buttons": buttons}},
        "widgets": [{"type": "list", "path": "lines", "widgets": [{"type": "card", "title": "Line", "meta": {"custom": {"links": links}}}]}]}]})
}

#[test]
fn custom_links_resolve_in_their_scope_and_refused_ones_are_text() {
    let f = fixture();
    let links = json!([{"label": "Open {{id}}", "url": "https://shop.example/o/{{id}}?agent={{current_user.email}}&i={{$listIndex}}"},
        {"label": "", "url": "https://x.example/{{customer.name}}"}, {"label": "Bad", "url": "javascript:alert(1)"}]);
    // the order's own `current_user` cannot pose as the agent
    let w = render(
        with_buttons(json!([]), links),
        json!({"id": 7, "current_user": {"email": "mallory@evil.example"}}),
        &f,
    );
    let Block::Card(c) = &w.blocks[0] else { panic!() };
    let a = c.actions.as_ref().unwrap();
    assert_eq!(a.links[0].label, "Open 7");
    assert_eq!(
        a.links[0].href.as_deref(),
        Some("https://shop.example/o/7?agent=grace%40helpdesk.example&i=")
    );
    assert_eq!(a.links[1].label, "https://x.example/Jane%20Doe");
    assert_eq!((a.links[2].href.as_ref(), a.links[2].refused_reason.is_some()), (None, true));
}

#[test]
fn custom_actions_show_on_root_cards_only() {
    let f = fixture();
    let links = json!([{"label": "L", "url": "https://x.example"}]);
    let w = render(with_buttons(json!([]), links), json!({"id": 1, "lines": [{"a": 1}]}), &f);
    let Block::Card(c) = &w.blocks[0] else { panic!() };
    assert!(c.actions.is_some());
    let Block::List(l) = &c.children[0] else { panic!() };
    let Block::Card(line) = &l.items[0] else { panic!() };
    assert!(line.actions.is_none(), "a nested list's item card is not a root card");
}

#[test]
fn buttons_resolve_their_action_and_show_their_form_state() {
    let mut f = fixture();
    let buttons = json!([{"label": "Refund {{id}}", "action": {"method": "POST", "url": "https://api.example/o/{{id}}/refund",
        "params": [{"key": "reason", "label": "Reason", "value": "a;b", "type": "dropdown", "mandatory": true},
                   {"key": "note", "value": "{{ticket.id}}", "editable": true}],
        "headers": [{"key": "X-Key", "value": "sk_live_1"}]}}, {"label": "Broken"}]);
    let data = json!({"id": 42, "lines": []});
    let w = render(with_buttons(buttons.clone(), json!([])), data.clone(), &f);
    let Block::Card(c) = &w.blocks[0] else { panic!() };
    let a = c.actions.as_ref().unwrap();
    assert_eq!(a.buttons[0].text, "Refund 42");
    assert_eq!(a.buttons[1].text, "Unusable button");
    assert!(a.buttons[1].unusable.as_deref().is_some_and(|w| w.contains("\"action\" must be")));
    assert_eq!(w.buttons.len(), 1);
    let (key, run) = &w.buttons[0];
    assert_eq!(key, "0#0");
    assert_eq!(run.action.url, "https://api.example/o/42/refund");
    // the form, open, with what was typed; the hidden header is never a field
    let mut state = FormState::default();
    state.set(FieldRef { group: FieldGroup::Params, index: 1 }, "typed".into());
    state.missing.push(FieldRef { group: FieldGroup::Params, index: 0 });
    f.ui.forms.insert("0#0".into(), state);
    f.ui.pending.insert("0#0".into(), ());
    let w = render(with_buttons(buttons, json!([])), data, &f);
    let Block::Card(c) = &w.blocks[0] else { panic!() };
    let b = &c.actions.as_ref().unwrap().buttons[0];
    assert_eq!((b.text.as_str(), b.pending), ("Executing action...", true));
    let form = b.form.as_ref().unwrap();
    assert_eq!(form.aria_label, "Edit fields: Refund 42");
    let fields: Vec<(&str, &str, bool, bool)> = form
        .fields
        .iter()
        .map(|x| (x.label.as_str(), x.value.as_str(), x.mandatory, x.missing))
        .collect();
    assert_eq!(fields, [("Reason", "a", true, true), ("note", "typed", false, false)]);
    assert_eq!(form.fields[0].choices, Some(vec!["a".to_string(), "b".to_string()]));
    // What is drawn never holds the hidden header's value; the action that runs still carries it.
    assert!(!format!("{:?}", w.blocks).contains("sk_live_1"), "{:?}", w.blocks);
    assert!(format!("{:?}", w.buttons).contains("sk_live_1"));
}

#[test]
fn the_wrapper_shows_its_actions_at_the_top() {
    let f = fixture();
    let t = json!({"type": "wrapper", "meta": {"custom": {"links": [{"label": "All orders", "url": "https://shop.example"}]}},
        "widgets": [{"type": "text", "path": "a"}]});
    let w = render(t, json!({"a": 1}), &f);
    assert_eq!(w.actions.as_ref().map(|a| a.links.len()), Some(1));
}

#[test]
fn empty_widget_rule_is_the_callers() {
    let (template, _) = loop_returns();
    assert!(widget_is_empty(&node(template), Some(&json!({}))));
}

#[test]
fn unknown_types_are_listed_with_their_place() {
    let t = node(
        json!({"type": "wrapper", "widgets": [{"type": "card", "widgets": [{"type": "stars", "path": "x"}]}]}),
    );
    assert_eq!(unknown_types(&t), [("stars".to_string(), "widgets[0].widgets[0]".to_string())]);
}

#[test]
fn the_sidebar_speaks_the_agents_language() {
    let mut f = fixture();
    f.messages = Messages::new("fr", &[]);
    let t = json!({"type": "wrapper", "widgets": [{"type": "list", "path": "l", "meta": {"limit": 1}, "widgets": [
        {"type": "card", "title": "{{n}}", "widgets": [{"type": "boolean", "path": "b", "title": "B"}]}]}]});
    let w = render(t, json!({"l": [{"n": 1, "b": true}, {"n": 2, "b": false}]}), &f);
    assert_eq!(outline(&w.blocks), ["[-] 1", "  B: Vrai", "(1 de plus)"]);
    let Block::List(l) = &w.blocks[0] else { panic!() };
    let Block::Card(c) = &l.items[0] else { panic!() };
    assert_eq!(c.header.as_ref().map(|h| h.toggle_label.as_str()), Some("Replier la section"));
}
