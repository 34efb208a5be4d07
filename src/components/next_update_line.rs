use std::sync::Arc;

use incident_feed::promise::{next_update, NextUpdate};
use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::prelude::*;

use crate::browser;

/// What the feed says about the next update at `now` (the reader's clock,
/// corrected by the feed server's when one was seen): whether the promise
/// is broken, the sentence, and the promised time as written in the feed.
/// `None` for resolved incidents or without a promise. The time is in the
/// reader's zone, with the date when it is not today.
pub fn next_update_said(feed: &Feed, lang: Lang, now: i64) -> Option<(bool, String, String)> {
    let (now, confirmed) = browser::corrected(now);
    let (incident, state) = next_update(feed, now, confirmed)?;
    let (NextUpdate::Promised(at) | NextUpdate::Overdue(at)) = state;
    let datetime = incident.next_update_by.as_ref()?.as_str().to_owned();
    Some((matches!(state, NextUpdate::Overdue(_)), lang.texts().next_update(state, &browser::time_or_date(at, lang, now)), datetime))
}

/// "Nächstes Update spätestens 14:00 Uhr MEZ." under "Stand:", and in its
/// place, once that time has passed without an update, that the promised
/// update is overdue: on the widget's clock tick (`now`), without a reload.
/// Overdue reads in bold, but the words say it (never colour alone). Not a
/// live region: the tick must not make screen readers talk.
#[component]
pub fn NextUpdateLine(feed: Arc<Feed>, lang: Lang, now: Signal<i64>) -> impl IntoView {
    move || {
        next_update_said(&feed, lang, now.get()).map(|(overdue, text, datetime)| {
            let class = if overdue { "is-next-update is-next-update--overdue" } else { "is-next-update" };
            view! { <p class=class><time datetime=datetime>{text}</time></p> }
        })
    }
}
