//! What the walk decides: a tree of plain values ([`Block`]s and the widget's [`RenderedWidget`]) that
//! the views draw as they are.

use crate::engine::request::ResolvedAction;
use crate::model::action::FieldRef;

use super::Outcome;

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
    pub value: RenderedValue,
    /// The copy control's label.
    pub copy_label: String,
}

/// The value element of a field: its text, how it looks, and what it links to.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderedValue {
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
    pub links: Vec<RenderedLink>,
    pub buttons: Vec<RenderedButton>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RenderedLink {
    pub label: String,
    /// `None`: refused (shown as text with the reason on hover).
    pub href: Option<String>,
    pub refused_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RenderedButton {
    /// What the agent's clicks refer to.
    pub key: String,
    /// The label, or "Executing action..." while in flight.
    pub text: String,
    pub pending: bool,
    /// A button whose action cannot be read: why, on hover; it does nothing.
    pub unusable: Option<String>,
    pub form: Option<RenderedForm>,
    pub outcome: Option<Outcome>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RenderedForm {
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
pub struct RenderedWidget {
    /// `meta.color` of the wrapper, allowed: the 3 px accent border.
    pub accent: Option<String>,
    /// The wrapper's custom actions, at the top of the widget.
    pub actions: Option<Actions>,
    pub blocks: Vec<Block>,
    /// The buttons shown, by key, as they would run if clicked now.
    pub buttons: Vec<(String, Runnable)>,
}
