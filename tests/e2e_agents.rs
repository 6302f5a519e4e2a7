//! A person watches the plan in planner-tui while a coding agent marks
//! tasks from another shell (`planner-tui status`, as the MCP server does):
//! the real binary in tmux. The app shows the agent's change within a
//! second; an edit in the app and a second change by the agent are both
//! kept in the file. Every wait is for explicit screen or file content,
//! bounded.
#[path = "tmux_support/mod.rs"]
mod tmux_support;

use std::path::Path;
use std::time::{Duration, Instant};

use planner_tui::plan::{Session, TaskId, TaskStatus};
use tmux_support::{BIN, POLL, TIMEOUT, Terminal};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/webhooks.toml");
/// Titles of the fixture's T2 and T3.
const T2: &str = "Webhook domain types";
const T3: &str = "Signature helper";
const NEW_TASK: &str = "Document the webhook headers";

/// The task-list row showing `title` carries `glyph` (its status).
fn row_has(screen: &str, title: &str, glyph: &str) -> bool {
    screen
        .lines()
        .any(|l| l.contains(title) && l.contains(&format!("{glyph} {title}")))
}

fn status(s: &Session, id: u32) -> TaskStatus {
    s.task(TaskId(id)).map_or(TaskStatus::Pending, |t| t.status)
}

/// Wait until the file satisfies `ready`, polled, bounded.
fn wait_for_file(path: &Path, what: &str, ready: impl Fn(&Session) -> bool) -> Session {
    let start = Instant::now();
    loop {
        if let Ok(s) = planner_tui::store::load(path)
            && ready(&s)
        {
            return s;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "waited {TIMEOUT:?} for {what} in the file"
        );
        std::thread::sleep(POLL);
    }
}

#[test]
fn an_agents_status_shows_at_once_and_no_edit_is_lost() {
    let t = Terminal::start(120, 40);
    let plan = t.home().join("plan.toml");
    std::fs::copy(FIXTURE, &plan).expect("copy the fixture");
    let plan_arg = plan.display().to_string();
    t.run(&format!("{BIN} {plan_arg}"));
    t.wait_text("Tasks (12)");
    // From the Graph pane (the fixture is at stage 3) to the Tasks pane.
    t.keys(&["BTab"]);
    t.wait_for("T2 pending in the list", |s| row_has(s, T2, "·"));

    // The agent marks T2 done from another shell; the app shows it within a second.
    let (code, out, err) = t.run_elsewhere(&["status", &plan_arg, "T2", "done"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("T2 done (was pending)"), "{out}");
    let written = Instant::now();
    let screen = t.wait_within(Duration::from_secs(1), "T2 done on the screen", |s| {
        row_has(s, T2, "✔")
    });
    let shown_after = written.elapsed();
    assert!(screen.contains("Set outside the app: T2 done."), "{screen}");
    assert!(screen.contains("1/12 → T1"), "{screen}");
    eprintln!("the agent's status showed in the app {shown_after:?} after it was written");

    // The user adds a task; at once the agent puts T3 in review.
    t.keys(&["a"]);
    t.wait_text("New task T13");
    t.type_text(NEW_TASK);
    t.keys(&["C-s"]);
    t.wait_text("Added T13.");
    let (code, out, err) = t.run_elsewhere(&["status", &plan_arg, "T3", "review"]);
    assert_eq!(code, 0, "{out}{err}");
    t.wait_for("T3 in review on the screen", |s| row_has(s, T3, "◆"));

    // Both are in the file once the app has saved, and after it quits.
    let has_both = |s: &Session| {
        s.tasks.iter().any(|t| t.title == NEW_TASK)
            && status(s, 2) == TaskStatus::Done
            && status(s, 3) == TaskStatus::Review
    };
    wait_for_file(&plan, "the new task, T2 done and T3 in review", has_both);
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "0");
    let saved = planner_tui::store::load(&plan).expect("the session loads");
    assert!(
        has_both(&saved),
        "{:?}",
        saved
            .tasks
            .iter()
            .map(|t| (t.id, t.status, &t.title))
            .collect::<Vec<_>>()
    );
    assert!(
        !planner_tui::store::lock_path(&plan).exists(),
        "the lock is released"
    );
    assert!(!planner_tui::store::write_lock_path(&plan).exists());
}
