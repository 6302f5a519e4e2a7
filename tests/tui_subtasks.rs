//! Subtasks and inferred dependencies in the Tasks pane: a subtask stands
//! under its parent marked `↳`, its detail names its parent and the id it
//! had in its file, and an inferred dependency says so; the task can be
//! edited like any other and stays a subtask.
mod common;

use common::*;
use planner_tui::interop::kiro;
use planner_tui::tui::State;
use planner_tui::tui::state::Pane;

const TASKS: &str = "# Implementation Plan\n\n- [x] 1. Add auth types\n  - _Requirements: 1.1_\n\n- [ ] 2. Create the auth endpoint\n  - [ ] 2.1 Write the POST handler\n    - Validate the password\n";

fn imported() -> State {
    let session = kiro::read(TASKS, None, None, "auth")
        .expect("reads")
        .session;
    let mut s = State::with_session(session, None, 120, 40);
    s.focus = Pane::Tasks;
    s.finish_analysis();
    s
}

#[test]
fn a_subtask_stands_under_its_parent_and_says_where_it_came_from() {
    let mut s = imported();
    let text = screen(&s);
    assert!(text.contains("↳ Write the POST handler"), "{text}");
    // Select the subtask: its detail names its parent, its id in the file,
    // and the dependency read from the list's order as inferred.
    press(&mut s, &["j", "j"]);
    let text = screen(&s);
    assert!(text.contains("Subtask of: T2"), "{text}");
    assert!(text.contains("Id in the file: 2.1"), "{text}");
    assert!(text.contains("T2 other (inferred)"), "{text}");
}

#[test]
fn editing_a_subtask_keeps_it_a_subtask() {
    let mut s = imported();
    press(&mut s, &["j", "j", "enter"]);
    type_text(&mut s, " now");
    press(&mut s, &["ctrl-s"]);
    let open = s.open.as_ref().expect("a session is open");
    let sub = open
        .session
        .tasks
        .iter()
        .find(|t| t.source_id.as_deref() == Some("2.1"))
        .expect("the subtask");
    assert!(sub.title.contains("now"), "{}", sub.title);
    assert_eq!(sub.parent.map(|p| p.0), Some(2));
}
