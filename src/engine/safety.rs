//! URL and colour allowlists (SPEC section 7).

/// A URL safe to render as a link: `http:`, `https:` or `mailto:`. Returns it trimmed.
pub fn safe_link_url(url: &str) -> Option<String> {
    allowed_scheme(url, &["http", "https", "mailto"])
}

/// A URL safe to request or load (actions, integrations, icons, url fields): `http:` or `https:`.
pub fn safe_http_url(url: &str) -> Option<String> {
    allowed_scheme(url, &["http", "https"])
}

/// Reads a URL as the browser will (SPEC 7): leading and trailing controls and spaces are
/// trimmed; a plain space left inside is percent-encoded (`%20`), as the browser reads it (Gorgias's
/// own fixtures hold such URLs); any other control or whitespace character left refuses it (the
/// browser would drop tabs and line breaks and read the rest as another address); the scheme must be a valid one (a letter, then letters,
/// digits, `+`, `-` or `.`) and in the allowlist. `http:` and `https:` must be followed by `//`
/// (or the backslashes a browser reads as such): `https:/../x` is relative on an https page.
fn allowed_scheme(url: &str, schemes: &[&str]) -> Option<String> {
    let url = url.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    if url.chars().any(|c| c != ' ' && (c.is_whitespace() || c.is_control())) {
        return None;
    }
    let url = url.replace(' ', "%20");
    let url = url.as_str();
    let (scheme, rest) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    if !schemes.contains(&scheme.as_str()) {
        return None;
    }
    if matches!(scheme.as_str(), "http" | "https") {
        let mut after = rest.chars();
        let slashes = after.next().is_some_and(|c| c == '/' || c == '\\')
            && after.next().is_some_and(|c| c == '/' || c == '\\');
        if !slashes {
            return None;
        }
    }
    Some(url.to_string())
}

/// Whether a URL's path holds a dot segment (`.` or `..`, in any case or percent-encoded form,
/// decoded once or more, `\` read as `/`, `;` parameters ignored) that the browser or the server
/// would resolve, moving the request elsewhere on the server (SPEC 7). The proxy applies the
/// same rule (`sidebar_widgets_wire::path`).
pub fn has_dot_segment(url: &str) -> bool {
    sidebar_widgets_wire::path::url_has_dot_segment(url)
}

/// CSS named colours, plus `transparent` and `currentcolor`.
const NAMED: &str =
    "aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond \
blue blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk \
crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta \
darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray \
darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick \
floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey \
honeydew hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon \
lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey lightpink \
lightsalmon lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow \
lime limegreen linen magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple \
mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue \
mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid \
palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue \
purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell \
sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal thistle \
tomato turquoise violet wheat white whitesmoke yellow yellowgreen transparent currentcolor";

/// A CSS colour (`#rgb`, `#rrggbb`, `rgb()`, `hsla()`, named...), trimmed; None for anything else.
pub fn safe_color(c: &str) -> Option<String> {
    let c = c.trim();
    let lower = c.to_ascii_lowercase();
    let ok = if let Some(hex) = lower.strip_prefix('#') {
        matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|ch| ch.is_ascii_hexdigit())
    } else if let Some((func, args)) = lower.split_once('(') {
        matches!(func, "rgb" | "rgba" | "hsl" | "hsla")
            && args.strip_suffix(')').is_some_and(color_args_ok)
    } else {
        NAMED.split(' ').any(|n| n == lower)
    };
    ok.then(|| c.to_string())
}

/// Inside `rgb(...)`: numbers, `% , / . - +`, spaces and the units `deg turn rad grad` or `none`.
fn color_args_ok(args: &str) -> bool {
    let symbols_ok = args.chars().all(|ch| ch.is_ascii_alphanumeric() || " .%,/-+".contains(ch));
    let words_ok = args
        .split(|ch: char| !ch.is_ascii_alphabetic())
        .all(|w| matches!(w, "" | "deg" | "turn" | "rad" | "grad" | "none"));
    symbols_ok && words_ok && args.chars().any(|ch| ch.is_ascii_digit() || ch == 'n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_allow_http_https_mailto() {
        assert_eq!(
            safe_link_url("https://shop.example/o/1"),
            Some("https://shop.example/o/1".into())
        );
        assert_eq!(safe_link_url("http://x.y"), Some("http://x.y".into()));
        assert_eq!(safe_link_url("mailto:ada@example.com"), Some("mailto:ada@example.com".into()));
        assert_eq!(safe_link_url("HTTPS://X.Y"), Some("HTTPS://X.Y".into()));
        assert_eq!(safe_link_url("MailTo:a@b.c"), Some("MailTo:a@b.c".into()));
    }

    #[test]
    fn links_are_returned_trimmed() {
        assert_eq!(safe_link_url("  https://x.y/a%20b \n"), Some("https://x.y/a%20b".into()));
    }

    #[test]
    fn dangerous_schemes_are_refused() {
        for u in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " JAVASCRIPT:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{0}javascript:alert(1)",
            "\u{1}\u{2}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "ftp://x.y",
        ] {
            assert_eq!(safe_link_url(u), None, "{u:?}");
            assert_eq!(safe_http_url(u), None, "{u:?}");
        }
    }

    #[test]
    fn relative_and_schemeless_urls_are_refused() {
        for u in [
            "/orders/1",
            "//evil.example",
            "orders?a=b:c",
            "./x",
            "#top",
            "",
            "   ",
            "ht tp://x",
            "https//x",
        ] {
            assert_eq!(safe_link_url(u), None, "{u:?}");
            assert_eq!(safe_http_url(u), None, "{u:?}");
        }
    }

    #[test]
    fn http_urls_refuse_mailto() {
        assert_eq!(safe_http_url("mailto:a@b.c"), None);
        assert_eq!(
            safe_http_url(" https://api.example/v1?q=1 "),
            Some("https://api.example/v1?q=1".into())
        );
        assert_eq!(safe_http_url("HTTP://api.example"), Some("HTTP://api.example".into()));
    }

    #[test]
    fn unicode_urls_do_not_panic() {
        assert_eq!(
            safe_link_url("https://café.example/été"),
            Some("https://café.example/été".into())
        );
        assert_eq!(safe_link_url("é:x"), None);
        assert_eq!(safe_link_url("💥"), None);
    }

    #[test]
    fn controls_left_inside_a_url_refuse_it() {
        // The browser drops the control and reads "https:/../../admin" as a path on the host page.
        for u in [
            "h\u{1}ttps:/../../admin/delete-everything",
            "ht\ttps://x.y",
            "https://x.y/a\nb",
            "https://x.y/a\r\nb",
            "https://x.y/a\tb",
            "https://x.y/\u{7f}a",
            "https://x.y/\u{85}a",
            "https://x.y/\u{a0}a",
        ] {
            assert_eq!(safe_link_url(u), None, "{u:?}");
            assert_eq!(safe_http_url(u), None, "{u:?}");
        }
    }

    #[test]
    fn a_plain_space_inside_is_read_as_the_browser_reads_it() {
        // Gorgias's own fixtures link such values; the browser sends the space as %20.
        assert_eq!(
            safe_link_url(" https://shop.example/orders/My Order 12?q=a b#x y "),
            Some("https://shop.example/orders/My%20Order%2012?q=a%20b#x%20y".into())
        );
        assert_eq!(safe_http_url("https://x.y/a  b"), Some("https://x.y/a%20%20b".into()));
        // ... never in the scheme, and never beside a tab or line break.
        assert_eq!(safe_link_url("java script:alert(1)"), None);
        assert_eq!(safe_link_url("https ://x.y"), None);
        assert_eq!(safe_link_url("https://x.y/a b\tc"), None);
    }

    #[test]
    fn http_without_slashes_is_relative_and_refused() {
        for u in ["https:/../../admin", "https:admin", "http:x.y", "https:", "http:/x.y"] {
            assert_eq!(safe_http_url(u), None, "{u:?}");
            assert_eq!(safe_link_url(u), None, "{u:?}");
        }
        assert_eq!(
            safe_http_url("https:\\\\x.y/a"),
            Some("https:\\\\x.y/a".into()),
            "backslashes are slashes"
        );
    }

    #[test]
    fn schemes_must_be_well_formed() {
        for u in ["1http://x.y", "+https://x.y", "ht_tp://x.y", "é://x"] {
            assert_eq!(safe_http_url(u), None, "{u:?}");
        }
    }

    #[test]
    fn dot_segments_in_paths_are_found_in_every_spelling() {
        for u in [
            "https://api.example/v1/customers/../orders",
            "https://api.example/v1/customers/./orders",
            "https://api.example/v1/customers/%2e%2e/orders",
            "https://api.example/v1/customers/%2E%2e/orders",
            "https://api.example/v1/customers/.%2E/orders",
            "https://api.example/v1/customers/%2e/orders",
            "https://api.example/v1/customers/..",
            "https://api.example/v1\\..\\notes",
            // twice decoded, an encoded slash, an encoded backslash, a `;` parameter: the proxy's
            // rule, which the sidebar now shares
            "https://api.example/v1/customers/%252e%252e/orders",
            "https://api.example/v1/customers/..%2F..%2Fadmin%2Fusers/notes",
            "https://api.example/v1/customers/%5c..%5cadmin/notes",
            "https://api.example/v1/customers/..;/admin",
        ] {
            assert!(has_dot_segment(u), "{u}");
        }
        for u in [
            "https://api.example/v1/customers/ada.lovelace/orders",
            "https://api.example/v1/customers/.../orders",
            "https://api.example/v1/x?path=../y",
            "https://api.example/v1/x#../y",
            "https://api.example",
            "https://a.b.example/x.json",
        ] {
            assert!(!has_dot_segment(u), "{u}");
        }
    }

    #[test]
    fn hex_colours() {
        for c in ["#fff", "#FFF", "#ffff", "#a1b2c3", "#A1B2C3D4"] {
            assert_eq!(safe_color(c), Some(c.to_string()), "{c}");
        }
        assert_eq!(safe_color("  #123456 "), Some("#123456".into()));
        for c in ["#", "#ff", "#fffff", "#ggg", "#1234567", "#123456789", "#fff;", "#é12"] {
            assert_eq!(safe_color(c), None, "{c}");
        }
    }

    #[test]
    fn functional_colours() {
        for c in [
            "rgb(255, 0, 0)",
            "rgba(255,0,0,0.5)",
            "rgb(255 0 0 / 50%)",
            "RGB(1,2,3)",
            "hsl(120deg 100% 50%)",
            "hsla(0.5turn, 100%, 50%, .3)",
            "hsl(-1.5rad 10% 10%)",
            "rgb(none 0 0)",
            "rgb(+1, 2, 3)",
        ] {
            assert_eq!(safe_color(c), Some(c.to_string()), "{c}");
        }
    }

    #[test]
    fn named_colours() {
        for c in
            ["red", "Red", "REBECCAPURPLE", "transparent", "currentColor", "lightgoldenrodyellow"]
        {
            assert_eq!(safe_color(c), Some(c.to_string()), "{c}");
        }
        assert_eq!(NAMED.split(' ').count(), 150);
    }

    #[test]
    fn css_injection_is_refused() {
        for c in [
            "red;background:url(x)",
            "red; color: blue",
            "expression(alert(1))",
            "var(--x)",
            "url(http://x)",
            "rgb(1,2,3);x:y",
            "rgb(1,2,3) red",
            "rgb(url(x))",
            "rgb(1,2,3",
            "rgb()",
            "rgb(\"1\")",
            "rgb(1\\,2,3)",
            "rgb(calc(1),2,3)",
            "rgb(1e3,2,3)",
            "calc(1)",
            "lab(50% 40 59)",
            "notacolour",
            "red red",
            "",
            "inherit",
            "💥",
        ] {
            assert_eq!(safe_color(c), None, "{c:?}");
        }
    }
}
