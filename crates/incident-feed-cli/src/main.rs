//! `incident-feed`: write, check, sign, convert and publish incident feeds.
//!
//! Exit codes: 0 success, 1 the feed has problems (or a signature does not
//! verify), 2 usage errors or files that cannot be read or written.
//!
//! Every command that writes a file writes it atomically (temporary file,
//! fsync, rename) and refuses to write a feed that does not validate.

mod authoring;
mod check;
mod convert;
mod keys;
mod publish;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use incident_feed::model::{Impact, IncidentStatus, StatusLevel};
use incident_feed::{parse_feed, Feed};

#[derive(Parser)]
#[command(name = "incident-feed", version, about = "Write, check, sign and publish incident feeds (format v1)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check feeds; prints one line per problem as `FILE: $.json.path: message`.
    ///
    /// Exits 0 when every feed is valid, 1 when any has problems, 2 when a
    /// file cannot be read.
    Validate {
        /// Feed files (JSON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the JSON Schema of the feed format.
    Schema,
    /// Search a feed's FAQ the way the widget does; prints ranked FAQ ids.
    Search {
        /// Feed file (JSON).
        file: PathBuf,
        /// What a customer would type.
        query: String,
        /// Language of the texts to search.
        #[arg(long, default_value = "de")]
        lang: String,
        /// Most hits to print.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print hits as JSON with scores and highlight ranges.
        #[arg(long)]
        json: bool,
    },
    /// Make a signing key pair: NAME.key (private, mode 0600) and NAME.pub.
    ///
    /// Prints the public key (the widget's `data-public-key`). Never
    /// overwrites an existing key.
    Keygen {
        /// Where to write the two files.
        #[arg(long, default_value = ".")]
        out_dir: PathBuf,
        /// File name without extension.
        #[arg(long, default_value = "feed-signing")]
        name: String,
    },
    /// Sign a feed: writes a detached signature FEED.sig over the file's exact bytes.
    ///
    /// Refuses to sign a feed that does not validate.
    Sign {
        feed: PathBuf,
        /// Private key file from `keygen`.
        #[arg(long)]
        key: PathBuf,
        /// Signature file [default: FEED.sig].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check a feed's detached signature. Exits 0 when it verifies, 1 when not.
    Verify {
        feed: PathBuf,
        /// A `.pub` file, or the base64 public key itself.
        #[arg(long)]
        public_key: String,
        /// Signature file [default: FEED.sig].
        #[arg(long)]
        signature: Option<PathBuf>,
    },
    /// Write an Atom 1.0 feed with one entry per incident update.
    Atom(convert::SyndicationArgs),
    /// Write a JSON Feed 1.1 with one item per incident update.
    Jsonfeed(convert::SyndicationArgs),
    /// Convert Atlassian Statuspage v2 JSON (summary.json or incidents.json) to a feed.
    ImportStatuspage {
        /// summary.json or incidents.json as downloaded from /api/v2/.
        file: PathBuf,
        /// Output feed [default: standard output].
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Language of the Statuspage texts (the feed's default_language).
        #[arg(long, default_value = "en")]
        lang: String,
        /// Organisation name instead of the page's name.
        #[arg(long)]
        org_name: Option<String>,
    },
    /// Write a valid starter feed to fill in (prints a short guide to stderr).
    New {
        /// Language of the placeholder texts: de or en.
        #[arg(long, default_value = "de")]
        lang: String,
        /// Output file [default: standard output]. Never overwritten.
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// Append an update (now) to an incident, set its status, bump updated_at,
    /// validate, write atomically, and re-sign with --sign.
    AddUpdate(authoring::AddUpdateArgs),
    /// Write a complete static HTML page of the feed, without JavaScript.
    Render {
        feed: PathBuf,
        /// Language to show.
        #[arg(long, default_value = "de")]
        lang: String,
        /// Output file [default: standard output].
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Stylesheet to embed instead of the built-in one (e.g. style/incident-status.css).
        #[arg(long)]
        css: Option<PathBuf>,
    },
    /// Validate, sign (with --key) and write the feed, its signature, the
    /// static page and the Atom and JSON Feed files to every --to target.
    ///
    /// Targets are local folders and http(s) folder URLs that take PUT
    /// (WebDAV, object stores). Per target: the signature first, then the
    /// feed, then the rest; one line per file. Every target is tried; exits
    /// 1 if any failed, 2 when nothing could be prepared (and no target was
    /// touched), 1 for an invalid feed (nothing touched either).
    Publish(publish::PublishArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { files } => return check::validate(&files),
        Command::Schema => {
            println!("{}", serde_json::to_string_pretty(&incident_feed::json_schema()).expect("schema serialises"));
            Ok(())
        }
        Command::Search { file, query, lang, limit, json } => check::search(&file, &query, &lang, limit, json),
        Command::Keygen { out_dir, name } => keys::keygen(&out_dir, &name),
        Command::Sign { feed, key, out } => keys::sign(&feed, &key, out.as_deref()).map(|_| ()),
        Command::Verify { feed, public_key, signature } => keys::verify(&feed, &public_key, signature.as_deref()),
        Command::Atom(args) => convert::atom(&args),
        Command::Jsonfeed(args) => convert::json_feed(&args),
        Command::ImportStatuspage { file, out, lang, org_name } => convert::import_statuspage(&file, out.as_deref(), &lang, org_name),
        Command::New { lang, out } => authoring::new(&lang, out.as_deref()),
        Command::AddUpdate(args) => authoring::add_update(&args),
        Command::Render { feed, lang, out, css } => convert::render(&feed, &lang, out.as_deref(), css.as_deref()),
        Command::Publish(args) => publish::publish(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// What a failed command exits with; the message is already printed.
type Outcome = Result<(), ExitCode>;

/// Prints `message` to stderr and returns exit code 2 (I/O and usage).
fn fail_io(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("incident-feed: {message}");
    ExitCode::from(2)
}

/// Prints `message` to stderr and returns exit code 1 (the content is wrong).
fn fail_content(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("incident-feed: {message}");
    ExitCode::from(1)
}

fn read(file: &Path) -> Result<String, ExitCode> {
    std::fs::read_to_string(file).map_err(|e| fail_io(format!("{}: cannot read: {e}", file.display())))
}

/// Reads and validates a feed, printing every problem.
fn load(file: &Path) -> Result<(String, Feed), ExitCode> {
    let text = read(file)?;
    match parse_feed(&text) {
        Ok(feed) => Ok((text, feed)),
        Err(problems) => {
            for p in &problems.0 {
                eprintln!("{}: {p}", file.display());
            }
            Err(ExitCode::from(1))
        }
    }
}

/// Writes `text` to `out` atomically, or to standard output.
fn emit(out: Option<&Path>, text: &str) -> Outcome {
    match out {
        Some(path) => incident_feed_cli::write_atomic(path, text.as_bytes()).map_err(|e| fail_io(format!("{}: cannot write: {e}", path.display()))),
        None => {
            use std::io::Write;
            std::io::stdout().write_all(text.as_bytes()).map_err(|e| fail_io(format!("cannot write to standard output: {e}")))
        }
    }
}

fn parse_status(s: &str) -> Result<IncidentStatus, String> {
    serde_json::from_value(serde_json::Value::String(s.replace('-', "_")))
        .map_err(|_| format!("{s:?} is not a status: investigating, identified, monitoring, resolved, scheduled, in_progress, verifying, completed"))
}

fn parse_level(s: &str) -> Result<StatusLevel, String> {
    serde_json::from_value(serde_json::Value::String(s.replace('-', "_")))
        .map_err(|_| format!("{s:?} is not a level: operational, maintenance, degraded, partial_outage, major_outage"))
}

fn parse_impact(s: &str) -> Result<Impact, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|_| format!("{s:?} is not an impact: none, minor, major, critical"))
}
