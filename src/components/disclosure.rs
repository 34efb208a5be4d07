//! The two halves of an accordion entry (WAI-ARIA APG disclosure): the
//! button that says whether it is open, and the panel it shows. A FAQ entry
//! and a timeline update differ only in what they put inside.
//!
//! Plain generic functions rather than `#[component]`s with `Children`:
//! children boxed into `AnyView` cost about 10 KB of wasm here.

use leptos::prelude::*;

use crate::open_state::OpenState;

/// The button that opens and closes entry `entry` of `state`, announcing
/// its state (`aria-expanded`) and the panel it controls.
///
/// ```ignore
/// {disclosure_button(state, id.clone(), panel_id.clone(), view! { "Question" })}
/// ```
pub fn disclosure_button(state: OpenState, entry: String, panel_id: String, label: impl IntoView + 'static) -> impl IntoView {
    let open = state.open_signal(entry.clone());
    view! {
        <button
            type="button"
            class="is-toggle"
            aria-expanded=move || if open.get() { "true" } else { "false" }
            aria-controls=panel_id
            on:click=state.toggler(entry)
        >
            {label}
        </button>
    }
}

/// The panel of entry `entry`. Closed, it is hidden `until-found`, so the
/// browser's find-in-page still reaches its text and opens it
/// (`beforematch`), which the state then remembers.
///
/// ```ignore
/// {disclosure_panel(state, id, panel_id, view! { "Answer" })}
/// ```
pub fn disclosure_panel(state: OpenState, entry: String, panel_id: String, content: impl IntoView + 'static) -> impl IntoView {
    let open = state.open_signal(entry.clone());
    view! {
        <div
            class="is-panel"
            id=panel_id
            hidden=move || (!open.get()).then_some("until-found")
            on:beforematch=move |_: web_sys::Event| state.set(&entry, true)
        >
            {content}
        </div>
    }
}

/// Like [`disclosure_panel`], but its content is built only while it is
/// open: for lists of thousands of entries (the FAQ), where building every
/// closed answer would cost more than all that is visible. Find-in-page
/// then reaches the entries' buttons, not the unopened content.
///
/// ```ignore
/// {disclosure_panel_built_when_open(state, id, panel_id, move || view! { "Answer" })}
/// ```
pub fn disclosure_panel_built_when_open<V: IntoView + 'static>(
    state: OpenState,
    entry: String,
    panel_id: String,
    content: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    let open = state.open_signal(entry);
    view! {
        <div class="is-panel" id=panel_id hidden=move || (!open.get()).then_some("until-found")>
            {move || open.get().then(&content)}
        </div>
    }
}
