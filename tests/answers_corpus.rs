//! The corpus of broken model answers in `tests/fixtures/answers/`: every
//! file goes through the parser and validator for its step and must give
//! the outcome `expected.toml` records (a proposal whose description is
//! listed, a re-ask with the listed errors, or a refusal). The plan is never
//! touched by a failed answer, and the recovery rate of the answers a
//! careful human could recover must stay at 95% or more.
//!
//! `ANSWERS_PRINT=1 cargo test --test answers_corpus -- --nocapture` prints
//! the actual outcome of every file in the manifest's format, for review.
#[path = "workflow_common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use planner_tui::plan::{DepKind, Dependency, Edit, Session, Task, TaskId, apply};
use planner_tui::workflow::{AnswerError, Step, parse};
use serde::Deserialize;

const SPEC: &str = "# Notes export\n\n- FR-1: Export notes as Markdown.\n- FR-2: Export notes as JSON.\n- FR-3: Keep links between notes.\n";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    answer: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    human_recoverable: bool,
    outcome: Outcome,
    #[serde(default)]
    describe: Vec<String>,
    #[serde(default)]
    errors: Vec<String>,
    #[serde(default)]
    message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Outcome {
    Recovered,
    Reask,
    Refused,
}

/// What the parser made of one answer.
#[derive(Debug)]
enum Got {
    Recovered(Vec<String>),
    Reask(Vec<String>),
    Refused(String),
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answers")
}

/// Decompose answers an empty plan; every other step a plan of three tasks
/// (1 Define types ← 2 Write formatter ← 3 Add command).
fn session_for(step: Step) -> Session {
    let mut s = common::session(SPEC, "");
    if step == Step::Decompose {
        return s;
    }
    for (i, title) in ["Define types", "Write formatter", "Add command"]
        .iter()
        .enumerate()
    {
        let mut t = Task::new(TaskId(i as u32 + 1), *title);
        if i > 0 {
            t.depends_on = vec![Dependency::new(TaskId(i as u32), DepKind::Interface)];
        }
        apply(&mut s, Edit::AddTask { index: i, task: t }).expect("a valid task");
    }
    s
}

/// The answer text as the worker receives it: a `.bin` file holds raw
/// bytes, which the providers decode lossily (invalid bytes become U+FFFD).
fn answer_text(file: &str) -> String {
    let bytes = std::fs::read(dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    if file.ends_with(".bin") {
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        String::from_utf8(bytes).unwrap_or_else(|e| panic!("{file} is not UTF-8: {e}"))
    }
}

fn step_of(file: &str) -> Step {
    let key = file.split('/').next().unwrap_or_default();
    key.parse()
        .unwrap_or_else(|_| panic!("{file}: `{key}` is not a step"))
}

/// Parses one answer against its plan, checking that the plan is not
/// touched and that a recovered proposal accepts and applies cleanly.
fn run(step: Step, raw: &str) -> Got {
    let session = session_for(step);
    let before = session.clone();
    let result = parse(step, raw, &session);
    assert_eq!(session, before, "parsing never changes the session");
    match result {
        Ok(proposal) => {
            let accepted = proposal
                .accept_all(&session)
                .unwrap_or_else(|e| panic!("a recovered proposal must accept: {e}"));
            let mut after = session.clone();
            apply(&mut after, accepted.edit)
                .unwrap_or_else(|e| panic!("an accepted proposal must apply: {e}"));
            Got::Recovered(proposal.describe())
        }
        Err(AnswerError::Invalid { errors }) => Got::Reask(errors),
        Err(e @ AnswerError::Unparseable { .. }) => Got::Reask(e.reask_errors()),
        Err(AnswerError::Refused { message }) => Got::Refused(message),
    }
}

fn toml_list(items: &[String]) -> String {
    if items.is_empty() {
        return "[]".to_string();
    }
    let quoted: Vec<String> = items
        .iter()
        .map(|s| toml::Value::String(s.clone()).to_string())
        .collect();
    format!("[\n  {},\n]", quoted.join(",\n  "))
}

fn print_entry(e: &Entry, got: &Got) {
    println!("[[answer]]\nfile = \"{}\"", e.file);
    println!("human_recoverable = {}", e.human_recoverable);
    match got {
        Got::Recovered(lines) => {
            println!("outcome = \"recovered\"\ndescribe = {}", toml_list(lines))
        }
        Got::Reask(errors) => println!("outcome = \"reask\"\nerrors = {}", toml_list(errors)),
        Got::Refused(m) => println!(
            "outcome = \"refused\"\nmessage = {}",
            toml::Value::String(m.clone())
        ),
    }
    println!();
}

#[test]
fn every_answer_in_the_corpus_has_its_expected_outcome() {
    let text = std::fs::read_to_string(dir().join("expected.toml")).expect("the manifest");
    let manifest: Manifest = toml::from_str(&text).expect("a valid manifest");
    let printing = std::env::var_os("ANSWERS_PRINT").is_some();

    let mut listed: Vec<String> = manifest.answer.iter().map(|e| e.file.clone()).collect();
    listed.sort();
    let mut on_disk = Vec::new();
    for step in std::fs::read_dir(dir()).expect("the corpus") {
        let step = step.expect("an entry").path();
        if !step.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&step).expect("a step directory") {
            let file = file.expect("an entry").path();
            let name = file.strip_prefix(dir()).expect("inside the corpus");
            on_disk.push(name.to_string_lossy().replace('\\', "/"));
        }
    }
    on_disk.sort();
    assert_eq!(listed, on_disk, "the manifest lists every file, once");
    assert!(
        listed.len() >= 60,
        "at least 60 answers, got {}",
        listed.len()
    );
    for step in Step::ALL {
        assert!(
            listed.iter().any(|f| step_of(f) == step),
            "no answer for {step:?}"
        );
    }

    let (mut recoverable, mut recovered) = (0, 0);
    let mut failures = Vec::new();
    for entry in &manifest.answer {
        let step = step_of(&entry.file);
        let got = run(step, &answer_text(&entry.file));
        if printing {
            print_entry(entry, &got);
        }
        if entry.human_recoverable {
            recoverable += 1;
            if matches!(got, Got::Recovered(_)) {
                recovered += 1;
            }
        }
        let matches = match (&got, entry.outcome) {
            (Got::Recovered(lines), Outcome::Recovered) => *lines == entry.describe,
            (Got::Reask(errors), Outcome::Reask) => *errors == entry.errors,
            (Got::Refused(m), Outcome::Refused) => {
                !entry.message.is_empty() && m.contains(&entry.message)
            }
            _ => false,
        };
        if !matches {
            failures.push(format!(
                "{}: expected {:?}, got {got:?}",
                entry.file, entry.outcome
            ));
        }
    }
    let rate = 100.0 * f64::from(recovered) / f64::from(recoverable.max(1));
    println!(
        "answers corpus: {} answers; recovered {recovered} of {recoverable} a careful human could recover ({rate:.1}%)",
        manifest.answer.len()
    );
    if !printing {
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
    assert!(rate >= 95.0, "recovery rate {rate:.1}% is below 95%");
}

/// Builds a task-list answer of `n` tasks, each depending on the one before.
fn huge_task_list(n: usize) -> String {
    let mut out = String::from("Here is the full plan:\n```json\n{\"tasks\": [");
    for i in 1..=n {
        if i > 1 {
            out.push(',');
        }
        let dep = if i > 1 {
            format!("[{{\"task\": {}, \"kind\": \"interface\"}}]", i - 1)
        } else {
            "[]".to_string()
        };
        out.push_str(&format!(
            "\n  {{\"number\": {i}, \"title\": \"Task {i}\", \"description\": \"{}\", \"produces\": [\"src/m{i}.rs\"], \"depends_on\": {dep}, \"covers\": [\"FR-1\"], \"verification\": \"cargo test m{i}\",}}",
            "Implements one module of the exporter. ".repeat(4)
        ));
    }
    out.push_str("\n],}\n```\n");
    out
}

const FIVE_MB: usize = 5 * 1024 * 1024;
/// Generous for a debug build on a loaded machine; a quadratic repair of
/// 5 MB takes minutes.
const BOUND: Duration = Duration::from_secs(60);

#[test]
fn a_five_megabyte_task_list_is_read_in_bounded_time() {
    let mut n = 1000;
    let mut raw = huge_task_list(n);
    while raw.len() < FIVE_MB {
        n *= 2;
        raw = huge_task_list(n);
    }
    let session = session_for(Step::Decompose);
    let started = Instant::now();
    let result = parse(Step::Decompose, &raw, &session);
    let took = started.elapsed();
    println!("5 MB task list ({n} tasks, {} bytes): {took:?}", raw.len());
    let proposal = result.unwrap_or_else(|e| panic!("a huge but valid list is read: {e}"));
    assert_eq!(proposal.describe().len(), n);
    assert!(took < BOUND, "took {took:?}");
    // Cut off in the middle: the repair keeps the finished tasks.
    let cut = &raw[..raw.len() / 2];
    let started = Instant::now();
    let result = parse(Step::Decompose, cut, &session);
    let took = started.elapsed();
    println!("the same, cut off at half: {took:?}");
    assert!(result.is_ok(), "{result:?}");
    assert!(took < BOUND, "took {took:?}");
}

#[test]
fn a_five_megabyte_prose_answer_is_refused_in_bounded_time() {
    let line = "The plan should start with the types, {then the formatter [and] then the command. ";
    let raw = line.repeat(FIVE_MB / line.len() + 1);
    let session = session_for(Step::Decompose);
    let before = session.clone();
    let started = Instant::now();
    let result = parse(Step::Decompose, &raw, &session);
    let took = started.elapsed();
    println!("5 MB of prose with stray brackets: {took:?}");
    assert!(result.is_err(), "prose is not a plan: {result:?}");
    assert_eq!(session, before);
    assert!(took < BOUND, "took {took:?}");
    // An error message quotes only the beginning of the answer.
    let message = result.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.len() < 1000, "{} bytes", message.len());
}

#[test]
fn non_utf8_bytes_in_a_streamed_answer_are_a_clear_error() {
    use planner_tui::llm::{ProviderKind, replay_stream};
    let body = b"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf\xe9\"}}]}\n\ndata: [DONE]\n\n";
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
    let (result, _) = rt.block_on(replay_stream(
        ProviderKind::OpenAi,
        vec![bytes::Bytes::from_static(body)],
    ));
    let error = result.expect_err("invalid UTF-8 in a stream");
    assert!(error.to_string().contains("invalid UTF-8"), "{error}");
}
