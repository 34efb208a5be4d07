use std::sync::Arc;

use incident_feed::model::StatusLevel;
use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::either::Either;
use leptos::prelude::*;

use super::{ContactList, Icon, Paragraphs, StateIcon};
use crate::browser;

/// The expanding panel's id. Unique as it is: each widget renders into its
/// own shadow root, and a widget shows one compact banner at most.
const PANEL_ID: &str = "compact-panel";

/// What the compact line says, taken from the feed.
struct Summary {
    level: StatusLevel,
    /// The newest update's title, else its incident's title, else the headline.
    title: String,
    /// When the newest update was published, formatted for the reader.
    when: Option<String>,
    body: String,
}

fn summarise(feed: &Feed, lang: Lang) -> Option<Summary> {
    let code = lang.code();
    let dl = feed.default_language.as_str();
    let open = feed.incidents_newest_first().into_iter().find(|i| i.status.is_open());
    if open.is_none() && feed.status.level == StatusLevel::Operational {
        return None;
    }
    let update = open.and_then(|i| i.latest_update());
    let title = update
        .and_then(|u| u.title.as_ref())
        .or(open.map(|i| &i.title))
        .map(|x| x.get(code, dl).to_owned())
        .filter(|x| !x.is_empty())
        .unwrap_or_else(|| feed.status.headline.get(code, dl).to_owned());
    let body = update.map(|u| u.body.get(code, dl).to_owned()).unwrap_or_else(|| feed.status.headline.get(code, dl).to_owned());
    let when = Some(browser::long_date_time(update.map(|u| u.at.unix_seconds()).unwrap_or(feed.updated_at.unix_seconds()), lang));
    Some(Summary { level: feed.status.level, title, when, body })
}

/// For a login page: the state and the newest update's title on one or two
/// lines, with "mehr" / "more" that expands in place. It never takes focus,
/// never overlays anything, and the root reserves its height (CSS) so the
/// form below does not move when it loads. With nothing open it shows a
/// quiet "Alle Systeme normal", or nothing when `quiet_when_normal` is off.
#[component]
pub fn CompactBanner(feed: Signal<Option<Arc<Feed>>>, lang: Lang, quiet_when_normal: bool) -> impl IntoView {
    let t = lang.texts();
    let expanded = RwSignal::new(false);
    move || {
        let f = feed.get()?;
        let Some(summary) = summarise(&f, lang) else {
            return quiet_when_normal.then(|| {
                Either::Left(view! {
                    <p class="is-compact is-compact--normal is-tone-ok">
                        <StateIcon icon=Icon::Ok/>
                        <span class="is-compact__title">{t.all_systems_normal}</span>
                    </p>
                })
            });
        };
        let icon = Icon::for_level(summary.level);
        Some(Either::Right(view! {
            <div class=move || {
                let open = if expanded.get() { " is-compact--expanded" } else { "" };
                format!("is-compact is-tone-{}{open}", icon.tone())
            }>
                <p class="is-compact__line">
                    <span class="is-level">
                        <StateIcon icon=icon/>
                        <span class="is-level__words">{t.level(summary.level)}</span>
                    </span>
                    " "
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
                    " "
                    <span class="is-compact__title">{summary.title}</span>
                </p>
                <div class="is-compact__panel is-panel" id=PANEL_ID hidden=move || !expanded.get()>
                    {summary.when.map(|w| view! { <p class="is-compact__when">{t.updated_prefix}" "{w}</p> })}
                    <Paragraphs text=summary.body/>
                    <ContactList contacts=f.contacts.clone() default_language=f.default_language.clone() lang=lang phones_only=true/>
                </div>
            </div>
        }))
    }
}
