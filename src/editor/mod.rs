//! The visual editor (feature `editor`, its own bundle `sidebar-widgets-editor.js`): the sidebar's
//! edit mode. It draws the widgets as the sidebar shows them, each part selectable with a form,
//! the integrations' sample data as a tree to drag values from, and dispatches every change to
//! the edit engine (`engine::edit`), which decides what a change does. Like `ui`, whose element
//! tree (`ui::dom`) it reuses, it only draws and dispatches.

pub mod api;
pub mod canvas;
pub mod component;
pub mod custom;
pub mod dispatch;
pub mod draft;
pub mod events;
pub mod export;
pub mod form;
pub mod integration;
pub mod keeping;
pub mod keyboard;
pub mod keys;
pub mod preview;
pub mod rows;
pub mod schema;
pub mod state;
pub mod tree;
pub mod view;
