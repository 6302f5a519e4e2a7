//! Models at real scale: on a 1,000-task plan and a model with an 8k
//! window, every step works in pieces, every request fits the window with
//! its answer budget, and the step still ends in one proposal. A loopback
//! recorder server answers each request with a small valid instance of the
//! schema it was sent. Also: the probes for the window and the tokenizer,
//! the shared prefix byte for byte, schemas bounded to the piece, cancel in
//! the middle of a step, and a server's context-length refusal.
mod llm_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use planner_tui::llm::{Provider, ProviderConfig, StreamEvent, WindowSource, http_client};
use planner_tui::plan::Session;
use planner_tui::plan::generate::{GenOptions, generate};
use planner_tui::planners::model::budget::Budget;
use planner_tui::planners::model::pieces::pieces;
use planner_tui::planners::model::plan_requests;
use planner_tui::workflow::Step;
use planner_tui::workflow::run::{StepError, run_step};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const WINDOW: u32 = 8192;

/// Answers every chat request with a valid minimal instance of its schema
/// and records each body.
#[derive(Clone, Default)]
struct Recorder {
    bodies: Arc<Mutex<Vec<Value>>>,
    /// Cancel this token when the n-th request arrives.
    cancel_at: Option<(usize, CancellationToken)>,
    /// Cut the first answer off at its token limit.
    cut_first: bool,
}

impl Respond for Recorder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = request.body_json().unwrap_or(Value::Null);
        let n = {
            let mut bodies = self.bodies.lock().expect("lock");
            bodies.push(body.clone());
            bodies.len()
        };
        if let Some((at, token)) = &self.cancel_at
            && n >= *at
        {
            token.cancel();
            // Long enough for the cancel to land first.
            return ResponseTemplate::new(200).set_delay(Duration::from_secs(5));
        }
        if self.cut_first && n == 1 {
            return llm_support::sse(format!(
                "data: {}\n\ndata: {}\n\ndata: [DONE]\n\n",
                json!({"choices": [{"delta": {"content": "{\"tasks\": [{\"task\": 1, \"verification\": \"a very long"}}]}),
                json!({"choices": [{"delta": {}, "finish_reason": "length"}]})
            ));
        }
        let schema = &body["response_format"]["json_schema"]["schema"];
        let user = body["messages"][1]["content"].as_str().unwrap_or("");
        let answer = instance(schema, user);
        let text = answer.to_string();
        llm_support::sse(format!(
            "data: {}\n\ndata: {}\n\ndata: [DONE]\n\n",
            json!({"choices": [{"delta": {"content": text}}]}),
            json!({"choices": [{"delta": {}, "finish_reason": "stop"}], "usage": {"prompt_tokens": text.len() / 4, "completion_tokens": 10}})
        ))
    }
}

/// "numbered 1 to k here" in a piece's text.
fn shown(user: &str) -> u32 {
    user.split("numbered 1 to ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|k| k.parse().ok())
        .unwrap_or(0)
}

/// The title of the piece's task `k`, from its line `k. Title | ...`.
fn title_of(user: &str, k: u32) -> String {
    let head = format!("{k}. ");
    user.lines()
        .find_map(|l| l.strip_prefix(&head))
        .map(|rest| rest.split(" | ").next().unwrap_or(rest).to_string())
        .unwrap_or_else(|| format!("New task {k}"))
}

/// The smallest answer that the schema allows and the plan accepts: one
/// entry per task the piece asks about, empty lists elsewhere, the first
/// value of every enum, the minimum of every bounded number.
fn instance(schema: &Value, user: &str) -> Value {
    let list = schema["properties"]
        .as_object()
        .and_then(|p| p.keys().find(|k| *k != "notes").cloned())
        .unwrap_or_default();
    let item = &schema["properties"][&list]["items"];
    let first_id = item["properties"]["covers"]["items"]["enum"][0].clone();
    let entries: Vec<Value> = if item["properties"].get("number").is_some() && shown(user) == 0 {
        // Nothing planned yet: two new tasks, the second needing the first.
        let id = first_id.as_str().unwrap_or("R1").to_string();
        vec![
            json!({"number": 1, "title": format!("Add the schema for {id}"), "description": "d",
                   "produces": [format!("src/{id}/schema.ts")], "depends_on": [], "covers": [id],
                   "verification": "npm test", "draft": false}),
            json!({"number": 2, "title": format!("Serve {id}"), "description": "d",
                   "produces": [format!("src/{id}/route.ts")], "depends_on": [{"task": 1, "kind": "schema"}],
                   "covers": [id], "verification": "npm test", "draft": false}),
        ]
    } else if item["properties"].get("number").is_some() {
        (1..=shown(user))
            .map(|k| {
                json!({"number": k, "title": title_of(user, k), "description": "", "produces": [],
                       "depends_on": null, "covers": [], "verification": null, "draft": false})
            })
            .collect()
    } else if let Some(max) = item["properties"]["task"]["maximum"].as_u64() {
        (1..=max)
            .map(|k| {
                let mut v = leaf(item);
                v["task"] = json!(k);
                v
            })
            .collect()
    } else {
        vec![leaf(item)]
    };
    json!({ list: entries, "notes": [] })
}

fn leaf(schema: &Value) -> Value {
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    let ty = match &schema["type"] {
        Value::String(t) => t.clone(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null")
            .to_string(),
        _ => "null".into(),
    };
    match ty.as_str() {
        "object" => {
            let mut out = serde_json::Map::new();
            for (k, v) in schema["properties"].as_object().into_iter().flatten() {
                out.insert(k.clone(), leaf(v));
            }
            Value::Object(out)
        }
        "array" => json!([]),
        "integer" => json!(schema["minimum"].as_u64().unwrap_or(1)),
        "boolean" => json!(false),
        "string" => json!("A check specific to this task"),
        _ => Value::Null,
    }
}

/// A 1,000-task plan with 100 requirements and a few settled ambiguities.
fn big_plan() -> Session {
    let (mut s, _) = generate(&GenOptions::new(1000, 3000));
    s.spec.context =
        "A TypeScript service; repositories in src/repositories, jobs in src/jobs.".into();
    s
}

async fn server(recorder: Recorder) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(recorder)
        .mount(&server)
        .await;
    server
}

fn provider(server: &MockServer, window: Option<u32>, max_tokens: Option<u32>) -> Provider {
    let mut cfg = ProviderConfig::openai(&format!("{}/v1", server.uri()), "m");
    cfg.context_window = window;
    cfg.max_tokens = max_tokens;
    cfg.max_retries = 0;
    Provider::new(
        "small",
        &cfg,
        http_client(Duration::from_secs(2)).expect("client"),
    )
    .expect("provider")
}

/// The prompt of a recorded body, measured conservatively (3 bytes a
/// token for every message and the schema, plus the template's overhead).
fn measured(body: &Value) -> u64 {
    let messages = body["messages"].as_array().cloned().unwrap_or_default();
    let text: usize = messages
        .iter()
        .map(|m| m["content"].as_str().unwrap_or("").len())
        .sum();
    let schema = body["response_format"].to_string().len();
    (text as u64).div_ceil(3) + (schema as u64).div_ceil(3) + 8 * messages.len() as u64 + 32
}

#[tokio::test]
async fn every_step_on_a_thousand_tasks_fits_an_8k_window_and_ends_in_a_proposal() {
    let session = big_plan();
    for step in Step::ALL {
        let recorder = Recorder::default();
        let server = server(recorder.clone()).await;
        let provider = provider(&server, Some(WINDOW), None);
        let dir = tempfile::tempdir().expect("tmp");
        let mut pieces_seen = Vec::new();
        let mut emit = |e: StreamEvent| {
            if let StreamEvent::Piece(p) = e {
                pieces_seen.push(p);
            }
        };
        let result = run_step(
            Some(&provider),
            step,
            &session,
            &CancellationToken::new(),
            dir.path(),
            &mut emit,
        )
        .await;
        let proposal = result.unwrap_or_else(|e| panic!("{step}: {e}\n{:?}", e.details()));
        assert_eq!(proposal.step, step);
        let bodies = recorder.bodies.lock().expect("lock").clone();
        assert!(
            bodies.len() > 1,
            "{step}: works in pieces ({} requests)",
            bodies.len()
        );
        assert_eq!(
            bodies.len(),
            pieces_seen.len(),
            "{step}: one request per piece"
        );
        for (i, body) in bodies.iter().enumerate() {
            let max = body["max_tokens"]
                .as_u64()
                .unwrap_or_else(|| panic!("{step} #{i}: no answer budget"));
            assert!(max > 0);
            let prompt = measured(body);
            assert!(
                prompt + max <= WINDOW as u64,
                "{step} request {i}: {prompt} prompt + {max} answer > {WINDOW}"
            );
        }
        let last = pieces_seen.last().expect("pieces");
        assert_eq!(
            (last.index, last.of),
            (pieces_seen.len(), pieces_seen.len())
        );
    }
}

#[tokio::test]
async fn pieces_share_a_byte_identical_prefix_and_bounded_schemas() {
    let session = big_plan();
    let budget = Budget::new(WINDOW, None);
    for step in Step::ALL {
        let ps = pieces(step, &session, &budget).unwrap_or_else(|e| panic!("{step}: {e}"));
        assert!(ps.len() > 1, "{step}");
        assert!(
            ps.iter().all(|p| p.system == ps[0].system),
            "{step}: shared prefix differs"
        );
        assert!(ps.iter().all(|p| p.prompt_tokens + p.max_tokens <= WINDOW));
    }
    let verify = pieces(Step::Verify, &session, &budget).expect("fits");
    let p = &verify[1];
    let task = &p.schema["properties"]["tasks"]["items"]["properties"]["task"];
    assert_eq!(task["minimum"], 1);
    assert_eq!(task["maximum"], p.map.tasks.len() as u64);
    let decompose = pieces(Step::Decompose, &session, &budget).expect("fits");
    let covers = &decompose[0].schema["properties"]["tasks"]["items"]["properties"]["covers"]["items"]
        ["enum"];
    let ids: Vec<&str> = covers
        .as_array()
        .expect("enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        !ids.is_empty() && ids.iter().all(|id| id.starts_with('R')),
        "{ids:?}"
    );
    assert!(!ids.contains(&"order.created"));
    let deps = pieces(Step::Dependencies, &session, &budget).expect("fits");
    let d = &deps[3];
    let items = &d.schema["properties"]["tasks"]["items"]["properties"];
    assert_eq!(items["task"]["maximum"], d.map.scope.focus);
    assert_eq!(
        items["depends_on"]["items"]["properties"]["task"]["maximum"],
        d.map.tasks.len() as u64
    );
    assert_eq!(
        items["depends_on"]["items"]["properties"]["kind"]["enum"],
        json!(["schema", "interface", "infrastructure", "other"])
    );
    let gaps = pieces(Step::Completeness, &session, &budget).expect("fits");
    let req = &gaps[0].schema["properties"]["gaps"]["items"]["properties"]["requirement"]["enum"];
    assert!(req.as_array().expect("enum").contains(&Value::Null));
}

#[tokio::test]
async fn a_cancel_in_the_middle_of_a_step_keeps_nothing() {
    let session = big_plan();
    let cancel = CancellationToken::new();
    let recorder = Recorder {
        cancel_at: Some((3, cancel.clone())),
        ..Recorder::default()
    };
    let server = server(recorder.clone()).await;
    let provider = provider(&server, Some(WINDOW), None);
    let dir = tempfile::tempdir().expect("tmp");
    let mut emit = |_: StreamEvent| {};
    let result = run_step(
        Some(&provider),
        Step::Verify,
        &session,
        &cancel,
        dir.path(),
        &mut emit,
    )
    .await;
    assert!(
        matches!(
            result,
            Err(StepError::Llm(planner_tui::llm::LlmError::Cancelled))
        ),
        "{result:?}"
    );
    // No further piece was sent after the cancel.
    assert_eq!(recorder.bodies.lock().expect("lock").len(), 3);
}

#[tokio::test]
async fn the_window_and_tokenizer_are_asked_of_the_server() {
    // llama.cpp: /props (older and newer shapes) and /tokenize.
    let llama = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/props"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"default_generation_settings": {"n_ctx": 4096}})),
        )
        .mount(&llama)
        .await;
    Mock::given(method("POST"))
        .and(path("/tokenize"))
        .respond_with(|r: &Request| {
            let v: Value = r.body_json().unwrap_or(Value::Null);
            let n = v["content"].as_str().unwrap_or("").len() / 4;
            ResponseTemplate::new(200).set_body_json(json!({"tokens": vec![1; n.max(1)]}))
        })
        .mount(&llama)
        .await;
    let p = provider(&llama, None, None);
    let facts = p.facts(&CancellationToken::new()).await;
    assert_eq!(facts.window, 4096);
    assert_eq!(
        facts.source,
        WindowSource::Server("llama.cpp /props".into())
    );
    assert!(facts.tokenizer);
    let plan = plan_requests(&p, Step::Verify, &big_plan(), &CancellationToken::new())
        .await
        .expect("fits");
    assert!(
        plan.budget.measured.is_some(),
        "calibrated on the shared prefix"
    );
    assert!(
        plan.pieces
            .iter()
            .all(|x| x.prompt_tokens + x.max_tokens <= 4096)
    );

    // Ollama: num_ctx in the parameters wins over the model's context_length.
    let ollama = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/show"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "parameters": "num_ctx 16384", "model_info": {"qwen2.context_length": 32768}})))
        .mount(&ollama)
        .await;
    let facts = provider(&ollama, None, None)
        .facts(&CancellationToken::new())
        .await;
    assert_eq!((facts.window, facts.tokenizer), (16384, false));

    // LiteLLM: /model/info for the configured model name.
    let litellm = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/model/info"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [
            {"model_name": "m", "model_info": {"max_input_tokens": 65536, "max_tokens": 4096}}]})))
        .mount(&litellm)
        .await;
    let facts = provider(&litellm, None, None)
        .facts(&CancellationToken::new())
        .await;
    assert_eq!(facts.window, 65536);
    assert_eq!(
        facts.source,
        WindowSource::Server("LiteLLM /model/info".into())
    );

    // Nothing answers: the documented default, saying why.
    let silent = MockServer::start().await;
    let facts = provider(&silent, None, None)
        .facts(&CancellationToken::new())
        .await;
    assert_eq!(facts.window, planner_tui::llm::DEFAULT_CONTEXT_WINDOW);
    assert!(matches!(facts.source, WindowSource::Default(_)));
    // The config wins without asking for the window.
    let facts = provider(&silent, Some(12000), None)
        .facts(&CancellationToken::new())
        .await;
    assert_eq!((facts.window, facts.source), (12000, WindowSource::Config));
}

#[tokio::test]
async fn a_context_length_refusal_is_explained_with_the_sizes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
            "code": 400, "type": "exceed_context_size_error",
            "message": "the request exceeds the available context size, try increasing it"}})))
        .mount(&server)
        .await;
    let p = provider(&server, Some(WINDOW), Some(2000));
    let dir = tempfile::tempdir().expect("tmp");
    let mut emit = |_: StreamEvent| {};
    let err = run_step(
        Some(&p),
        Step::Verify,
        &big_plan(),
        &CancellationToken::new(),
        dir.path(),
        &mut emit,
    )
    .await
    .expect_err("refused");
    let text = err.to_string();
    assert!(
        text.contains("does not fit the model's context window"),
        "{text}"
    );
    assert!(text.contains("piece 1 of"), "{text}");
    assert!(text.contains("prompt tokens"), "{text}");
    assert!(text.contains("8,192"), "{text}");
    assert!(text.contains("context_window"), "{text}");
    assert!(!text.contains("model name"), "{text}");
    assert!(!text.contains("json_schema"), "{text}");
}

#[test]
fn a_requirement_longer_than_the_window_is_refused_with_sizes_and_advice() {
    let (mut s, _) = generate(&GenOptions::new(10, 10));
    s.spec.requirements[0].text = "word ".repeat(40_000);
    let err = pieces(Step::Completeness, &s, &Budget::new(WINDOW, None)).expect_err("too big");
    let text = err.to_string();
    assert!(text.contains("requirement R1"), "{text}");
    assert!(text.contains("window of 8,192"), "{text}");
    assert!(text.contains("context_window"), "{text}");
    let err =
        pieces(Step::Verify, &s, &Budget::new(WINDOW, Some(100))).expect_err("answer too small");
    assert!(
        err.to_string().contains("raise max_tokens (now 100)"),
        "{err}"
    );
}

#[tokio::test]
async fn pieces_may_run_at_once_and_join_in_plan_order() {
    let mut session = big_plan();
    // Concrete checks are kept as they are; leave every task without one.
    for t in &mut session.tasks {
        t.verification = None;
    }
    let recorder = Recorder::default();
    let server = server(recorder.clone()).await;
    let mut cfg = ProviderConfig::openai(&format!("{}/v1", server.uri()), "m");
    cfg.context_window = Some(WINDOW);
    cfg.max_concurrency = Some(4);
    cfg.max_retries = 0;
    let provider = Provider::new(
        "hosted",
        &cfg,
        http_client(Duration::from_secs(2)).expect("client"),
    )
    .expect("provider");
    let dir = tempfile::tempdir().expect("tmp");
    let mut starts = Vec::new();
    let mut emit = |e: StreamEvent| {
        if let StreamEvent::Piece(p) = e {
            starts.push(p.index);
        }
    };
    let proposal = run_step(
        Some(&provider),
        Step::Verify,
        &session,
        &CancellationToken::new(),
        dir.path(),
        &mut emit,
    )
    .await
    .expect("a proposal");
    let n = recorder.bodies.lock().expect("lock").len();
    assert_eq!(starts.len(), n);
    starts.sort_unstable();
    assert_eq!(starts, (1..=n).collect::<Vec<_>>());
    // Every task got its verification, in the plan's order.
    let json = serde_json::to_value(&proposal).expect("json");
    let items = json["items"].as_array().expect("items");
    assert_eq!(
        items.len(),
        session.tasks.len(),
        "one verification per task"
    );
}

#[tokio::test]
async fn advice_after_unusable_answers_fits_the_structured_mode_in_use() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(llm_support::openai_stream("no JSON here at all", 8))
        .mount(&server)
        .await;
    let (session, _) = generate(&GenOptions::new(5, 4));
    let dir = tempfile::tempdir().expect("tmp");
    for (mode, suggests) in [
        (planner_tui::llm::StructuredMode::JsonSchema, false),
        (planner_tui::llm::StructuredMode::JsonObject, true),
    ] {
        let mut cfg = ProviderConfig::openai(&format!("{}/v1", server.uri()), "m");
        cfg.structured = Some(mode);
        cfg.context_window = Some(32768);
        cfg.max_retries = 0;
        let p = Provider::new(
            "p",
            &cfg,
            http_client(Duration::from_secs(2)).expect("client"),
        )
        .expect("provider");
        let mut emit = |_: StreamEvent| {};
        let err = run_step(
            Some(&p),
            Step::Verify,
            &session,
            &CancellationToken::new(),
            dir.path(),
            &mut emit,
        )
        .await
        .expect_err("unusable");
        let details = err.details().join("\n");
        assert_eq!(
            details.contains("json_schema"),
            suggests,
            "{mode:?}: {details}"
        );
    }
}

#[tokio::test]
async fn a_piece_that_fails_twice_fails_the_step_and_names_the_piece() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(llm_support::openai_stream(
            "I cannot do that as JSON, sorry.",
            8,
        ))
        .mount(&server)
        .await;
    let p = provider(&server, Some(WINDOW), None);
    let dir = tempfile::tempdir().expect("tmp");
    let mut emit = |_: StreamEvent| {};
    let err = run_step(
        Some(&p),
        Step::Verify,
        &big_plan(),
        &CancellationToken::new(),
        dir.path(),
        &mut emit,
    )
    .await
    .expect_err("unusable");
    let text = err.to_string();
    assert!(text.contains("to piece 1 of "), "{text}");
    assert!(text.contains("(tasks 1–"), "{text}");
    assert!(
        err.details()
            .iter()
            .any(|d| d.contains("raw answers are kept")),
        "{:?}",
        err.details()
    );
    // Asked once and once more, then stopped: the other pieces were not sent.
    let chats = server.received_requests().await.map_or(0, |r| {
        r.iter()
            .filter(|r| r.url.path().ends_with("/chat/completions"))
            .count()
    });
    assert_eq!(chats, 2);
}

#[tokio::test]
async fn a_large_spec_is_decomposed_a_group_of_requirements_at_a_time() {
    let (mut session, _) = generate(&GenOptions::new(3000, 0));
    // 300 requirements, no tasks yet.
    session.tasks.clear();
    let recorder = Recorder::default();
    let server = server(recorder.clone()).await;
    let provider = provider(&server, Some(WINDOW), None);
    let dir = tempfile::tempdir().expect("tmp");
    let mut emit = |_: StreamEvent| {};
    let proposal = run_step(
        Some(&provider),
        Step::Decompose,
        &session,
        &CancellationToken::new(),
        dir.path(),
        &mut emit,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}: {:?}", e.details()));
    let requests = recorder.bodies.lock().expect("lock").len();
    assert!(requests > 1);
    let json = serde_json::to_value(&proposal).expect("json");
    let items = json["items"].as_array().expect("items");
    assert_eq!(items.len(), 2 * requests, "two new tasks per piece");
    // Each piece's second task depends on its own first, in the plan's ids.
    let accepted = proposal.accept_all(&session).expect("applies");
    let mut s = session.clone();
    planner_tui::plan::apply(&mut s, accepted.edit).expect("applied");
    assert_eq!(s.tasks.len(), 2 * requests);
    for pair in s.tasks.chunks(2) {
        assert!(pair[1].title.starts_with("Serve"), "{}", pair[1].title);
        assert_eq!(pair[1].depends_on.len(), 1);
        assert_eq!(pair[1].depends_on[0].on, pair[0].id);
    }
}

#[tokio::test]
async fn a_piece_cut_off_at_its_budget_is_asked_for_a_shorter_answer() {
    let recorder = Recorder {
        cut_first: true,
        ..Recorder::default()
    };
    let server = server(recorder.clone()).await;
    let provider = provider(&server, Some(WINDOW), None);
    let dir = tempfile::tempdir().expect("tmp");
    let mut emit = |_: StreamEvent| {};
    let session = big_plan();
    run_step(
        Some(&provider),
        Step::Verify,
        &session,
        &CancellationToken::new(),
        dir.path(),
        &mut emit,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let bodies = recorder.bodies.lock().expect("lock").clone();
    let again = bodies[1]["messages"].as_array().expect("messages");
    let last = again
        .last()
        .and_then(|m| m["content"].as_str())
        .unwrap_or("");
    assert!(last.contains("cut off at the limit"), "{last}");
    let (first, again) = (
        bodies[0]["max_tokens"].as_u64(),
        bodies[1]["max_tokens"].as_u64(),
    );
    assert!(again > Some(0) && again <= first, "{first:?} {again:?}");
    for body in &bodies {
        let max = body["max_tokens"].as_u64().expect("a budget");
        assert!(measured(body) + max <= WINDOW as u64);
    }
}
