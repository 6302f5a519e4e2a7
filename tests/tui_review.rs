//! The analysis in the app (markers, stage-bar counts, the findings list
//! with its fixes) and the proposal review overlay, driven by keys on the
//! example webhook session.
mod common;

use common::*;
use planner_tui::analysis::Code;
use planner_tui::plan::{DepKind, Dependency, Edit, Session, Stage, TaskId, Timestamp, apply};
use planner_tui::tui::State;
use planner_tui::tui::effect::Effect;
use planner_tui::tui::state::{Overlay, Pane, Review, Severity};
use planner_tui::workflow::Step;
use planner_tui::workflow::run::offline_proposal;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn ids(s: &State) -> Vec<u32> {
    s.session().unwrap().tasks.iter().map(|t| t.id.0).collect()
}

/// T1 made to depend on T4, which comes after it: an ordering violation.
fn misordered(width: u16, height: u16) -> State {
    let mut s = state(width, height);
    s.focus = Pane::Tasks;
    press(&mut s, &["g", "e", "j", "j", "space", "enter"]);
    s
}

#[test]
fn markers_and_counts_follow_every_edit() {
    let s = state(120, 40);
    // T8 has no verification.
    assert_eq!(s.markers[&TaskId(8)].severity, Severity::Warning);
    assert!(s.markers[&TaskId(8)].notes[0].contains("has no verification"));
    assert!(!screen(&s).contains("Deps ("), "no errors yet");

    let mut s = misordered(120, 40);
    let deps = &s.session().unwrap().tasks[0].depends_on;
    assert_eq!(deps, &[Dependency::new(TaskId(4), DepKind::Other)]);
    assert_eq!(s.markers[&TaskId(1)].severity, Severity::Error);
    assert!(screen(&s).contains("3 Deps (1)"), "{}", screen(&s));
    // Undo takes the finding away again.
    press(&mut s, &["u"]);
    assert!(!s.markers.contains_key(&TaskId(1)));
    assert!(!screen(&s).contains("Deps ("));
}

#[test]
fn findings_list_goes_to_tasks_and_applies_fixes_as_one_edit() {
    let mut s = misordered(120, 40);
    press(&mut s, &["f"]);
    let text = screen(&s);
    assert!(text.contains("Findings: 1 errors"), "{text}");
    assert!(
        text.contains("Errors (1)") && text.contains("Warnings ("),
        "{text}"
    );
    assert!(text.contains("ordering-violation"), "{text}");

    // Enter on the error goes to its task.
    press(&mut s, &["j", "k", "enter"]);
    assert!(s.overlays.is_empty());
    assert_eq!(s.focus, Pane::Tasks);
    assert_eq!(s.tasks.selected, Some(TaskId(1)));

    // The corrected order is the last finding (a suggestion) and has a fix.
    press(&mut s, &["f", "G"]);
    let open = s.open.as_ref().unwrap();
    let last = open.report.findings.last().unwrap();
    assert_eq!(last.code, Code::CorrectedOrder);
    let effects = press(&mut s, &["x"]);
    assert_eq!(effects, vec![Effect::Save]);
    assert!(notice(&s).starts_with("Fixed: apply the corrected order"));
    let order = ids(&s);
    let pos = |id: u32| order.iter().position(|&x| x == id).unwrap();
    assert!(pos(4) < pos(1), "T4 now comes before T1: {order:?}");
    assert!(
        s.open
            .as_ref()
            .unwrap()
            .report
            .findings
            .iter()
            .all(|f| f.code != Code::OrderingViolation)
    );
    assert!(
        matches!(s.overlays.last(), Some(Overlay::Findings(_))),
        "the list stays open"
    );
    // One undo step brings the old order back.
    press(&mut s, &["esc", "u"]);
    assert_eq!(ids(&s), (1..=9).collect::<Vec<_>>());

    // A finding without a fix says so and changes nothing.
    press(&mut s, &["f"]);
    let open = s.open.as_ref().unwrap();
    let no_fix = open
        .report
        .findings
        .iter()
        .position(|f| f.fix.is_none())
        .unwrap();
    for _ in 0..no_fix {
        press(&mut s, &["j"]);
    }
    assert!(press(&mut s, &["x"]).is_empty());
    assert!(notice(&s).starts_with("No automatic fix"), "{}", notice(&s));
}

#[test]
fn findings_overlay_snapshots() {
    for (w, h) in SIZES {
        let mut s = misordered(w, h);
        press(&mut s, &["f", "j"]);
        insta::assert_snapshot!(format!("findings_{w}x{h}"), screen(&s));
    }
}

/// The example spec and context with no tasks yet, at stage 2.
fn fresh(width: u16, height: u16) -> State {
    let mut session = Session::new(
        "webhooks",
        "Outbound webhooks",
        Timestamp::from_civil(2026, 11, 25, 14, 51, 1),
    );
    apply(
        &mut session,
        Edit::SetSpecText {
            text: SPEC.to_string(),
        },
    )
    .unwrap();
    apply(
        &mut session,
        Edit::SetContext {
            text: CONTEXT.to_string(),
        },
    )
    .unwrap();
    session.stage = Stage::Decompose;
    let mut s = State::with_session(session, None, width, height);
    s.focus = Pane::Tasks;
    s
}

fn review_of_decomposition(width: u16, height: u16) -> State {
    let mut s = fresh(width, height);
    let proposal = offline_proposal(Step::Decompose, s.session().unwrap());
    assert!(proposal.change_count() > 3, "{:?}", proposal.notes);
    s.overlays
        .push(Overlay::Review(Box::new(Review::new(proposal))));
    s
}

#[test]
fn review_overlay_snapshots() {
    for (w, h) in SIZES {
        let mut s = review_of_decomposition(w, h);
        press(&mut s, &["j", "space", "j"]);
        insta::assert_snapshot!(format!("review_decompose_{w}x{h}"), screen(&s));
    }
}

#[test]
fn accepting_all_is_one_undo_step_and_rejecting_changes_nothing() {
    let mut s = review_of_decomposition(120, 40);
    let before = s.session().unwrap().clone();
    // Changes are ticked: Esc asks first, and only y says yes.
    assert!(press(&mut s, &["esc"]).is_empty());
    let Some(Overlay::Confirm(c)) = s.overlays.last() else {
        panic!("asks first")
    };
    assert_eq!(c.title, "Reject the proposal?");
    press(&mut s, &["enter"]);
    assert!(matches!(s.overlays.last(), Some(Overlay::Confirm(_))));
    press(&mut s, &["esc"]);
    assert!(
        matches!(s.overlays.last(), Some(Overlay::Review(_))),
        "back to the review"
    );
    assert!(press(&mut s, &["esc", "y"]).is_empty());
    assert!(s.overlays.is_empty());
    assert_eq!(s.session().unwrap(), &before);
    assert_eq!(notice(&s), "Proposal rejected; the plan is unchanged.");

    let mut s = review_of_decomposition(120, 40);
    let changes = match s.overlays.last() {
        Some(Overlay::Review(r)) => r.change_count(),
        _ => unreachable!(),
    };
    assert_eq!(press(&mut s, &["A"]), vec![Effect::Save]);
    let tasks = s.session().unwrap().tasks.len();
    assert!(tasks > 3, "{tasks} tasks");
    assert!(
        notice(&s).starts_with(&format!("Accepted {changes} of {changes} proposed changes")),
        "{}",
        notice(&s)
    );
    assert_eq!(s.tasks.selected, Some(s.session().unwrap().tasks[0].id));
    press(&mut s, &["u"]);
    assert_eq!(s.session().unwrap().tasks.len(), 0, "one undo step");
}

#[test]
fn unticked_items_are_left_out() {
    let mut s = review_of_decomposition(120, 40);
    let (first_title, total) = match s.overlays.last() {
        Some(Overlay::Review(r)) => (r.lines[0].clone(), r.change_count()),
        _ => unreachable!(),
    };
    // Untick the first item, accept the ticked ones.
    press(&mut s, &["space", "enter"]);
    assert!(
        notice(&s).starts_with(&format!("Accepted {} of {total}", total - 1)),
        "{}",
        notice(&s)
    );
    let titles: Vec<String> = s
        .session()
        .unwrap()
        .tasks
        .iter()
        .map(|t| t.title.clone())
        .collect();
    assert!(
        titles.iter().all(|t| !first_title.contains(t.as_str())),
        "{first_title} was left out: {titles:?}"
    );
}

#[test]
fn a_proposal_that_no_longer_fits_stays_open_under_the_error() {
    let mut s = state(120, 40);
    s.focus = Pane::Tasks;
    // The offline planner proposes a verification for T8, which has none.
    let proposal = offline_proposal(Step::Verify, s.session().unwrap());
    let describe = proposal.describe();
    assert!(
        describe.iter().any(|l| l.contains("T8 verification")),
        "{describe:?}"
    );
    // T8 is deleted before the proposal is accepted.
    press(&mut s, &["G", "k", "d", "y"]);
    assert!(s.session().unwrap().task(TaskId(8)).is_none());
    s.overlays
        .push(Overlay::Review(Box::new(Review::new(proposal))));
    let before = s.session().unwrap().clone();
    assert!(press(&mut s, &["A"]).is_empty());
    assert_eq!(s.session().unwrap(), &before, "nothing changed");
    let Some(Overlay::Error(report)) = s.overlays.last() else {
        panic!("{:?}", s.overlays)
    };
    assert!(report.what.contains("run the step again"), "{report:?}");
    assert!(report.todo.contains("still open"), "{report:?}");
    // Closing the error shows the proposal again, to untick what no longer fits.
    press(&mut s, &["esc"]);
    assert!(matches!(s.overlays.last(), Some(Overlay::Review(_))));
}

#[test]
fn an_edit_defers_the_analysis_to_the_next_frame() {
    let mut s = state(120, 40);
    s.focus = Pane::Tasks;
    let mut pending = Vec::new();
    if let Some(action) = planner_tui::tui::input::translate(&s, &mut pending, key("J")) {
        planner_tui::tui::update(&mut s, action);
    }
    let open = s.open.as_ref().unwrap();
    assert!(open.analysis_due, "the keypress itself does not analyse");
    assert_eq!(
        open.index.position(TaskId(1)),
        Some(1),
        "but the index already follows the move"
    );
    assert!(s.finish_analysis());
    assert!(!s.open.as_ref().unwrap().analysis_due);
    assert!(!s.finish_analysis(), "nothing left to do");
}

#[test]
fn the_v_column_marks_missing_and_vague_verification() {
    let mut s = state(120, 40);
    // T1's verification becomes vague.
    if let Some(open) = s.open.as_mut() {
        open.session.tasks[0].verification = Some("it works".into());
    }
    s.session_changed();
    s.finish_analysis();
    let text = screen(&s);
    let row = |id: &str| {
        text.lines()
            .find(|l| l.contains(&format!(" {id} ")))
            .unwrap_or_default()
            .to_string()
    };
    // The V column, then the status (· pending).
    assert!(row("T1").contains("~·"), "T1 is vague: {}", row("T1"));
    assert!(row("T8").contains("✗·"), "T8 has none: {}", row("T8"));
    assert!(row("T2").contains("✓·"), "T2 is concrete: {}", row("T2"));
}

#[test]
fn what_the_plan_contradicts_starts_unticked_and_says_why() {
    let mut s = state(120, 40);
    let session = s.session().unwrap().clone();
    let task = session
        .tasks
        .iter()
        .find(|t| !t.produces.is_empty())
        .expect("a task that produces something")
        .clone();
    let mut hollow = task.clone();
    hollow.produces.clear();
    let mut renamed = task.clone();
    renamed.title = format!("{} (renamed)", task.title);
    let mut proposal = planner_tui::workflow::Proposal::new(Step::Revise, &session);
    proposal.items = vec![
        planner_tui::workflow::ProposalItem::UpdateTask {
            before: task.clone(),
            after: hollow,
        },
        planner_tui::workflow::ProposalItem::UpdateTask {
            before: task.clone(),
            after: renamed,
        },
    ];
    proposal.check_against(&session);
    let review = Review::new(proposal);
    assert_eq!(review.ticked, [false, true]);
    s.overlays.push(Overlay::Review(Box::new(review)));
    let text = screen(&s);
    assert!(text.contains("✗ contrad"), "{text}");
    assert!(
        text.contains(&format!(
            "✗ The plan contradicts this change: {} would",
            task.id
        )),
        "{text}"
    );
}
