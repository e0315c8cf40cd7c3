//! A small map with string keys, in insertion order.

/// A small map with string keys, in insertion order: a sidebar has a handful of integrations,
/// widgets and open forms, and a scan is cheaper, in time and in bytes, than hashing. Keys and
/// values are kept apart, so that finding a key is the same code whatever the values are.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyed<V> {
    keys: Vec<String>,
    values: Vec<V>,
}

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed { keys: Vec::new(), values: Vec::new() }
    }
}

/// Where a key is.
fn position(keys: &[String], key: &str) -> Option<usize> {
    keys.iter().position(|k| k == key)
}

impl<V> Keyed<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.values.get(position(&self.keys, key)?)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.values.get_mut(position(&self.keys, key)?)
    }

    pub fn contains(&self, key: &str) -> bool {
        position(&self.keys, key).is_some()
    }

    pub fn insert(&mut self, key: String, value: V) {
        match position(&self.keys, &key).and_then(|i| self.values.get_mut(i)) {
            Some(slot) => *slot = value,
            None => {
                self.keys.push(key);
                self.values.push(value);
            }
        }
    }

    /// The value of `key`, inserted as the default when missing.
    pub fn entry(&mut self, key: &str) -> &mut V
    where
        V: Default,
    {
        let i = match position(&self.keys, key) {
            Some(i) => i,
            None => {
                self.keys.push(key.to_string());
                self.values.push(V::default());
                self.values.len() - 1
            }
        };
        // `i` is a position of `values`, found or just pushed.
        &mut self.values[i]
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        let i = position(&self.keys, key)?;
        self.keys.remove(i);
        Some(self.values.remove(i))
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.contains(key)
    }

    /// Keeps only the keys `keep` says yes to.
    pub fn retain_keys(&mut self, keep: impl Fn(&str) -> bool) {
        let mut i = 0;
        while i < self.keys.len() {
            if self.keys.get(i).is_some_and(|k| keep(k)) {
                i += 1;
            } else {
                self.keys.remove(i);
                self.values.remove(i);
            }
        }
    }
}

impl<V> FromIterator<(String, V)> for Keyed<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(items: I) -> Self {
        let mut out = Keyed::default();
        for (k, v) in items {
            out.insert(k, v);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_map() {
        let mut m: Keyed<u32> = [("a".to_string(), 1), ("b".to_string(), 2), ("a".to_string(), 3)]
            .into_iter()
            .collect();
        assert_eq!((m.get("a"), m.get("b"), m.get("c")), (Some(&3), Some(&2), None));
        *m.entry("c") += 5;
        assert_eq!(m.get("c"), Some(&5));
        assert_eq!(m.remove("a"), Some(3));
        m.retain_keys(|k| k != "b");
        assert_eq!((m.contains("b"), m.contains("c")), (false, true));
    }
}
