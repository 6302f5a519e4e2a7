//! The README's walkthrough, end to end, in the real binary in tmux, with
//! the offline planner: the example spec through all six stages to an
//! exported implementation-plan.md, exactly as a newcomer types it.
#[path = "tmux_support/mod.rs"]
mod tmux_support;

use planner_tui::plan::{AmbiguityState, Stage};
use tmux_support::{BIN, CONTEXT, SPEC, Terminal};

const DECISION: &str = "A delivery attempt times out after 10 seconds";

#[test]
fn from_the_example_spec_to_implementation_plan_md_through_six_stages() {
    let t = Terminal::start(120, 40);
    // Stage 1, gather: `new` in a terminal creates the session and opens it.
    t.run(&format!(
        "{BIN} new --title 'Outbound webhooks' --spec {SPEC} --context {CONTEXT}"
    ));
    t.wait_text("9 requirements");

    // Stage 2: decompose, review, accept.
    t.keys(&["2", "r"]);
    t.wait_text("Proposal: Decompose the spec into tasks (offline heuristics)");
    t.keys(&["A"]);
    t.wait_text("Tasks (13)");

    // Stage 3: the dependency map; the graph shows the waves.
    t.keys(&["3", "r"]);
    t.wait_for("the dependency step's answer", |s| {
        s.contains("Map the dependencies proposed no changes")
            || s.contains("Proposal: Map the dependencies")
    });
    if t.screen().contains("Proposal: Map the dependencies") {
        t.keys(&["A"]);
    }
    // The pane lists the selected task's neighbours when the picture does
    // not fit; zoomed, it draws the waves.
    t.wait_text("Graph: around T1");
    t.keys(&["z"]);
    t.wait_text("Graph: 5 waves");
    t.keys(&["z"]);

    // Stage 4: the ambiguities.
    t.keys(&["4", "r"]);
    t.wait_text("Proposal: List the ambiguities (offline heuristics)");
    t.keys(&["A"]);
    t.wait_text("Ambiguities (8 open of 8)");

    // Stage 5: decide one, defer one, dismiss one; revise the plan under the decision.
    t.keys(&["5"]);
    t.wait_text("5 Resolve & lock");
    t.keys(&["g", "Enter"]);
    t.wait_text("Decide A1");
    t.type_text(DECISION);
    t.keys(&["Enter"]);
    t.wait_text("A1 resolved; the decision is now a constraint.");
    t.keys(&["j", "D"]);
    t.type_text("security review decides what a valid URL is");
    t.keys(&["Enter"]);
    t.wait_text("A2 deferred.");
    t.keys(&["G", "x"]);
    t.wait_text("Ambiguities (5 open of 8)");
    t.keys(&["r"]);
    t.wait_text("Proposal: Revise the plan after decisions (offline heuristics)");
    t.keys(&["A"]);
    t.wait_text("proposed changes as one edit");
    // Lock version 1 with a note; five ambiguities are still open, so it asks.
    t.keys(&["L"]);
    t.wait_text("Lock the plan as version 1");
    t.type_text("First reviewed plan");
    t.keys(&["Enter"]);
    t.wait_text("still open — lock anyway?");
    t.keys(&["y"]);
    t.wait_text("Locked version 1.");
    // The versions list shows it, with its note.
    t.keys(&["V"]);
    t.wait_text("First reviewed plan");
    t.keys(&["Escape"]);

    // Stage 6: verification conditions for every task.
    t.keys(&["6", "r"]);
    t.wait_for("the verification step's answer", |s| {
        s.contains("Add verification conditions proposed no changes")
            || s.contains("Proposal: Add verification conditions")
    });
    if t.screen().contains("Proposal: Add verification conditions") {
        t.keys(&["A"]);
    }

    // Validate: the verdict at a glance, the three passes, both readings in.
    t.keys(&["v"]);
    t.wait_for("the validation with both readings", |s| {
        s.contains("✓ Ready to export")
            && s.contains("9 of 9 requirements covered")
            && s.matches("Read by the offline planner").count() == 2
    });
    t.keys(&["q"]);

    // Export: E, Enter writes implementation-plan.md to the export directory.
    t.keys(&["E"]);
    t.wait_text("Export the plan");
    t.keys(&["Enter"]);
    t.wait_text("Exported md to");
    let plan_file = t.export_dir().join("implementation-plan.md");
    let plan = std::fs::read_to_string(&plan_file).expect("implementation-plan.md was written");
    assert!(
        plan.starts_with("# Implementation plan: Outbound webhooks"),
        "{plan}"
    );
    assert!(plan.contains(DECISION), "the decision is in the plan");
    assert!(plan.contains("### 13. T13"), "all 13 tasks are in the plan");
    assert!(plan.contains("```mermaid"), "the graph is in the plan");
    assert!(
        plan.contains("plan version 1, locked"),
        "the plan says which version it is"
    );

    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "0", "quit exits 0");
    let (_, saved) = t.only_session();
    assert_eq!(saved.stage, Stage::Verification);
    assert_eq!(saved.tasks.len(), 13);
    assert!(saved.tasks.iter().all(|t| t.verification.is_some()));
    assert_eq!(saved.spec.constraints.len(), 1);
    assert!(matches!(
        saved.ambiguities[0].state,
        AmbiguityState::Resolved { .. }
    ));
    assert!(matches!(
        saved.ambiguities[1].state,
        AmbiguityState::Deferred { .. }
    ));
}
