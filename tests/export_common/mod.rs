//! The example session the export tests share: the webhook spec planned by
//! the offline planner (decompose, dependencies, ambiguities, verify), one
//! ambiguity resolved and one deferred, locked as version 1, all at fixed
//! times so every export is the same bytes on every run.
#![allow(dead_code)]
use planner_tui::analysis::{Report, analyse};
use planner_tui::export::{Format, render};
use planner_tui::plan::{Edit, Session, Stage, Timestamp, apply};
use planner_tui::workflow::Step;

pub const SPEC: &str = include_str!("../../assets/examples/webhooks-spec.md");
pub const CONTEXT: &str = include_str!("../../assets/examples/webhooks-context.md");

fn edit(s: &mut Session, e: Edit) {
    apply(s, e).expect("example edit applies");
}

fn step(s: &mut Session, step: Step) {
    let p = planner_tui::workflow::run::offline_proposal(step, s);
    let accepted = p.accept_all(s).expect("offline proposal accepts");
    edit(s, accepted.edit);
}

pub fn example_session() -> Session {
    let at = Timestamp::from_civil(2026, 11, 25, 14, 0, 0);
    let mut s = Session::new("webhooks", "Outbound webhooks", at);
    edit(
        &mut s,
        Edit::SetSpecText {
            text: SPEC.to_string(),
        },
    );
    edit(
        &mut s,
        Edit::SetContext {
            text: CONTEXT.to_string(),
        },
    );
    for st in [Step::Decompose, Step::Dependencies, Step::Ambiguities] {
        step(&mut s, st);
    }
    let ids: Vec<_> = s.ambiguities.iter().map(|a| a.id).collect();
    assert!(
        ids.len() >= 2,
        "the offline planner finds at least two ambiguities"
    );
    edit(
        &mut s,
        Edit::ResolveAmbiguity {
            id: ids[0],
            decision:
                "Retry failed deliveries 5 times with exponential backoff, then mark them dead"
                    .into(),
        },
    );
    edit(
        &mut s,
        Edit::DeferAmbiguity {
            id: ids[1],
            reason: "Decide after the first customer pilot".into(),
        },
    );
    step(&mut s, Step::Verify);
    edit(
        &mut s,
        Edit::SetStage {
            stage: Stage::Verification,
        },
    );
    edit(
        &mut s,
        Edit::LockVersion {
            note: "First reviewed plan".into(),
            at: Timestamp::from_civil(2026, 11, 25, 15, 0, 0),
        },
    );
    s.updated = Timestamp::from_civil(2026, 11, 25, 15, 0, 0);
    s
}

pub fn export(format: Format, s: &Session) -> String {
    let report: Report = analyse(s);
    render(format, s, &report)
}
