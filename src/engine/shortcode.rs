//! Title shortcodes (`:cart:`) that become icons.

/// A piece of a card title: plain text, or an icon named by its shortcode (without colons).
#[derive(Debug, Clone, PartialEq)]
pub enum TitlePart {
    Text(String),
    Icon(&'static str),
}

/// The shortcodes of SPEC 2 and their glyphs.
const ICONS: [(&str, &str); 9] = [
    ("cart", "🛒"),
    ("product", "📦"),
    ("refund", "💸"),
    ("shipment_status", "🚚"),
    ("shipping_address", "🏠"),
    ("shipping_cost", "🏷️"),
    ("information", "ℹ️"),
    ("contact", "👤"),
    ("campaign", "📣"),
];

/// Splits a title into text and icons: `":cart: Orders"` -> `[Icon("cart"), Text(" Orders")]`.
pub fn split_shortcodes(title: &str) -> Vec<TitlePart> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = title;
    while let Some((before, after)) = rest.split_once(':') {
        text.push_str(before);
        let icon = ICONS.iter().find_map(|&(name, _)| {
            after.strip_prefix(name)?.strip_prefix(':').map(|tail| (name, tail))
        });
        match icon {
            Some((name, tail)) => {
                if !text.is_empty() {
                    parts.push(TitlePart::Text(std::mem::take(&mut text)));
                }
                parts.push(TitlePart::Icon(name));
                rest = tail;
            }
            None => {
                text.push(':');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        parts.push(TitlePart::Text(text));
    }
    parts
}

/// The glyph shown for an icon name; `""` for an unknown name.
pub fn icon_glyph(name: &str) -> &'static str {
    ICONS.iter().find(|(n, _)| *n == name).map_or("", |(_, g)| g)
}

#[cfg(test)]
mod tests {
    use super::TitlePart::{Icon, Text};
    use super::*;

    fn t(s: &str) -> TitlePart {
        Text(s.to_string())
    }

    #[test]
    fn plain_title_is_one_text() {
        assert_eq!(split_shortcodes("Orders"), vec![t("Orders")]);
    }

    #[test]
    fn empty_title_has_no_parts() {
        assert_eq!(split_shortcodes(""), vec![]);
    }

    #[test]
    fn leading_shortcode_becomes_icon() {
        assert_eq!(split_shortcodes(":cart: Orders"), vec![Icon("cart"), t(" Orders")]);
    }

    #[test]
    fn every_known_shortcode_is_an_icon_with_a_glyph() {
        for name in [
            "cart",
            "product",
            "refund",
            "shipment_status",
            "shipping_address",
            "shipping_cost",
            "information",
            "contact",
            "campaign",
        ] {
            let title = format!(":{name}:");
            let parts = split_shortcodes(&title);
            assert_eq!(parts.len(), 1, "{name}");
            let Some(Icon(n)) = parts.first() else { panic!("{name} is not an icon") };
            assert_eq!(*n, name);
            assert!(!icon_glyph(n).is_empty(), "{name} has no glyph");
        }
    }

    #[test]
    fn glyphs_match_names() {
        assert_eq!(icon_glyph("cart"), "🛒");
        assert_eq!(icon_glyph("shipment_status"), "🚚");
        assert_eq!(icon_glyph("shipping_cost"), "🏷️");
        assert_eq!(icon_glyph("campaign"), "📣");
        assert_eq!(icon_glyph("unknown"), "");
        assert_eq!(icon_glyph(""), "");
    }

    #[test]
    fn shortcodes_in_the_middle_and_end() {
        assert_eq!(
            split_shortcodes("Order :product: x :refund:"),
            vec![t("Order "), Icon("product"), t(" x "), Icon("refund")]
        );
        assert_eq!(split_shortcodes(":cart::product:"), vec![Icon("cart"), Icon("product")]);
    }

    #[test]
    fn unknown_and_partial_shortcodes_stay_text() {
        assert_eq!(split_shortcodes("Time: 10:30 :unknown:"), vec![t("Time: 10:30 :unknown:")]);
        assert_eq!(split_shortcodes(":cart"), vec![t(":cart")]);
        assert_eq!(split_shortcodes("cart:"), vec![t("cart:")]);
        assert_eq!(split_shortcodes(":CART:"), vec![t(":CART:")]);
        assert_eq!(split_shortcodes(":shipping:"), vec![t(":shipping:")]);
    }

    #[test]
    fn extra_colons_around_a_shortcode_stay_text() {
        assert_eq!(split_shortcodes("::cart::"), vec![t(":"), Icon("cart"), t(":")]);
        assert_eq!(split_shortcodes("a::contact:b"), vec![t("a:"), Icon("contact"), t("b")]);
    }

    #[test]
    fn unicode_text_is_kept() {
        assert_eq!(
            split_shortcodes("Commandes 🛍️ :cart: été"),
            vec![t("Commandes 🛍️ "), Icon("cart"), t(" été")]
        );
    }
}
