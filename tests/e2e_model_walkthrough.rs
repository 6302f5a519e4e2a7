//! The walkthrough again, with a configured model instead of the offline
//! planner: the real binary in tmux, `default_provider` pointing at an
//! OpenAI-compatible server on 127.0.0.1 that this test runs (wiremock).
//! Before each `r` the test sets up the answer that step gets, so every
//! proposal on the screen is the model's, and waits on what the screen says.
#[path = "llm_support/mod.rs"]
mod llm_support;
#[path = "tmux_support/mod.rs"]
mod tmux_support;

use planner_tui::plan::Stage;
use serde_json::{Value, json};
use tmux_support::{BIN, CONTEXT, SPEC, Terminal};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

fn task(n: u32, title: &str, deps: Value, covers: Value, verify: &str) -> Value {
    let produces = match n {
        1 => "src/types/webhook.ts",
        2 => "src/migrations/CreateWebhookTables.ts",
        3 => "src/api/routes/webhookEndpoints.ts",
        4 => "src/jobs/webhookDelivery.ts",
        _ => "src/services/webhooks/FailureEmail.ts",
    };
    json!({"number": n, "title": title, "description": "", "produces": [produces],
           "depends_on": deps, "covers": covers, "verification": verify})
}

fn dep(task: u32, kind: &str) -> Value {
    json!({"task": task, "kind": kind})
}

fn tasks(endpoint_title: &str) -> Value {
    json!({"tasks": [
        task(1, "Webhook types", json!([]), json!(["FR-1", "FR-5"]), "npx tsc --noEmit passes"),
        task(2, "Webhook tables migration", json!([]), json!(["FR-5"]), "npx typeorm migration:run succeeds"),
        task(3, endpoint_title, json!([dep(1, "interface"), dep(2, "schema")]), json!(["FR-2", "R2"]), "npm test -- endpoints passes"),
        task(4, "Signed delivery job with retries", json!([dep(1, "interface"), dep(2, "schema")]), json!(["FR-1", "FR-3", "FR-4", "R1", "R3"]), "npm test -- delivery passes"),
        task(5, "Failure email to the owner", json!([dep(4, "infrastructure")]), json!(["FR-6"]), "it works"),
    ], "notes": []})
}

/// The next request gets `answer`.
async fn answer_next(server: &MockServer, answer: Value) {
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(llm_support::openai_stream(&answer.to_string(), 64))
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_walkthrough_with_a_configured_model() {
    let server = MockServer::start().await;
    let t = Terminal::start(120, 40);
    let config_dir = t.home().join("config").join("planner-tui");
    std::fs::create_dir_all(&config_dir).expect("config dir");
    std::fs::write(
        config_dir.join("config.toml"),
        format!(
            "default_provider = \"local\"\n\n[providers.local]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"planner-test\"\nmax_retries = 0\ncontext_window = 32768\n",
            server.uri()
        ),
    )
    .expect("config");

    t.run(&format!(
        "{BIN} new --title 'Outbound webhooks' --spec {SPEC} --context {CONTEXT}"
    ));
    t.wait_text("9 requirements");
    t.wait_text("local · planner-test");

    // Stage 2: the model's task list.
    answer_next(&server, tasks("Endpoint registration API")).await;
    t.keys(&["2", "r"]);
    t.wait_text("Proposal: Decompose the spec into tasks");
    assert!(
        !t.screen().contains("offline heuristics"),
        "the model answered"
    );
    t.keys(&["A"]);
    t.wait_text("Tasks (5)");

    // Stage 3: the model adds a dependency.
    answer_next(&server, json!({"tasks": [{"task": 5, "depends_on": [dep(4, "infrastructure"), dep(2, "schema")]}], "notes": []})).await;
    t.keys(&["3", "r"]);
    t.wait_text("Proposal: Map the dependencies");
    t.keys(&["A"]);
    t.wait_text("3 waves");

    // Stage 4: the model's list, merged with the built-in detectors'.
    answer_next(&server, json!({"ambiguities": [
        {"category": "external_dependency", "summary": "What should the failure email do while SendGrid is down?", "risk": "Owners never hear of failures.", "resolution": "Queue and retry.", "affects": [5]},
        {"category": "underspecified", "summary": "Is the signing secret per endpoint or per account?", "risk": "Rotation breaks every endpoint.", "resolution": "Ask the product owner.", "affects": [4]}
    ], "notes": []})).await;
    t.keys(&["4", "r"]);
    t.wait_text("Proposal: List the ambiguities");
    t.wait_text("merged with the built-in detectors: 2 from the model");
    t.keys(&["A"]);
    t.wait_text("Ambiguities (");

    // Stage 5: decide the first, then the model revises the plan under it.
    t.keys(&["5", "g", "Enter"]);
    t.wait_text("Decide A1");
    t.type_text("Queue the email and retry for a day");
    t.keys(&["Enter"]);
    t.wait_text("A1 resolved; the decision is now a constraint.");
    answer_next(
        &server,
        tasks("Endpoint registration API (422 on the 11th)"),
    )
    .await;
    t.keys(&["r"]);
    t.wait_text("Proposal: Revise the plan after decisions");
    t.wait_text("Endpoint registration API (422 on the 11th)");
    t.keys(&["A"]);
    t.wait_text("proposed changes as one edit");

    // Stage 6: the model sharpens a verification.
    answer_next(&server, json!({"tasks": [
        {"task": 5, "verification": "npm test -- alerts passes: tests/alerts/failure-email.test.ts sees one email per failed delivery"}
    ], "notes": []})).await;
    t.keys(&["6", "r"]);
    t.wait_text("Proposal: Add verification conditions");
    t.keys(&["A"]);
    t.wait_text("proposed changes as one edit");

    // Validate: the model reads completeness, then integration.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(llm_support::openai_stream(
            &json!({"gaps": [{"requirement": null, "text": "Nothing rotates the signing secret.", "suggestion": "Add a rotation task."}], "notes": []}).to_string(),
            64,
        ))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(llm_support::openai_stream(
            &json!({"concerns": [{"task": 4, "text": "Does not say which queue the job goes on.", "suggestion": "Use getQueue('webhooks')."}], "notes": []}).to_string(),
            64,
        ))
        .with_priority(2)
        .mount(&server)
        .await;
    t.keys(&["v"]);
    t.wait_for("both of the model's readings", |s| {
        s.contains("Ready to export")
            && s.contains("Nothing rotates the signing secret")
            && s.contains("Does not say which queue")
    });
    t.keys(&["q"]);

    // Export.
    t.keys(&["E"]);
    t.wait_text("Export the plan");
    t.keys(&["Enter"]);
    t.wait_text("Exported md to");
    let plan = std::fs::read_to_string(t.export_dir().join("implementation-plan.md"))
        .expect("implementation-plan.md was written");
    assert!(
        plan.contains("Endpoint registration API (422 on the 11th)"),
        "{plan}"
    );
    assert!(
        plan.contains("Queue the email and retry for a day"),
        "{plan}"
    );
    assert!(plan.contains("failure-email.test.ts"), "{plan}");

    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "0");
    let (_, saved) = t.only_session();
    assert_eq!(saved.stage, Stage::Verification);
    assert_eq!(saved.tasks.len(), 5);
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(!requests.is_empty(), "the model was asked");
}
