//! Something in the inputs that is not shown as given, and where: one shape for a refused
//! template, a problem in the options and a playground warning.

use std::fmt;

/// What is wrong, and where: `widgets[2].template.widgets[0]`, `context`, `data.123`... (empty:
/// the whole input).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Where, from the root of what was read.
    pub place: String,
    /// What, in a sentence.
    pub message: String,
}

impl Problem {
    /// A problem at `place`.
    pub fn at(place: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem { place: place.into(), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.place, self.message)
        }
    }
}

impl std::error::Error for Problem {}
