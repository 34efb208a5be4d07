use std::sync::Arc;

use incident_feed::model::{Incident, Update};
use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::prelude::*;

use super::{Icon, MoreNotShown, OlderUpdates, StateIcon, TimelineUpdate};
use crate::browser;
use crate::open_state::OpenState;

/// How many of an incident's updates show before "show older": the newest,
/// which is what a reader comes for. The others cost almost nothing until
/// asked for, so a feed of a thousand updates renders as fast as one of ten.
pub const RECENT_UPDATES: usize = 5;

/// An incident's updates, newest first.
pub fn newest_first(incident: &Incident) -> Vec<Update> {
    let mut updates = incident.updates.clone();
    incident_feed::order::sort_by_key(&mut updates, |u| std::cmp::Reverse(u.at.unix_seconds()));
    updates
}

/// One incident of the timeline: its title and state, its newest updates,
/// and the older ones behind "show older".
///
/// It reads its own content from the feed by `id`, compared by value: a new
/// feed re-renders the incidents whose content changed, and only those.
#[component]
pub fn TimelineIncident(
    feed: Signal<Option<Arc<Feed>>>,
    #[prop(into)] id: String,
    lang: Lang,
    state: OpenState,
    older_shown: RwSignal<Vec<String>>,
) -> impl IntoView {
    let content =
        Memo::new(move |_| feed.with(|f| f.as_ref().and_then(|f| f.incidents.iter().find(|i| i.id == id).map(|i| (i.clone(), f.default_language.clone())))));
    move || {
        content.get().map(|(incident, default_language)| {
            let t = lang.texts();
            let title = incident.title.get(lang.code(), &default_language).to_owned();
            let status_icon = Icon::for_incident(incident.status);
            let mut updates = newest_first(&incident);
            let older = updates.split_off(RECENT_UPDATES.min(updates.len()));
            let kind = t.incident_kind(incident.kind);
            let started = browser::short_date_time_of(&incident.started_at, lang);
            let resolved = incident.resolved_at.as_ref().map(|r| browser::short_date_time_of(r, lang));
            let open_class = if incident.status.is_open() { "is-incident is-incident--open" } else { "is-incident" };
            let recent = updates
                .into_iter()
                .map(|u| view! { <TimelineUpdate update=u default_language=default_language.clone() lang=lang state=state/> })
                .collect_view();
            let older = (!older.is_empty()).then(|| {
                view! { <OlderUpdates incident=incident.id.clone() updates=older default_language=default_language.clone() lang=lang state=state shown=older_shown/> }
            });
            view! {
                <article class=open_class>
                    <h3 class="is-incident__title" dir="auto">{title}</h3>
                    <p class="is-incident__meta">
                        <span class=format!("is-incident__state is-tone-{}", status_icon.tone())>
                            <StateIcon icon=status_icon/>
                            <span>{kind}": "{t.incident_status(incident.status)}</span>
                        </span>
                        " · "{t.started}" "{started}
                        {resolved.map(|r| view! { " · "{t.resolved}" "{r} })}
                    </p>
                    <ol class="is-updates">{recent}</ol>
                    {older}
                    <MoreNotShown count=incident.omitted_updates lang=lang/>
                </article>
            }
        })
    }
}
