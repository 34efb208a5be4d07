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
//!    on what fits, with paths at their positions in the file.
//!
//! Strict when writing, tolerant when reading: [`parse_feed`] refuses a feed
//! with any problem (the CLI and every authoring command); [`read_tolerant`]
//! (the widget) refuses only a feed that cannot be trusted or understood as
//! a whole, and neutralises each broken item, saying which by its path.

//!
//! The phases live in submodules: `shape` (phases 1 and 2), `rules`
//! (phase 3) and `limits` (the `MAX_*` limits and the size, count and length
//! checks); everything public is re-exported here.

use std::collections::HashMap;
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

/// Reads and checks a feed strictly: the writer's rule. Any problem, in the
/// feed as a whole or in one item, is an error, and every problem is
/// reported (with the `paths` feature, also every misfit element by its
/// path, alongside the problems of the rest).
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
    refuse_duplicate_keys(json)?;
    #[cfg(feature = "paths")]
    let (feed, mut problems, set_aside) = shape::read_feed_reporting(json).map_err(Problems)?;
    #[cfg(not(feature = "paths"))]
    let (feed, mut problems, set_aside) = (shape::read_feed_once(json).map_err(Problems)?, Vec::new(), Default::default());
    problems.extend(rules::check_and_repair(&mut feed.clone(), set_aside));
    if problems.is_empty() {
        Ok(feed)
    } else {
        Err(Problems(problems))
    }
}

/// Reads a feed tolerantly: the reader's rule. Only a problem of the feed as
/// a whole is an error — too large, not JSON, an unsupported `version`, a
/// top-level shape that is wrong, or an `updated_at` that cannot be read
/// (without it no client can tell a newer feed from an older one). An item
/// or field that breaks a rule is neutralised and the rest is kept:
///
/// - a list element that does not fit its type is left out;
/// - a text over its limit is cut there, ending in "…";
/// - an unsafe web link is taken away (the text stays);
/// - an id that is not a slug or is taken becomes `~N`: no deep link;
/// - a list over its count limit keeps its first entries (an incident's
///   updates: the newest), and [`Reading::omitted`] says how many are left out;
/// - a state this version does not know reads as `Unknown`, a date that
///   cannot be read, a phone number that cannot be dialled and an invalid
///   email address stay as they are: the widget shows them without a link or
///   as "unknown".
///
/// Every neutralised item is in the feed's [`Reading::neutralised`], with
/// its path and the message `validate` gives for it.
///
/// ```
/// let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/all-clear.json")).unwrap();
/// let broken = json.replacen("\"faq\": [", "\"faq\": [{\"id\": 1},", 1);
/// let feed = incident_feed::validate::read_tolerant(&broken).unwrap();
/// assert_eq!(feed.reading.neutralised[0].path, "$.faq[0]");
/// assert!(incident_feed::validate::parse_feed(&broken).is_err());
/// ```
pub fn read_tolerant(json: &str) -> Result<Feed, Problems> {
    limits::check_size(json).map_err(|p| Problems(vec![p]))?;
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    refuse_duplicate_keys(json)?;
    let (read, left_out) = crate::lenient::read_leniently(|| shape::read_feed_once(json));
    let mut feed = read.map_err(Problems)?;
    if feed.updated_at.parse().is_none() {
        let message =
            format!("{:?} is not an RFC 3339 timestamp with offset; without it no newer feed can be told from an older one", feed.updated_at.as_str());
        return Err(Problems(vec![Problem { kind: ProblemKind::Invalid, path: "$.updated_at".into(), message, line_column: None }]));
    }
    let mut set_aside: HashMap<String, Vec<usize>> = HashMap::new();
    let mut neutralised = Vec::new();
    for l in left_out {
        let path = match l.index {
            Some(index) => format!("{}[{index}]", l.list),
            None => l.list.clone(),
        };
        neutralised.push(Problem { kind: ProblemKind::Shape, path, message: format!("left out: {}", l.message), line_column: None });
        // A list element set aside shifts the positions of the ones after it.
        if let Some(index) = l.index {
            let gone = set_aside.entry(l.list).or_default();
            let at = gone.partition_point(|i| *i < index);
            gone.insert(at, index);
        }
    }
    neutralised.extend(rules::check_and_repair(&mut feed, set_aside));
    feed.reading.neutralised = neutralised.into_iter().map(|p| Neutralised { path: p.path, message: p.message }).collect();
    Ok(feed)
}

/// Duplicate keys are a feed error for the writer and the reader alike: two
/// parsers could read different values, and a signature covers bytes, not
/// meaning. Checked before the typed read, which would silently take one of
/// the values; the walk reads the whole text, so its syntax error is the one
/// to tell.
fn refuse_duplicate_keys(json: &str) -> Result<(), Problems> {
    let duplicates = duplicates::duplicate_keys(json).map_err(|e| Problems(vec![shape::syntax_problem(&e)]))?;
    if duplicates.is_empty() {
        Ok(())
    } else {
        Err(Problems(duplicates))
    }
}

/// Neutralises what breaks the rules in a feed built otherwise (the
/// Statuspage import), as [`read_tolerant`] does, and notes it in
/// `feed.reading`.
pub fn neutralise(feed: &mut Feed) {
    let found = rules::check_and_repair(feed, HashMap::new());
    feed.reading.neutralised.extend(found.into_iter().map(|p| Neutralised { path: p.path, message: p.message }));
}

#[cfg(test)]
mod tests;
