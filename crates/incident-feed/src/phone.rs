//! Phone numbers as printed, turned into `tel:` URIs.
//!
//! A hotline printed as `0201/24686809` must be one tap away on a phone, so
//! the widget links it as `tel:+4920124686809`; the short codes customers are
//! told to call (110, 112, 115, 116 xxx) link as they are, and vanity numbers
//! (`0800-HILFE-00`) by the letters on the keypad (ITU E.161). A number that
//! cannot be normalised with certainty is shown as text only: a wrong link is
//! worse than none, and two numbers or a number and its hours run together
//! into one link would be wrong.

use std::borrow::Cow;

/// The country calling code assumed for national numbers (leading `0`).
pub const DEFAULT_COUNTRY_CODE: &str = "49";

/// Why a printed number gets no `tel:` link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneProblem {
    /// Two numbers in one field (`030 1234 / 030 5678`, `… oder …`): one
    /// link would dial neither.
    TwoNumbers,
    /// A number with other text before or after it, such as opening hours
    /// (`0800 123456 Mo–Fr 8–18 Uhr`): the digits of the hours must never
    /// end up in the link.
    OtherText,
    /// Not a number that can be dialled with certainty: no area code, the
    /// wrong length, an extension, characters that are not part of a number.
    NotDialable,
}

impl PhoneProblem {
    /// What the CLI says about `printed`.
    pub fn describe(self, printed: &str) -> String {
        match self {
            PhoneProblem::TwoNumbers => format!("{printed:?} holds more than one number: give each its own contact, so that each gets its own tel: link"),
            PhoneProblem::OtherText => format!("{printed:?} has other text besides the number: put opening hours in \"hours\" and remarks in \"note\""),
            PhoneProblem::NotDialable => {
                format!("{printed:?} cannot be turned into a tel: link (write it with area code, e.g. \"0201 1234567\" or \"+49 201 1234567\")")
            }
        }
    }
}

/// What a `tel:` link dials for a printed number: `+` and E.164 digits, or
/// one of the short codes that are dialled as they are.
///
/// ```
/// use incident_feed::phone::{dial_target, PhoneProblem};
/// assert_eq!(dial_target("0201/24686809").as_deref(), Ok("+4920124686809"));
/// assert_eq!(dial_target("116 117").as_deref(), Ok("116117"));
/// assert_eq!(dial_target("0800-HILFE-00").as_deref(), Ok("+498004453300"));
/// assert_eq!(dial_target("030 1234567 / 030 7654321"), Err(PhoneProblem::TwoNumbers));
/// assert_eq!(dial_target("0800 123456 (Mo–Fr 8–18 Uhr)"), Err(PhoneProblem::OtherText));
/// ```
pub fn dial_target(printed: &str) -> Result<String, PhoneProblem> {
    let text = printed.trim();
    if text.is_empty() || text.chars().count() > 40 {
        return Err(PhoneProblem::NotDialable);
    }
    if let Some(code) = short_code(text) {
        return Ok(code);
    }
    if holds_two_numbers(text) {
        return Err(PhoneProblem::TwoNumbers);
    }
    match to_e164(text) {
        Some(number) => Ok(number),
        None if number_with_other_text(text) => Err(PhoneProblem::OtherText),
        None => Err(PhoneProblem::NotDialable),
    }
}

/// The short codes dialled as they are, without an area code: 110 (police),
/// 112 (emergency), 115 (public administration) and the European 116 xxx
/// services (116 117 on-call doctors, 116 116 card blocking, …).
///
/// ```
/// use incident_feed::phone::short_code;
/// assert_eq!(short_code("112").as_deref(), Some("112"));
/// assert_eq!(short_code("116 116").as_deref(), Some("116116"));
/// assert_eq!(short_code("113"), None);
/// ```
pub fn short_code(printed: &str) -> Option<String> {
    let text = printed.trim();
    if !text.starts_with(|c: char| c.is_ascii_digit()) || !text.chars().all(|c| c.is_ascii_digit() || is_separator(c)) {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let known = matches!(digits.as_str(), "110" | "112" | "115") || (digits.len() == 6 && digits.starts_with("116"));
    known.then_some(digits)
}

/// Separators people print between digit groups.
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '/' | '-' | '.' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2011}' | '\u{2013}')
}

/// Whether `part` alone is a number that can be dialled.
fn is_number(part: &str) -> bool {
    to_e164(part).is_some() || short_code(part).is_some()
}

/// Whether `text` runs two numbers together: joined by a word or a list
/// sign (`oder`, `,`, `&` …), by a slash before a new trunk or country
/// prefix (`030 1234 / 030 5678`; a German subscriber number never starts
/// with 0), or side by side, where both halves are whole numbers.
fn holds_two_numbers(text: &str) -> bool {
    // Joined by a list sign, a join word or a second `+` prefix: count the
    // pieces between the joins that carry three digits or more.
    let (mut pieces, mut digits) = (0, 0);
    let mut join = |digits: &mut usize| {
        pieces += usize::from(*digits >= 3);
        *digits = 0;
    };
    for word in text.split([' ', '\u{a0}']) {
        let bare = word.trim_end_matches(['.', ':']);
        if ["oder", "or", "und", "and", "bzw", "sowie"].iter().any(|j| bare.eq_ignore_ascii_case(j)) {
            join(&mut digits);
            continue;
        }
        for c in word.chars() {
            match c {
                ',' | ';' | '&' | '|' | '+' => join(&mut digits),
                '0'..='9' => digits += 1,
                _ => {}
            }
        }
    }
    join(&mut digits);
    if pieces >= 2 {
        return true;
    }
    // A slash before a new prefix.
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('/') {
        let after = text[i + 1..].trim_start();
        let before_digits = bytes[..i].iter().filter(|b| b.is_ascii_digit()).count();
        if before_digits >= 6 && (after.starts_with('0') || after.starts_with('+')) {
            return true;
        }
    }
    // Side by side: a group boundary with a whole number on each side.
    text.match_indices(' ').any(|(i, _)| {
        let (left, right) = (text[..i].trim(), text[i..].trim());
        right.starts_with(['0', '+', '1']) && is_number(left) && is_number(right)
    })
}

/// Whether some part of `text` before or after a space is a whole number
/// while the rest is other text (hours, a label, a remark).
fn number_with_other_text(text: &str) -> bool {
    text.char_indices().filter(|(_, c)| c.is_whitespace() || matches!(c, '(' | ',' | ';' | ':')).any(|(i, c)| {
        let (left, right) = (text[..i].trim(), text[i + c.len_utf8()..].trim());
        let left = left.trim_end_matches([':', ',', ';']).trim_end();
        (!right.is_empty() && is_number(left)) || (!left.is_empty() && is_number(right))
    })
}

/// Words that are hours, days or joins, never a vanity number's letters.
const NOT_VANITY: &[&str] = &[
    "MON",
    "TUE",
    "WED",
    "THU",
    "FRI",
    "SAT",
    "SUN",
    "MONTAG",
    "DIENSTAG",
    "MITTWOCH",
    "DONNERSTAG",
    "FREITAG",
    "SAMSTAG",
    "SONNTAG",
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
    "SUNDAY",
    "UHR",
    "BIS",
    "TAG",
    "TAGE",
    "TÄGLICH",
    "DAILY",
    "HOURS",
    "EXT",
    "DURCHWAHL",
    "ODER",
    "UND",
    "AND",
    "SOWIE",
    "BZW",
    "FAX",
    "TEL",
    "TELEFON",
    "PHONE",
    "MOBIL",
    "MOBILE",
];

/// A vanity number's letters spelled out as keypad digits (ITU E.161:
/// ABC 2, DEF 3, GHI 4, JKL 5, MNO 6, PQRS 7, TUV 8, WXYZ 9), for one word
/// of at least three capital letters after the area code. Anything else with
/// letters is text, not a number.
fn spell_out_letters(text: &str) -> Option<Cow<'_, str>> {
    let first = match text.find(|c: char| c.is_alphabetic()) {
        None => return Some(Cow::Borrowed(text)),
        Some(i) => i,
    };
    let run_end = text[first..].find(|c: char| !c.is_ascii_uppercase()).map_or(text.len(), |n| first + n);
    let word = &text[first..run_end];
    let digits_before = text[..first].chars().filter(char::is_ascii_digit).count();
    if word.len() < 3 || digits_before < 3 || NOT_VANITY.contains(&word) || text[run_end..].contains(|c: char| c.is_alphabetic()) {
        return None;
    }
    let keypad = |c: char| match c {
        'A'..='C' => '2',
        'D'..='F' => '3',
        'G'..='I' => '4',
        'J'..='L' => '5',
        'M'..='O' => '6',
        'P'..='S' => '7',
        'T'..='V' => '8',
        _ => '9',
    };
    Some(Cow::Owned(format!("{}{}{}", &text[..first], word.chars().map(keypad).collect::<String>(), &text[run_end..])))
}

/// Normalises a printed phone number to E.164 (`+` and 8 to 15 digits).
///
/// National numbers (leading `0`) are taken as German. The trunk prefix
/// written as `(0)` after a country code is dropped. A vanity word of capital
/// letters after the area code is dialled by the keypad's letters.
/// Lower-case letters, extensions, short codes and numbers without an area
/// code are refused (see [`dial_target`] for the short codes).
///
/// ```
/// use incident_feed::phone::to_e164;
/// assert_eq!(to_e164("0201/24686809").as_deref(), Some("+4920124686809"));
/// assert_eq!(to_e164("+49 (0)341 55003500").as_deref(), Some("+4934155003500"));
/// assert_eq!(to_e164("0800 123 456").as_deref(), Some("+49800123456"));
/// assert_eq!(to_e164("0800-HOTLINE").as_deref(), Some("+498004685463"));
/// assert_eq!(to_e164("0800-Hotline"), None);
/// ```
pub fn to_e164(printed: &str) -> Option<String> {
    let text = printed.trim();
    if text.is_empty() || text.chars().count() > 40 {
        return None;
    }
    let spelled = spell_out_letters(text)?;
    let mut rest: &str = &spelled;
    let mut international = false;
    if let Some(r) = rest.strip_prefix('+') {
        international = true;
        rest = r;
    } else if let Some(r) = rest.strip_prefix("00") {
        international = true;
        rest = r;
    }
    // Keep digits; allow one parenthesised group, which may be the trunk "(0)".
    let mut digits = String::new();
    let mut chars = rest.chars().peekable();
    let mut groups_in_parens = 0;
    while let Some(c) = chars.next() {
        match c {
            '0'..='9' => digits.push(c),
            '(' => {
                groups_in_parens += 1;
                if groups_in_parens > 1 {
                    return None;
                }
                let mut inner = String::new();
                loop {
                    match chars.next()? {
                        ')' => break,
                        d @ '0'..='9' => inner.push(d),
                        c if is_separator(c) => {}
                        _ => return None,
                    }
                }
                if inner.is_empty() {
                    return None;
                }
                if inner == "0" && international && !digits.is_empty() {
                    // "+49 (0)341": the trunk prefix is not dialled from abroad.
                    continue;
                }
                digits.push_str(&inner);
            }
            c if is_separator(c) => {}
            _ => return None,
        }
    }
    let e164_digits = if international {
        digits
    } else {
        let national = digits.strip_prefix('0')?;
        format!("{DEFAULT_COUNTRY_CODE}{national}")
    };
    if e164_digits.starts_with('0') || !(8..=15).contains(&e164_digits.len()) {
        return None;
    }
    if let Some(national) = e164_digits.strip_prefix(DEFAULT_COUNTRY_CODE) {
        // German subscriber numbers never start with 0 after the country code,
        // and are at least 6 digits long with the area code (e.g. 0800 + 5).
        if national.starts_with('0') || national.len() < 6 {
            return None;
        }
    }
    Some(format!("+{e164_digits}"))
}

/// The `tel:` URI for a printed number, if it can be dialled with
/// certainty ([`dial_target`]).
pub fn tel_uri(printed: &str) -> Option<String> {
    dial_target(printed).ok().map(|n| format!("tel:{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_formats_as_printed() {
        let cases = [
            ("0201/24686809", "+4920124686809"),
            ("0341/55003500", "+4934155003500"),
            ("+49 (0)341 55003500", "+4934155003500"),
            ("+49 (0) 341 55003500", "+4934155003500"),
            ("+49(0)201-1234567", "+492011234567"),
            ("0800 123 456", "+49800123456"),
            ("0800 1234567", "+498001234567"),
            ("(0201) 123 45-67", "+492011234567"),
            ("0201 / 12 34 56", "+49201123456"),
            ("0049 201 123456", "+49201123456"),
            ("+49 201 123456", "+49201123456"),
            ("+49-30-1234567", "+49301234567"),
            ("030.1234567", "+49301234567"),
            ("0151 23456789", "+4915123456789"),
            ("+49 151 2345 6789", "+4915123456789"),
            ("0180 5 123456", "+491805123456"),
            ("089\u{a0}123456", "+4989123456"),
            ("  0221 123456  ", "+49221123456"),
            ("+43 1 234567", "+431234567"),
            ("+41 44 668 18 00", "+41446681800"),
            ("+1 (415) 555-0100", "+14155550100"),
        ];
        for (printed, expected) in cases {
            assert_eq!(to_e164(printed).as_deref(), Some(expected), "{printed:?}");
        }
    }

    #[test]
    fn refuses_what_cannot_be_dialled_with_certainty() {
        for bad in [
            "",
            "   ",
            "110",                   // emergency short number: no area code
            "1234567",               // no leading 0 and no country code
            "0800-Hotline",          // letters that are not a vanity word of capitals
            "0800-HI",               // too short for a vanity word
            "HILFE-0800",            // letters before the area code
            "0800 123456 MON-FRI",   // two words of letters, and days at that
            "0800 FRI 1234",         // a day is not a vanity word
            "0201/2468 ext. 12",     // extension
            "+49 (0) 0341 55003500", // trunk prefix twice
            "+49 0341 55003500",     // 0 after the country code
            "++49 341 55003500",
            "+49 (341) (55003500)", // two parenthesised groups
            "+49 (341 55003500",    // unbalanced
            "0201/24686809<script>",
            "tel:+4920124686809",
            "0",
            "00",
            "+",
            "+49",
            "+49 123",                 // too short
            "+49 1234 5678 9012 3456", // too long for E.164
            "0049 (0)",
            "０２０１/２４６８６８０９", // fullwidth digits
        ] {
            assert_eq!(to_e164(bad), None, "{bad:?} should be refused");
        }
    }

    #[test]
    fn vanity_numbers_dial_the_keypad_letters() {
        for (printed, expected) in [
            ("0800-HILFE-00", Some("+498004453300")),
            ("0800 HOTLINE", Some("+498004685463")),
            ("+49 800 PQRSTUVWX", Some("+49800777788899")),
            ("0800 GHIJKLMNO", Some("+49800444555666")),
            // Every letter counts: too long for E.164 once spelled out.
            ("0800-ABCDEFGHIJKLMNO", None),
        ] {
            assert_eq!(to_e164(printed).as_deref(), expected, "{printed:?}");
        }
    }

    #[test]
    fn short_codes_link_as_they_are() {
        for (printed, expected) in [("110", "110"), ("112", "112"), ("115", "115"), ("116 117", "116117"), ("116116", "116116"), ("116-000", "116000")] {
            assert_eq!(dial_target(printed).as_deref(), Ok(expected), "{printed:?}");
            assert_eq!(tel_uri(printed), Some(format!("tel:{expected}")));
        }
        for not_short in ["113", "1161", "116 1171", "+110", "0110", "112 112"] {
            assert_eq!(short_code(not_short), None, "{not_short:?}");
        }
    }

    #[test]
    fn two_numbers_in_one_field_are_never_joined() {
        for printed in [
            "030 1234567 / 030 7654321",
            "030 1234567/030 7654321",
            "0221 5550100 oder 0221 5550200",
            "0221 5550100 or +49 221 5550200",
            "0221 5550100, 0221 5550200",
            "0221 5550100; 0800 123456",
            "+49 221 5550100 +49 221 5550200",
            "030 1234 030 5678",
            "110 / 112",
            "116 117 oder 112",
        ] {
            assert_eq!(dial_target(printed), Err(PhoneProblem::TwoNumbers), "{printed:?}");
            assert_eq!(tel_uri(printed), None, "{printed:?}");
        }
    }

    #[test]
    fn hours_and_labels_never_reach_the_link() {
        for printed in [
            "0800 123456 (Mo–Fr 8–18 Uhr)",
            "0800 123456 Mo-Fr 8-18",
            "0800 123456 10-18 Uhr",
            "Tel. 0201 123456",
            "Hotline: 0800 5501234",
            "0201 123456, Durchwahl 12",
            "112 (Notruf)",
        ] {
            assert_eq!(dial_target(printed), Err(PhoneProblem::OtherText), "{printed:?}");
            assert_eq!(tel_uri(printed), None, "{printed:?}");
        }
        // One number with its usual separators stays one number.
        for printed in ["0800 100 0100", "0201 / 12 34 56", "+49 (0)221 55501-00", "0180 5 123456", "+41 44 668 18 00"] {
            assert!(dial_target(printed).is_ok(), "{printed:?}");
        }
    }

    #[test]
    fn tel_uri_prefixes_the_scheme() {
        assert_eq!(tel_uri("0201/24686809").as_deref(), Some("tel:+4920124686809"));
        assert_eq!(tel_uri("Hotline"), None);
    }
}
