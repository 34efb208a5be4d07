use incident_feed::model::Incident;
use incident_feed::Feed;
use leptos::prelude::*;

/// Incidents with their dated updates, newest first; the newest update open,
/// older ones collapsed (native `<details>`, so keyboard and screen readers
/// work without script).
#[component]
pub fn Timeline(feed: Feed, #[prop(into)] lang: String) -> impl IntoView {
    let default_language = feed.default_language.clone();
    let incidents: Vec<Incident> = feed.incidents_newest_first().into_iter().cloned().collect();
    view! {
        <section class="is-timeline">
            {incidents
                .into_iter()
                .map(|incident| {
                    let title = incident.title.get(&lang, &default_language).to_owned();
                    let mut updates = incident.updates.clone();
                    updates.reverse();
                    view! {
                        <article class="is-incident">
                            <h3 class="is-incident__title">{title}</h3>
                            <ol class="is-updates">
                                {updates
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, update)| {
                                        let body = update.body.get(&lang, &default_language).to_owned();
                                        view! {
                                            <li class="is-update" id=format!("update-{}", update.id)>
                                                <details open=i == 0>
                                                    <summary>{update.at.to_string()}</summary>
                                                    <p>{body}</p>
                                                </details>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                        </article>
                    }
                })
                .collect_view()}
        </section>
    }
}
