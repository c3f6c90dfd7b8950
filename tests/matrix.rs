//! End-to-end test of the Matrix adapter against a real Synapse homeserver
//! on loopback: matrix-synapse from PyPI in a virtualenv, SQLite, config
//! generated, users registered through the shared-secret admin API, all
//! by `scripts/synapse.sh`, so `cargo test` needs nothing installed by hand.
//!
//! A user invites the bot; the bot joins, ignores the backlog, answers a
//! question with HTML as a reply, answers a follow-up from context, keeps
//! answering after Synapse restarts mid-conversation, stops on SIGTERM and
//! resumes from its saved session without logging in again.
#![cfg(feature = "matrix")]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use matrix_sdk::Client;
use matrix_sdk::room::MessagesOptions;
use matrix_sdk::ruma::api::client::room::create_room::v3::{Request as CreateRoom, RoomPreset};
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;
use matrix_sdk::ruma::{OwnedEventId, OwnedUserId};
use serde_json::Value;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn script() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/synapse.sh")
}

struct Synapse {
    dir: std::path::PathBuf,
    port: u16,
    python: String,
    child: Option<Child>,
}

impl Synapse {
    fn setup(dir: &Path) -> Synapse {
        let port = free_port();
        let out = Command::new("bash")
            .arg(script())
            .arg("install")
            .output()
            .expect("install synapse");
        assert!(
            out.status.success(),
            "installing synapse: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let python = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let st = Command::new("bash")
            .arg(script())
            .args(["config", dir.to_str().unwrap(), &port.to_string()])
            .status()
            .unwrap();
        assert!(st.success());
        let mut s = Synapse {
            dir: dir.to_owned(),
            port,
            python,
            child: None,
        };
        s.start();
        s
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn start(&mut self) {
        let log = std::fs::File::create(self.dir.join("synapse.log")).unwrap();
        let child = Command::new(&self.python)
            .args(["-m", "synapse.app.homeserver", "-c"])
            .arg(self.dir.join("homeserver.yaml"))
            .current_dir(&self.dir)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start synapse");
        self.child = Some(child);
        for _ in 0..240 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                std::thread::sleep(Duration::from_millis(300));
                return;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        panic!(
            "synapse did not start: {}",
            std::fs::read_to_string(self.dir.join("synapse.log")).unwrap_or_default()
        );
    }

    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &c.id().to_string()])
                .status();
            for _ in 0..100 {
                if c.try_wait().ok().flatten().is_some() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    fn register(&self, user: &str, password: &str) {
        let bin = Path::new(&self.python).with_file_name("register_new_matrix_user");
        let out = Command::new(bin)
            .args(["-c"])
            .arg(self.dir.join("homeserver.yaml"))
            .args(["-u", user, "-p", password, "--no-admin", &self.url()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "register {user}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Synapse {
    fn drop(&mut self) {
        self.stop();
    }
}

struct Bot {
    child: Child,
}

impl Bot {
    fn start(hs: &str, state: &Path, log: &Path) -> Bot {
        let log = std::fs::File::create(log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_faktabot"))
            .arg("matrix")
            .env("MATRIX_HOMESERVER", hs)
            .env("MATRIX_USER", "faktabot")
            .env("MATRIX_PASSWORD", "bot-password")
            .env("FAKTABOT_MATRIX_STATE", state)
            .env("FAKTABOT_MATRIX_SYNC_TIMEOUT", "2")
            .env("RUST_LOG", "faktabot=debug,warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        Bot { child }
    }

    fn stop(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..400 {
            if let Ok(Some(st)) = self.child.try_wait() {
                return st;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("the bot did not stop on SIGTERM");
    }
}

/// The room's recent events, oldest first, as JSON.
async fn events(room: &matrix_sdk::Room) -> Vec<Value> {
    let Ok(msgs) = room.messages(MessagesOptions::backward()).await else {
        return Vec::new();
    };
    let mut out: Vec<Value> = msgs
        .chunk
        .iter()
        .filter_map(|e| serde_json::from_str(e.raw().json().get()).ok())
        .collect();
    out.reverse();
    out
}

fn bot_notices(events: &[Value], bot: &str) -> Vec<Value> {
    events
        .iter()
        .filter(|e| {
            e["type"] == "m.room.message"
                && e["sender"] == bot
                && e["content"]["msgtype"] == "m.notice"
        })
        .cloned()
        .collect()
}

async fn wait_for(
    room: &matrix_sdk::Room,
    what: &str,
    mut ok: impl FnMut(&[Value]) -> bool,
) -> Vec<Value> {
    for _ in 0..240 {
        let ev = events(room).await;
        if ok(&ev) {
            return ev;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("timed out waiting for {what}: {:#?}", events(room).await);
}

async fn ask(room: &matrix_sdk::Room, text: &str) -> OwnedEventId {
    for _ in 0..40 {
        match room.send(RoomMessageEventContent::text_plain(text)).await {
            Ok(r) => return r.response.event_id,
            Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
        }
    }
    panic!("could not send {text:?}");
}

fn reply_to(notice: &Value) -> Option<&str> {
    notice["content"]["m.relates_to"]["m.in_reply_to"]["event_id"].as_str()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_answers_in_a_room_and_survives_restarts() {
    let tmp = tempfile::tempdir().unwrap();
    let mut synapse = Synapse::setup(&tmp.path().join("synapse"));
    synapse.register("faktabot", "bot-password");
    synapse.register("alice", "alice-password");
    let bot_id: OwnedUserId = "@faktabot:localhost".parse().unwrap();

    let alice = Client::builder()
        .homeserver_url(synapse.url())
        .build()
        .await
        .unwrap();
    alice
        .matrix_auth()
        .login_username("alice", "alice-password")
        .await
        .unwrap();
    let mut req = CreateRoom::new();
    req.invite = vec![bot_id.clone()];
    req.is_direct = true;
    req.preset = Some(RoomPreset::TrustedPrivateChat);
    let room = alice.create_room(req).await.unwrap();
    // The backlog: a question asked before the bot runs.
    ask(&room, "Hvem eier Lånekassen?").await;

    let state = tmp.path().join("bot-state");
    let bot = Bot::start(&synapse.url(), &state, &tmp.path().join("bot1.log"));
    wait_for(&room, "the bot to join", |ev| {
        ev.iter().any(|e| {
            e["type"] == "m.room.member"
                && e["state_key"] == bot_id.as_str()
                && e["content"]["membership"] == "join"
        })
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;

    let q1 = ask(&room, "Hvem eier NVE?").await;
    let ev = wait_for(&room, "the answer", |ev| {
        bot_notices(ev, bot_id.as_str())
            .iter()
            .any(|n| reply_to(n) == Some(q1.as_str()))
    })
    .await;
    let notices = bot_notices(&ev, bot_id.as_str());
    let answer = notices
        .iter()
        .find(|n| reply_to(n) == Some(q1.as_str()))
        .unwrap();
    assert!(
        answer["content"]["body"]
            .as_str()
            .unwrap()
            .contains("Energidepartementet"),
        "{answer:#}"
    );
    assert_eq!(answer["content"]["format"], "org.matrix.custom.html");
    let html = answer["content"]["formatted_body"].as_str().unwrap();
    assert!(
        html.contains("<p>") && html.contains("<i>Kilde: Faktaark"),
        "{html}"
    );
    assert!(
        notices.iter().all(|n| !n["content"]["body"]
            .as_str()
            .unwrap_or("")
            .contains("Kunnskapsdepartementet")),
        "the backlog was answered"
    );

    // A follow-up uses the room's context.
    let q2 = ask(&room, "og hvordan finansieres digitalisering der?").await;
    let ev = wait_for(&room, "the follow-up", |ev| {
        bot_notices(ev, bot_id.as_str())
            .iter()
            .any(|n| reply_to(n) == Some(q2.as_str()))
    })
    .await;
    let follow = bot_notices(&ev, bot_id.as_str())
        .into_iter()
        .find(|n| reply_to(n) == Some(q2.as_str()))
        .unwrap();
    assert!(
        follow["content"]["body"]
            .as_str()
            .unwrap()
            .contains("Finansiering – Energidepartementets område")
    );

    // A team room of three members: the bot answers only what is
    // addressed to it (the prefix, its user id), never a plain message, and
    // leaves on `!faktabot leave`.
    synapse.register("bob", "bob-password");
    let bob = Client::builder()
        .homeserver_url(synapse.url())
        .build()
        .await
        .unwrap();
    bob.matrix_auth()
        .login_username("bob", "bob-password")
        .await
        .unwrap();
    let mut req = CreateRoom::new();
    req.invite = vec![bot_id.clone(), "@bob:localhost".parse().unwrap()];
    req.preset = Some(RoomPreset::PrivateChat);
    let team = alice.create_room(req).await.unwrap();
    bob.join_room_by_id(team.room_id()).await.unwrap();
    let joined = |who: &str, ev: &[Value]| {
        ev.iter().any(|e| {
            e["type"] == "m.room.member"
                && e["state_key"] == who
                && e["content"]["membership"] == "join"
        })
    };
    wait_for(&team, "the bot and bob to join the team room", |ev| {
        joined(bot_id.as_str(), ev) && joined("@bob:localhost", ev)
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let plain = ask(&team, "Hvem eier NVE?").await;
    let prefixed = ask(&team, "!faktabot hvem eier Husbanken?").await;
    let named = ask(&team, "@faktabot:localhost: hvem eier Kartverket?").await;
    wait_for(&team, "answers to the prefix and the user id", |ev| {
        let n = bot_notices(ev, bot_id.as_str());
        n.iter().any(|x| reply_to(x) == Some(prefixed.as_str()))
            && n.iter().any(|x| reply_to(x) == Some(named.as_str()))
    })
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let notices = bot_notices(&events(&team).await, bot_id.as_str());
    assert!(
        notices.iter().all(|n| reply_to(n) != Some(plain.as_str())),
        "the bot answered a plain message in a team room: {notices:#?}"
    );
    assert_eq!(notices.len(), 2, "{notices:#?}");
    // Synapse restarts mid-conversation; the bot goes on.
    synapse.stop();
    tokio::time::sleep(Duration::from_secs(2)).await;
    synapse.start();
    let q3 = ask(&room, "Hvem eier Husbanken?").await;
    wait_for(&room, "the answer after the homeserver restart", |ev| {
        bot_notices(ev, bot_id.as_str())
            .iter()
            .any(|n| reply_to(n) == Some(q3.as_str()))
    })
    .await;

    // SIGTERM: a clean stop. A new process restores the session (no new
    // login) and answers only what is new.
    let status = bot.stop();
    assert!(status.success(), "{status:?}");
    let before = bot_notices(&events(&room).await, bot_id.as_str()).len();
    let bot = Bot::start(&synapse.url(), &state, &tmp.path().join("bot2.log"));
    // Messages sent before the process is up count as backlog: wait for it.
    for _ in 0..200 {
        let log = std::fs::read_to_string(tmp.path().join("bot2.log")).unwrap_or_default();
        if log.contains("syncing") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let q4 = ask(&room, "Hvem eier Kartverket?").await;
    let ev = wait_for(&room, "the answer after the bot restart", |ev| {
        bot_notices(ev, bot_id.as_str())
            .iter()
            .any(|n| reply_to(n) == Some(q4.as_str()))
    })
    .await;
    assert_eq!(
        bot_notices(&ev, bot_id.as_str()).len(),
        before + 1,
        "old messages were answered again"
    );
    // After the restart the SDK's room state is rebuilt from the sync: the
    // team room is still no direct chat.
    let plain2 = ask(&team, "Hvem eier Brønnøysundregistrene?").await;
    let prefixed2 = ask(&team, "!faktabot hvem eier Statens vegvesen?").await;
    wait_for(&team, "the prefixed question after the restart", |ev| {
        bot_notices(ev, bot_id.as_str())
            .iter()
            .any(|x| reply_to(x) == Some(prefixed2.as_str()))
    })
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let notices = bot_notices(&events(&team).await, bot_id.as_str());
    assert!(
        notices.iter().all(|n| reply_to(n) != Some(plain2.as_str())),
        "after a restart the bot answered a plain message in a team room"
    );
    ask(&team, "!faktabot leave").await;
    wait_for(&team, "the bot to leave the team room", |ev| {
        ev.iter().any(|e| {
            e["type"] == "m.room.member"
                && e["state_key"] == bot_id.as_str()
                && e["content"]["membership"] == "leave"
        })
    })
    .await;

    let log = std::fs::read_to_string(tmp.path().join("bot2.log")).unwrap();
    assert!(log.contains("restored the saved session"), "{log}");
    assert!(!log.contains("bot-password"));
    assert!(bot.stop().success());
}
