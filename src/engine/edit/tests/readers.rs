//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! The editor writes nothing the renderer reads differently: what each edit wrote, read back by
//! the renderer's own readers (`Widget::from_json`, the template's `Node`) and drawn by its own
//! walk (`render_widget`), is what the edit said.

use super::*;
use crate::engine::edit::{apply, data_path_of, node_for_drop, Edit};
use crate::engine::layout::{ordered_children, widget_order};
use crate::engine::locale::EnglishLocale;
use crate::engine::messages::Messages;
use crate::engine::render::{render_widget, Block, Env, TitlePiece, WidgetUi};
use crate::model::{Context, FieldType, NodeKind, Page, Widget};

/// The integration's answer the test widgets are drawn over.
const DATA: &str = r##"{"name": "Ada", "email": "ada@example.com", "address": {"city": "Paris", "zip": "75001"},
    "orders": [{"name": "#1", "total": "9.90"}, {"name": "#2", "total": "20.00"}]}"##;

/// Widget `index` of `widgets` as the sidebar reads it (its template must read).
fn read(widgets: &Json, index: usize) -> Widget {
    let widget = Widget::from_json(&widgets[index], index);
    assert!(widget.template.is_ok(), "{:?}", widget.template);
    widget
}

/// What an agent reads in widget `index`: card titles and `label: value` lines, indented.
fn shown(widgets: &Json, index: usize) -> Vec<String> {
    fn walk(b: &Block, depth: usize, out: &mut Vec<String>) {
        let pad = "  ".repeat(depth);
        match b {
            Block::Card(c) => {
                let title: String = c
                    .header
                    .iter()
                    .flat_map(|h| &h.title)
                    .map(|p| match p {
                        TitlePiece::Text(t) => t.clone(),
                        TitlePiece::Icon { name, .. } => format!(":{name}:"),
                    })
                    .collect();
                out.push(format!("{pad}[{title}]"));
                c.children.iter().for_each(|ch| walk(ch, depth + 1, out));
            }
            Block::Field(f) => out.push(format!("{pad}{}: {}", f.label, f.value.text)),
            Block::List(l) => {
                l.items.iter().for_each(|ch| walk(ch, depth, out));
                if l.remaining > 0 {
                    out.push(format!("{pad}({} more)", l.remaining));
                }
            }
            Block::Bare(children) => children.iter().for_each(|ch| walk(ch, depth, out)),
        }
    }
    let widget = read(widgets, index);
    let (context, ui, messages) = (Context::default(), WidgetUi::default(), Messages::default());
    let locale = EnglishLocale { offset_minutes: 0 };
    let env = Env {
        context: &context,
        integration_id: "7",
        root_title: "Shop",
        ui: &ui,
        locale: &locale,
        messages: &messages,
        now: 0.0,
        tz_offset_minutes: 0,
    };
    let template = widget.template.unwrap();
    let mut out = Vec::new();
    render_widget(&template, &parse(DATA), &env).blocks.iter().for_each(|b| walk(b, 0, &mut out));
    out
}

fn lines(text: &[&str]) -> Vec<String> {
    text.iter().map(|l| l.to_string()).collect()
}

#[test]
fn the_test_widget_shows_what_it_says() {
    assert_eq!(
        shown(&widgets(), 0),
        lines(&[
            "[Shop]",
            "  Name: Ada",
            "  Email: ada@example.com",
            "  [Address]",
            "    City: Paris",
            "  [Order #1]",
            "    Order: #1",
            "    Placed: -",
            "  [Order #2]"
        ])
    );
}

#[test]
fn dropped_values_show_where_they_were_dropped_with_the_dropped_value() {
    let sample = parse(DATA);
    let w = widgets();
    let drop = |w: &Json, card: NodeAddress, value: &str, index: usize| {
        let node = node_for_drop(&sample, &data_path_of(w, &card).unwrap(), value).unwrap();
        apply(w, &Edit::Insert { parent: card, index, node }).unwrap()
    };
    let w = drop(&w, at(0, &[0, 2]), "address.zip", 1);
    // The model item's total, dropped on the item card: each order shows its own.
    let w = drop(&w, at(0, &[0, 3, 0]), "orders[0].total", 1);
    // An object onto the shop card: a card with its fields.
    let w = drop(&w, at(0, &[0]), "address", 0);
    assert_eq!(
        shown(&w, 0),
        lines(&[
            "[Shop]",
            "  [Address]",
            "    City: Paris",
            "    Zip: 75001",
            "  Name: Ada",
            "  Email: ada@example.com",
            "  [Address]",
            "    City: Paris",
            "    Zip: 75001",
            "  [Order #1]",
            "    Order: #1",
            "    Total: 9.90",
            "    Placed: -",
            "  [Order #2]",
        ])
    );
    // The second order (first once sorted, so open) shows its own total.
    let key = vec!["meta".to_string(), "orderBy".to_string()];
    let sorted =
        apply(&w, &Edit::SetProperty { at: at(0, &[0, 4]), key, value: Some(Json::from("-name")) })
            .unwrap();
    assert_eq!(
        &shown(&sorted, 0)[9..],
        lines(&[
            "  [Order #2]",
            "    Order: #2",
            "    Total: 20.00",
            "    Placed: -",
            "  [Order #1]"
        ])
    );
    let template = read(&w, 0).template.unwrap();
    let zip = &template.widgets[0].widgets[3].widgets[1];
    assert_eq!(
        (zip.kind.clone(), zip.path.as_str(), zip.title.as_deref()),
        (NodeKind::Field(FieldType::Text), "zip", Some("Zip"))
    );
}

#[test]
fn a_moved_node_shows_the_same_value_in_its_new_place() {
    let w = apply(
        &widgets(),
        &Edit::Move { from: at(0, &[0, 2, 0]), to_parent: at(0, &[0]), index: 0 },
    )
    .unwrap();
    assert_eq!(
        &shown(&w, 0)[..4],
        lines(&["[Shop]", "  City: Paris", "  Name: Ada", "  Email: ada@example.com"])
    );
    let down =
        apply(&widgets(), &Edit::Move { from: at(0, &[0, 0]), to_parent: at(0, &[0]), index: 1 })
            .unwrap();
    assert_eq!(
        &shown(&down, 0)[..3],
        lines(&["[Shop]", "  Email: ada@example.com", "  Name: Ada"])
    );
}

#[test]
fn properties_set_are_read_as_set() {
    let set = |w: &Json, path: &[usize], key: &[&str], value: &str| {
        let key = key.iter().map(|k| k.to_string()).collect();
        apply(w, &Edit::SetProperty { at: at(0, path), key, value: Some(parse(value)) }).unwrap()
    };
    let w = set(&widgets(), &[0, 3], &["meta", "limit"], "1");
    let w = set(&w, &[0, 1], &["type"], r#""url""#);
    let w = set(&w, &[0], &["meta", "color"], r##""#ff0000""##);
    let w = set(&w, &[0, 0], &["title"], r#""Customer""#);
    let template = read(&w, 0).template.unwrap();
    let card = &template.widgets[0];
    assert_eq!(card.meta.color.as_deref(), Some("#ff0000"));
    assert_eq!(card.meta.link.as_deref(), None, "the empty link it had is still read as none");
    assert_eq!(card.widgets[1].kind, NodeKind::Field(FieldType::Url));
    assert_eq!(card.widgets[3].meta.limit, Some(1));
    assert_eq!(
        shown(&w, 0),
        lines(&[
            "[Shop]",
            "  Customer: Ada",
            "  Email: ada@example.com",
            "  [Address]",
            "    City: Paris",
            "  [Order #1]",
            "    Order: #1",
            "    Placed: -",
            "  (1 more)"
        ])
    );
}

#[test]
fn order_fitted_on_insert_is_the_order_the_sidebar_shows() {
    let seed = parse(&format!(
        "[{}]",
        include_str!("../../../../tests/fixtures/seed-loop-returns-widget.json")
    ));
    let item_card = at(0, &[0, 1, 0]);
    let node = parse(r#"{"type": "text", "path": "id", "title": "Id"}"#);
    let w = apply(&seed, &Edit::Insert { parent: item_card.clone(), index: 2, node }).unwrap();
    let template = read(&w, 0).template.unwrap();
    let card = &template.widgets[0].widgets[1].widgets[0];
    let shown: Vec<&str> =
        ordered_children(&card.widgets).iter().map(|(_, n)| n.path.as_str()).collect();
    assert_eq!(&shown[..4], ["created_at", "label_status", "id", "label_updated_at"]);
    assert_eq!(
        ordered_children(&card.widgets).iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        (0..card.widgets.len()).collect::<Vec<_>>()
    );
}

#[test]
fn widgets_moved_are_shown_in_their_new_order() {
    let w = apply(&widgets(), &Edit::MoveWidget { from: 2, to: 0 }).unwrap();
    let read: Vec<Widget> = (0..3).map(|i| read(&w, i)).collect();
    let keys: Vec<&str> =
        widget_order(&read, Page::Ticket).iter().map(|(_, w)| w.key.as_str()).collect();
    assert_eq!(keys, ["3", "1", "2"]);
    assert_eq!(read.iter().map(|w| w.order).collect::<Vec<_>>(), [Some(0.0), Some(1.0), Some(2.0)]);
}
