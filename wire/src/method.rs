//! The HTTP methods a custom action, an integration or a proxy envelope may use.

/// A method a request may use; any other is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// `GET`, `post`, ... (case-insensitive, spaces around ignored); `None` for anything else,
    /// the empty text included (a template's empty method is read as GET by the sidebar's model,
    /// before it comes here).
    pub fn parse(s: &str) -> Option<Method> {
        let s = s.trim();
        [Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete]
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
    }

    /// The method's name, upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Only POST, PUT and PATCH send a body; GET and DELETE never do.
    pub fn sends_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }
}

impl core::fmt::Display for Method {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_read_case_insensitively_and_nothing_else_is() {
        assert_eq!(Method::parse(" post "), Some(Method::Post));
        assert_eq!(Method::parse("Delete"), Some(Method::Delete));
        for bad in ["", "HEAD", "OPTIONS", "TRACE", "CONNECT", "GETX", "G ET"] {
            assert_eq!(Method::parse(bad), None, "{bad}");
        }
        assert!(
            Method::Patch.sends_body() && !Method::Get.sends_body() && !Method::Delete.sends_body()
        );
    }
}
