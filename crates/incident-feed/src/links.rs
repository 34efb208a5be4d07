//! Which links a feed may carry.
//!
//! A feed is untrusted: whoever gets at the file or the CDN could plant a
//! `javascript:` link or a look-alike phishing URL. Only absolute http(s),
//! `mailto:` and `tel:` links are allowed, written plainly: no whitespace,
//! control, zero-width or bidi characters, no user info before the host.
//! Anything else is shown as text, never as a link.

/// Longest link accepted, in bytes.
pub const MAX_URL_BYTES: usize = 2048;

/// Why a link was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    Empty,
    TooLong,
    /// Whitespace, control, zero-width or bidi characters, or a backslash.
    HiddenCharacters,
    /// No scheme, e.g. `//evil.example` or `status.html`.
    NotAbsolute,
    /// A scheme other than http, https, mailto or tel.
    SchemeNotAllowed,
    /// `http:` or `https:` without a host.
    MissingHost,
    /// `https://bank.example@evil.example`: the part before `@` hides the real host.
    UserInfo,
    /// `mailto:` or an email address that is not `local@domain`.
    BadEmail,
    /// An IP address instead of a name (`http://127.1/`, `http://[::1]/`,
    /// `http://0x7f000001/`): customers cannot tell whose machine it is.
    IpAddress,
    /// `localhost` or a name under it: the reader's own machine.
    LocalHost,
    /// An internationalised name whose labels mix scripts, such as Cyrillic
    /// letters among Latin ones: a look-alike (homograph) of another name.
    MixedScripts,
    /// `tel:` that is not `+` and digits, nor a short code such as 116117.
    BadPhone,
}

impl LinkProblem {
    pub fn describe(self) -> &'static str {
        match self {
            LinkProblem::Empty => "link is empty",
            LinkProblem::TooLong => "link is longer than 2048 bytes",
            LinkProblem::HiddenCharacters => "link contains whitespace, control, invisible or bidi characters or a backslash",
            LinkProblem::NotAbsolute => "link is not absolute (it needs a scheme such as https:)",
            LinkProblem::SchemeNotAllowed => "link scheme is not allowed (only http, https, mailto and tel)",
            LinkProblem::MissingHost => "link has no host",
            LinkProblem::UserInfo => "link has user info before the host (user@host), which disguises the real host",
            LinkProblem::IpAddress => "link host is an IP address, not a name that customers can recognise",
            LinkProblem::LocalHost => "link host is localhost, which is the reader's own machine",
            LinkProblem::MixedScripts => "link host mixes scripts (e.g. Cyrillic letters among Latin ones): a look-alike of another name",
            LinkProblem::BadEmail => "not a valid email address",
            LinkProblem::BadPhone => "tel: link is not + followed by digits, nor a short code such as 112 or 116117",
        }
    }
}

fn is_hidden(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || c == '\\'
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{00ad}' | '\u{180e}')
}

/// Refuses the host names that browsers reach but customers cannot judge:
/// IP addresses in every spelling a browser accepts, `localhost`, and
/// labels that mix scripts.
fn check_host_name(host: &str) -> Result<(), LinkProblem> {
    // Browsers map full-width letters and digits to ASCII before they look
    // at a host (IDNA), so `１２７.０.０.１` is 127.0.0.1.
    let folded: String = host
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .to_ascii_lowercase();
    let name = folded.strip_suffix('.').unwrap_or(&folded);
    // The WHATWG URL parser reads a host as IPv4 when its last label is a
    // number: decimal (`2130706433`, `127.1`), octal (`0177.0.0.1`) or hex
    // (`0x7f.1`).
    let last = name.rsplit('.').next().unwrap_or("");
    let hex = last.strip_prefix("0x").is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    if !last.is_empty() && (last.bytes().all(|b| b.is_ascii_digit()) || hex) {
        return Err(LinkProblem::IpAddress);
    }
    if name == "localhost" || name.ends_with(".localhost") {
        return Err(LinkProblem::LocalHost);
    }
    for label in name.split('.') {
        let decoded;
        let label = match label.strip_prefix("xn--") {
            Some(encoded) => {
                decoded = punycode_decode(encoded).ok_or(LinkProblem::MixedScripts)?;
                decoded.as_str()
            }
            None => label,
        };
        if mixes_scripts(label) {
            return Err(LinkProblem::MixedScripts);
        }
    }
    Ok(())
}

/// The scripts a host name's letters are told apart by. Ranges, not the
/// Unicode script tables: those would weigh more than the rest of this
/// crate's link rules, and look-alike attacks use these blocks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Han,
    Hiragana,
    Katakana,
    Hangul,
    Bopomofo,
    /// Another block, told apart by its position (a coarse script).
    Other(u32),
}

fn script_of(c: char) -> Option<Script> {
    let n = c as u32;
    Some(match n {
        0x30..=0x39 | 0x2d | 0x5f => return None,                // digits, hyphen: common to all
        0x300..=0x36f | 0x3099 | 0x309a | 0x30fc => return None, // combining marks, kana marks: take the letter's script
        0x61..=0x7a | 0xdf..=0xf6 | 0xf8..=0xff | 0x100..=0x24f | 0x1e00..=0x1eff | 0x2c60..=0x2c7f | 0xa720..=0xa7ff | 0xab30..=0xab6f => Script::Latin,
        0xc0..=0xd6 | 0xd8..=0xde => Script::Latin,
        0x370..=0x3ff | 0x1f00..=0x1fff => Script::Greek,
        0x400..=0x52f | 0x1c80..=0x1c8f | 0x2de0..=0x2dff | 0xa640..=0xa69f => Script::Cyrillic,
        0x530..=0x58f => Script::Armenian,
        0x590..=0x5ff => Script::Hebrew,
        0x600..=0x6ff | 0x750..=0x77f | 0x8a0..=0x8ff => Script::Arabic,
        0x2e80..=0x2fdf | 0x3005 | 0x3007 | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x3134f => Script::Han,
        0x3040..=0x309f => Script::Hiragana,
        0x30a0..=0x30ff | 0x31f0..=0x31ff => Script::Katakana,
        0x1100..=0x11ff | 0x3130..=0x318f | 0xac00..=0xd7af => Script::Hangul,
        0x3100..=0x312f | 0x31a0..=0x31bf => Script::Bopomofo,
        _ => Script::Other(n >> 7),
    })
}

/// Whether one label mixes scripts beyond what Unicode's "highly
/// restrictive" profile (UTS #39) allows: Latin may go with Han and Japanese
/// kana, with Han and Bopomofo, or with Han and Hangul; nothing else mixes.
fn mixes_scripts(label: &str) -> bool {
    use Script::*;
    let mut seen: Vec<Script> = Vec::new();
    for script in label.chars().filter_map(script_of) {
        if !seen.contains(&script) {
            seen.push(script);
        }
    }
    let allowed: [&[Script]; 3] = [&[Latin, Han, Hiragana, Katakana], &[Latin, Han, Bopomofo], &[Latin, Han, Hangul]];
    seen.len() > 1 && !allowed.iter().any(|set| seen.iter().all(|s| set.contains(s)))
}

/// Decodes one Punycode label (RFC 3492, without the `xn--`), or `None`
/// when it is not valid Punycode.
fn punycode_decode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    let (basic, encoded) = match input.rfind('-') {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => ("", input),
    };
    if !basic.is_ascii() {
        return None;
    }
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut bias, mut i) = (128u32, 72u32, 0u32);
    let mut digits = encoded.bytes().peekable();
    while digits.peek().is_some() {
        let (old_i, mut weight, mut k) = (i, 1u32, BASE);
        loop {
            let digit = match digits.next()? {
                b @ b'a'..=b'z' => u32::from(b - b'a'),
                b @ b'A'..=b'Z' => u32::from(b - b'A'),
                b @ b'0'..=b'9' => u32::from(b - b'0') + 26,
                _ => return None,
            };
            i = i.checked_add(digit.checked_mul(weight)?)?;
            let t = if k <= bias {
                1
            } else if k >= bias + 26 {
                26
            } else {
                k - bias
            };
            if digit < t {
                break;
            }
            weight = weight.checked_mul(BASE - t)?;
            k += BASE;
        }
        let length = output.len() as u32 + 1;
        bias = {
            let mut delta = if old_i == 0 { (i - old_i) / 700 } else { (i - old_i) / 2 };
            delta += delta / length;
            let mut k = 0;
            while delta > ((BASE - 1) * 26) / 2 {
                delta /= BASE - 1;
                k += BASE;
            }
            k + (BASE * delta) / (delta + 38)
        };
        n = n.checked_add(i / length)?;
        i %= length;
        output.insert(i as usize, char::from_u32(n)?);
        i += 1;
        if output.len() > 63 {
            return None;
        }
    }
    Some(output.into_iter().collect())
}

/// Checks a link and returns it unchanged when it is safe to put in `href`.
///
/// ```
/// use incident_feed::links::{safe_href, LinkProblem};
/// assert_eq!(safe_href("https://example.com/status"), Ok("https://example.com/status"));
/// assert_eq!(safe_href("JavaScript:alert(1)"), Err(LinkProblem::SchemeNotAllowed));
/// assert_eq!(safe_href("//evil.example"), Err(LinkProblem::NotAbsolute));
/// ```
pub fn safe_href(url: &str) -> Result<&str, LinkProblem> {
    if url.is_empty() {
        return Err(LinkProblem::Empty);
    }
    if url.len() > MAX_URL_BYTES {
        return Err(LinkProblem::TooLong);
    }
    if url.chars().any(is_hidden) {
        return Err(LinkProblem::HiddenCharacters);
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return Err(LinkProblem::NotAbsolute);
    };
    let scheme_ok =
        scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(LinkProblem::NotAbsolute);
    }
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" => {
            let Some(after) = rest.strip_prefix("//") else {
                return Err(LinkProblem::MissingHost);
            };
            let authority = after.split(['/', '?', '#']).next().unwrap_or("");
            if authority.contains('@') {
                return Err(LinkProblem::UserInfo);
            }
            if authority.starts_with('[') {
                return Err(LinkProblem::IpAddress);
            }
            let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
            let port_ok = port.bytes().all(|b| b.is_ascii_digit());
            let host_ok = !host.is_empty() && !host.starts_with('.') && host.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'));
            if !host_ok || !port_ok {
                return Err(LinkProblem::MissingHost);
            }
            check_host_name(host)?;
            Ok(url)
        }
        "mailto" => {
            let address = rest.split('?').next().unwrap_or("");
            if is_email(&percent_decode_lossy(address)) {
                Ok(url)
            } else {
                Err(LinkProblem::BadEmail)
            }
        }
        "tel" => {
            let international = rest.strip_prefix('+').is_some_and(|n| (3..=15).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
            if international || crate::phone::short_code(rest).as_deref() == Some(rest) {
                Ok(url)
            } else {
                Err(LinkProblem::BadPhone)
            }
        }
        _ => Err(LinkProblem::SchemeNotAllowed),
    }
}

/// Whether `s` looks like a deliverable email address (`local@domain.tld`).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && domain.len() <= 253
        && !s.chars().any(is_hidden)
        && !local.contains(['<', '>', '"', '(', ')', ',', ';', ':', '@', '[', ']'])
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty() && !label.starts_with('-') && label.chars().all(|c| c.is_alphanumeric() || c == '-'))
}

/// The `mailto:` link for a plain email address, if the address is valid.
pub fn mailto(address: &str) -> Option<String> {
    is_email(address).then(|| format!("mailto:{address}"))
}

fn percent_decode_lossy(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_plain_http_mailto_tel() {
        for ok in [
            "https://example.com",
            "http://example.com/status?x=1#top",
            "HTTPS://Example.com:8443/a",
            "https://bücher.example/",
            "https://xn--bcher-kva.example/",
            "https://münchen.de:8443/",
            "https://пример.рф/",
            "https://例え.jp/",
            "https://東京tokyo.example/",
            "https://a1-b2.example/",
            "https://web.de./",
            "mailto:hilfe@example.com",
            "mailto:hilfe@example.com?subject=Frage",
            "tel:+4920124686809",
        ] {
            assert_eq!(safe_href(ok), Ok(ok), "{ok}");
        }
    }

    #[test]
    fn refuses_dangerous_links() {
        use LinkProblem::*;
        let cases = [
            ("", Empty),
            ("javascript:alert(1)", SchemeNotAllowed),
            ("JaVaScRiPt:alert(1)", SchemeNotAllowed),
            (" javascript:alert(1)", HiddenCharacters),
            ("java\tscript:alert(1)", HiddenCharacters),
            ("java\u{0}script:alert(1)", HiddenCharacters),
            ("javascript\u{200b}:alert(1)", HiddenCharacters),
            ("https://example.com/\u{202e}gpj.exe", HiddenCharacters),
            ("data:text/html,<script>alert(1)</script>", SchemeNotAllowed),
            ("vbscript:msgbox(1)", SchemeNotAllowed),
            ("file:///etc/passwd", SchemeNotAllowed),
            ("//evil.example/x", NotAbsolute),
            ("/relative/path", NotAbsolute),
            ("status.html", NotAbsolute),
            ("https:evil.example", MissingHost),
            ("https:///path", MissingHost),
            ("https:\\\\evil.example", HiddenCharacters),
            ("https://bank.example@evil.example/", UserInfo),
            ("https://<script>/", MissingHost),
            ("mailto:javascript:alert(1)", BadEmail),
            ("mailto:", BadEmail),
            ("tel:javascript:alert(1)", BadPhone),
            ("tel:0201/123", BadPhone),
        ];
        for (url, problem) in cases {
            assert_eq!(safe_href(url), Err(problem), "{url:?}");
        }
        assert_eq!(safe_href(&format!("https://e.com/{}", "a".repeat(3000))), Err(TooLong));
    }

    #[test]
    fn refuses_hosts_customers_cannot_judge() {
        use LinkProblem::*;
        let cases = [
            ("http://127.0.0.1/", IpAddress),
            ("http://127.1/", IpAddress),
            ("http://2130706433/", IpAddress),
            ("http://0177.0.0.1/", IpAddress),
            ("http://0x7f.0.0.1/", IpAddress),
            ("http://0x7F000001/", IpAddress),
            ("http://192.168.0.1./", IpAddress),
            ("http://１２７.０.０.１/", IpAddress),
            ("https://[::1]:8080/feed.json", IpAddress),
            ("https://[::ffff:127.0.0.1]/", IpAddress),
            ("http://10.0.0.1:8080/x", IpAddress),
            ("http://localhost/", LocalHost),
            ("http://LOCALHOST:3000/", LocalHost),
            ("http://admin.localhost/", LocalHost),
            ("http://localhost./", LocalHost),
            // Cyrillic а (U+0430) in "аpple", written out and as Punycode.
            ("https://\u{430}pple.com/", MixedScripts),
            ("https://xn--pple-43d.com/", MixedScripts),
            // Greek ο (U+03BF) in "gοogle".
            ("https://g\u{3bf}ogle.com/", MixedScripts),
            ("https://paypa\u{4cf}.com/", MixedScripts),
            ("https://xn--invalid-!!.com/", MissingHost),
            ("https://xn--99999999999.com/", MixedScripts),
        ];
        for (url, problem) in cases {
            assert_eq!(safe_href(url), Err(problem), "{url:?}");
        }
        // Numbers inside a name are not addresses.
        assert_eq!(safe_href("https://1und1.de/"), Ok("https://1und1.de/"));
        assert_eq!(safe_href("https://0x7f.example/"), Ok("https://0x7f.example/"));
    }

    #[test]
    fn punycode_round_trips_known_labels() {
        assert_eq!(punycode_decode("bcher-kva").as_deref(), Some("bücher"));
        assert_eq!(punycode_decode("mnchen-3ya").as_deref(), Some("münchen"));
        assert_eq!(punycode_decode("e1afmkfd").as_deref(), Some("пример"));
        assert_eq!(punycode_decode("pple-43d").as_deref(), Some("\u{430}pple"));
        assert_eq!(punycode_decode("!!"), None);
    }

    #[test]
    fn email_addresses() {
        assert!(is_email("hilfe@stadtwerke-example.de"));
        assert!(!is_email("hilfe@localhost"));
        assert!(!is_email("<hilfe>@example.com"));
        assert!(!is_email("hilfe example.com"));
        assert_eq!(mailto("a@b.de").as_deref(), Some("mailto:a@b.de"));
        assert_eq!(mailto("a@b"), None);
    }
}
