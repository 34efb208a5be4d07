use std::sync::Arc;

use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::prelude::*;

use super::timeline_incident::{newest_first, RECENT_UPDATES};
use super::TimelineIncident;
use crate::browser;
use crate::open_state::OpenState;

fn all_update_ids(feed: &Feed) -> Vec<String> {
    feed.incidents.iter().flat_map(|i| i.updates.iter().map(|u| u.id.clone())).collect()
}

/// The incident that holds update `id`, and whether the update is one of
/// its older ones (behind "show older").
fn incident_of(feed: &Feed, id: &str) -> Option<(String, bool)> {
    feed.incidents.iter().find_map(|incident| {
        let position = newest_first(incident).iter().position(|u| u.id == id)?;
        Some((incident.id.clone(), position >= RECENT_UPDATES))
    })
}

/// Incidents newest first (open ones on top), each with its updates newest
/// first. The newest update is open, older ones collapsed; expand all /
/// collapse all; `#update-<id>` opens and scrolls to an update (showing an
/// incident's older updates if it is one of them), on load and on every
/// `hashchange`.
#[component]
pub fn Timeline(feed: Signal<Option<Arc<Feed>>>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    // A memo, not a derived signal: every update's open state reads it, and
    // recomputing it per read (sorting the incidents, scanning every update)
    // made a timeline of 1,000 updates take seconds.
    let newest =
        Memo::new(move |_| feed.with(|f| f.as_ref().and_then(|f| f.incidents_newest_first().first().and_then(|i| i.latest_update()).map(|u| u.id.clone()))));
    let state = OpenState::new(newest.into(), false);
    // Incidents whose older updates the reader asked for; kept here, not in
    // each incident, so that a deep link and "expand all" can show them too.
    // A list, not a set: a handful of incidents, and no hash set code in the wasm.
    let older_shown = RwSignal::new(Vec::<String>::new());
    let root: NodeRef<leptos::html::Section> = NodeRef::new();

    // Opens the update named by the URL hash and scrolls to it once rendered.
    let follow_hash = move || {
        let hash = browser::location_hash();
        let Some(id) = hash.strip_prefix("update-") else { return };
        let Some((incident, older)) = feed.with_untracked(|f| f.as_deref().and_then(|f| incident_of(f, id))) else { return };
        if older && !older_shown.with_untracked(|s| s.contains(&incident)) {
            older_shown.update(|s| {
                s.push(incident);
            });
        }
        state.set(id, true);
        browser::scroll_to_id_after_render(root, hash);
    };
    browser::follow_location_hash(follow_hash);

    let set_all = move |open: bool| {
        let ids = feed.with_untracked(|f| f.as_deref().map(all_update_ids).unwrap_or_default());
        // "Expand all" means every update, so the older ones show too.
        if open {
            let incidents: Vec<String> = feed.with_untracked(|f| f.as_deref().map(|f| f.incidents.iter().map(|i| i.id.clone()).collect()).unwrap_or_default());
            older_shown.update(|s| {
                s.clear();
                s.extend(incidents);
            });
        }
        state.set_all(ids.iter().map(String::as_str), open);
    };
    // Keyed by id alone: each incident reads its own content from the feed
    // and re-renders only when that content changes (see TimelineIncident).
    let incident_ids = Memo::new(move |_| {
        feed.with(|f| f.as_ref().map(|f| f.incidents_newest_first().into_iter().map(|i| i.id.clone()).collect::<Vec<_>>()).unwrap_or_default())
    });
    let has_incidents = move || feed.with(|f| f.as_ref().is_some_and(|f| !f.incidents.is_empty()));

    view! {
        <Show when=has_incidents>
            <section class="is-section is-timeline" node_ref=root>
                <div class="is-section__bar">
                    <h2 class="is-section__heading">{t.timeline_heading}</h2>
                    <div class="is-bulk">
                        <button type="button" class="is-bulk__button is-expand-all" on:click=move |_| set_all(true)>
                            {t.expand_all}
                        </button>
                        <button type="button" class="is-bulk__button is-collapse-all" on:click=move |_| set_all(false)>
                            {t.collapse_all}
                        </button>
                    </div>
                </div>
                <For
                    each=move || incident_ids.get()
                    key=String::clone
                    children=move |id| view! { <TimelineIncident feed=feed id=id lang=lang state=state older_shown=older_shown/> }
                />
            </section>
        </Show>
    }
}
