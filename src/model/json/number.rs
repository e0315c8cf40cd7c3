//! Numbers: reading decimals exactly, and printing them as JavaScript does.

/// Reads a decimal number (`-12`, `148.00`, `+3`, `.5`, `1e3`) as `f64`; `None` for anything else
/// (`inf`, `0x10`, text, an empty string). Correctly rounded. Most numbers take the exact fast
/// path (at most 15 significant digits, a power of ten up to 22); the rest are read by
/// JavaScript's own `parseFloat` in the browser and by Rust's parser on the host, so the bundle
/// does not carry a second float parser.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let negative = b.first() == Some(&b'-');
    let (mut mantissa, mut digits, mut scale, mut any) = (0u64, 0u32, 0i32, false);
    let mut fraction = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                any = true;
                if mantissa == 0 && c == b'0' {
                    // leading zeros carry no digit
                } else if digits < 19 {
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    digits += 1;
                } else if !fraction {
                    scale += 1; // a digit beyond what u64 holds: the slow path decides
                    digits += 1;
                }
                if fraction && (digits < 19 || mantissa == 0) {
                    scale -= 1;
                }
            }
            b'.' if !fraction => fraction = true,
            _ => break,
        }
        i += 1;
    }
    if !any {
        return None;
    }
    let mut exponent = 0i32;
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = match b.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let start = i;
        while let Some(c @ b'0'..=b'9') = b.get(i) {
            exponent = exponent.saturating_mul(10).saturating_add(i32::from(c - b'0'));
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent *= sign;
    }
    if i != b.len() {
        return None;
    }
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let power = exponent.saturating_add(scale);
    if digits <= 15 && (-22..=22).contains(&power) {
        let m = mantissa as f64;
        let p = POW10.get(power.unsigned_abs() as usize).copied().unwrap_or(1.0);
        let v = if power < 0 { m / p } else { m * p };
        return Some(if negative { -v } else { v });
    }
    slow_parse(s)
}

#[cfg(target_arch = "wasm32")]
fn slow_parse(s: &str) -> Option<f64> {
    Some(js_sys::parse_float(s))
}

#[cfg(not(target_arch = "wasm32"))]
fn slow_parse(s: &str) -> Option<f64> {
    s.parse().ok()
}

/// A number as JavaScript prints it (`String(n)`). In the browser it is JavaScript's own
/// formatting, exactly what Gorgias shows; on the host (tests) the same rules in Rust: integers
/// without a fraction, the shortest digits that read back, exponents from 1e21 and below 1e-6.
#[cfg(target_arch = "wasm32")]
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        return (n as i64).to_string();
    }
    js_sys::Number::from(n).to_string_with_radix(10).map(String::from).unwrap_or_default()
}

/// A number as JavaScript prints it (see the browser's version above).
#[cfg(not(target_arch = "wasm32"))]
pub fn number_text(n: f64) -> String {
    if n == 0.0 {
        return "0".into();
    }
    let abs = n.abs();
    if n.fract() == 0.0 && abs < 1e21 {
        if abs < 9.0e15 {
            return (n as i64).to_string();
        }
        return format!("{n:.0}");
    }
    if !(1e-6..1e21).contains(&abs) {
        let s = format!("{n:e}");
        return match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
            _ => s,
        };
    }
    n.to_string()
}
