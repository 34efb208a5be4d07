//! Which collapsible entries are open, kept apart from the DOM so that a
//! replaced feed re-renders without closing what the reader opened.

use std::collections::HashMap;

use leptos::prelude::*;

/// Open/closed state per entry id: the reader's choices, else a default.
#[derive(Clone, Copy)]
pub struct OpenState {
    chosen: RwSignal<HashMap<String, bool>>,
    /// The one entry open by default (the newest update), if any.
    default_one: Signal<Option<String>>,
    /// Whether every entry is open by default (search results).
    default_all: bool,
}

impl OpenState {
    pub fn new(default_one: Signal<Option<String>>, default_all: bool) -> Self {
        OpenState { chosen: RwSignal::new(HashMap::new()), default_one, default_all }
    }

    pub fn is_open(&self, id: &str) -> bool {
        let chosen = self.chosen.with(|m| m.get(id).copied());
        chosen.unwrap_or_else(|| self.default_all || self.default_one.with(|d| d.as_deref() == Some(id)))
    }

    /// Whether `id` is open, as a signal for `aria-expanded` and `hidden`.
    pub fn open_signal(self, id: String) -> Signal<bool> {
        Signal::derive(move || self.is_open(&id))
    }

    /// A click handler that opens or closes `id`.
    pub fn toggler<E>(self, id: String) -> impl Fn(E) + Clone + 'static {
        move |_| self.toggle(&id)
    }

    pub fn set(&self, id: &str, open: bool) {
        if self.chosen.with_untracked(|m| m.get(id).copied()) != Some(open) {
            self.chosen.update(|m| {
                m.insert(id.to_owned(), open);
            });
        }
    }

    pub fn toggle(&self, id: &str) {
        let open = self.is_open_untracked(id);
        self.set(id, !open);
    }

    fn is_open_untracked(&self, id: &str) -> bool {
        untrack(|| self.is_open(id))
    }

    /// Opens or closes every id given.
    pub fn set_all<'a>(&self, ids: impl IntoIterator<Item = &'a str>, open: bool) {
        self.chosen.update(|m| {
            for id in ids {
                m.insert(id.to_owned(), open);
            }
        });
    }

    /// Forgets the reader's choices (a new search starts with its defaults).
    pub fn reset(&self) {
        if self.chosen.with_untracked(|m| !m.is_empty()) {
            self.chosen.set(HashMap::new());
        }
    }
}
