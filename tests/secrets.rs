//! The API key never leaves memory: a provider whose key sits in its
//! environment variable runs every step against a model server on
//! 127.0.0.1 (with a re-ask, an answer kept raw after two bad tries, and a
//! rejection whose body echoes the key), logging at trace level, and
//! exports the plan in every format; then no file under the home directory
//! (session, log, kept raw answers, exports), and no byte printed, holds the
//! key.
#[path = "llm_support/mod.rs"]
mod llm_support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use planner_tui::workflow::Step;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Unique enough that any occurrence is a leak.
const KEY: &str = "sk-secrets-test-4f1c9a7e2b-never-written";
const SPEC: &str =
    "# Notes export\n\n- FR-1: Export notes as Markdown.\n- FR-2: Export notes as JSON.\n";

fn answer(step: Step) -> Value {
    let dep = |task: u32, kind: &str| json!({"task": task, "kind": kind});
    let task = |n: u32, title: &str, deps: Value| json!({"number": n, "title": title, "description": "", "produces": [format!("src/task{n}.rs")], "depends_on": deps, "covers": ["FR-1"], "verification": null});
    match step {
        Step::Decompose => json!({"tasks": [
            task(1, "Define types", json!([])),
            task(2, "Write formatter", json!([dep(1, "interface")])),
            task(3, "Add command", json!([dep(2, "interface")])),
        ], "notes": []}),
        Step::Dependencies => json!({"tasks": [
            {"task": 3, "depends_on": [dep(1, "schema"), dep(2, "interface")]}
        ], "notes": []}),
        Step::Ambiguities => json!({"ambiguities": [
            {"category": "underspecified", "summary": "Which Markdown flavour?", "risk": "Links break.", "resolution": "Pick CommonMark.", "affects": [2]}
        ], "notes": []}),
        Step::Revise => json!({"tasks": [
            task(1, "Define types", json!([])),
            task(2, "Write CommonMark formatter", json!([dep(1, "interface")])),
            task(3, "Add command", json!([dep(1, "schema"), dep(2, "interface")])),
            task(4, "Document the command", json!([dep(3, "interface")])),
        ], "notes": []}),
        Step::Verify => json!({"tasks": [
            {"task": 1, "verification": "cargo test types passes"},
            {"task": 2, "verification": "cargo test md passes"},
            {"task": 3, "verification": "notes export --md exits 0"},
            {"task": 4, "verification": "docs/export.md names every flag"},
        ], "notes": []}),
        Step::Completeness => json!({"gaps": [
            {"requirement": "FR-2", "text": "No task exports JSON.", "suggestion": "Add a JSON exporter."}
        ], "notes": []}),
        Step::Integration => json!({"concerns": [
            {"task": 3, "text": "Does not say where the CLI parser is.", "suggestion": "Name src/cli.rs."}
        ], "notes": []}),
    }
}

struct Home {
    dir: tempfile::TempDir,
    printed: Vec<u8>,
}

impl Home {
    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
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
            .env("XDG_CACHE_HOME", self.path().join("cache"))
            .env("PLANNER_TUI_DATA_DIR", self.path().join("data"))
            .env("PLANNER_TUI_LOG", "trace")
            .env("SECRETS_TEST_KEY", KEY);
        c
    }
    /// Runs `args` and returns the exit code; keeps what was printed.
    async fn run(&mut self, args: Vec<String>) -> i32 {
        let mut cmd = self.cmd();
        cmd.args(&args);
        let out = tokio::task::spawn_blocking(move || cmd.output().expect("ran"))
            .await
            .expect("joined");
        self.printed.extend_from_slice(&out.stdout);
        self.printed.extend_from_slice(&out.stderr);
        out.status.code().unwrap_or(-1)
    }
}

fn files(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if let Ok(b) = std::fs::read(&p) {
            out.push((p, b));
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_is_in_no_file_log_or_output_after_every_step() {
    let server = MockServer::start().await;
    let mut h = Home {
        dir: tempfile::tempdir().expect("tmp"),
        printed: Vec::new(),
    };
    let spec = h.path().join("spec.md");
    std::fs::write(&spec, SPEC).expect("spec");
    let cfg = h.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[providers.test]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"m\"\napi_key_env = \"SECRETS_TEST_KEY\"\nmax_retries = 0\n",
            server.uri()
        ),
    )
    .expect("config");
    let plan = h.plan().display().to_string();
    let cfg = cfg.display().to_string();
    let code = h
        .run(
            [
                "new",
                "--title",
                "Notes",
                "--spec",
                &spec.display().to_string(),
            ]
            .into_iter()
            .map(String::from)
            .chain(["--session".to_string(), plan.clone()])
            .collect(),
        )
        .await;
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&h.printed));

    let run = |step: &str, accept: bool| {
        let mut a: Vec<String> = ["--config", &cfg, "run", &plan, step, "--provider", "test"]
            .into_iter()
            .map(String::from)
            .collect();
        if accept {
            a.push("--accept".into());
        }
        a
    };
    let mut requests_made = 0;
    for step in Step::ALL {
        server.reset().await;
        if step == Step::Ambiguities {
            // The first answer is unusable: the worker asks again.
            Mock::given(method("POST"))
                .and(path("/v1/chat/completions"))
                .respond_with(llm_support::openai_stream(
                    "I think the spec is clear, but {maybe",
                    24,
                ))
                .up_to_n_times(1)
                .with_priority(1)
                .mount(&server)
                .await;
        }
        Mock::given(method("POST"))
            .and(path("/v1/chat/completions"))
            .respond_with(llm_support::openai_stream(&answer(step).to_string(), 24))
            .with_priority(2)
            .mount(&server)
            .await;
        let code = h.run(run(step.key(), true)).await;
        assert_eq!(code, 0, "{step:?}: {}", String::from_utf8_lossy(&h.printed));
        let requests = server.received_requests().await.expect("recorded");
        assert!(
            requests.iter().all(|r| r
                .headers
                .get("authorization")
                .is_some_and(|v| v.as_bytes() == format!("Bearer {KEY}").as_bytes())),
            "{step:?}: the key is sent, to the server only"
        );
        requests_made += requests.len();
    }

    // Two unusable answers: the raw answers are kept on disk.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(llm_support::openai_stream(
            "Sorry, here is nothing like JSON at all.",
            24,
        ))
        .mount(&server)
        .await;
    assert_eq!(h.run(run("verify", false)).await, 1);
    requests_made += server.received_requests().await.map_or(0, |r| r.len());
    let printed = String::from_utf8_lossy(&h.printed).into_owned();
    assert!(printed.contains("the raw answers are kept in"), "{printed}");

    // A server that echoes the key in its rejection.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": {"message": format!("Incorrect API key provided: {KEY}")}}),
        ))
        .mount(&server)
        .await;
    assert_eq!(h.run(run("integration", false)).await, 2);
    requests_made += server.received_requests().await.map_or(0, |r| r.len());
    let printed = String::from_utf8_lossy(&h.printed).into_owned();
    assert!(printed.contains("Incorrect API key provided"), "{printed}");

    // Every export of the plan those steps built.
    let exports = h.path().join("exports");
    let mut exported = Vec::new();
    for format in ["md", "json", "dot", "mermaid", "taskmaster", "speckit"] {
        let out = exports.join(format!("plan.{format}"));
        let code = h
            .run(
                ["export", &plan, "--format", format, "-o"]
                    .into_iter()
                    .map(String::from)
                    .chain([out.display().to_string()])
                    .collect(),
            )
            .await;
        assert_eq!(
            code,
            0,
            "export {format}: {}",
            String::from_utf8_lossy(&h.printed)
        );
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        assert!(
            text.contains("CommonMark formatter"),
            "the {format} export holds the plan: {text}"
        );
        exported.push(out);
    }

    let mut all = Vec::new();
    files(&h.path(), &mut all);
    let written: Vec<&PathBuf> = all
        .iter()
        .map(|(p, _)| p)
        .filter(|p| !p.ends_with("config.toml") && !p.ends_with("spec.md"))
        .collect();
    assert!(
        written.iter().any(|p| p.ends_with("plan.toml")),
        "{written:?}"
    );
    assert!(
        written
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "log")),
        "a log was written: {written:?}"
    );
    for e in &exported {
        assert!(
            written.contains(&e),
            "{} was written: {written:?}",
            e.display()
        );
    }
    assert!(
        written.len() >= 3 + exported.len(),
        "the session, the log, the kept raw answers and six exports: {written:?}"
    );
    let mut hits = Vec::new();
    for (p, bytes) in &all {
        if contains(bytes, KEY.as_bytes()) {
            hits.push(p.display().to_string());
        }
        if p.extension().is_some_and(|e| e == "log") {
            for line in String::from_utf8_lossy(bytes).lines() {
                let lower = line.to_ascii_lowercase();
                if ["authorization", "bearer", "x-api-key"]
                    .iter()
                    .any(|h| lower.contains(h))
                {
                    assert!(
                        line.contains("[redacted]") || line.contains("Sensitive"),
                        "an authorization header is logged unredacted: {line}"
                    );
                }
            }
        }
    }
    if contains(&h.printed, KEY.as_bytes()) {
        hits.push("the terminal output".into());
    }
    println!(
        "secrets: {} requests; {} files written ({written:?}); key found in {} of them",
        requests_made,
        written.len(),
        hits.len()
    );
    assert!(hits.is_empty(), "the key leaked into: {hits:?}");
    let log = all
        .iter()
        .find(|(p, _)| p.extension().is_some_and(|e| e == "log"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    assert!(
        log.contains("sending request"),
        "logged at trace level: {log}"
    );
}
