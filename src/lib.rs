//! sidebar-widgets: an embeddable helpdesk sidebar that renders Gorgias-style widget templates
//! (nested cards, lists and typed fields over the JSON of HTTP integrations, custom action
//! buttons), in Rust and WebAssembly (Leptos for the component and the editor).
//!
//! Two ways in:
//! - the JavaScript API, `window.SidebarWidgets.mount(element, options)` ([`api`]), for any page;
//! - the Leptos component `Sidebar` (feature `leptos`, on by default), for Leptos apps (the same
//!   options, as reactive props).
//!
//! Inside, data flows one way: `model` (the inputs, read leniently) -> `engine` (every rule, as
//! plain functions tested on the host) -> `ui` (draws what the engine decided) -> `api`.

// On the host only the tests use the engine (the views and the API are WebAssembly): the compiler's
// dead-code check is the WebAssembly build's (`cargo clippy --target wasm32-unknown-unknown`).
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]

pub(crate) mod engine;
pub(crate) mod model;

pub use model::json::{Json, ParseError};

// The visual editor's operations on the widgets (feature `editor`): for Rust hosts, and what the
// editor's views dispatch.
#[cfg(any(test, feature = "editor"))]
pub use engine::edit;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(all(target_arch = "wasm32", feature = "leptos"))]
pub use ui::component::Sidebar;
/// The visual editor: `SidebarWidgets.edit` (feature `editor`, its own bundle).
#[cfg(all(target_arch = "wasm32", feature = "editor"))]
pub mod editor;
#[cfg(all(target_arch = "wasm32", feature = "editor"))]
pub use editor::component::SidebarEditor;
#[cfg(target_arch = "wasm32")]
pub(crate) mod net;
#[cfg(all(target_arch = "wasm32", feature = "playground"))]
pub(crate) mod playground;
#[cfg(target_arch = "wasm32")]
pub(crate) mod ui;
