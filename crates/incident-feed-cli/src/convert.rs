//! `atom`, `jsonfeed`, `import-statuspage` and `render`: the feed in other formats.

use std::path::{Path, PathBuf};

use clap::Args;
use incident_feed::statuspage::{self, ImportOptions};
use incident_publish::syndication::{self, SyndicationOptions};

use crate::{emit, fail_content, fail_io, load, read, Outcome};

#[derive(Args)]
pub struct SyndicationArgs {
    /// Feed file (JSON).
    feed: PathBuf,
    /// Language of the entries [default: the feed's default_language].
    #[arg(long)]
    lang: Option<String>,
    /// Output file [default: standard output].
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// The public page that shows the widget; entries link to PAGE#update-ID
    /// and their ids derive from it [default: the organisation's url].
    #[arg(long)]
    page_url: Option<String>,
    /// Where this Atom / JSON Feed file itself will be served.
    #[arg(long)]
    self_url: Option<String>,
}

fn options(args: &SyndicationArgs, feed: &incident_feed::Feed) -> SyndicationOptions {
    SyndicationOptions {
        lang: args.lang.clone().unwrap_or_else(|| feed.default_language.clone()),
        page_url: args.page_url.clone(),
        self_url: args.self_url.clone(),
        // The promise and the expiry as they stand when the file is written.
        now: incident_feed_cli::now().parse().map(|i| i.unix_seconds),
    }
}

pub fn atom(args: &SyndicationArgs) -> Outcome {
    let (_, feed) = load(&args.feed)?;
    let text = syndication::atom(&feed, &options(args, &feed)).map_err(fail_io)?;
    emit(args.out.as_deref(), &text)
}

pub fn json_feed(args: &SyndicationArgs) -> Outcome {
    let (_, feed) = load(&args.feed)?;
    let text = syndication::json_feed(&feed, &options(args, &feed)).map_err(fail_io)?;
    emit(args.out.as_deref(), &text)
}

pub fn import_statuspage(file: &Path, out: Option<&Path>, lang: &str, org_name: Option<String>) -> Outcome {
    let text = read(file)?;
    let feed = statuspage::import(&text, &ImportOptions { lang: lang.to_owned(), org_name }).map_err(|e| fail_content(format!("{}: {e}", file.display())))?;
    let json = incident_publish::authoring::to_feed_json(&serde_json::to_value(&feed).expect("a feed serialises"));
    if let Err(problems) = incident_feed::parse_feed(&json) {
        // The mapping is meant to always produce a valid feed; say so loudly if not.
        return Err(fail_content(format!("{}: the imported feed does not validate, nothing written:\n{problems}", file.display())));
    }
    match out {
        Some(path) => incident_feed_cli::write_feed(path, &json).map(|_| ()).map_err(|e| fail_io(format!("{}: {e}", path.display()))),
        None => emit(None, &json),
    }
}

pub fn render(feed_path: &Path, lang: &str, out: Option<&Path>, css: Option<&Path>) -> Outcome {
    let (_, feed) = load(feed_path)?;
    let stylesheet = css.map(read).transpose()?;
    // The promise and the expiry as they stand when the page is written.
    let now = incident_feed_cli::now().unix_seconds();
    let html = incident_publish::render::render_page_at(&feed, lang, stylesheet.as_deref(), now);
    emit(out, &html)
}
