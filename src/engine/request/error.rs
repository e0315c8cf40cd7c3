//! Why a request is not sent ([`RequestError`]), and what may be shown of its address.

use crate::model::action::FieldRef;

/// Why a request is not sent.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestError {
    /// Mandatory items are empty: which, and the label of the first.
    MissingMandatory {
        fields: Vec<FieldRef>,
        label: String,
    },
    /// The URL (as resolved) is not an absolute `http:`/`https:` URL: what may be shown of it.
    RefusedUrl(String),
    /// A variable in the URL's path is `.` or `..`, which would move the request elsewhere.
    DotSegment,
    /// Non-editable values would go to an origin a variable chose (SPEC 7).
    VariableOrigin,
    /// A `{{secret.NAME}}` placeholder, and no proxy to fill it in.
    SecretWithoutProxy,
    /// A `{{secret.NAME}}` placeholder in the URL itself.
    SecretInUrl,
    /// Text shaped like a `{{secret.NAME}}` placeholder where the template did not write one: it
    /// came from the data, the context or the agent's input (SPEC 7), in the item or body string
    /// named here. Only the template's own text may ask the proxy for a secret.
    UndeclaredSecret(String),
    InvalidAction(String),
}

/// The address without its credentials, query or fragment: what may be shown of a URL (the
/// `sidebar-widgets:action` event, refusals).
pub fn public_address(url: &str) -> String {
    let url = url.trim();
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let base = url.get(..end).unwrap_or_default();
    let Some((scheme, rest)) = base.split_once("://") else { return base.to_string() };
    let authority_end = rest.find(['/', '\\']).unwrap_or(rest.len());
    let (authority, path) = (
        rest.get(..authority_end).unwrap_or_default(),
        rest.get(authority_end..).unwrap_or_default(),
    );
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    format!("{scheme}://{host}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_address_drops_credentials_query_and_fragment() {
        assert_eq!(
            public_address("https://user:pw@api.example:8443/v1/x?api_key=k#frag"),
            "https://api.example:8443/v1/x"
        );
        assert_eq!(public_address(" https://api.example "), "https://api.example");
        assert_eq!(public_address("https://a@b@api.example/p@q"), "https://api.example/p@q");
        assert_eq!(public_address("javascript:alert(1)?x"), "javascript:alert(1)");
        assert!(!RequestError::RefusedUrl(public_address("ftp://u:secret@x.y/?k=secret"))
            .describe(&Default::default())
            .contains("secret"));
    }
}
