//! The whole workflow against a real model: llama.cpp's `llama-server`
//! with a small GGUF model, reached through the `openai` provider, once per
//! structured-output mode (`json_schema`, `json_object`, `prompt`).
//!
//! The server gets a 4096-token window and every request asks for up to
//! 1024 tokens, so a step has to fit its requests into what is left. A
//! 270M-parameter model often answers badly; what this test holds the app
//! to is what a user relies on whatever the model does: every step ends,
//! within its time limit, either in a proposal that was applied and leaves
//! a plan that loads and checks, or in a clear error with the session file
//! unchanged — never a hang, a crash or a garbled plan. `validate`, `check`
//! and `export` then work on whatever plan came out.
//!
//! Needs `$LLAMA_SERVER_BIN` and `$GGUF_MODEL` (`.ci/install-real-servers`
//! provides both); without them the tests print why and skip, unless
//! `PLANNER_REAL_SERVERS=1` makes that a failure. Each step's outcome, time
//! and tokens are printed, and appended to `$PLANNER_REAL_REPORT` if set.
#[path = "cli_support/mod.rs"]
mod cli_support;
#[path = "real_server_support/mod.rs"]
mod real_server_support;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

use cli_support::{CONTEXT, Home, SPEC};
use real_server_support::{Server, error_line, free_port, installed, run_bounded, tokens_reported};

/// The server's whole window, in tokens.
const WINDOW: u32 = 4096;
/// The longest answer each request asks for.
const MAX_TOKENS: u32 = 1024;
/// The provider's name in the test's config.
const PROVIDER: &str = "llama";

/// One step gets this long before it is killed and the test fails. On two
/// cores a 270M model takes 20–100 s per request, and a step may make a few
/// (pieces, one repair). `PLANNER_REAL_STEP_LIMIT_S` overrides it.
fn step_limit() -> Duration {
    let secs = std::env::var("PLANNER_REAL_STEP_LIMIT_S")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    Duration::from_secs(secs)
}

/// The tests share two cores: one model server at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

#[test]
fn the_workflow_on_llama_server_with_json_schema() {
    walkthrough("json_schema");
}

#[test]
fn the_workflow_on_llama_server_with_json_object() {
    walkthrough("json_object");
}

#[test]
fn the_workflow_on_llama_server_with_prompt_only() {
    walkthrough("prompt");
}

struct Llama {
    server: Server,
    model: PathBuf,
    /// What `llama-server --version` says: build number and commit.
    version: String,
}

fn start_llama(home: &Path) -> Option<Llama> {
    let bin = installed("LLAMA_SERVER_BIN", "llama-server")?;
    let model = installed("GGUF_MODEL", "the GGUF model")?;
    let version = Command::new(&bin)
        .arg("--version")
        .output()
        .map(|o| {
            let text = String::from_utf8_lossy(&o.stdout).into_owned()
                + &String::from_utf8_lossy(&o.stderr);
            text.lines()
                .find(|l| l.starts_with("version"))
                .unwrap_or("version unknown")
                .trim()
                .to_string()
        })
        .unwrap_or_else(|e| format!("version unknown ({e})"));
    let port = free_port();
    let mut command = Command::new(&bin);
    command
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .arg("--model")
        .arg(&model)
        .args(["--ctx-size", &WINDOW.to_string()])
        // One slot, so the whole window is this one client's.
        .args(["--parallel", "1"])
        .args(["--seed", "7"]);
    let server = Server::start(
        "llama-server",
        command,
        port,
        "/health",
        &home.join("llama-server.log"),
        Duration::from_secs(120),
    );
    Some(Llama {
        server,
        model,
        version,
    })
}

/// `planner-tui` in the test's own home, with nothing from the caller's
/// environment.
fn planner(home: &Home, config: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planner-tui"));
    c.env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_DATA_HOME", home.path().join("xdg-data"))
        .env("PLANNER_TUI_DATA_DIR", home.data())
        .env("PLANNER_TUI_EXPORT_DIR", home.exports())
        .arg("--config")
        .arg(config);
    c
}

/// The provider table for this server and mode. `context_window` is
/// written only when this build of planner-tui knows the key (an unknown
/// key would make it ignore the whole file).
fn write_config(home: &Home, base_url: &str, mode: &str) -> PathBuf {
    let path = home.path().join("config.toml");
    // A request may take half the step's time, so that an answer and one
    // repair fit; planner-tui's own limit ends a slow request with its own
    // error before the test's limit kills the process. No retries: a
    // request that timed out would only time out again.
    let request_timeout = (step_limit().as_secs() / 2).saturating_sub(15).max(30);
    let table = format!(
        "default_provider = \"{PROVIDER}\"\n\n[providers.{PROVIDER}]\nkind = \"openai\"\nbase_url = \"{base_url}/v1\"\nmodel = \"gemma-3-270m\"\nmax_tokens = {MAX_TOKENS}\ntemperature = 0.2\nstructured = \"{mode}\"\ntimeout_s = {request_timeout}\nmax_retries = 0\n"
    );
    std::fs::write(&path, format!("{table}context_window = {WINDOW}\n")).expect("write config");
    let probe = run_bounded(
        "planner-tui list (config probe)",
        {
            let mut c = planner(home, &path);
            c.arg("list");
            c
        },
        Duration::from_secs(30),
    );
    if probe.stderr.contains("context_window") {
        eprintln!("this build has no `context_window` key; the config leaves it out");
        std::fs::write(&path, &table).expect("write config");
    }
    let check = run_bounded(
        "planner-tui list (config check)",
        {
            let mut c = planner(home, &path);
            c.arg("list");
            c
        },
        Duration::from_secs(30),
    );
    assert!(
        !check.stderr.contains("warning"),
        "the test's config is not accepted:\n{}\n{}",
        std::fs::read_to_string(&path).unwrap_or_default(),
        check.stderr
    );
    path
}

/// One line of the outcome table.
struct Row {
    mode: String,
    step: String,
    outcome: String,
    seconds: f64,
    tokens: Option<(u64, u64)>,
}

impl Row {
    fn print(&self) {
        let tokens = match self.tokens {
            Some((p, c)) => format!("{p}/{c}"),
            None => "-".into(),
        };
        let line = format!(
            "| {} | {} | {} | {:.1} | {} |",
            self.mode, self.step, self.outcome, self.seconds, tokens
        );
        println!("{line}");
        if let Some(report) = std::env::var_os("PLANNER_REAL_REPORT") {
            use std::io::Write as _;
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(report)
            {
                let _ = writeln!(f, "{line}");
            }
        }
    }
}

fn no_crash(what: &str, stderr: &str) {
    assert!(!stderr.contains("panicked at"), "{what} crashed:\n{stderr}");
}

/// The session file still loads, and what a user reads from it holds
/// together: unique task ids, titles, dependencies on tasks that exist.
fn plan_holds_together(plan: &Path, what: &str) -> planner_tui::plan::Session {
    let session = planner_tui::store::load(plan)
        .unwrap_or_else(|e| panic!("after {what} the session no longer loads: {e}"));
    let ids: HashSet<_> = session.tasks.iter().map(|t| t.id).collect();
    assert_eq!(
        ids.len(),
        session.tasks.len(),
        "after {what} two tasks share an id"
    );
    for task in &session.tasks {
        assert!(
            !task.title.trim().is_empty(),
            "after {what} task {} has no title",
            task.id
        );
        assert!(
            !task.title.chars().any(char::is_control),
            "after {what} task {} has control characters in its title: {:?}",
            task.id,
            task.title
        );
        for dep in &task.depends_on {
            assert!(
                ids.contains(&dep.on),
                "after {what} task {} depends on {}, which is not in the plan",
                task.id,
                dep.on
            );
        }
    }
    session
}

/// `planner-tui check`: a report, errors or not, never a crash.
fn check_runs(home: &Home, config: &Path, plan: &Path, what: &str) {
    let mut c = planner(home, config);
    c.arg("check").arg(plan).args(["--format", "json"]);
    let out = run_bounded("planner-tui check", c, Duration::from_secs(60));
    let code = out.code("planner-tui check");
    no_crash("check", &out.stderr);
    assert!(
        code == 0 || code == 1,
        "after {what}, check exited {code}:\n{}",
        out.stderr
    );
    serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "after {what}, check printed no JSON report ({e}):\n{}",
            out.stdout
        )
    });
}

/// `planner-tui run PLAN STEP --accept` against the server, with the
/// invariants every outcome must keep.
fn run_step(home: &Home, config: &Path, plan: &Path, mode: &str, step: &str) -> Row {
    let before = std::fs::read(plan).expect("read the session before the step");
    let what = format!("`run {step} --accept` ({mode})");
    let mut c = planner(home, config);
    c.arg("run")
        .arg(plan)
        .arg(step)
        .args(["--provider", PROVIDER, "--accept"]);
    let out = run_bounded(&what, c, step_limit());
    let code = out.code(&what);
    no_crash(&what, &out.stderr);
    assert!(
        !out.stdout.contains("offline heuristics"),
        "{what} was answered by the offline planner, not the model:\n{}",
        out.stdout
    );
    let tokens = tokens_reported(&out.stderr);
    let outcome = match code {
        0 => {
            assert!(
                out.stdout.contains("Proposal"),
                "{what} succeeded without showing a proposal:\n{}",
                out.stdout
            );
            plan_holds_together(plan, &what);
            check_runs(home, config, plan, &what);
            let applied = out
                .stderr
                .lines()
                .find_map(|l| l.strip_prefix("Applied "))
                .and_then(|rest| rest.split_whitespace().next())
                .unwrap_or("?")
                .to_string();
            format!("proposal applied ({applied} changes)")
        }
        1 | 2 => {
            let Some(reason) = error_line(&out.stderr) else {
                panic!("{what} exited {code} without saying why:\n{}", out.stderr)
            };
            assert!(
                std::fs::read(plan).expect("read the session after the step") == before,
                "{what} failed ({reason}) but changed the session file"
            );
            plan_holds_together(plan, &what);
            format!("refused, exit {code}: {}", shorten(reason, 150))
        }
        other => panic!("{what} exited {other}:\n{}", out.stderr),
    };
    Row {
        mode: mode.into(),
        step: step.into(),
        outcome,
        seconds: out.elapsed.as_secs_f64(),
        tokens: Some(tokens),
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.replace('|', "/");
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.replace('|', "/"))
}

fn walkthrough(mode: &str) {
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let home = Home::new();
    let Some(llama) = start_llama(home.path()) else {
        return;
    };
    println!(
        "llama-server ({}), model {}, window {WINDOW}, max_tokens {MAX_TOKENS}, structured = {mode}",
        llama.version,
        llama.model.display()
    );
    let config = write_config(&home, &llama.server.base_url(), mode);
    let plan = home.path().join("plan.toml");

    let mut new = planner(&home, &config);
    new.args([
        "new",
        "--title",
        "Outbound webhooks",
        "--spec",
        SPEC,
        "--context",
        CONTEXT,
    ])
    .arg("--session")
    .arg(&plan);
    let out = run_bounded("planner-tui new", new, Duration::from_secs(60));
    assert_eq!(
        out.code("planner-tui new"),
        0,
        "new failed:\n{}",
        out.stderr
    );

    let mut rows = Vec::new();
    for step in ["decompose", "dependencies", "ambiguities"] {
        let row = run_step(&home, &config, &plan, mode, step);
        row.print();
        rows.push(row);
    }

    // Settle the first open ambiguity, so `revise` has a decision to work from.
    let session = plan_holds_together(&plan, "ambiguities");
    if let Some(open) = session
        .ambiguities
        .iter()
        .find(|a| matches!(a.state, planner_tui::plan::AmbiguityState::Open))
    {
        let mut c = planner(&home, &config);
        c.arg("resolve").arg(&plan).arg(open.id.to_string()).args([
            "--decide",
            "Retry failed deliveries for 24 hours, then email the owner",
        ]);
        let out = run_bounded("planner-tui resolve", c, Duration::from_secs(60));
        assert_eq!(out.code("resolve"), 0, "resolve failed:\n{}", out.stderr);
    }

    for step in ["revise", "verify"] {
        let row = run_step(&home, &config, &plan, mode, step);
        row.print();
        rows.push(row);
    }

    // Validate with the model's readings: ready or not ready, never an error.
    let mut c = planner(&home, &config);
    c.arg("validate").arg(&plan).args(["--provider", PROVIDER]);
    let what = format!("validate ({mode})");
    let out = run_bounded(&what, c, step_limit() * 2);
    let code = out.code(&what);
    no_crash(&what, &out.stderr);
    assert!(
        code == 0 || code == 1,
        "{what} exited {code}:\n{}",
        out.stderr
    );
    let failed: Vec<&str> = out
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("planner-tui: warning: the "))
        .collect();
    let row = Row {
        mode: mode.into(),
        step: "validate".into(),
        outcome: format!(
            "{}; readings: {}",
            if code == 0 { "ready" } else { "not ready" },
            if failed.is_empty() {
                "both answered".to_string()
            } else {
                shorten(&failed.join("; "), 150)
            }
        ),
        seconds: out.elapsed.as_secs_f64(),
        tokens: None,
    };
    row.print();
    rows.push(row);

    // Export: whatever the plan is, it is written out.
    let target = home.path().join("implementation-plan.md");
    let mut c = planner(&home, &config);
    c.arg("export").arg(&plan).arg("-o").arg(&target);
    let out = run_bounded("planner-tui export", c, Duration::from_secs(60));
    assert_eq!(out.code("export"), 0, "export failed:\n{}", out.stderr);
    let exported = std::fs::read_to_string(&target).expect("the export was written");
    assert!(
        exported.contains("Outbound webhooks"),
        "the export does not name the plan:\n{exported}"
    );
    check_runs(&home, &config, &plan, "export");
    let session = plan_holds_together(&plan, "export");

    println!(
        "structured = {mode}: {} tasks, {} ambiguities, {}/{} tokens recorded in the session",
        session.tasks.len(),
        session.ambiguities.len(),
        session.usage.prompt,
        session.usage.completion
    );
    println!("| mode | step | outcome | seconds | tokens (prompt/completion) |");
    println!("|---|---|---|---|---|");
    for row in &rows {
        let tokens = row
            .tokens
            .map(|(p, c)| format!("{p}/{c}"))
            .unwrap_or_else(|| "-".into());
        println!(
            "| {} | {} | {} | {:.1} | {} |",
            row.mode, row.step, row.outcome, row.seconds, tokens
        );
    }
}
