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
            let (host, port) = match authority.strip_prefix('[') {
                Some(v6) => match v6.split_once(']') {
                    Some((addr, port)) => (addr, port),
                    None => return Err(LinkProblem::MissingHost),
                },
                None => authority.split_once(':').unwrap_or((authority, "")),
            };
            let port_ok = port.is_empty() || port.strip_prefix(':').unwrap_or(port).bytes().all(|b| b.is_ascii_digit());
            let host_ok = !host.is_empty() && !host.starts_with('.') && host.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'));
            if !host_ok || !port_ok {
                return Err(LinkProblem::MissingHost);
            }
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
            "https://[::1]:8080/feed.json",
            "https://bücher.example/",
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
    fn email_addresses() {
        assert!(is_email("hilfe@stadtwerke-example.de"));
        assert!(!is_email("hilfe@localhost"));
        assert!(!is_email("<hilfe>@example.com"));
        assert!(!is_email("hilfe example.com"));
        assert_eq!(mailto("a@b.de").as_deref(), Some("mailto:a@b.de"));
        assert_eq!(mailto("a@b"), None);
    }
}
