use std::sync::Arc;

use incident_feed::model::ServiceStatus;
use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::prelude::*;

use super::{Icon, StateIcon};

fn slug(status: ServiceStatus) -> &'static str {
    match status {
        ServiceStatus::Operational => "operational",
        ServiceStatus::Degraded => "degraded",
        ServiceStatus::Outage => "outage",
        ServiceStatus::Maintenance => "maintenance",
        ServiceStatus::Unknown => "unknown",
    }
}

/// What works right now and what does not, each state as colour, shape and words.
#[component]
pub fn ServiceList(feed: Arc<Feed>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let code = lang.code();
    let dl = feed.default_language.clone();
    if feed.services.is_empty() {
        return None;
    }
    let items = feed
        .services
        .iter()
        .map(|s| {
            let icon = Icon::for_service(s.status);
            let name = s.name.get(code, &dl).to_owned();
            let note = s.note.as_ref().map(|n| n.get(code, &dl).to_owned()).filter(|n| !n.is_empty());
            view! {
                <li class=format!("is-service is-service--{} is-tone-{}", slug(s.status), icon.tone())>
                    <span class="is-service__name" dir="auto">{name}</span>
                    <span class="is-service__state">
                        <StateIcon icon=icon/>
                        <span class="is-service__words">{t.service_status(s.status)}</span>
                    </span>
                    {note.map(|n| view! { <span class="is-service__note" dir="auto">{n}</span> })}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <section class="is-section is-services">
            <h2 class="is-section__heading">{t.services_heading}</h2>
            <ul class="is-services__list">{items}</ul>
        </section>
    })
}
