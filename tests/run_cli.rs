//! `planner-tui run`: the headless step, offline and against a model server
//! on 127.0.0.1, as a script or CI would use it.
#[path = "llm_support/mod.rs"]
mod llm_support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/webhooks-spec.md"
);
const CONTEXT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/webhooks-context.md"
);
const KEY: &str = "sk-test-6d1f0c-do-not-leak";

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("tmp"),
        }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn plan(&self) -> PathBuf {
        self.path().join("plan.toml")
    }
    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("planner-tui").expect("binary");
        c.env_clear()
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_STATE_HOME", self.path().join("state"))
            .env("PLANNER_TUI_DATA_DIR", self.path().join("data"))
            .env("PLANNER_TUI_LOG", "trace")
            .env("TEST_MODEL_KEY", KEY);
        c
    }
    fn with_plan(self) -> Home {
        self.cmd()
            .args([
                "new",
                "--title",
                "Webhooks",
                "--spec",
                SPEC,
                "--context",
                CONTEXT,
                "--session",
            ])
            .arg(self.plan())
            .assert()
            .success();
        self
    }
    fn config_for(&self, server: &MockServer) -> PathBuf {
        let cfg = self.path().join("config.toml");
        let text = format!(
            "[providers.test]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"test-model\"\napi_key_env = \"TEST_MODEL_KEY\"\nmax_retries = 0\n",
            server.uri()
        );
        std::fs::write(&cfg, text).expect("config");
        cfg
    }
    /// Every file planner-tui wrote under this home, as bytes.
    fn all_files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if let Ok(b) = std::fs::read(&p) {
                    out.push((p, b));
                }
            }
        }
        let mut out = Vec::new();
        walk(self.path(), &mut out);
        out
    }
}

fn stdout(c: &mut Command) -> String {
    String::from_utf8(c.assert().success().get_output().stdout.clone()).expect("utf-8")
}

#[test]
fn offline_decomposition_is_printed_then_applied_with_accept() {
    let h = Home::new().with_plan();
    let before = std::fs::read(h.plan()).expect("plan");
    let out = stdout(h.cmd().arg("run").arg(h.plan()).arg("decompose"));
    assert!(
        out.starts_with("Proposal (decompose, offline heuristics"),
        "{out}"
    );
    assert!(
        out.contains("+ T1 'Define the webhook types' at the top"),
        "{out}"
    );
    assert_eq!(
        std::fs::read(h.plan()).expect("plan"),
        before,
        "without --accept nothing is written"
    );

    h.cmd()
        .arg("run")
        .arg(h.plan())
        .args(["decompose", "--accept"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Applied 13 change(s)"));
    let show = stdout(h.cmd().arg("show").arg(h.plan()));
    assert!(show.contains("stage    2 Decompose"), "{show}");
    assert!(show.contains("Tasks (13, "), "{show}");
    // The plan the offline planner makes passes the checker's errors.
    h.cmd().arg("check").arg(h.plan()).assert().code(0);
}

#[test]
fn json_output_for_scripts() {
    let h = Home::new().with_plan();
    let out = stdout(
        h.cmd()
            .arg("run")
            .arg(h.plan())
            .args(["ambiguities", "--json"]),
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON on stdout");
    assert_eq!(v["step"], "ambiguities");
    assert_eq!(v["heuristic"], true);
    assert!(
        v["items"].as_array().is_some_and(|i| !i.is_empty()),
        "{out}"
    );
}

#[test]
fn unknown_steps_and_providers_are_usage_errors() {
    let h = Home::new().with_plan();
    h.cmd()
        .arg("run")
        .arg(h.plan())
        .arg("dance")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("dance"));
    h.cmd()
        .arg("run")
        .arg(h.plan())
        .args(["decompose", "--provider", "gpt9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no [providers.gpt9] table"));
}

fn answer_stream(text: &str) -> ResponseTemplate {
    let mut body = String::new();
    for piece in text.as_bytes().chunks(16) {
        let s = String::from_utf8_lossy(piece);
        body.push_str(&format!(
            "data: {}\n\n",
            json!({"choices": [{"delta": {"content": s}}]})
        ));
    }
    body.push_str(&format!(
        "data: {}\n\n",
        json!({"choices": [{"delta": {}, "finish_reason": "stop"}]})
    ));
    body.push_str(&format!(
        "data: {}\n\ndata: [DONE]\n\n",
        json!({"choices": [], "usage": {"prompt_tokens": 700, "completion_tokens": 90}})
    ));
    llm_support::sse(body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_model_answers_and_the_key_is_never_written() {
    let server = MockServer::start().await;
    let answer = r#"{"tasks": [{"number": 1, "title": "Define webhook types", "description": "", "produces": ["src/types/webhook.ts"], "depends_on": [], "covers": ["FR-1"], "verification": "npm test -- types"}], "notes": []}"#;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(answer_stream(answer))
        .mount(&server)
        .await;
    let h = Home::new().with_plan();
    let cfg = h.config_for(&server);
    let plan = h.plan();
    let mut cmd = h.cmd();
    cmd.arg("--config").arg(&cfg).arg("run").arg(&plan).args([
        "decompose",
        "--provider",
        "test",
        "--accept",
    ]);
    let out = tokio::task::spawn_blocking(move || cmd.assert().success().get_output().clone())
        .await
        .expect("joined");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("+ T1 'Define webhook types' at the top"),
        "{stdout}\n{stderr}"
    );
    assert!(stderr.contains("test · test-model"), "{stderr}");
    assert!(
        stderr.contains("used 700 prompt, 90 completion"),
        "{stderr}"
    );
    // The request's estimate beside the server's count, and its sizes.
    assert!(stderr.contains("/ used 700 prompt tokens"), "{stderr}");
    assert!(stderr.contains("prompt tokens, answer up to"), "{stderr}");
    // Besides the answer request, only the probes for the window.
    let requests: Vec<_> = server
        .received_requests()
        .await
        .expect("recorded")
        .into_iter()
        .filter(|r| r.url.path().ends_with("/chat/completions"))
        .collect();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0]
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(format!("Bearer {KEY}").as_str())
    );
    let saved = std::fs::read_to_string(&plan).expect("plan");
    assert!(saved.contains("Define webhook types"));
    assert!(
        saved.contains("[usage]\nprompt = 700\ncompletion = 90"),
        "{saved}"
    );
    for (file, bytes) in h.all_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(KEY),
            "the API key was written to {}",
            file.display()
        );
    }
    assert!(
        h.path().join("state/planner-tui/planner-tui.log").exists(),
        "a log was written (and checked above)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_key_is_one_request_and_a_clear_message() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": {"message": "Incorrect API key provided"}})),
        )
        .mount(&server)
        .await;
    let h = Home::new().with_plan();
    let cfg = h.config_for(&server);
    let before = std::fs::read(h.plan()).expect("plan");
    let mut cmd = h.cmd();
    cmd.arg("--config")
        .arg(&cfg)
        .arg("run")
        .arg(h.plan())
        .args(["decompose", "--provider", "test", "--accept"]);
    let out = tokio::task::spawn_blocking(move || cmd.assert().code(2).get_output().clone())
        .await
        .expect("joined");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("401") && stderr.contains("Incorrect API key provided"),
        "{stderr}"
    );
    assert!(
        stderr.contains("TEST_MODEL_KEY"),
        "says which variable to check: {stderr}"
    );
    let chats = server
        .received_requests()
        .await
        .expect("recorded")
        .into_iter()
        .filter(|r| r.url.path().ends_with("/chat/completions"))
        .count();
    assert_eq!(chats, 1);
    assert_eq!(
        std::fs::read(h.plan()).expect("plan"),
        before,
        "the session is unchanged"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_prints_the_requests_without_sending_them() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/props"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"default_generation_settings": {"n_ctx": 4096}})),
        )
        .mount(&server)
        .await;
    let h = Home::new().with_plan();
    let cfg = h.config_for(&server);
    let run = |args: &[&str]| {
        let mut cmd = h.cmd();
        cmd.arg("--config").arg(&cfg).arg("run").arg(h.plan());
        cmd.args(args);
        cmd
    };
    let mut text = run(&["completeness", "--provider", "test", "--dry-run"]);
    let out = tokio::task::spawn_blocking(move || text.assert().success().get_output().clone())
        .await
        .expect("joined");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Dry run of completeness"), "{stdout}");
    assert!(
        stdout.contains("4,096 tokens (the server's llama.cpp /props)"),
        "{stdout}"
    );
    assert!(stdout.contains("1 of "), "{stdout}");
    assert!(stdout.contains("prompt +"), "{stdout}");

    let mut json_run = run(&[
        "verify",
        "--provider",
        "test",
        "--dry-run",
        "--format",
        "json",
    ]);
    let out = tokio::task::spawn_blocking(move || json_run.assert().success().get_output().clone())
        .await
        .expect("joined");
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows = rows.as_array().expect("an array");
    assert!(!rows.is_empty());
    for r in rows {
        assert_eq!(r["step"], "verify");
        let (prompt, max) = (r["prompt_tokens"].as_u64(), r["max_tokens"].as_u64());
        assert!(prompt.is_some() && max.is_some(), "{r}");
        assert!(prompt.unwrap_or(0) + max.unwrap_or(0) <= 4096, "{r}");
        assert!(r["piece"].as_u64().is_some() && r["of"].as_u64().is_some());
        assert!(r["covers"].is_string());
    }
    // Only probes: no answer was asked for.
    let chats = server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .filter(|r| r.url.path().ends_with("/chat/completions"))
        .count();
    assert_eq!(chats, 0);

    // A server that says nothing: the default, and the note saying so.
    let silent = MockServer::start().await;
    let cfg = h.config_for(&silent);
    let mut cmd = h.cmd();
    cmd.arg("--config").arg(&cfg).arg("run").arg(h.plan());
    cmd.args(["verify", "--provider", "test", "--dry-run"]);
    let out = tokio::task::spawn_blocking(move || cmd.assert().success().get_output().clone())
        .await
        .expect("joined");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("8,192 tokens (default;"), "{stdout}");
    assert!(stdout.contains("set context_window"), "{stdout}");
}
