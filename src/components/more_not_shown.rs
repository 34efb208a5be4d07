use incident_feed::texts::Lang;
use leptos::prelude::*;

/// Under a list the feed made longer than its count limit: how many entries
/// beyond the limit are not shown (the tolerant reader keeps the first
/// ones; `incident_feed::model::Omitted`). Nothing when none are left out.
#[component]
pub fn MoreNotShown(count: usize, lang: Lang) -> impl IntoView {
    (count > 0).then(|| view! { <p class="is-more-not-shown">{lang.texts().more_not_shown(count)}</p> })
}
