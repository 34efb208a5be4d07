use std::sync::Arc;

use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::prelude::*;

use super::{Icon, StateIcon};

/// "What you should do now". Prominent (framed, with a warning shape) while
/// an incident is open; a plain list afterwards.
#[component]
pub fn AdviceList(feed: Arc<Feed>, lang: Lang) -> impl IntoView {
    if feed.advice.is_empty() {
        return None;
    }
    let t = lang.texts();
    let prominent = feed.has_open_incident();
    let items = feed
        .advice
        .iter()
        .map(|a| view! { <li class="is-advice__item" dir="auto">{a.get(lang.code(), &feed.default_language).to_owned()}</li> })
        .collect_view();
    let class = if prominent { "is-section is-advice is-advice--prominent" } else { "is-section is-advice" };
    Some(view! {
        <section class=class>
            <h2 class="is-section__heading">
                {prominent.then(|| view! { <StateIcon icon=Icon::Warning/> })}
                <span>{t.advice_heading}</span>
            </h2>
            <ul class="is-advice__list">{items}</ul>
        </section>
    })
}
