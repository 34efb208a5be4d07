//! Phases 1 and 2 of reading a feed: the `version`, then the shape (types,
//! required fields). With the `paths` feature every misfit element is named
//! by its JSON path: it is set aside and the rest is read again.

#[cfg(feature = "paths")]
use std::collections::HashMap;

#[cfg(feature = "paths")]
use serde_json::Value;

#[cfg(feature = "paths")]
use super::limits::MAX_SHAPE_PROBLEMS;
use super::{Problem, ProblemKind};
use crate::model::{Feed, SUPPORTED_VERSIONS};

/// Phases 1 and 2 with every problem named by its path (the CLI's build):
/// the text becomes a `serde_json::Value` first, so that misfit elements can
/// be set aside and the rest read again.
///
/// `Ok` holds the feed without its misfit list elements, the shape problems
/// found (empty when all fits) and the elements set aside, by list path, so
/// that phase 3 can run on the rest and name positions in the file: one run
/// reports every problem. `Err`: the feed as a whole does not fit.
#[cfg(feature = "paths")]
pub(super) fn read_feed_reporting(json: &str) -> Result<(Feed, Vec<Problem>, HashMap<String, Vec<usize>>), Vec<Problem>> {
    let value: Value = serde_json::from_str(json).map_err(|e| vec![syntax_problem(&e)])?;
    check_version(&value).map_err(|p| vec![p])?;
    read_shape(value)
}

/// Phases 1 and 2 in one pass, text straight to `Feed`, without paths: the
/// tolerant reader's in every build, and the strict one in the widget's
/// build, where every KB counts (no `serde_json::Value`, whose code is about
/// 28 KB of raw wasm, and half the parsing time). Only when that fails is
/// the text read again, to tell the problem in the order the CLI's reader
/// ([`read_feed_reporting`]) tells it: syntax first, then the version, then
/// the shape.
pub(super) fn read_feed_once(json: &str) -> Result<Feed, Vec<Problem>> {
    /// Only the version, every other field ignored.
    #[derive(serde::Deserialize)]
    struct VersionProbe {
        version: Option<u64>,
    }
    let shape_error = match serde_json::from_str::<Feed>(json) {
        Ok(feed) => {
            return match SUPPORTED_VERSIONS.contains(&feed.version) {
                true => Ok(feed),
                false => Err(vec![version_problem(Some(&feed.version.to_string()))]),
            }
        }
        Err(e) if e.is_syntax() || e.is_eof() => return Err(vec![syntax_problem(&e)]),
        Err(e) => e,
    };
    // A shape error can come before a syntax error further on (a truncated
    // body): check the whole text's syntax without building anything.
    serde_json::from_str::<serde::de::IgnoredAny>(json).map_err(|e| vec![syntax_problem(&e)])?;
    if !json.trim_start().starts_with('{') {
        return Err(vec![not_an_object()]);
    }
    match serde_json::from_str::<VersionProbe>(json) {
        Ok(VersionProbe { version: None }) => Err(vec![version_problem(None)]),
        Ok(VersionProbe { version: Some(v) }) if !SUPPORTED_VERSIONS.iter().any(|s| u64::from(*s) == v) => Err(vec![version_problem(Some(&v.to_string()))]),
        Err(_) => Err(vec![version_problem(Some("that is not a whole number"))]),
        Ok(_) => {
            let message = format!("{shape_error} (run `incident-feed validate` to see every problem with its path)");
            Err(vec![Problem { kind: ProblemKind::Shape, path: "$".into(), message, line_column: None }])
        }
    }
}

/// Not JSON at all, with serde's line and column.
pub(super) fn syntax_problem(e: &serde_json::Error) -> Problem {
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
    Problem { kind: ProblemKind::Syntax, path: "$".into(), message: format!("not valid JSON: {message}"), line_column: Some((e.line(), e.column())) }
}

fn not_an_object() -> Problem {
    Problem { kind: ProblemKind::Shape, path: "$".into(), message: "a feed must be a JSON object".into(), line_column: None }
}

/// `$.version` is missing (`None`) or not one this software understands.
fn version_problem(found: Option<&str>) -> Problem {
    let supported = SUPPORTED_VERSIONS.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    let message = match found {
        None => format!("missing; this software understands version {supported}"),
        Some(other) => format!("unsupported version {other}; this software understands version {supported}"),
    };
    Problem { kind: ProblemKind::UnsupportedVersion, path: "$.version".into(), message, line_column: None }
}

/// Phase 1: a JSON object with a `version` this software understands.
#[cfg(feature = "paths")]
fn check_version(value: &Value) -> Result<(), Problem> {
    let Some(object) = value.as_object() else { return Err(not_an_object()) };
    match object.get("version") {
        None => Err(version_problem(None)),
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| SUPPORTED_VERSIONS.iter().any(|s| u64::from(*s) == v)) => Ok(()),
        Some(other) => Err(version_problem(Some(&other.to_string()))),
    }
}

/// Reads the feed's shape, naming every misfit element by its path: an
/// element that does not fit is set aside and the rest is read again.
#[cfg(feature = "paths")]
fn read_shape(mut value: Value) -> Result<(Feed, Vec<Problem>, HashMap<String, Vec<usize>>), Vec<Problem>> {
    let mut problems = Vec::new();
    let mut set_aside = SetAside::default();
    loop {
        match serde_path_to_error::deserialize::<_, Feed>(&value) {
            Ok(feed) => return Ok((feed, problems, set_aside.removed)),
            Err(err) => {
                let segments = segments_of(err.path());
                let original = set_aside.original_segments(&segments);
                let (path, message) = describe_shape_error(&original, &err.inner().to_string());
                let removed = remove_deepest_element(&mut value, &segments);
                if removed {
                    set_aside.record(&original);
                }
                problems.push(Problem { kind: ProblemKind::Shape, path, message, line_column: None });
                if !removed || problems.len() >= MAX_SHAPE_PROBLEMS {
                    return Err(problems);
                }
            }
        }
    }
}

#[cfg(feature = "paths")]
#[derive(Clone, Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

#[cfg(feature = "paths")]
fn segments_of(path: &serde_path_to_error::Path) -> Vec<Segment> {
    path.iter()
        .filter_map(|s| match s {
            serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
            serde_path_to_error::Segment::Enum { variant } => Some(Segment::Key(variant.clone())),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect()
}

#[cfg(feature = "paths")]
fn json_path(segments: &[Segment]) -> String {
    let mut path = String::from("$");
    for s in segments {
        match s {
            Segment::Key(k) if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                path.push('.');
                path.push_str(k);
            }
            Segment::Key(k) => path.push_str(&format!("[{}]", Value::String(k.clone()))),
            Segment::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    path
}

/// Turns serde's wording into a path and a message a communications team can act on.
#[cfg(feature = "paths")]
fn describe_shape_error(segments: &[Segment], serde_message: &str) -> (String, String) {
    let message = serde_message.split(" at line ").next().unwrap_or(serde_message);
    if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`')) {
        let mut with_field = segments.to_vec();
        with_field.push(Segment::Key(field.to_owned()));
        return (json_path(&with_field), "required field is missing".into());
    }
    let message = if message.contains("untagged enum Text") {
        "expected a text: a string, or an object mapping language codes to strings".to_owned()
    } else {
        message.replace('`', "\"")
    };
    (json_path(segments), message)
}

/// Array elements already set aside, so that later problems are reported at
/// their positions in the original file rather than in the shortened copy.
#[cfg(feature = "paths")]
#[derive(Default)]
struct SetAside {
    /// Original-coordinates path of an array → original indices removed from it, sorted.
    removed: HashMap<String, Vec<usize>>,
}

#[cfg(feature = "paths")]
impl SetAside {
    fn original_segments(&self, current: &[Segment]) -> Vec<Segment> {
        let mut original = Vec::with_capacity(current.len());
        for s in current {
            match s {
                Segment::Index(i) => {
                    let mut index = *i;
                    if let Some(gone) = self.removed.get(&json_path(&original)) {
                        for r in gone {
                            if *r <= index {
                                index += 1;
                            }
                        }
                    }
                    original.push(Segment::Index(index));
                }
                key => original.push(key.clone()),
            }
        }
        original
    }

    fn record(&mut self, original: &[Segment]) {
        if let Some(cut) = original.iter().rposition(|s| matches!(s, Segment::Index(_))) {
            if let Segment::Index(i) = original[cut] {
                let list = self.removed.entry(json_path(&original[..cut])).or_default();
                let at = list.partition_point(|r| *r < i);
                list.insert(at, i);
            }
        }
    }
}

/// Sets aside the innermost array element (or, outside arrays, the field) that
/// failed, so that the next pass can find the next problem. Returns false when
/// nothing could be removed (the problem is at the top of the feed).
#[cfg(feature = "paths")]
fn remove_deepest_element(value: &mut Value, segments: &[Segment]) -> bool {
    let cut = segments.iter().rposition(|s| matches!(s, Segment::Index(_)));
    let (parent, last) = match cut {
        Some(i) => (&segments[..i], &segments[i]),
        None if segments.len() >= 2 => (&segments[..segments.len() - 1], &segments[segments.len() - 1]),
        None => return false,
    };
    let mut node = value;
    for s in parent {
        node = match (s, node) {
            (Segment::Key(k), Value::Object(map)) => match map.get_mut(k) {
                Some(v) => v,
                None => return false,
            },
            (Segment::Index(i), Value::Array(items)) => match items.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, node) {
        (Segment::Index(i), Value::Array(items)) if *i < items.len() => {
            items.remove(*i);
            true
        }
        (Segment::Key(k), Value::Object(map)) => map.remove(k).is_some(),
        _ => false,
    }
}
