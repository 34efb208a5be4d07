//! The tolerant reader's lists: while [`read_leniently`] runs, an element of
//! a feed's lists (incidents, updates, services, advice, FAQ entries,
//! keywords, contacts, channels) that does not fit its type is left out and
//! noted with its JSON path, and the rest of the list is read. Outside it —
//! `validate`, the CLI, every authoring command — the lists read strictly,
//! exactly as serde's own `Vec` does, so that a misfit is an error named by
//! its path (`serde_path_to_error` sees through these functions).
//!
//! Each element is first taken as raw JSON text (`serde_json::value::RawValue`,
//! no `serde_json::Value` tree: the widget's wasm carries no `Value` code),
//! then read into its type; a failure there cannot disturb the reading of the
//! surrounding text.
//!
//! The model's lists name thin wrappers of [`items`] in
//! `#[serde(deserialize_with = …)]`; this module knows no feed types.

use std::cell::RefCell;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

/// A list element the tolerant reader left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    /// The list's path in the file, e.g. `$.incidents[2].updates`.
    pub list: String,
    /// The element's position in the file's list; `None` for an optional
    /// field ([`optional_string`]), whose path is `list` itself.
    pub index: Option<usize>,
    /// Why it does not fit (serde's words, without positions).
    pub message: String,
}

/// The state of one tolerant reading: the path of the element being read
/// (in the file's own positions) and what was left out so far.
struct Reading {
    path: String,
    left_out: Vec<LeftOut>,
}

thread_local! {
    /// `Some` while [`read_leniently`] runs on this thread. A thread-local
    /// because serde gives `deserialize_with` functions no context of their own.
    static READING: RefCell<Option<Reading>> = const { RefCell::new(None) };
}

/// Runs `read` (a `serde_json::from_str` of a feed) with lenient lists and
/// returns its result with every element left out, in file order.
pub(crate) fn read_leniently<T>(read: impl FnOnce() -> T) -> (T, Vec<LeftOut>) {
    let outer = READING.with_borrow_mut(|r| r.replace(Reading { path: "$".into(), left_out: Vec::new() }));
    let result = read();
    let reading = READING.with_borrow_mut(|r| std::mem::replace(r, outer));
    (result, reading.map(|r| r.left_out).unwrap_or_default())
}

/// Reads the list `field` of the element being read: strictly outside a
/// tolerant reading, element by element inside one.
pub(crate) fn items<'de, D: Deserializer<'de>, T: DeserializeOwned>(deserializer: D, field: &str) -> Result<Vec<T>, D::Error> {
    let Some(list) = READING.with_borrow(|r| r.as_ref().map(|r| format!("{}.{field}", r.path))) else {
        return Vec::<T>::deserialize(deserializer);
    };
    let raw = Vec::<Box<RawValue>>::deserialize(deserializer)?;
    let mut kept = Vec::with_capacity(raw.len());
    for (index, element) in raw.iter().enumerate() {
        let parent = set_path(format!("{list}[{index}]"));
        let read = serde_json::from_str::<T>(element.get());
        set_path(parent);
        match read {
            Ok(value) => kept.push(value),
            Err(e) => leave_out(LeftOut { list: list.clone(), index: Some(index), message: describe(&e) }),
        }
    }
    Ok(kept)
}

/// Reads the optional string field `field` of the element being read:
/// strictly outside a tolerant reading; inside one, a value that is not a
/// string (a number for a timestamp) reads as absent and is noted by its
/// path, so that the element around it still shows. Strings only: the
/// string reading is in the wasm already (for `items`), a generic one
/// would add its own.
pub(crate) fn optional_string<'de, D: Deserializer<'de>>(deserializer: D, field: &str) -> Result<Option<String>, D::Error> {
    let Some(path) = READING.with_borrow(|r| r.as_ref().map(|r| format!("{}.{field}", r.path))) else {
        return Option::<String>::deserialize(deserializer);
    };
    let Some(raw) = Option::<Box<RawValue>>::deserialize(deserializer)? else { return Ok(None) };
    match serde_json::from_str::<String>(raw.get()) {
        Ok(value) => Ok(Some(value)),
        Err(e) => {
            leave_out(LeftOut { list: path, index: None, message: describe(&e) });
            Ok(None)
        }
    }
}

fn leave_out(l: LeftOut) {
    READING.with_borrow_mut(|r| {
        if let Some(r) = r {
            r.left_out.push(l)
        }
    });
}

/// Why an element does not fit, in serde's words without positions.
fn describe(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message).replace('`', "\"");
    message.replace("data did not match any variant of untagged enum Text", "expected a text: a string, or an object mapping language codes to strings")
}

/// Sets the path of the element being read; returns the one before.
fn set_path(path: String) -> String {
    READING.with_borrow_mut(|r| r.as_mut().map(|r| std::mem::replace(&mut r.path, path)).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FaqEntry;

    #[derive(Debug, serde::Deserialize)]
    struct Doc {
        #[serde(deserialize_with = "faq")]
        faq: Vec<FaqEntry>,
    }

    fn faq<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<FaqEntry>, D::Error> {
        items(d, "faq")
    }

    const TWO_GOOD_ONE_BAD: &str = r#"{"faq": [
        {"id": "a", "question": "Q?", "answer": "A.", "keywords": ["x", 7, "y"]},
        {"id": "b", "question": 42, "answer": "A."},
        {"id": "c", "question": "Q?", "answer": "A."}
    ]}"#;

    #[test]
    fn strict_outside_a_tolerant_reading() {
        let err = serde_json::from_str::<Doc>(TWO_GOOD_ONE_BAD).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }

    #[test]
    fn a_misfit_element_is_left_out_with_its_path_and_the_rest_is_read() {
        let (doc, left_out) = read_leniently(|| serde_json::from_str::<Doc>(TWO_GOOD_ONE_BAD));
        let doc = doc.unwrap();
        assert_eq!(doc.faq.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(doc.faq[0].keywords, ["x", "y"]);
        let at: Vec<(&str, Option<usize>)> = left_out.iter().map(|l| (l.list.as_str(), l.index)).collect();
        assert_eq!(at, [("$.faq[0].keywords", Some(1)), ("$.faq", Some(1))]);
        assert_eq!(left_out[0].message, "invalid type: integer \"7\", expected a string");
        assert!(left_out[1].message.starts_with("expected a text"), "{}", left_out[1].message);
        // The reading is over: strict again.
        assert!(serde_json::from_str::<Doc>(TWO_GOOD_ONE_BAD).is_err());
    }
}
