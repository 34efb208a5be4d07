//! `validate` and `search`: reading feeds without changing them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use incident_feed::parse_feed;
use incident_search::SearchIndex;

use crate::{load, read, Outcome};

pub fn validate(files: &[PathBuf]) -> ExitCode {
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

pub fn search(file: &Path, query: &str, lang: &str, limit: usize, json: bool) -> Outcome {
    let (_, feed) = load(file)?;
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
    Ok(())
}
