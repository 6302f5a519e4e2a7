//! Locking and the versions in the terminal app: `L` (the note, the gate,
//! the edit and its undo), `V` (the list, marking a base, the diff), and
//! snapshots of the overlays at 80×24 and 120×40.
mod common;

use common::*;
use planner_tui::plan::{DepKind, Dependency, Edit, Session, TaskId, Timestamp, apply};
use planner_tui::tui::State;
use planner_tui::tui::effect::Effect;
use planner_tui::tui::keymap::Mode;
use planner_tui::tui::state::{ConfirmAction, Overlay, Pane};
use planner_tui::versions::Side;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn at(day: u32, hour: u32) -> Timestamp {
    Timestamp::from_civil(2026, 11, day, hour, 0, 0)
}

fn lock(s: &mut Session, note: &str, when: Timestamp) {
    apply(
        s,
        Edit::LockVersion {
            note: note.into(),
            at: when,
        },
    )
    .expect("lock");
}

/// v1 as first locked; v2 after a review (T3 renamed, T10 added at 2, T7
/// moved to the top, T9 removed, a dependency re-typed, a constraint
/// added); the current plan with T4's verification changed since.
fn versioned() -> Session {
    let mut s = lockable();
    lock(&mut s, "First cut, from the offline planner", at(25, 10));
    let revision = review_revision(&s, "Deliveries time out after 10 s");
    apply(&mut s, revision).expect("revision");
    lock(
        &mut s,
        "Reviewed with the payments team; timeouts agreed at 10 s per attempt",
        at(26, 16),
    );
    let mut t4 = s.task(TaskId(4)).cloned().expect("T4");
    t4.verification = Some("cargo test signature::rfc4231_vectors".into());
    apply(&mut s, Edit::UpdateTask { task: t4 }).expect("edit");
    s
}

fn with(session: Session, w: u16, h: u16) -> State {
    let mut s = State::with_session(session, None, w, h);
    s.clock = at(27, 9);
    s.focus = Pane::Tasks;
    s
}

// ---- locking ----

#[test]
fn lock_with_errors_is_refused_with_the_list_and_asks_for_no_note() {
    let mut session = lockable();
    // T3 now needs T7, which comes later: an ordering violation.
    session.tasks[2]
        .depends_on
        .push(Dependency::new(TaskId(7), DepKind::Schema));
    let mut s = with(session, 120, 40);
    assert!(press(&mut s, &["L"]).is_empty());
    let Some(Overlay::Error(report)) = s.overlays.last() else {
        panic!("expected the refusal, got {:?}", s.overlays.last());
    };
    assert_eq!(report.title, "The plan cannot be locked yet");
    assert!(
        report
            .what
            .starts_with("The analysis found 1 error that a locked version may not have:\n• ordering-violation: T3 "),
        "{}",
        report.what
    );
    assert!(report.what.ends_with("(T3, T7)"), "{}", report.what);
    assert_eq!(
        report.todo,
        "Fix them, then lock again: f lists the findings and F applies a finding's fix."
    );
    assert_eq!(s.overlays.len(), 1);
    press(&mut s, &["esc"]);
    assert!(s.overlays.is_empty());
    assert!(s.session().unwrap().versions.is_empty());
}

#[test]
fn lock_asks_first_while_ambiguities_are_open() {
    let mut s = with(webhook_session(), 120, 40);
    press(&mut s, &["L"]);
    assert_eq!(s.mode(), Mode::Prompt);
    type_text(&mut s, "first cut");
    assert!(press(&mut s, &["enter"]).is_empty());
    let Some(Overlay::Confirm(c)) = s.overlays.last() else {
        panic!("expected the question, got {:?}", s.overlays.last());
    };
    assert_eq!(c.title, "1 ambiguity is still open — lock anyway?");
    assert_eq!(
        c.lines[0],
        "A1  What counts as a timeout for a delivery attempt?"
    );
    assert_eq!(
        c.on_confirm,
        ConfirmAction::LockVersion {
            note: "first cut".into()
        }
    );
    // No: nothing is locked.
    assert!(press(&mut s, &["n"]).is_empty());
    assert!(s.overlays.is_empty());
    assert!(s.session().unwrap().versions.is_empty());
    // Yes: locked, stamped with the clock, saved.
    press(&mut s, &["L"]);
    type_text(&mut s, "first cut");
    press(&mut s, &["enter"]);
    assert_eq!(press(&mut s, &["y"]), vec![Effect::Save]);
    let v = &s.session().unwrap().versions;
    assert_eq!(v.len(), 1);
    assert_eq!((v[0].number, v[0].note.as_str()), (1, "first cut"));
    assert_eq!(v[0].locked_at, at(27, 9));
    assert_eq!(notice(&s), "Locked version 1.");
}

#[test]
fn an_empty_plan_is_not_locked() {
    let empty = Session::new("e", "Empty", Timestamp(0));
    let mut s = with(empty, 120, 40);
    press(&mut s, &["L"]);
    assert!(screen(&s).contains("Nothing to lock yet"), "{}", screen(&s));
    assert_eq!(s.mode(), planner_tui::tui::keymap::Mode::Popup);
}

#[test]
fn an_empty_note_keeps_the_prompt_open() {
    let mut s = with(lockable(), 120, 40);
    press(&mut s, &["L", "enter"]);
    assert_eq!(s.mode(), planner_tui::tui::keymap::Mode::Prompt);
    assert!(
        notice(&s).starts_with("Say what this version is"),
        "{}",
        notice(&s)
    );
    assert!(s.session().unwrap().versions.is_empty());
}

#[test]
fn lock_applies_at_once_and_undo_takes_it_back() {
    let mut s = with(lockable(), 120, 40);
    press(&mut s, &["L"]);
    let Some(Overlay::Prompt(p)) = s.overlays.last() else {
        panic!("expected the note prompt");
    };
    assert_eq!(p.title, "Lock the plan as version 1");
    type_text(&mut s, "agreed scope");
    assert_eq!(press(&mut s, &["enter"]), vec![Effect::Save]);
    assert!(s.overlays.is_empty());
    let session = s.session().unwrap();
    assert_eq!(session.versions.len(), 1);
    assert_eq!(session.versions[0].tasks, session.tasks);
    assert_eq!(session.versions[0].constraints, session.spec.constraints);

    assert_eq!(press(&mut s, &["u"]), vec![Effect::Save]);
    assert!(s.session().unwrap().versions.is_empty());
    press(&mut s, &["ctrl-r"]);
    assert_eq!(s.session().unwrap().versions[0].note, "agreed scope");

    // The next one is number 2.
    press(&mut s, &["L"]);
    let Some(Overlay::Prompt(p)) = s.overlays.last() else {
        panic!("expected the note prompt");
    };
    assert_eq!(p.title, "Lock the plan as version 2");
    press(&mut s, &["esc"]);
    assert!(s.overlays.is_empty());
    assert_eq!(s.session().unwrap().versions.len(), 1);
}

// ---- the versions list and the diff ----

#[test]
fn versions_list_compares_with_the_previous_version_or_the_marked_base() {
    let mut s = with(versioned(), 120, 40);
    press(&mut s, &["V"]);
    assert_eq!(s.mode(), Mode::Versions);
    // On the current plan: Enter compares v2 with it.
    press(&mut s, &["enter"]);
    let Some(Overlay::Diff(d)) = s.overlays.last() else {
        panic!("expected the diff");
    };
    assert_eq!((d.from, d.to), (Side::Version(2), Side::Current));
    assert_eq!(d.summary, "1 changed");
    press(&mut s, &["esc"]);
    assert_eq!(s.mode(), Mode::Versions);

    // On v1 with nothing marked there is nothing before it.
    press(&mut s, &["g", "enter"]);
    assert_eq!(s.mode(), Mode::Versions);
    assert!(
        notice(&s).starts_with("This is the first version"),
        "{}",
        notice(&s)
    );

    // Mark v1, go to the current plan: Enter compares v1 with it.
    press(&mut s, &["space", "G", "enter"]);
    let Some(Overlay::Diff(d)) = s.overlays.last() else {
        panic!("expected the diff");
    };
    assert_eq!((d.from, d.to), (Side::Version(1), Side::Current));
    assert!(
        d.summary
            .starts_with("1 added · 1 removed · 2 changed · 1 moved"),
        "{}",
        d.summary
    );
    press(&mut s, &["esc", "esc"]);
    assert!(s.overlays.is_empty());
}

#[test]
fn the_diff_scrolls_within_its_lines() {
    let mut s = with(versioned(), 80, 24);
    press(&mut s, &["V", "k", "k", "space", "G", "enter"]);
    let len = match s.overlays.last() {
        Some(Overlay::Diff(d)) => d.lines.len(),
        other => panic!("expected the diff, got {other:?}"),
    };
    press(&mut s, &["j", "j", "pagedown", "G"]);
    let Some(Overlay::Diff(d)) = s.overlays.last() else {
        panic!("expected the diff");
    };
    assert_eq!(d.offset, len - 1);
    press(&mut s, &["g"]);
    let Some(Overlay::Diff(d)) = s.overlays.last() else {
        panic!("expected the diff");
    };
    assert_eq!(d.offset, 0);
}

#[test]
fn versions_without_any_say_how_to_lock() {
    let mut s = with(lockable(), 120, 40);
    press(&mut s, &["V", "enter"]);
    assert_eq!(s.mode(), Mode::Versions);
    assert_eq!(
        notice(&s),
        "Nothing is locked yet: L locks the plan as version 1."
    );
}

#[test]
fn session_text_is_drawn_safely() {
    let mut session = lockable();
    lock(
        &mut session,
        "note \u{1b}[2J\u{1b}]0;title\u{7}",
        at(25, 10),
    );
    session.tasks[0].title = "Tables \u{1b}[31mred\u{202e}".into();
    let mut s = with(session, 120, 40);
    press(&mut s, &["V", "enter"]);
    let text = screen(&s);
    assert!(text.contains("~ T1  Tables ␛[31mred�"), "{text}");
    press(&mut s, &["esc", "k"]);
    let text = screen(&s);
    assert!(text.contains("Note: note ␛[2J␛]0;title�"), "{text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
}

// ---- snapshots ----

fn snap(name: &str, session: impl Fn() -> Session, keys: &[&str], text: &str) {
    for (w, h) in SIZES {
        let mut s = with(session(), w, h);
        press(&mut s, keys);
        if !text.is_empty() {
            type_text(&mut s, text);
        }
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&s));
    }
}

#[test]
fn snapshots() {
    snap("versions_list", versioned, &["V"], "");
    snap(
        "versions_marked_base",
        versioned,
        &["V", "g", "space", "G"],
        "",
    );
    snap("versions_empty", lockable, &["V"], "");
    snap(
        "diff_v1_to_current",
        versioned,
        &["V", "g", "space", "G", "enter"],
        "",
    );
    snap(
        "lock_note_prompt",
        lockable,
        &["L"],
        "Agreed with the payments team",
    );
    snap(
        "lock_open_ambiguities",
        webhook_session,
        &["L", "v", "1", "enter"],
        "",
    );
    snap(
        "lock_refused",
        || {
            let mut s = lockable();
            s.tasks[2]
                .depends_on
                .push(Dependency::new(TaskId(7), DepKind::Schema));
            s
        },
        &["L"],
        "",
    );
}
