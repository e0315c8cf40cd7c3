//! Title shortcodes (`:cart:`) that become icons.
