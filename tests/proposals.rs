//! Accepting proposals: all of one, part of one, and what cannot be accepted;
//! every accepted proposal is one undo step that restores the plan exactly.
#[path = "workflow_common/mod.rs"]
mod common;

use common::*;
use planner_tui::plan::{Edit, History, Session, TaskId, apply};
use planner_tui::workflow::run::offline_proposal;
use planner_tui::workflow::{Proposal, ProposalError, ProposalItem, Step, parse};

fn plan_of(s: &Session) -> Vec<(TaskId, String, Vec<String>)> {
    s.tasks
        .iter()
        .map(|t| {
            (
                t.id,
                t.title.clone(),
                t.depends_on.iter().map(|d| d.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn accepting_everything_is_one_undo_step() {
    let original = webhooks();
    let mut s = original.clone();
    let p = offline_proposal(Step::Decompose, &s);
    let accepted = p.accept_all(&s).unwrap();
    assert!(accepted.notes.is_empty());
    assert_eq!(accepted.new_tasks.len(), p.items.len());
    let mut history = History::default();
    history.apply(&mut s, accepted.edit).unwrap();
    // The ids the diff showed are the ids the tasks got.
    let shown: Vec<TaskId> = p
        .items
        .iter()
        .filter_map(|i| {
            if let ProposalItem::AddTask { task, .. } = i {
                Some(task.id)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(s.tasks.iter().map(|t| t.id).collect::<Vec<_>>(), shown);
    assert!(history.undo(&mut s).unwrap());
    assert_eq!(s, original);
    assert!(history.redo(&mut s).unwrap());
    assert_eq!(s.tasks.len(), p.items.len());
}

#[test]
fn a_subset_stays_consistent() {
    let original = webhooks();
    let p = offline_proposal(Step::Decompose, &original);
    // Accept the repository but neither the types nor the migration it depends on.
    let accepted: Vec<bool> = p
        .describe()
        .iter()
        .map(|l| l.contains("endpoint repository") || l.contains("'Sign webhook"))
        .collect();
    let out = p.to_edit(&original, &accepted).unwrap();
    assert_eq!(
        out.notes,
        [
            "'Add the webhook endpoint repository' would depend on T1 of the proposal, which was not accepted; that dependency was left out",
            "'Add the webhook endpoint repository' would depend on T2 of the proposal, which was not accepted; that dependency was left out",
        ]
    );
    // New ids are handed out for what was accepted only, in order.
    assert_eq!(out.new_tasks, [TaskId(1), TaskId(2)]);
    let mut s = original.clone();
    let undo = apply(&mut s, out.edit).unwrap();
    assert_eq!(
        plan_of(&s),
        [
            (
                TaskId(1),
                "Add the webhook endpoint repository".to_string(),
                vec![]
            ),
            (
                TaskId(2),
                "Sign webhook payloads with HMAC-SHA256".to_string(),
                vec![]
            ),
        ]
    );
    apply(&mut s, undo).unwrap();
    assert_eq!(s, original);
}

#[test]
fn removals_moves_and_updates_in_part() {
    let mut s = webhooks();
    let p = parse(Step::Decompose, r#"{"tasks": [{"number": 1, "title": "A"}, {"number": 2, "title": "B", "depends_on": [1]}, {"number": 3, "title": "C", "depends_on": [2]}]}"#, &s).unwrap();
    accept(&mut s, &p);
    let before = s.clone();
    // Drop B, move C first, rename A.
    let p = parse(Step::Revise, r#"{"tasks": [{"number": 3, "title": "C", "depends_on": []}, {"number": 1, "title": "A2", "depends_on": []}]}"#, &s).unwrap();
    assert_eq!(
        p.describe(),
        [
            "↕ T3 'C' from 3 to 1 (to the top)",
            "~ T3 'C': depends on T2 (other) → (none)",
            "~ T1 'A2': title 'A' → 'A2'",
            "- T2 'B'",
        ]
    );
    // Remove B without accepting C's update: C loses the dependency, with a note.
    let out = p.to_edit(&s, &[true, false, false, true]).unwrap();
    assert_eq!(out.notes, ["T3 no longer depends on T2, which was removed"]);
    let undo = apply(&mut s, out.edit).unwrap();
    assert_eq!(
        plan_of(&s),
        [
            (TaskId(3), "C".into(), vec![]),
            (TaskId(1), "A".into(), vec![])
        ]
    );
    apply(&mut s, undo).unwrap();
    assert_eq!(s, before);
    // Everything: the plan the answer described.
    accept(&mut s, &p);
    assert_eq!(
        plan_of(&s),
        [
            (TaskId(3), "C".into(), vec![]),
            (TaskId(1), "A2".into(), vec![])
        ]
    );
}

#[test]
fn what_cannot_be_accepted_says_why() {
    let mut s = webhooks();
    let p = parse(Step::Decompose, r#"{"tasks": [{"number": 1, "title": "A", "depends_on": [2]}, {"number": 2, "title": "B"}]}"#, &s).unwrap();
    accept(&mut s, &p);

    // Two updates that swap a dependency: either alone closes a cycle.
    let swap = parse(
        Step::Dependencies,
        r#"{"tasks": [{"task": 1, "depends_on": []}, {"task": 2, "depends_on": [1]}]}"#,
        &s,
    )
    .unwrap();
    assert_eq!(
        swap.describe(),
        ["- T1 no longer depends on T2", "+ T2 depends on T1 (other)"]
    );
    let err = swap.to_edit(&s, &[false, true]).unwrap_err();
    assert_eq!(err, ProposalError::Cycle(vec![TaskId(1), TaskId(2)]));
    assert!(err.to_string().contains("T1 → T2 → T1"), "{err}");
    assert!(swap.to_edit(&s, &[true, true]).is_ok());

    assert_eq!(
        swap.to_edit(&s, &[true]).unwrap_err(),
        ProposalError::WrongLength { given: 1, items: 2 }
    );

    // The user edited the task after the proposal was made: never overwrite that.
    let rename = parse(
        Step::Revise,
        r#"{"tasks": [{"number": 1, "title": "A renamed"}, {"number": 2, "title": "B"}]}"#,
        &s,
    )
    .unwrap();
    let mut edited = s.clone();
    edited.tasks[0].description = "my own words".into();
    match rename.accept_all(&edited) {
        Err(ProposalError::ChangedSince { task, .. }) => assert_eq!(task, TaskId(1)),
        other => panic!("{other:?}"),
    }

    // A task that no longer exists.
    let verify = parse(
        Step::Verify,
        r#"{"tasks": [{"task": 2, "verification": "cargo test b"}]}"#,
        &s,
    )
    .unwrap();
    let mut gone = s.clone();
    apply(
        &mut gone,
        Edit::DeleteTask {
            id: TaskId(2),
            drop_references: true,
        },
    )
    .unwrap();
    assert!(matches!(
        verify.accept_all(&gone),
        Err(ProposalError::Stale { .. })
    ));
}

#[test]
fn findings_change_nothing_and_ambiguities_get_ids() {
    let s = decomposed_webhooks();
    let findings = offline_proposal(Step::Integration, &s);
    assert!(!findings.is_empty() && findings.change_count() == 0);
    let out = findings.accept_all(&s).unwrap();
    assert!(out.is_empty());

    let amb: Proposal = offline_proposal(Step::Ambiguities, &s);
    let first = amb.items.len() - 1;
    let mut choice = vec![false; amb.items.len()];
    choice[first] = true;
    let mut t = s.clone();
    apply(&mut t, amb.to_edit(&s, &choice).unwrap().edit).unwrap();
    // The one accepted ambiguity is A1, whatever its place in the list.
    assert_eq!(t.ambiguities.len(), 1);
    assert_eq!(t.ambiguities[0].id.to_string(), "A1");
    let ProposalItem::AddAmbiguity { ambiguity } = &amb.items[first] else {
        panic!()
    };
    assert_eq!(t.ambiguities[0].affects, ambiguity.affects);
}
