//! `planner-tui validate`: the three passes and the verdict from the real
//! binary, offline by default and against a model server on 127.0.0.1, with
//! the exit codes a CI script relies on.
#[path = "llm_support/mod.rs"]
mod llm_support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use llm_support::Script;
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

/// A home of its own for each test: data, config and state directories.
struct Home(tempfile::TempDir);

impl Home {
    fn new() -> Home {
        Home(tempfile::tempdir().expect("temp dir"))
    }
    fn path(&self) -> &Path {
        self.0.path()
    }
    fn plan(&self) -> PathBuf {
        self.path().join("plan.toml")
    }
    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("planner-tui").expect("binary built");
        c.env_clear()
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_STATE_HOME", self.path().join("state"))
            .env("XDG_DATA_HOME", self.path().join("xdg-data"))
            .env("PLANNER_TUI_DATA_DIR", self.path().join("data"))
            .env("TEST_MODEL_KEY", "sk-test-validate");
        c
    }
    /// The example spec and context, no tasks yet.
    fn with_spec(self) -> Home {
        self.cmd()
            .args([
                "new",
                "--title",
                "Webhooks",
                "--spec",
                SPEC,
                "--context",
                CONTEXT,
            ])
            .arg("--session")
            .arg(self.plan())
            .assert()
            .success();
        self
    }
    /// The offline planner's decomposition of the example, accepted.
    fn with_plan(self) -> Home {
        let h = self.with_spec();
        h.cmd()
            .arg("run")
            .arg(h.plan())
            .args(["decompose", "--accept"])
            .assert()
            .success();
        h
    }
    fn validate(&self, args: &[&str]) -> Command {
        let mut c = self.cmd();
        c.arg("validate").arg(self.plan()).args(args);
        c
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

/// The text with its wrapping undone: words separated by single spaces.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_decomposed_plan_is_ready_and_the_offline_planner_reads_it() {
    let h = Home::new().with_plan();
    let before = std::fs::read(h.plan()).expect("plan");
    let out = h.validate(&[]).assert().code(0).get_output().clone();
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert!(
        stdout.starts_with(
            "Validation: Webhooks (13 tasks, 9 requirements)\nReady to export, with 3 warnings\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("Completeness: 9 of 9 requirements covered"),
        "{stdout}"
    );
    assert!(
        stdout.contains("✓ FR-4  A delivery that gets a non-2xx answer"),
        "{stdout}"
    );
    assert!(stdout.contains("covered by T7\n"), "{stdout}");
    assert!(
        stdout.contains("warning[task-covers-nothing]: T13"),
        "{stdout}"
    );
    assert!(stdout.contains("Ordering: in order"), "{stdout}");
    assert!(
        stdout.contains("18 dependencies, 5 parallel waves"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Read by the offline planner: 1 concern"),
        "{stdout}"
    );
    assert!(stdout.contains("T11: relies on EmailService"), "{stdout}");
    assert!(
        stdout
            .trim_end()
            .ends_with("Ready to export, with 3 warnings"),
        "{stdout}"
    );
    assert!(
        stderr.contains("Check completeness with offline heuristics"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Check integration with the existing system with offline heuristics"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(h.plan()).expect("plan"),
        before,
        "validate writes nothing"
    );
}

#[test]
fn a_plan_without_tasks_is_not_ready_and_exits_1() {
    let h = Home::new().with_spec();
    let out = h
        .validate(&["--no-model"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Not ready: no tasks yet, 9 uncovered requirements"),
        "{stdout}"
    );
    assert!(
        stdout.contains("✗ R3    Secrets shall never appear in logs."),
        "{stdout}"
    );
    assert!(stdout.contains("covered by no task"), "{stdout}");
    assert!(
        stdout.contains("Model reading: not run (--no-model)"),
        "{stdout}"
    );
    assert!(
        out.stderr.is_empty(),
        "no model was asked: {}",
        text(&out.stderr)
    );
}

#[test]
fn an_ordering_error_blocks_and_json_links_it_to_its_task() {
    let h = Home::new().with_plan();
    // T1 now depends on T2, which comes after it: an ordering violation.
    let saved = std::fs::read_to_string(h.plan()).expect("plan");
    let broken = saved.replacen("id = \"T1\"\n", "id = \"T1\"\ndepends_on = [\"T2\"]\n", 1);
    assert_ne!(broken, saved, "the fixture has a task T1");
    std::fs::write(h.plan(), broken).expect("write");

    let out = h
        .validate(&["--json", "--offline"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["ready"], false);
    assert_eq!(v["verdict"]["readiness"], "not_ready");
    assert_eq!(v["headline"], "Not ready: 1 error");
    let first = &v["ordering"]["findings"][0];
    assert_eq!(first["code"], "ordering-violation");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["link"]["task"], "T1");
    assert_eq!(v["completeness"]["requirements"][3]["requirement"], "FR-4");
    assert_eq!(v["completeness"]["requirements"][3]["tasks"], json!(["T7"]));
    assert_eq!(v["completeness"]["model"]["state"], "done");
    assert_eq!(v["completeness"]["model"]["heuristic"], true);
    assert_eq!(
        v["integration"]["model"]["entries"][0]["link"]["task"],
        "T11"
    );

    let out = h
        .validate(&["--json", "--no-model"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["integration"]["model"]["state"], "not_run");
}

#[test]
fn usage_and_io_problems_exit_2() {
    let h = Home::new().with_spec();
    h.cmd()
        .args(["validate", "no-such-session"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-session"));
    h.validate(&["--provider", "gpt9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no [providers.gpt9] table (there is no config file at ",
        ));
    h.validate(&["--offline", "--no-model"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    std::fs::write(h.plan(), "format_version = 1\nthis is not toml").expect("write");
    h.validate(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("plan.toml"));
}

#[test]
fn text_from_the_session_cannot_drive_the_terminal() {
    let h = Home::new().with_spec();
    let spec = "# Spec\n\n- FR-1: Ring the bell\u{7} and clear \u{1b}[2J the screen\n";
    let spec_path = h.path().join("evil.md");
    std::fs::write(&spec_path, spec).expect("spec");
    let plan = h.path().join("evil.toml");
    h.cmd()
        .args(["new", "--title", "Evil \u{1b}]0;pwned\u{7}", "--spec"])
        .arg(&spec_path)
        .arg("--session")
        .arg(&plan)
        .assert()
        .success();
    for args in [&["--no-model"][..], &["--json"][..]] {
        let out = h
            .cmd()
            .arg("validate")
            .arg(&plan)
            .args(args)
            .assert()
            .code(1)
            .get_output()
            .clone();
        let stdout = text(&out.stdout);
        assert!(
            !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
            "{stdout:?}"
        );
        assert!(stdout.contains("Ring the bell"), "{stdout}");
    }
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
        "data: {}\n\ndata: [DONE]\n\n",
        json!({"choices": [{"delta": {}, "finish_reason": "stop"}]})
    ));
    llm_support::sse(body)
}

fn config_for(h: &Home, server: &MockServer) -> PathBuf {
    let cfg = h.path().join("config.toml");
    let text = format!(
        "[providers.test]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"test-model\"\napi_key_env = \"TEST_MODEL_KEY\"\nmax_retries = 0\n",
        server.uri()
    );
    std::fs::write(&cfg, text).expect("config");
    cfg
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_model_reads_completeness_then_integration() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        answer_stream(
            r#"{"gaps": [{"requirement": null, "text": "Nothing rotates the webhook secret.", "suggestion": "Add a task for secret rotation."}, {"requirement": "FR-3", "text": "No task signs deliveries.", "suggestion": "Add one."}], "notes": []}"#,
        ),
        answer_stream(
            r#"{"concerns": [{"task": 3, "text": "Registers routes without naming the router file.", "suggestion": "Name src/api/routes/webhooks.ts."}], "notes": []}"#,
        ),
    ]);
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(script.clone())
        .mount(&server)
        .await;
    let h = Home::new().with_plan();
    let cfg = config_for(&h, &server);
    let mut cmd = h.cmd();
    cmd.arg("--config")
        .arg(&cfg)
        .arg("validate")
        .arg(h.plan())
        .args(["--provider", "test"]);
    let out = tokio::task::spawn_blocking(move || cmd.assert().code(0).get_output().clone())
        .await
        .expect("joined");
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert_eq!(script.count(), 2, "one request per reading");
    let first = script.body(0).to_string();
    let second = script.body(1).to_string();
    assert!(first.contains("coverage"), "completeness first: {first}");
    assert!(second.contains("integration"), "then integration: {second}");
    assert!(
        stderr.contains("Check completeness with test · test-model"),
        "{stderr}"
    );
    assert!(stdout.contains("Read by the model: 1 gap\n"), "{stdout}");
    assert!(
        stdout.contains("Nothing rotates the webhook secret."),
        "{stdout}"
    );
    // FR-3 is covered (T5, T7 sign deliveries): that reading is contradicted
    // by the plan, left out, and said so.
    assert!(!stdout.contains("No task signs deliveries"), "{stdout}");
    assert!(
        flat(&stdout)
            .contains("left out a reading the plan contradicts: FR-3 is covered: T5, T7 cover it"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Read by the model: 1 concern\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("T3: Registers routes without naming the router file."),
        "{stdout}"
    );
    assert!(
        flat(&stdout).contains(
            "warnings: 1 task covering no requirement, 1 file with two owners, 1 coverage gap read by the model, 1 integration concern read by the model"
        ),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_model_shows_in_its_pass_and_does_not_change_the_verdict() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": {"message": "Incorrect API key provided"}})),
        )
        .mount(&server)
        .await;
    let h = Home::new().with_plan();
    let cfg = config_for(&h, &server);
    let mut cmd = h.cmd();
    cmd.arg("--config")
        .arg(&cfg)
        .arg("validate")
        .arg(h.plan())
        .args(["--provider", "test"]);
    let out = tokio::task::spawn_blocking(move || cmd.assert().code(0).get_output().clone())
        .await
        .expect("joined");
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert_eq!(
        stdout.matches("Model reading failed:").count(),
        2,
        "{stdout}"
    );
    assert!(
        flat(&stdout).contains("answered HTTP 401: Incorrect API key provided"),
        "{stdout}"
    );
    assert!(
        flat(&stdout).contains("2 model readings that failed"),
        "{stdout}"
    );
    assert!(
        stderr.contains("warning: the completeness reading failed"),
        "{stderr}"
    );
    // Answer requests only: the window probes go to other paths.
    let chats = server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .filter(|r| r.url.path().ends_with("/chat/completions"))
        .count();
    assert_eq!(chats, 2);
}
