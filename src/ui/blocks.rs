//! The engine's blocks as elements: cards (header, icon tile, title, custom actions, content),
//! lists and their "N more" control, fields (four elements at most), drawn recursively.

use super::actions::actions_view;
use super::dom::{DomNode, El, Ids};
use crate::engine::render::{Block, Card, CardHeader, Field, List, TitlePiece};

/// Blocks as elements: the one dispatch on a block's kind.
pub fn blocks_view(blocks: Vec<Block>, ids: &Ids) -> Vec<DomNode> {
    blocks
        .into_iter()
        .map(|b| {
            DomNode::El(match b {
                Block::Card(c) => card_view(c, ids),
                Block::Field(f) => field_view(f),
                Block::List(l) => list_view(l, ids),
                Block::Bare(children) => El::with_class("div", "sw-card sw-card--bare")
                    .children(blocks_view(children, ids)),
            })
        })
        .collect()
}

fn title_pieces(pieces: Vec<TitlePiece>) -> Vec<DomNode> {
    pieces
        .into_iter()
        .map(|p| match p {
            TitlePiece::Text(t) => DomNode::Text(t),
            TitlePiece::Icon { glyph, name } => DomNode::El(
                El::with_class("span", "sw-shortcode")
                    .attr("role", "img")
                    .attr("aria-label", name)
                    .child(glyph),
            ),
        })
        .collect()
}

fn header_view(h: CardHeader, open: bool, content_id: String) -> El {
    let tile = h.tile.map(|t| {
        let img = t.icon.map(|src| {
            El::new("img")
                .attr("src", src)
                .attr("alt", "")
                .attr("loading", "lazy")
                .attr("referrerpolicy", "no-referrer")
        });
        El::with_class("span", "sw-card__icon")
            .attr("aria-hidden", "true")
            .style("background-color", t.color)
            .child_opt(img)
    });
    let title = match h.link {
        Some(href) => El::new_tab_link("sw-card__title sw-link", href),
        None => El::with_class("span", "sw-card__title").attr("data-sw", "toggle"),
    };
    El::with_class("div", "sw-card__header")
        .child(
            El::control("sw-card__toggle", "toggle")
                .state("aria-expanded", open)
                .attr("aria-controls", content_id)
                .attr("aria-label", h.toggle_label),
        )
        .child_opt(tile)
        .child(title.attr_opt("title", h.full_title).children(title_pieces(h.title)))
}

pub fn card_view(c: Card, ids: &Ids) -> El {
    let content_id = ids.of(&c.key);
    let class = match (c.open, c.root) {
        (true, true) => "sw-card sw-card--root",
        (true, false) => "sw-card",
        (false, true) => "sw-card sw-card--collapsed sw-card--root",
        (false, false) => "sw-card sw-card--collapsed",
    };
    El::with_class("section", class)
        .key(&c.key)
        .child_opt(c.header.map(|h| header_view(h, c.open, content_id.clone())))
        .child_opt(c.actions.map(|a| actions_view(a, ids)))
        .child(
            El::with_class("div", "sw-card__content")
                .attr("id", content_id)
                .flag("hidden", !c.open)
                .children(blocks_view(c.children, ids)),
        )
}

pub fn field_view(f: Field) -> El {
    let v = f.value;
    let class = format!("sw-field__value {}", v.class);
    let value = match v.href {
        Some(href) => El::new_tab_link(&class, href),
        None => El::with_class("span", &class)
            .attr_opt("role", v.aria_label.is_some().then(|| "img".to_string()))
            .attr_opt("aria-label", v.aria_label),
    };
    El::with_class("div", "sw-field")
        .child(El::with_class("span", "sw-field__label").child(format!("{}: ", f.label)))
        .child(value.attr_opt("title", v.title).child(v.text))
        .child(
            El::control("sw-field__copy", "copy")
                .attr_opt("data-copy", v.copy)
                .attr("aria-label", f.copy_label),
        )
}

pub fn list_view(l: List, ids: &Ids) -> El {
    let more = (l.remaining > 0).then(|| {
        El::control("sw-list__more", "more")
            .attr("data-list", l.key.as_str())
            .attr("data-n", l.next_shown.to_string())
            .child(l.more_label)
    });
    El::with_class("div", "sw-list").children(blocks_view(l.items, ids)).child_opt(more)
}
