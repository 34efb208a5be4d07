use leptos::prelude::*;

use super::{Icon, StateIcon};

/// A calm line about freshness or failure (`Texts::notice`, or that the
/// feed is past its `expires_at`).
#[component]
pub fn NoticeBar(text: String) -> impl IntoView {
    view! {
        <p class="is-notice">
            <StateIcon icon=Icon::Info/>
            <span>{text}</span>
        </p>
    }
}
