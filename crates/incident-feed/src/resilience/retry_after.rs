//! The `Retry-After` response header (RFC 9110, section 10.2.3).
//!
//! Both forms are read: delay-seconds (`120`) and an HTTP-date in the
//! preferred IMF-fixdate form (`Wed, 21 Oct 2026 07:28:00 GMT`). The two
//! obsolete date forms (RFC 850 and asctime) are not read: no current server
//! sends them, and an unreadable header only means the poller's own backoff
//! applies, which is always safe.

use crate::datetime::parse_rfc3339;

/// A parsed `Retry-After` value.
///
/// ```
/// use incident_feed::resilience::RetryAfter;
/// assert_eq!(RetryAfter::parse("120"), Some(RetryAfter::Seconds(120)));
/// let at = RetryAfter::parse("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
/// assert_eq!(at, RetryAfter::At(784_111_777));
/// // Seen from ten seconds before that date, wait ten seconds.
/// assert_eq!(at.delay_ms(784_111_767_000), 10_000);
/// assert_eq!(RetryAfter::parse("soon"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryAfter {
    /// Wait this many seconds.
    Seconds(u64),
    /// Wait until this instant (Unix seconds, UTC).
    At(i64),
}

impl RetryAfter {
    /// Reads a header value; `None` for anything that is neither form.
    pub fn parse(header: &str) -> Option<RetryAfter> {
        let value = header.trim();
        if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            // A absurdly long number still means "a long time"; the poller caps it.
            return Some(RetryAfter::Seconds(value.parse().unwrap_or(u64::MAX)));
        }
        parse_imf_fixdate(value).map(RetryAfter::At)
    }

    /// How long to wait, seen from `now_unix_ms`; 0 for a date in the past.
    ///
    /// A date is compared with the reader's clock, which may be off: the
    /// poller bounds the result by its floor and cap either way.
    pub fn delay_ms(self, now_unix_ms: u64) -> u64 {
        match self {
            RetryAfter::Seconds(s) => s.saturating_mul(1000),
            RetryAfter::At(at) => {
                let at_ms = (at.max(0) as u64).saturating_mul(1000);
                at_ms.saturating_sub(now_unix_ms)
            }
        }
    }
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Parses an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT` into Unix
/// seconds. Names are matched case-sensitively, as the grammar requires.
///
/// ```
/// use incident_feed::resilience::retry_after::parse_imf_fixdate;
/// assert_eq!(parse_imf_fixdate("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
/// assert_eq!(parse_imf_fixdate("Thu, 01 Jan 1970 00:00:00 UTC"), None);
/// ```
pub fn parse_imf_fixdate(s: &str) -> Option<i64> {
    // "Sun, 06 Nov 1994 08:49:37 GMT" has a fixed layout of 29 ASCII bytes.
    let b = s.as_bytes();
    if b.len() != 29 || !s.is_ascii() {
        return None;
    }
    let weekday = DAYS.iter().position(|d| *d == &s[0..3])?;
    let month = MONTHS.iter().position(|m| *m == &s[8..11])? + 1;
    if &s[3..5] != ", " || b[7] != b' ' || b[11] != b' ' || b[16] != b' ' || &s[25..] != " GMT" {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| s[r].bytes().all(|c| c.is_ascii_digit());
    if !(digits(5..7) && digits(12..16)) {
        return None;
    }
    // The date and time checks (days per month, leap years, 00-23 hours) are
    // the RFC 3339 parser's, fed the same fields in its own layout.
    let rfc3339 = format!("{}-{:02}-{}T{}Z", &s[12..16], month, &s[5..7], &s[17..25]);
    let unix = parse_rfc3339(&rfc3339)?.unix_seconds;
    // A weekday that does not match the date means a broken header; ignoring
    // it falls back to the poller's own backoff.
    let days = unix.div_euclid(86_400);
    if (days + 4).rem_euclid(7) as usize != weekday {
        return None;
    }
    Some(unix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_seconds() {
        assert_eq!(RetryAfter::parse("0"), Some(RetryAfter::Seconds(0)));
        assert_eq!(RetryAfter::parse(" 3600 "), Some(RetryAfter::Seconds(3600)));
        assert_eq!(RetryAfter::parse("99999999999999999999999"), Some(RetryAfter::Seconds(u64::MAX)));
        assert_eq!(RetryAfter::Seconds(u64::MAX).delay_ms(0), u64::MAX);
        assert_eq!(RetryAfter::Seconds(2).delay_ms(123), 2000);
    }

    #[test]
    fn imf_fixdates() {
        assert_eq!(RetryAfter::parse("Sun, 06 Nov 1994 08:49:37 GMT"), Some(RetryAfter::At(784_111_777)));
        assert_eq!(parse_imf_fixdate("Thu, 29 Feb 2024 12:00:00 GMT"), Some(1_709_208_000));
        assert_eq!(parse_imf_fixdate("Wed, 31 Dec 2025 23:59:59 GMT"), Some(1_767_225_599));
        // A date in the past means "now".
        assert_eq!(RetryAfter::At(100).delay_ms(200_000), 0);
        assert_eq!(RetryAfter::At(-5).delay_ms(0), 0);
        assert_eq!(RetryAfter::At(200).delay_ms(100_500), 99_500);
    }

    #[test]
    fn garbage_is_ignored() {
        for bad in [
            "",
            " ",
            "-1",
            "+5",
            "1.5",
            "10s",
            "0x10",
            "soon",
            "Sunday, 06-Nov-94 08:49:37 GMT", // RFC 850, obsolete
            "Sun Nov  6 08:49:37 1994",       // asctime, obsolete
            "Mon, 06 Nov 1994 08:49:37 GMT",  // wrong weekday
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "sun, 06 Nov 1994 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:37 GMT",
            "Fri, 29 Feb 2023 12:00:00 GMT", // not a leap year
            "Sun, 06 Nov 1994 08:49:37 GMT ; x",
            "Sun, 06 Xyz 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994T08:49:37 GMT",
            "Sun, 0a Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMTé",
            "Sün, 06 Nov 1994 08:49:37 GM",
        ] {
            assert_eq!(RetryAfter::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_weekday_and_month_round_trips() {
        // Walk 800 days at an odd time of day and format each with the
        // crate's own calendar, then read it back.
        let start = 1_700_000_000 + 12_345;
        for day in 0..800 {
            let t = start + day * 86_400;
            let c = crate::datetime::Civil::from_unix(t);
            let weekday = DAYS[((t.div_euclid(86_400) + 4).rem_euclid(7)) as usize];
            let text = format!("{weekday}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", c.day, MONTHS[c.month as usize - 1], c.year, c.hour, c.minute, c.second);
            assert_eq!(parse_imf_fixdate(&text), Some(t), "{text}");
        }
    }
}
