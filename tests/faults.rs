//! Faults while saving and while a model answers: a disk that fills up, a
//! data directory that cannot be written, a server that hangs up mid-answer,
//! sends garbage or stalls past the timeout. Each gives a clear error, and
//! the plan on disk (and in memory) is what it was; saving works again once
//! the fault is gone.
#[path = "llm_support/mod.rs"]
mod llm_support;

use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use planner_tui::plan::{Session, Task, TaskId, Timestamp};
use planner_tui::store;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    /// A home with a saved session that the offline planner has decomposed.
    fn with_plan() -> Home {
        let h = Home {
            dir: tempfile::tempdir().expect("tmp"),
        };
        let spec = h.path().join("spec.md");
        std::fs::write(
            &spec,
            "# Notes export\n\n- FR-1: Export notes as Markdown.\n- FR-2: Export notes as JSON.\n",
        )
        .expect("spec");
        h.cmd()
            .args(["new", "--title", "Notes", "--spec"])
            .arg(&spec)
            .arg("--session")
            .arg(h.plan())
            .assert()
            .success();
        h.cmd()
            .arg("run")
            .arg(h.plan())
            .args(["decompose", "--accept"])
            .assert()
            .success();
        h
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn plan(&self) -> PathBuf {
        self.path().join("plan.toml")
    }
    fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }
    fn std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("planner-tui"));
        c.env_clear()
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_STATE_HOME", self.path().join("state"))
            .env("PLANNER_TUI_DATA_DIR", self.path().join("data"))
            .env("FAULTS_TEST_KEY", "sk-faults");
        c
    }
    fn config(&self, base_url: &str) -> PathBuf {
        let cfg = self.path().join("config.toml");
        std::fs::write(
            &cfg,
            format!(
                "[providers.test]\nkind = \"openai\"\nbase_url = \"{base_url}\"\nmodel = \"m\"\napi_key_env = \"FAULTS_TEST_KEY\"\nmax_retries = 0\ntimeout_s = 2\n"
            ),
        )
        .expect("config");
        cfg
    }
    /// Files in the session's directory other than the session and the
    /// test's own inputs (a leftover temp file would show here).
    fn strays(&self) -> Vec<String> {
        std::fs::read_dir(self.path())
            .expect("home")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                ![
                    "plan.toml",
                    "spec.md",
                    "config.toml",
                    "config",
                    "state",
                    "data",
                ]
                .contains(&n.as_str())
            })
            .collect()
    }
}

fn sample() -> Session {
    let mut s = Session::new("faults", "Faults", Timestamp(1_764_000_000));
    s.tasks.push(Task::new(TaskId(1), "Define types"));
    s.counters.next_task = 2;
    s
}

#[test]
fn a_data_directory_that_cannot_be_created_is_a_clear_error_and_saving_resumes() {
    let dir = tempfile::tempdir().expect("tmp");
    // Works as root too: a regular file where the sessions directory should be.
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, "not a directory").expect("blocker");
    let path = blocker.join("sessions").join("faults.toml");
    let session = sample();
    let before = session.clone();
    let error = store::save(&path, &session).expect_err("cannot save under a file");
    let message = error.to_string();
    assert!(
        message.contains(&blocker.display().to_string()),
        "the error names the place: {message}"
    );
    assert_eq!(session, before, "the session in memory is kept");
    std::fs::remove_file(&blocker).expect("fault removed");
    store::save(&path, &session).expect("saving resumes");
    assert_eq!(store::load(&path).expect("loads"), session);
}

#[test]
fn a_session_path_that_is_a_directory_keeps_it_and_says_so() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("plan.toml");
    std::fs::create_dir(&path).expect("a directory in the way");
    std::fs::write(path.join("keep.txt"), "mine").expect("content");
    let error = store::save(&path, &sample()).expect_err("cannot replace a directory");
    assert!(
        error.to_string().contains(&path.display().to_string()),
        "{error}"
    );
    assert_eq!(
        std::fs::read_to_string(path.join("keep.txt")).expect("untouched"),
        "mine"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temp file left behind: {leftovers:?}"
    );
}

/// Runs `cmd` with writes limited to `limit` bytes per file, as on a disk
/// that is full (SIGXFSZ ignored, so a write fails with EFBIG instead of
/// killing the process). Works as root, unlike a read-only directory.
fn with_file_size_limit(std_cmd: &mut std::process::Command, limit: u64) {
    // SAFETY: only async-signal-safe libc calls between fork and exec.
    unsafe {
        std_cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let rl = libc::rlimit {
                rlim_cur: limit as libc::rlim_t,
                rlim_max: limit as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rl) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[test]
fn a_full_disk_while_saving_keeps_the_previous_file_and_saving_resumes() {
    let h = Home::with_plan();
    let before = std::fs::read(h.plan()).expect("plan");
    let mut cmd = h.std_cmd();
    cmd.arg("run")
        .arg(h.plan())
        .args(["ambiguities", "--accept"]);
    with_file_size_limit(&mut cmd, 256);
    let out = cmd.output().expect("ran");
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("disk full: {stderr}");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&h.plan().display().to_string()),
        "the error names the session file: {stderr}"
    );
    assert!(
        stderr.contains("File too large") || stderr.contains("file too large"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(h.plan()).expect("plan"),
        before,
        "the previous file is intact"
    );
    assert!(h.strays().is_empty(), "no temp file left: {:?}", h.strays());

    h.cmd()
        .arg("run")
        .arg(h.plan())
        .args(["ambiguities", "--accept"])
        .assert()
        .success();
    let after = std::fs::read_to_string(h.plan()).expect("plan");
    assert!(
        after.contains("[[ambiguities]]"),
        "saved once space is back"
    );
}

/// A server that answers every request with `reply`, then closes the
/// connection (`close`) or holds it open without another byte.
async fn raw_server(reply: Vec<u8>, close: bool) -> String {
    if !close {
        return llm_support::stalling_server(Some(String::from_utf8_lossy(&reply).into_owned()))
            .await;
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = vec![0u8; 65536];
            let _ = tokio::io::AsyncReadExt::read(&mut socket, &mut buf).await;
            let _ = socket.write_all(&reply).await;
            let _ = socket.shutdown().await;
        }
    });
    format!("http://{addr}/v1")
}

const HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n";

async fn model_fault(reply: Vec<u8>, close: bool) -> (i32, String) {
    let h = Home::with_plan();
    let base = raw_server(reply, close).await;
    let cfg = h.config(&base);
    let before = std::fs::read(h.plan()).expect("plan");
    let mut cmd = h.cmd();
    cmd.arg("--config")
        .arg(&cfg)
        .arg("run")
        .arg(h.plan())
        .args(["dependencies", "--provider", "test", "--accept"]);
    let out = tokio::task::spawn_blocking(move || cmd.output().expect("ran"))
        .await
        .expect("joined");
    assert_eq!(
        std::fs::read(h.plan()).expect("plan"),
        before,
        "the plan is unchanged"
    );
    assert!(h.strays().is_empty(), "{:?}", h.strays());
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_hangs_up_mid_answer() {
    let reply = format!(
        "{HEAD}data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{{\\\"tasks\\\": [\"}}}}]}}\n\ndata: {{\"choi"
    );
    let (code, stderr) = model_fault(reply.into_bytes(), true).await;
    println!("hang-up: {stderr}");
    assert_ne!(code, 0, "{stderr}");
    assert!(stderr.contains("planner-tui: error:"), "{stderr}");
    assert!(
        stderr.contains("ended")
            || stderr.contains("closed")
            || stderr.contains("connection")
            || stderr.contains("cut off"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_sends_garbage() {
    let mut reply = HEAD.as_bytes().to_vec();
    reply.extend_from_slice(b"\x00\xff\xfe\x1b[31mgarbage\x07 {{{\r\n\r\ndata: \xc3\x28\n\n");
    let (code, stderr) = model_fault(reply, true).await;
    println!("garbage: {stderr}");
    assert_ne!(code, 0, "{stderr}");
    assert!(stderr.contains("planner-tui: error:"), "{stderr}");
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\x07'),
        "{stderr:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_stalls_past_the_timeout() {
    let reply = format!(
        "{HEAD}data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{{\"}}}}]}}\n\n"
    );
    let started = std::time::Instant::now();
    let (code, stderr) = model_fault(reply.into_bytes(), false).await;
    println!("stall ({:?}): {stderr}", started.elapsed());
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("timed out") || stderr.contains("timeout") || stderr.contains("no answer"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_model_that_refuses_twice_leaves_the_plan_as_it_was() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer};
    let server = MockServer::start().await;
    let refusal = "I'm sorry, but I can't help with planning this.";
    let body = format!(
        "data: {}\n\ndata: [DONE]\n\n",
        serde_json::json!({"choices": [{"delta": {"content": refusal}, "finish_reason": "stop"}]})
    );
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(llm_support::sse(body))
        .mount(&server)
        .await;
    let h = Home::with_plan();
    let cfg = h.config(&format!("{}/v1", server.uri()));
    let before = std::fs::read(h.plan()).expect("plan");
    let mut cmd = h.cmd();
    cmd.arg("--config")
        .arg(&cfg)
        .arg("run")
        .arg(h.plan())
        .args(["revise", "--provider", "test", "--accept"]);
    let out = tokio::task::spawn_blocking(move || cmd.output().expect("ran"))
        .await
        .expect("joined");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("declined"), "{stderr}");
    // Answer requests only: the window probes go to other paths.
    let chats = server.received_requests().await.map_or(0, |r| {
        r.iter()
            .filter(|r| r.url.path().ends_with("/chat/completions"))
            .count()
    });
    assert_eq!(chats, 2, "asked once more");
    assert_eq!(std::fs::read(h.plan()).expect("plan"), before);
}
