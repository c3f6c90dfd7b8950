//! The command line, driven as a user drives it.

mod util;

use util::{path, run, stderr, stdout};

#[test]
fn ask_prints_the_answer_and_its_source() {
    let o = run(&["ask", "Hvem eier Lånekassen?"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Kunnskapsdepartementet"), "{text}");
    assert!(
        text.contains("Kilde: Faktaark, Kunnskapssektoren › Underliggende etater"),
        "{text}"
    );
}

#[test]
fn ask_json_follows_the_contract() {
    let o = run(
        &[
            "ask",
            "--json",
            "Hvordan finansieres digitalisering i kunnskapssektoren?",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON object");
    assert_eq!(v["intent"], "funding");
    assert_eq!(v["sectors"], serde_json::json!(["kd"]));
    assert_eq!(v["sources"][0]["sector"], "kd");
    assert_eq!(v["sources"][0]["section"], "funding");
    assert!(v["answer"].as_str().unwrap().contains("40 MNOK"));
    let c = v["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&c));
    assert!(v["agencies"].is_array());
}

#[test]
fn batch_answers_every_line_in_order_whatever_it_holds() {
    let mut input: Vec<u8> = Vec::new();
    let lines: Vec<Vec<u8>> = vec![
        br#"{"chat": "a", "text": "Hvem eier Husbanken?"}"#.to_vec(),
        br#"{"chat": "a", "text": "Hvordan finansieres digitalisering der?"}"#.to_vec(),
        b"".to_vec(),
        b"   ".to_vec(),
        b"{not json".to_vec(),
        br#"{"chat": 7}"#.to_vec(),
        br#"[1, 2, 3]"#.to_vec(),
        vec![0xff, 0xfe, b'h', b'e', b'i', 0x00, 0x07],
        "😀🎉🔥".as_bytes().to_vec(),
        b"<b>hvem</b> eier <script>alert('x')</script> NVE?".to_vec(),
        b"hvem eier \"NVE\" OR sector:ed* AND title:[a TO z]~2 ^3".to_vec(),
        format!("{}hvem eier NVE{}", "(".repeat(5000), ")".repeat(5000)).into_bytes(),
        "x".repeat(1 << 20).into_bytes(),
        "ø".repeat(300_000).into_bytes(),
        b"Hvem eier NVE?\r".to_vec(),
    ];
    for l in &lines {
        input.extend_from_slice(l);
        input.push(b'\n');
    }
    // The last line has no newline.
    input.extend_from_slice(b"Hva er Stimulab?");
    let o = run(&["ask", "--json"], &input);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let replies: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(replies.len(), lines.len() + 1);
    for r in &replies {
        let a = r["answer"].as_str().unwrap();
        assert!(!a.trim().is_empty());
        assert!(a.chars().count() <= 4096);
    }
    assert_eq!(replies[0]["sectors"], serde_json::json!(["kdd"]));
    // Context per chat: the follow-up refers to Husbanken's sector.
    assert_eq!(replies[1]["intent"], "funding");
    assert_eq!(replies[1]["sectors"], serde_json::json!(["kdd"]));
    assert_eq!(replies[11]["intent"], "agency_owner");
    assert_eq!(replies[14]["sectors"], serde_json::json!(["ed"]));
    assert!(
        replies[15]["answer"]
            .as_str()
            .unwrap()
            .contains("tverrfaglig veiledning")
    );
}

#[test]
fn plain_batch_gives_one_line_per_question() {
    let o = run(&["ask"], "Hvem eier NVE?\nhei\n".as_bytes());
    assert!(o.status.success());
    assert_eq!(stdout(&o).lines().count(), 2);
}

#[test]
fn check_passes_on_the_bundled_data() {
    let o = run(&["check"], b"");
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("ok"));
}

#[test]
fn eval_scores_the_question_set_at_97_percent() {
    let o = run(&["eval", "tests/eval/dev.jsonl", "--min", "0.97"], b"");
    let text = stdout(&o);
    assert!(o.status.success(), "{text}");
    assert!(text.contains("accuracy"));
}

#[test]
fn eval_fails_below_the_minimum() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("set.jsonl");
    std::fs::write(
        &set,
        r#"{"id": "x", "chat": "x", "text": "Hvem eier NVE?", "intent": "funding"}"#,
    )
    .unwrap();
    let o = run(&["eval", set.to_str().unwrap(), "--min", "0.5"], b"");
    assert!(!o.status.success());
    assert!(stdout(&o).contains("FAIL x"));
}

#[test]
fn import_reproduces_the_committed_knowledge() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        path("knowledge/aliases.toml"),
        dir.path().join("aliases.toml"),
    )
    .unwrap();
    let o = run(
        &[
            "import",
            "knowledge/faktaark-samordning-digitalisering.txt",
            "--out",
            dir.path().to_str().unwrap(),
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("17 parts, 148 agency entries"));
    let fresh = std::fs::read_to_string(dir.path().join("faktaark.json")).unwrap();
    let committed = std::fs::read_to_string(path("knowledge/faktaark.json")).unwrap();
    assert!(
        fresh == committed,
        "re-import differs from knowledge/faktaark.json: run `faktabot import`"
    );
}

#[test]
fn import_reports_what_it_cannot_place() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("sheet.txt");
    std::fs::write(
        &src,
        "Tittel\nUndertittel\nEt nytt departements område\nIntro.\nTiltak\n- Noe\nEtater\n- A\n",
    )
    .unwrap();
    let o = run(
        &[
            "import",
            src.to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
        ],
        b"",
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("Et nytt departements område"), "{err}");
    assert!(err.contains("line 3"), "{err}");
}

#[test]
fn other_data_folders_are_loaded_and_their_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("faktaark.json"), "{ broken").unwrap();
    std::fs::copy(
        path("knowledge/aliases.toml"),
        dir.path().join("aliases.toml"),
    )
    .unwrap();
    let o = run(
        &["--knowledge", dir.path().to_str().unwrap(), "ask", "hei"],
        b"",
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("faktaark.json"), "{}", stderr(&o));

    let intents = tempfile::tempdir().unwrap();
    std::fs::write(
        intents.path().join("bad.toml"),
        "format = 1\nlang = \"nb\"\n[[rule]]\nintent = \"help\"\npattern = '(open'\n",
    )
    .unwrap();
    let o = run(
        &["--intents", intents.path().to_str().unwrap(), "ask", "hei"],
        b"",
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("bad.toml") && err.contains("rule 1"), "{err}");

    let o = run(
        &["--intents", intents.path().to_str().unwrap(), "check"],
        b"",
    );
    assert!(!o.status.success());
    assert!(stdout(&o).contains("bad.toml"), "{}", stdout(&o));

    // A good copy of the bundled folders answers as the bundled data does.
    let o = run(
        &[
            "--knowledge",
            "knowledge",
            "--intents",
            "intents",
            "ask",
            "--json",
            "Hvem eier NVE?",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"ed\""));
}

#[test]
fn explain_shows_names_rules_and_the_reply() {
    let o = run(&["explain", "Hvem eier Lånekasen?"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("name:     agency Lånekassen - Statens"),
        "{text}"
    );
    assert!(text.contains("rule:     agency_owner"), "{text}");
    assert!(text.contains("reply:    agency_owner [\"kd\"]"), "{text}");
}

#[test]
fn eval_scores_the_conversations_at_90_percent() {
    let o = run(
        &["eval", "tests/eval/conversations.jsonl", "--min", "0.90"],
        b"",
    );
    assert!(o.status.success(), "{}", stdout(&o));
}

#[test]
fn eval_keeps_the_held_out_sets_above_their_floors() {
    // Floors a little under the figures in the README, so a change that
    // loses understanding fails here.
    for (set, min) in [
        ("tests/eval/heldout.jsonl", "0.93"),
        ("tests/eval/heldout-conversations.jsonl", "0.95"),
        ("tests/eval/blind.jsonl", "0.85"),
        ("tests/eval/tune.jsonl", "0.84"),
        ("tests/eval/fresh-a.jsonl", "0.92"),
        ("tests/eval/fresh-b.jsonl", "0.89"),
        ("tests/eval/fresh-c.jsonl", "0.93"),
        ("tests/eval/fresh-d.jsonl", "0.93"),
        ("tests/eval/fresh-e.jsonl", "0.92"),
        ("tests/eval/fresh-f.jsonl", "0.89"),
        ("tests/eval/fresh-g.jsonl", "0.93"),
        ("tests/eval/fresh-h.jsonl", "0.80"),
        ("tests/eval/fresh-i.jsonl", "0.90"),
        ("tests/eval/fresh-j.jsonl", "0.88"),
        ("tests/eval/fresh-k.jsonl", "0.88"),
        ("tests/eval/fresh-l.jsonl", "0.95"),
        ("tests/eval/fresh-m.jsonl", "0.95"),
        ("tests/eval/fresh-n.jsonl", "0.95"),
        ("tests/eval/fresh-o.jsonl", "0.95"),
        ("tests/eval/fresh-p.jsonl", "0.97"),
        ("tests/eval/fresh-q.jsonl", "0.97"),
        ("tests/eval/fresh-r.jsonl", "0.97"),
        ("tests/eval/fresh-s.jsonl", "0.97"),
        ("tests/eval/fresh-t.jsonl", "0.85"),
        ("tests/eval/fresh-u.jsonl", "0.92"),
        ("tests/eval/fresh-v.jsonl", "0.88"),
        ("tests/eval/fresh-w.jsonl", "0.91"),
        ("tests/eval/fresh-x.jsonl", "0.92"),
        ("tests/eval/fresh-y.jsonl", "0.96"),
        ("tests/eval/fresh-z.jsonl", "0.95"),
        ("tests/eval/fresh-aa.jsonl", "0.95"),
        ("tests/eval/fresh-ab.jsonl", "0.95"),
        ("tests/eval/fresh-ac.jsonl", "0.97"),
        ("tests/eval/fresh-ad.jsonl", "0.95"),
        ("tests/eval/fresh-ae.jsonl", "0.97"),
        ("tests/eval/fresh-af.jsonl", "0.95"),
        ("tests/eval/fresh-ag.jsonl", "0.97"),
        ("tests/eval/fresh-ah.jsonl", "0.97"),
        ("tests/eval/fresh-ai.jsonl", "0.95"),
        ("tests/eval/fresh-aj.jsonl", "0.92"),
        ("tests/eval/fresh-ak.jsonl", "0.92"),
        ("tests/eval/fresh-al.jsonl", "0.92"),
        ("tests/eval/fresh-am.jsonl", "0.95"),
    ] {
        let o = run(&["eval", set, "--min", min], b"");
        assert!(o.status.success(), "{set}: {}", stdout(&o));
    }
}

#[test]
fn eval_cross_validates_the_classifier() {
    let o = run(&["eval", "--cross-validate", "5", "--min", "0.85"], b"");
    let text = stdout(&o);
    assert!(o.status.success(), "{text}");
    assert!(text.contains("5-fold cross-validation"), "{text}");
}

#[test]
fn explain_json_names_the_stage_and_follows_a_conversation() {
    let o = run(
        &[
            "explain",
            "--json",
            "--after",
            "Hvordan finansieres digitalisering i helsesektoren?",
            "og strategiene?",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["reply"]["intent"], "strategies");
    assert_eq!(v["reply"]["sectors"][0], "hod");
    assert!(v["stage"].as_str().is_some_and(|s| !s.is_empty()), "{v}");
    assert!(v["analysis"]["folded"].is_string());
}
