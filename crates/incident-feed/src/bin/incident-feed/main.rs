//! `incident-feed`: validate, search and describe incident feeds.
//!
//! Exit codes: 0 success, 1 the feed has problems, 2 usage errors or files
//! that cannot be read.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use incident_feed::search::SearchIndex;
use incident_feed::{parse_feed, Feed};

#[derive(Parser)]
#[command(name = "incident-feed", version, about = "Validate, search and describe incident feeds (format v1)")]
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { files } => validate(&files),
        Command::Schema => {
            println!("{}", serde_json::to_string_pretty(&incident_feed::json_schema()).expect("schema serialises"));
            ExitCode::SUCCESS
        }
        Command::Search { file, query, lang, limit, json } => search(&file, &query, &lang, limit, json),
    }
}

fn read(file: &PathBuf) -> Result<String, ExitCode> {
    std::fs::read_to_string(file).map_err(|e| {
        eprintln!("{}: cannot read: {e}", file.display());
        ExitCode::from(2)
    })
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut worst = 0u8;
    for file in files {
        let text = match read(file) {
            Ok(t) => t,
            Err(_) => {
                worst = 2;
                continue;
            }
        };
        match parse_feed(&text) {
            Ok(_) => eprintln!("{}: valid", file.display()),
            Err(problems) => {
                for p in &problems.0 {
                    println!("{}: {p}", file.display());
                }
                worst = worst.max(1);
            }
        }
    }
    ExitCode::from(worst)
}

fn load(file: &PathBuf) -> Result<Feed, ExitCode> {
    let text = read(file)?;
    parse_feed(&text).map_err(|problems| {
        for p in &problems.0 {
            eprintln!("{}: {p}", file.display());
        }
        ExitCode::from(1)
    })
}

fn search(file: &PathBuf, query: &str, lang: &str, limit: usize, json: bool) -> ExitCode {
    let feed = match load(file) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let index = SearchIndex::new(&feed);
    let hits = index.search(query, lang, limit);
    if json {
        let list: Vec<_> = hits
            .iter()
            .map(|h| {
                serde_json::json!({
                    "id": h.id,
                    "score": h.score,
                    "question": h.question.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>(),
                    "answer": h.answer.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list).expect("hits serialise"));
    } else {
        for h in &hits {
            println!("{}", h.id);
        }
    }
    ExitCode::SUCCESS
}
