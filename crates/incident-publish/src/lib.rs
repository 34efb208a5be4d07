//! Publishing an incident feed: the static status page for readers without
//! JavaScript ([`render`]), Atom and JSON Feed subscriptions
//! ([`syndication`]), and the edits a communications team makes under stress
//! ([`authoring`]: a starter feed, appending an update).
//!
//! Pure functions from feed text to text; reading and writing files is the
//! `incident-feed` command's (`crates/incident-feed-cli`).

pub mod authoring;
pub mod escape;
pub mod render;
pub mod syndication;
