//! The web page in a real browser: `faktabot serve` on a loopback port,
//! driven by headless Chromium through Playwright (`tests/browser/e2e.mjs`,
//! run by `scripts/browser-test.sh`, which installs Debian's chromium and
//! the npm packages when they are missing). Keyboard only, the answer with
//! its source, a follow-up button, markup shown as text, the conversation
//! kept for the tab, English for an English browser, axe-core with no
//! serious or critical findings, screenshots at desktop and phone width
//! (into `target/browser-screenshots/`).
#![cfg(feature = "serve")]

mod util;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn the_page_works_in_a_real_browser() {
    let mut server = Command::new(util::bin())
        .args(["serve", "--listen", "127.0.0.1:0", "--rate-limit", "120"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("faktabot serve starts");
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the listening line");
    let url = line
        .trim()
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    let out_dir = util::path("target/browser-screenshots");
    let run = Command::new("bash")
        .arg(util::path("scripts/browser-test.sh"))
        .arg(&url)
        .arg(&out_dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("bash runs the browser test");
    let _ = server.kill();
    let _ = server.wait();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "browser test failed ({:?}):\n{stdout}\n{stderr}",
        run.status
    );
    let summary = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with("browser: "))
        .unwrap_or_else(|| panic!("no summary line:\n{stdout}\n{stderr}"));
    assert!(summary.ends_with(" 0 failed"), "{summary}");
    for shot in ["desktop.png", "phone.png"] {
        let meta = std::fs::metadata(out_dir.join(shot)).expect(shot);
        assert!(meta.len() > 1_000, "{shot} is empty");
    }
}
