//! `run --accept` takes only what the plan does not contradict; a model that
//! drops dependencies the tasks' text calls for leaves them in place, and
//! `--accept-all` is the explicit way to take everything.
#[path = "llm_support/mod.rs"]
mod llm_support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
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

fn cmd(home: &Path) -> Command {
    let mut c = Command::cargo_bin("planner-tui").expect("binary");
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("PLANNER_TUI_DATA_DIR", home.join("data"));
    c
}

fn dependency_count(plan: &Path) -> usize {
    let s = planner_tui::store::load(plan).expect("session loads");
    s.tasks.iter().map(|t| t.depends_on.len()).sum()
}

/// A model answer that gives every task no dependencies at all.
fn drop_everything(plan: &Path) -> ResponseTemplate {
    let s = planner_tui::store::load(plan).expect("session loads");
    let tasks: Vec<_> = (1..=s.tasks.len())
        .map(|n| json!({"task": n, "depends_on": []}))
        .collect();
    let answer = json!({"tasks": tasks, "notes": []}).to_string();
    llm_support::openai_stream(&answer, 64)
}

async fn run(home: PathBuf, args: Vec<String>) -> (bool, String, String) {
    tokio::task::spawn_blocking(move || {
        let out = cmd(&home).args(&args).output().expect("runs");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .await
    .expect("joined")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_leaves_out_what_the_plan_contradicts() {
    let dir = tempfile::tempdir().expect("tmp");
    let home = dir.path().to_path_buf();
    let plan = home.join("plan.toml");
    let plan_arg = plan.display().to_string();
    cmd(&home)
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
        .arg(&plan)
        .assert()
        .success();
    cmd(&home)
        .args(["run", &plan_arg, "decompose", "--accept"])
        .assert()
        .success();
    let before = dependency_count(&plan);
    assert!(before > 5, "the offline plan has dependencies ({before})");

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(drop_everything(&plan))
        .mount(&server)
        .await;
    let cfg = home.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[providers.test]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"m\"\nmax_retries = 0\n",
            server.uri()
        ),
    )
    .expect("config");
    let cfg_arg = cfg.display().to_string();
    let args = |accept: &str| -> Vec<String> {
        [
            "--config",
            &cfg_arg,
            "run",
            &plan_arg,
            "dependencies",
            "--provider",
            "test",
            accept,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };

    let (ok, stdout, stderr) = run(home.clone(), args("--accept")).await;
    assert!(ok, "{stdout}\n{stderr}");
    assert!(stdout.contains("✗ contradicted:"), "{stdout}");
    assert!(
        stderr.contains("contradict the plan; --accept leaves them out"),
        "{stderr}"
    );
    let kept = dependency_count(&plan);
    assert!(
        kept > 0,
        "the dependencies the tasks' text calls for are kept ({kept} of {before})\n{stdout}"
    );

    let (ok, stdout, stderr) = run(home.clone(), args("--accept-all")).await;
    assert!(ok, "{stdout}\n{stderr}");
    assert_eq!(dependency_count(&plan), 0, "--accept-all takes everything");
}
