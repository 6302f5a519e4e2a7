//! The Validate overlay, driven by keys on the example webhook session: the
//! exact passes at once, the model's readings routed to it (not to the
//! review), Enter going to a row's task or requirement, and snapshots of
//! a plan that is not ready and one that is.
mod common;

use common::*;
use planner_tui::analysis::Code;
use planner_tui::plan::{RequirementId, TaskId};
use planner_tui::tui::State;
use planner_tui::tui::action::{Action, AppEvent};
use planner_tui::tui::effect::Effect;
use planner_tui::tui::state::validate::Row;
use planner_tui::tui::state::{ErrorReport, Overlay, Pane, ValidateView};
use planner_tui::tui::update;
use planner_tui::validate::{Link, Readiness, Reading};
use planner_tui::workflow::Step;
use planner_tui::workflow::run::offline_proposal;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn view(s: &State) -> &ValidateView {
    match s.overlays.last() {
        Some(Overlay::Validate(v)) => v,
        other => panic!("the Validate overlay is not on top: {other:?}"),
    }
}

fn notice(s: &State) -> String {
    s.status
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

/// What the worker would answer for each `RunStep`, with the offline
/// planner, until no step is asked for; the effects asked for on the way.
fn answer_offline(s: &mut State, mut effects: Vec<Effect>) -> Vec<Effect> {
    let mut all = Vec::new();
    while let Some(Effect::RunStep { step, request }) = effects
        .iter()
        .find(|e| matches!(e, Effect::RunStep { .. }))
        .cloned()
    {
        all.extend(effects.iter().cloned());
        let proposal = offline_proposal(step, s.session().unwrap());
        effects = update(
            s,
            Action::App(AppEvent::ProposalReady {
                request,
                proposal: Box::new(proposal),
            }),
        );
    }
    all.extend(effects);
    all
}

/// The fixture with every requirement covered: ready to export.
fn covered(width: u16, height: u16) -> State {
    let mut session = webhook_session();
    for (task, req) in [(5, "R1"), (3, "R2"), (4, "R3")] {
        let t = session
            .tasks
            .iter_mut()
            .find(|t| t.id == TaskId(task))
            .unwrap();
        t.covers.push(RequirementId::from(req));
    }
    // A vague check is worth a look; a missing one would block.
    for t in session
        .tasks
        .iter_mut()
        .filter(|t| t.verification.is_none())
    {
        t.verification = Some("it works".into());
    }
    State::with_session(session, None, width, height)
}

/// Press keys until the chosen row is the first one `pick` accepts.
fn choose(s: &mut State, pick: impl Fn(&Row) -> bool) {
    let target = view(s).rows.iter().position(pick).expect("such a row");
    for _ in 0..view(s).rows.len() {
        if view(s).selected == target {
            return;
        }
        press(s, &["j"]);
    }
    panic!("row {target} cannot be chosen");
}

#[test]
fn v_shows_the_exact_passes_then_routes_both_readings_to_the_view() {
    let mut s = state(120, 40);
    let effects = press(&mut s, &["v"]);
    assert_eq!(
        effects,
        vec![Effect::RunStep {
            step: Step::Completeness,
            request: 1
        }]
    );
    let v = view(&s);
    assert_eq!(v.validation.verdict.readiness, Readiness::NotReady);
    assert_eq!(v.validation.completeness.model, Reading::Pending);
    assert_eq!(v.awaiting, Some((1, Step::Completeness)));
    let text = screen(&s);
    assert!(
        text.contains("✗ Not ready: 3 uncovered requirements"),
        "{text}"
    );
    assert!(
        text.contains("Completeness · 6 of 9 requirements covered"),
        "{text}"
    );
    assert!(text.contains("reading…"), "{text}");
    assert!(text.contains("Ordering · in order"), "{text}");

    // Completeness arrives: shown in the view, and integration is asked for.
    let proposal = offline_proposal(Step::Completeness, s.session().unwrap());
    let effects = update(
        &mut s,
        Action::App(AppEvent::ProposalReady {
            request: 1,
            proposal: Box::new(proposal),
        }),
    );
    assert_eq!(
        effects,
        vec![Effect::RunStep {
            step: Step::Integration,
            request: 2
        }]
    );
    assert_eq!(s.overlays.len(), 1, "no review overlay: {:?}", s.overlays);
    assert!(matches!(
        view(&s).validation.completeness.model,
        Reading::Done(_)
    ));
    assert_eq!(view(&s).validation.integration.model, Reading::Pending);
    assert_eq!(s.status.activity.as_ref().map(|a| a.request), Some(2));

    let proposal = offline_proposal(Step::Integration, s.session().unwrap());
    let effects = update(
        &mut s,
        Action::App(AppEvent::ProposalReady {
            request: 2,
            proposal: Box::new(proposal),
        }),
    );
    assert!(effects.is_empty());
    assert!(s.status.activity.is_none(), "the spinner stops");
    assert_eq!(view(&s).awaiting, None);
    let text = screen(&s);
    assert!(!text.contains("reading…"), "{text}");
    assert!(
        text.contains("Read by the offline planner: 1 new gap (3 more repeat uncovered rows)"),
        "{text}"
    );
}

#[test]
fn a_failed_reading_shows_in_its_pass_and_the_next_one_still_runs() {
    let mut s = state(120, 40);
    press(&mut s, &["v"]);
    let effects = update(
        &mut s,
        Action::App(AppEvent::StepFailed {
            request: 1,
            report: ErrorReport::new(
                "The model step failed",
                "provider `test`: connection refused",
                "Check the provider's settings.",
            ),
        }),
    );
    assert_eq!(
        effects,
        vec![Effect::RunStep {
            step: Step::Integration,
            request: 2
        }]
    );
    assert_eq!(s.overlays.len(), 1, "no error popup: {:?}", s.overlays);
    assert_eq!(
        view(&s).validation.completeness.model,
        Reading::failed("provider `test`: connection refused")
    );
    let text = screen(&s);
    assert!(
        text.contains("The model's reading failed: provider `test`: connection refused"),
        "{text}"
    );
}

#[test]
fn closing_cancels_the_reading_and_its_late_answer_is_dropped() {
    let mut s = state(120, 40);
    press(&mut s, &["v"]);
    assert_eq!(press(&mut s, &["esc"]), vec![Effect::CancelStep]);
    assert!(s.overlays.is_empty());
    assert!(s.status.activity.is_none());
    let proposal = offline_proposal(Step::Completeness, s.session().unwrap());
    let effects = update(
        &mut s,
        Action::App(AppEvent::ProposalReady {
            request: 1,
            proposal: Box::new(proposal),
        }),
    );
    assert!(effects.is_empty());
    assert!(s.overlays.is_empty(), "nothing opens: {:?}", s.overlays);

    // With the readings in, closing cancels nothing.
    let effects = press(&mut s, &["v"]);
    answer_offline(&mut s, effects);
    assert!(press(&mut s, &["q"]).is_empty());
    assert!(s.overlays.is_empty());
}

#[test]
fn enter_goes_to_the_task_of_an_ordering_error() {
    let mut s = state(120, 40);
    // T1 made to depend on T4, which comes after it.
    s.focus = Pane::Tasks;
    press(&mut s, &["g", "e", "j", "j", "space", "enter"]);
    s.focus = Pane::Ambiguities;
    let effects = press(&mut s, &["v"]);
    answer_offline(&mut s, effects);
    assert!(screen(&s).contains("Not ready: 1 error, 3 uncovered requirements"));
    choose(
        &mut s,
        |r| matches!(r, Row::Item { text, .. } if text.contains("depends on T4")),
    );
    let detail = screen(&s);
    assert!(
        detail.contains("Enter: select T1 in the Tasks pane"),
        "{detail}"
    );
    assert!(press(&mut s, &["enter"]).is_empty());
    assert!(s.overlays.is_empty());
    assert_eq!(s.focus, Pane::Tasks);
    assert_eq!(s.tasks.selected, Some(TaskId(1)));
}

#[test]
fn enter_on_a_requirement_shows_its_line_in_the_spec() {
    let mut s = state(120, 40);
    let effects = press(&mut s, &["v"]);
    answer_offline(&mut s, effects);
    choose(
        &mut s,
        |r| matches!(r, Row::Item { link: Some(Link::Requirement(id)), .. } if id.as_str() == "R2"),
    );
    let line = s
        .session()
        .unwrap()
        .spec
        .requirements
        .iter()
        .find(|r| r.id.as_str() == "R2")
        .unwrap()
        .line;
    press(&mut s, &["enter"]);
    assert!(s.overlays.is_empty());
    assert_eq!(s.focus, Pane::Spec);
    assert_eq!(s.spec.spec.cursor(), (line - 1, 0));
    assert_eq!(notice(&s), format!("R2, spec line {line}."));
}

#[test]
fn r_reads_again_and_a_row_without_a_link_stays() {
    let mut s = covered(120, 40);
    let effects = press(&mut s, &["v"]);
    answer_offline(&mut s, effects);
    assert_eq!(
        press(&mut s, &["r"]),
        vec![Effect::RunStep {
            step: Step::Completeness,
            request: 3
        }]
    );
    assert_eq!(view(&s).validation.integration.model, Reading::Pending);
    assert!(press(&mut s, &["r"]).is_empty(), "one reading at a time");
    assert!(notice(&s).contains("still reading"), "{}", notice(&s));
    update(
        &mut s,
        Action::App(AppEvent::StepFailed {
            request: 3,
            report: ErrorReport::new("failed", "the server went away", "retry"),
        }),
    );
    choose(&mut s, |r| matches!(r, Row::Item { link: None, .. }));
    assert!(press(&mut s, &["enter"]).is_empty());
    assert!(matches!(s.overlays.last(), Some(Overlay::Validate(_))));
    assert!(notice(&s).contains("plan as a whole"), "{}", notice(&s));
}

#[test]
fn while_another_step_runs_only_the_exact_passes_are_shown() {
    let mut s = state(120, 40);
    s.focus = Pane::Ambiguities;
    assert_eq!(press(&mut s, &["r"]).len(), 1, "a step runs");
    assert!(press(&mut s, &["v"]).is_empty());
    assert_eq!(view(&s).validation.completeness.model, Reading::NotRun);
    assert!(notice(&s).starts_with("Another model step is running"));
    assert!(screen(&s).contains("The model's reading was not asked for: r asks for it."));
    // The step that was running is still the one awaited.
    assert_eq!(s.status.activity.as_ref().map(|a| a.request), Some(1));
}

#[test]
fn the_verdict_counts_what_the_findings_list_has() {
    let mut s = covered(120, 40);
    let effects = press(&mut s, &["v"]);
    answer_offline(&mut s, effects);
    let v = view(&s);
    assert_eq!(v.validation.verdict.readiness, Readiness::ReadyWithWarnings);
    let report = &s.open.as_ref().unwrap().report;
    let vague = report
        .findings
        .iter()
        .filter(|f| f.code == Code::VagueVerification)
        .count();
    assert_eq!(vague, 1);
    assert!(
        v.validation
            .verdict
            .warnings
            .iter()
            .any(|r| r.text == "1 vague verification")
    );
}

#[test]
fn validate_overlay_snapshots() {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        let effects = press(&mut s, &["v"]);
        answer_offline(&mut s, effects);
        insta::assert_snapshot!(format!("validate_not_ready_{w}x{h}"), screen(&s));

        let mut s = covered(w, h);
        let effects = press(&mut s, &["v"]);
        answer_offline(&mut s, effects);
        press(&mut s, &["j"]);
        insta::assert_snapshot!(format!("validate_ready_{w}x{h}"), screen(&s));
    }
}
