use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use incident_feed::model::Incident;
use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::prelude::*;

use super::{Icon, StateIcon, TimelineUpdate};
use crate::browser;
use crate::open_state::OpenState;

/// Changes whenever anything shown for an incident changes, so a keyed list
/// re-renders exactly the incidents a new feed touched.
fn fingerprint(incident: &Incident) -> u64 {
    let mut h = DefaultHasher::new();
    format!("{incident:?}").hash(&mut h);
    h.finish()
}

fn all_update_ids(feed: &Feed) -> Vec<String> {
    feed.incidents.iter().flat_map(|i| i.updates.iter().map(|u| u.id.clone())).collect()
}

/// Incidents newest first (open ones on top), each with its updates newest
/// first. The newest update is open, older ones collapsed; expand all /
/// collapse all; `#update-<id>` opens and scrolls to an update, on load and
/// on every `hashchange`.
#[component]
pub fn Timeline(feed: Signal<Option<Arc<Feed>>>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let newest = Signal::derive(move || {
        feed.with(|f| f.as_ref().and_then(|f| f.incidents_newest_first().first().and_then(|i| i.latest_update()).map(|u| u.id.clone())))
    });
    let state = OpenState::new(newest, false);
    let root: NodeRef<leptos::html::Section> = NodeRef::new();

    // Opens the update named by the URL hash and scrolls to it once rendered.
    let follow_hash = move || {
        let hash = browser::location_hash();
        let Some(id) = hash.strip_prefix("update-") else { return };
        let known = feed.with_untracked(|f| f.as_ref().is_some_and(|f| all_update_ids(f).iter().any(|u| u == id)));
        if !known {
            return;
        }
        state.set(id, true);
        browser::scroll_to_id_after_render(root, hash);
    };
    browser::follow_location_hash(follow_hash);

    let set_all = move |open: bool| {
        let ids = feed.with_untracked(|f| f.as_deref().map(all_update_ids).unwrap_or_default());
        state.set_all(ids.iter().map(String::as_str), open);
    };
    let incidents = move || {
        feed.with(|f| {
            f.as_ref().map(|f| f.incidents_newest_first().into_iter().map(|i| (i.clone(), f.default_language.clone())).collect::<Vec<_>>()).unwrap_or_default()
        })
    };
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
                    each=incidents
                    key=|(i, _)| (i.id.clone(), fingerprint(i))
                    children=move |(incident, default_language)| {
                        let title = incident.title.get(lang.code(), &default_language).to_owned();
                        let status_icon = Icon::for_incident(incident.status);
                        let mut updates = incident.updates.clone();
                        updates.sort_by_key(|u| std::cmp::Reverse(u.at.unix_seconds()));
                        let kind = lang.texts().incident_kind(incident.kind);
                        let started = browser::short_date_time(incident.started_at.unix_seconds(), lang);
                        let resolved = incident
                            .resolved_at
                            .as_ref()
                            .map(|r| browser::short_date_time(r.unix_seconds(), lang));
                        let open_class = if incident.status.is_open() { "is-incident is-incident--open" } else { "is-incident" };
                        view! {
                            <article class=open_class>
                                <h3 class="is-incident__title">{title}</h3>
                                <p class="is-incident__meta">
                                    <span class=format!("is-incident__state is-tone-{}", status_icon.tone())>
                                        <StateIcon icon=status_icon/>
                                        <span>{kind}": "{lang.texts().incident_status(incident.status)}</span>
                                    </span>
                                    " · "{lang.texts().started}" "{started}
                                    {resolved.map(|r| view! { " · "{lang.texts().resolved}" "{r} })}
                                </p>
                                <ol class="is-updates">
                                    {updates
                                        .into_iter()
                                        .map(|u| {
                                            view! {
                                                <TimelineUpdate
                                                    update=u
                                                    default_language=default_language.clone()
                                                    lang=lang
                                                    state=state
                                                />
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                            </article>
                        }
                    }
                />
            </section>
        </Show>
    }
}
