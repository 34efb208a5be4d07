//! The collector of phase 3's problems, apart from the checks themselves so
//! that the rules (`rules`) and the limits (`limits`) both extend it without
//! importing each other.
//!
//! Every check also *repairs* what it reports, so that the same code serves
//! the strict writer and the tolerant reader: `validate` runs it on a copy
//! and keeps only the problems; the widget's reader keeps the repaired feed
//! too (a text cut at its limit, a link taken away, an id that loses its
//! deep link), see [`super::read_tolerant`].

use std::collections::HashMap;

use super::{Problem, ProblemKind};

/// Phase 3, on a well-shaped feed: the rules in `rules`, the count and
/// length checks in `limits`.
pub(super) struct Checker {
    pub(super) problems: Vec<Problem>,
    pub(super) default_language: String,
    /// List elements set aside when the feed was read, by the list's path in
    /// the file: their positions there, sorted. Paths of the elements read
    /// are reported at their positions in the file, not in the shortened list.
    pub(super) set_aside: HashMap<String, Vec<usize>>,
    /// Ids given to items whose own could not be used; see `Checker::id`.
    pub(super) replaced_ids: usize,
}

impl Checker {
    pub(super) fn new(default_language: &str, set_aside: HashMap<String, Vec<usize>>) -> Checker {
        Checker { problems: Vec::new(), default_language: default_language.to_owned(), set_aside, replaced_ids: 0 }
    }

    pub(super) fn report(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem { kind: ProblemKind::Invalid, path: path.into(), message: message.into(), line_column: None });
    }

    /// The path of the `kept`-th element read of `list`, at its position in the file.
    pub(super) fn at(&self, list: &str, kept: usize) -> String {
        let mut index = kept;
        if let Some(gone) = self.set_aside.get(list) {
            for g in gone {
                if *g <= index {
                    index += 1;
                }
            }
        }
        format!("{list}[{index}]")
    }
}
