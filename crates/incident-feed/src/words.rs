//! The word book as Rust: `crates/incident-feed/words/keys.txt` names every
//! text, `words/<lang>.txt` gives them, and `build.rs` turns them into
//! [`Lang`] (one variant per language file) and [`Texts`] (one `&'static str`
//! field per key). A leaf module: it imports nothing of this crate, so the
//! dates (`datetime`), the model's users and the texts' rules (`texts`) can
//! all read it without importing each other.

use std::fmt::{Display, Write as _};

include!(concat!(env!("OUT_DIR"), "/words.rs"));

impl Lang {
    /// A full locale for the browser's `Intl` APIs, used only to name the
    /// reader's time zone ("MESZ" in German, "CEST" in British English).
    pub fn locale(self) -> &'static str {
        self.texts().locale
    }

    /// The supported language a tag such as `de-AT`, `EN_us` or `de` means,
    /// matched on its primary subtag; `None` for anything else. The one
    /// language test of the product: the widget, the dates, the static
    /// page, the subscriptions and the Statuspage import all use it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        Lang::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// [`Lang::from_tag`], or [`FALLBACK_LANG`] for a tag of no supported language.
    ///
    /// ```
    /// use incident_feed::texts::Lang;
    /// assert_eq!(Lang::for_tag("de-CH"), Lang::De);
    /// assert_eq!(Lang::for_tag("fr"), Lang::En);
    /// ```
    pub fn for_tag(tag: &str) -> Lang {
        Lang::from_tag(tag).unwrap_or(FALLBACK_LANG)
    }
}

/// Used when neither the page, the browser nor the feed names a supported
/// language: English is the one most readers of an unknown language share.
pub const FALLBACK_LANG: Lang = Lang::En;

/// Fills a word book template's `{placeholders}` (build.rs has checked
/// that every placeholder of every language is one the key declares).
///
/// ```
/// use incident_feed::texts::{fill, Lang};
/// assert_eq!(fill(Lang::De.texts().syndication_title, &[("org", &"Stadtwerke")]), "Stadtwerke – Status");
/// ```
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(after.len());
        let name = &after[..close];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                let _ = write!(out, "{value}");
            }
            None => debug_assert!(false, "no value for {{{name}}} in {template:?}"),
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

impl Texts {
    /// The name of a month, 1 to 12.
    pub fn month(&self, month: u32) -> &'static str {
        [
            self.month_1,
            self.month_2,
            self.month_3,
            self.month_4,
            self.month_5,
            self.month_6,
            self.month_7,
            self.month_8,
            self.month_9,
            self.month_10,
            self.month_11,
            self.month_12,
        ][(month.clamp(1, 12) - 1) as usize]
    }

    /// The short name of a month, 1 to 12.
    pub fn month_short(&self, month: u32) -> &'static str {
        [
            self.month_short_1,
            self.month_short_2,
            self.month_short_3,
            self.month_short_4,
            self.month_short_5,
            self.month_short_6,
            self.month_short_7,
            self.month_short_8,
            self.month_short_9,
            self.month_short_10,
            self.month_short_11,
            self.month_short_12,
        ][(month.clamp(1, 12) - 1) as usize]
    }
}
