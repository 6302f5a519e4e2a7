//! `planner-tui mcp` as a coding agent meets it: the real binary started as
//! a child process and driven over stdio by the official Rust MCP client
//! (rmcp). Initialize, list the tools, call each one, set a status and read
//! the session file back; bad sessions, ids and statuses get tool errors
//! with clear messages, and the server keeps serving. Every wait is bounded.
#[path = "cli_support/mod.rs"]
mod cli_support;

use std::path::Path;
use std::time::Duration;

use planner_tui::plan::{TaskId, TaskStatus};
use rmcp::model::{CallToolRequestParams, CallToolResult, ReadResourceRequestParams};
use rmcp::service::RunningService;
use rmcp::transport::TokioChildProcess;
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/webhooks.toml");
/// The longest any one exchange may take.
const BOUND: Duration = Duration::from_secs(30);

type Client = RunningService<RoleClient, ()>;

async fn start(home: &cli_support::Home, args: &[&str]) -> Client {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_planner-tui"));
    cmd.env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_DATA_HOME", home.path().join("xdg-data"))
        .env("PLANNER_TUI_DATA_DIR", home.data())
        .arg("mcp")
        .args(args);
    let transport = TokioChildProcess::new(cmd).expect("the server starts");
    tokio::time::timeout(BOUND, ().serve(transport))
        .await
        .expect("initialize answers in time")
        .expect("initialize succeeds")
}

async fn call(client: &Client, tool: &str, args: Value) -> CallToolResult {
    let Value::Object(args) = args else {
        panic!("arguments are an object")
    };
    let params = CallToolRequestParams::new(tool.to_string()).with_arguments(args);
    tokio::time::timeout(BOUND, client.call_tool(params))
        .await
        .unwrap_or_else(|_| panic!("{tool} answers in time"))
        .unwrap_or_else(|e| panic!("{tool} is a valid call: {e}"))
}

fn text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A successful call's JSON answer.
async fn ok_json(client: &Client, tool: &str, args: Value) -> Value {
    let r = call(client, tool, args).await;
    assert_ne!(r.is_error, Some(true), "{tool} failed: {}", text(&r));
    serde_json::from_str(&text(&r)).unwrap_or_else(|e| panic!("{tool} answers JSON: {e}"))
}

/// A refused call's message.
async fn refused(client: &Client, tool: &str, args: Value) -> String {
    let r = call(client, tool, args).await;
    assert_eq!(r.is_error, Some(true), "{tool} should refuse: {}", text(&r));
    text(&r)
}

fn status_on_disk(path: &Path, id: u32) -> TaskStatus {
    let s = planner_tui::store::load(path).expect("the session file reads");
    s.task(TaskId(id)).expect("task").status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_works_the_plan_over_mcp() {
    let home = cli_support::Home::new();
    let plan = home.path().join("plan.toml");
    std::fs::copy(FIXTURE, &plan).expect("copy the fixture");
    // A second session in the data directory, for list_sessions and resources.
    let other = home.data().join("sessions/other-k3f9.toml");
    std::fs::create_dir_all(other.parent().expect("dir")).expect("mkdir");
    std::fs::copy(FIXTURE, &other).expect("copy the fixture");
    let plan_arg = plan.display().to_string();
    let client = start(&home, &[&plan_arg]).await;

    // Initialize: who answers, and what it offers.
    let info = client.peer_info().expect("the server introduced itself");
    let server = info.server_info.as_ref().expect("server info");
    assert_eq!(server.name, "planner-tui");
    assert!(info.capabilities.tools.is_some() && info.capabilities.resources.is_some());
    assert!(
        info.instructions
            .as_deref()
            .is_some_and(|i| i.contains("next_task")),
        "{:?}",
        info.instructions
    );

    // The tools.
    let tools = tokio::time::timeout(BOUND, client.list_all_tools())
        .await
        .expect("in time")
        .expect("tools/list");
    let mut names: Vec<String> = tools.iter().map(|t| t.name.to_string()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "check",
            "get_task",
            "list_sessions",
            "next_task",
            "open_ambiguities",
            "plan_overview",
            "set_status",
            "task_brief",
            "validate"
        ]
    );
    let set_status = tools
        .iter()
        .find(|t| t.name == "set_status")
        .expect("set_status");
    let required = set_status.input_schema.get("required").cloned();
    assert_eq!(required, Some(json!(["ids", "status"])), "{set_status:?}");
    assert!(tools.iter().all(|t| t.description.is_some()));

    // Each tool.
    let sessions = ok_json(&client, "list_sessions", json!({})).await;
    assert_eq!(sessions["sessions"][0]["id"], "other-k3f9", "{sessions}");
    assert_eq!(sessions["default_session"], json!(plan_arg));

    let overview = ok_json(&client, "plan_overview", json!({})).await;
    assert_eq!(overview["progress"]["total"], 12, "{overview}");
    assert_eq!(overview["next"]["id"], "T1");
    assert_eq!(overview["tasks"][2]["id"], "T3");
    let pending = ok_json(&client, "plan_overview", json!({"status": "done"})).await;
    assert_eq!(pending["tasks_matching"], 0);

    let next = ok_json(&client, "next_task", json!({})).await;
    assert_eq!(next["next"]["id"], "T1", "{next}");
    assert_eq!(next["next"]["covers"][0]["id"], "FR-5");
    assert_eq!(next["also_ready"], json!(["T2", "T9"]));

    let t3 = ok_json(&client, "get_task", json!({"id": "T3"})).await;
    assert_eq!(t3["title"], "Signature helper", "{t3}");
    assert_eq!(t3["depends_on"][0]["id"], "T2");
    assert_eq!(t3["depends_on"][0]["produces"][0], "src/types/webhooks.ts");

    let brief = call(
        &client,
        "task_brief",
        json!({"id": "T3", "max_chars": 3000}),
    )
    .await;
    let brief = text(&brief);
    assert!(brief.starts_with("# Task T3: Signature helper"), "{brief}");
    assert!(
        brief.contains("src/services/webhooks/signature.ts"),
        "{brief}"
    );
    assert!(brief.chars().count() <= 3100, "{}", brief.chars().count());

    let check = ok_json(&client, "check", json!({})).await;
    assert!(check.get("findings").is_some(), "{check}");
    let validate = ok_json(&client, "validate", json!({})).await;
    assert!(validate.get("verdict").is_some(), "{validate}");
    let ambiguities = ok_json(&client, "open_ambiguities", json!({})).await;
    assert!(ambiguities["open"].is_number(), "{ambiguities}");

    // Set a status, and read the file back.
    let set = ok_json(
        &client,
        "set_status",
        json!({"ids": ["T1", "T2"], "status": "done"}),
    )
    .await;
    assert_eq!(
        set["changed"][0],
        json!({"id": "T1", "was": "pending", "now": "done"})
    );
    assert_eq!(status_on_disk(&plan, 1), TaskStatus::Done);
    assert_eq!(status_on_disk(&plan, 2), TaskStatus::Done);
    assert_eq!(set["after"]["next"]["id"], "T3", "{set}");

    // Marking done ahead of a dependency is refused unless forced.
    let message = refused(
        &client,
        "set_status",
        json!({"ids": ["T5"], "status": "done"}),
    )
    .await;
    assert!(
        message.contains("T5 depends on T4 (pending), not done yet")
            && message.contains("force: true"),
        "{message}"
    );
    assert_eq!(status_on_disk(&plan, 5), TaskStatus::Pending);
    ok_json(
        &client,
        "set_status",
        json!({"ids": ["T5"], "status": "done", "force": true}),
    )
    .await;
    assert_eq!(status_on_disk(&plan, 5), TaskStatus::Done);

    // Bad sessions, ids and statuses: clear tool errors, nothing written.
    let before = std::fs::read(&plan).expect("read");
    let m = refused(
        &client,
        "set_status",
        json!({"ids": ["T3"], "status": "finished"}),
    )
    .await;
    assert!(m.contains("unknown task status `finished`"), "{m}");
    let m = refused(
        &client,
        "set_status",
        json!({"ids": ["T99"], "status": "done"}),
    )
    .await;
    assert!(m.contains("the plan has no task T99"), "{m}");
    let m = refused(&client, "get_task", json!({"id": "banana"})).await;
    assert!(m.contains("`banana` is not a valid task id"), "{m}");
    let m = refused(&client, "next_task", json!({"session": "no-such-session"})).await;
    assert!(
        m.contains("session `no-such-session`") && m.contains("not found"),
        "{m}"
    );
    let m = refused(&client, "task_brief", json!({"id": "T3", "max_chars": 10})).await;
    assert!(m.contains("at least 500"), "{m}");
    assert_eq!(std::fs::read(&plan).expect("read"), before);
    // A malformed call is refused with what is missing, not a crash.
    let m = refused(&client, "get_task", json!({})).await;
    assert!(m.contains("missing field `id`"), "{m}");
    let unknown = tokio::time::timeout(
        BOUND,
        client.call_tool(CallToolRequestParams::new("delete_everything")),
    )
    .await
    .expect("in time");
    assert!(
        unknown.is_err(),
        "an unknown tool is a protocol error: {unknown:?}"
    );

    // The plan as resources.
    let resources = tokio::time::timeout(BOUND, client.list_all_resources())
        .await
        .expect("in time")
        .expect("resources/list");
    let uris: Vec<&str> = resources.iter().map(|r| r.uri.as_str()).collect();
    assert!(
        uris.contains(&"planner-tui://plan/implementation-plan.md")
            && uris.contains(&"planner-tui://plan/plan.json")
            && uris.contains(&"planner-tui://sessions/other-k3f9/plan.json"),
        "{uris:?}"
    );
    let md = read_text(&client, "planner-tui://plan/implementation-plan.md").await;
    assert!(md.contains("Signature helper"), "{md}");
    let plan_json: Value =
        serde_json::from_str(&read_text(&client, "planner-tui://plan/plan.json").await)
            .expect("plan.json is JSON");
    assert_eq!(plan_json["format"], "planner-tui-plan", "{plan_json}");
    let err = tokio::time::timeout(
        BOUND,
        client.read_resource(ReadResourceRequestParams::new(
            "planner-tui://plan/secrets.txt",
        )),
    )
    .await
    .expect("in time")
    .expect_err("no such resource");
    assert!(
        err.to_string().contains("no plan file `secrets.txt`"),
        "{err}"
    );

    // Still serving after every refusal.
    let next = ok_json(&client, "next_task", json!({"session": plan_arg})).await;
    assert_eq!(next["next"]["id"], "T3");
    tokio::time::timeout(BOUND, client.cancel())
        .await
        .expect("closes in time")
        .expect("closes");
}

async fn read_text(client: &Client, uri: &str) -> String {
    let r = tokio::time::timeout(
        BOUND,
        client.read_resource(ReadResourceRequestParams::new(uri)),
    )
    .await
    .expect("in time")
    .expect("resources/read");
    match &r.contents[0] {
        rmcp::model::ResourceContents::TextResourceContents { text, .. } => text.clone(),
        other => panic!("text expected: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_started_on_a_missing_session_says_so_on_every_call() {
    let home = cli_support::Home::new();
    let client = start(&home, &["gone-k3f9"]).await;
    let m = refused(&client, "next_task", json!({})).await;
    assert!(
        m.contains("the session the server was started on (gone-k3f9) cannot be used"),
        "{m}"
    );
    let sessions = ok_json(&client, "list_sessions", json!({})).await;
    assert_eq!(sessions["sessions"], json!([]));
    tokio::time::timeout(BOUND, client.cancel())
        .await
        .expect("closes in time")
        .expect("closes");
}
