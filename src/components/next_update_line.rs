use std::sync::Arc;

use incident_feed::promise::{next_update, NextUpdate};
use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::prelude::*;

use super::{Icon, StateIcon};
use crate::browser;

/// "Nächstes Update spätestens 14:00 Uhr MEZ." under "Stand:", and in its
/// place, once that time has passed without an update, that the promised
/// update is overdue — on the widget's clock tick (`now`, the reader's
/// clock, corrected by the feed server's when one was seen), without a
/// reload. Nothing for resolved incidents or without a promise. The time is
/// in the reader's zone, with the date when it is not today.
///
/// `compact`: only the overdue state, as a notice line above the compact
/// banner, whose reserved height has no room for a promise still standing.
///
/// Not a live region: a tick that changes nothing changes no DOM (the
/// memo), and the change to "overdue" is read when the reader gets there.
#[component]
pub fn NextUpdateLine(feed: Arc<Feed>, lang: Lang, now: Signal<i64>, #[prop(optional)] compact: bool) -> impl IntoView {
    let t = lang.texts();
    let shown = Memo::new(move |_| {
        let (now, confirmed) = browser::corrected(now.get());
        let (incident, state) = next_update(&feed, now, confirmed)?;
        let overdue = matches!(state, NextUpdate::Overdue(_));
        if compact && !overdue {
            return None;
        }
        let (NextUpdate::Promised(at) | NextUpdate::Overdue(at)) = state;
        let datetime = incident.next_update_by.as_ref()?.as_str().to_owned();
        Some((overdue, t.next_update(state, &browser::time_or_date(at, lang, now)), datetime))
    });
    move || {
        shown.get().map(|(overdue, text, datetime)| {
            let class = match (compact, overdue) {
                (true, _) => "is-notice is-next-update is-next-update--overdue",
                (false, true) => "is-next-update is-next-update--overdue",
                (false, false) => "is-next-update",
            };
            view! {
                <p class=class>
                    {overdue.then(|| view! { <StateIcon icon=Icon::Info/> })}
                    <time datetime=datetime>{text}</time>
                </p>
            }
        })
    }
}
