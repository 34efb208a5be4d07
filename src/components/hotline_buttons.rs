use incident_feed::model::Contact;
use incident_feed::phone::tel_uri;
use incident_feed::texts::Lang;
use leptos::prelude::*;

/// How many hotlines the header shows: enough for "questions" and
/// "emergencies", few enough to stay within a phone's first screen.
pub const HEADER_HOTLINES: usize = 2;

/// The contacts whose number can be dialled for certain, in the feed's
/// order (its priority), each with its `tel:` URI: the hotlines the header
/// and the compact banner offer first.
pub fn dialable(contacts: &[Contact]) -> impl Iterator<Item = (&Contact, String)> {
    contacts.iter().filter_map(|c| Some((c, tel_uri(c.phone.as_deref()?)?)))
}

/// The first [`HEADER_HOTLINES`] contacts with a phone number that can be
/// dialled, as call buttons with their purpose and hours: in a crisis the
/// number to call comes first (the feed's order of contacts is its
/// priority). A number that is not certain to dial stays in the full contact
/// list, which follows further down, rather than becoming a wrong button.
#[component]
pub fn HotlineButtons(contacts: Vec<Contact>, #[prop(into)] default_language: String, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let code = lang.code();
    let dl = default_language;
    let buttons: Vec<_> = dialable(&contacts)
        .take(HEADER_HOTLINES)
        .map(|(c, uri)| {
            let label = c.label.get(code, &dl).to_owned();
            let number = c.phone.clone().unwrap_or_default();
            let hours = c.hours.as_ref().map(|h| view! { <span class="is-call__hours" dir="auto">{h.get(code, &dl).to_owned()}</span> });
            view! {
                <li class="is-call">
                    <a class="is-call__button" href=uri>
                        <span class="is-call__label" dir="auto">{label}</span>
                        <span class="is-call__number" dir="auto">{number}</span>
                    </a>
                    {hours}
                </li>
            }
        })
        .collect();
    (!buttons.is_empty()).then(|| view! { <ul class="is-hotlines" aria-label=t.header_hotlines_label>{buttons}</ul> })
}
