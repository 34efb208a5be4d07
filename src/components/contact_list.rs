use incident_feed::links::{mailto, safe_href};
use incident_feed::model::Contact;
use incident_feed::phone::tel_uri;
use incident_feed::texts::Lang;
use leptos::either::Either;
use leptos::prelude::*;

/// A number as printed, linked as `tel:` in E.164 form when it normalises
/// with certainty; otherwise plain text (a wrong link is worse than none).
#[component]
pub fn PhoneNumber(#[prop(into)] printed: String) -> impl IntoView {
    match tel_uri(&printed) {
        Some(uri) => Either::Left(view! { <a class="is-tel" href=uri dir="auto">{printed}</a> }),
        None => Either::Right(view! { <span class="is-tel is-tel--plain" dir="auto">{printed}</span> }),
    }
}

/// Every way to reach the organisation: purpose, number, hours, note, email, web.
#[component]
pub fn ContactList(
    contacts: Vec<Contact>,
    #[prop(into)] default_language: String,
    lang: Lang,
    /// Show only contacts with a phone number (the hotlines).
    #[prop(optional)]
    phones_only: bool,
    /// Render the section heading (off where the list sits under another heading).
    #[prop(optional)]
    with_heading: bool,
) -> impl IntoView {
    let t = lang.texts();
    let code = lang.code();
    let dl = default_language;
    let items = contacts
        .iter()
        .filter(|c| !phones_only || c.phone.is_some())
        .map(|c| {
            let label = c.label.get(code, &dl).to_owned();
            let phone = c.phone.clone().map(|p| {
                view! { <p class="is-contact__phone"><span class="is-contact__kind">{t.phone}": "</span><PhoneNumber printed=p/></p> }
            });
            let hours = c.hours.as_ref().map(|h| {
                view! { <p class="is-contact__hours"><span class="is-contact__kind">{t.hours}": "</span><bdi>{h.get(code, &dl).to_owned()}</bdi></p> }
            });
            let note = c.note.as_ref().map(|n| view! { <p class="is-contact__note" dir="auto">{n.get(code, &dl).to_owned()}</p> });
            let email = c.email.clone().filter(|_| !phones_only).map(|e| {
                let link = match mailto(&e) {
                    Some(href) => Either::Left(view! { <a class="is-mail" href=href dir="auto">{e}</a> }),
                    None => Either::Right(view! { <bdi>{e}</bdi> }),
                };
                view! { <p class="is-contact__email"><span class="is-contact__kind">{t.email}": "</span>{link}</p> }
            });
            let url = c.url.clone().filter(|_| !phones_only).map(|u| {
                // The address is shown without the scheme so the reader sees where it leads.
                let shown = u.split_once("://").map(|(_, rest)| rest.to_owned()).unwrap_or_else(|| u.clone());
                // A web contact is an http(s) link or plain text, as the format says.
                let link = match safe_href(&u).ok().filter(|h| h.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("http"))) {
                    Some(href) => Either::Left(view! { <a class="is-web" href=href.to_owned() rel="noopener noreferrer" dir="auto">{shown}</a> }),
                    None => Either::Right(view! { <bdi>{shown}</bdi> }),
                };
                view! { <p class="is-contact__web"><span class="is-contact__kind">{t.web}": "</span>{link}</p> }
            });
            view! {
                <li class="is-contact">
                    <p class="is-contact__label" dir="auto">{label}</p>
                    {phone}
                    {hours}
                    {note}
                    {email}
                    {url}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="is-contacts">
            {with_heading.then(|| view! { <h2 class="is-section__heading">{t.contacts_heading}</h2> })}
            <ul class="is-contacts__list">{items}</ul>
        </div>
    }
}
