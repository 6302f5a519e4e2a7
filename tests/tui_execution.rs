//! Executing the plan in the app: each task's status in the Tasks pane, the
//! key that sets it (asking before marking a task done ahead of its
//! dependencies), the status filter, the next task marked and reachable,
//! progress in the stage bar, and statuses a coding agent changed in the
//! file taken in without a save and without losing the user's own edits.
mod common;

use common::*;
use planner_tui::plan::{TaskId, TaskStatus};
use planner_tui::store::StatusChange;
use planner_tui::tui::action::{Action, AppEvent};
use planner_tui::tui::effect::Effect;
use planner_tui::tui::state::{ConfirmAction, Overlay, Pane};
use planner_tui::tui::{State, update};

fn tasks_state(width: u16, height: u16) -> State {
    let mut s = state(width, height);
    s.focus = Pane::Tasks;
    s
}

fn status(s: &State, id: u32) -> TaskStatus {
    s.session()
        .and_then(|x| x.task(TaskId(id)))
        .expect("task")
        .status
}

fn outside(s: &mut State, changes: &[(u32, TaskStatus, TaskStatus)]) -> Vec<Effect> {
    let changes = changes
        .iter()
        .map(|&(id, was, now)| StatusChange {
            id: TaskId(id),
            was,
            now,
        })
        .collect();
    let effects = update(s, Action::App(AppEvent::StatusesChanged(changes)));
    s.finish_analysis();
    effects
}

/// The row of the task list that shows `title`.
fn row<'a>(screen: &'a str, title: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("no row with {title}:\n{screen}"))
}

#[test]
fn the_status_key_sets_a_status_as_one_undoable_edit() {
    let mut s = tasks_state(120, 40);
    let screen0 = screen(&s);
    assert!(screen0.contains("0/9 done · next T1"), "{screen0}");
    assert!(
        row(&screen0, "Create webhook_endpoints").contains("→ Create webhook_endpoints"),
        "the next task is marked:\n{screen0}"
    );

    // T1 selected: s, then down to in-progress, Enter.
    press(&mut s, &["g", "s"]);
    assert!(matches!(s.overlays.last(), Some(Overlay::StatusPicker(_))));
    assert!(screen(&s).contains("Status of T1"), "{}", screen(&s));
    let effects = press(&mut s, &["j", "enter"]);
    assert_eq!(effects, vec![Effect::Save]);
    assert_eq!(status(&s, 1), TaskStatus::InProgress);
    assert_eq!(notice(&s), "T1 is in-progress.");
    let shown = screen(&s);
    assert!(
        row(&shown, "Create webhook_endpoints").contains("▶"),
        "{shown}"
    );
    assert!(
        shown.contains("Status: ▶ in progress · the task to do now"),
        "{shown}"
    );

    // Done, three rows further down the picker.
    press(&mut s, &["s", "j", "j", "enter"]);
    assert_eq!(status(&s, 1), TaskStatus::Done);
    let shown = screen(&s);
    assert!(shown.contains("1/9 done · next T2"), "{shown}");
    assert!(
        row(&shown, "Create webhook_endpoints").contains("✔"),
        "{shown}"
    );

    press(&mut s, &["u"]);
    assert_eq!(status(&s, 1), TaskStatus::InProgress, "undo takes it back");
    press(&mut s, &["u"]);
    assert_eq!(status(&s, 1), TaskStatus::Pending);
}

#[test]
fn marking_done_ahead_of_a_dependency_asks_first() {
    let mut s = tasks_state(120, 40);
    // T3 depends on T1 (schema), which is pending.
    press(&mut s, &["g", "j", "j"]);
    assert_eq!(s.tasks.selected, Some(TaskId(3)));
    press(&mut s, &["s"]);
    assert!(
        screen(&s).contains("1 dependency not done"),
        "the picker warns on done:\n{}",
        screen(&s)
    );
    let effects = press(&mut s, &["j", "j", "j", "enter"]);
    assert!(effects.is_empty(), "nothing changes before the answer");
    let Some(Overlay::Confirm(c)) = s.overlays.last() else {
        panic!("a question: {:?}", s.overlays)
    };
    assert_eq!(
        c.on_confirm,
        ConfirmAction::SetStatus {
            task: TaskId(3),
            status: TaskStatus::Done
        }
    );
    assert!(screen(&s).contains("T3 depends on T1 (pending), not done yet"));
    press(&mut s, &["t"]);
    assert_eq!(status(&s, 3), TaskStatus::Pending, "no leaves it");
    press(&mut s, &["s", "j", "j", "j", "enter", "y"]);
    assert_eq!(status(&s, 3), TaskStatus::Done, "yes marks it");
}

#[test]
fn the_status_filter_steps_through_open_and_each_status() {
    let mut s = tasks_state(120, 40);
    outside(
        &mut s,
        &[
            (1, TaskStatus::Pending, TaskStatus::Done),
            (2, TaskStatus::Pending, TaskStatus::Review),
        ],
    );
    press(&mut s, &["F"]);
    assert!(screen(&s).contains("Tasks: 8 of 9 open"), "{}", screen(&s));
    press(&mut s, &["F"]);
    assert!(
        screen(&s).contains("Tasks: 7 of 9 pending"),
        "{}",
        screen(&s)
    );
    press(&mut s, &["F", "F"]);
    let shown = screen(&s);
    assert!(shown.contains("Tasks: 1 of 9 review"), "{shown}");
    assert!(shown.contains("Define the WebhookEvent type"), "{shown}");
    assert!(!shown.contains("HMAC-SHA256 signing helper"), "{shown}");
    // Blocked: none, and the list says how to go on.
    press(&mut s, &["F"]);
    assert!(
        screen(&s).contains("No blocked task (F shows the next status)."),
        "{}",
        screen(&s)
    );
    press(&mut s, &["esc"]);
    assert!(screen(&s).contains("Tasks (9)"), "Esc clears it");
}

#[test]
fn the_next_key_goes_to_the_task_to_do_now() {
    let mut s = tasks_state(120, 40);
    outside(&mut s, &[(1, TaskStatus::Pending, TaskStatus::Done)]);
    press(&mut s, &["G", "t"]);
    assert_eq!(s.tasks.selected, Some(TaskId(2)));
    for id in 1..=9 {
        let was = status(&s, id);
        outside(&mut s, &[(id, was, TaskStatus::Done)]);
    }
    press(&mut s, &["t"]);
    assert_eq!(notice(&s), "No task to start: all done.");
    assert!(screen(&s).contains("9/9 done"), "{}", screen(&s));
}

#[test]
fn statuses_set_outside_show_at_once_and_the_users_own_change_wins() {
    let mut s = tasks_state(120, 40);
    // The user sets T2 in review (not yet saved).
    press(&mut s, &["g", "j", "s", "j", "j", "enter"]);
    assert_eq!(status(&s, 2), TaskStatus::Review);
    // An agent marks T1 done and T2 in progress.
    let effects = outside(
        &mut s,
        &[
            (1, TaskStatus::Pending, TaskStatus::Done),
            (2, TaskStatus::Pending, TaskStatus::InProgress),
        ],
    );
    assert!(effects.is_empty(), "nothing to save: the file has it");
    assert_eq!(status(&s, 1), TaskStatus::Done);
    assert_eq!(
        status(&s, 2),
        TaskStatus::Review,
        "the user's own change stays"
    );
    assert_eq!(
        notice(&s),
        "Set outside the app: T1 done. T2 stays review here (set to in-progress outside; yours is saved)."
    );
    let shown = screen(&s);
    assert!(shown.contains("1/9 done"), "{shown}");
    // A second change to T1 from outside is taken too.
    outside(&mut s, &[(1, TaskStatus::Pending, TaskStatus::Review)]);
    assert_eq!(status(&s, 1), TaskStatus::Review);
    // Undo is for the user's own edits: it takes back T2's review, not T1.
    press(&mut s, &["u"]);
    assert_eq!(status(&s, 2), TaskStatus::Pending);
    assert_eq!(status(&s, 1), TaskStatus::Review);
}

#[test]
fn undoing_a_task_edit_keeps_a_status_set_since() {
    let mut s = tasks_state(120, 40);
    // Edit T1's title through the form.
    press(&mut s, &["g", "enter"]);
    type_text(&mut s, " now");
    press(&mut s, &["ctrl-s"]);
    assert!(notice(&s).starts_with("Updated T1"), "{}", notice(&s));
    outside(&mut s, &[(1, TaskStatus::Pending, TaskStatus::Done)]);
    press(&mut s, &["u"]);
    let t1 = s.session().and_then(|x| x.task(TaskId(1))).expect("T1");
    assert!(!t1.title.ends_with(" now"), "the title edit is undone");
    assert_eq!(t1.status, TaskStatus::Done, "the agent's status stays");
}

#[test]
fn snapshots_of_statuses_the_picker_and_progress() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = tasks_state(w, h);
        outside(
            &mut s,
            &[
                (1, TaskStatus::Pending, TaskStatus::Done),
                (2, TaskStatus::Pending, TaskStatus::Done),
                (3, TaskStatus::Pending, TaskStatus::InProgress),
                (4, TaskStatus::Pending, TaskStatus::Review),
                (6, TaskStatus::Pending, TaskStatus::Blocked),
                (7, TaskStatus::Pending, TaskStatus::Deferred),
                (8, TaskStatus::Pending, TaskStatus::Cancelled),
            ],
        );
        s.status.notice = None;
        insta::assert_snapshot!(format!("statuses_{w}x{h}"), screen(&s));
        press(&mut s, &["g", "j", "j", "j", "j", "s"]);
        insta::assert_snapshot!(format!("status_picker_{w}x{h}"), screen(&s));
    }
}
