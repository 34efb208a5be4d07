use std::sync::Arc;

use incident_feed::datetime::plausible_relative_time;
use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::prelude::*;

use super::{HotlineButtons, Icon, NextUpdateLine, StateIcon};
use crate::browser;

/// Who, how bad (colour, shape and words), the headline, whom to call, and
/// when this was last updated, in the reader's zone with the zone named, and
/// when the next update is promised (or that it is overdue).
#[component]
pub fn StatusHeader(feed: Arc<Feed>, lang: Lang, now: Signal<i64>) -> impl IntoView {
    let t = lang.texts();
    let code = lang.code();
    let dl = feed.default_language.as_str();
    let org = feed.organisation.name.get(code, dl).to_owned();
    let level = feed.status.level;
    let icon = Icon::for_level(level);
    let headline = feed.status.headline.get(code, dl).to_owned();
    let updated = feed.updated_at.unix_seconds();
    let stamp = browser::long_date_time(updated, lang);
    let datetime = feed.updated_at.as_str().to_owned();
    // By the server's clock once an answer told it; a time that cannot be
    // right by the reader's clock is left out (the absolute time stays).
    let relative = move || {
        now.track();
        let (now, corrected) = browser::corrected_now_unix();
        plausible_relative_time(now, updated, corrected, code).map(|r| view! { " "<span class="is-relative">"("{r}")"</span> })
    };
    let contacts = feed.contacts.clone();
    let default_language = feed.default_language.clone();
    view! {
        <header class=format!("is-header is-tone-{}", icon.tone())>
            <p class="is-org" dir="auto">{org}</p>
            <p class="is-level">
                <StateIcon icon=icon/>
                <span class="is-level__words">{t.level(level)}</span>
            </p>
            <h2 class="is-headline" dir="auto">{headline}</h2>
            <HotlineButtons contacts=contacts default_language=default_language lang=lang/>
            <p class="is-updated">
                {t.updated_prefix}" "<time datetime=datetime>{stamp}</time>
                {relative}
            </p>
            <NextUpdateLine feed=feed lang=lang now=now/>
        </header>
    }
}
