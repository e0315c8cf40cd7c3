//! The inputs, as serde/JSON types. No Leptos here: everything tests on the host.

pub mod action;
pub mod context;
pub mod integration;
pub mod options;
pub mod template;
pub mod widget;

pub use context::Context;
pub use integration::Integration;
pub use options::{Options, Theme};
pub use template::{FieldType, Meta, Node, NodeKind, TemplateError};
pub use widget::{View, Widget};
