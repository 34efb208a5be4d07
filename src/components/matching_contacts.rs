use incident_feed::model::Contact;
use incident_feed::texts::Lang;
use leptos::prelude::*;

use super::ContactList;

/// At most this many contacts show above the questions found: the feed's
/// first contacts are its hotlines, and a longer list would push the
/// answers off a phone's screen.
pub const CONTACT_HITS: usize = 3;

/// The contacts the search found for a query that asks how to reach us
/// ("Hotline Nummer", "anrufen", "Kontakt"), best first, in a small group
/// with its heading above the questions found: each as in the full contact
/// list, its number a tap-to-call link when it can be dialled for certain.
#[component]
pub fn MatchingContacts(contacts: Vec<Contact>, #[prop(into)] default_language: String, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    view! {
        <div class="is-search-contacts">
            <h3 class="is-search-contacts__heading">{t.search_contacts_heading}</h3>
            <ContactList contacts=contacts default_language=default_language lang=lang/>
        </div>
    }
}
