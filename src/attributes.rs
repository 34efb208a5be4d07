//! The `<incident-status>` element's attributes, in one table: each with the
//! script tag's `data-*` equivalent, what it means and which part of the
//! widget reacts when it changes.
//!
//! `src/loader.js` keeps its own lists (a custom element's
//! `observedAttributes` must be known before any wasm runs, and the loader
//! copies a script tag's `data-*` attributes onto the element it creates);
//! `cargo test -p xtask` checks that those lists and the README's attribute
//! table agree with [`ATTRIBUTES`].

use web_sys::HtmlElement;

use crate::options::{Mode, Theme, WidgetOptions};

/// Which part of the widget an attribute change reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reacts {
    /// The feed's source: the element subscribes anew (or, for `refresh`,
    /// polls at the new interval). Observed by the loader.
    Source,
    /// The [`WidgetOptions`]: the widget re-renders in place. Observed by the loader.
    Options,
    /// Read once by the loader, before the wasm loads; not observed.
    Loader,
}

/// One attribute of the element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// The element's attribute.
    pub name: &'static str,
    /// The same on the script tag.
    pub script: &'static str,
    pub reacts: Reacts,
    pub meaning: &'static str,
}

/// Every attribute of the element, in the README's order.
#[rustfmt::skip]
pub const ATTRIBUTES: &[Attribute] = &[
    Attribute { name: "feed", script: "data-feed", reacts: Reacts::Source, meaning: "the feed's URL (http or https; anything else is refused with a visible message)" },
    Attribute { name: "lang", script: "data-lang", reacts: Reacts::Options, meaning: "`de` or `en`; else the page's `<html lang>`, else the browser's languages, else the feed's default" },
    Attribute { name: "mode", script: "data-mode", reacts: Reacts::Options, meaning: "`full` (default) or `compact`" },
    Attribute { name: "theme", script: "data-theme", reacts: Reacts::Options, meaning: "`auto` (default, follows `prefers-color-scheme`), `light` or `dark`" },
    Attribute { name: "refresh", script: "data-refresh", reacts: Reacts::Source, meaning: "polling interval in seconds, overriding the feed's `refresh_seconds`" },
    Attribute { name: "quiet", script: "data-quiet", reacts: Reacts::Options, meaning: "compact mode with no open incident: `true` (default) shows a quiet line, `false` (or `off`) nothing" },
    Attribute { name: "service", script: "data-service", reacts: Reacts::Options, meaning: "the id of the feed's `services[]` entry this page belongs to (e.g. `kundenportal`): the compact banner leads with its state and note" },
    Attribute { name: "fallback-phone", script: "data-fallback-phone", reacts: Reacts::Options, meaning: "a hotline shown whenever no feed can be shown" },
    Attribute { name: "fallback-link", script: "data-fallback-link", reacts: Reacts::Options, meaning: "a link (http/https) shown whenever no feed can be shown" },
    Attribute { name: "public-key", script: "data-public-key", reacts: Reacts::Source, meaning: "accept only feeds signed with this Ed25519 key" },
    Attribute { name: "mirrors", script: "data-mirrors", reacts: Reacts::Source, meaning: "other URLs of the same feed, space-separated, tried in order when the feed's URL fails; on another origin only with `public-key` or `unsigned-mirrors`" },
    Attribute { name: "unsigned-mirrors", script: "data-unsigned-mirrors", reacts: Reacts::Source, meaning: "`allow`: take mirrors on other origins without `public-key` (docs/resilience.md says why that is off by default)" },
    Attribute { name: "format", script: "data-format", reacts: Reacts::Source, meaning: "`statuspage` to read an Atlassian Statuspage v2 JSON URL directly" },
    Attribute { name: "integrity", script: "data-integrity", reacts: Reacts::Loader, meaning: "the wasm's `sha384-…` hash: a tampered file is refused and the fallback shown" },
    Attribute { name: "bundle-fallback", script: "data-bundle-fallback", reacts: Reacts::Loader, meaning: "an absolute http(s) URL of a folder with a copy of the bundle: the wasm and the stylesheet come from there when they cannot be had from the loader's origin, checked against the same hashes" },
];

/// The script tag's attributes that have no element equivalent.
#[rustfmt::skip]
pub const SCRIPT_ONLY: &[(&str, &str)] = &[
    ("data-target", "CSS selector of the element to render into (else the element goes right after the script tag)"),
];

/// The element's attributes, read with their types. A blank value counts as
/// absent.
pub struct Attributes<'a>(&'a HtmlElement);

impl<'a> Attributes<'a> {
    pub fn of(host: &'a HtmlElement) -> Self {
        Attributes(host)
    }

    fn get(&self, name: &str) -> Option<String> {
        debug_assert!(ATTRIBUTES.iter().any(|a| a.name == name), "{name} is not in the attribute table");
        self.0.get_attribute(name).filter(|v| !v.trim().is_empty())
    }

    pub fn lang(&self) -> Option<String> {
        self.get("lang")
    }

    /// `None` when absent or not a mode.
    pub fn mode(&self) -> Option<Mode> {
        self.get("mode").and_then(|m| Mode::from_attr(&m))
    }

    /// `None` when absent or not a theme.
    pub fn theme(&self) -> Option<Theme> {
        self.get("theme").and_then(|t| Theme::from_attr(&t))
    }

    /// Anything but `false` and `off` is true.
    pub fn quiet(&self) -> Option<bool> {
        self.get("quiet").map(|q| q != "false" && q != "off")
    }

    /// The id of the service the page belongs to, as written.
    pub fn service(&self) -> Option<String> {
        self.get("service").map(|s| s.trim().to_owned())
    }

    pub fn fallback_phone(&self) -> Option<String> {
        self.get("fallback-phone")
    }

    pub fn fallback_link(&self) -> Option<String> {
        self.get("fallback-link")
    }

    /// The widget options the attributes ask for (the [`Reacts::Options`]
    /// ones), with the defaults for what is absent or not understood.
    pub fn options(&self) -> WidgetOptions {
        let defaults = WidgetOptions::default();
        WidgetOptions {
            mode: self.mode().unwrap_or(defaults.mode),
            lang: self.lang(),
            theme: self.theme().unwrap_or(defaults.theme),
            quiet_when_normal: self.quiet().unwrap_or(defaults.quiet_when_normal),
            service: self.service(),
            fallback_phone: self.fallback_phone(),
            fallback_link: self.fallback_link(),
        }
    }
}
