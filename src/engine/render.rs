//! What a widget shows, decided in one pass over its template, its integration's data, the
//! context and what the agent did (cards opened or closed, "N more", a form being filled): a tree
//! of plain values ([`Block`]s) that the views draw as they are. Every display rule lives here or
//! in the modules it calls, with host tests; the views only turn blocks into elements.

use crate::engine::format::{display_field, truncate_chars, FieldValue, Locale, Sentiment, Shown};
use crate::engine::keyed::Keyed;
use crate::engine::layout::{
    card_renders, custom_actions_show, hidden_when_empty, list_array, list_items, list_page_size,
    node_data, ordered_children,
};
use crate::engine::messages::{Messages, Msg};
use crate::engine::path::select_path;
use crate::engine::request::{resolve_action, ResolvedAction};
use crate::engine::safety::{safe_color, safe_http_url, safe_link_url};
use crate::engine::shortcode::{icon_glyph, split_shortcodes, TitlePart};
use crate::engine::vars::resolve_url;
use crate::engine::vars::{interpolate, Purpose, Scope};
use crate::model::action::{parse_button, Action, FieldRef, ParamKind};
use crate::model::{Context, FieldType, Json, Node, NodeKind};

/// What the agent did in one widget, by the keys the blocks carry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WidgetUi {
    /// Cards opened or closed by the agent: their state instead of the default.
    pub toggled: Keyed<bool>,
    /// Lists whose "N more" was used: how many items they show.
    pub shown: Keyed<usize>,
    /// Open "Edit fields" forms, by button key.
    pub forms: Keyed<FormState>,
    /// Buttons whose request is in flight.
    pub pending: Keyed<()>,
    /// The last outcome of each button.
    pub outcomes: Keyed<Outcome>,
    /// Bumped on every change: the widget is drawn again.
    pub revision: u64,
}

/// An open "Edit fields" form: what the agent typed (kept through failures and refreshes), and
/// which mandatory fields were found empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormState {
    pub values: Vec<(FieldRef, String)>,
    pub missing: Vec<FieldRef>,
}

impl FormState {
    pub fn set(&mut self, r: FieldRef, value: String) {
        match self.values.iter_mut().find(|(e, _)| *e == r) {
            Some(slot) => slot.1 = value,
            None => self.values.push((r, value)),
        }
    }
}

/// What happened to a button's last request.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub ok: bool,
    pub text: String,
}

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

/// One thing to draw.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Card(Card),
    Field(Field),
    List(List),
    /// A nested wrapper, or a card with `displayCard: false`: its content without frame or header.
    Bare(Vec<Block>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// Stable within the widget: what the agent's toggles and the element ids refer to.
    pub key: String,
    /// A root card: a direct child of the wrapper, or the item card of a list that is one.
    pub root: bool,
    pub open: bool,
    pub header: Option<CardHeader>,
    pub actions: Option<Actions>,
    /// Empty while the card is closed: a closed card costs only its header.
    pub children: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CardHeader {
    pub title: Vec<TitlePiece>,
    /// The whole title, on hover, when `meta.limit` cut it.
    pub full_title: Option<String>,
    /// `meta.link`, resolved and allowed: the title opens it in a new tab.
    pub link: Option<String>,
    /// The icon tile: shown with an icon, a colour, or both.
    pub tile: Option<Tile>,
    /// The toggle's label ("Collapse section" / "Expand section").
    pub toggle_label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TitlePiece {
    Text(String),
    /// A title shortcode: its glyph, and its name for screen readers.
    Icon {
        glyph: &'static str,
        name: &'static str,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tile {
    pub icon: Option<String>,
    pub color: Option<String>,
}

/// A leaf, as the view draws it: a label, one value element, a copy control.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub label: String,
    pub value: ValueView,
    /// The copy control's label.
    pub copy_label: String,
}

/// The value element of a field: its text, how it looks, and what it links to.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueView {
    pub text: String,
    /// The modifier classes: `sw-value--missing`, `sw-badge sw-badge--true`...
    pub class: &'static str,
    /// A link's target (new tab).
    pub href: Option<String>,
    /// Shown on hover: the full value or date.
    pub title: Option<String>,
    /// For screen readers, when the text alone would not say it (ratings).
    pub aria_label: Option<String>,
    /// What the copy control copies, when it is not the text shown.
    pub copy: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct List {
    pub key: String,
    pub items: Vec<Block>,
    /// How many items "N more" would still reveal (0: no control).
    pub remaining: usize,
    /// How many items show once "N more" is used.
    pub next_shown: usize,
    /// The "N more" text.
    pub more_label: String,
}

/// Custom links and buttons (SPEC 3).
#[derive(Clone, Debug, PartialEq)]
pub struct Actions {
    pub links: Vec<LinkView>,
    pub buttons: Vec<ButtonView>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LinkView {
    pub label: String,
    /// `None`: refused (shown as text with the reason on hover).
    pub href: Option<String>,
    pub refused_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ButtonView {
    /// What the agent's clicks refer to.
    pub key: String,
    /// The label, or "Executing action..." while in flight.
    pub text: String,
    pub pending: bool,
    /// A button whose action cannot be read: why, on hover; it does nothing.
    pub unusable: Option<String>,
    pub form: Option<FormView>,
    pub outcome: Option<Outcome>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FormView {
    /// "Edit fields: <label>", for screen readers.
    pub aria_label: String,
    pub title: String,
    pub fields: Vec<FormField>,
    pub execute: String,
    pub cancel: String,
    pub required_text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FormField {
    pub field: FieldRef,
    /// Unique within the form: for element ids.
    pub id: String,
    pub label: String,
    pub value: String,
    pub mandatory: bool,
    /// A dropdown's choices (an empty first choice unless mandatory); `None` for a text input.
    pub choices: Option<Vec<String>>,
    pub missing: bool,
}

/// A button as it can be executed now: its label and its action with every variable resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Runnable {
    pub label: String,
    pub action: ResolvedAction,
}

/// A widget, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetView {
    /// `meta.color` of the wrapper, allowed: the 3 px accent border.
    pub accent: Option<String>,
    /// The wrapper's custom actions, at the top of the widget.
    pub actions: Option<Actions>,
    pub blocks: Vec<Block>,
    /// The buttons shown, by key, as they would run if clicked now.
    pub buttons: Vec<(String, Runnable)>,
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
pub fn render_widget(template: &Node, data: &Json, env: &Env) -> WidgetView {
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
    WidgetView { accent, actions, blocks, buttons: r.buttons }
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

    fn field(&self, node: &Node, ty: &FieldType, parent: &Json) -> Option<Block> {
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

    /// The custom links and buttons of a node, over its data (SPEC 3).
    fn actions(&mut self, node: &Node, data: &Json, key: &str, pos: Position) -> Actions {
        let vars = self.action_vars(pos);
        let link_scope = self.scope(data, Purpose::CustomLink, &vars);
        let links = node
            .meta
            .custom_links
            .iter()
            .map(|l| {
                let label = interpolate(&l.label, &link_scope);
                let url = resolve_url(&l.url, &link_scope);
                let label = if label.trim().is_empty() { url.clone() } else { label };
                let href = safe_link_url(&url);
                let refused_reason =
                    href.is_none().then(|| self.env.messages.get(Msg::RefusedLink).to_string());
                LinkView { label, href, refused_reason }
            })
            .collect();
        let request_scope = self.scope(data, Purpose::Request, &vars);
        let mut buttons = Vec::new();
        let mut runnables = Vec::new();
        for (i, raw) in node.meta.custom_buttons.iter().enumerate() {
            let button_key = format!("{key}#{i}");
            let button = match parse_button(raw) {
                Ok(b) => b,
                Err(why) => {
                    buttons.push(ButtonView {
                        key: button_key,
                        text: self.env.messages.get(Msg::UnusableButton).to_string(),
                        pending: false,
                        unusable: Some(why),
                        form: None,
                        outcome: None,
                    });
                    continue;
                }
            };
            let label = interpolate(&button.label, &link_scope);
            let action = resolve_action(&button.action, &request_scope);
            let pending = self.env.ui.pending.contains(&button_key);
            let form = self
                .env
                .ui
                .forms
                .get(&button_key)
                .map(|state| self.form(&button_key, &label, &action, state));
            buttons.push(ButtonView {
                key: button_key.clone(),
                text: if pending {
                    self.env.messages.get(Msg::Executing).to_string()
                } else {
                    label.clone()
                },
                pending,
                unusable: None,
                form,
                outcome: self.env.ui.outcomes.get(&button_key).cloned(),
            });
            runnables.push((button_key, Runnable { label, action }));
        }
        self.buttons.extend(runnables);
        Actions { links, buttons }
    }

    /// The "Edit fields" form: one input per editable item or dropdown, with what the agent typed
    /// (or the resolved value at first).
    fn form(&self, key: &str, label: &str, action: &Action, state: &FormState) -> FormView {
        let m = self.env.messages;
        let fields = action
            .editable_fields()
            .into_iter()
            .map(|(r, p)| {
                let value = state
                    .values
                    .iter()
                    .find(|(e, _)| *e == r)
                    .map_or_else(|| p.initial_value(), |(_, v)| v.clone());
                let choices = (p.kind == ParamKind::Dropdown).then(|| {
                    let mut c = p.choices();
                    if !p.mandatory {
                        c.insert(0, String::new());
                    }
                    c
                });
                FormField {
                    field: r,
                    id: format!("{key}-{}", r.name()),
                    label: p.display_label().to_string(),
                    value,
                    mandatory: p.mandatory,
                    choices,
                    missing: state.missing.contains(&r),
                }
            })
            .collect();
        FormView {
            aria_label: format!("{}: {label}", m.get(Msg::EditFields)),
            title: m.get(Msg::EditFields).to_string(),
            fields,
            execute: m
                .get(if self.env.ui.pending.contains(key) { Msg::Executing } else { Msg::Execute })
                .to_string(),
            cancel: m.get(Msg::Cancel).to_string(),
            required_text: m.get(Msg::Required).to_string(),
        }
    }
}

/// A field's value as one element: text, classes, link, hover and copy.
pub fn value_view(v: FieldValue, m: &Messages) -> ValueView {
    let FieldValue { shown, copy, full } = v;
    let mut view = ValueView {
        text: String::new(),
        class: "",
        href: None,
        title: full,
        aria_label: None,
        copy: None,
    };
    let copy_if_other = |view: &ValueView, copy: String| (copy != view.text).then_some(copy);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::format::EnglishLocale;
    use crate::engine::layout::widget_is_empty;
    use crate::j as json;
    use crate::model::action::FieldGroup;

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

    fn node(v: Json) -> Node {
        Node::from_json(&v).unwrap()
    }

    fn render(template: Json, data: Json, f: &Fixture) -> WidgetView {
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
        let demo = Json::parse(include_str!("../../demo/loop-returns.json")).unwrap();
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
        assert_eq!(
            h.link.as_deref(),
            Some("https://shop.example/o/Order%20%231?u=jane%40example.com")
        );
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
        assert_eq!(
            outline(&w.blocks),
            ["[+] #5", "[-] #4", "  n: 4", "[+] #3", "[+] #2", "(1 more)"]
        );
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
        assert!(
            !format!("{w:?}").contains("sk_live_1")
                || format!("{:?}", w.blocks).find("sk_live_1").is_none()
        );
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
}
