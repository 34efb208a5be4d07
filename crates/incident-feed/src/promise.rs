//! "Nächstes Update spätestens 14:00 Uhr": the publisher's promise of the
//! next update (`next_update_by` on an incident), whether it still holds or
//! is broken, and whether the feed as a whole is past its `expires_at`.
//!
//! Pure functions of the feed and "now", so that the widget, the static page
//! and the subscriptions agree, and the edge cases are tested natively.
//!
//! A promise is *kept* by an update published at or after the promised time
//! (that update's feed would carry a new promise, or none); it is *broken*
//! once now is past the promised time and no such update exists. Then the
//! reader is told so plainly, instead of being shown a time in the past as
//! if it were still ahead.

use crate::datetime::CLOCK_TOLERANCE_SECONDS;
use crate::model::{Feed, Incident};

/// What a reader is told about the next update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextUpdate {
    /// The next update is promised by this time (Unix seconds).
    Promised(i64),
    /// The update promised for this time (Unix seconds) has not come.
    Overdue(i64),
}

/// Whether `deadline` has passed at `now`. By a clock no server confirmed
/// (`now_confirmed` false), only once it is more than
/// [`CLOCK_TOLERANCE_SECONDS`] past: a reader whose clock runs a few
/// minutes fast must not be told a promise is broken that is not.
fn passed(now: i64, deadline: i64, now_confirmed: bool) -> bool {
    let grace = if now_confirmed { 0 } else { CLOCK_TOLERANCE_SECONDS };
    now > deadline.saturating_add(grace)
}

/// The promise of one incident at `now`: `None` for a resolved or completed
/// incident, without a readable `next_update_by`, or when an update was
/// published at or after the promised time (the promise was kept).
/// Exactly at the promised time the promise still holds.
pub fn incident_next_update(incident: &Incident, now: i64, now_confirmed: bool) -> Option<NextUpdate> {
    if !incident.status.is_open() {
        return None;
    }
    let by = incident.next_update_by.as_ref()?.parse()?.unix_seconds;
    if incident.updates.iter().any(|u| u.at.parse().is_some_and(|at| at.unix_seconds >= by)) {
        return None;
    }
    Some(if passed(now, by, now_confirmed) { NextUpdate::Overdue(by) } else { NextUpdate::Promised(by) })
}

/// What the feed's header says about the next update, with the incident it
/// is about: a broken promise first (the earliest), else the earliest
/// promise of the open incidents.
pub fn next_update(feed: &Feed, now: i64, now_confirmed: bool) -> Option<(&Incident, NextUpdate)> {
    let states = feed.incidents.iter().filter_map(|i| Some((i, incident_next_update(i, now, now_confirmed)?)));
    states.min_by_key(|(_, state)| match *state {
        NextUpdate::Overdue(t) => (0, t),
        NextUpdate::Promised(t) => (1, t),
    })
}

/// Whether the feed is past its `expires_at` at `now` (with the same
/// tolerance for an unconfirmed clock); never for a feed without one.
pub fn is_expired(feed: &Feed, now: i64, now_confirmed: bool) -> bool {
    feed.expires_at.as_ref().and_then(|t| t.parse()).is_some_and(|e| passed(now, e.unix_seconds, now_confirmed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datetime::parse_rfc3339;
    use crate::model::IncidentStatus;

    fn at(s: &str) -> i64 {
        parse_rfc3339(s).unwrap().unix_seconds
    }

    /// The example incident (latest update 2026-11-10T16:30:00+01:00) with a promise.
    fn feed(next_update_by: Option<&str>) -> Feed {
        let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
        let mut feed = crate::parse_feed(&json).unwrap();
        feed.incidents[0].next_update_by = next_update_by.map(crate::datetime::Timestamp::new);
        feed
    }

    const BY: &str = "2026-11-10T18:00:00+01:00";

    #[test]
    fn a_promise_holds_until_its_time_and_is_overdue_after() {
        let f = feed(Some(BY));
        let by = at(BY);
        assert_eq!(next_update(&f, by - 3600, true).map(|(_, s)| s), Some(NextUpdate::Promised(by)));
        // Exactly at the time: still promised, not yet broken.
        assert_eq!(next_update(&f, by, true).map(|(_, s)| s), Some(NextUpdate::Promised(by)));
        assert_eq!(next_update(&f, by + 1, true).map(|(_, s)| s), Some(NextUpdate::Overdue(by)));
        assert_eq!(next_update(&f, by + 86_400, true).map(|(i, s)| (i.id.as_str(), s)), Some(("cyberangriff-2026-11", NextUpdate::Overdue(by))));
    }

    #[test]
    fn an_unconfirmed_clock_gets_the_tolerance_before_overdue() {
        let f = feed(Some(BY));
        let by = at(BY);
        assert_eq!(next_update(&f, by + CLOCK_TOLERANCE_SECONDS, false).map(|(_, s)| s), Some(NextUpdate::Promised(by)));
        assert_eq!(next_update(&f, by + CLOCK_TOLERANCE_SECONDS + 1, false).map(|(_, s)| s), Some(NextUpdate::Overdue(by)));
        // A clock far behind still shows the promise, never "overdue".
        assert_eq!(next_update(&f, by - 365 * 86_400, false).map(|(_, s)| s), Some(NextUpdate::Promised(by)));
        // Extreme values do not overflow.
        assert_eq!(next_update(&f, i64::MAX, false).map(|(_, s)| s), Some(NextUpdate::Overdue(by)));
        assert_eq!(next_update(&f, i64::MIN, true).map(|(_, s)| s), Some(NextUpdate::Promised(by)));
    }

    #[test]
    fn an_update_at_or_after_the_promised_time_keeps_the_promise() {
        let mut f = feed(Some(BY));
        let mut update = f.incidents[0].updates.last().unwrap().clone();
        update.id = "kept".into();
        update.at = crate::datetime::Timestamp::new(BY);
        f.incidents[0].updates.push(update.clone());
        assert_eq!(next_update(&f, at(BY) + 7200, true), None, "published exactly at the promised time");
        f.incidents[0].updates.last_mut().unwrap().at = crate::datetime::Timestamp::new("2026-11-10T17:59:59+01:00");
        assert_eq!(next_update(&f, at(BY) + 7200, true).map(|(_, s)| s), Some(NextUpdate::Overdue(at(BY))), "an update before it does not");
    }

    #[test]
    fn no_promise_for_a_resolved_incident_or_without_a_readable_time() {
        let mut f = feed(Some(BY));
        for status in [IncidentStatus::Resolved, IncidentStatus::Completed] {
            f.incidents[0].status = status;
            assert_eq!(next_update(&f, at(BY) + 7200, true), None, "{status:?}");
            assert_eq!(next_update(&f, at(BY) - 7200, true), None, "{status:?}");
        }
        assert_eq!(next_update(&feed(None), at(BY), true), None);
        assert_eq!(next_update(&feed(Some("14:00")), at(BY), true), None);
    }

    #[test]
    fn a_broken_promise_comes_first_then_the_earliest() {
        let mut f = feed(Some(BY));
        let mut second = f.incidents[0].clone();
        second.id = "zweiter".into();
        second.next_update_by = Some(crate::datetime::Timestamp::new("2026-11-10T17:00:00+01:00"));
        f.incidents.push(second);
        let now = at("2026-11-10T17:30:00+01:00");
        assert_eq!(next_update(&f, now, true).map(|(i, s)| (i.id.as_str(), s)), Some(("zweiter", NextUpdate::Overdue(at("2026-11-10T17:00:00+01:00")))));
        let now = at("2026-11-10T16:45:00+01:00");
        assert_eq!(next_update(&f, now, true).map(|(i, s)| (i.id.as_str(), s)), Some(("zweiter", NextUpdate::Promised(at("2026-11-10T17:00:00+01:00")))));
    }

    #[test]
    fn a_feed_expires_after_its_expires_at() {
        let mut f = feed(None);
        assert!(!is_expired(&f, i64::MAX, true), "no expires_at, never expired");
        f.expires_at = Some(crate::datetime::Timestamp::new("2026-11-11T08:00:00+01:00"));
        let e = at("2026-11-11T08:00:00+01:00");
        assert!(!is_expired(&f, e, true));
        assert!(is_expired(&f, e + 1, true));
        assert!(!is_expired(&f, e + CLOCK_TOLERANCE_SECONDS, false));
        assert!(is_expired(&f, e + CLOCK_TOLERANCE_SECONDS + 1, false));
        f.expires_at = Some(crate::datetime::Timestamp::new("bald"));
        assert!(!is_expired(&f, i64::MAX, true), "an unreadable expires_at is none");
    }
}
