//! The collector of phase 3's problems, apart from the checks themselves so
//! that the rules (`rules`) and the limits (`limits`) both extend it without
//! importing each other.

use super::{Problem, ProblemKind};
use crate::model::Feed;

/// Phase 3, on a well-shaped feed: the rules in `rules`, the count and
/// length checks in `limits`.
pub(super) struct Checker<'a> {
    pub(super) feed: &'a Feed,
    pub(super) problems: Vec<Problem>,
}

impl Checker<'_> {
    pub(super) fn report(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem { kind: ProblemKind::Invalid, path: path.into(), message: message.into(), line_column: None });
    }
}
