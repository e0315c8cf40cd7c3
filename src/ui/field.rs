//! A leaf: `Title: value`, displayed by its type, with a copy control.

use super::{locale::now_unix, locale::BrowserLocale, WidgetEnv};
use crate::engine::format::{display_field, Display, FieldValue, Sentiment};
use crate::engine::layout::hidden_when_empty;
use crate::engine::path::select_path;
use crate::model::{FieldType, Node};
use leptos::prelude::*;
use serde_json::Value;
use std::sync::Arc;

/// The label of a leaf: its title, or the last key of its path.
pub fn field_label(node: &Node) -> String {
    match node.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => node.path.rsplit(['.', '[']).next().map(|k| k.trim_end_matches(']').to_string()).unwrap_or_default(),
    }
}

pub fn field_view(node: Arc<Node>, ty: FieldType, parent: Signal<Value>, _env: WidgetEnv) -> AnyView {
    if let FieldType::Unknown(name) = &ty {
        web_sys::console::warn_1(
            &format!("sidebar-widgets: unknown field type \"{name}\" at {}; shown as text", node.place).into(),
        );
    }
    let label = field_label(&node);
    let shown_node = node.clone();
    let shown = Memo::new(move |_| {
        parent.with(|p| {
            if hidden_when_empty(&shown_node, p) {
                return None;
            }
            let value = select_path(p, &shown_node.path);
            Some(display_field(&ty, value, shown_node.meta.limit, &BrowserLocale::new(), now_unix()))
        })
    });
    let visible = Memo::new(move |_| shown.with(Option::is_some));
    let copied = RwSignal::new(false);
    (move || {
        if !visible.get() {
            return ().into_any();
        }
        let label = label.clone();
        view! {
            <div class="sw-field">
                <span class="sw-field__label">{label}": "</span>
                <span class="sw-field__value">{move || shown.get().map(value_view)}</span>
                <button
                    type="button"
                    class="sw-field__copy"
                    class:sw-field__copy--done=move || copied.get()
                    aria-label=move || if copied.get() { "Copied" } else { "Copy value" }
                    title=move || if copied.get() { "Copied" } else { "Copy" }
                    on:click=move |_| {
                        let text = shown.with_untracked(|s| s.as_ref().map(|s| s.copy.clone()).unwrap_or_default());
                        copy_to_clipboard(&text);
                        copied.set(true);
                        set_timeout(move || { let _ = copied.try_set(false); }, std::time::Duration::from_millis(1200));
                    }
                >
                    <span class="sw-field__copy-icon" aria-hidden="true"></span>
                </button>
            </div>
        }
        .into_any()
    })
    .into_any()
}

fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// The value part of a field.
pub fn value_view(v: FieldValue) -> AnyView {
    let title = v.full.clone();
    match v.display {
        Display::Missing => view! { <span class="sw-value sw-value--missing">"-"</span> }.into_any(),
        Display::Text(t) => view! { <span class="sw-value" title=title>{t}</span> }.into_any(),
        Display::Bool(b) => view! {
            <span class="sw-badge" class:sw-badge--true=b class:sw-badge--false=!b>{if b { "True" } else { "False" }}</span>
        }
        .into_any(),
        Display::Date { label, full } => view! { <time class="sw-value sw-value--date" title=full>{label}</time> }.into_any(),
        Display::Link { text, href } => view! {
            <a class="sw-link" href=href target="_blank" rel="noopener noreferrer" title=title>{text}</a>
        }
        .into_any(),
        Display::Sentiment(s) => {
            let (class, icon, text) = match s {
                Sentiment::Positive => ("sw-sentiment sw-sentiment--positive", "☺", "Positive"),
                Sentiment::Negative => ("sw-sentiment sw-sentiment--negative", "☹", "Negative"),
                Sentiment::Inconclusive => ("sw-sentiment sw-sentiment--neutral", "•", "Inconclusive"),
            };
            view! { <span class=class><span aria-hidden="true">{icon}" "</span>{text}</span> }.into_any()
        }
        Display::Rating { value, text } => {
            let full = value.clamp(0.0, 5.0).round() as usize;
            let stars: String = "★".repeat(full) + &"☆".repeat(5 - full);
            view! {
                <span class="sw-rating">{text}" "<span class="sw-rating__stars" aria-hidden="true">{stars}</span></span>
            }
            .into_any()
        }
        Display::Points(t) => view! { <span class="sw-badge sw-badge--points">{t}</span> }.into_any(),
        Display::Percent(t) => view! { <span class="sw-value">{t}</span> }.into_any(),
    }
}
