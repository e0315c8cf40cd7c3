//! Building the HTTP requests of custom actions (SPEC 3) and integrations (SPEC 5): pure functions,
//! the browser side only sends what they return.
//!
//! Both kinds are first decided as an [`Outgoing`] request (target, query parameters, headers and
//! body as plain values, with the non-editable values it carries kept apart as [`Secrets`]), then
//! addressed: straight to the target ([`Outgoing::direct`]), or wrapped in the envelope the host's
//! proxy takes ([`Outgoing::through_proxy`]).

mod action;
mod address;
mod error;
#[cfg(test)]
mod fixtures;
mod integration;
#[cfg(test)]
mod placeholder_tests;
mod secrets;

pub use action::{action_request, missing_mandatory, resolve_action, ResolvedAction};
pub use address::{Body, HttpRequest, Outgoing, Proxy};
pub use error::{public_address, RequestError};
pub use integration::integration_request;
pub use secrets::Secrets;

use crate::engine::safety::{has_dot_segment, safe_http_url};
use crate::model::action::FieldGroup;

pub const JSON_TYPE: &str = "application/json";
pub const FORM_TYPE: &str = "application/x-www-form-urlencoded";

/// A URL to request: absolute `http(s)`, as the browser reads it, with no dot segment to move it.
fn checked_url(url: &str) -> Result<String, RequestError> {
    let checked =
        safe_http_url(url).ok_or_else(|| RequestError::RefusedUrl(public_address(url)))?;
    if has_dot_segment(&checked) {
        return Err(RequestError::DotSegment);
    }
    Ok(checked)
}

/// Where a resolved string is, for [`RequestError::UndeclaredSecret`]: `the header "X-Key"`.
fn place(group: FieldGroup, key: &str) -> String {
    let what = match group {
        FieldGroup::Params => "the parameter",
        FieldGroup::Headers => "the header",
        FieldGroup::Form => "the form field",
    };
    format!("{what} \"{}\"", key.trim())
}

/// `fetch` throws on a header name that is not a token or a value with line breaks or characters
/// beyond U+00FF: say so instead.
fn check_header(key: &str, value: &str) -> Result<(), RequestError> {
    let token = key.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    let value_ok = value.chars().all(|c| c <= '\u{ff}' && c != '\r' && c != '\n' && c != '\0');
    if token && value_ok {
        Ok(())
    } else {
        let what = if token { "value" } else { "name" };
        Err(RequestError::InvalidAction(format!(
            "header \"{key}\" has a {what} HTTP headers cannot carry"
        )))
    }
}
