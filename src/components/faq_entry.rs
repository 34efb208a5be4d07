use std::ops::Range;

use incident_feed::texts::Lang;
use leptos::prelude::*;

use super::{HighlightedText, Paragraphs};
use crate::open_state::OpenState;

/// A question that opens to its answer, with matched words marked. The
/// whole entry is the `#faq-<id>` target.
#[component]
pub fn FaqEntry(
    #[prop(into)] id: String,
    #[prop(into)] question: String,
    #[prop(into)] answer: String,
    #[prop(optional)] question_marks: Vec<Range<usize>>,
    #[prop(optional)] answer_marks: Vec<Range<usize>>,
    lang: Lang,
    #[prop(into)] prefix: String,
    state: OpenState,
) -> impl IntoView {
    let t = lang.texts();
    let anchor = format!("{prefix}faq-{id}");
    let panel_id = format!("{anchor}-panel");
    let open = state.open_signal(id.clone());
    let toggle = state.toggler(id.clone());
    let reveal = move |_: web_sys::Event| state.set(&id, true);
    view! {
        <li class="is-faq-entry" id=anchor.clone()>
            <h3 class="is-faq-entry__question">
                <button
                    type="button"
                    class="is-toggle"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls=panel_id.clone()
                    on:click=toggle
                >
                    <HighlightedText text=question ranges=question_marks/>
                </button>
            </h3>
            <div
                class="is-panel"
                id=panel_id
                hidden=move || (!open.get()).then_some("until-found")
                on:beforematch=reveal
            >
                <Paragraphs text=answer ranges=answer_marks/>
                <a class="is-permalink" href=format!("#{anchor}")>{t.link_to_question}</a>
            </div>
        </li>
    }
}
