//! `planner-tui next`, `status` and `prompt` as a user runs them: the real
//! binary on a copy of the webhook plan, in a home of its own.
#[path = "cli_support/mod.rs"]
mod cli_support;

use cli_support::Home;
use planner_tui::plan::{Session, TaskId, TaskStatus, Timestamp};
use serde_json::Value;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/webhooks.toml");

fn home_with_plan() -> (Home, String) {
    let home = Home::new();
    std::fs::copy(FIXTURE, home.plan()).expect("copy the fixture");
    let plan = home.plan().display().to_string();
    (home, plan)
}

fn set(home: &Home, statuses: &[(u32, TaskStatus)]) {
    let mut s = home.load_plan();
    for &(id, st) in statuses {
        s.tasks
            .iter_mut()
            .find(|t| t.id == TaskId(id))
            .expect("task")
            .status = st;
    }
    home.save_plan(&s);
}

fn status_of(home: &Home, id: u32) -> TaskStatus {
    home.load_plan().task(TaskId(id)).expect("task").status
}

#[test]
fn next_names_the_task_with_what_it_needs() {
    let (home, plan) = home_with_plan();
    let (code, out, err) = home.run(&["next", &plan]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Next: T1 (#1)  Webhook tables and repositories  [pending]\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  verify       `npm run migrate && npm test -- src/repositories/webhooks.test.ts`"
        ),
        "{out}"
    );
    assert!(
        out.contains("  covers       FR-5  Each delivery has a status"),
        "{out}"
    );
    assert!(
        out.contains("  constraints  C1  Store webhook secrets encrypted"),
        "{out}"
    );
    assert!(out.contains("  also ready   T2, T9"), "{out}");
    assert!(out.contains("0 of 12 done."), "{out}");
    assert!(
        out.contains(&format!("planner-tui status {plan} T1 done")),
        "{out}"
    );

    // With T1 and T2 done, T3 (needs T2) comes next, showing what T2 produced.
    set(&home, &[(1, TaskStatus::Done), (2, TaskStatus::Done)]);
    let (code, out, _) = home.run(&["next", &plan]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Next: T3 (#3)  Signature helper"), "{out}");
    assert!(out.contains("  depends on   T2 (interface, done)  Webhook domain types\n                 produced: src/types/webhooks.ts"), "{out}");
}

#[test]
fn next_json_says_why_nothing_can_start() {
    let (home, plan) = home_with_plan();
    let mut s = home.load_plan();
    for t in &mut s.tasks {
        t.status = TaskStatus::Done;
    }
    s.tasks[3].status = TaskStatus::Review;
    s.tasks[4].status = TaskStatus::Pending;
    s.tasks[5].status = TaskStatus::Cancelled;
    home.save_plan(&s);
    let waiting_on_t4: Vec<String> = s
        .tasks
        .iter()
        .filter(|t| t.depends_on_task(TaskId(4)) && t.status != TaskStatus::Done)
        .map(|t| t.id.to_string())
        .collect();
    let (code, out, err) = home.run(&["next", &plan, "--json"]);
    assert_eq!(code, 1, "something blocks: exit 1 ({err})");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["next"], Value::Null);
    assert_eq!(v["why"]["kind"], "blocked");
    assert_eq!(v["why"]["blockers"][0]["id"], "T4", "{v}");
    assert_eq!(v["why"]["blockers"][0]["status"], "review");
    assert_eq!(
        v["why"]["blockers"][0]["waiting"],
        serde_json::json!(waiting_on_t4)
    );
    assert_eq!(v["progress"]["by_status"]["cancelled"], 1);
    let (_, text, _) = home.run(&["next", &plan]);
    assert!(text.starts_with("Nothing can start now:\n  T4 is in review; T5 waits on it: mark it done once reviewed\n"), "{text}");

    // Everything done or cancelled: exit 0, and it says so.
    for t in &mut s.tasks {
        if t.status != TaskStatus::Cancelled {
            t.status = TaskStatus::Done;
        }
    }
    home.save_plan(&s);
    let (code, out, _) = home.run(&["next", &plan]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Nothing to do: every task is done or cancelled (11 done, 1 cancelled)."),
        "{out}"
    );

    // No tasks at all.
    let empty = Session::new("empty", "Empty", Timestamp::from_civil(2026, 1, 1, 0, 0, 0));
    let path = home.save("empty.toml", &empty);
    let (code, out, _) = home.run(&["next", &path.display().to_string()]);
    assert_eq!(code, 1);
    assert!(out.contains("the plan has no tasks yet"), "{out}");
}

#[test]
fn status_checks_dependencies_before_marking_done() {
    let (home, plan) = home_with_plan();
    // T5 depends on T4, which is pending: without a terminal, refused.
    let (code, out, err) = home.run(&["status", &plan, "T5", "done"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("T5 depends on T4 (pending), not done yet"),
        "{err}"
    );
    assert!(err.contains("pass --force"), "{err}");
    assert_eq!(status_of(&home, 5), TaskStatus::Pending, "nothing written");

    // Marked together with what it needs: fine.
    let (code, out, err) = home.run(&["status", &plan, "T4", "T5", "done"]);
    assert_eq!(code, 1, "T4 itself needs T1, T2, T3 and T9: {out}{err}");
    assert!(
        err.contains(
            "T4 depends on T1 (pending), T2 (pending), T3 (pending) and T9 (pending), not done yet"
        ),
        "{err}"
    );
    let (code, out, err) = home.run(&["status", &plan, "t1", "2", "T3", "T9", "T4", "T5", "done"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("T1 done (was pending)\nT2 done (was pending)\n"),
        "{out}"
    );
    assert!(out.contains("Next: T6"), "{out}");
    for id in 1..=5 {
        assert_eq!(status_of(&home, id), TaskStatus::Done);
    }
    // --force marks done anyway; other statuses are never checked.
    let (code, _, err) = home.run(&["status", &plan, "T12", "done", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(status_of(&home, 12), TaskStatus::Done);
    let (code, out, _) = home.run(&["status", &plan, "T11", "in_progress"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("T11 in-progress (was pending)"), "{out}");
    let (code, out, _) = home.run(&["status", &plan, "T11", "in-progress"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("T11 is already in-progress"), "{out}");
}

#[test]
fn status_refuses_bad_ids_and_statuses_without_writing() {
    let (home, plan) = home_with_plan();
    let before = std::fs::read(home.plan()).expect("read");
    let (code, _, err) = home.run(&["status", &plan, "T3", "T99", "done"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("the plan has no task T99 (it has 12 tasks, T1 … T12 in plan order"),
        "{err}"
    );
    let (code, _, err) = home.run(&["status", &plan, "T3", "finished"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown task status `finished` (expected one of: pending, in-progress, review, done, blocked, deferred, cancelled)"), "{err}");
    let (code, _, err) = home.run(&["status", &plan, "done"]);
    assert_eq!(code, 2, "a status without a task: {err}");
    let (code, _, err) = home.run(&["status", "no-such-session", "T1", "done"]);
    assert_eq!(code, 2);
    assert!(err.contains("session `no-such-session`"), "{err}");
    assert_eq!(std::fs::read(home.plan()).expect("read"), before);
}

#[test]
fn status_writes_while_another_planner_tui_has_the_session_open() {
    let (home, plan) = home_with_plan();
    // What the app holds while the session is open.
    let editing = planner_tui::store::lock(&home.plan()).expect("the editing lock");
    let (code, out, err) = home.run(&["status", &plan, "T1", "in-progress"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(status_of(&home, 1), TaskStatus::InProgress);
    // A whole-plan command still waits its turn.
    let (code, _, err) = home.run(&["resolve", &plan, "A1", "--decide", "yes"]);
    assert_eq!(code, 2);
    assert!(err.contains("is open in another planner-tui"), "{err}");
    drop(editing);
    assert!(!planner_tui::store::write_lock_path(&home.plan()).exists());
}

#[test]
fn prompt_gives_a_brief_within_the_size_asked() {
    let (home, plan) = home_with_plan();
    let (code, out, err) = home.run(&["prompt", &plan, "T3"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("# Task T3: Signature helper\n"), "{out}");
    for part in [
        "## What to build",
        "- src/services/webhooks/signature.ts",
        "## Done when",
        "npm test -- src/services/webhooks/signature.test.ts",
        "## Requirements it covers",
        "- FR-3: Every delivery carries an X-Signature header",
        "## Decisions and constraints to follow",
        "## What earlier tasks produced",
        "- T2 Webhook domain types (interface dependency, pending): src/types/webhooks.ts",
        "## The existing system",
        "Shared domain types live in `src/types/`.",
    ] {
        assert!(out.contains(part), "missing {part:?}:\n{out}");
    }
    assert!(err.is_empty(), "{err}");
    // A2 (affects T3) is settled: it is a constraint, not an open question.
    assert!(!out.contains("## Open questions"), "{out}");

    // A1 is open and affects T4: its brief says so, with the way to settle it.
    let (code, out, err) = home.run(&["prompt", &plan, "T4"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("## Open questions about this task"), "{out}");
    assert!(
        out.contains("- A1: What counts as a timeout for one delivery attempt? (a way to settle it: Pick a timeout"),
        "{out}"
    );

    let (code, out, err) = home.run(&["prompt", &plan, "T3", "--max-chars", "900"]);
    assert_eq!(code, 0);
    assert!(out.chars().count() <= 900, "{}", out.chars().count());
    assert!(out.contains("## Done when"), "{out}");
    assert!(err.contains("left out to fit 900 characters"), "{err}");

    let (code, out, _) = home.run(&["prompt", &plan, "next"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("# Task T1:"), "{out}");
    let (code, _, err) = home.run(&["prompt", &plan, "T3", "--max-chars", "100"]);
    assert_eq!(code, 2);
    assert!(err.contains("give at least 500"), "{err}");
    let (code, _, err) = home.run(&["prompt", &plan, "T42"]);
    assert_eq!(code, 2);
    assert!(err.contains("the plan has no task T42"), "{err}");
}
