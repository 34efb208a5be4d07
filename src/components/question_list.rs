use std::sync::Arc;

use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::either::Either;
use leptos::prelude::*;

use super::FaqEntry;
use crate::browser;
use crate::open_state::OpenState;

/// How many questions a long FAQ shows before "show more questions": a
/// screenful and more, which is what a reader looks at before searching.
pub const FIRST_QUESTIONS: usize = 50;

/// Every question of the FAQ, collapsed: the first [`FIRST_QUESTIONS`] as
/// entries, the others, until shown, behind a button with their count and
/// as plain text hidden `until-found`, so that find-in-page still reaches
/// them (and shows them, `beforematch`).
#[component]
pub fn QuestionList(
    feed: Arc<Feed>,
    lang: Lang,
    state: OpenState,
    /// Whether the questions after the first ones are shown (the FAQ's, so
    /// that a deep link can show them).
    all_shown: RwSignal<bool>,
) -> impl IntoView {
    let t = lang.texts();
    let code = lang.code();
    let dl = feed.default_language.clone();
    let entry = move |e: &incident_feed::model::FaqEntry| {
        view! {
            <FaqEntry id=e.id.clone() question=e.question.get(code, &dl).to_owned() answer=e.answer.get(code, &dl).to_owned() lang=lang state=state/>
        }
    };
    let first = feed.faq.iter().take(FIRST_QUESTIONS).map(entry.clone()).collect_view();
    let more = feed.faq.len().saturating_sub(FIRST_QUESTIONS);
    let wrapper: NodeRef<leptos::html::Div> = NodeRef::new();
    let show = move || {
        if !all_shown.get_untracked() {
            all_shown.set(true);
        }
    };
    // The button goes once pressed; focus moves to the first question it showed.
    let show_and_focus = move |_| {
        show();
        browser::focus_first_toggle_after_render(wrapper);
    };
    let rest = move || {
        if all_shown.get() {
            Either::Left(view! { <ul class="is-faq__list">{feed.faq.iter().skip(FIRST_QUESTIONS).map(entry.clone()).collect_view()}</ul> })
        } else {
            let questions = feed
                .faq
                .iter()
                .skip(FIRST_QUESTIONS)
                .map(|e| view! { <li class="is-faq-preview" dir="auto">{e.question.get(code, &feed.default_language).to_owned()}</li> })
                .collect_view();
            Either::Right(view! {
                <button type="button" class="is-show-more-questions" aria-controls="is-more-questions" on:click=show_and_focus>
                    {t.show_more_questions(more)}
                </button>
                <ul class="is-faq__list is-faq__list--more" id="is-more-questions" hidden="until-found" on:beforematch=move |_: web_sys::Event| show()>
                    {questions}
                </ul>
            })
        }
    };
    view! {
        <ul class="is-faq__list">{first}</ul>
        {(more > 0).then(|| view! { <div class="is-older" node_ref=wrapper>{rest}</div> })}
    }
}
