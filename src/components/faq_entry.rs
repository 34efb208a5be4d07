use std::ops::Range;

use incident_feed::texts::Lang;
use leptos::prelude::*;

use super::{disclosure_button, disclosure_panel_built_when_open, HighlightedText, Paragraphs};
use crate::open_state::OpenState;

/// A question that opens to its answer, with matched words marked. The
/// whole entry is the `#faq-<id>` target.
///
/// The answer is built when the entry opens: a FAQ of thousands of entries
/// then renders its questions only, which is what the reader sees. The
/// question stays in the page, so find-in-page reaches every entry by its
/// question, and the search field reaches the answers.
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
    // An entry whose id the reader replaced has no deep link (`is_linkable_id`).
    let linkable = incident_feed::model::is_linkable_id(&id);
    view! {
        <li class="is-faq-entry" id=linkable.then_some(anchor)>
            <h3 class="is-faq-entry__question">
                {disclosure_button(state, id.clone(), panel_id.clone(), view! {
                    // Its own span, so that the question's direction cannot reorder
                    // the button, and the marks stay inline with its words.
                    <span dir="auto"><HighlightedText text=question ranges=question_marks/></span>
                })}
            </h3>
            {disclosure_panel_built_when_open(state, id, panel_id, move || view! {
                <Paragraphs text=answer.clone() ranges=answer_marks.clone()/>
                {linkable.then(|| view! { <a class="is-permalink" href=permalink.clone()>{t.link_to_question}</a> })}
            })}
        </li>
    }
}
