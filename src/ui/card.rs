//! A card: header (icon, title, links, buttons) and collapsible content.

use super::{actions::custom_actions_view, node::children_view, Place, WidgetEnv};
use crate::engine::format::truncate_chars;
use crate::engine::layout::{card_renders, node_data};
use crate::engine::request::resolve_url;
use crate::engine::safety::{safe_color, safe_http_url, safe_link_url};
use crate::engine::shortcode::{icon_glyph, split_shortcodes, TitlePart};
use crate::engine::vars::{interpolate, Scope};
use crate::model::Node;
use leptos::prelude::*;
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// The data a card shows, as its own signal: unchanged data does not re-render it.
fn card_data(node: &Arc<Node>, parent: Signal<Value>) -> Memo<Value> {
    let node = node.clone();
    Memo::new(move |_| parent.with(|p| super::or_null(node_data(&node, p))))
}

pub fn card_view(node: Arc<Node>, parent: Signal<Value>, place: Place, env: WidgetEnv) -> AnyView {
    let data = card_data(&node, parent);
    let renders = Memo::new(move |_| data.with(|d| card_renders(Some(d))));
    (move || {
        if !renders.get() {
            return ().into_any();
        }
        card_body(node.clone(), data.into(), place, env)
    })
    .into_any()
}

/// Resolves a text with variables over the card's data and the context.
fn resolve(text: &str, data: &Value, env: WidgetEnv) -> String {
    with_scope(data, env, |scope| interpolate(text, scope))
}

/// Resolves a URL: the values put into it are percent-encoded.
fn resolve_link(url: &str, data: &Value, env: WidgetEnv) -> String {
    with_scope(data, env, |scope| resolve_url(url, scope))
}

fn with_scope<R>(data: &Value, env: WidgetEnv, f: impl FnOnce(&Scope) -> R) -> R {
    env.context.with(|c| {
        f(&Scope { data, globals: c.globals().to_vec(), tz_offset_minutes: super::locale::local_offset_minutes() })
    })
}

fn card_body(node: Arc<Node>, data: Signal<Value>, place: Place, env: WidgetEnv) -> AnyView {
    if !node.meta.display_card {
        let children = children_view(&node, data, Place::NESTED, env);
        return view! { <div class="sw-card sw-card--bare">{children}</div> }.into_any();
    }
    let title_template = match node.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Some(t.to_string()),
        _ => None,
    };
    let color = node.meta.color.as_deref().and_then(safe_color);
    let icon = node.meta.picture_url.as_deref().and_then(safe_http_url);
    let has_actions = place.root && node.meta.has_custom_actions();
    let default_title = place.root;
    let shows_header = title_template.is_some() || default_title || icon.is_some() || color.is_some() || has_actions;

    let open = RwSignal::new(!place.start_collapsed);
    // A collapsed card builds its content when first opened, then keeps it: a long list of
    // collapsed items costs only its headers.
    let opened_once = Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || open.get());
    let content_node = node.clone();
    let children = move || opened_once.get().then(|| children_view(&content_node, data, Place::NESTED, env));
    let content_id = format!("sw-card-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));

    let title_limit = node.meta.limit;
    let title = Memo::new(move |_| {
        let text = match &title_template {
            Some(t) => data.with(|d| resolve(t, d, env)),
            None if default_title => env.integration_name.get(),
            None => String::new(),
        };
        match title_limit {
            Some(max) => {
                let (cut, was_cut) = truncate_chars(&text, max);
                (cut, was_cut.then_some(text))
            }
            None => (text, None),
        }
    });
    let link_template = node.meta.link.clone();
    let link = Memo::new(move |_| {
        link_template.as_deref().and_then(|l| data.with(|d| safe_link_url(&resolve_link(l, d, env))))
    });

    let header = shows_header.then(|| {
        let tile_color = color.clone();
        let icon_view = (icon.is_some() || color.is_some()).then(|| {
            view! {
                <span class="sw-card__icon" style:background-color=tile_color aria-hidden="true">
                    {icon.clone().map(|src| view! { <img src=src alt="" loading="lazy" /> })}
                </span>
            }
        });
        let title_text = move || {
            let (text, full) = title.get();
            let parts = split_shortcodes(&text)
                .into_iter()
                .map(|p| match p {
                    TitlePart::Text(t) => view! { <span>{t}</span> }.into_any(),
                    TitlePart::Icon(name) => view! {
                        <span class="sw-shortcode" role="img" aria-label=name>{icon_glyph(name)}</span>
                    }
                    .into_any(),
                })
                .collect_view();
            (parts, full)
        };
        let title_view = move || {
            let (parts, full) = title_text();
            match link.get() {
                Some(href) => view! {
                    <a class="sw-card__title sw-link" href=href target="_blank" rel="noopener noreferrer" title=full>{parts}</a>
                }
                .into_any(),
                None => view! {
                    <span class="sw-card__title" title=full on:click=move |_| open.update(|o| *o = !*o)>{parts}</span>
                }
                .into_any(),
            }
        };
        let links = if has_actions { Some(custom_actions_view(node.clone(), data, place, env)) } else { None };
        let content_id = content_id.clone();
        view! {
            <div class="sw-card__header">
                <button
                    type="button"
                    class="sw-card__toggle"
                    aria-expanded=move || open.get().to_string()
                    aria-controls=content_id
                    aria-label=move || if open.get() { "Collapse section" } else { "Expand section" }
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <span class="sw-card__chevron" aria-hidden="true"></span>
                </button>
                {icon_view}
                {title_view}
            </div>
            {links}
        }
    });
    view! {
        <section class="sw-card" class:sw-card--collapsed=move || !open.get() class:sw-card--root=place.root>
            {header}
            <div class="sw-card__content" id=content_id hidden=move || !open.get()>
                {children}
            </div>
        </section>
    }
    .into_any()
}
