use incident_feed::texts::{Lang, Notice};
use leptos::prelude::*;

use super::{Icon, StateIcon};

/// A calm line about freshness or failure. `as_of` is the formatted time of
/// what is shown, when a feed is shown.
#[component]
pub fn NoticeBar(notice: Notice, lang: Lang, as_of: Option<String>) -> impl IntoView {
    let text = lang.texts().notice(notice, as_of.as_deref());
    view! {
        <p class="is-notice">
            <StateIcon icon=Icon::Info/>
            <span>{text}</span>
        </p>
    }
}
