use std::sync::Arc;

use incident_feed::model::{ServiceStatus, StatusLevel};
use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::either::Either;
use leptos::prelude::*;

use super::{ContactList, Icon, Paragraphs, StateIcon};
use crate::browser;

/// The expanding panel's id. Unique as it is: each widget renders into its
/// own shadow root, and a widget shows one compact banner at most.
const PANEL_ID: &str = "compact-panel";

/// What the compact banner says, taken from the feed: first what a customer
/// on this page needs (does the service I am about to use work? whom do I
/// call?), the newest update only when expanded.
struct Summary {
    icon: Icon,
    /// "Kundenportal: Ausgefallen" when the page names its service, else the
    /// feed's level in words ("Teilweise gestört"): the service's name (feed
    /// text, isolated when shown so that it cannot reorder the state's
    /// words) and the widget's words.
    lead: (Option<String>, &'static str),
    /// The service's note when it has one, else the feed's headline.
    text: String,
    /// The headline too, in the panel, when `text` is the service's note.
    headline: Option<String>,
    /// The first hotline that can be dialled: its purpose, number and `tel:` URI.
    hotline: Option<(String, String, String)>,
    /// The newest update of an open incident: its title and text.
    update: Option<(Option<String>, String)>,
    /// When the newest update (else the feed) was published, for the reader.
    when: String,
}

fn summarise(feed: &Feed, lang: Lang, service: Option<&str>) -> Option<Summary> {
    let t = lang.texts();
    let code = lang.code();
    let dl = feed.default_language.as_str();
    let open = feed.incidents_newest_first().into_iter().find(|i| i.status.is_open());
    let service = service.and_then(|id| feed.services.iter().find(|s| s.id == id));
    let service_works = service.is_none_or(|s| s.status == ServiceStatus::Operational);
    if open.is_none() && feed.status.level == StatusLevel::Operational && service_works {
        return None;
    }
    let headline = feed.status.headline.get(code, dl).to_owned();
    let note = service.and_then(|s| s.note.as_ref()).map(|n| n.get(code, dl).to_owned()).filter(|n| !n.is_empty());
    let (icon, lead) = match service {
        Some(s) => (Icon::for_service(s.status), (Some(s.name.get(code, dl).to_owned()), t.service_status(s.status))),
        None => (Icon::for_level(feed.status.level), (None, t.level(feed.status.level))),
    };
    let hotline =
        super::hotline_buttons::dialable(&feed.contacts).next().map(|(c, uri)| (c.label.get(code, dl).to_owned(), c.phone.clone().unwrap_or_default(), uri));
    let latest = open.and_then(|i| i.latest_update());
    let update = latest.map(|u| (u.title.as_ref().map(|x| x.get(code, dl).to_owned()).filter(|x| !x.is_empty()), u.body.get(code, dl).to_owned()));
    let when = browser::long_date_time_of(latest.map(|u| &u.at).unwrap_or(&feed.updated_at), lang);
    let (text, headline) = match note {
        Some(note) => (note, Some(headline)),
        None => (headline, None),
    };
    Some(Summary { icon, lead, text, headline, hotline, update, when })
}

/// For a login page: the page's service (or the feed's level) and the
/// headline on at most two lines, the first hotline as a tap-to-call link,
/// and "mehr" / "more" that expands in place to the whole text, the newest
/// update and every hotline, within a bounded height that scrolls inside
/// (the form below stays within reach). It never takes focus, never
/// overlays anything, and the host reserves its height (CSS) so the form
/// does not move when it loads. With nothing open and the page's service
/// working it shows a quiet "Alle Systeme normal", or nothing when
/// `quiet_when_normal` is off.
#[component]
pub fn CompactBanner(feed: Signal<Option<Arc<Feed>>>, lang: Lang, quiet_when_normal: bool, service: Option<String>) -> impl IntoView {
    let t = lang.texts();
    let expanded = RwSignal::new(false);
    move || {
        let f = feed.get()?;
        let Some(summary) = summarise(&f, lang, service.as_deref()) else {
            return quiet_when_normal.then(|| {
                Either::Left(view! {
                    <p class="is-compact is-compact--normal is-tone-ok">
                        <StateIcon icon=Icon::Ok/>
                        <span class="is-compact__title">{t.all_systems_normal}</span>
                    </p>
                })
            });
        };
        let icon = summary.icon;
        let (service_name, state_words) = summary.lead;
        let hotline = summary.hotline.map(|(label, printed, uri)| {
            view! {
                <p class="is-compact__call">
                    <span class="is-compact__call-label"><bdi>{label}</bdi>": "</span>
                    <a class="is-tel" href=uri dir="auto">{printed}</a>
                </p>
            }
        });
        let update = summary.update.map(|(title, body)| {
            view! {
                {title.map(|x| view! { <p class="is-compact__update-title" dir="auto">{x}</p> })}
                <Paragraphs text=body/>
            }
        });
        Some(Either::Right(view! {
            <div class=move || {
                let open = if expanded.get() { " is-compact--expanded" } else { "" };
                format!("is-compact is-tone-{}{open}", icon.tone())
            }>
                <div class="is-compact__head">
                    <p class="is-compact__lead">
                        <StateIcon icon=icon/>
                        <span class="is-compact__lead-words">
                            {service_name.map(|name| view! { <bdi>{name}</bdi>": " })}
                            {state_words}
                        </span>
                    </p>
                    <button
                        type="button"
                        class="is-more"
                        aria-expanded=move || if expanded.get() { "true" } else { "false" }
                        aria-controls=PANEL_ID
                        on:click=move |_| {
                            expanded.update(|e| *e = !*e);
                            // A reader who opens the banner may search next (`search()`).
                            crate::search_module::start();
                        }
                    >
                        {move || if expanded.get() { t.less } else { t.more }}
                    </button>
                </div>
                <p class="is-compact__title" dir="auto">{summary.text}</p>
                {hotline}
                // Focusable so that a keyboard can scroll it when it is taller than its bound.
                <div class="is-compact__panel is-panel" id=PANEL_ID tabindex="0" hidden=move || !expanded.get()>
                    {summary.headline.map(|h| view! { <p class="is-compact__headline" dir="auto">{h}</p> })}
                    <p class="is-compact__when">{t.updated_prefix}" "{summary.when}</p>
                    {update}
                    <ContactList contacts=f.contacts.clone() default_language=f.default_language.clone() lang=lang phones_only=true/>
                </div>
            </div>
        }))
    }
}
