use std::sync::Arc;

use incident_feed::texts::{Lang, Notice};
use incident_feed::Feed;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

use super::{
    AdviceList, ChannelList, CompactBanner, ContactList, FaqSearch, Icon, MoreNotShown, NoticeBar, PhoneNumber, ServiceList, StateIcon, StatusHeader, Timeline,
};
use crate::browser::{self, LanguageInputs};
use crate::options::{Mode, WidgetOptions};

/// How often relative times ("vor 2 Stunden") are refreshed.
const CLOCK_TICK: std::time::Duration = std::time::Duration::from_secs(30);

/// The widget's root, in full or compact mode.
///
/// `feed` is `None` until one is loaded; replacing it re-renders in place.
/// `notice` is a calm message shown with the feed or the fallback. With no
/// feed the widget always shows words and, if given, the fallback hotline and
/// link: never an empty box, never an endless spinner.
#[component]
pub fn IncidentStatus(
    #[prop(into)] feed: Signal<Option<Arc<Feed>>>,
    #[prop(into, optional)] notice: Signal<Option<Notice>>,
    #[prop(into, optional)] options: Signal<WidgetOptions>,
    /// Ids of updates that arrived while the page was open: marked "new" and
    /// announced politely to screen readers, without moving focus or scrolling.
    #[prop(into, optional)]
    new_updates: Signal<Vec<String>>,
) -> impl IntoView {
    provide_context(super::NewUpdates(new_updates));
    let inputs = LanguageInputs::read();
    let lang = Memo::new(move |_| {
        let widget_lang = options.with(|o| o.lang.clone());
        let feed_default = feed.with(|f| f.as_ref().map(|f| f.default_language.clone()).unwrap_or_default());
        inputs.resolve(widget_lang.as_deref(), &feed_default)
    });
    let has_feed = Memo::new(move |_| feed.with(Option::is_some));
    let layout = Memo::new(move |_| options.with(|o| (o.mode, o.quiet_when_normal, o.service.clone())));
    let root_class = move || options.with(WidgetOptions::root_class);

    let now = RwSignal::new(browser::now_unix());
    if let Ok(handle) = set_interval_with_handle(move || now.set(browser::now_unix()), CLOCK_TICK) {
        on_cleanup(move || handle.clear());
    }
    let now: Signal<i64> = now.into();

    // One calm line above the feed: why the newest feed is not shown (the
    // client's notice); else, checked on the tick so that it appears
    // without a reload, that the feed is past its `expires_at` (even when
    // just fetched); else, in compact mode, whose reserved height has no
    // room in the banner, that a promised update is overdue.
    let notice_view = move || {
        let lang = lang.get();
        let t = lang.texts();
        let text = match notice.get() {
            Some(n) => {
                let as_of = feed.with(|f| f.as_ref().map(|f| browser::long_date_time_of(&f.updated_at, lang)));
                t.notice(n, as_of.as_deref())
            }
            None => {
                let f = feed.get()?;
                let now = now.get();
                let (corrected, confirmed) = browser::corrected(now);
                match &f.expires_at {
                    Some(until) if incident_feed::promise::is_expired(&f, corrected, confirmed) => {
                        incident_feed::texts::fill(t.feed_expired, &[("time", &browser::long_date_time_of(until, lang))])
                    }
                    _ if layout.with(|l| l.0 == Mode::Compact) => super::next_update_said(&f, lang, now).filter(|said| said.0)?.1,
                    _ => return None,
                }
            }
        };
        Some(view! { <NoticeBar text=text/> })
    };

    let content = move || {
        let lang = lang.get();
        let (mode, quiet, service) = layout.get();
        if !has_feed.get() {
            return EitherOf3::A(view! { <Fallback notice=notice lang=lang options=options/> });
        }
        match mode {
            Mode::Compact => EitherOf3::B(view! { <CompactBanner feed=feed lang=lang quiet_when_normal=quiet service=service/> }),
            Mode::Full => EitherOf3::C(view! { <FullView feed=feed lang=lang now=now/> }),
        }
    };

    // The newest arrival, read out once: "Neue Meldung: <title>".
    let announcement = move || {
        let id = new_updates.with(|ids| ids.last().cloned())?;
        let lang = lang.get();
        let code = lang.code();
        feed.with(|f| {
            let f = f.as_ref()?;
            let update = f.incidents.iter().flat_map(|i| i.updates.iter()).find(|u| u.id == id)?;
            let text = update.title.as_ref().unwrap_or(&update.body).get(code, &f.default_language);
            let first_line = text.lines().next().unwrap_or("");
            Some(format!("{} {first_line}", lang.texts().new_update_announcement))
        })
    };

    view! {
        <div class=root_class lang=move || lang.get().code()>
            <p class="is-visually-hidden" aria-live="polite" aria-atomic="true">{announcement}</p>
            {notice_view}
            {content}
        </div>
    }
}

/// Everything, in the order a worried reader needs it.
#[component]
fn FullView(feed: Signal<Option<Arc<Feed>>>, lang: Lang, now: Signal<i64>) -> impl IntoView {
    let t = lang.texts();
    // Sections without inner state re-render whole when the feed changes;
    // the timeline and the search keep theirs (open entries, the query).
    let section = move |render: fn(Arc<Feed>, Lang, Signal<i64>) -> AnyView| move || feed.get().map(|f| render(f, lang, now));
    view! {
        <div class="is-full" role="region" aria-label=t.widget_label>
            {section(|f, lang, now| view! { <StatusHeader feed=f lang=lang now=now/> }.into_any())}
            {section(|f, lang, _| view! { <AdviceList feed=f.clone() lang=lang/> <MoreNotShown count=f.reading.omitted.advice lang=lang/> }.into_any())}
            {section(|f, lang, _| view! { <ServiceList feed=f.clone() lang=lang/> <MoreNotShown count=f.reading.omitted.services lang=lang/> }.into_any())}
            <Timeline feed=feed lang=lang/>
            {section(|f, lang, _| view! { <MoreNotShown count=f.reading.omitted.incidents lang=lang/> }.into_any())}
            {section(|f, lang, _| {
                view! {
                    <section class="is-section is-contacts-section">
                        <ContactList contacts=f.contacts.clone() default_language=f.default_language.clone() lang=lang with_heading=true/>
                        <MoreNotShown count=f.reading.omitted.contacts lang=lang/>
                    </section>
                }
                .into_any()
            })}
            <FaqSearch feed=feed lang=lang/>
            {section(|f, lang, _| view! { <MoreNotShown count=f.reading.omitted.faq lang=lang/> }.into_any())}
            {section(|f, lang, _| view! { <ChannelList feed=f.clone() lang=lang/> <MoreNotShown count=f.reading.omitted.channels lang=lang/> }.into_any())}
        </div>
    }
}

/// Shown while no feed is there: words, the embedder's hotline and link.
#[component]
fn Fallback(notice: Signal<Option<Notice>>, lang: Lang, options: Signal<WidgetOptions>) -> impl IntoView {
    let t = lang.texts();
    let message = move || match notice.get() {
        None => Either::Left(t.loading),
        Some(n) => Either::Right(format!("{} {}", t.unavailable, t.notice(n, None))),
    };
    let contacts = move || {
        let (phone, link) = options.with(|o| (o.fallback_phone.clone(), o.fallback_link.clone()));
        let link = link.filter(|l| incident_feed::links::safe_href(l).is_ok() && (l.starts_with("https:") || l.starts_with("http:")));
        view! {
            {phone.map(|p| view! { <p class="is-fallback__phone"><span class="is-contact__kind">{t.phone}": "</span><PhoneNumber printed=p/></p> })}
            {link.map(|l| view! { <p class="is-fallback__link"><a class="is-web" href=l rel="noopener noreferrer">{t.status_page_link}</a></p> })}
        }
    };
    view! {
        <div class="is-fallback">
            <p class="is-fallback__message" role="status">
                <StateIcon icon=Icon::Info/>
                <span>{message}</span>
            </p>
            {contacts}
        </div>
    }
}
