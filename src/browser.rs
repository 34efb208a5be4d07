//! The inputs only a browser has: languages, the reader's time zone, the URL
//! hash, the clock. Everything is read defensively: a host page may be
//! sandboxed or odd, and the widget must still render.

use incident_feed::datetime;
use incident_feed::texts::{resolve_language, Lang};
use leptos::prelude::{on_cleanup, request_animation_frame, untrack, window_event_listener_untyped, Effect, GetUntracked, NodeRef};
use wasm_bindgen::JsValue;

/// The language sources other than the widget's own attribute, read once at mount.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LanguageInputs {
    /// The host page's `<html lang>`.
    pub page: Option<String>,
    /// `navigator.languages`, most preferred first.
    pub browser: Vec<String>,
}

impl LanguageInputs {
    pub fn read() -> LanguageInputs {
        let window = web_sys::window();
        let page = window
            .as_ref()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .filter(|l| !l.trim().is_empty());
        let browser = window
            .map(|w| w.navigator())
            .map(|n| {
                let list: Vec<String> = n.languages().iter().filter_map(|v| v.as_string()).collect();
                if list.is_empty() {
                    n.language().into_iter().collect()
                } else {
                    list
                }
            })
            .unwrap_or_default();
        LanguageInputs { page, browser }
    }

    /// The interface language, see [`resolve_language`].
    pub fn resolve(&self, widget: Option<&str>, feed_default: &str) -> Lang {
        resolve_language(widget, self.page.as_deref(), &self.browser, feed_default)
    }
}

/// Seconds since the epoch by the reader's clock.
pub fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// No server clock seen yet (see [`SERVER_CLOCK_AHEAD`]).
const UNKNOWN: i64 = i64::MIN;

thread_local! {
    /// How far the feed server's clock is ahead of the reader's, in seconds,
    /// once a response carried a readable `Date`, else [`UNKNOWN`]; reactive,
    /// so that relative times are corrected as soon as the first answer
    /// arrives. A plain `i64` (not an `Option`): the signal code for `i64` is
    /// in the bundle already.
    static SERVER_CLOCK_AHEAD: leptos::prelude::ArcRwSignal<i64> = leptos::prelude::ArcRwSignal::new(UNKNOWN);
}

/// Notes the server's clock from a response's `Date` (plus `Age`, for a
/// copy a cache kept). Cross-origin, `Date` is readable only when the feed
/// host exposes it (`Access-Control-Expose-Headers: Date`); without it,
/// relative times fall back to the plausibility rule of
/// [`incident_feed::datetime::plausible_relative_time`].
pub fn observe_server_clock(date: Option<String>, age: Option<String>) {
    use leptos::prelude::{GetUntracked, Set};
    let Some(server_ms) = date.map(|d| js_sys::Date::parse(&d)).filter(|ms| ms.is_finite()) else { return };
    let age = age.and_then(|a| a.trim().parse::<i64>().ok()).unwrap_or(0).clamp(0, 86_400 * 365);
    let ahead = (server_ms / 1000.0).floor() as i64 + age - now_unix();
    SERVER_CLOCK_AHEAD.with(|s| {
        // Date has whole seconds: keep the first reading unless the clocks
        // moved apart since, so that relative times do not flicker.
        let old = s.get_untracked();
        if old == UNKNOWN || (old - ahead).abs() > 2 {
            s.set(ahead);
        }
    });
}

/// Now by the feed server's clock when one was seen (see
/// [`observe_server_clock`]), else by the reader's, and whether it was
/// corrected. Tracks the correction when read in a reactive scope.
pub fn corrected_now_unix() -> (i64, bool) {
    corrected(now_unix())
}

/// [`corrected_now_unix`] for a reading of the reader's clock taken
/// elsewhere (the widget's tick).
pub fn corrected(reader_now_unix: i64) -> (i64, bool) {
    use leptos::prelude::Get;
    match SERVER_CLOCK_AHEAD.with(|s| s.get()) {
        UNKNOWN => (reader_now_unix, false),
        ahead => (reader_now_unix.saturating_add(ahead), true),
    }
}

/// The reader's UTC offset (minutes east) and short zone name at `unix_seconds`.
/// The offset is taken for that instant, so a date in summer reads "MESZ"
/// even when read in winter.
pub fn zone_at(unix_seconds: i64, lang: Lang) -> (i32, String) {
    let date = js_sys::Date::new(&JsValue::from_f64(unix_seconds as f64 * 1000.0));
    let offset = offset_of(&date);
    (offset, zone_name(&date, lang).unwrap_or_else(|| utc_offset_name(offset)))
}

/// The reader's UTC offset (minutes east) at `date`.
fn offset_of(date: &js_sys::Date) -> i32 {
    // getTimezoneOffset is minutes *west* of UTC.
    -(date.get_timezone_offset() as i32)
}

fn zone_name(date: &js_sys::Date, lang: Lang) -> Option<String> {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"timeZoneName".into(), &"short".into()).ok()?;
    let locales = js_sys::Array::of1(&JsValue::from_str(lang.locale()));
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options);
    format.format_to_parts(date).iter().find_map(|part| {
        let kind = js_sys::Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        if kind == "timeZoneName" {
            js_sys::Reflect::get(&part, &"value".into()).ok()?.as_string()
        } else {
            None
        }
    })
}

fn utc_offset_name(offset: i32) -> String {
    if offset == 0 {
        return "UTC".into();
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let m = offset.unsigned_abs();
    if m % 60 == 0 {
        format!("UTC{sign}{}", m / 60)
    } else {
        format!("UTC{sign}{}:{:02}", m / 60, m % 60)
    }
}

/// A feed's date in full ([`long_date_time`]); "unbekannt" when it cannot
/// be read (the tolerant reader keeps its item).
pub fn long_date_time_of(t: &incident_feed::datetime::Timestamp, lang: Lang) -> String {
    t.parse().map(|i| long_date_time(i.unix_seconds, lang)).unwrap_or_else(|| lang.texts().date_unknown.to_owned())
}

/// A feed's date, short ([`short_date_time`]); "unbekannt" when it cannot be
/// read (the tolerant reader keeps its item).
pub fn short_date_time_of(t: &incident_feed::datetime::Timestamp, lang: Lang) -> String {
    t.parse().map(|i| short_date_time(i.unix_seconds, lang)).unwrap_or_else(|| lang.texts().date_unknown.to_owned())
}

/// "3. August 2022, 14:05 Uhr MESZ" in the reader's zone.
pub fn long_date_time(unix_seconds: i64, lang: Lang) -> String {
    let (offset, zone) = zone_at(unix_seconds, lang);
    datetime::format_date_time(unix_seconds, offset, &zone, lang.code())
}

/// "14:00 Uhr MEZ" in the reader's zone when `unix_seconds` is on the same
/// day as `now_unix` there, else the whole date ([`long_date_time`]).
pub fn time_or_date(unix_seconds: i64, lang: Lang, now_unix: i64) -> String {
    let (offset, zone) = zone_at(unix_seconds, lang);
    datetime::format_time_or_date(unix_seconds, offset, &zone, now_unix, lang.code())
}

/// "03.08.2022, 14:05" in the reader's zone (the zone is named once, in the header).
pub fn short_date_time(unix_seconds: i64, lang: Lang) -> String {
    // Only the offset: naming the zone builds an `Intl.DateTimeFormat`,
    // which cost milliseconds per update in a long timeline.
    let offset = offset_of(&js_sys::Date::new(&JsValue::from_f64(unix_seconds as f64 * 1000.0)));
    datetime::format_short(unix_seconds, offset, lang.code())
}

/// The URL fragment without `#`, percent-decoded (ids are ASCII slugs, so
/// decoding only matters for hand-typed links).
pub fn location_hash() -> String {
    let raw = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let raw = raw.strip_prefix('#').unwrap_or(&raw).to_owned();
    js_sys::decode_uri_component(&raw).ok().and_then(|s| s.as_string()).unwrap_or(raw)
}

/// Runs `follow` once the component is mounted and again whenever the URL
/// fragment changes, until the component is cleaned up: how deep links
/// (`#update-…`, `#faq-…`) reach entries inside a shadow root, where the
/// browser's own fragment navigation does not look.
pub fn follow_location_hash(follow: impl Fn() + Clone + Send + Sync + 'static) {
    let on_load = follow.clone();
    Effect::new(move |_| untrack(&on_load));
    let listener = window_event_listener_untyped("hashchange", move |_| follow());
    on_cleanup(move || listener.remove());
}

/// Finds an element by id below `root` (works inside a shadow root, where
/// `document.getElementById` does not reach).
pub fn find_by_id(root: &web_sys::Element, id: &str) -> Option<web_sys::Element> {
    // Ids here are sanitised slugs; an attribute selector also takes ids
    // starting with a digit, which `#id` would not.
    let selector = format!("[id=\"{}\"]", id.replace(['"', '\\'], ""));
    root.query_selector(&selector).ok().flatten()
}

/// After the next frame (once an entry just opened is rendered), scrolls
/// the element `id` below the section `root` to the top of the viewport.
pub fn scroll_to_id_after_render(root: NodeRef<leptos::html::Section>, id: String) {
    request_animation_frame(move || {
        if let Some(el) = root.get_untracked().and_then(|r| find_by_id(&r, &id)) {
            scroll_to(&el);
        }
    });
}

/// After the next frame, moves focus to the first entry button below
/// `wrapper`: where focus goes when a "show older" button it was on is
/// replaced by what it showed, instead of falling back to the page.
pub fn focus_first_toggle_after_render(wrapper: NodeRef<leptos::html::Div>) {
    request_animation_frame(move || {
        let first = wrapper.get_untracked().and_then(|w| w.query_selector(".is-toggle").ok().flatten());
        if let Some(button) = first.and_then(|b| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b).ok()) {
            let _ = button.focus();
        }
    });
}

/// Scrolls an element to the top of the viewport without animation (an
/// instant jump is what `prefers-reduced-motion` asks for, and fine for all).
pub fn scroll_to(el: &web_sys::Element) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Start);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}
