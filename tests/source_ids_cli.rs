//! An imported plan's own ids (`2.1` for a Taskmaster subtask, `T005b` in
//! Spec Kit) name their tasks in `status` and `prompt`, so users of those
//! tools keep the ids they know.
mod cli_support;

use cli_support::Home;
use planner_tui::plan::TaskStatus;

const TAGGED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/taskmaster/webhooks-tagged.json"
);

#[test]
fn a_taskmaster_subtask_is_named_by_its_own_id() {
    let h = Home::new();
    let plan = h.plan();
    let p = plan.to_str().expect("utf-8 path");
    let (code, out, err) = h.run(&["import", TAGGED, "--session", p]);
    assert_eq!(code, 0, "{out}\n{err}");
    let session = h.load_plan();
    let sub = session
        .tasks
        .iter()
        .find(|t| t.source_id.as_deref() == Some("2.1"))
        .expect("subtask 2.1 was imported");
    let (id, title) = (sub.id, sub.title.clone());

    let (code, out, err) = h.run(&["status", p, "2.1", "in-progress"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains(&format!("{id} in-progress")), "{out}");
    let after = h.load_plan();
    assert_eq!(
        after.task(id).map(|t| t.status),
        Some(TaskStatus::InProgress)
    );

    let (code, out, err) = h.run(&["prompt", p, "2.1"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains(&title), "{out}");

    // An id neither the plan nor the file has is refused, saying both kinds.
    let (code, _, err) = h.run(&["status", p, "2.9", "done"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`2.9`"), "{err}");
    assert!(err.contains("an id the imported file gave a task"), "{err}");
}
