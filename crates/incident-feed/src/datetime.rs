//! RFC 3339 timestamps, and dates and relative times written for people.
//!
//! Written by hand rather than with a date crate: the feed needs one
//! timestamp syntax and the word book's languages (month names, date
//! patterns and relative times are in `words/*.txt`), and every KB of wasm counts. Time zones
//! are not bundled; the browser tells the reader's offset and zone name.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::words::{fill, Lang};

/// An RFC 3339 timestamp as written in the feed, e.g. `2026-11-03T14:05:00+01:00`.
///
/// It keeps the original text (so a feed is written back unchanged) and is
/// parsed on use; [`crate::validate`] reports the ones that do not parse.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp(String);

/// A parsed instant: seconds since the Unix epoch plus the offset it was written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instant {
    pub unix_seconds: i64,
    pub offset_minutes: i32,
}

impl Timestamp {
    pub fn new(text: impl Into<String>) -> Self {
        Timestamp(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The parsed instant, or `None` when the text is not RFC 3339 with an offset.
    pub fn parse(&self) -> Option<Instant> {
        parse_rfc3339(&self.0)
    }

    /// Seconds since the epoch; 0 for an unparseable text (validation rejects those).
    pub fn unix_seconds(&self) -> i64 {
        self.parse().map(|i| i.unix_seconds).unwrap_or(0)
    }

    /// A timestamp for `unix_seconds`, written in UTC (`…Z`).
    pub fn from_unix(unix_seconds: i64) -> Self {
        Timestamp(format_rfc3339(unix_seconds, 0))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Timestamp)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339 date and time with an offset, e.g. 2026-11-03T14:05:00+01:00",
            "pattern": r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
        })
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
///
/// ```
/// use incident_feed::datetime::parse_rfc3339;
/// let t = parse_rfc3339("2022-08-03T14:05:00+02:00").unwrap();
/// assert_eq!(t.unix_seconds, 1659528300);
/// assert_eq!(t.offset_minutes, 120);
/// assert!(parse_rfc3339("2022-08-03 14:05").is_none());
/// ```
pub fn parse_rfc3339(s: &str) -> Option<Instant> {
    let b = s.as_bytes();
    if b.len() < 20 || !s.is_ascii() {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = &s[range];
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ => {
            let rb = rest.as_bytes();
            if rb.len() != 6 || !matches!(rb[0], b'+' | b'-') || rb[3] != b':' {
                return None;
            }
            let hours: i64 = rest[1..3].parse().ok()?;
            let minutes: i64 = rest[4..6].parse().ok()?;
            if hours > 23 || minutes > 59 || !rest[1..3].bytes().chain(rest[4..6].bytes()).all(|c| c.is_ascii_digit()) {
                return None;
            }
            let total = hours * 60 + minutes;
            if rb[0] == b'-' {
                -total
            } else {
                total
            }
        }
    };
    let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second.min(59);
    Some(Instant { unix_seconds: local - offset_minutes * 60, offset_minutes: offset_minutes as i32 })
}

/// Writes an instant as RFC 3339 at the given offset, e.g. `2026-11-03T14:05:00+01:00`.
pub fn format_rfc3339(unix_seconds: i64, offset_minutes: i32) -> String {
    let c = Civil::from_unix(unix_seconds + offset_minutes as i64 * 60);
    let zone = if offset_minutes == 0 {
        "Z".to_owned()
    } else {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let m = offset_minutes.unsigned_abs();
        format!("{sign}{:02}:{:02}", m / 60, m % 60)
    };
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{zone}", c.year, c.month, c.day, c.hour, c.minute, c.second)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A calendar date and wall-clock time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl Civil {
    /// The wall-clock reading of `local_seconds` (Unix seconds already shifted by the offset).
    pub fn from_unix(local_seconds: i64) -> Civil {
        let days = local_seconds.div_euclid(86_400);
        let secs = local_seconds.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Civil { year, month, day, hour: (secs / 3600) as u32, minute: (secs % 3600 / 60) as u32, second: (secs % 60) as u32 }
    }
}

/// A date and time for people, in the reader's offset.
///
/// `offset_minutes` is the reader's UTC offset at that instant (east positive)
/// and `zone` its short name ("MESZ", "CET", "UTC"); both come from the browser.
///
/// ```
/// use incident_feed::datetime::format_date_time;
/// let t = 1659528300; // 2022-08-03T12:05:00Z
/// assert_eq!(format_date_time(t, 120, "MESZ", "de"), "3. August 2022, 14:05 Uhr MESZ");
/// assert_eq!(format_date_time(t, 60, "BST", "en"), "3 August 2022, 13:05 BST");
/// ```
pub fn format_date_time(unix_seconds: i64, offset_minutes: i32, zone: &str, lang: &str) -> String {
    let c = Civil::from_unix(unix_seconds + i64::from(offset_minutes) * 60);
    let t = Lang::for_tag(lang).texts();
    let zone = zone.trim();
    let zone = if zone.is_empty() { String::new() } else { format!(" {zone}") };
    fill(t.date_long, &[("day", &c.day), ("month", &t.month(c.month)), ("year", &c.year), ("hour", &Two(c.hour)), ("minute", &Two(c.minute)), ("zone", &zone)])
}

/// A short date and time for lists ("03.08.2022, 14:05" / "3 Aug 2022, 14:05").
pub fn format_short(unix_seconds: i64, offset_minutes: i32, lang: &str) -> String {
    let c = Civil::from_unix(unix_seconds + i64::from(offset_minutes) * 60);
    let t = Lang::for_tag(lang).texts();
    fill(
        t.date_short,
        &[
            ("day", &c.day),
            ("day2", &Two(c.day)),
            ("month2", &Two(c.month)),
            ("month_short", &t.month_short(c.month)),
            ("year", &c.year),
            ("hour", &Two(c.hour)),
            ("minute", &Two(c.minute)),
        ],
    )
}

/// A time for a promise: the time of day ("14:00 Uhr MEZ") when it falls on
/// the same day as `now_unix` in the reader's offset, else the whole date
/// ([`format_date_time`]), so that "14:00" never means tomorrow's or
/// yesterday's 14:00 unsaid.
///
/// ```
/// use incident_feed::datetime::format_time_or_date;
/// let t = 1659528300; // 2022-08-03T12:05:00Z
/// assert_eq!(format_time_or_date(t, 120, "MESZ", t - 3600, "de"), "14:05 Uhr MESZ");
/// assert_eq!(format_time_or_date(t, 120, "MESZ", t - 86_400, "de"), "3. August 2022, 14:05 Uhr MESZ");
/// assert_eq!(format_time_or_date(t, 60, "BST", t + 600, "en"), "13:05 BST");
/// ```
pub fn format_time_or_date(unix_seconds: i64, offset_minutes: i32, zone: &str, now_unix: i64, lang: &str) -> String {
    let shift = i64::from(offset_minutes) * 60;
    let day = |t: i64| t.saturating_add(shift).div_euclid(86_400);
    if day(unix_seconds) != day(now_unix) {
        return format_date_time(unix_seconds, offset_minutes, zone, lang);
    }
    let c = Civil::from_unix(unix_seconds + shift);
    let zone = zone.trim();
    let zone = if zone.is_empty() { String::new() } else { format!(" {zone}") };
    fill(Lang::for_tag(lang).texts().time_of_day, &[("hour", &Two(c.hour)), ("minute", &Two(c.minute)), ("zone", &zone)])
}

/// A number with at least two digits: "05".
struct Two(u32);

impl fmt::Display for Two {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

/// How long ago `then` was, seen from `now` ("vor 2 Stunden" / "2 hours ago").
///
/// A `then` in the future (the reader's clock is behind) reads as "just now",
/// never as a negative time.
///
/// ```
/// use incident_feed::datetime::relative_time;
/// assert_eq!(relative_time(10_000, 10_000 - 7200, "de"), "vor 2 Stunden");
/// assert_eq!(relative_time(10_000, 10_000 - 60, "en"), "1 minute ago");
/// assert_eq!(relative_time(10_000, 10_000 + 999, "de"), "gerade eben");
/// ```
pub fn relative_time(now_unix: i64, then_unix: i64, lang: &str) -> String {
    let t = Lang::for_tag(lang).texts();
    let seconds = now_unix.saturating_sub(then_unix).max(0);
    let (n, [one, other]) = match seconds {
        s if s < 45 => return t.just_now.to_owned(),
        s if s < 3600 => ((s + 30) / 60, [t.minutes_ago_one, t.minutes_ago_other]),
        s if s < 86_400 => ((s + 1800) / 3600, [t.hours_ago_one, t.hours_ago_other]),
        s if s < 30 * 86_400 => ((s + 43_200) / 86_400, [t.days_ago_one, t.days_ago_other]),
        s if s < 365 * 86_400 => ((s + 15 * 86_400) / (30 * 86_400), [t.months_ago_one, t.months_ago_other]),
        s => (s / (365 * 86_400), [t.years_ago_one, t.years_ago_other]),
    };
    let n = n.max(1);
    fill(if n == 1 { one } else { other }, &[("n", &n)])
}

/// How far a feed's time may lie ahead of now before the reader's clock is
/// taken to be wrong: 5 minutes, for the publisher's clock and rounding.
pub const CLOCK_TOLERANCE_SECONDS: i64 = 300;

/// [`relative_time`], only where it can be right: `None` when `then` lies
/// more than [`CLOCK_TOLERANCE_SECONDS`] ahead of `now` (the reader's clock is
/// behind), or, by a clock no server confirmed (`now_confirmed` false), more
/// than ten years before it (the reader's clock is far ahead). Callers show
/// the absolute time always and this only when it is `Some`.
///
/// ```
/// use incident_feed::datetime::plausible_relative_time;
/// assert_eq!(plausible_relative_time(10_000, 10_000 - 7200, true, "de").as_deref(), Some("vor 2 Stunden"));
/// assert_eq!(plausible_relative_time(10_000, 10_000 + 3600, false, "de"), None);
/// ```
pub fn plausible_relative_time(now_unix: i64, then_unix: i64, now_confirmed: bool, lang: &str) -> Option<String> {
    const TEN_YEARS: i64 = 10 * 365 * 86_400;
    let ahead = then_unix.saturating_sub(now_unix);
    let behind = now_unix.saturating_sub(then_unix);
    (ahead <= CLOCK_TOLERANCE_SECONDS && (now_confirmed || behind <= TEN_YEARS)).then(|| relative_time(now_unix, then_unix, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_offsets_fractions_and_utc() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z").unwrap().unix_seconds, 0);
        assert_eq!(parse_rfc3339("1970-01-01T01:00:00+01:00").unwrap().unix_seconds, 0);
        assert_eq!(parse_rfc3339("1969-12-31T19:00:00.123-05:00").unwrap().unix_seconds, 0);
        assert_eq!(parse_rfc3339("2024-02-29T12:00:00Z").unwrap().unix_seconds, 1_709_208_000);
    }

    #[test]
    fn rejects_what_is_not_rfc3339() {
        for bad in [
            "",
            "2022-08-03",
            "2022-08-03T14:05:00",    // no offset
            "2022-08-03T14:05+02:00", // no seconds
            "2023-02-29T12:00:00Z",   // not a leap year
            "2022-13-01T00:00:00Z",
            "2022-08-03T24:00:00Z",
            "2022-08-03T14:05:00+2:00",
            "2022-08-03T14:05:00.Z",
            "03.08.2022 14:05",
            "2022-08-03T14:05:00+02:00 ",
            "２０２２-08-03T14:05:00Z",
        ] {
            assert!(parse_rfc3339(bad).is_none(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn round_trips_through_format() {
        for t in [0, 1_659_528_300, 1_709_208_000, -86_400 * 365, 4_102_444_799] {
            for offset in [0, 60, 120, -300, 330] {
                let text = format_rfc3339(t, offset);
                let back = parse_rfc3339(&text).unwrap();
                assert_eq!((back.unix_seconds, back.offset_minutes), (t, offset), "{text}");
            }
        }
    }

    #[test]
    fn formats_dates_in_german_and_english() {
        // 2026-01-05T08:03:00Z
        let t = parse_rfc3339("2026-01-05T08:03:00Z").unwrap().unix_seconds;
        assert_eq!(format_date_time(t, 60, "MEZ", "de"), "5. Januar 2026, 09:03 Uhr MEZ");
        assert_eq!(format_date_time(t, 60, "CET", "en-GB"), "5 January 2026, 09:03 CET");
        assert_eq!(format_date_time(t, 0, "", "de-AT"), "5. Januar 2026, 08:03 Uhr");
        assert_eq!(format_short(t, 60, "de"), "05.01.2026, 09:03");
        assert_eq!(format_short(t, -300, "en"), "5 Jan 2026, 03:03");
        // Crossing midnight and the year with the reader's offset.
        let ny = parse_rfc3339("2025-12-31T23:30:00Z").unwrap().unix_seconds;
        assert_eq!(format_date_time(ny, 60, "MEZ", "de"), "1. Januar 2026, 00:30 Uhr MEZ");
        assert_eq!(format_date_time(ny, 120, "MESZ", "de").split(',').next(), Some("1. Januar 2026"));
        assert!(format_date_time(ny, 0, "UTC", "en").starts_with("31 December 2025"));
        // März keeps its umlaut.
        let march = parse_rfc3339("2026-03-01T12:00:00+01:00").unwrap().unix_seconds;
        assert_eq!(format_short(march, 60, "en"), "1 Mar 2026, 12:00");
        assert!(format_date_time(march, 60, "MEZ", "de").contains("März"));
    }

    #[test]
    fn relative_times_only_where_they_can_be_right() {
        let published = 1_800_000_000;
        // A minute old by a confirmed clock.
        assert_eq!(plausible_relative_time(published + 60, published, true, "de").as_deref(), Some("vor 1 Minute"));
        // A few minutes of skew either way still read as recent, never negative.
        assert_eq!(plausible_relative_time(published - 120, published, false, "en").as_deref(), Some("just now"));
        // The reader's clock a day or a year behind: no relative time.
        assert_eq!(plausible_relative_time(published - 86_400, published, false, "de"), None);
        assert_eq!(plausible_relative_time(published - 365 * 86_400, published, true, "de"), None);
        // Far ahead without a server's word: left out; with it, believed.
        assert_eq!(plausible_relative_time(published + 11 * 365 * 86_400, published, false, "de"), None);
        assert!(plausible_relative_time(published + 11 * 365 * 86_400, published, true, "de").is_some());
        // Extreme values do not overflow.
        assert_eq!(plausible_relative_time(i64::MIN, i64::MAX, false, "de"), None);
        assert_eq!(plausible_relative_time(i64::MAX, i64::MIN, false, "de"), None);
    }

    #[test]
    fn relative_times_in_both_languages() {
        let now = 1_000_000;
        assert_eq!(relative_time(now, now, "en"), "just now");
        assert_eq!(relative_time(now, now - 90, "de"), "vor 2 Minuten");
        assert_eq!(relative_time(now, now - 3600, "de"), "vor 1 Stunde");
        assert_eq!(relative_time(now, now - 86_400 * 3, "de"), "vor 3 Tagen");
        assert_eq!(relative_time(now, now - 86_400, "en"), "1 day ago");
        assert_eq!(relative_time(now, now - 86_400 * 65, "en"), "2 months ago");
        assert_eq!(relative_time(now, now - 86_400 * 800, "de"), "vor 2 Jahren");
        // Clock skew: never negative.
        assert_eq!(relative_time(now, now + 3600, "en"), "just now");
    }
}
