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
        Synapse::setup_behind(dir, None)
    }

    /// A homeserver that tells clients to use `public` (a proxy in front).
    fn setup_behind(dir: &Path, public: Option<&str>) -> Synapse {
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
            .args(public)
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
    // Element's pill: a link to the bot in the HTML, the name it shows in
    // the plain body (no m.mentions, as older clients send it). The name
    // is no part of the question ("Digdir" in it is no agency asked about).
    let pill = team
        .send(RoomMessageEventContent::text_html(
            "Faktabot (Digdir): hvem eier Statistisk sentralbyrå?",
            "<a href=\"https://matrix.to/#/@faktabot:localhost\">Faktabot (Digdir)</a>: hvem eier Statistisk sentralbyrå?",
        ))
        .await
        .unwrap()
        .response
        .event_id;
    wait_for(
        &team,
        "answers to the prefix, the user id and the pill",
        |ev| {
            let n = bot_notices(ev, bot_id.as_str());
            [&prefixed, &named, &pill]
                .iter()
                .all(|q| n.iter().any(|x| reply_to(x) == Some(q.as_str())))
        },
    )
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let notices = bot_notices(&events(&team).await, bot_id.as_str());
    assert!(
        notices.iter().all(|n| reply_to(n) != Some(plain.as_str())),
        "the bot answered a plain message in a team room: {notices:#?}"
    );
    assert_eq!(notices.len(), 3, "{notices:#?}");
    let to_pill = notices
        .iter()
        .find(|n| reply_to(n) == Some(pill.as_str()))
        .unwrap()["content"]["body"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        to_pill.contains("Finansdepartementet") && !to_pill.contains("Digitaliseringsdirektoratet"),
        "the pill's name was read as part of the question: {to_pill}"
    );
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

/// A reverse proxy in front of Synapse, as a load balancer would be, that
/// can answer the bot's sends to one room with 429 (retry after a long
/// while): a room whose answer is held up that way.
struct Proxy {
    url: String,
    state: std::sync::Arc<ProxyState>,
}

#[derive(Default)]
struct ProxyState {
    upstream: String,
    /// Room id and how many sends to it get a 429.
    stall: std::sync::Mutex<Option<(String, u32)>>,
    /// How many 429s were given.
    refused: std::sync::atomic::AtomicU32,
    client: reqwest::Client,
}

/// How long a stalled room is told to wait.
const STALL_MS: u64 = 15_000;

async fn forward(
    axum::extract::State(p): axum::extract::State<std::sync::Arc<ProxyState>>,
    req: axum::extract::Request,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let (parts, body) = req.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_owned();
    let decoded = path.replace("%21", "!").replace("%3A", ":");
    if parts.method == axum::http::Method::PUT && decoded.contains("/send/") {
        let mut stall = p.stall.lock().unwrap();
        if let Some((room, left)) = stall.as_mut()
            && *left > 0
            && decoded.contains(room.as_str())
        {
            *left -= 1;
            p.refused.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            return (
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                [(axum::http::header::CONTENT_TYPE, "application/json")],
                serde_json::json!({
                    "errcode": "M_LIMIT_EXCEEDED",
                    "error": "Too Many Requests",
                    "retry_after_ms": STALL_MS
                })
                .to_string(),
            )
                .into_response();
        }
    }
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let mut out = p
        .client
        .request(parts.method, format!("{}{path}", p.upstream))
        .body(body.to_vec());
    for (k, v) in &parts.headers {
        if k != axum::http::header::HOST {
            out = out.header(k, v);
        }
    }
    match out.send().await {
        Ok(r) => {
            let status = r.status();
            let headers = r.headers().clone();
            let bytes = r.bytes().await.unwrap_or_default();
            let mut resp = (status, bytes).into_response();
            for (k, v) in &headers {
                if k != axum::http::header::TRANSFER_ENCODING
                    && k != axum::http::header::CONTENT_LENGTH
                {
                    resp.headers_mut().insert(k, v.clone());
                }
            }
            resp
        }
        Err(_) => axum::http::StatusCode::BAD_GATEWAY.into_response(),
    }
}

impl Proxy {
    /// The proxy's address, before the homeserver behind it exists (the
    /// homeserver tells clients to use it).
    async fn bind() -> (tokio::net::TcpListener, String) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        (listener, url)
    }

    fn serve(listener: tokio::net::TcpListener, url: String, upstream: &str) -> Proxy {
        let state = std::sync::Arc::new(ProxyState {
            upstream: upstream.to_owned(),
            ..ProxyState::default()
        });
        let app = axum::Router::new()
            .fallback(forward)
            .with_state(state.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Proxy { url, state }
    }

    fn stall(&self, room: &str, times: u32) {
        *self.state.stall.lock().unwrap() = Some((room.to_owned(), times));
    }

    fn refused(&self) -> u32 {
        self.state.refused.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// One room's answer held up by a 429 (retry after 15 s) does not hold up
/// another room's: each message is answered in its own task.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_room_does_not_hold_up_another() {
    let tmp = tempfile::tempdir().unwrap();
    let (listener, proxy_url) = Proxy::bind().await;
    let synapse = Synapse::setup_behind(&tmp.path().join("synapse"), Some(&proxy_url));
    synapse.register("faktabot", "bot-password");
    synapse.register("carol", "carol-password");
    let bot_id: OwnedUserId = "@faktabot:localhost".parse().unwrap();
    let proxy = Proxy::serve(listener, proxy_url, &synapse.url());
    // Carol talks to the homeserver itself; only the bot is behind the
    // proxy.
    let carol = Client::builder()
        .homeserver_url(synapse.url())
        .respect_login_well_known(false)
        .build()
        .await
        .unwrap();
    carol
        .matrix_auth()
        .login_username("carol", "carol-password")
        .await
        .unwrap();
    let mut rooms = Vec::new();
    for _ in 0..2 {
        let mut req = CreateRoom::new();
        req.invite = vec![bot_id.clone()];
        req.is_direct = true;
        req.preset = Some(RoomPreset::TrustedPrivateChat);
        rooms.push(carol.create_room(req).await.unwrap());
    }
    let (slow, fast) = (&rooms[0], &rooms[1]);
    let bot = Bot::start(
        &proxy.url,
        &tmp.path().join("state"),
        &tmp.path().join("bot.log"),
    );
    for room in [slow, fast] {
        wait_for(room, "the bot to join", |ev| {
            ev.iter().any(|e| {
                e["type"] == "m.room.member"
                    && e["state_key"] == bot_id.as_str()
                    && e["content"]["membership"] == "join"
            })
        })
        .await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    proxy.stall(slow.room_id().as_str(), 1);
    let q_slow = ask(slow, "Hvem eier NVE?").await;
    for _ in 0..200 {
        if proxy.refused() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        proxy.refused(),
        1,
        "the bot tried to answer in the slow room: {}",
        std::fs::read_to_string(tmp.path().join("bot.log")).unwrap_or_default()
    );
    // The slow room waits 15 s for its retry; the other room is answered
    // meanwhile.
    let q_fast = ask(fast, "Hvem eier Husbanken?").await;
    wait_for(fast, "the answer in the other room", |ev| {
        bot_notices(ev, bot_id.as_str())
            .iter()
            .any(|n| reply_to(n) == Some(q_fast.as_str()))
    })
    .await;
    assert!(
        bot_notices(&events(slow).await, bot_id.as_str())
            .iter()
            .all(|n| reply_to(n) != Some(q_slow.as_str())),
        "the slow room was answered before its retry: {}",
        std::fs::read_to_string(tmp.path().join("bot.log")).unwrap_or_default()
    );
    // And the slow room's answer comes after the wait, once.
    let ev = wait_for(slow, "the held-up answer", |ev| {
        bot_notices(ev, bot_id.as_str())
            .iter()
            .any(|n| reply_to(n) == Some(q_slow.as_str()))
    })
    .await;
    let answers = bot_notices(&ev, bot_id.as_str());
    assert_eq!(answers.len(), 1, "{answers:#?}");
    assert!(
        answers[0]["content"]["body"]
            .as_str()
            .unwrap()
            .contains("Energidepartementet")
    );
    assert!(bot.stop().success());
}
