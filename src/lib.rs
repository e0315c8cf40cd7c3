//! sidebar-widgets: an embeddable helpdesk sidebar that renders Gorgias-style widget templates.
//!
//! `model` and `engine` are plain Rust and test on the host; `ui` and the JavaScript API (`api`)
//! are compiled for WebAssembly only.

pub mod engine;
pub mod model;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod net;
#[cfg(all(target_arch = "wasm32", feature = "playground"))]
pub mod playground;
#[cfg(target_arch = "wasm32")]
pub mod ui;
