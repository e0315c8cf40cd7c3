//! Leaves: a field's label and its value as one element.

use super::{field_label, Block, Field, RenderedValue, Renderer};
use crate::engine::format::{display_field, FieldValue, Sentiment, Shown};
use crate::engine::layout::hidden_when_empty;
use crate::engine::messages::{Messages, Msg};
use crate::engine::path::select_path;
use crate::model::{FieldType, Json, Node};

impl Renderer<'_, '_> {
    pub(super) fn field(&self, node: &Node, ty: &FieldType, parent: &Json) -> Option<Block> {
        if hidden_when_empty(node, parent) {
            return None;
        }
        let value = display_field(
            ty,
            select_path(parent, &node.path),
            node.meta.limit,
            self.env.locale,
            self.env.now,
        );
        Some(Block::Field(Field {
            label: field_label(node),
            value: value_view(value, self.env.messages),
            copy_label: self.env.messages.get(Msg::CopyValue).to_string(),
        }))
    }
}

/// A field's value as one element: text, classes, link, hover and copy.
pub fn value_view(v: FieldValue, m: &Messages) -> RenderedValue {
    let FieldValue { shown, copy, full } = v;
    let mut view = RenderedValue {
        text: String::new(),
        class: "",
        href: None,
        title: full,
        aria_label: None,
        copy: None,
    };
    let copy_if_other = |view: &RenderedValue, copy: String| (copy != view.text).then_some(copy);
    match shown {
        Shown::Missing => {
            view.text = "-".into();
            view.class = "sw-value--missing";
            return view;
        }
        Shown::Text(t) | Shown::Percent(t) => view.text = t,
        Shown::Lines(lines) => {
            view.text = lines.join("\n");
            view.class = "sw-value--lines";
        }
        Shown::Bool(b) => {
            view.text = m.get(if b { Msg::True } else { Msg::False }).to_string();
            view.class = if b { "sw-badge sw-badge--true" } else { "sw-badge sw-badge--false" };
        }
        Shown::Date { label, full } => {
            view.text = label;
            view.title = Some(full);
            view.class = "sw-value--date";
        }
        Shown::Link { text, href } => {
            view.text = text;
            view.href = Some(href);
            view.class = "sw-link";
        }
        Shown::Sentiment(s) => {
            let (msg, class) = match s {
                Sentiment::Positive => (Msg::Positive, "sw-sentiment sw-sentiment--positive"),
                Sentiment::Negative => (Msg::Negative, "sw-sentiment sw-sentiment--negative"),
                Sentiment::Inconclusive => {
                    (Msg::Inconclusive, "sw-sentiment sw-sentiment--neutral")
                }
            };
            view.text = m.get(msg).to_string();
            view.class = class;
        }
        Shown::Rating { value, text } => {
            let full = value.clamp(0.0, 5.0).round() as usize;
            view.aria_label = Some(m.fill(Msg::Rating, &[("value", &text)]));
            view.text = format!("{text} {}{}", "★".repeat(full), "☆".repeat(5 - full));
            view.class = "sw-rating";
        }
        Shown::Points(t) => {
            view.text = t;
            view.class = "sw-badge sw-badge--points";
        }
    }
    view.copy = copy_if_other(&view, copy);
    view
}
