//! Escaping untrusted feed text for the markup we write: HTML for the static
//! page, XML for Atom. One loop; the two differ only in what they drop.

/// Escapes `&`, `<`, `>`, `"` and `'` (as `apostrophe`), drops the
/// characters `drop` names and keeps the rest.
fn escape_with(s: &str, apostrophe: &str, drop: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apostrophe),
            c if drop(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML content and quoted attribute values; controls
/// other than new lines and tabs are not allowed in HTML text and are dropped.
///
/// ```
/// assert_eq!(incident_publish::escape::html("<a href='x'>\u{7}"), "&lt;a href=&#39;x&#39;&gt;");
/// ```
pub fn html(s: &str) -> String {
    escape_with(s, "&#39;", |c| c.is_control() && !matches!(c, '\n' | '\t'))
}

/// Escapes text for XML content and attributes, dropping the characters XML
/// 1.0 cannot carry at all (a JSON string can hold them).
///
/// ```
/// assert_eq!(incident_publish::escape::xml("a & 'b'\u{1}\u{fffe}"), "a &amp; &apos;b&apos;");
/// ```
pub fn xml(s: &str) -> String {
    escape_with(s, "&apos;", |c| ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}')
}
