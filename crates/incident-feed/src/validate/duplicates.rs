//! Duplicate object keys, found in one walk over the text before the feed
//! is read.
//!
//! JSON does not say which of two equal keys wins: serde_json's `Value`
//! keeps the last, a derived struct refuses a known field twice, a map keeps
//! the last, unknown fields are skipped, and other parsers keep the first.
//! So one file could mean one thing to the CLI that checked it, another to
//! the widget, and a third to a mirror or a reviewer's tool; and a signature
//! covers the bytes, not their meaning. A feed with a duplicate key is
//! therefore a feed error, everywhere.
//!
//! The walk keeps no values, only the keys of the objects it is in, with
//! escapes decoded (so that `"a"` and `"\u0061"` count as one key). Its depth is bounded by
//! serde_json's recursion limit (128): a deeper document fails the walk
//! cleanly and is broken JSON, in the CLI and the widget alike (the
//! widget's typed read alone would skip a deep unknown field without a
//! limit, and take a feed the CLI refuses).

use std::collections::BTreeMap;
use std::fmt::{self, Write};

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::{Problem, ProblemKind};

/// Duplicate keys reported before the rest are left unnamed: enough to fix
/// a file by hand, and a hostile file cannot make the list grow with it.
const MAX_DUPLICATE_KEY_PROBLEMS: usize = 200;

/// Every object key that occurs twice or more in its object, at the path of
/// the key (e.g. `$.faq[2].question`), once per key and object, where it
/// occurs the second time; or serde_json's error for text that is not JSON
/// (or nests deeper than its recursion limit), for the caller to report as
/// a syntax error in both builds alike.
pub(super) fn duplicate_keys(json: &str) -> Result<Vec<Problem>, serde_json::Error> {
    let mut walk = Walk { path: String::from("$"), problems: Vec::new() };
    let mut deserializer = serde_json::Deserializer::from_str(json);
    Value(&mut walk).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(walk.problems)
}

/// The walk's state: where it is, and what it found.
struct Walk {
    /// JSONPath of the value being walked; segments are pushed on the way
    /// down and cut off on the way up.
    path: String,
    problems: Vec<Problem>,
}

impl Walk {
    /// Appends `.key`, or `["key"]` for a key that is not a plain name, as
    /// the shape reader names paths.
    fn push_key(&mut self, key: &str) {
        if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            self.path.push('.');
            self.path.push_str(key);
        } else {
            self.path.push('[');
            self.path.push_str(&serde_json::to_string(key).unwrap_or_default());
            self.path.push(']');
        }
    }

    fn report(&mut self, key: &str) {
        if self.problems.len() >= MAX_DUPLICATE_KEY_PROBLEMS {
            return;
        }
        let depth = self.path.len();
        self.push_key(key);
        let message = format!("duplicate key {}: a key may occur only once in an object", serde_json::to_string(key).unwrap_or_default());
        self.problems.push(Problem { kind: ProblemKind::DuplicateKey, path: self.path.clone(), message, line_column: None });
        self.path.truncate(depth);
    }
}

/// Any JSON value: scalars are skipped, arrays and objects walked.
struct Value<'w>(&'w mut Walk);

impl<'de> DeserializeSeed<'de> for Value<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Value<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let depth = self.0.path.len();
        let mut index = 0usize;
        loop {
            let _ = write!(self.0.path, "[{index}]");
            let more = seq.next_element_seed(Value(&mut *self.0))?.is_some();
            self.0.path.truncate(depth);
            if !more {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let depth = self.0.path.len();
        // Key → "" when seen once, "reported" once named. The same map type
        // as a translated text's, so that the widget carries its code once;
        // and a lookup is log n however many keys a hostile object has.
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            if let Some(before) = seen.insert(key.clone(), String::new()) {
                if before.is_empty() {
                    self.0.report(&key);
                }
                seen.insert(key.clone(), "reported".to_owned());
            }
            self.0.push_key(&key);
            map.next_value_seed(Value(&mut *self.0))?;
            self.0.path.truncate(depth);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(json: &str) -> Vec<String> {
        duplicate_keys(json).unwrap().into_iter().map(|p| p.path).collect()
    }

    #[test]
    fn finds_keys_at_every_depth_with_their_paths() {
        assert_eq!(paths(r#"{"a": 1, "b": 2, "a": 3}"#), ["$.a"]);
        assert_eq!(paths(r#"{"faq": [{}, {}, {"question": "x", "id": "y", "question": "z"}]}"#), ["$.faq[2].question"]);
        assert_eq!(paths(r#"[[{"x": 1}], [{"x": 1, "x": 2}]]"#), ["$[1][0].x"]);
        // Escapes are decoded: these are the same key.
        assert_eq!(paths(r#"{"a": 1, "\u0061": 2}"#), ["$.a"]);
        // Keys that are not plain names are quoted, as the shape reader does.
        assert_eq!(paths(r#"{"de-CH": 1, "de-CH": 2, "": 3, "": 4}"#), ["$[\"de-CH\"]", "$[\"\"]"]);
        // Three times is one problem; equal keys in different objects are none.
        assert_eq!(paths(r#"{"a": {"k": 1}, "b": {"k": 1}, "c": [1, 1], "d": 0, "d": 0, "d": 0}"#), ["$.d"]);
    }

    #[test]
    fn names_the_key_and_is_a_feed_error() {
        let p = duplicate_keys(r#"{"x\"y": 1, "x\"y": 2}"#).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].kind, ProblemKind::DuplicateKey);
        assert_eq!(p[0].path, r#"$["x\"y"]"#);
        assert!(p[0].message.contains(r#""x\"y""#), "{}", p[0].message);
    }

    #[test]
    fn text_that_is_not_json_is_an_error() {
        for broken in ["", "{", r#"{"a": 1, "a": 2"#, r#"{"a": 1, "a": 2} trailing"#, "[1,]"] {
            assert!(duplicate_keys(broken).unwrap_err().is_syntax() || duplicate_keys(broken).unwrap_err().is_eof(), "{broken:?}");
        }
    }

    #[test]
    fn a_deep_document_fails_cleanly_instead_of_overflowing_the_stack() {
        let within = format!("{}{}", "[".repeat(127), "]".repeat(127));
        assert_eq!(duplicate_keys(&within).unwrap(), []);
        for depth in [129, 10_000, 1_000_000] {
            let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let deep_objects = format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
            for text in [deep, deep_objects] {
                let error = duplicate_keys(&text).unwrap_err();
                assert!(error.to_string().starts_with("recursion limit exceeded"), "{depth}: {error}");
            }
        }
        // Within the limit, a duplicate deep down is found.
        let nested = format!(r#"{}{{"k": 1, "k": 2}}{}"#, "[".repeat(100), "]".repeat(100));
        assert_eq!(paths(&nested), [format!("${}.k", "[0]".repeat(100))]);
    }

    #[test]
    fn the_list_is_bounded() {
        let many: Vec<String> = (0..1000).map(|i| format!(r#"{{"k{i}": 1, "k{i}": 2}}"#)).collect();
        let p = duplicate_keys(&format!("[{}]", many.join(","))).unwrap();
        assert_eq!(p.len(), MAX_DUPLICATE_KEY_PROBLEMS);
        assert_eq!(p[0].path, "$[0].k0");
    }
}
