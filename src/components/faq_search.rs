use std::sync::Arc;

use incident_search::Hit;

use crate::search_engine::SearchIndex;
use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::either::EitherOf3;
use leptos::prelude::*;

use super::question_list::FIRST_QUESTIONS;
use super::{ContactList, FaqEntry, QuestionList};
use crate::browser;
use crate::open_state::OpenState;

/// The search index of one feed. Compared by identity: a new feed is a new
/// index, and the index is built once per feed, not per keystroke.
#[derive(Clone)]
struct SharedIndex(Arc<SearchIndex>);

impl PartialEq for SharedIndex {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The FAQ with search as you type: a labelled field, results on every
/// keystroke with matches marked, a count, all questions (collapsed) when the
/// field is empty, and the hotlines when nothing matches. The order of
/// results is whatever the core search returns.
#[component]
pub fn FaqSearch(feed: Signal<Option<Arc<Feed>>>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let code = lang.code();
    let index = Memo::new(move |_| feed.with(|f| f.as_ref().map(|f| SharedIndex(Arc::new(SearchIndex::new(f))))));
    let query = RwSignal::new(String::new());
    let hits: Memo<Vec<Hit>> = Memo::new(move |_| {
        let q = query.get();
        if q.trim().is_empty() {
            return Vec::new();
        }
        index.with(|ix| ix.as_ref().map(|ix| ix.0.search(&q, code, ix.0.len().max(1))).unwrap_or_default())
    });
    let searching = Memo::new(move |_| query.with(|q| !q.trim().is_empty()));
    let browse_state = OpenState::new(Signal::stored(None), false);
    let all_questions_shown = RwSignal::new(false);
    let result_state = OpenState::new(Signal::stored(None), true);
    // A new query starts with every result open again.
    Effect::new(move |_| {
        query.track();
        result_state.reset();
    });
    let root: NodeRef<leptos::html::Section> = NodeRef::new();

    let follow_hash = move || {
        let hash = browser::location_hash();
        let Some(id) = hash.strip_prefix("faq-") else { return };
        let Some(position) = feed.with_untracked(|f| f.as_ref().and_then(|f| f.faq.iter().position(|e| e.id == id))) else { return };
        // The entry is in the full list, which shows when the field is empty.
        query.set(String::new());
        if position >= FIRST_QUESTIONS && !all_questions_shown.get_untracked() {
            all_questions_shown.set(true);
        }
        browse_state.set(id, true);
        browser::scroll_to_id_after_render(root, hash);
    };
    browser::follow_location_hash(follow_hash);

    let count = move || searching.get().then(|| t.hits(hits.with(Vec::len)));
    let body = move || {
        let Some(f) = feed.get() else { return EitherOf3::A(()) };
        let dl = f.default_language.clone();
        if !searching.get() {
            return EitherOf3::B(view! { <QuestionList feed=f lang=lang state=browse_state all_shown=all_questions_shown/> });
        }
        let found = hits.get();
        if found.is_empty() {
            return EitherOf3::C(leptos::either::Either::Left(view! {
                <div class="is-no-match">
                    <p class="is-no-match__text">{t.no_match(&query.get())}</p>
                    <p class="is-no-match__call">{t.no_match_call_us}</p>
                    <ContactList contacts=f.contacts.clone() default_language=dl.clone() lang=lang phones_only=true/>
                </div>
            }));
        }
        let entries = found
            .into_iter()
            .filter_map(|hit| {
                let e = f.faq.get(hit.index)?;
                Some(view! {
                    <FaqEntry
                        id=e.id.clone()
                        question=e.question.get(code, &dl).to_owned()
                        answer=e.answer.get(code, &dl).to_owned()
                        question_marks=hit.question
                        answer_marks=hit.answer
                        lang=lang
                        state=result_state
                    />
                })
            })
            .collect_view();
        EitherOf3::C(leptos::either::Either::Right(view! { <ul class="is-faq__list is-faq__list--results">{entries}</ul> }))
    };
    let has_faq = move || feed.with(|f| f.as_ref().is_some_and(|f| !f.faq.is_empty()));

    view! {
        <Show when=has_faq>
            <section class="is-section is-faq" node_ref=root>
                <h2 class="is-section__heading">{t.faq_heading}</h2>
                <label class="is-search">
                    <span class="is-search__label">{t.search_label}</span>
                    <input
                        class="is-search__input"
                        type="search"
                        autocomplete="off"
                        spellcheck="false"
                        enterkeyhint="search"
                        placeholder=t.search_placeholder
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                </label>
                <p class="is-search__count" role="status">{count}</p>
                {body}
            </section>
        </Show>
    }
}
