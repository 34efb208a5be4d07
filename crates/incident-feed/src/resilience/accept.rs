//! Whether a freshly fetched feed replaces the one on screen, and which of
//! its updates are new to the reader.
//!
//! The rules:
//!
//! * it must parse and validate ([`crate::parse_feed`]); a broken feed never
//!   replaces a good one;
//! * an older `updated_at` than the shown feed's is refused as
//!   [`FetchFailure::Stale`]: no rollback by a stale CDN edge, an old cached
//!   copy or a replayed file;
//! * the same `updated_at` with the same content (compared parsed, so
//!   reformatting does not count) changes nothing: no re-render, no flicker;
//! * the same `updated_at` with different content **replaces** the shown
//!   feed. Timestamps have one-second resolution and are written by hand in
//!   a hurry; refusing such a feed would hide a publisher's correction from
//!   every open tab until the next bump, which is worse than the flicker a
//!   misconfigured origin serving two versions with one timestamp could
//!   cause (and that origin shows the problem either way).

use std::collections::HashSet;

use super::fetch_rules::FetchFailure;
use crate::model::Feed;
use crate::validate::parse_feed;

/// What to do with a fetched feed.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Show this feed. `new_update_ids` are the updates the reader has not
    /// seen on this page, in feed order: mark them "new" and announce them
    /// through the `aria-live="polite"` region.
    Replace { feed: Box<Feed>, new_update_ids: Vec<String> },
    /// Nothing changed; keep what is shown untouched.
    Unchanged,
}

/// Parses, validates and judges a fetched body against what is shown.
///
/// ```
/// use incident_feed::resilience::{accept, FetchFailure, Verdict};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json");
/// let body = std::fs::read_to_string(path).unwrap();
/// let Ok(Verdict::Replace { feed, .. }) = accept(None, &body) else { panic!() };
/// assert_eq!(accept(Some(&*feed), &body), Ok(Verdict::Unchanged));
/// assert!(matches!(accept(Some(&*feed), "<html>"), Err(FetchFailure::Broken(_))));
/// ```
pub fn accept(shown: Option<&Feed>, body: &str) -> Result<Verdict, FetchFailure> {
    let fresh = parse_feed(body).map_err(|problems| FetchFailure::from_problems(&problems))?;
    accept_feed(shown, fresh)
}

/// Judges an already validated feed against what is shown (for callers that
/// parsed it themselves, e.g. after checking its signature).
pub fn accept_feed(shown: Option<&Feed>, fresh: Feed) -> Result<Verdict, FetchFailure> {
    let Some(shown) = shown else {
        return Ok(Verdict::Replace { feed: Box::new(fresh), new_update_ids: Vec::new() });
    };
    let (old, new) = (shown.updated_at.unix_seconds(), fresh.updated_at.unix_seconds());
    if new < old {
        return Err(FetchFailure::Stale);
    }
    if new == old && fresh == *shown {
        return Ok(Verdict::Unchanged);
    }
    let new_update_ids = new_update_ids(Some(shown), &fresh);
    Ok(Verdict::Replace { feed: Box::new(fresh), new_update_ids })
}

/// The ids of updates in `fresh` that are not in `shown`, in feed order.
///
/// Nothing is new when nothing was shown: on a first load every update is
/// simply there, and announcing all of them would drown a screen reader.
/// An update whose text was edited keeps its id and is not new.
///
/// ```
/// use incident_feed::resilience::new_update_ids;
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json");
/// let feed = incident_feed::parse_feed(&std::fs::read_to_string(path).unwrap()).unwrap();
/// assert!(new_update_ids(None, &feed).is_empty());
/// assert!(new_update_ids(Some(&feed), &feed).is_empty());
/// ```
pub fn new_update_ids(shown: Option<&Feed>, fresh: &Feed) -> Vec<String> {
    let Some(shown) = shown else {
        return Vec::new();
    };
    let seen: HashSet<&str> = shown.incidents.iter().flat_map(|i| &i.updates).map(|u| u.id.as_str()).collect();
    fresh.incidents.iter().flat_map(|i| &i.updates).filter(|u| !seen.contains(u.id.as_str())).map(|u| u.id.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datetime::Timestamp;
    use crate::validate::ProblemKind;

    fn example(name: &str) -> (String, Feed) {
        let path = format!("{}/../../examples/feeds/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let body = std::fs::read_to_string(path).unwrap();
        let feed = parse_feed(&body).unwrap();
        (body, feed)
    }

    fn with_updated_at(feed: &Feed, delta_seconds: i64) -> Feed {
        let mut f = feed.clone();
        f.updated_at = Timestamp::from_unix(feed.updated_at.unix_seconds() + delta_seconds);
        f
    }

    #[test]
    fn first_feed_is_taken_without_new_marks() {
        let (body, _) = example("cyberangriff");
        let Ok(Verdict::Replace { new_update_ids, .. }) = accept(None, &body) else { panic!() };
        assert!(new_update_ids.is_empty());
    }

    #[test]
    fn broken_or_unsupported_feeds_never_replace() {
        let (_, shown) = example("cyberangriff");
        assert_eq!(accept(Some(&shown), "{\"version\": 1,"), Err(FetchFailure::Broken(ProblemKind::Syntax)));
        assert_eq!(accept(Some(&shown), "{\"version\": 1}"), Err(FetchFailure::Broken(ProblemKind::Shape)));
        assert_eq!(accept(Some(&shown), "{\"version\": 7}"), Err(FetchFailure::UnsupportedVersion));
        assert_eq!(accept(Some(&shown), "[]"), Err(FetchFailure::Broken(ProblemKind::Shape)));
        assert!(accept(Some(&shown), "").is_err());
    }

    #[test]
    fn no_rollback() {
        let (_, shown) = example("cyberangriff");
        let older = with_updated_at(&shown, -1);
        assert_eq!(accept_feed(Some(&shown), older.clone()), Err(FetchFailure::Stale));
        // Even with different, plausible content.
        let (_, other) = example("all-clear");
        let other_older = with_updated_at(&other, shown.updated_at.unix_seconds() - other.updated_at.unix_seconds() - 3600);
        assert_eq!(accept_feed(Some(&shown), other_older), Err(FetchFailure::Stale));
        // A newer one is fine, even if written with another offset.
        let newer = with_updated_at(&shown, 1);
        assert!(matches!(accept_feed(Some(&shown), newer), Ok(Verdict::Replace { .. })));
    }

    #[test]
    fn same_time_same_content_keeps_the_shown_feed() {
        let (body, shown) = example("cyberangriff");
        // Reformatted but equal: still unchanged.
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        let compact = serde_json::to_string(&value).unwrap();
        assert_ne!(compact, body);
        assert_eq!(accept(Some(&shown), &compact), Ok(Verdict::Unchanged));
        // The same instant written with another offset is the same instant.
        let mut same_instant = shown.clone();
        let t = shown.updated_at.parse().unwrap();
        same_instant.updated_at = Timestamp::new(crate::datetime::format_rfc3339(t.unix_seconds, 0));
        assert!(matches!(accept_feed(Some(&shown), same_instant), Ok(Verdict::Replace { ref new_update_ids, .. }) if new_update_ids.is_empty()));
    }

    #[test]
    fn same_time_different_content_is_taken() {
        let (_, shown) = example("cyberangriff");
        let mut corrected = shown.clone();
        corrected.status.headline = "Korrigierte Überschrift".into();
        assert_eq!(accept_feed(Some(&shown), corrected.clone()), Ok(Verdict::Replace { feed: Box::new(corrected), new_update_ids: vec![] }));
    }

    #[test]
    fn new_updates_are_found_in_feed_order() {
        let (_, full) = example("cyberangriff");
        let ids: Vec<String> = full.incidents.iter().flat_map(|i| &i.updates).map(|u| u.id.clone()).collect();
        assert!(ids.len() >= 2, "the example has several updates");
        // What the reader saw: the feed without the last update of each incident.
        let mut earlier = with_updated_at(&full, -600);
        let mut removed = Vec::new();
        for incident in &mut earlier.incidents {
            if incident.updates.len() > 1 {
                removed.push(incident.updates.pop().unwrap().id);
            }
        }
        assert!(!removed.is_empty());
        let Ok(Verdict::Replace { new_update_ids, .. }) = accept_feed(Some(&earlier), full.clone()) else { panic!() };
        let expected: Vec<String> = ids.iter().filter(|id| removed.contains(id)).cloned().collect();
        assert_eq!(new_update_ids, expected);
        // An edited update keeps its id and is not new.
        let mut edited = with_updated_at(&full, 60);
        edited.incidents[0].updates[0].body = "geändert".into();
        assert_eq!(new_update_ids_of(&full, &edited), Vec::<String>::new());
    }

    fn new_update_ids_of(shown: &Feed, fresh: &Feed) -> Vec<String> {
        new_update_ids(Some(shown), fresh)
    }
}
