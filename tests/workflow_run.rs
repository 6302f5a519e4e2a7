//! A step run end to end against a model server on 127.0.0.1: the answer is
//! parsed, repaired or re-asked once with the exact errors; the worker
//! streams, cancels and never dies on an error; the headless `run` command
//! prints and applies proposals.
#[path = "llm_support/mod.rs"]
mod llm_support;

use std::time::Duration;

use llm_support::{Script, sse};
use planner_tui::llm::{LlmError, Provider, ProviderConfig, StreamEvent, http_client};
use planner_tui::plan::{Edit, Session, Timestamp, apply};
use planner_tui::worker::{Command, Event, RequestId, Setup, Worker};
use planner_tui::workflow::run::{StepError, run_step};
use planner_tui::workflow::{AnswerError, Step};
use serde_json::json;
use tokio_util::sync::CancellationToken;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SPEC: &str = include_str!("../assets/examples/webhooks-spec.md");

fn session() -> Session {
    let mut s = Session::new("hooks", "Webhooks", Timestamp(0));
    apply(&mut s, Edit::SetSpecText { text: SPEC.into() }).expect("spec applies");
    s
}

/// An OpenAI-style stream that sends `text` in pieces of `piece` characters.
fn chat_stream(text: &str, piece: usize) -> ResponseTemplate {
    let chars: Vec<char> = text.chars().collect();
    let mut body = String::from(": keep-alive comment\n\n");
    for chunk in chars.chunks(piece.max(1)) {
        let s: String = chunk.iter().collect();
        let ev = json!({"choices": [{"index": 0, "delta": {"content": s}, "finish_reason": null}]});
        body.push_str(&format!("data: {ev}\n\n"));
    }
    let stop = json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]});
    let usage = json!({"choices": [], "usage": {"prompt_tokens": 900, "completion_tokens": 120}});
    body.push_str(&format!(
        "data: {stop}\n\ndata: {usage}\n\ndata: [DONE]\n\n"
    ));
    sse(body)
}

async fn server(replies: Vec<ResponseTemplate>) -> (MockServer, Script) {
    let server = MockServer::start().await;
    let script = Script::new(replies);
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(script.clone())
        .mount(&server)
        .await;
    (server, script)
}

fn provider(server: &MockServer) -> Provider {
    let mut cfg = ProviderConfig::openai(&format!("{}/v1", server.uri()), "test-model");
    cfg.max_retries = 0;
    Provider::new(
        "test",
        &cfg,
        http_client(Duration::from_secs(5)).expect("client"),
    )
    .expect("provider")
}

const GOOD: &str = r#"{"tasks": [
  {"number": 1, "title": "Define webhook types", "description": "", "produces": ["src/types/webhook.ts"], "depends_on": [], "covers": ["FR-1"], "verification": "npm test -- types"},
  {"number": 2, "title": "Create deliveries table", "description": "", "produces": ["src/migrations/0042.ts"], "depends_on": [{"task": 1, "kind": "interface"}], "covers": ["FR-5"], "verification": "npm run migrate"}
], "notes": []}"#;

const DANGLING: &str = r#"{"tasks": [
  {"number": 1, "title": "Define webhook types", "description": "", "produces": [], "depends_on": [{"task": 7, "kind": "schema"}], "covers": [], "verification": "npm test"}
], "notes": []}"#;

#[tokio::test]
async fn a_streamed_answer_in_small_chunks_becomes_a_proposal() {
    let (server, script) = server(vec![chat_stream(GOOD, 3)]).await;
    let mut deltas = String::new();
    let mut usage = 0;
    let mut emit = |e: StreamEvent| match e {
        StreamEvent::Delta(t) => deltas.push_str(&t),
        StreamEvent::Usage(u) => usage += u.total(),
        StreamEvent::Piece(_) => {}
    };
    let dir = tempfile::tempdir().expect("tmp");
    let s = session();
    let p = run_step(
        Some(&provider(&server)),
        Step::Decompose,
        &s,
        &CancellationToken::new(),
        dir.path(),
        &mut emit,
    )
    .await
    .expect("proposal");
    assert_eq!(script.count(), 1);
    assert_eq!(deltas, GOOD);
    assert_eq!(usage, 1020);
    assert!(!p.heuristic);
    let lines = p.describe();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines[0].contains("T1 'Define webhook types'"), "{lines:#?}");
    assert!(lines[1].contains("depends on T1 (interface)"), "{lines:#?}");
    // The request carried the step's schema, strictly.
    let body = script.body(0);
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(body["response_format"]["json_schema"]["strict"], true);
    assert!(
        body["messages"][1]["content"]
            .as_str()
            .is_some_and(|c| c.contains("FR-6")),
        "the spec is in the prompt"
    );
}

#[tokio::test]
async fn a_malformed_answer_is_repaired_without_asking_again() {
    let fenced = format!(
        "Here is the plan:\n```json\n{}\n```\nLet me know!",
        GOOD.replace("\"npm run migrate\"}\n]", "\"npm run migrate\"},\n]")
    );
    let (server, script) = server(vec![chat_stream(&fenced, 40)]).await;
    let dir = tempfile::tempdir().expect("tmp");
    let p = run_step(
        Some(&provider(&server)),
        Step::Decompose,
        &session(),
        &CancellationToken::new(),
        dir.path(),
        &mut |_| {},
    )
    .await
    .expect("repaired proposal");
    assert!(
        fenced.contains("},\n]"),
        "the answer really has a trailing comma"
    );
    assert_eq!(script.count(), 1, "no re-ask for a repairable answer");
    assert_eq!(p.items.len(), 2);
    assert!(p.repaired);
}

#[tokio::test]
async fn a_dangling_dependency_is_sent_back_once_and_the_second_answer_is_used() {
    let (server, script) = server(vec![chat_stream(DANGLING, 25), chat_stream(GOOD, 25)]).await;
    let dir = tempfile::tempdir().expect("tmp");
    let p = run_step(
        Some(&provider(&server)),
        Step::Decompose,
        &session(),
        &CancellationToken::new(),
        dir.path(),
        &mut |_| {},
    )
    .await
    .expect("second answer used");
    assert_eq!(script.count(), 2);
    let reask = script.body(1);
    let messages = reask["messages"].as_array().expect("messages");
    assert_eq!(
        messages.len(),
        4,
        "system, user, the first answer, the errors"
    );
    assert_eq!(messages[2]["role"], "assistant");
    let errors = messages[3]["content"].as_str().expect("text");
    assert!(
        errors.contains("task 1 depends on task 7, which does not exist"),
        "{errors}"
    );
    assert_eq!(p.items.len(), 2);
    assert!(
        p.notes[0].contains("the first answer was not usable"),
        "{:?}",
        p.notes
    );
}

#[tokio::test]
async fn two_unusable_answers_keep_the_raw_text_and_change_nothing() {
    let (server, script) = server(vec![
        chat_stream("I cannot produce JSON today.", 10),
        chat_stream(DANGLING, 10),
    ])
    .await;
    let dir = tempfile::tempdir().expect("tmp");
    let s = session();
    let before = s.clone();
    let err = run_step(
        Some(&provider(&server)),
        Step::Decompose,
        &s,
        &CancellationToken::new(),
        dir.path(),
        &mut |_| {},
    )
    .await
    .expect_err("unusable");
    assert_eq!(script.count(), 2, "asked exactly once more");
    assert_eq!(s, before);
    let StepError::Answer {
        error, raw, kept, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert!(matches!(error, AnswerError::Invalid { .. }), "{error:?}");
    assert_eq!(raw, DANGLING);
    let kept = kept.as_ref().expect("kept");
    assert!(kept.starts_with(dir.path().join("answers")));
    let text = std::fs::read_to_string(kept).expect("kept file");
    assert!(
        text.contains("I cannot produce JSON today.") && text.contains("task"),
        "{text}"
    );
    assert!(err.details()[0].contains(&kept.display().to_string()));
    assert!(err.is_answer_problem());
}

async fn next(events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>) -> Event {
    tokio::time::timeout(Duration::from_secs(10), events.recv())
        .await
        .expect("event in time")
        .expect("worker alive")
}

#[tokio::test]
async fn the_worker_streams_cancels_and_survives_errors() {
    // A server that answers after 30 s: only cancelling ends the request.
    let (server, _script) = server(vec![
        chat_stream(GOOD, 5).set_delay(Duration::from_secs(30)),
    ])
    .await;
    let dir = tempfile::tempdir().expect("tmp");
    let mut providers = std::collections::BTreeMap::new();
    let mut cfg = ProviderConfig::openai(&format!("{}/v1", server.uri()), "m");
    cfg.max_retries = 0;
    providers.insert("slow".to_string(), cfg);
    let (worker, mut events) = Worker::spawn(Setup {
        providers,
        state_dir: dir.path().to_path_buf(),
        max_concurrent: 2,
    });

    // An unknown provider is an error event, and the worker goes on.
    worker.send(Command::Run {
        id: RequestId(1),
        step: Step::Decompose,
        session: Box::new(session()),
        provider: Some("nope".into()),
    });
    match next(&mut events).await {
        Event::Finished {
            id: RequestId(1),
            result: Err(StepError::Llm(LlmError::BadConfig { .. })),
        } => {}
        other => panic!("{other:?}"),
    }

    worker.send(Command::Run {
        id: RequestId(2),
        step: Step::Decompose,
        session: Box::new(session()),
        provider: Some("slow".into()),
    });
    assert!(matches!(
        next(&mut events).await,
        Event::Started {
            id: RequestId(2),
            ..
        }
    ));
    worker.send(Command::Cancel(RequestId(2)));
    match next(&mut events).await {
        Event::Finished {
            id: RequestId(2),
            result: Err(StepError::Llm(LlmError::Cancelled)),
        } => {}
        other => panic!("{other:?}"),
    }

    // Offline still works after all that.
    worker.send(Command::Run {
        id: RequestId(3),
        step: Step::Decompose,
        session: Box::new(session()),
        provider: None,
    });
    assert!(
        matches!(next(&mut events).await, Event::Started { id: RequestId(3), ref provider, .. } if provider == "offline heuristics")
    );
    match next(&mut events).await {
        Event::Finished {
            id: RequestId(3),
            result: Ok(p),
            // The spec alone names no stack: one draft per requirement.
        } => assert!(p.heuristic && p.items.len() >= 9),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_models_ambiguities_are_merged_with_the_detectors_and_duplicates_folded() {
    let answer = r#"{"ambiguities": [
      {"category": "external_dependency", "summary": "What should the digest do while SendGrid is down?", "risk": "Owners miss failure emails.", "resolution": "Pick retry or drop.", "affects": [11]},
      {"category": "underspecified", "summary": "Is the signing secret per endpoint or per account?", "risk": "Rotation breaks every endpoint.", "resolution": "Ask the product owner.", "affects": [5]}
    ], "notes": []}"#;
    let (server, _script) = server(vec![chat_stream(answer, 40)]).await;
    let mut s = session();
    let context = include_str!("../assets/examples/webhooks-context.md");
    apply(
        &mut s,
        Edit::SetContext {
            text: context.into(),
        },
    )
    .expect("context applies");
    for step in [Step::Decompose, Step::Dependencies] {
        let p = planner_tui::workflow::run::offline_proposal(step, &s);
        let edit = p.accept_all(&s).expect("offline proposal accepts").edit;
        apply(&mut s, edit).expect("offline proposal applies");
    }
    let detected = planner_tui::workflow::run::offline_proposal(Step::Ambiguities, &s);
    let dir = tempfile::tempdir().expect("tmp");
    let p = run_step(
        Some(&provider(&server)),
        Step::Ambiguities,
        &s,
        &CancellationToken::new(),
        dir.path(),
        &mut |_| {},
    )
    .await
    .expect("proposal");
    let lines = p.describe();
    // The model's two come first, in its words, then what only the rules saw.
    assert!(lines[0].contains("while SendGrid is down"), "{lines:#?}");
    assert!(lines[1].contains("signing secret"), "{lines:#?}");
    let sendgrid = lines.iter().filter(|l| l.contains("SendGrid")).count();
    assert_eq!(sendgrid, 1, "SendGrid is asked about once: {lines:#?}");
    assert!(
        lines.iter().any(|l| l.contains("BullMQ")),
        "the detectors' BullMQ question is kept: {lines:#?}"
    );
    assert_eq!(lines.len(), detected.items.len() - 1 + 2, "{lines:#?}");
    assert!(
        p.notes.iter().any(|n| n.contains("2 from the model")
            && n.contains(&format!(
                "{} found only by the detectors",
                detected.items.len() - 1
            ))
            && n.contains("1 duplicate folded")),
        "{:#?}",
        p.notes
    );
    // Provisional ids run on from the session's next one, in list order.
    assert!(lines[0].starts_with("? A1 "), "{lines:#?}");
    assert!(p.accept_all(&s).is_ok());
}

#[tokio::test]
async fn the_verify_step_fills_missing_and_vague_conditions_and_leaves_concrete_ones() {
    let answer = r#"{"tasks": [
      {"task": 1, "verification": "npm test -- types passes and tsc reports no errors"},
      {"task": 2, "verification": "npx typeorm migration:run succeeds on a scratch database"}
    ], "notes": []}"#;
    let (server, _script) = server(vec![chat_stream(answer, 40)]).await;
    let mut s = session();
    let p = planner_tui::workflow::run::offline_proposal(Step::Decompose, &s);
    let edit = p.accept_all(&s).expect("accepts").edit;
    apply(&mut s, edit).expect("applies");
    // T1 keeps a concrete condition; T2's is vague.
    let mut t1 = s.tasks[0].clone();
    t1.verification = Some("`npx tsc --noEmit` passes".into());
    let mut t2 = s.tasks[1].clone();
    t2.verification = Some("it works".into());
    for t in [t1, t2] {
        apply(&mut s, Edit::UpdateTask { task: t }).expect("update applies");
    }
    let dir = tempfile::tempdir().expect("tmp");
    let p = run_step(
        Some(&provider(&server)),
        Step::Verify,
        &s,
        &CancellationToken::new(),
        dir.path(),
        &mut |_| {},
    )
    .await
    .expect("proposal");
    let lines = p.describe();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].contains("T2") && lines[0].contains("migration:run"),
        "{lines:#?}"
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n == "left T1 as it is: its verification is already concrete"),
        "{:#?}",
        p.notes
    );
}
