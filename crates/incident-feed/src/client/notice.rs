//! Which calm notice a reader gets, from what went wrong and what is shown.

use crate::resilience::FetchFailure;

/// Why the widget shows a calm notice above (or instead of) the feed. The
/// sentences are in [`crate::texts::Texts::notice`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Notice {
    /// What is shown is an older copy: the latest could not be loaded.
    Stale,
    /// The browser is offline.
    Offline,
    /// The feed's server did not answer or answered with an error.
    Unreachable,
    /// The feed was received but is not valid.
    Broken,
    /// The feed is written in a newer format version than this widget reads.
    Unsupported,
    /// The feed's signature could not be verified.
    NotVerified,
}

impl Notice {
    /// The notice a failure earns, or `None` when the reader needs none.
    ///
    /// * An older feed than the one shown ([`FetchFailure::Stale`]) changes
    ///   nothing for the reader: no notice (the event still reports it).
    /// * Over a good copy the reader mostly needs to know it may be outdated:
    ///   [`Notice::Stale`]. "Not verified" and "offline" say more than that,
    ///   so they stay.
    /// * With nothing shown, the failure itself: a stale feed or a redirect
    ///   to another origin read as "not reachable" (the current feed could
    ///   not be had from where it should come from), an oversized body or an
    ///   HTML page in place of JSON as "broken" (something answered, but not
    ///   with a feed).
    ///
    /// ```
    /// use incident_feed::client::Notice;
    /// use incident_feed::resilience::FetchFailure;
    /// assert_eq!(Notice::for_failure(FetchFailure::Unreachable(Some(503)), false), Some(Notice::Unreachable));
    /// assert_eq!(Notice::for_failure(FetchFailure::Unreachable(Some(503)), true), Some(Notice::Stale));
    /// assert_eq!(Notice::for_failure(FetchFailure::NotVerified, true), Some(Notice::NotVerified));
    /// assert_eq!(Notice::for_failure(FetchFailure::Stale, true), None);
    /// ```
    pub fn for_failure(failure: FetchFailure, showing_copy: bool) -> Option<Notice> {
        let notice = match failure {
            FetchFailure::Stale if showing_copy => return None,
            FetchFailure::Offline => Notice::Offline,
            FetchFailure::Timeout | FetchFailure::Unreachable(_) | FetchFailure::Stale | FetchFailure::Redirected => Notice::Unreachable,
            FetchFailure::TooLarge | FetchFailure::NotJson | FetchFailure::Broken(_) => Notice::Broken,
            FetchFailure::UnsupportedVersion => Notice::Unsupported,
            // Unverifiable here is no better than unverified: the reader
            // must not take the content as the publisher's.
            FetchFailure::NotVerified | FetchFailure::VerifierUnavailable => Notice::NotVerified,
        };
        Some(if showing_copy { notice.over_copy() } else { notice })
    }

    /// This notice once a last good copy is on screen: "not verified" and
    /// "offline" stay, anything else becomes [`Notice::Stale`].
    ///
    /// ```
    /// use incident_feed::client::Notice;
    /// assert_eq!(Notice::Unreachable.over_copy(), Notice::Stale);
    /// assert_eq!(Notice::NotVerified.over_copy(), Notice::NotVerified);
    /// ```
    pub fn over_copy(self) -> Notice {
        match self {
            Notice::NotVerified | Notice::Offline => self,
            _ => Notice::Stale,
        }
    }
}
