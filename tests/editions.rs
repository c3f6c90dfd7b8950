//! New editions of the sheet, made by the tests from the bundled one: a
//! ministry renamed, an agency moved, an agency removed, a part added, a
//! section reworded so a facet loses its evidence, a heading variant the
//! importer has not seen; and a running server reloading an edition while
//! questions keep coming.

mod util;

#[cfg(feature = "serve")]
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Output;
#[cfg(feature = "serve")]
use std::process::{Command, Stdio};

use util::{run, stderr, stdout};

const SHEET: &str = include_str!("../knowledge/faktaark-samordning-digitalisering.txt");
const ALIASES: &str = include_str!("../knowledge/aliases.toml");

/// A knowledge folder holding `text` (imported) and `aliases`.
struct Edition {
    dir: tempfile::TempDir,
}

impl Edition {
    fn new(text: &str, aliases: &str) -> (Edition, Output) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("aliases.toml"), aliases).unwrap();
        // Start from the bundled edition, so the import replaces it as a
        // real new edition would.
        std::fs::copy(
            util::path("knowledge/faktaark.json"),
            dir.path().join("faktaark.json"),
        )
        .unwrap();
        let src = dir.path().join("new.txt");
        std::fs::write(&src, text).unwrap();
        let out = run(&["import", s(&src), "--out", s(dir.path())], b"");
        (Edition { dir }, out)
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn ask(&self, q: &str) -> String {
        stdout(&run(&["--knowledge", s(self.path()), "ask", q], b""))
    }

    fn check(&self) -> Output {
        run(&["--knowledge", s(self.path()), "check"], b"")
    }

    fn diff(&self) -> String {
        let out = run(&["diff", s(&util::path("knowledge")), s(self.path())], b"");
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn without_line(text: &str, line: &str) -> String {
    text.lines()
        .filter(|l| l.trim() != line)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The aliases file without the `[[agency]]` entry `entry`.
fn aliases_without(entry: &str) -> String {
    let mut out = String::new();
    for block in ALIASES
        .split_inclusive('\n')
        .collect::<String>()
        .split("\n[[")
    {
        let block = if out.is_empty() {
            block.to_owned()
        } else {
            format!("\n[[{block}")
        };
        if block.starts_with("\n[[agency]]") && block.contains(&format!("entry = \"{entry}\"")) {
            continue;
        }
        out.push_str(&block);
    }
    out
}

#[test]
fn an_agency_removed_is_said_to_be_gone_never_taken_for_a_neighbour() {
    let text = without_line(SHEET, "- Trygderetten");
    let (ed, import) = Edition::new(&text, ALIASES);
    assert!(import.status.success(), "{}", stderr(&import));
    // The aliases file still names it: check says so, naming file and entry.
    let check = ed.check();
    assert!(!check.status.success());
    let said = stdout(&check);
    assert!(
        said.contains("aliases.toml") && said.contains("Trygderetten"),
        "{said}"
    );
    std::fs::write(
        ed.path().join("aliases.toml"),
        aliases_without("Trygderetten"),
    )
    .unwrap();
    assert!(ed.check().status.success(), "{}", stdout(&ed.check()));
    let answer = ed.ask("Hvem eier Trygderetten?");
    assert!(answer.contains("står ikke i denne utgaven"), "{answer}");
    assert!(!answer.contains("Nav"), "a neighbour's name: {answer}");
    assert!(
        ed.diff()
            .contains("- agency «Trygderetten» (was under aid)")
    );
    // The bot tells what is new, from the edition it replaced.
    let news = ed.ask("hva er nytt i faktaarket?");
    assert!(
        news.contains(
            "«Trygderetten» står ikke lenger i «Arbeids- og inkluderingsdepartementets område»"
        ),
        "{news}"
    );
    // The replaced edition is kept beside the new one.
    assert!(ed.path().join("faktaark.previous.json").exists());
}

#[test]
fn an_agency_moved_between_ministries_is_answered_under_its_new_one() {
    let mut lines: Vec<&str> = SHEET
        .lines()
        .filter(|l| l.trim() != "- Trygderetten")
        .collect();
    let jd = lines
        .iter()
        .position(|l| *l == "Justis- og beredskapssektoren")
        .unwrap();
    let list = jd
        + lines[jd..]
            .iter()
            .position(|l| l.starts_with("Etater"))
            .unwrap();
    lines.insert(list + 1, "- Trygderetten");
    let (ed, import) = Edition::new(&(lines.join("\n") + "\n"), ALIASES);
    assert!(import.status.success(), "{}", stderr(&import));
    assert!(ed.check().status.success(), "{}", stdout(&ed.check()));
    let answer = ed.ask("Hvem eier Trygderetten?");
    assert!(
        answer.contains("Justis- og beredskapsdepartementet"),
        "{answer}"
    );
    assert!(
        ed.diff()
            .contains("~ agency «Trygderetten» moved: aid → jd")
    );
}

fn renamed() -> (String, String) {
    let text = SHEET.replace(
        "\nEnergidepartementets område\n",
        "\nEnergi- og klimadepartementets område\n",
    );
    let mut aliases = ALIASES.replace(
        "title = \"Energidepartementets område\"\nministry = \"Energidepartementet\"",
        "title = \"Energi- og klimadepartementets område\"\nministry = \"Energi- og klimadepartementet\"",
    );
    // The old names stay as aliases of the renamed part.
    let ed = aliases.find("id = \"ed\"").expect("ED in the aliases");
    let list = ed + aliases[ed..].find("aliases = [").expect("ED's aliases") + "aliases = [".len();
    aliases.insert_str(
        list,
        "\n  \"Energidepartementet\", \"Energidepartementets område\",",
    );
    assert_ne!(aliases, ALIASES);
    (text, aliases)
}

#[test]
fn a_ministry_renamed_answers_by_its_new_name_and_its_old_name_still_resolves() {
    let (text, aliases) = renamed();
    let (ed, import) = Edition::new(&text, &aliases);
    assert!(import.status.success(), "{}", stderr(&import));
    assert!(ed.check().status.success(), "{}", stdout(&ed.check()));
    let now = ed.ask("Hvem eier NVE?");
    assert!(now.contains("under Energi- og klimadepartementet"), "{now}");
    let news = ed.ask("What has changed in the fact sheet?");
    assert!(
        news.contains(
            "«Energidepartementets område» is now «Energi- og klimadepartementets område»"
        ),
        "{news}"
    );
    let old_name = ed.ask("Hvilke etater har Energidepartementet?");
    assert!(
        old_name.contains("Norges vassdrags- og energidirektorat"),
        "{old_name}"
    );
    let diff = ed.diff();
    assert!(
        diff.contains(
            "~ part ed: «Energidepartementets område» → «Energi- og klimadepartementets område»"
        ),
        "{diff}"
    );
}

#[test]
fn a_part_added_is_imported_and_answered() {
    let text = format!(
        "{}\nTestdepartementets område\nTestdepartementet samordner digitalisering i testsektoren.\nStrategier\n- Strategi for prøving og feiling\nTestdepartementet har ansvar for prøving.\nEtater\n- Prøvetilsynet\n",
        SHEET.trim_end()
    );
    let aliases = format!(
        "{ALIASES}\n[[sector]]\nid = \"tst\"\ntitle = \"Testdepartementets område\"\nministry = \"Testdepartementet\"\nabbr = \"TST\"\nenglish = \"Ministry of Testing\"\nsector_nb = \"testsektoren\"\nsector_en = \"the testing sector\"\n"
    );
    let (ed, import) = Edition::new(&text, &aliases);
    assert!(
        import.status.success(),
        "{}\n{}",
        stdout(&import),
        stderr(&import)
    );
    assert!(stdout(&import).contains("imported 18 parts"));
    let answer = ed.ask("Hvem eier Prøvetilsynet?");
    assert!(answer.contains("Testdepartementet"), "{answer}");
    let strategies = ed.ask("Hvilke strategier har Testdepartementet?");
    assert!(
        strategies.contains("Strategi for prøving og feiling"),
        "{strategies}"
    );
    let diff = ed.diff();
    assert!(
        diff.contains("+ part tst: «Testdepartementets område»"),
        "{diff}"
    );
    assert!(
        diff.contains("+ agency «Prøvetilsynet» under tst"),
        "{diff}"
    );
}

#[test]
fn a_reworded_section_that_loses_a_facets_evidence_fails_check_and_shows_in_the_diff() {
    assert_eq!(
        SHEET
            .matches("ingen særskilt digitaliseringsstrategi")
            .count(),
        1
    );
    let text = SHEET.replace(
        "ingen særskilt digitaliseringsstrategi",
        "ikke en egen strategi for digitalisering",
    );
    let (ed, import) = Edition::new(&text, ALIASES);
    assert!(import.status.success(), "{}", stderr(&import));
    let check = ed.check();
    assert!(!check.status.success());
    let said = stdout(&check);
    assert!(
        said.contains("intents/common.toml") && said.contains("facet no_strategy"),
        "{said}"
    );
    assert!(
        said.contains("«ingen særskilt digitaliseringsstrategi»"),
        "{said}"
    );
    let diff = ed.diff();
    assert!(
        diff.contains("! facet no_strategy: its evidence in"),
        "{diff}"
    );
    let json = run(
        &["diff", "--json", s(&util::path("knowledge")), s(ed.path())],
        b"",
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["facets_lost"][0]["facet"], "no_strategy");
    assert!(!v["sections_changed"].as_array().unwrap().is_empty());
}

#[test]
fn a_heading_variant_is_reported_with_its_line_and_its_section_kept() {
    let mut lines: Vec<String> = SHEET.lines().map(str::to_owned).collect();
    let dfd = lines
        .iter()
        .position(|l| l == "Digitaliserings- og forvaltningsdepartementets område")
        .unwrap();
    let heading = dfd + lines[dfd..].iter().position(|l| l == "Strategier").unwrap();
    lines[heading] = "Strategiar".to_owned();
    let (ed, import) = Edition::new(&(lines.join("\n") + "\n"), ALIASES);
    // Reported (so import exits non-zero), with the line, never dropped.
    assert!(!import.status.success());
    let said = stderr(&import);
    assert!(
        said.contains(&format!("line {}:", heading + 1)) && said.contains("«Strategiar»"),
        "{said}"
    );
    let answer = ed.ask("Hvilke strategier har DFD?");
    assert!(!answer.contains("sier ingenting"), "{answer}");
    assert!(answer.contains("Strategier – Digitaliserings"), "{answer}");
}

#[test]
fn an_unchanged_edition_has_no_diff() {
    let out = run(
        &[
            "diff",
            s(&util::path("knowledge")),
            s(&util::path("knowledge")),
        ],
        b"",
    );
    assert_eq!(stdout(&out), "no changes\n");
}

#[cfg(feature = "serve")]
fn start_server(knowledge: &Path) -> (std::process::Child, String) {
    let mut child = Command::new(util::bin())
        .args([
            "--knowledge",
            s(knowledge),
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--rate-limit",
            "0",
        ])
        .env("FAKTABOT_ADMIN_TOKEN", "admin-secret")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    (child, url)
}

#[cfg(feature = "serve")]
fn copy_dir(from: &Path, to: &Path) {
    for f in ["faktaark.json", "aliases.toml"] {
        std::fs::copy(from.join(f), to.join(f)).unwrap();
    }
}

/// The first line of an owner answer names exactly one ministry.
#[cfg(feature = "serve")]
fn edition_of(answer: &str) -> &'static str {
    let first = answer.lines().next().unwrap_or("");
    match (
        first.contains("under Energidepartementet"),
        first.contains("under Energi- og klimadepartementet"),
    ) {
        (true, false) => "old",
        (false, true) => "new",
        _ => "mixed",
    }
}

#[cfg(feature = "serve")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_under_load_answers_each_question_once_from_one_edition() {
    // The live folder starts as the bundled edition.
    let live = tempfile::tempdir().unwrap();
    copy_dir(&util::path("knowledge"), live.path());
    let (text, aliases) = renamed();
    let (next, import) = Edition::new(&text, &aliases);
    assert!(import.status.success(), "{}", stderr(&import));
    let (mut server, url) = start_server(live.path());
    let client = reqwest::Client::new();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut askers = Vec::new();
    for c in 0..8 {
        let (client, url, stop) = (client.clone(), url.clone(), stop.clone());
        askers.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            let mut i = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) || i < 5 {
                let r = client
                    .post(format!("{url}/api/ask"))
                    .json(
                        &serde_json::json!({"chat": format!("c{c}-{i}"), "text": "Hvem eier NVE?"}),
                    )
                    .send()
                    .await
                    .expect("every question is answered");
                assert_eq!(r.status(), 200);
                let v: serde_json::Value = r.json().await.unwrap();
                seen.push(edition_of(v["answer"].as_str().unwrap()));
                i += 1;
            }
            seen
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // A broken edition is refused; the old one keeps serving.
    std::fs::write(live.path().join("faktaark.json"), "{ not json").unwrap();
    let refused = client
        .post(format!("{url}/admin/reload"))
        .bearer_auth("admin-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    // Without the token, no reload.
    let anon = client
        .post(format!("{url}/admin/reload"))
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), 401);
    // The new edition, swapped in by SIGHUP.
    copy_dir(next.path(), live.path());
    let hup = Command::new("kill")
        .args(["-HUP", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(hup.success());
    let mut swapped = false;
    for _ in 0..100 {
        let v: serde_json::Value = client
            .get(format!("{url}/api/ask?q=Hvem+eier+NVE%3F"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if edition_of(v["answer"].as_str().unwrap()) == "new" {
            swapped = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(swapped, "SIGHUP loaded the new edition");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut all = Vec::new();
    for a in askers {
        all.push(a.await.unwrap());
    }
    let _ = server.kill();
    let _ = server.wait();
    for seen in &all {
        assert!(
            !seen.contains(&"mixed"),
            "an answer mixed two editions: {seen:?}"
        );
        // Each asker saw the old edition, then the new one, never back.
        let first_new = seen.iter().position(|e| *e == "new").unwrap_or(seen.len());
        assert!(seen[first_new..].iter().all(|e| *e == "new"), "{seen:?}");
        assert!(seen.last() == Some(&"new"), "{seen:?}");
    }
    assert!(
        all.iter().flatten().any(|e| *e == "old"),
        "questions before the reload"
    );
}

#[test]
fn an_edition_named_at_import_is_named_in_every_source_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("aliases.toml"), ALIASES).unwrap();
    let src = dir.path().join("new.txt");
    std::fs::write(&src, SHEET).unwrap();
    let out = run(
        &[
            "import",
            s(&src),
            "--out",
            s(dir.path()),
            "--edition",
            "2026-12-01",
        ],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let answer = stdout(&run(
        &["--knowledge", s(dir.path()), "ask", "Hvem eier NVE?"],
        b"",
    ));
    assert!(
        answer.contains("Kilde: Faktaark (utgave 2026-12-01), Energidepartementets område"),
        "{answer}"
    );
    // The bundled edition has only itself: nothing to compare with.
    let news = stdout(&run(&["ask", "hva er nytt i faktaarket?"], b""));
    assert!(news.contains("bare denne ene utgaven"), "{news}");
}
