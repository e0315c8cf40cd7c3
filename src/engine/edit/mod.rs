//! The visual editor's operations (issue 18), as plain functions over the widgets array.
//!
//! Everything works on the raw JSON the admin's widgets came as ([`Json`]: immutable, shared, key
//! order kept), never on the renderer's parsed `Node`: an edit changes only what it
//! names, and everything else (unknown keys, legacy spellings such as a string `limit`, key order)
//! is written back exactly as it was read. Values are shared, so a snapshot of the whole widgets
//! array costs a pointer and [`History`] keeps whole snapshots.
//!
//! - [`apply`] makes one [`Edit`] (insert, move, delete, duplicate, set a property, move or replace
//!   a widget); [`node_at`] reads a node by its [`NodeAddress`]; [`copy_for`] is a copied node
//!   rewritten to show the same data where it is pasted.
//! - [`History`]: undo and redo, typing in one text box being one step.
//! - [`node_for_drop`], [`relativise`], [`data_path_of`]: what dragging a value of the sample data
//!   onto a card makes, and which data each node reads.
//! - [`normalise_button`]: a custom button as its form saves it.
//! - [`locate_schema_error`], [`locate_template_place`]: which node, widget or integration a
//!   warning or a JSON-Schema error concerns.
//!
//! Compiled into the editor build only (feature `editor`) and the tests.

use crate::model::Json;
use std::fmt;

mod apply;
mod button;
mod drop;
mod history;
mod paths;
mod place;
#[cfg(test)]
mod tests;
mod tree;

pub use crate::engine::generate::generate_template;
pub use apply::{apply, copy_for};
pub use button::normalise_button;
pub use drop::node_for_drop;
pub use history::{History, MAX_UNDO_STEPS};
pub use paths::{data_path_of, escape_key, relativise};
pub use place::{locate_schema_error, locate_template_place, place_text, Concern, Step};
pub use tree::{display_order, node_at};

/// Where a node sits: the widget's index in the widgets array, then the child indexes through each
/// `widgets` array from that widget's `template` (empty `path` = the template's root node).
/// Indexes are places in the arrays, which can differ from the order shown (see
/// [`display_order`]) until an edit puts a parent's children in that order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NodeAddress {
    /// The widget's index in the widgets array.
    pub widget: usize,
    /// The child indexes from the template's root.
    pub path: Vec<usize>,
}

impl NodeAddress {
    /// The root node of a widget's template.
    pub fn root(widget: usize) -> NodeAddress {
        NodeAddress { widget, path: Vec::new() }
    }

    /// The address of child `index` of this node.
    pub fn child(&self, index: usize) -> NodeAddress {
        let mut path = self.path.clone();
        path.push(index);
        NodeAddress { widget: self.widget, path }
    }

    /// The parent's address and this node's index there; `None` for a template's root.
    pub fn parent(&self) -> Option<(NodeAddress, usize)> {
        let (&last, parent) = self.path.split_last()?;
        Some((NodeAddress { widget: self.widget, path: parent.to_vec() }, last))
    }
}

/// One change an admin makes (each is one undo step).
///
/// The `index` of an insert or a move is a place among the parent's children as the sidebar shows
/// them (by their `order`, SPEC 2; see [`display_order`]). Afterwards the parent's children are
/// in the array in the order shown, so the node is at `parent.child(index)` (index clamped): when
/// they already were (the usual case) the others keep their place and `order` and the node takes
/// the `order` that shows it there; otherwise the array is put into the shown order and each
/// child's `order` becomes its index.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Inserts `node` as child `index` (clamped) of the card/list/wrapper at `parent`.
    Insert {
        /// The card, list or wrapper.
        parent: NodeAddress,
        /// Its place among the parent's children as shown (past the end: last).
        index: usize,
        /// The node, as written.
        node: Json,
    },
    /// Moves a node within its parent or to another card, so that it shows at place `index`
    /// (clamped) of `to_parent`'s children (`to_parent` is an address before the move). Its `path` (and its
    /// descendants' if it is a wrapper) is rewritten so that it shows the same data;
    /// [`EditError::OutsideData`] when no path can.
    Move {
        /// The node moved.
        from: NodeAddress,
        /// Its new parent, addressed as before the move.
        to_parent: NodeAddress,
        /// Its place among the new parent's children as shown, once moved.
        index: usize,
    },
    /// Removes the node.
    Delete {
        /// The node removed (not a template's root: use [`Edit::DeleteWidget`]).
        at: NodeAddress,
    },
    /// Inserts a copy right after the node (as shown).
    Duplicate {
        /// The node copied.
        at: NodeAddress,
    },
    /// Sets (Some) or removes (None) a property of the node; `key` is a key path such as
    /// ["title"], ["meta", "limit"], ["meta", "custom", "buttons"] (objects created on the way).
    SetProperty {
        /// The node.
        at: NodeAddress,
        /// The key path.
        key: Vec<String>,
        /// The new value, or `None` to remove the key.
        value: Option<Json>,
    },
    /// Sets (Some) / removes (None) a property of the widget object itself (e.g. ["order"]).
    SetWidgetProperty {
        /// The widget's index.
        widget: usize,
        /// The key path.
        key: Vec<String>,
        /// The new value, or `None` to remove the key.
        value: Option<Json>,
    },
    /// Moves a whole widget to index `to` (clamped); every widget's `order` is rewritten to its
    /// new index (as Gorgias does).
    MoveWidget {
        /// Its index before.
        from: usize,
        /// Its index after.
        to: usize,
    },
    /// Inserts a whole widget object at `index` (clamped).
    InsertWidget {
        /// Its index after.
        index: usize,
        /// The widget object.
        widget: Json,
    },
    /// Replaces a whole widget object.
    ReplaceWidget {
        /// Its index.
        index: usize,
        /// The new widget object.
        widget: Json,
    },
    /// Removes a whole widget.
    DeleteWidget {
        /// Its index.
        index: usize,
    },
}

/// Why an edit was refused (the widgets stay as they were).
#[derive(Clone, Debug, PartialEq)]
pub enum EditError {
    /// The widgets are not an array.
    NotWidgets,
    /// No widget at that index, or it is not an object.
    NoSuchWidget,
    /// No node at that address.
    NoSuchNode,
    /// A node to insert is not a JSON object.
    NodeNotObject,
    /// A widget to insert is not a JSON object.
    WidgetNotObject,
    /// The parent is not a card, list or wrapper (or its `widgets` is not an array).
    NotAContainer,
    /// A list shows one item card only: it already has one.
    ListFull,
    /// A template's root cannot be moved, deleted or copied (the widget's can).
    TemplateRoot,
    /// A node cannot be moved into itself or into one of its own children.
    IntoItself,
    /// A property on the key path is there but is not an object (`"meta": "x"`).
    NotAnObject {
        /// The key path up to that property, dotted.
        key: String,
    },
    /// An empty key path.
    EmptyKey,
    /// The value or node would not be inside the data of the card it goes to.
    OutsideData {
        /// Why, in an admin's words.
        reason: String,
    },
    /// The sample data has no value at that path.
    NoSuchValue {
        /// The path.
        path: String,
    },
    /// The value is behind a key holding a dot or a bracket, which a path would read as steps
    /// (SPEC 2 has no escape): only a node whose whole path is that key, on a card showing the
    /// object that holds it, reads it back.
    KeyNotAStep {
        /// The key.
        key: String,
    },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NotWidgets => f.write_str("the widgets are not a list"),
            EditError::NoSuchWidget => f.write_str("that widget is not there any more"),
            EditError::NoSuchNode => f.write_str("that part of the widget is not there any more"),
            EditError::NodeNotObject => f.write_str("a part of a widget must be a JSON object"),
            EditError::WidgetNotObject => f.write_str("a widget must be a JSON object"),
            EditError::NotAContainer => {
                f.write_str("only a card, a list or a widget's panel can hold other parts")
            }
            EditError::ListFull => {
                f.write_str("a list shows one item card for every item: add to that card instead")
            }
            EditError::TemplateRoot => {
                f.write_str("the widget's top part cannot be moved, deleted or copied on its own")
            }
            EditError::IntoItself => f.write_str("a part cannot be moved into itself"),
            EditError::NotAnObject { key } => {
                write!(f, "\"{key}\" is not a set of properties, so nothing can be put in it")
            }
            EditError::EmptyKey => f.write_str("no property was named"),
            EditError::OutsideData { reason } => f.write_str(reason),
            EditError::NoSuchValue { path } => write!(f, "the sample data has no value at {path}"),
            EditError::KeyNotAStep { key } => write!(
                f,
                "the key \"{key}\" holds a dot or a bracket, which a path reads as a step, so the sidebar would not find this value from this card: drop it onto a card that shows the object holding it, or drop that object (its card reads the key as it is)"
            ),
        }
    }
}

impl std::error::Error for EditError {}
