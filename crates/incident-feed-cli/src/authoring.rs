//! `new` and `add-update`: writing a feed under stress in one command.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use incident_feed::datetime::Timestamp;
use incident_feed::model::{Impact, IncidentStatus, StatusLevel};
use incident_feed_cli::{now, write_feed};
use incident_publish::authoring::{self as a, NewUpdate, Promise};

use crate::keys::{default_signature_path, read_secret_key, sign_bytes};
use crate::{fail_content, fail_io, parse_impact, parse_level, parse_status, read, Outcome};

pub fn new(lang: &str, out: Option<&Path>) -> Outcome {
    let text = a::starter_feed(lang, &now());
    match out {
        Some(path) => {
            if path.exists() {
                return Err(fail_io(format!("{} exists; refusing to overwrite it", path.display())));
            }
            write_feed(path, &text).map_err(|e| fail_io(format!("{}: {e}", path.display())))?;
            eprint!("{}", a::starter_guide(lang, &path.display().to_string()));
            Ok(())
        }
        None => {
            eprint!("{}", a::starter_guide(lang, "feed.json"));
            crate::emit(None, &text)
        }
    }
}

#[derive(Args)]
pub struct AddUpdateArgs {
    /// The feed file; it is replaced atomically.
    feed: PathBuf,
    /// The incident's new status: investigating, identified, monitoring,
    /// resolved (maintenance: scheduled, in_progress, verifying, completed).
    #[arg(long, value_parser = parse_status)]
    status: IncidentStatus,
    /// The update's text (plain text; blank line between paragraphs).
    #[arg(long)]
    text: String,
    /// The same text in another language, as LANG=TEXT (repeatable).
    #[arg(long, value_name = "LANG=TEXT")]
    translation: Vec<String>,
    /// One-line summary shown in the compact banner.
    #[arg(long)]
    title: Option<String>,
    /// Language of --text and --title [default: the feed's default_language].
    #[arg(long)]
    lang: Option<String>,
    /// The incident to update [default: the only open one].
    #[arg(long)]
    incident: Option<String>,
    /// Open a new incident with this title instead.
    #[arg(long, value_name = "TITLE", conflicts_with = "incident")]
    new_incident: Option<String>,
    /// Impact of a new incident: none, minor, major, critical.
    #[arg(long, value_parser = parse_impact, default_value = "major")]
    impact: Impact,
    /// Also set the overall status level: operational, maintenance, degraded, partial_outage, major_outage.
    #[arg(long, value_parser = parse_level)]
    level: Option<StatusLevel>,
    /// Also set the overall headline (in --lang).
    #[arg(long)]
    headline: Option<String>,
    /// Publication time (RFC 3339) [default: now, in UTC].
    #[arg(long)]
    at: Option<String>,
    /// Promise the next update by this time: RFC 3339, or HH:MM (the next
    /// such time after the update, in the offset of --at, else of the
    /// feed's updated_at; HH:MM+01:00 names its own), or `none` to remove
    /// the promise [default: a promise still ahead is kept, one this update
    /// keeps is removed].
    #[arg(long, value_name = "TIME|none")]
    next_update: Option<String>,
    /// Until when the feed holds (RFC 3339, or HH:MM as for --next-update);
    /// past it, widgets say it may be outdated. `none` removes it
    /// [default: left as it is].
    #[arg(long, value_name = "TIME|none")]
    expires_at: Option<String>,
    /// Private key: re-sign the feed (writes FEED.sig).
    #[arg(long, value_name = "KEY")]
    sign: Option<PathBuf>,
}

pub fn add_update(args: &AddUpdateArgs) -> Outcome {
    // Read the key first: a wrong key path must not leave a new but unsigned feed.
    let secret = args.sign.as_deref().map(read_secret_key).transpose()?;
    let mut translations = Vec::new();
    for t in &args.translation {
        match t.split_once('=') {
            Some((lang, text)) if !lang.is_empty() => translations.push((lang.to_owned(), text.to_owned())),
            _ => return Err(fail_io(format!("--translation {t:?} must look like en=TEXT"))),
        }
    }
    let at = match &args.at {
        Some(t) if Timestamp::new(t.as_str()).parse().is_none() => return Err(fail_io(format!("--at {t:?} is not RFC 3339, e.g. 2026-11-03T14:05:00+01:00"))),
        Some(t) => Timestamp::new(t.as_str()),
        None => now(),
    };
    let before = read(&args.feed)?;
    // HH:MM is read in the offset the team writes its times in: --at's,
    // else the feed's updated_at's (the CLI's own clock knows only UTC).
    let offset = match &args.at {
        Some(_) => at.parse().map(|i| i.offset_minutes),
        None => incident_feed::parse_feed(&before).ok().and_then(|f| f.updated_at.parse()).map(|i| i.offset_minutes),
    }
    .unwrap_or(0);
    let time = |flag: &str, value: &str| -> Result<Option<Timestamp>, ExitCode> {
        if value.eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        if Timestamp::new(value).parse().is_some() {
            return Ok(Some(Timestamp::new(value)));
        }
        a::next_time_of_day(value, at.unix_seconds(), offset)
            .map(Some)
            .ok_or_else(|| fail_io(format!("{flag} {value:?} is not RFC 3339 (2026-11-03T14:05:00+01:00), HH:MM (14:00, 14:00+01:00) or none")))
    };
    let next_update = match &args.next_update {
        None => Promise::KeepIfAhead,
        Some(v) => match time("--next-update", v)? {
            Some(t) => Promise::By(t),
            None => Promise::Clear,
        },
    };
    let expires_at = args.expires_at.as_deref().map(|v| time("--expires-at", v)).transpose()?;
    let update = NewUpdate {
        status: args.status,
        text: args.text.clone(),
        translations,
        title: args.title.clone(),
        lang: args.lang.clone(),
        incident: args.incident.clone(),
        new_incident: args.new_incident.clone(),
        impact: args.impact,
        level: args.level,
        headline: args.headline.clone(),
        at,
        next_update,
        expires_at,
    };
    let (after, id) = a::add_update(&before, &update).map_err(|e| fail_content(format!("{}: {e}", args.feed.display())))?;
    write_feed(&args.feed, &after).map_err(|e| fail_io(format!("{}: {e}", args.feed.display())))?;
    eprintln!("{}: added update {id}", args.feed.display());
    let sig_path = default_signature_path(&args.feed);
    match secret {
        Some(secret) => {
            sign_bytes(after.as_bytes(), &secret, &sig_path)?;
            eprintln!("{}: re-signed, signature in {}", args.feed.display(), sig_path.display());
        }
        None if sig_path.exists() => eprintln!(
            "incident-feed: warning: {} no longer matches the feed; widgets will show \"not verified\". Run: incident-feed sign {} --key KEY",
            sig_path.display(),
            args.feed.display()
        ),
        None => {}
    }
    Ok(())
}
