//! What the embedder decides: the widget's mode, theme, language and
//! fallback contacts ([`WidgetOptions`]). The `<incident-status>` element
//! reads them from its attributes (`attributes.rs`); everything else comes from the feed.

/// How much the widget shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Everything, for a status page on the corporate site.
    #[default]
    Full,
    /// One or two lines that expand in place, for a login page.
    Compact,
}

impl Mode {
    /// Parses an attribute value (`full`, `compact`); `None` for anything else.
    pub fn from_attr(value: &str) -> Option<Mode> {
        match value.trim().to_ascii_lowercase().as_str() {
            "full" => Some(Mode::Full),
            "compact" => Some(Mode::Compact),
            _ => None,
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Mode::Full => "full",
            Mode::Compact => "compact",
        }
    }
}

/// Colour scheme. `Auto` follows `prefers-color-scheme`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// Parses an attribute value (`auto`, `light`, `dark`); `None` for anything else.
    pub fn from_attr(value: &str) -> Option<Theme> {
        match value.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// What the embedder decides; everything else comes from the feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetOptions {
    pub mode: Mode,
    /// The widget's own `lang` attribute; wins over the page and the browser.
    pub lang: Option<String>,
    pub theme: Theme,
    /// Compact mode with no open incident: `true` shows a quiet "Alle Systeme
    /// normal" line, `false` renders nothing (the reserved height collapses).
    pub quiet_when_normal: bool,
    /// The id of the feed's service this page belongs to (`service`): the
    /// compact banner leads with that service's state and note.
    pub service: Option<String>,
    /// A hotline shown, as printed, whenever no feed can be shown.
    pub fallback_phone: Option<String>,
    /// A link (http/https) shown whenever no feed can be shown, e.g. the
    /// full status page.
    pub fallback_link: Option<String>,
}

impl Default for WidgetOptions {
    fn default() -> Self {
        WidgetOptions { mode: Mode::Full, lang: None, theme: Theme::Auto, quiet_when_normal: true, service: None, fallback_phone: None, fallback_link: None }
    }
}

impl WidgetOptions {
    pub(crate) fn root_class(&self) -> String {
        format!("is-root is-mode-{} is-theme-{}", self.mode.slug(), self.theme.slug())
    }
}
