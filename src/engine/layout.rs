//! Template + data -> what to show: sibling order, lists, empty rules.
