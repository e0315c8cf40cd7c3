//! A list: its items, and the "N more" control.

use super::dom::El;
use super::widget::{blocks_view, Ids};
use crate::engine::render::List;

pub fn list_view(l: List, ids: &Ids) -> El {
    let more = (l.remaining > 0).then(|| {
        El::with_class("button", "sw-list__more")
            .attr("type", "button")
            .attr("data-sw", "more")
            .attr("data-list", l.key.as_str())
            .attr("data-n", l.next_shown.to_string())
            .child(l.more_label)
    });
    El::with_class("div", "sw-list").children(blocks_view(l.items, ids)).child_opt(more)
}
