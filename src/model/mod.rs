//! The inputs: JSON values and what the sidebar reads from them (widgets, templates,
//! integrations, custom actions, the context, the options). Lenient where Gorgias is, with every
//! refusal a message in its place. No Leptos and nothing of ours imported: everything tests on the
//! host.

pub mod action;
pub mod context;
pub mod integration;
pub mod json;
pub mod options;
pub mod problem;
pub mod template;
pub mod widget;

pub use context::Context;
pub use integration::Integration;
pub use json::Json;
pub use options::Theme;
pub use problem::Problem;
pub use template::{FieldType, Node, NodeKind};
pub use widget::{Page, Widget};
