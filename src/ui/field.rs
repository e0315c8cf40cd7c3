//! A leaf: `Label: value` and its copy control, four elements at most.

use super::dom::El;
use crate::engine::render::Field;

pub fn field_view(f: Field) -> El {
    let v = f.value;
    let class = format!("sw-field__value {}", v.class);
    let value = match v.href {
        Some(href) => {
            El::with_class("a", &class).attr("href", href).attr("target", "_blank").attr("rel", "noopener noreferrer")
        }
        None => El::with_class("span", &class)
            .attr_opt("role", v.aria_label.is_some().then(|| "img".to_string()))
            .attr_opt("aria-label", v.aria_label),
    };
    El::with_class("div", "sw-field")
        .child(El::with_class("span", "sw-field__label").child(format!("{}: ", f.label)))
        .child(value.attr_opt("title", v.title).child(v.text))
        .child(
            El::with_class("button", "sw-field__copy")
                .attr("type", "button")
                .attr("data-sw", "copy")
                .attr_opt("data-copy", v.copy)
                .attr("aria-label", f.copy_label),
        )
}
