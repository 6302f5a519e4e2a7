//! Reading model answers: the broken-answer corpus the tolerant parser must
//! survive, validation errors worded for the re-ask, and the mapping of
//! numbers to ids.
#[path = "workflow_common/mod.rs"]
mod common;

use planner_tui::plan::{DepKind, Dependency, Edit, Session, Task, TaskId, apply};
use planner_tui::workflow::{AnswerError, Proposal, ProposalItem, Step, parse, reask};

const SPEC: &str = "# Export\n\n- FR-1: Export notes as Markdown.\n- FR-2: Export notes as JSON.\n";

fn empty() -> Session {
    common::session(SPEC, "")
}

/// A plan of three tasks (T1 ← T2 ← T3), shown to the model as 1, 2, 3.
fn three() -> Session {
    let mut s = empty();
    for (i, title) in ["Define types", "Write formatter", "Add command"]
        .iter()
        .enumerate()
    {
        let mut t = Task::new(TaskId(i as u32 + 1), *title);
        if i > 0 {
            t.depends_on = vec![Dependency::new(TaskId(i as u32), DepKind::Interface)];
        }
        apply(&mut s, Edit::AddTask { index: i, task: t }).unwrap();
    }
    s
}

fn ok(step: Step, raw: &str, s: &Session) -> Proposal {
    parse(step, raw, s).unwrap_or_else(|e| panic!("{e}\n--- answer ---\n{raw}"))
}

fn invalid(step: Step, raw: &str, s: &Session) -> Vec<String> {
    match parse(step, raw, s) {
        Err(AnswerError::Invalid { errors }) => errors,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn titles(p: &Proposal) -> Vec<String> {
    p.items
        .iter()
        .filter_map(|i| match i {
            ProposalItem::AddTask { task, .. } => Some(task.title.clone()),
            _ => None,
        })
        .collect()
}

const CLEAN: &str = r#"{"tasks": [
  {"number": 1, "title": "Define types", "description": "Note type.", "produces": ["src/types.rs"], "depends_on": [], "covers": ["FR-1"], "verification": "cargo check"},
  {"number": 2, "title": "Write formatter", "description": "", "produces": [], "depends_on": [{"task": 1, "kind": "interface"}], "covers": ["FR-1", "FR-2"], "verification": null}
], "notes": ["assumed one binary"]}"#;

#[test]
fn clean_json_is_read_strictly() {
    let p = ok(Step::Decompose, CLEAN, &empty());
    assert!(!p.repaired);
    assert_eq!(p.notes, ["assumed one binary"]);
    assert_eq!(
        p.describe(),
        [
            "+ T1 'Define types' at the top",
            "+ T2 'Write formatter' after T1, depends on T1 (interface)"
        ]
    );
    let ProposalItem::AddTask { task, .. } = &p.items[0] else {
        panic!()
    };
    assert_eq!(task.verification.as_deref(), Some("cargo check"));
    assert_eq!(task.covers[0].as_str(), "FR-1");
}

#[test]
fn code_fences_and_prose_around_the_json() {
    let fenced =
        format!("Here is the plan:\n\n```json\n{CLEAN}\n```\n\nLet me know if you want changes.");
    let p = ok(Step::Decompose, &fenced, &empty());
    assert!(!p.repaired, "taking JSON out of a fence is not a repair");
    assert_eq!(p.notes[0], "read the JSON from inside a code fence");
    assert_eq!(titles(&p), ["Define types", "Write formatter"]);

    let prose = format!("Sure! {CLEAN} Hope this helps [1].");
    let p = ok(Step::Decompose, &prose, &empty());
    assert_eq!(p.notes[0], "ignored the text around the JSON");
    let bom = format!("\u{feff}{CLEAN}");
    assert!(!ok(Step::Decompose, &bom, &empty()).repaired);
}

#[test]
fn syntax_repairs_are_made_and_reported() {
    let cases = [
        (
            "trailing commas",
            r#"{"tasks": [{"number": 1, "title": "A", "depends_on": [],},], "notes": [],}"#,
            "removed trailing commas",
        ),
        (
            "single quotes",
            r#"{'tasks': [{'number': 1, 'title': 'It's A'}]}"#,
            "read single-quoted strings",
        ),
        (
            "comments",
            "{\"tasks\": [ // first\n {\"number\": 1, /* the title */ \"title\": \"A\"}]}",
            "removed comments",
        ),
        (
            "unquoted keys",
            "{tasks: [{number: 1, title: \"A\"}]}",
            "read unquoted keys",
        ),
        (
            "python literals",
            r#"{"tasks": [{"number": 1, "title": "A", "verification": None, "done": False}]}"#,
            "True/False/None",
        ),
        (
            "missing commas",
            "{\"tasks\": [{\"number\": 1 \"title\": \"A\"}]}",
            "added missing commas",
        ),
    ];
    for (name, raw, note) in cases {
        let p = ok(Step::Decompose, raw, &empty());
        assert!(p.repaired, "{name}");
        assert!(
            p.notes.iter().any(|n| n.contains(note)),
            "{name}: {:?}",
            p.notes
        );
        assert_eq!(titles(&p).len(), 1, "{name}");
    }
}

#[test]
fn a_cut_off_answer_keeps_its_finished_tasks() {
    let raw = r#"```json
{"tasks": [
  {"number": 1, "title": "Define types", "depends_on": []},
  {"number": 2, "title": "Write formatter", "depends_on": [{"task": 1, "kind": "interface"}]},
  {"number": 3, "title": "Add comm"#;
    let p = ok(Step::Decompose, raw, &empty());
    assert!(p.repaired);
    assert_eq!(titles(&p), ["Define types", "Write formatter"]);
    assert!(
        p.notes.iter().any(|n| n.contains("cut off")),
        "{:?}",
        p.notes
    );
}

#[test]
fn other_shapes_renamed_fields_and_numbers_as_text() {
    // A bare list instead of an object.
    let p = ok(
        Step::Decompose,
        r#"[{"number": 1, "title": "A"}, {"number": 2, "title": "B", "depends_on": [1]}]"#,
        &empty(),
    );
    assert_eq!(titles(&p), ["A", "B"]);
    assert!(p.notes.iter().any(|n| n.contains("bare list")));

    // A wrapper object, renamed fields, numbers and kinds written as text.
    let raw = r##"{"result": {"plan": [
        {"id": "T1", "name": "A", "files": "src/a.rs, src/b.rs", "testStrategy": "cargo test a", "requirements": "FR-1 FR-2"},
        {"id": "task 2", "name": "B", "dependsOn": ["T1 (schema)"]},
        {"id": "#3", "name": "C", "blocked_by": "1, 2", "verify": ["run it", "see output"]}
    ]}}"##;
    let p = ok(Step::Decompose, raw, &empty());
    assert!(p.repaired);
    let tasks: Vec<&Task> = p
        .items
        .iter()
        .filter_map(|i| {
            if let ProposalItem::AddTask { task, .. } = i {
                Some(task)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(tasks[0].produces, ["src/a.rs", "src/b.rs"]);
    assert_eq!(tasks[0].verification.as_deref(), Some("cargo test a"));
    assert_eq!(tasks[0].covers.len(), 2);
    assert_eq!(
        tasks[1].depends_on,
        [Dependency::new(TaskId(1), DepKind::Schema)]
    );
    assert_eq!(
        tasks[2].depends_on.iter().map(|d| d.on).collect::<Vec<_>>(),
        [TaskId(1), TaskId(2)]
    );
    assert_eq!(tasks[2].verification.as_deref(), Some("run it; see output"));
    // `dependsOn` is `depends_on` in another case, so it needs no note; `blocked_by` is a different name.
    for note in [
        "`blocked_by` as `depends_on`",
        "`testStrategy` as `verification`",
        "`name` as `title`",
        "written as text",
        "inside `result`",
    ] {
        assert!(
            p.notes.iter().any(|n| n.contains(note)),
            "{note} not in {:?}",
            p.notes
        );
    }

    // Missing fields: a list of titles only.
    let p = ok(
        Step::Decompose,
        r#"{"tasks": ["Define types", "Write formatter"]}"#,
        &empty(),
    );
    assert_eq!(titles(&p), ["Define types", "Write formatter"]);

    // JSON sent as a quoted string.
    let p = ok(
        Step::Decompose,
        r#""{\"tasks\": [{\"number\": 1, \"title\": \"A\"}]}""#,
        &empty(),
    );
    assert_eq!(titles(&p), ["A"]);
}

#[test]
fn validation_errors_name_the_task_and_say_what_to_do() {
    let s = empty();
    let errors = invalid(
        Step::Decompose,
        r#"{"tasks": [
        {"number": 1, "title": "A", "depends_on": [{"task": 12, "kind": "other"}]},
        {"number": 2, "title": "B", "depends_on": [2, 1, 1]},
        {"number": 3, "title": "", "covers": ["FR-9"]},
        {"number": 4, "title": "a"}
    ], "notes": []}"#,
        &s,
    );
    let expected = [
        "task 1 depends on task 12, which does not exist",
        "task 2 depends on itself",
        "task 2 lists task 1 twice in depends_on",
        "task 3 has an empty title",
        "task 3 covers `FR-9`, which is not a requirement id (the ids are FR-1, FR-2)",
        "task 1 and task 4 have the same title 'a'; merge them or give them distinct titles",
    ];
    for e in expected {
        assert!(
            errors.iter().any(|x| x == e),
            "missing `{e}` in {errors:#?}"
        );
    }
    let cycle = invalid(
        Step::Decompose,
        r#"{"tasks": [{"number": 1, "title": "A", "depends_on": [2]}, {"number": 2, "title": "B", "depends_on": [1]}]}"#,
        &s,
    );
    assert_eq!(
        cycle,
        ["tasks 1 → 2 → 1 depend on each other in a cycle; remove one of these dependencies"]
    );
    let dup = invalid(
        Step::Decompose,
        r#"{"tasks": [{"number": 1, "title": "A"}, {"number": 1, "title": "B"}]}"#,
        &s,
    );
    assert_eq!(
        dup,
        ["task number 1 is used twice ('A' and 'B'); give each task its own number"]
    );
    assert_eq!(
        invalid(Step::Decompose, r#"{"tasks": [], "notes": []}"#, &s),
        ["the answer lists no tasks; give the complete task list"]
    );
    // Bad values inside an otherwise readable answer are reported with the rest.
    let errors = invalid(
        Step::Decompose,
        r#"{"tasks": [{"number": "one", "title": "A", "depends_on": ["the types"]}]}"#,
        &s,
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("has `number` \"one\", which is not a task number")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("dependency \"the types\", which is not a task number")),
        "{errors:?}"
    );
}

#[test]
fn refusals_empty_answers_and_prose() {
    let s = empty();
    for raw in [
        "I'm sorry, but I can't help with that request.",
        "I cannot produce this plan.",
    ] {
        assert!(
            matches!(
                parse(Step::Decompose, raw, &s),
                Err(AnswerError::Refused { .. })
            ),
            "{raw}"
        );
    }
    assert!(
        matches!(parse(Step::Decompose, r#"{"refusal": "I can't assist with that."}"#, &s), Err(AnswerError::Refused { message }) if message.contains("can't assist"))
    );
    assert_eq!(
        parse(Step::Decompose, "  \n", &s),
        Err(AnswerError::Unparseable {
            message: "the answer was empty".into()
        })
    );
    match parse(
        Step::Decompose,
        "Step 1: define types. Step 2: write the formatter.",
        &s,
    ) {
        Err(AnswerError::Unparseable { message }) => {
            assert!(message.contains("no JSON object was found"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    match parse(Step::Decompose, r#"{"summary": "done", "count": 2}"#, &s) {
        Err(AnswerError::Invalid { errors }) => assert_eq!(
            errors,
            ["the answer has no `tasks` list; put the items in a `tasks` array"]
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn revising_a_plan_keeps_ids_and_lists_every_change() {
    let s = three();
    // Keep 1 (renamed), drop 2, move 3 first, add a new task 4 that 1 now depends on.
    let raw = r#"{"tasks": [
        {"number": 3, "title": "Add command", "description": "", "produces": [], "depends_on": [], "covers": [], "verification": null},
        {"number": 4, "title": "Parse flags", "description": "", "produces": [], "depends_on": [], "covers": [], "verification": "cargo test flags"},
        {"number": 1, "title": "Define the note types", "description": "", "produces": [], "depends_on": [{"task": 4, "kind": "other"}], "covers": [], "verification": null}
    ], "notes": []}"#;
    let p = ok(Step::Revise, raw, &s);
    assert_eq!(
        p.describe(),
        [
            "↕ T3 'Add command' from 3 to 1 (to the top)",
            "~ T3 'Add command': depends on T2 (interface) → (none)",
            "+ T4 'Parse flags' after T3",
            "~ T1 'Define the note types': title 'Define types' → 'Define the note types'; depends on (none) → T4 (other)",
            "- T2 'Write formatter'",
        ]
    );
    assert_eq!(p.order, [TaskId(3), TaskId(4), TaskId(1)]);

    // Without numbers, tasks are matched by title.
    let p = ok(
        Step::Revise,
        r#"{"tasks": [{"title": "define TYPES"}, {"title": "Write formatter"}, {"title": "Add command"}, {"title": "New one"}]}"#,
        &s,
    );
    assert_eq!(
        p.describe(),
        [
            "~ T1 'define TYPES': title 'Define types' → 'define TYPES'",
            "+ T4 'New one' after T3"
        ]
    );

    // A dependency on a task the answer dropped is named as such.
    let errors = invalid(
        Step::Revise,
        r#"{"tasks": [{"number": 1, "title": "A"}, {"number": 3, "title": "C", "depends_on": [2]}]}"#,
        &s,
    );
    assert_eq!(
        errors,
        [
            "task 3 depends on task 2, which is not in your list; keep task 2 in the list or drop the dependency"
        ]
    );
}

#[test]
fn dependency_maps() {
    let s = three();
    let p = ok(
        Step::Dependencies,
        r#"{"tasks": [{"task": 3, "depends_on": [{"task": 1, "kind": "database"}]}, {"task": 2, "depends_on": [{"task": 1, "kind": "interface"}]}], "notes": []}"#,
        &s,
    );
    assert_eq!(
        p.describe(),
        [
            "+ T3 depends on T1 (schema)",
            "- T3 no longer depends on T2"
        ]
    );
    // An object keyed by task number, with kinds in the text.
    let p = ok(
        Step::Dependencies,
        r#"{"1": ["3: infra"], "2": [], "3": []}"#,
        &s,
    );
    assert!(
        p.describe()
            .contains(&"+ T1 depends on T3 (infrastructure)".to_string()),
        "{:?}",
        p.describe()
    );
    assert!(
        p.describe().iter().any(|l| l.starts_with("↕ T1")),
        "needs a move: {:?}",
        p.describe()
    );
    let errors = invalid(
        Step::Dependencies,
        r#"{"tasks": [{"task": 7, "depends_on": []}, {"task": 1, "depends_on": [3]}, {"task": 1, "depends_on": []}]}"#,
        &s,
    );
    assert_eq!(
        errors,
        [
            "the map lists task 7, which does not exist (the plan has tasks 1 to 3)",
            "task 1 is listed twice; list each task once with all of its dependencies",
            "with these dependencies tasks 1 → 3 → 2 → 1 form a cycle; remove one of these dependencies",
        ]
    );
}

#[test]
fn ambiguities_verifications_and_findings() {
    let s = three();
    let p = ok(
        Step::Ambiguities,
        r#"{"ambiguities": [{"type": "Assumption", "question": "Which date format?", "impact": "Wrong dates", "how_to_resolve": "Ask", "affected_tasks": ["T2", "task 3"]}]}"#,
        &s,
    );
    assert_eq!(
        p.describe(),
        ["? A1 [assumption] Which date format? (affects T2, T3)"]
    );
    let ProposalItem::AddAmbiguity { ambiguity } = &p.items[0] else {
        panic!()
    };
    assert_eq!(
        (ambiguity.risk.as_str(), ambiguity.resolution_hint.as_str()),
        ("Wrong dates", "Ask")
    );

    let p = ok(
        Step::Verify,
        r#"{"1": "cargo check", "2": "cargo test formatter", "3": "cargo test --test export"}"#,
        &s,
    );
    assert_eq!(p.describe()[0], "~ T1 verification: (none) → 'cargo check'");
    let errors = invalid(
        Step::Verify,
        r#"{"tasks": [{"task": 1, "verification": ""}, {"task": 9, "verification": "x"}]}"#,
        &s,
    );
    assert_eq!(
        errors,
        [
            "task 1 has an empty verification; give a command, a test file or a result someone can observe",
            "the answer verifies task 9, which does not exist (the plan has tasks 1 to 3)",
        ]
    );

    let p = ok(
        Step::Completeness,
        r#"{"gaps": [{"requirement": "fr-2", "text": "JSON export missing", "suggestion": "add a task"}, {"requirement": null, "text": "No docs", "suggestion": ""}]}"#,
        &s,
    );
    assert_eq!(
        p.describe(),
        [
            "! FR-2 not covered: JSON export missing — add a task",
            "! not covered: No docs"
        ]
    );
    assert_eq!(p.change_count(), 0);
    let p = ok(
        Step::Integration,
        r#"{"concerns": [{"task": 3, "text": "says integrate with CLI", "suggestion": ""}]}"#,
        &s,
    );
    assert_eq!(p.describe(), ["! T3: says integrate with CLI"]);
}

#[test]
fn the_reask_lists_the_exact_errors() {
    let s = empty();
    let err = parse(
        Step::Decompose,
        r#"{"tasks": [{"number": 1, "title": "A", "depends_on": [5]}]}"#,
        &s,
    )
    .unwrap_err();
    let msg = reask(&err.reask_errors());
    assert!(
        msg.contains("- task 1 depends on task 5, which does not exist\n"),
        "{msg}"
    );
    assert!(msg.contains("complete JSON object"));
    let unparseable = AnswerError::Unparseable {
        message: "the answer was empty".into(),
    };
    assert!(
        reask(&unparseable.reask_errors())
            .contains("the answer was empty; answer with one JSON object")
    );
}
