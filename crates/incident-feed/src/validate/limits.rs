//! The limits of a feed: its size in bytes, how many entries each list may
//! have and how long each text may be, and the checks that hold a feed to
//! them. A feed is untrusted input; the limits keep parsing, rendering and
//! searching it fast on any device.

use super::checker::Checker;
use super::{Problem, ProblemKind};

/// Largest feed accepted, in bytes (8 MiB): 5,000 FAQ entries in two
/// languages plus 1,000 updates fit (the large-feed benchmark is 5–6 MiB),
/// and a runaway file is refused before it is parsed.
pub const MAX_FEED_BYTES: usize = 8 * 1024 * 1024;
pub use crate::model::MAX_ID_CHARS;
/// Headlines, titles, names, labels, questions, hours, keywords' owners.
pub const MAX_SHORT_TEXT_CHARS: usize = 300;
/// Notes and advice items.
pub const MAX_MEDIUM_TEXT_CHARS: usize = 2_000;
/// Update bodies and FAQ answers.
pub const MAX_LONG_TEXT_CHARS: usize = 20_000;
pub const MAX_LANGUAGES: usize = 20;
pub const MAX_INCIDENTS: usize = 100;
pub const MAX_UPDATES_PER_INCIDENT: usize = 1_000;
pub const MAX_FAQ_ENTRIES: usize = 5_000;
pub const MAX_SERVICES: usize = 100;
pub const MAX_ADVICE: usize = 50;
pub const MAX_CONTACTS: usize = 50;
pub const MAX_CHANNELS: usize = 30;
pub const MAX_KEYWORDS: usize = 50;
pub const MAX_KEYWORD_CHARS: usize = 100;
/// Shape problems reported before giving up on a badly broken file.
#[cfg(feature = "paths")]
pub(super) const MAX_SHAPE_PROBLEMS: usize = 200;

/// Phase 1: the file's size, before it is parsed.
pub(super) fn check_size(json: &str) -> Result<(), Problem> {
    if json.len() > MAX_FEED_BYTES {
        let message = format!("feed is {} bytes, more than the limit of {MAX_FEED_BYTES}", json.len());
        return Err(Problem { kind: ProblemKind::TooLarge, path: "$".into(), message, line_column: None });
    }
    Ok(())
}

/// The count and length checks of phase 3; each repairs what it reports.
impl Checker {
    /// A list over its count limit keeps its first `max` entries; returns
    /// how many it had beyond them.
    pub(super) fn list_size<T>(&mut self, path: &str, list: &mut Vec<T>, max: usize) -> usize {
        let len = list.len();
        if len <= max {
            return 0;
        }
        self.report(path, format!("has {len} entries, more than the limit of {max}"));
        list.truncate(max);
        len - max
    }

    /// A text (in one language): not blank, at most `max_chars` characters;
    /// a longer one is cut at the limit ([`crate::texts::cut_to`]).
    pub(super) fn text_value(&mut self, path: &str, s: &mut String, max_chars: usize) {
        let n = s.chars().count();
        if s.trim().is_empty() {
            self.report(path, "text is empty");
        } else if n > max_chars {
            self.report(path, format!("text has {n} characters, more than the limit of {max_chars}"));
            *s = crate::texts::cut_to(s, max_chars);
        }
    }

    /// A FAQ keyword: 1 to [`MAX_KEYWORD_CHARS`] characters; a longer one is
    /// cut there like any text. `false`: a blank one, to drop.
    pub(super) fn keyword(&mut self, path: &str, keyword: &mut String) -> bool {
        let n = keyword.chars().count();
        if keyword.trim().is_empty() || n > MAX_KEYWORD_CHARS {
            self.report(path, format!("keyword must have 1 to {MAX_KEYWORD_CHARS} characters (has {n})"));
        }
        if n > MAX_KEYWORD_CHARS {
            *keyword = crate::texts::cut_to(keyword, MAX_KEYWORD_CHARS);
        }
        !keyword.trim().is_empty()
    }

    /// The number of translations of one text.
    pub(super) fn language_count(&mut self, path: &str, languages: usize) {
        if languages > MAX_LANGUAGES {
            self.report(path, format!("has {languages} languages, more than the limit of {MAX_LANGUAGES}"));
        }
    }
}
