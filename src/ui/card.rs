//! A card: header (toggle, icon tile, title, custom actions) and its content.

use super::actions::actions_view;
use super::dom::{El, Node};
use super::widget::{blocks_view, Ids};
use crate::engine::render::{Card, CardHeader, TitlePiece};

fn title_pieces(pieces: Vec<TitlePiece>) -> Vec<Node> {
    pieces
        .into_iter()
        .map(|p| match p {
            TitlePiece::Text(t) => Node::Text(t),
            TitlePiece::Icon { glyph, name } => Node::El(
                El::with_class("span", "sw-shortcode").attr("role", "img").attr("aria-label", name).child(glyph),
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
        Some(href) => El::with_class("a", "sw-card__title sw-link")
            .attr("href", href)
            .attr("target", "_blank")
            .attr("rel", "noopener noreferrer"),
        None => El::with_class("span", "sw-card__title").attr("data-sw", "toggle"),
    };
    El::with_class("div", "sw-card__header")
        .child(
            El::with_class("button", "sw-card__toggle")
                .attr("type", "button")
                .attr("data-sw", "toggle")
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
