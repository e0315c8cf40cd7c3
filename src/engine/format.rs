//! How a leaf's value is displayed, by its type.
