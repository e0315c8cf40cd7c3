//! The pure engine: every rule of the sidebar as plain functions over plain values.
//! No Leptos, no web-sys: all of it tests on the host with `cargo test`.

pub mod answer;
pub mod date;
// The editor's edit operations (feature `editor`).
#[cfg(any(test, feature = "editor"))]
pub mod edit;
pub mod format;
/// The playground's helpers (the demo build) and their tests.
#[cfg(any(test, feature = "playground", feature = "editor"))]
pub mod generate;
pub mod keyed;
pub mod layout;
#[cfg(any(test, feature = "playground", feature = "editor"))]
pub mod lint;
pub mod loading;
pub mod locale;
pub mod messages;
pub mod path;
pub mod render;
pub mod request;
pub mod safety;
pub mod shortcode;
pub mod sidebar;
pub mod vars;
