//! Reading and checking a feed, reporting every problem with its JSON path.
//!
//! A feed is written by hand under stress, so one error at a time is not
//! good enough: [`parse_feed`] reports all of them in one run. It works in
//! phases, each of which reports everything it finds:
//!
//! 1. size, duplicate object keys (a feed error: `duplicates`), JSON syntax
//!    (with line and column) and `version`;
//! 2. shape (types, required fields): an element that does not fit is set
//!    aside and the rest is read again, so every bad element is named;
//! 3. meaning (ids, timestamps, order, links, phone numbers, sizes) — run
//!    when the shape is right, because positions would not match otherwise.

//!
//! The phases live in submodules: `shape` (phases 1 and 2), `rules`
//! (phase 3) and `limits` (the `MAX_*` limits and the size, count and length
//! checks); everything public is re-exported here.

use std::fmt;

use crate::model::*;

mod checker;
mod duplicates;
mod limits;
mod rules;
mod shape;

pub use limits::{
    MAX_ADVICE, MAX_CHANNELS, MAX_CONTACTS, MAX_FAQ_ENTRIES, MAX_FEED_BYTES, MAX_ID_CHARS, MAX_INCIDENTS, MAX_KEYWORDS, MAX_KEYWORD_CHARS, MAX_LANGUAGES,
    MAX_LONG_TEXT_CHARS, MAX_MEDIUM_TEXT_CHARS, MAX_SERVICES, MAX_SHORT_TEXT_CHARS, MAX_UPDATES_PER_INCIDENT,
};
pub use rules::{check_feed, is_language_tag};
use shape::read_feed;

/// What kind of problem, so that a client can pick the right message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file is larger than [`MAX_FEED_BYTES`].
    TooLarge,
    /// Not JSON at all (or JSON followed by garbage).
    Syntax,
    /// A `version` this software does not understand.
    UnsupportedVersion,
    /// Wrong type or missing field.
    Shape,
    /// An object key that occurs twice in one object: parsers disagree on
    /// which value wins, so the feed has no one meaning (`duplicates`).
    DuplicateKey,
    /// Well-formed but wrong: duplicate ids, bad timestamps, unsafe links, …
    Invalid,
}

/// One problem in a feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    /// JSONPath of the offending value, e.g. `$.faq[3].id`.
    pub path: String,
    pub message: String,
    /// 1-based line and column, for syntax errors.
    pub line_column: Option<(usize, usize)>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)?;
        if let Some((line, column)) = self.line_column {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

/// Every problem found in one feed; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// The most telling kind: what a reader of the widget should be told.
    pub fn kind(&self) -> ProblemKind {
        self.0.first().map(|p| p.kind).unwrap_or(ProblemKind::Invalid)
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// Reads and checks a feed.
///
/// ```
/// let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/all-clear.json")).unwrap();
/// let feed = incident_feed::validate::parse_feed(&json).unwrap();
/// assert_eq!(feed.version, 1);
/// ```
pub fn parse_feed(json: &str) -> Result<Feed, Problems> {
    limits::check_size(json).map_err(|p| Problems(vec![p]))?;
    // A byte order mark is what some editors write; it is not an error worth failing a feed for.
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    // Before the typed read, which would silently take one of the values.
    // The walk reads the whole text, so its syntax error is the one to tell.
    let duplicates = duplicates::duplicate_keys(json).map_err(|e| Problems(vec![shape::syntax_problem(&e)]))?;
    if !duplicates.is_empty() {
        return Err(Problems(duplicates));
    }
    let feed = read_feed(json).map_err(Problems)?;
    let semantic = check_feed(&feed);
    if semantic.is_empty() {
        Ok(feed)
    } else {
        Err(Problems(semantic))
    }
}

#[cfg(test)]
mod tests;
