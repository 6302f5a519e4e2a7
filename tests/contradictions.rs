//! A proposal is checked against what the plan proves before it is offered:
//! items the plan contradicts are marked with the reason, left unticked, and
//! left out by `run --accept` (`--accept-all` takes them too).
#[path = "workflow_common/mod.rs"]
mod common;

use common::*;
use planner_tui::plan::{DepKind, Session, Task, TaskId, apply};
use planner_tui::planners::offline::deps;
use planner_tui::workflow::{Proposal, ProposalItem, Step};

/// (task, on, kind) for every dependency the tasks' own text implies.
fn implied(s: &Session) -> Vec<(TaskId, TaskId, DepKind)> {
    s.tasks
        .iter()
        .zip(deps::implied(&s.tasks))
        .flat_map(|(t, ds)| ds.into_iter().map(move |d| (t.id, d.on, d.kind)))
        .collect()
}

#[test]
fn what_the_plan_proves_wrong_is_marked_and_left_out() {
    let s = decomposed_webhooks();
    let typed: Vec<(TaskId, TaskId, DepKind)> = implied(&s)
        .into_iter()
        .filter(|(t, on, k)| {
            *k != DepKind::Other
                && s.task(*t)
                    .is_some_and(|task| task.depends_on.iter().any(|d| d.on == *on && d.kind == *k))
        })
        .collect();
    assert!(
        typed.len() >= 2,
        "the webhook plan has typed dependencies its text implies"
    );
    let (t1, on1, k1) = typed[0];
    let (t2, on2, _) = typed[1];
    let covered = s
        .tasks
        .iter()
        .find(|t| !t.covers.is_empty() && !t.produces.is_empty() && !t.draft)
        .expect("a task that covers a requirement");
    let req = covered.covers[0].clone();
    let plain = s.tasks.last().expect("tasks").id;
    let plain_verification = s.tasks.last().and_then(|t| t.verification.clone());

    let mut p = Proposal::new(Step::Dependencies, &s);
    p.items = vec![
        ProposalItem::SetDependencyKind {
            task: t1,
            on: on1,
            from: k1,
            to: DepKind::Other,
        },
        ProposalItem::RemoveDependency { task: t2, on: on2 },
        ProposalItem::CoverageGap {
            requirement: Some(req.clone()),
            text: "nothing delivers this".into(),
        },
        ProposalItem::SetVerification {
            task: plain,
            before: plain_verification.clone(),
            after: "it works".into(),
        },
        ProposalItem::SetVerification {
            task: plain,
            before: plain_verification.clone(),
            after: "`npm test -- webhooks/dispatch` passes".into(),
        },
    ];
    p.check_against(&s);
    let marked: Vec<usize> = p.contradicted.iter().map(|c| c.item).collect();
    assert_eq!(marked, [0, 1, 2, 3], "{:#?}", p.contradicted);
    let reasons: Vec<&str> = (0..4).filter_map(|i| p.contradiction(i)).collect();
    assert!(
        reasons[0].contains(&format!("{t1} uses what {on1} produces as {k1}")),
        "{}",
        reasons[0]
    );
    assert!(
        reasons[1].contains("the tasks' text calls for this dependency"),
        "{}",
        reasons[1]
    );
    assert!(
        reasons[2].starts_with(&format!("{req} is covered: {}", covered.id)),
        "{}",
        reasons[2]
    );
    assert!(reasons[3].contains("vague"), "{}", reasons[3]);
    // Every line says why, so a reviewer sees it in the diff too.
    let lines = p.describe();
    assert!(lines[0].contains("✗ contradicted:"));
    assert!(!lines[4].contains("✗"));
    assert_eq!(p.clean(), [false, false, false, false, true]);

    // Accepting the clean items changes only the verification.
    let mut after = s.clone();
    let accepted = p.accept_clean(&s).expect("applies");
    apply(&mut after, accepted.edit).expect("applies");
    assert_eq!(
        after.task(plain).and_then(|t| t.verification.as_deref()),
        Some("`npm test -- webhooks/dispatch` passes")
    );
    assert_eq!(
        after.task(t1).map(|t| &t.depends_on),
        s.task(t1).map(|t| &t.depends_on)
    );
    assert_eq!(
        after.task(t2).map(|t| &t.depends_on),
        s.task(t2).map(|t| &t.depends_on)
    );
    // The JSON a script reads carries the marks.
    let json = serde_json::to_value(&p).expect("json");
    assert_eq!(json["contradicted"][1]["item"], 1);
}

#[test]
fn removing_the_only_cover_of_a_requirement_is_contradicted() {
    let s = decomposed_webhooks();
    // A requirement exactly one task covers (and produces something for).
    let only = s.spec.requirements.iter().find_map(|r| {
        let by: Vec<&Task> = s
            .tasks
            .iter()
            .filter(|t| t.covers.contains(&r.id) && !t.produces.is_empty() && !t.draft)
            .collect();
        (by.len() == 1).then(|| (r.id.clone(), by[0].clone()))
    });
    let (req, task) = only.expect("a requirement with one covering task");
    let mut p = Proposal::new(Step::Revise, &s);
    let mut narrower = task.clone();
    narrower.covers.retain(|c| *c != req);
    let mut hollow = task.clone();
    hollow.produces.clear();
    p.items = vec![
        ProposalItem::RemoveTask { task: task.clone() },
        ProposalItem::UpdateTask {
            before: task.clone(),
            after: narrower,
        },
        ProposalItem::UpdateTask {
            before: task.clone(),
            after: hollow,
        },
    ];
    p.check_against(&s);
    let reasons: Vec<&str> = (0..3).filter_map(|i| p.contradiction(i)).collect();
    assert_eq!(reasons.len(), 3, "{:#?}", p.contradicted);
    assert!(reasons[0].contains(&format!(
        "{req} would be left uncovered: only {} covers it",
        task.id
    )));
    assert!(reasons[1].contains(&format!("{} no longer covers it", task.id)));
    assert!(reasons[2].contains("would produce nothing"));
}

#[test]
fn the_offline_planners_own_proposals_are_clean_of_the_checks_it_can_prove() {
    // The rules are exact where they can be; the checks must agree with them.
    let s = decomposed_webhooks();
    for step in [Step::Dependencies, Step::Verify, Step::Completeness] {
        let mut p = planner_tui::workflow::run::offline_proposal(step, &s);
        p.check_against(&s);
        assert!(p.contradicted.is_empty(), "{step:?}: {:#?}", p.contradicted);
    }
}
