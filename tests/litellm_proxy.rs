//! planner-tui through a real LiteLLM proxy (`litellm --config X`), the
//! gateway many teams put in front of their models. The proxy's models are
//! mocks (`mock_response` in `litellm_params`), so the answers are known and
//! nothing leaves the machine, but every byte goes through LiteLLM's own
//! OpenAI-compatible server: its routing, its streaming, its error bodies.
//!
//! What a user sees: a step's answer streams in and becomes the proposal
//! that is applied, in each structured-output mode; and when the proxy
//! fails — an unknown model, a rate limit, a context-window error, an
//! internal error — the command says so in one line that names the endpoint
//! and what the proxy said, and the session file is untouched.
//!
//! Needs `$LITELLM_BIN` (`.ci/install-real-servers` provides it); without
//! it the test prints why and skips, unless `PLANNER_REAL_SERVERS=1` makes
//! that a failure.
#[path = "cli_support/mod.rs"]
mod cli_support;
#[path = "real_server_support/mod.rs"]
mod real_server_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use cli_support::{CONTEXT, Home, SPEC};
use real_server_support::{
    Finished, Server, error_line, free_port, installed, run_bounded, tokens_reported,
};
use serde_json::json;

/// The task list every mock model answers a step with.
fn decompose_answer() -> String {
    let task = |n: u32, title: &str, produces: &str, deps: serde_json::Value, covers: &[&str]| {
        json!({"number": n, "title": title, "description": "", "produces": [produces],
               "depends_on": deps, "covers": covers,
               "verification": format!("npm test -- {} passes", produces)})
    };
    json!({"tasks": [
        task(1, "Webhook tables migration", "src/migrations/CreateWebhookTables.ts", json!([]), &["FR-5"]),
        task(2, "Endpoint registration API", "src/api/routes/webhookEndpoints.ts",
             json!([{"task": 1, "kind": "schema"}]), &["FR-2"]),
        task(3, "Signed delivery job with retries", "src/jobs/webhookDelivery.ts",
             json!([{"task": 1, "kind": "schema"}]), &["FR-1", "FR-3", "FR-4"]),
    ], "notes": []})
    .to_string()
}

/// A proxy config with one good mock model and one per failure.
fn proxy_config(dir: &Path) -> PathBuf {
    let answer = serde_json::to_string(&decompose_answer()).expect("quote the answer");
    let model = |name: &str, mock: &str| {
        format!(
            "  - model_name: {name}\n    litellm_params:\n      model: openai/{name}\n      api_key: sk-not-used\n      mock_response: {mock}\n"
        )
    };
    let text = [
        "model_list:\n".to_string(),
        model("planner-mock", &answer),
        model("planner-rate-limited", "\"litellm.RateLimitError\""),
        model("planner-window", "\"litellm.ContextWindowExceededError\""),
        model("planner-broken", "\"litellm.InternalServerError\""),
        // The proxy's own retries would only slow the failures down.
        "litellm_settings:\n  num_retries: 0\n  request_timeout: 30\n".to_string(),
        "router_settings:\n  num_retries: 0\n".to_string(),
    ]
    .concat();
    let path = dir.join("litellm.yaml");
    std::fs::write(&path, text).expect("write the proxy config");
    path
}

/// The proxy refuses to start without a master key; clients send it as
/// their API key. One per run, so it is known to nobody else.
fn master_key() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("sk-planner-test-{}-{nanos:x}", std::process::id())
}

/// The environment variable the provider tables read the key from.
const KEY_VAR: &str = "PLANNER_TEST_PROXY_KEY";

fn start_proxy(home: &Path, key: &str) -> Option<Server> {
    let bin = installed("LITELLM_BIN", "the LiteLLM proxy (litellm[proxy])")?;
    let port = free_port();
    let mut command = Command::new(bin);
    command
        .arg("--config")
        .arg(proxy_config(home))
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .env("LITELLM_MASTER_KEY", key)
        // No telemetry, no looking for a newer price list on the internet.
        .env("LITELLM_TELEMETRY", "False")
        .env("LITELLM_LOCAL_MODEL_COST_MAP", "True")
        .env("NO_PROXY", "127.0.0.1,localhost");
    Some(Server::start(
        "litellm",
        command,
        port,
        "/health/liveliness",
        &home.join("litellm.log"),
        // Importing LiteLLM alone takes a minute on a busy two-core machine.
        Duration::from_secs(300),
    ))
}

fn planner(home: &Home, config: &Path, key: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planner-tui"));
    c.env_clear()
        .env(KEY_VAR, key)
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

/// A provider table per (model, mode) pair, named `MODEL-MODE`.
fn write_config(home: &Home, proxy: &Server) -> PathBuf {
    let mut text = String::new();
    for model in [
        "planner-mock",
        "planner-rate-limited",
        "planner-window",
        "planner-broken",
        "planner-unknown",
    ] {
        for mode in ["json_schema", "json_object", "prompt"] {
            // The mock answers every request with one whole-plan answer, so
            // the step must fit one request: a window and an answer budget
            // large enough for that.
            text.push_str(&format!(
                "[providers.{model}-{mode}]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"{model}\"\napi_key_env = \"{KEY_VAR}\"\nstructured = \"{mode}\"\nmax_tokens = 8192\ncontext_window = 65536\ntimeout_s = 60\nmax_retries = 0\n\n",
                proxy.base_url()
            ));
        }
    }
    let path = home.path().join("config.toml");
    std::fs::write(&path, text).expect("write the config");
    path
}

fn new_plan(home: &Home, config: &Path, key: &str, name: &str) -> PathBuf {
    let plan = home.path().join(name);
    let mut c = planner(home, config, key);
    c.args([
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
    let out = run_bounded("planner-tui new", c, Duration::from_secs(60));
    assert_eq!(out.code("new"), 0, "new failed:\n{}", out.stderr);
    plan
}

fn run_decompose(home: &Home, config: &Path, key: &str, plan: &Path, provider: &str) -> Finished {
    let mut c = planner(home, config, key);
    c.arg("run")
        .arg(plan)
        .args(["decompose", "--provider", provider, "--accept"]);
    run_bounded(
        &format!("run decompose --provider {provider}"),
        c,
        Duration::from_secs(120),
    )
}

#[test]
fn steps_through_a_litellm_proxy() {
    let home = Home::new();
    let key = master_key();
    let Some(proxy) = start_proxy(home.path(), &key) else {
        return;
    };
    let config = write_config(&home, &proxy);

    // The answer streams through the proxy and is applied, in every mode.
    for mode in ["json_schema", "json_object", "prompt"] {
        let provider = format!("planner-mock-{mode}");
        let plan = new_plan(&home, &config, &key, &format!("{mode}.toml"));
        let out = run_decompose(&home, &config, &key, &plan, &provider);
        let code = out.code(&provider);
        assert_eq!(
            code,
            0,
            "{provider}: the step failed:\n{}\n--- proxy log ---\n{}",
            out.stderr,
            proxy.log_tail()
        );
        assert!(
            out.stderr.contains(&format!("with {provider}")),
            "{provider}: the step did not say which model it asked:\n{}",
            out.stderr
        );
        assert!(
            // The answer came as a stream that ended with its usage.
            out.stderr.contains("/ used "),
            "{provider}: no streamed answer with its usage was reported:\n{}",
            out.stderr
        );
        for title in [
            "Webhook tables migration",
            "Endpoint registration API",
            "Signed delivery job with retries",
        ] {
            assert!(
                out.stdout.contains(title),
                "{provider}: the proposal does not show `{title}`:\n{}",
                out.stdout
            );
        }
        let session = planner_tui::store::load(&plan).expect("the session loads");
        let titles: Vec<&str> = session.tasks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Webhook tables migration",
                "Endpoint registration API",
                "Signed delivery job with retries"
            ],
            "{provider}: the accepted plan"
        );
        assert_eq!(
            session.tasks[1].depends_on.len(),
            1,
            "{provider}: the dependency came through"
        );
        let (prompt, completion) = tokens_reported(&out.stderr);
        println!(
            "litellm {mode}: applied in {:.1} s, {prompt}/{completion} tokens",
            out.elapsed.as_secs_f64()
        );
    }

    // Failures: one clear line naming the proxy, and the session untouched.
    let plan = new_plan(&home, &config, &key, "failures.toml");
    let before = std::fs::read(&plan).expect("read the session");
    let endpoint = format!("127.0.0.1:{}", proxy.port);
    for (model, says) in [
        ("planner-unknown", &["invalid model name"][..]),
        ("planner-rate-limited", &["429", "rate limit"][..]),
        ("planner-window", &["context window"][..]),
        ("planner-broken", &["500", "internal server error"][..]),
    ] {
        let provider = format!("{model}-json_schema");
        let out = run_decompose(&home, &config, &key, &plan, &provider);
        let code = out.code(&provider);
        assert!(
            !out.stderr.contains("panicked at"),
            "{provider} crashed:\n{}",
            out.stderr
        );
        assert!(
            code == 1 || code == 2,
            "{provider}: expected a failure, got exit {code}:\n{}\n{}",
            out.stdout,
            out.stderr
        );
        let Some(line) = error_line(&out.stderr) else {
            panic!("{provider}: no error line:\n{}", out.stderr)
        };
        assert!(
            !out.stderr.contains(&key),
            "{provider}: the error shows the API key:\n{}",
            out.stderr
        );
        let all = out.stderr.to_lowercase();
        assert!(
            all.contains(&endpoint),
            "{provider}: the error does not name the proxy ({endpoint}):\n{}",
            out.stderr
        );
        assert!(
            says.iter().any(|s| all.contains(&s.to_lowercase())),
            "{provider}: the error does not say what the proxy said ({says:?}):\n{}",
            out.stderr
        );
        assert_eq!(
            std::fs::read(&plan).expect("read the session"),
            before,
            "{provider}: a failed step changed the session"
        );
        println!(
            "litellm {model}: exit {code} in {:.1} s: {line}",
            out.elapsed.as_secs_f64()
        );
    }
}
