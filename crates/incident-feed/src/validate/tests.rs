use super::*;
use serde_json::Value;

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../../examples/feeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn with(edit: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&example("cyberangriff.json")).unwrap();
    edit(&mut v);
    v.to_string()
}

fn problems(json: &str) -> Vec<Problem> {
    parse_feed(json).expect_err("feed should be refused").0
}

/// The problems, or none when the feed is accepted.
fn problems_or_none(json: &str) -> Vec<Problem> {
    parse_feed(json).err().map(|e| e.0).unwrap_or_default()
}

fn assert_problem(json: &str, path: &str, needle: &str) {
    let found = problems(json);
    assert!(found.iter().any(|p| p.path == path && p.message.contains(needle)), "expected {path}: …{needle}… in {found:#?}");
}

#[test]
fn every_example_feed_is_valid() {
    for name in ["cyberangriff.json", "resolved.json", "all-clear.json", "maintenance.json"] {
        let feed = parse_feed(&example(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(feed.version, 1);
    }
}

#[test]
fn syntax_errors_have_line_and_column() {
    let p = problems("{\n  \"version\": 1,\n  \"x\": [1, 2,]\n}");
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].kind, ProblemKind::Syntax);
    assert_eq!(p[0].line_column, Some((3, 14)));
    let trailing = problems(&format!("{} garbage", example("all-clear.json")));
    assert_eq!(trailing[0].kind, ProblemKind::Syntax);
}

#[test]
fn a_byte_order_mark_is_tolerated() {
    assert!(parse_feed(&format!("\u{feff}{}", example("all-clear.json"))).is_ok());
}

#[test]
fn oversized_feed_is_refused_before_parsing() {
    let huge = format!("{{\"pad\":\"{}\"}}", "x".repeat(MAX_FEED_BYTES));
    assert_eq!(problems(&huge)[0].kind, ProblemKind::TooLarge);
}

#[test]
fn unknown_version_names_the_understood_ones() {
    let p = problems(&with(|v| v["version"] = 2.into()));
    assert_eq!(p[0].kind, ProblemKind::UnsupportedVersion);
    assert_eq!(p[0].path, "$.version");
    assert!(p[0].message.contains("understands version 1"), "{}", p[0].message);
    assert_eq!(problems(&with(|v| v["version"] = "1".into()))[0].kind, ProblemKind::UnsupportedVersion);
    assert_eq!(problems("[]")[0].kind, ProblemKind::Shape);
}

#[test]
fn unknown_fields_are_ignored() {
    let json = with(|v| {
        v["future_field"] = serde_json::json!({"anything": [1, 2]});
        v["faq"][0]["video"] = "https://example.com/v.mp4".into();
    });
    assert!(parse_feed(&json).is_ok());
}

#[test]
fn every_shape_error_is_reported_at_once() {
    let json = with(|v| {
        v["faq"][1]["question"] = 42.into();
        v["faq"][3].as_object_mut().unwrap().remove("answer");
        v["incidents"][0]["updates"][1]["status"] = "on_fire".into();
        v["services"][2]["status"] = serde_json::Value::Null;
    });
    let p = problems(&json);
    let paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"$.faq[1].question"), "{paths:?}");
    assert!(paths.contains(&"$.faq[3].answer"), "{paths:?}");
    assert!(paths.contains(&"$.incidents[0].updates[1].status"), "{paths:?}");
    assert!(paths.contains(&"$.services[2].status"), "{paths:?}");
    for p in &p {
        // A state this version does not know is read (as `Unknown`, so that a
        // widget can show the rest) and refused by the rules.
        let expected = if p.path == "$.incidents[0].updates[1].status" { ProblemKind::Invalid } else { ProblemKind::Shape };
        assert_eq!(p.kind, expected, "{p}");
    }
    let question = p.iter().find(|p| p.path == "$.faq[1].question").unwrap();
    assert!(question.message.contains("a string, or an object"), "{}", question.message);
    let missing = p.iter().find(|p| p.path == "$.faq[3].answer").unwrap();
    assert_eq!(missing.message, "required field is missing");
}

/// The case: a shape problem no longer hides the rest. The FAQ
/// entry with a number for a question is set aside, and the rules still run
/// on everything else, naming positions in the file.
#[test]
fn a_shape_problem_does_not_hide_the_rules() {
    let json = with(|v| {
        v["faq"][1]["question"] = 42.into();
        v["updated_at"] = "2026-13-45T25:00:00+01:00".into();
        let first = v["faq"][0]["id"].clone();
        v["faq"][4]["id"] = first;
    });
    let p = problems(&json);
    let paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"$.faq[1].question"), "{paths:?}");
    assert!(paths.contains(&"$.updated_at"), "{paths:?}");
    assert!(paths.contains(&"$.faq[4].id"), "the duplicate is named at its place in the file: {paths:?}");
}

#[test]
fn missing_top_level_field() {
    let p = problems(&with(|v| {
        v.as_object_mut().unwrap().remove("status");
    }));
    assert_eq!(p[0].path, "$.status");
}

#[test]
fn duplicate_ids() {
    let json = with(|v| v["faq"][3]["id"] = "passwort-aendern".into());
    assert_problem(&json, "$.faq[3].id", "duplicate id \"passwort-aendern\"");
    // Update ids are deep links, so they are unique across incidents too.
    let json = with(|v| v["incidents"][0]["updates"][2]["id"] = "2026-11-03-stoerung".into());
    assert_problem(&json, "$.incidents[0].updates[2].id", "duplicate id");
    let json = with(|v| v["contacts"][1]["id"] = "Kunden Service".into());
    assert_problem(&json, "$.contacts[1].id", "is not an id");
}

#[test]
fn timestamps_and_their_order() {
    assert_problem(&with(|v| v["updated_at"] = "03.08.2022 14:05".into()), "$.updated_at", "not an RFC 3339 timestamp");
    assert_problem(&with(|v| v["incidents"][0]["updates"][1]["at"] = "2026-11-03T08:00:00+01:00".into()), "$.incidents[0].updates[1].at", "");
    let swapped = with(|v| v["incidents"][0]["updates"][2]["at"] = "2026-11-04T11:00:00+01:00".into());
    assert_problem(&swapped, "$.incidents[0].updates[2].at", "oldest first");
    assert_problem(&with(|v| v["updated_at"] = "2026-11-09T00:00:00+01:00".into()), "$.updated_at", "older than update");
    assert_problem(&with(|v| v["incidents"][0]["resolved_at"] = "2026-11-01T00:00:00Z".into()), "$.incidents[0].resolved_at", "before started_at");
}

#[test]
fn unsafe_links_are_named_by_path() {
    let json = with(|v| {
        v["organisation"]["url"] = "javascript:alert(1)".into();
        v["channels"][0]["url"] = "//evil.example/".into();
        v["channels"][1]["url"] = "mailto:x@example.com".into();
        v["contacts"][2]["url"] = "https://bank.example@evil.example/".into();
        v["contacts"][0]["email"] = "javascript:alert(1)".into();
    });
    let p = problems(&json);
    for path in ["$.organisation.url", "$.channels[0].url", "$.channels[1].url", "$.contacts[2].url", "$.contacts[0].email"] {
        assert!(p.iter().any(|p| p.path == path), "{path} not reported in {p:#?}");
    }
}

#[test]
fn link_hosts_must_be_names_customers_can_judge() {
    assert_problem(&with(|v| v["organisation"]["url"] = "http://0x7f000001/".into()), "$.organisation.url", "IP address");
    assert_problem(&with(|v| v["channels"][0]["url"] = "https://localhost/feed".into()), "$.channels[0].url", "localhost");
    assert_problem(&with(|v| v["contacts"][2]["url"] = "https://xn--pple-43d.com/".into()), "$.contacts[2].url", "mixes scripts");
}

#[test]
fn phone_numbers_must_become_tel_links() {
    assert_problem(&with(|v| v["contacts"][0]["phone"] = "0800 55".into()), "$.contacts[0].phone", "tel: link");
    assert_problem(&with(|v| v["contacts"][0]["phone"] = "0800 5501234 (Mo–Fr 8–18 Uhr)".into()), "$.contacts[0].phone", "put opening hours in \"hours\"");
    assert_problem(&with(|v| v["contacts"][1]["phone"] = "0221 5550100 oder 0221 5550200".into()), "$.contacts[1].phone", "more than one number");
    // Short codes and vanity numbers are numbers.
    for number in ["116 117", "112", "0800-HILFE-00"] {
        let p = problems_or_none(&with(|v| v["contacts"][0]["phone"] = number.into()));
        assert!(!p.iter().any(|p| p.path == "$.contacts[0].phone"), "{number}: {p:#?}");
    }
    let no_way = with(|v| {
        let c = v["contacts"][2].as_object_mut().unwrap();
        c.remove("url");
    });
    assert_problem(&no_way, "$.contacts[2]", "needs a phone, an email or a url");
}

#[test]
fn texts_languages_and_sizes() {
    assert_problem(&with(|v| v["faq"][0]["question"] = serde_json::json!({"en": "What?"})), "$.faq[0].question", "default language");
    assert_problem(&with(|v| v["faq"][0]["question"] = serde_json::json!({})), "$.faq[0].question", "empty");
    assert_problem(&with(|v| v["faq"][0]["question"]["DE_de"] = "x".into()), "$.faq[0].question.DE_de", "language code");
    assert_problem(&with(|v| v["advice"][0] = "   ".into()), "$.advice[0]", "empty");
    assert_problem(&with(|v| v["faq"][0]["question"] = "x".repeat(MAX_SHORT_TEXT_CHARS + 1).into()), "$.faq[0].question", "limit");
    assert_problem(&with(|v| v["faq"][0]["answer"]["de"] = "ü".repeat(MAX_LONG_TEXT_CHARS + 1).into()), "$.faq[0].answer.de", "limit");
    assert_problem(&with(|v| v["refresh_seconds"] = 5.into()), "$.refresh_seconds", "outside 30 to 3600");
    assert_problem(&with(|v| v["default_language"] = "Deutsch".into()), "$.default_language", "language code");
    let many = with(|v| v["advice"] = serde_json::Value::Array(vec!["Tu was".into(); MAX_ADVICE + 1]));
    assert_problem(&many, "$.advice", "more than the limit of 50");
    let keywords = with(|v| v["faq"][0]["keywords"][0] = "".into());
    assert_problem(&keywords, "$.faq[0].keywords[0]", "keyword");
}

#[test]
fn several_semantic_problems_come_together() {
    let json = with(|v| {
        v["faq"][3]["id"] = "passwort-aendern".into();
        v["updated_at"] = "yesterday".into();
        v["channels"][2]["url"] = "data:text/html,hi".into();
        v["contacts"][0]["phone"] = "12".into();
    });
    let p = problems(&json);
    assert!(p.len() >= 4, "{p:#?}");
    assert!(p.iter().all(|p| p.kind == ProblemKind::Invalid));
}

#[test]
fn display_is_path_then_message() {
    let p = problems(&with(|v| v["faq"][3]["id"] = "passwort-aendern".into()));
    assert_eq!(p[0].to_string(), "$.faq[3].id: duplicate id \"passwort-aendern\" (first used at $.faq[2].id)");
}

/// The widget's one-pass reader tells the same kind of problem as the CLI's
/// path-naming reader, for every kind of body the fault suite serves.
#[cfg(feature = "paths")]
#[test]
fn the_one_pass_reader_agrees_with_the_path_reader() {
    let good = example("cyberangriff.json");
    let truncated = &good[..good.len() / 2];
    let bodies = [
        good.clone(),
        example("all-clear.json"),
        truncated.to_owned(),
        format!("{good} trailing"),
        good.replacen("\"version\": 1", "\"version\": 2", 1),
        good.replacen("\"version\": 1", "\"version\": \"1\"", 1),
        good.replacen("\"version\": 1,", "", 1),
        with(|v| v["faq"][0]["question"] = 5.into()),
        with(|v| v["incidents"] = "none".into()),
        "[1, 2]".to_owned(),
        "<html>".to_owned(),
        "{\"version\": 2, \"incidents\": 5".to_owned(),
        "{\"version\": 1, \"incidents\": 5".to_owned(),
    ];
    assert!(good.contains("\"version\": 1,"), "the example's version line changed; update this test");
    for body in &bodies {
        let kind = |r: Result<Feed, Vec<Problem>>| r.map(|_| ()).map_err(|p| p[0].kind);
        let reporting = match shape::read_feed_reporting(body) {
            Ok((_, problems, _)) if !problems.is_empty() => Err(problems[0].kind),
            other => other.map(|_| ()).map_err(|p| p[0].kind),
        };
        assert_eq!(kind(shape::read_feed_once(body)), reporting, "body starting {:?}", &body[..body.len().min(60)]);
    }
}

/// Reads `json` tolerantly, expecting it to be shown.
fn tolerated(json: &str) -> Feed {
    read_tolerant(json).unwrap_or_else(|p| panic!("the reader should show this feed: {p}"))
}

fn neutralised_paths(feed: &Feed) -> Vec<&str> {
    feed.reading.neutralised.iter().map(|p| p.path.as_str()).collect()
}

#[test]
fn the_tolerant_reader_shows_every_example_untouched() {
    for name in ["cyberangriff.json", "resolved.json", "all-clear.json", "maintenance.json"] {
        let json = example(name);
        let feed = tolerated(&json);
        assert!(feed.reading.neutralised.is_empty(), "{name}: {:?}", feed.reading.neutralised);
        assert_eq!(feed, parse_feed(&json).unwrap(), "{name}");
    }
}

/// One case per kind of item problem: the item or field is neutralised,
/// the rest of the feed is intact, the path is named, and `validate`
/// reports the same path.
#[test]
fn each_kind_of_item_problem_is_neutralised_and_named() {
    let original = tolerated(&example("cyberangriff.json"));
    let cases: Vec<(&str, String, Box<dyn Fn(&Feed)>)> = vec![
        (
            "$.incidents[0].updates[1].status",
            with(|v| v["incidents"][0]["updates"][1]["status"] = "on_fire".into()),
            Box::new(|f| assert_eq!(f.incidents[0].updates[1].status, IncidentStatus::Unknown)),
        ),
        ("$.status.level", with(|v| v["status"]["level"] = "apocalyptic".into()), Box::new(|f| assert_eq!(f.status.level, StatusLevel::Unknown))),
        (
            "$.faq[2].answer",
            with(|v| v["faq"][2]["answer"] = "Wort ".repeat(5_000).into()),
            Box::new(|f| {
                let answer = f.faq[2].answer.get("de", "de");
                assert_eq!(answer.chars().count(), MAX_LONG_TEXT_CHARS);
                assert!(answer.ends_with('…') && answer.starts_with("Wort Wort"));
            }),
        ),
        (
            "$.incidents[0].updates[0].at",
            with(|v| v["incidents"][0]["updates"][0]["at"] = "3. November, nachmittags".into()),
            Box::new(|f| {
                assert_eq!(f.incidents[0].updates[0].at.as_str(), "3. November, nachmittags");
                assert!(f.incidents[0].updates[0].at.parse().is_none());
            }),
        ),
        (
            "$.contacts[0].phone",
            with(|v| v["contacts"][0]["phone"] = "0800 550 1234 (Mo–Fr 8–18 Uhr)".into()),
            Box::new(|f| {
                let phone = f.contacts[0].phone.as_deref().unwrap();
                assert_eq!(phone, "0800 550 1234 (Mo–Fr 8–18 Uhr)", "shown as printed");
                assert_eq!(crate::phone::tel_uri(phone), None, "and never linked");
            }),
        ),
        (
            "$.organisation.url",
            with(|v| v["organisation"]["url"] = "javascript:alert(1)".into()),
            Box::new(|f| {
                assert_eq!(f.organisation.url, None);
                assert_eq!(f.organisation.name, tolerated(&example("cyberangriff.json")).organisation.name);
            }),
        ),
        (
            "$.faq[3].id",
            with(|v| {
                let first = v["faq"][0]["id"].clone();
                v["faq"][3]["id"] = first;
            }),
            Box::new(|f| {
                assert!(!crate::model::is_linkable_id(&f.faq[3].id), "{}", f.faq[3].id);
                assert!(crate::model::is_linkable_id(&f.faq[0].id), "the first keeps its id");
                assert_ne!(f.faq[3].question, f.faq[0].question, "the entry itself stays");
            }),
        ),
        (
            "$.faq[1]",
            with(|v| v["faq"][1]["question"] = 42.into()),
            Box::new(|f| assert_eq!(f.faq.len(), tolerated(&example("cyberangriff.json")).faq.len() - 1)),
        ),
        (
            "$.advice",
            with(|v| v["advice"] = (0..MAX_ADVICE + 3).map(|i| Value::from(format!("Hinweis {i}"))).collect::<Vec<_>>().into()),
            Box::new(|f| {
                assert_eq!(f.advice.len(), MAX_ADVICE);
                assert_eq!(f.advice[0].get("de", "de"), "Hinweis 0", "the first ones are kept");
                assert_eq!(f.reading.omitted.advice, 3);
            }),
        ),
    ];
    for (path, json, check) in cases {
        let feed = tolerated(&json);
        assert_eq!(neutralised_paths(&feed), [path], "only {path} is neutralised");
        check(&feed);
        // The rest is intact.
        assert_eq!(feed.incidents.len(), original.incidents.len(), "{path}");
        assert_eq!(feed.contacts.len(), original.contacts.len(), "{path}");
        assert_eq!(feed.status.headline, original.status.headline, "{path}");
        // The writer's rule names the same path (for a misfit element, the
        // field inside it that does not fit).
        let strict = problems(&json);
        assert!(strict.iter().any(|p| p.path.starts_with(path)), "validate names {path}: {strict:?}");
    }
}

#[test]
fn an_incidents_updates_over_the_limit_keep_the_newest() {
    let json = with(|v| {
        let update = v["incidents"][0]["updates"][0].clone();
        let updates: Vec<Value> = (0..MAX_UPDATES_PER_INCIDENT + 2)
            .map(|i| {
                let mut u = update.clone();
                u["id"] = format!("u{i}").into();
                u
            })
            .collect();
        v["incidents"][0]["updates"] = updates.into();
    });
    let feed = tolerated(&json);
    let updates = &feed.incidents[0].updates;
    assert_eq!(updates.len(), MAX_UPDATES_PER_INCIDENT);
    assert_eq!(updates[0].id, "u2");
    assert_eq!(feed.incidents[0].omitted_updates, 2);
    assert!(neutralised_paths(&feed).contains(&"$.incidents[0].updates"));
}

#[test]
fn what_the_feed_as_a_whole_breaks_is_still_refused() {
    let good = example("cyberangriff.json");
    for (body, kind) in [
        (good[..good.len() / 2].to_owned(), ProblemKind::Syntax),
        (good.replacen("\"version\": 1", "\"version\": 2", 1), ProblemKind::UnsupportedVersion),
        (with(|v| v["status"]["headline"] = 5.into()), ProblemKind::Shape),
        (with(|v| v["incidents"] = "none".into()), ProblemKind::Shape),
        (with(|v| v["updated_at"] = "gestern".into()), ProblemKind::Invalid),
    ] {
        let refused = read_tolerant(&body).expect_err("refused as a whole");
        assert_eq!(refused.kind(), kind, "{refused}");
    }
}

/// Positions in paths stay those of the file when an earlier element of the
/// same list was left out.
#[test]
fn paths_after_a_left_out_element_name_the_file_position() {
    let json = with(|v| {
        v["faq"][1]["question"] = 42.into();
        v["faq"][3]["answer"] = "x".repeat(MAX_LONG_TEXT_CHARS + 1).into();
    });
    let feed = tolerated(&json);
    assert_eq!(neutralised_paths(&feed), ["$.faq[1]", "$.faq[3].answer"]);
}

#[test]
fn mirrors_must_be_absolute_web_urls_and_a_broken_one_is_dropped_by_the_reader() {
    let good = with(|v| v["mirrors"] = serde_json::json!(["https://backup.example.net/feed.json", "http://127.0.0.1:8080/feed.json"]));
    assert!(problems_or_none(&good).is_empty(), "IP hosts are fine: a mirror is fetched, never shown");
    let bad =
        with(|v| v["mirrors"] = serde_json::json!(["https://backup.example.net/feed.json", "javascript:alert(1)", "https://user@evil.example/feed.json", 7]));
    assert_problem(&bad, "$.mirrors[1]", "not an absolute http(s) URL");
    assert_problem(&bad, "$.mirrors[2]", "not an absolute http(s) URL");
    assert!(problems(&bad).iter().any(|p| p.path.starts_with("$.mirrors[3]")), "{:#?}", problems(&bad));
    let feed = read_tolerant(&bad).expect("an item problem does not refuse the feed");
    assert_eq!(feed.mirrors, ["https://backup.example.net/feed.json"]);
    let many = with(|v| v["mirrors"] = serde_json::json!((0..6).map(|i| format!("https://m{i}.example.net/feed.json")).collect::<Vec<_>>()));
    assert_problem(&many, "$.mirrors", "more than the limit of 4");
    assert_eq!(read_tolerant(&many).unwrap().mirrors.len(), 4);
}

#[test]
fn a_next_update_promise_must_be_readable_and_not_before_the_latest_update() {
    // The example's latest update is 2026-11-10T16:30:00+01:00.
    let ok = with(|v| v["incidents"][0]["next_update_by"] = "2026-11-10T18:00:00+01:00".into());
    assert!(problems_or_none(&ok).is_empty(), "{:#?}", problems_or_none(&ok));
    // Exactly at the latest update is allowed (a promise kept by that update).
    let at = with(|v| v["incidents"][0]["next_update_by"] = "2026-11-10T15:30:00Z".into());
    assert!(problems_or_none(&at).is_empty());
    let before = with(|v| v["incidents"][0]["next_update_by"] = "2026-11-10T16:00:00+01:00".into());
    assert_problem(&before, "$.incidents[0].next_update_by", "is before the incident's latest update");
    let unreadable = with(|v| v["incidents"][0]["next_update_by"] = "14:00".into());
    assert_problem(&unreadable, "$.incidents[0].next_update_by", "is not an RFC 3339 timestamp with offset");
    let no_offset = with(|v| v["incidents"][0]["next_update_by"] = "2026-11-10T18:00:00".into());
    assert_problem(&no_offset, "$.incidents[0].next_update_by", "is not an RFC 3339 timestamp with offset");
}

#[test]
fn an_unreadable_promise_is_dropped_by_the_tolerant_reader_and_the_rest_shows() {
    let json = with(|v| {
        v["incidents"][0]["next_update_by"] = "morgen früh".into();
        v["expires_at"] = "bald".into();
    });
    let feed = read_tolerant(&json).expect("shown");
    assert_eq!(feed.incidents[0].next_update_by, None);
    assert_eq!(feed.expires_at, None);
    assert!(!feed.faq.is_empty() && !feed.incidents[0].updates.is_empty());
    let paths: Vec<&str> = feed.reading.neutralised.iter().map(|n| n.path.as_str()).collect();
    assert_eq!(paths, ["$.expires_at", "$.incidents[0].next_update_by"]);
    assert!(feed.reading.neutralised[1].message.contains("not an RFC 3339 timestamp"), "{:?}", feed.reading.neutralised);
    // A readable one is kept.
    let json = with(|v| v["incidents"][0]["next_update_by"] = "2026-11-10T18:00:00+01:00".into());
    let feed = read_tolerant(&json).unwrap();
    assert_eq!(feed.incidents[0].next_update_by.as_ref().map(|t| t.as_str()), Some("2026-11-10T18:00:00+01:00"));
}

#[test]
fn expires_at_must_be_readable_and_after_updated_at() {
    // updated_at is 2026-11-10T16:30:00+01:00.
    let ok = with(|v| v["expires_at"] = "2026-11-11T08:00:00+01:00".into());
    assert!(problems_or_none(&ok).is_empty(), "{:#?}", problems_or_none(&ok));
    let same = with(|v| v["expires_at"] = "2026-11-10T15:30:00Z".into());
    assert_problem(&same, "$.expires_at", "is not after updated_at");
    let before = with(|v| v["expires_at"] = "2026-11-09T08:00:00+01:00".into());
    assert_problem(&before, "$.expires_at", "is not after updated_at");
    let unreadable = with(|v| v["expires_at"] = "2026-11-11".into());
    assert_problem(&unreadable, "$.expires_at", "is not an RFC 3339 timestamp with offset");
}

#[test]
fn a_promise_that_is_not_even_a_string_is_dropped_and_its_incident_and_feed_still_show() {
    let json = with(|v| {
        v["incidents"][0]["next_update_by"] = 1400.into();
        v["expires_at"] = serde_json::json!({"bald": true});
    });
    let feed = read_tolerant(&json).expect("the feed still shows");
    assert_eq!(feed.incidents.len(), 1, "the incident still shows");
    assert_eq!((feed.incidents[0].next_update_by.as_ref(), feed.expires_at.as_ref()), (None, None));
    let mut paths: Vec<&str> = feed.reading.neutralised.iter().map(|n| n.path.as_str()).collect();
    // The reader reports in file order, and where `with` put `expires_at`
    // depends on serde_json's `preserve_order`, which a workspace build with
    // the CLI turns on: compare as a set.
    paths.sort_unstable();
    assert_eq!(paths, ["$.expires_at", "$.incidents[0].next_update_by"]);
    // Strictly, each is named by its path.
    assert_problem(&json, "$.expires_at", "expected a string");
    assert_problem(&with(|v| v["incidents"][0]["next_update_by"] = 1400.into()), "$.incidents[0].next_update_by", "expected a string");
}
