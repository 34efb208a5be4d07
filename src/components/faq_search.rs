use std::sync::Arc;

use incident_feed::search_wire::PackedHit;
use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

use super::question_list::FIRST_QUESTIONS;
use super::{ContactList, FaqEntry, MatchingContacts, QuestionList, CONTACT_HITS};
use crate::browser;
use crate::open_state::OpenState;
use crate::search_engine::{self, EngineStatus, FaqIndex};
use crate::search_module;

/// The search index of one feed. Compared by identity: a new feed is a new
/// index, and the index is built once per feed, not per keystroke.
#[derive(Clone)]
struct SharedIndex(Arc<dyn FaqIndex>);

impl PartialEq for SharedIndex {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// What the search has for the field's value.
#[derive(Clone, PartialEq)]
enum Outcome {
    /// The field is blank: the full list shows.
    Blank,
    /// The search is still loading; the query waits for it.
    Preparing,
    /// The search could not load: the full list shows.
    Unavailable,
    /// The questions found, best first, and the contacts found (for a query
    /// asking how to reach us), best first, by their position in the feed's
    /// contacts; either or both possibly none.
    Found { questions: Vec<PackedHit>, contacts: Vec<usize> },
}

/// The FAQ with search as you type: a labelled field, results on every
/// keystroke with matches marked, a count, all questions (collapsed) when the
/// field is empty, and the hotlines when nothing matches. A query asking how
/// to reach us ("Hotline Nummer", "anrufen") finds the matching contacts
/// too, shown above the questions. The order of results is whatever the
/// core search returns.
#[component]
pub fn FaqSearch(feed: Signal<Option<Arc<Feed>>>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let code = lang.code();
    let status = search_engine::status();
    let index = {
        let status = status.clone();
        // Rebuilt when the feed changes or the search becomes ready.
        Memo::new(move |_| {
            if status.get() != EngineStatus::Ready {
                return None;
            }
            feed.with(|f| f.as_ref().and_then(|f| search_engine::index(f)).map(SharedIndex))
        })
    };
    let query = RwSignal::new(String::new());
    // The field's current value is searched whenever it, the feed or the
    // engine changes: what is typed while the search loads is searched
    // as soon as it is ready.
    let outcome: Memo<Outcome> = Memo::new(move |_| {
        let q = query.get();
        if q.trim().is_empty() {
            return Outcome::Blank;
        }
        match status.get() {
            EngineStatus::Preparing => Outcome::Preparing,
            EngineStatus::Unavailable => Outcome::Unavailable,
            EngineStatus::Ready => index.with(|ix| match ix {
                Some(ix) => {
                    let questions = ix.0.search(&q, code, feed.with(|f| f.as_ref().map_or(1, |f| f.faq.len().max(1))));
                    let contacts = questions.as_ref().and_then(|_| ix.0.contacts(&q, code, CONTACT_HITS));
                    match (questions, contacts) {
                        (Some(questions), Some(contacts)) => Outcome::Found { questions, contacts: contacts.into_iter().map(|h| h.index).collect() },
                        _ => Outcome::Unavailable,
                    }
                }
                // The engine could not index this feed (and is now unavailable).
                None => Outcome::Unavailable,
            }),
        }
    });
    let searching = Memo::new(move |_| outcome.with(|o| matches!(o, Outcome::Preparing | Outcome::Found { .. })));
    let unavailable = {
        let status = search_engine::status();
        Memo::new(move |_| status.get() == EngineStatus::Unavailable)
    };
    // Loaded once the page is idle after the first paint, or at once when
    // the reader turns to the field.
    Effect::new(move |_| {
        if feed.with(|f| f.as_ref().is_some_and(|f| !f.faq.is_empty())) {
            search_module::start_when_idle();
        }
    });
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

    let count = move || match outcome.get() {
        Outcome::Found { questions, contacts } => Some(t.hits(questions.len() + contacts.len())),
        Outcome::Preparing => Some(t.search_preparing.to_owned()),
        Outcome::Unavailable | Outcome::Blank => unavailable.get().then(|| t.search_unavailable.to_owned()),
    };
    let body = move || {
        let Some(f) = feed.get() else { return EitherOf3::A(()) };
        let dl = f.default_language.clone();
        if !searching.get() {
            return EitherOf3::B(view! { <QuestionList feed=f lang=lang state=browse_state all_shown=all_questions_shown/> });
        }
        let Outcome::Found { questions, contacts } = outcome.get() else {
            // Preparing: the status line says so, and no "no results" shows.
            return EitherOf3::A(());
        };
        if questions.is_empty() && contacts.is_empty() {
            return EitherOf3::C(Either::Left(view! {
                <div class="is-no-match">
                    <p class="is-no-match__text">{t.no_match(&query.get())}</p>
                    <p class="is-no-match__call">{t.no_match_call_us}</p>
                    <ContactList contacts=f.contacts.clone() default_language=dl.clone() lang=lang phones_only=true/>
                </div>
            }));
        }
        let matching = (!contacts.is_empty()).then(|| {
            let found = contacts.iter().filter_map(|&i| f.contacts.get(i).cloned()).collect::<Vec<_>>();
            view! { <MatchingContacts contacts=found default_language=dl.clone() lang=lang/> }
        });
        // Contacts found, but no question: said plainly below them.
        let questions = if questions.is_empty() {
            Either::Left(view! { <p class="is-no-match__text">{t.no_match(&query.get())}</p> })
        } else {
            let entries = questions
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
            Either::Right(view! { <ul class="is-faq__list is-faq__list--results">{entries}</ul> })
        };
        EitherOf3::C(Either::Right(view! { {matching} {questions} }))
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
                        placeholder=move || if unavailable.get() { t.search_unavailable } else { t.search_placeholder }
                        prop:value=move || query.get()
                        on:focus=move |_| search_module::start()
                        on:input=move |ev| {
                            search_module::start();
                            query.set(event_target_value(&ev));
                        }
                    />
                </label>
                <p class="is-search__count" role="status">{count}</p>
                {body}
            </section>
        </Show>
    }
}
