use std::ops::Range;

use incident_feed::texts::Lang;
use leptos::prelude::*;

use super::{disclosure_button, disclosure_panel, HighlightedText, Paragraphs};
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
    state: OpenState,
) -> impl IntoView {
    let t = lang.texts();
    let anchor = format!("faq-{id}");
    let panel_id = format!("{anchor}-panel");
    let permalink = format!("#{anchor}");
    view! {
        <li class="is-faq-entry" id=anchor>
            <h3 class="is-faq-entry__question">
                {disclosure_button(state, id.clone(), panel_id.clone(), view! {
                    <HighlightedText text=question ranges=question_marks/>
                })}
            </h3>
            {disclosure_panel(state, id, panel_id, view! {
                <Paragraphs text=answer ranges=answer_marks/>
                <a class="is-permalink" href=permalink>{t.link_to_question}</a>
            })}
        </li>
    }
}
