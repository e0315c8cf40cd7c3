//! What a widget shows, decided in one pass over its template, its integration's data, the
//! context and what the agent did (cards opened or closed, "N more", a form being filled): a tree
//! of plain values ([`Block`]s) that the views draw as they are. Every display rule lives here or
//! in the modules it calls, with host tests; the views only turn blocks into elements.

use crate::engine::format::truncate_chars;
use crate::engine::layout::{
    card_renders, custom_actions_show, hidden_when_empty, list_array, list_items, list_page_size,
    node_data, ordered_children,
};
use crate::engine::locale::Locale;
use crate::engine::messages::{Messages, Msg};
use crate::engine::safety::{safe_color, safe_http_url, safe_link_url};
use crate::engine::shortcode::{icon_glyph, split_shortcodes, TitlePart};
use crate::engine::vars::resolve_url;
use crate::engine::vars::{interpolate, Purpose, Scope};
use crate::model::{Context, FieldType, Json, Node, NodeKind};

mod actions;
mod agent;
mod blocks;
mod field;
#[cfg(test)]
mod tests;

pub use agent::{FormState, Outcome, WidgetUi};
pub use blocks::*;
#[cfg(any(test, feature = "editor"))]
pub use field::value_view;

/// What every node of one widget can see besides its data.
pub struct Env<'a> {
    pub context: &'a Context,
    pub integration_id: &'a str,
    /// The default title of root cards ([`crate::model::Widget::root_title`]).
    pub root_title: &'a str,
    pub ui: &'a WidgetUi,
    pub locale: &'a dyn Locale,
    pub messages: &'a Messages,
    /// Seconds since the epoch, for relative dates.
    pub now: f64,
    /// The agent's time zone, for `datetime_format` in titles and links.
    pub tz_offset_minutes: i32,
}

/// Where a node stands in its widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Position {
    root: bool,
    /// List items after the first start closed.
    starts_closed: bool,
    /// The item's index in its list (`$listIndex`), inside a list.
    list_index: Option<usize>,
}

const TOP: Position = Position { root: true, starts_closed: false, list_index: None };
const NESTED: Position = Position { root: false, starts_closed: false, list_index: None };

struct Renderer<'e, 'a> {
    env: &'e Env<'a>,
    buttons: Vec<(String, Runnable)>,
}

/// Draws a widget's template over its data (which the caller found not empty, SPEC 2).
pub fn render_widget(template: &Node, data: &Json, env: &Env) -> RenderedWidget {
    let mut r = Renderer { env, buttons: Vec::new() };
    let (blocks, actions) = match template.kind {
        NodeKind::Wrapper => {
            let actions = (custom_actions_show(template, true)
                && template.meta.has_custom_actions())
            .then(|| r.actions(template, data, "w", TOP));
            (r.children(template, data, "", TOP), actions)
        }
        _ => (r.node(template, data, "0".into(), TOP).into_iter().collect(), None),
    };
    let accent = match template.kind {
        NodeKind::Wrapper => template.meta.color.as_deref().and_then(safe_color),
        _ => None,
    };
    RenderedWidget { accent, actions, blocks, buttons: r.buttons }
}

/// The label of a leaf: its title, or the last key of its path.
pub fn field_label(node: &Node) -> String {
    match node.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => node
            .path
            .rsplit(['.', '['])
            .next()
            .map(|k| k.trim_end_matches(']').to_string())
            .unwrap_or_default(),
    }
}

/// The field types of a template that are not known (shown as text, with a console warning).
pub fn unknown_types(node: &Node) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let NodeKind::Field(FieldType::Unknown(t)) = &node.kind {
        out.push((t.clone(), node.place.clone()));
    }
    for child in &node.widgets {
        out.extend(unknown_types(child));
    }
    out
}

fn join_key(parent: &str, part: &str) -> String {
    if parent.is_empty() {
        part.to_string()
    } else {
        format!("{parent}.{part}")
    }
}

impl Renderer<'_, '_> {
    fn scope<'s>(&'s self, data: &'s Json, purpose: Purpose, vars: &'s [Json; 2]) -> Scope<'s> {
        let mut globals: Vec<(&str, &Json)> = self.env.context.globals().to_vec();
        if purpose != Purpose::Title {
            let [list_index, integration_id] = vars;
            globals.push(("$listIndex", list_index));
            globals.push(("$integrationId", integration_id));
            globals.push(("$appId", integration_id));
        }
        Scope { data, globals, purpose, tz_offset_minutes: self.env.tz_offset_minutes }
    }

    /// `$listIndex` and `$integrationId` for custom actions.
    fn action_vars(&self, pos: Position) -> [Json; 2] {
        [
            pos.list_index.map_or(Json::Null, |i| Json::from(i as f64)),
            Json::from(self.env.integration_id),
        ]
    }

    /// A node's children in display order, over `data`.
    fn children(&mut self, node: &Node, data: &Json, key: &str, child_pos: Position) -> Vec<Block> {
        let order = ordered_children(&node.widgets);
        let mut out = Vec::with_capacity(order.len());
        for (index, child) in order {
            out.extend(self.node(child, data, join_key(key, &index.to_string()), child_pos));
        }
        out
    }

    /// The one dispatch on the template's `type` (unknown types are fields shown as text).
    fn node(&mut self, node: &Node, parent: &Json, key: String, pos: Position) -> Option<Block> {
        match &node.kind {
            NodeKind::Wrapper => Some(Block::Bare(self.children(node, parent, &key, TOP))),
            NodeKind::Card => self.card(node, parent, key, pos),
            NodeKind::List => self.list(node, parent, key, pos),
            NodeKind::Field(ty) => self.field(node, ty, parent),
        }
    }

    fn card(&mut self, node: &Node, parent: &Json, key: String, pos: Position) -> Option<Block> {
        let data = node_data(node, parent).filter(|d| card_renders(Some(d)))?;
        if !node.meta.display_card {
            return Some(Block::Bare(self.children(node, data, &key, NESTED)));
        }
        let open = self.env.ui.toggled.get(&key).copied().unwrap_or(!pos.starts_closed);
        let actions = (custom_actions_show(node, pos.root) && node.meta.has_custom_actions())
            .then(|| self.actions(node, data, &key, pos));
        let header = self.card_header(node, data, pos, actions.is_some(), open);
        let children = if open { self.children(node, data, &key, NESTED) } else { Vec::new() };
        Some(Block::Card(Card { key, root: pos.root, open, header, actions, children }))
    }

    /// SPEC 2 "Cards": the header shows when there is a title (root cards have a default one),
    /// an icon, a colour or custom actions.
    fn card_header(
        &self,
        node: &Node,
        data: &Json,
        pos: Position,
        has_actions: bool,
        open: bool,
    ) -> Option<CardHeader> {
        let title_template = node.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let color = node.meta.color.as_deref().and_then(safe_color);
        let icon = node.meta.picture_url.as_deref().and_then(safe_http_url);
        if title_template.is_none()
            && !pos.root
            && icon.is_none()
            && color.is_none()
            && !has_actions
        {
            return None;
        }
        let vars = self.action_vars(pos);
        let scope = self.scope(data, Purpose::Title, &vars);
        let text = match title_template {
            Some(t) => interpolate(t, &scope),
            None if pos.root => self.env.root_title.to_string(),
            None => String::new(),
        };
        let (shown, full_title) = match node.meta.limit {
            Some(max) => match truncate_chars(&text, max) {
                (cut, true) => (cut, Some(text)),
                (cut, false) => (cut, None),
            },
            None => (text, None),
        };
        let title = split_shortcodes(&shown)
            .into_iter()
            .map(|p| match p {
                TitlePart::Text(t) => TitlePiece::Text(t),
                TitlePart::Icon(name) => TitlePiece::Icon { glyph: icon_glyph(name), name },
            })
            .collect();
        let link = node.meta.link.as_deref().and_then(|l| safe_link_url(&resolve_url(l, &scope)));
        let tile = (icon.is_some() || color.is_some()).then_some(Tile { icon, color });
        let toggle_label =
            self.env.messages.get(if open { Msg::Collapse } else { Msg::Expand }).to_string();
        Some(CardHeader { title, full_title, link, tile, toggle_label })
    }

    fn list(&mut self, node: &Node, parent: &Json, key: String, pos: Position) -> Option<Block> {
        let child = node.widgets.first()?;
        if hidden_when_empty(node, parent) {
            return None;
        }
        let items = list_array(node_data(node, parent))?;
        let page = list_page_size(node);
        let shown = self.env.ui.shown.get(&key).copied().unwrap_or(page);
        let (order, total) = list_items(items, node.meta.order_by.as_deref(), shown);
        let mut blocks = Vec::with_capacity(order.len());
        for (position, item) in order.iter().enumerate() {
            let Some(data) = items.get(item.index) else { continue };
            let item_pos = Position {
                root: pos.root,
                starts_closed: position > 0,
                list_index: Some(item.index),
            };
            let item_key = format!("{key}/{}", item.key);
            blocks.extend(self.node(child, data, item_key, item_pos));
        }
        let remaining = total.saturating_sub(shown);
        let more_label = self.env.messages.fill(Msg::More, &[("n", &remaining.to_string())]);
        Some(Block::List(List {
            key,
            items: blocks,
            remaining,
            next_shown: shown.saturating_add(page),
            more_label,
        }))
    }
}
