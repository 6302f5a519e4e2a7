//! The README's headless path: every stage with the command line alone, on
//! the example spec, with the offline planner, to implementation-plan.md.
mod cli_support;

use cli_support::{CONTEXT, Home, SPEC};
use planner_tui::plan::{AmbiguityState, Stage};

#[test]
fn every_stage_from_the_command_line() {
    let h = Home::new();
    let plan = h.plan();
    let p = plan.to_str().expect("utf-8 path");
    let ok = |args: &[&str]| -> String {
        let (code, out, err) = h.run(args);
        assert_eq!(code, 0, "{args:?}\nstdout: {out}\nstderr: {err}");
        out
    };
    ok(&[
        "new",
        "--title",
        "Outbound webhooks",
        "--spec",
        SPEC,
        "--context",
        CONTEXT,
        "--session",
        p,
    ]);
    ok(&["run", p, "decompose", "--accept"]);
    ok(&["check", p]);
    ok(&["run", p, "dependencies", "--accept"]);
    ok(&["run", p, "ambiguities", "--accept"]);
    // The README's answers fit the questions they answer.
    let asked = h.load_plan();
    assert!(
        asked.ambiguities[0].summary.contains("timeout"),
        "{:?}",
        asked.ambiguities[0]
    );
    assert!(
        asked.ambiguities[1].summary.contains("endpoint URL"),
        "{:?}",
        asked.ambiguities[1]
    );
    ok(&[
        "resolve",
        p,
        "A1",
        "--decide",
        "A delivery attempt times out after 10 seconds",
    ]);
    ok(&[
        "resolve",
        p,
        "A2",
        "--defer",
        "security review decides what a valid URL is",
    ]);
    ok(&["run", p, "revise", "--accept"]);
    ok(&["lock", p, "--note", "First reviewed plan", "--yes"]);
    ok(&["run", p, "verify", "--accept"]);
    let verdict = ok(&["validate", p]);
    assert!(verdict.contains("Ready to export"), "{verdict}");
    let written = ok(&["export", p]);
    assert!(
        written.trim_end().ends_with("implementation-plan.md"),
        "{written}"
    );

    let session = h.load_plan();
    assert_eq!(session.stage, Stage::Verification);
    assert_eq!(session.tasks.len(), 13);
    assert!(matches!(
        session.ambiguities[0].state,
        AmbiguityState::Resolved { .. }
    ));
    assert!(matches!(
        session.ambiguities[1].state,
        AmbiguityState::Deferred { .. }
    ));
    assert_eq!(session.versions.len(), 1);
    let md = std::fs::read_to_string(h.exports().join("implementation-plan.md"))
        .expect("implementation-plan.md was written");
    assert!(md.contains("times out after 10 seconds"), "{md}");
    // The decision went into the task its question affects: delivery with retries.
    let delivery = session
        .tasks
        .iter()
        .find(|t| t.title.contains("Deliver webhooks"))
        .expect("the delivery task");
    assert!(
        delivery.description.contains("times out after 10 seconds"),
        "{delivery:?}"
    );
    assert!(md.contains("**Verdict: ready"), "{md}");
    assert!(md.contains("version 1"), "{md}");
}
