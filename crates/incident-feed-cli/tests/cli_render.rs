//! `render`: the static page contains everything the widget shows, escaped, without script.

use std::fs;
use std::process::Command;

use incident_feed::phone::tel_uri;

fn example_path(name: &str) -> String {
    format!("{}/../../examples/feeds/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn render(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_incident-feed")).arg("render").args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn escaped(s: &str) -> String {
    incident_publish::render::escape(s)
}

#[test]
fn contains_every_update_faq_entry_and_hotline_in_each_language() {
    for name in ["cyberangriff.json", "maintenance.json", "resolved.json", "all-clear.json"] {
        let feed = incident_feed::parse_feed(&fs::read_to_string(example_path(name)).unwrap()).unwrap();
        let dl = feed.default_language.clone();
        for lang in ["de", "en"] {
            let html = render(&[&example_path(name), "--lang", lang]);
            assert!(html.starts_with("<!DOCTYPE html>"));
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{name} {lang}");
            assert!(!html.to_ascii_lowercase().contains("<script"), "{name} {lang}");
            assert!(html.contains(&escaped(feed.status.headline.get(lang, &dl))));
            for incident in &feed.incidents {
                for u in &incident.updates {
                    assert!(html.contains(&format!("id=\"update-{}\"", u.id)), "{name} {lang} update {}", u.id);
                    let first_paragraph = u.body.get(lang, &dl).split("\n\n").next().unwrap();
                    assert!(html.contains(&escaped(first_paragraph)), "{name} {lang} body of {}", u.id);
                }
            }
            for entry in &feed.faq {
                assert!(html.contains(&format!("<details class=\"is-faq-entry\" id=\"faq-{}\">", entry.id)), "{name} faq {}", entry.id);
                assert!(html.contains(&format!("<summary><bdi>{}</bdi></summary>", escaped(entry.question.get(lang, &dl)))));
            }
            for contact in &feed.contacts {
                if let Some(number) = &contact.phone {
                    let href = tel_uri(number).unwrap();
                    assert!(html.contains(&format!("href=\"{href}\"><bdi>{}</bdi></a>", escaped(number))), "{name} hotline {number}");
                }
            }
        }
    }
}

#[test]
fn writes_a_file_with_the_given_stylesheet() {
    let dir = std::env::temp_dir().join(format!("incident-feed-render-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("custom.css"), ".is-headline { color: rebeccapurple; }").unwrap();
    let out = dir.join("status.html");
    render(&[&example_path("cyberangriff.json"), "--lang", "de", "-o", out.to_str().unwrap(), "--css", dir.join("custom.css").to_str().unwrap()]);
    let html = fs::read_to_string(&out).unwrap();
    assert!(html.contains("rebeccapurple"));
    assert!(!html.contains(incident_publish::render::DEFAULT_CSS.lines().nth(3).unwrap()));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn hostile_feed_text_and_links_stay_inert() {
    let dir = std::env::temp_dir().join(format!("incident-feed-render-hostile-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&fs::read_to_string(example_path("cyberangriff.json")).unwrap()).unwrap();
    value["status"]["headline"] = "<script>alert(1)</script>".into();
    value["faq"][0]["question"] = "Was ist <img src=x onerror=alert(1)> passiert?".into();
    value["organisation"]["name"] = "\"><svg onload=alert(1)>".into();
    let feed = dir.join("feed.json");
    fs::write(&feed, serde_json::to_string(&value).unwrap()).unwrap();
    let html = render(&[feed.to_str().unwrap(), "--lang", "de"]);
    let lower = html.to_ascii_lowercase();
    for bad in ["<script", "<img", "<svg"] {
        assert!(!lower.contains(bad), "{bad} got through");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // The quote cannot close the attribute or element it lands in.
    assert!(html.contains("&quot;&gt;&lt;svg onload=alert(1)&gt;"));
    fs::remove_dir_all(&dir).unwrap();
}
