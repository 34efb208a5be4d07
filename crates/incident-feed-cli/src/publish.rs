//! `publish`: the feed, its signature, the static page and the Atom and JSON
//! Feed files, to several places in one go (docs/resilience.md "Staying up
//! when your own systems are down", docs/signing.md "No torn publish").
//!
//! Everything is made before any target is touched: the feed is validated
//! strictly, signed, rendered and converted; a problem there stops the
//! command with no target changed. Then each target is tried in turn; one
//! that fails (down, refusing, full) is reported and the others still get
//! every file.
//!
//! Per target the order is: read the signature file there, write the new
//! one (the new feed's signature first, then the lines already there), then
//! the feed, then the page and the subscriptions. A widget fetches the feed
//! and then its signature, so whichever feed it got, the signature file it
//! reads next holds that feed's line.
//!
//! HTTP targets take `PUT` (WebDAV, object stores). The client is `ureq`:
//! small and blocking, which is all a command that sends a few files one
//! after the other needs; `object_store` would bring tokio and reqwest
//! along (a long build on the CI's two cores) for the S3/GCS/Azure APIs, which
//! their `PUT`-able endpoints (presigned or public-write buckets, WebDAV
//! gateways) make unnecessary here.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use incident_feed::client::decode::{signature_lines, MAX_SIGNATURE_BYTES, MAX_SIGNATURE_LINES};
use incident_feed::signing::{base64, DetachedSignature};
use incident_publish::syndication::{self, SyndicationOptions};

use crate::{fail_io, load, read, Outcome};

/// File names at every target besides the feed's own (which keeps its name).
pub const PAGE_NAME: &str = "status.html";
pub const ATOM_NAME: &str = "status.atom";
pub const JSON_FEED_NAME: &str = "status.feed.json";

/// Credentials for HTTP targets whose URL carries none: `user:password`.
pub const AUTH_ENV: &str = "INCIDENT_FEED_PUBLISH_AUTH";

/// How long a connection may take to open, and one request as a whole.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Args)]
pub struct PublishArgs {
    /// Feed file (JSON); keeps its file name at every target.
    feed: PathBuf,
    /// A local folder, or the http(s) URL of a folder that takes PUT
    /// (user:password@ in the URL or $INCIDENT_FEED_PUBLISH_AUTH for basic
    /// auth). Repeat for every place.
    #[arg(long = "to", required = true, value_name = "TARGET")]
    to: Vec<String>,
    /// Private key file from `keygen`: writes FEED.sig at each target.
    /// Without it no signature is written, and a target that has one is
    /// refused (it would no longer sign the new feed).
    #[arg(long)]
    key: Option<PathBuf>,
    /// Language of the page and the subscriptions [default: the feed's default_language].
    #[arg(long)]
    lang: Option<String>,
    /// The public page that shows the widget (the subscriptions link to it).
    #[arg(long)]
    page_url: Option<String>,
    /// Stylesheet to embed in the page instead of the built-in one.
    #[arg(long)]
    css: Option<PathBuf>,
}

/// One file to write: its name at the target, bytes and media type.
struct File {
    name: String,
    bytes: Vec<u8>,
    content_type: &'static str,
}

/// Where the files go.
enum Target {
    Folder(PathBuf),
    Http(HttpTarget),
}

struct HttpTarget {
    /// The folder URL without credentials, ending in `/`.
    base: String,
    /// `Basic …`, from the URL's userinfo or [`AUTH_ENV`].
    authorization: Option<String>,
}

impl Target {
    /// `http://` and `https://` are URLs, anything else with `://` is refused,
    /// the rest is a folder.
    fn parse(text: &str) -> Result<Target, String> {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return HttpTarget::parse(text).map(Target::Http);
        }
        if text.contains("://") {
            return Err(format!("{}: only local folders and http(s):// URLs are targets", redact(text)));
        }
        Ok(Target::Folder(PathBuf::from(text)))
    }

    /// What the report calls it: never with a password.
    fn name(&self) -> String {
        match self {
            Target::Folder(p) => p.display().to_string(),
            Target::Http(h) => h.base.clone(),
        }
    }
}

impl HttpTarget {
    fn parse(text: &str) -> Result<HttpTarget, String> {
        let (scheme, userinfo, host, path) = split_url(text).expect("checked by the caller");
        if path.contains(['?', '#']) {
            return Err(format!("{}: a target URL names a folder, without ? or #", redact(text)));
        }
        if host.is_empty() {
            return Err(format!("{}: no host", redact(text)));
        }
        let credentials = match userinfo {
            // Basic auth is always user:password; a user alone has an empty one.
            Some(u) if u.contains(':') => Some(percent_decode(u)),
            Some(u) => Some(format!("{}:", percent_decode(u))),
            None => std::env::var(AUTH_ENV).ok().filter(|v| !v.is_empty()),
        };
        let mut base = format!("{}://{host}{path}", scheme.to_ascii_lowercase());
        if !base.ends_with('/') {
            base.push('/');
        }
        Ok(HttpTarget { base, authorization: credentials.map(|c| format!("Basic {}", base64::encode(c.as_bytes()))) })
    }
}

/// `scheme://userinfo@host/path?query` as (scheme, userinfo, host, the
/// rest from the path on); `None` without `://`.
fn split_url(text: &str) -> Option<(&str, Option<&str>, &str, &str)> {
    let (scheme, rest) = text.split_once("://")?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let (userinfo, host) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    Some((scheme, userinfo, host, path))
}

/// The URL with any password replaced by `***`, for messages.
fn redact(text: &str) -> String {
    match split_url(text) {
        Some((scheme, Some(userinfo), host, path)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}{path}")
        }
        _ => text.to_owned(),
    }
}

/// `%40` and friends in a URL's userinfo.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn publish(args: &PublishArgs) -> Outcome {
    let targets: Vec<Target> = args.to.iter().map(|t| Target::parse(t)).collect::<Result<_, _>>().map_err(fail_io)?;
    let feed_name = args.feed.file_name().map(|n| n.to_string_lossy().into_owned()).ok_or_else(|| fail_io(format!("{}: not a file", args.feed.display())))?;
    let signature_name = format!("{feed_name}.sig");
    if [PAGE_NAME, ATOM_NAME, JSON_FEED_NAME].contains(&feed_name.as_str()) {
        return Err(fail_io(format!("{feed_name}: the feed cannot have the name of the page or a subscription file; rename it (e.g. feed.json)")));
    }
    // Everything is made first: an invalid feed or a bad key touches no target.
    let secret = args.key.as_deref().map(crate::keys::read_secret_key).transpose()?;
    let (text, feed) = load(&args.feed)?;
    let stylesheet = args.css.as_deref().map(read).transpose()?;
    let lang = args.lang.clone().unwrap_or_else(|| feed.default_language.clone());
    // The promise of the next update and the expiry are said as they stand
    // now, when the files are made, as `render`, `atom` and `jsonfeed` do.
    let now = incident_feed_cli::now().unix_seconds();
    let options = SyndicationOptions { lang: lang.clone(), page_url: args.page_url.clone(), self_url: None, now: Some(now) };
    let atom = syndication::atom(&feed, &options).map_err(fail_io)?;
    let json_feed = syndication::json_feed(&feed, &options).map_err(fail_io)?;
    let page = incident_publish::render::render_page_at(&feed, &lang, stylesheet.as_deref(), now);
    let signature = secret.as_ref().map(|s| s.sign(text.as_bytes()));
    let files = [
        File { name: feed_name.clone(), bytes: text.into_bytes(), content_type: "application/json" },
        File { name: PAGE_NAME.into(), bytes: page.into_bytes(), content_type: "text/html; charset=utf-8" },
        File { name: ATOM_NAME.into(), bytes: atom.into_bytes(), content_type: "application/atom+xml" },
        File { name: JSON_FEED_NAME.into(), bytes: json_feed.into_bytes(), content_type: "application/feed+json" },
    ];
    match &secret {
        Some(s) => say(format!(
            "publishing {feed_name} ({} bytes), signed with key {}, to {} target(s)",
            files[0].bytes.len(),
            s.public_key().to_base64(),
            targets.len()
        )),
        None => say(format!(
            "publishing {feed_name} ({} bytes), unsigned (no --key: no {signature_name} is written), to {} target(s)",
            files[0].bytes.len(),
            targets.len()
        )),
    }

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_global(Some(REQUEST_TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("incident-feed/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut failed = Vec::new();
    for target in &targets {
        let place = Place { target, agent: &agent };
        match publish_to(&place, &files, &signature_name, signature.as_deref()) {
            Ok(()) => {}
            Err(e) => {
                say(format!("{}: FAILED: {e}", target.name()));
                failed.push((target.name(), e));
            }
        }
    }
    say(format!("{} of {} target(s) published", targets.len() - failed.len(), targets.len()));
    for (name, error) in &failed {
        say(format!("  failed: {name}: {error}"));
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(ExitCode::from(1))
    }
}

/// One line of the report, at once (the report is the progress).
fn say(line: String) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// A target and how to reach it.
struct Place<'a> {
    target: &'a Target,
    agent: &'a ureq::Agent,
}

/// The signature file first, then the feed, then the rest; the first error
/// stops this target.
fn publish_to(place: &Place, files: &[File], signature_name: &str, signature: Option<&str>) -> Result<(), String> {
    let name = place.target.name();
    if let Target::Folder(dir) = place.target {
        if !dir.is_dir() {
            return Err(format!("{} is not a folder", dir.display()));
        }
    }
    let previous = place.read(signature_name).map_err(|e| format!("{signature_name}: cannot read: {e}"))?;
    match signature {
        Some(line) => {
            let text = signature_file(line, previous.as_deref());
            place.write(&File { name: signature_name.into(), bytes: text.clone().into_bytes(), content_type: "text/plain; charset=utf-8" })?;
            say(format!("{name}: {signature_name} ({} bytes, {} signature(s))", text.len(), text.lines().count()));
        }
        None if previous.is_some() => {
            return Err(format!(
                "has a {signature_name}, which would not sign the new feed (widgets with a public-key would say \"not verified\"); \
                 publish with --key, or remove {signature_name} there first; nothing written"
            ));
        }
        None => {}
    }
    for file in files {
        place.write(file)?;
        say(format!("{name}: {} ({} bytes)", file.name, file.bytes.len()));
    }
    Ok(())
}

/// The new signature file: `line` first, then the previous file's
/// signatures (readable ones only, without repeats), at most
/// [`MAX_SIGNATURE_LINES`] in all. The previous lines keep verifying the feed
/// a widget may have fetched just before the new one replaced it.
pub fn signature_file(line: &str, previous: Option<&str>) -> String {
    let mut lines = vec![line.trim().to_owned()];
    let old = previous.map(|p| p.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>()).unwrap_or_default();
    for l in old {
        // A line that is not a signature would make readers refuse the whole file.
        if lines.len() < MAX_SIGNATURE_LINES && !lines.iter().any(|k| k == l) && DetachedSignature::from_base64(l).is_ok() {
            lines.push(l.to_owned());
        }
    }
    let text = lines.join("\n") + "\n";
    debug_assert!(signature_lines(&text).is_some_and(|l| l.len() <= MAX_SIGNATURE_LINES) && text.len() <= MAX_SIGNATURE_BYTES);
    text
}

impl Place<'_> {
    /// The file at the target, `None` when there is none.
    fn read(&self, name: &str) -> Result<Option<String>, String> {
        match self.target {
            Target::Folder(dir) => match std::fs::read_to_string(dir.join(name)) {
                Ok(t) => Ok(Some(t)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e.to_string()),
            },
            Target::Http(h) => {
                let mut request = self.agent.get(format!("{}{name}", h.base)).header("Cache-Control", "no-cache");
                if let Some(a) = &h.authorization {
                    request = request.header("Authorization", a);
                }
                let mut response = request.call().map_err(|e| e.to_string())?;
                match response.status().as_u16() {
                    200 => response.body_mut().with_config().limit(64 * 1024).read_to_string().map(Some).map_err(|e| e.to_string()),
                    404 | 410 => Ok(None),
                    status => Err(format!("HTTP {status}")),
                }
            }
        }
    }

    /// Replaces the file at the target: atomically in a folder; with one
    /// `PUT` over HTTP (WebDAV servers and object stores swap the file in
    /// when the upload is complete).
    fn write(&self, file: &File) -> Result<(), String> {
        match self.target {
            Target::Folder(dir) => {
                let path = dir.join(&file.name);
                incident_feed_cli::write_atomic(&path, &file.bytes).map_err(|e| format!("{}: cannot write: {e}", file.name))
            }
            Target::Http(h) => {
                let mut request = self.agent.put(format!("{}{}", h.base, file.name)).header("Content-Type", file.content_type);
                if let Some(a) = &h.authorization {
                    request = request.header("Authorization", a);
                }
                let response = request.send(&file.bytes[..]).map_err(|e| format!("{}: {e}", file.name))?;
                match response.status().as_u16() {
                    200..=299 => Ok(()),
                    status => Err(format!("{}: HTTP {status} for PUT", file.name)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "7ugEKQiFV9A3wPHxZMfZRlvvSvr1EY6a2J/I63/mTJVN3h0ZH/yVK+BM8ML3bpB5otQCf5OR9K57VkCtPHSSDA==";

    fn sig(n: u8) -> String {
        let key = incident_feed::signing::SecretKey::generate().unwrap();
        key.sign(&[n])
    }

    #[test]
    fn the_new_signature_comes_first_and_the_previous_ones_follow_at_most_four_without_repeats() {
        assert_eq!(signature_file(A, None), format!("{A}\n"));
        let (b, c, d, e) = (sig(1), sig(2), sig(3), sig(4));
        assert_eq!(signature_file(&b, Some(&format!("{A}\n"))), format!("{b}\n{A}\n"));
        assert_eq!(signature_file(A, Some(&format!("{A}\n{b}\n"))), format!("{A}\n{b}\n"), "republishing the same feed");
        let full = format!("{b}\n{c}\n{d}\n{A}\n");
        assert_eq!(signature_file(&e, Some(&full)), format!("{e}\n{b}\n{c}\n{d}\n"));
        assert_eq!(signature_file(&e, Some("not a signature\n\n")), format!("{e}\n"), "a broken line is dropped, not carried on");
    }

    #[test]
    fn targets_are_folders_or_http_urls_and_passwords_never_show() {
        assert!(matches!(Target::parse("/srv/status").unwrap(), Target::Folder(_)));
        let Target::Http(h) = Target::parse("HTTPS://ops:s%40cret@dav.example.net/status").unwrap() else { panic!() };
        assert_eq!(h.base, "https://dav.example.net/status/");
        assert_eq!(h.authorization.as_deref(), Some(format!("Basic {}", base64::encode(b"ops:s@cret")).as_str()));
        assert_eq!(Target::Http(h).name(), "https://dav.example.net/status/");
        let err = Target::parse("ftp://ops:secret@files.example.net/").err().unwrap();
        assert!(!err.contains("secret") && err.contains("ops:***@"), "{err}");
        assert!(Target::parse("https://h.example/feed?x=1").is_err());
    }
}
