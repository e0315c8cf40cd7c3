//! The rules the sidebar and its proxy must read alike, written once so that they cannot drift:
//!
//! - [`placeholder`]: what a `{{secret.NAME}}` placeholder is, and the check that every one in a
//!   value was written by the template (never by data that was substituted into it);
//! - [`path`]: the URL path rule (no `.`/`..` segment in any encoding);
//! - [`method`]: the HTTP methods a request may use, and which of them send a body.
//!
//! Plain Rust with no dependencies: it is compiled into the viewer bundle and into the proxy.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod method;
pub mod path;
pub mod placeholder;

pub use method::Method;
