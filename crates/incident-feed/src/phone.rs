//! Phone numbers as printed, turned into `tel:` URIs in E.164 form.
//!
//! A hotline printed as `0201/24686809` must be one tap away on a phone, so
//! the widget links it as `tel:+4920124686809`. A number that cannot be
//! normalised with certainty is shown as text only: a wrong link is worse
//! than none.

/// The country calling code assumed for national numbers (leading `0`).
pub const DEFAULT_COUNTRY_CODE: &str = "49";

/// Normalises a printed phone number to E.164 (`+` and 8 to 15 digits).
///
/// National numbers (leading `0`) are taken as German. The trunk prefix
/// written as `(0)` after a country code is dropped. Letters, extensions and
/// numbers without an area code are refused.
///
/// ```
/// use incident_feed::phone::to_e164;
/// assert_eq!(to_e164("0201/24686809").as_deref(), Some("+4920124686809"));
/// assert_eq!(to_e164("+49 (0)341 55003500").as_deref(), Some("+4934155003500"));
/// assert_eq!(to_e164("0800 123 456").as_deref(), Some("+49800123456"));
/// assert_eq!(to_e164("0800-HOTLINE"), None);
/// ```
pub fn to_e164(printed: &str) -> Option<String> {
    let text = printed.trim();
    if text.is_empty() || text.chars().count() > 40 {
        return None;
    }
    // Separators people print between digit groups.
    let is_separator = |c: char| matches!(c, ' ' | '/' | '-' | '.' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2011}' | '\u{2013}');
    let mut rest = text;
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

/// The `tel:` URI for a printed number, if it can be normalised.
pub fn tel_uri(printed: &str) -> Option<String> {
    to_e164(printed).map(|n| format!("tel:{n}"))
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
            "0800-HOTLINE",          // vanity letters
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
    fn tel_uri_prefixes_the_scheme() {
        assert_eq!(tel_uri("0201/24686809").as_deref(), Some("tel:+4920124686809"));
        assert_eq!(tel_uri("Hotline"), None);
    }
}
