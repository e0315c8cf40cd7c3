//! Selecting data by a template `path`, and looking up `{{variable}}` paths.
use crate::model::Json;

/// SPEC 2 "Paths": the data a child node gets from its parent's data.
pub fn select_path<'a>(data: &'a Json, path: &str) -> Option<&'a Json> {
    let Json::Object(map) = data else { return Some(data) };
    if path.trim().is_empty() {
        return Some(data);
    }
    if let Some(v) = map.get(path) {
        return Some(v);
    }
    if path.contains(['.', '[']) {
        return lookup(data, path);
    }
    None
}

/// A dotted path with `[n]` and `[-n]` indexes, as variables use it: `a.b[0].c`, `items[-1]`.
/// Numeric segments index arrays too (`items.0.id`). An empty path is the data itself.
pub fn lookup<'a>(data: &'a Json, path: &str) -> Option<&'a Json> {
    let path = path.trim();
    if path.is_empty() {
        return Some(data);
    }
    let mut cur = data;
    for seg in path.split('.') {
        let (name, mut rest) = seg.split_once('[').map_or((seg, None), |(n, r)| (n, Some(r)));
        let name = name.trim();
        if !name.is_empty() {
            cur = step(cur, name)?;
        } else if rest.is_none() {
            return None; // `a..b` or a trailing dot
        }
        // `rest` is what follows a `[`: `0]`, `0][1]`, `-1] `
        while let Some(r) = rest {
            let (index, after) = r.split_once(']')?;
            cur = step(cur, index.trim().trim_matches(['"', '\'']))?;
            let after = after.trim();
            rest = match after.strip_prefix('[') {
                Some(more) => Some(more),
                None if after.is_empty() => None,
                None => return None,
            };
        }
    }
    Some(cur)
}

/// One step down: a key of an object, or an index (negative from the end) of an array.
fn step<'a>(v: &'a Json, key: &str) -> Option<&'a Json> {
    match v {
        Json::Object(map) => map.get(key),
        Json::Array(items) => {
            let n: i64 = key.parse().ok()?;
            let i = if n < 0 { i64::try_from(items.len()).ok()? + n } else { n };
            items.get(usize::try_from(i).ok()?)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j as json;

    fn data() -> Json {
        json!({
            "name": "Ada",
            "loyalty": {"points_balance": 120, "tier": null},
            "orders": [
                {"id": 1, "lines": [{"sku": "A"}, {"sku": "B"}]},
                {"id": 2, "lines": []},
                {"id": 3, "lines": [{"sku": "C"}]}
            ],
            "matrix": [[1, 2], [3, 4]],
            "a.b": "exact key with a dot",
            "a": {"b": "nested"},
            "0": "zero key",
            "prénom": "Zoë"
        })
    }

    #[test]
    fn select_empty_or_blank_path_gives_the_data_itself() {
        let d = data();
        assert_eq!(select_path(&d, ""), Some(&d));
        assert_eq!(select_path(&d, "   "), Some(&d));
    }

    #[test]
    fn select_a_key() {
        let d = data();
        assert_eq!(select_path(&d, "name"), Some(&json!("Ada")));
        assert_eq!(select_path(&d, "prénom"), Some(&json!("Zoë")));
        assert_eq!(select_path(&d, "missing"), None);
    }

    #[test]
    fn select_exact_key_wins_over_dotted_path() {
        let d = data();
        assert_eq!(select_path(&d, "a.b"), Some(&json!("exact key with a dot")));
    }

    #[test]
    fn select_follows_dotted_paths_and_indexes_when_no_exact_key() {
        let d = data();
        assert_eq!(select_path(&d, "loyalty.points_balance"), Some(&json!(120)));
        assert_eq!(select_path(&d, "orders[0].id"), Some(&json!(1)));
        assert_eq!(select_path(&d, "orders[-1].lines"), Some(&json!([{"sku": "C"}])));
        assert_eq!(select_path(&d, "loyalty.nope"), None);
    }

    #[test]
    fn select_on_non_object_data_passes_it_through() {
        let arr = json!([1, 2]);
        assert_eq!(select_path(&arr, "anything"), Some(&arr));
        let s = json!("text");
        assert_eq!(select_path(&s, "x.y"), Some(&s));
        assert_eq!(select_path(&Json::Null, "x"), Some(&Json::Null));
    }

    #[test]
    fn lookup_dotted_and_indexed() {
        let d = data();
        assert_eq!(lookup(&d, "orders[0].lines[1].sku"), Some(&json!("B")));
        assert_eq!(lookup(&d, "orders[-1].id"), Some(&json!(3)));
        assert_eq!(lookup(&d, "orders[-3].id"), Some(&json!(1)));
        assert_eq!(lookup(&d, "matrix[1][0]"), Some(&json!(3)));
        assert_eq!(lookup(&d, "matrix[-1][-1]"), Some(&json!(4)));
    }

    #[test]
    fn lookup_numeric_segments_index_arrays() {
        let d = data();
        assert_eq!(lookup(&d, "orders.1.id"), Some(&json!(2)));
        assert_eq!(lookup(&d, "orders.0.lines.0.sku"), Some(&json!("A")));
        // on an object a numeric segment is a key
        assert_eq!(lookup(&d, "0"), Some(&json!("zero key")));
    }

    #[test]
    fn lookup_out_of_range_and_bad_indexes_are_none() {
        let d = data();
        assert_eq!(lookup(&d, "orders[3]"), None);
        assert_eq!(lookup(&d, "orders[-4]"), None);
        assert_eq!(lookup(&d, "orders[x]"), None);
        assert_eq!(lookup(&d, "orders[0"), None);
        assert_eq!(lookup(&d, "orders[0]x"), None);
        assert_eq!(lookup(&d, "orders[99999999999999999999]"), None);
        assert_eq!(lookup(&d, "orders[-9223372036854775808]"), None);
        assert_eq!(lookup(&d, "a..b"), None);
        assert_eq!(lookup(&d, "a."), None);
        assert_eq!(lookup(&d, "]"), None);
    }

    #[test]
    fn lookup_stops_at_null_and_primitives() {
        let d = data();
        assert_eq!(lookup(&d, "loyalty.tier"), Some(&Json::Null));
        assert_eq!(lookup(&d, "loyalty.tier.x"), None);
        assert_eq!(lookup(&d, "name.length"), None);
        assert_eq!(lookup(&d, "name[0]"), None);
        assert_eq!(lookup(&json!(5), "a"), None);
    }

    #[test]
    fn lookup_tolerates_spaces_and_empty_path() {
        let d = data();
        assert_eq!(lookup(&d, " orders [ 0 ] . id "), Some(&json!(1)));
        assert_eq!(lookup(&d, "  loyalty . points_balance"), Some(&json!(120)));
        assert_eq!(lookup(&d, ""), Some(&d));
        assert_eq!(lookup(&d, "  "), Some(&d));
    }

    #[test]
    fn lookup_leading_index_and_quoted_keys() {
        let arr = json!([{"id": "first"}, {"id": "last"}]);
        assert_eq!(lookup(&arr, "[-1].id"), Some(&json!("last")));
        assert_eq!(lookup(&arr, "[0]"), Some(&json!({"id": "first"})));
        let d = data();
        assert_eq!(lookup(&d, "loyalty[\"points_balance\"]"), Some(&json!(120)));
    }

    #[test]
    fn lookup_never_panics_on_odd_input() {
        let d = data();
        for p in [
            "[",
            "[]",
            "[[",
            "]]",
            ".",
            "..",
            "é[é]",
            "orders[-]",
            "orders[ ]",
            "[0][",
            "💥.💥[💥]",
        ] {
            let _ = lookup(&d, p);
            let _ = select_path(&d, p);
        }
    }
}
