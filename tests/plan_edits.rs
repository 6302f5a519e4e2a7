//! Edits and undo/redo on the plan model.
use planner_tui::plan::generate::{GenOptions, generate};
use planner_tui::plan::*;
use proptest::prelude::*;

fn session_with(titles: &[&str]) -> Session {
    let mut s = Session::new("s", "S", Timestamp(0));
    for t in titles {
        let id = s.next_task_id();
        apply(
            &mut s,
            Edit::AddTask {
                index: usize::MAX,
                task: Task::new(id, *t),
            },
        )
        .unwrap();
    }
    s
}

fn order(s: &Session) -> Vec<String> {
    s.tasks.iter().map(|t| t.id.to_string()).collect()
}

#[test]
fn ids_are_never_reused_after_delete() {
    let mut s = session_with(&["a", "b"]);
    apply(
        &mut s,
        Edit::DeleteTask {
            id: TaskId(2),
            drop_references: false,
        },
    )
    .unwrap();
    assert_eq!(s.next_task_id(), TaskId(3));
}

#[test]
fn deleting_a_task_others_depend_on_is_refused_with_the_dependents() {
    let mut s = session_with(&["schema", "repo", "service"]);
    apply(
        &mut s,
        Edit::AddDependency {
            task: TaskId(2),
            dep: Dependency::new(TaskId(1), DepKind::Schema),
        },
    )
    .unwrap();
    apply(
        &mut s,
        Edit::AddDependency {
            task: TaskId(3),
            dep: Dependency::new(TaskId(1), DepKind::Other),
        },
    )
    .unwrap();
    let before = s.clone();
    let err = apply(
        &mut s,
        Edit::DeleteTask {
            id: TaskId(1),
            drop_references: false,
        },
    )
    .unwrap_err();
    assert_eq!(
        err,
        EditError::HasDependents {
            id: TaskId(1),
            dependents: vec![TaskId(2), TaskId(3)]
        }
    );
    assert_eq!(err.to_string(), "T1 cannot be deleted: T2, T3 depend on it");
    assert_eq!(s, before, "a refused edit changes nothing");

    let undo = apply(
        &mut s,
        Edit::DeleteTask {
            id: TaskId(1),
            drop_references: true,
        },
    )
    .unwrap();
    assert_eq!(order(&s), ["T2", "T3"]);
    assert!(s.tasks.iter().all(|t| t.depends_on.is_empty()));
    apply(&mut s, undo).unwrap();
    assert_eq!(s, before);
}

#[test]
fn dependency_edits_check_their_targets() {
    let mut s = session_with(&["a", "b"]);
    let dep = |on| Dependency::new(TaskId(on), DepKind::Interface);
    assert_eq!(
        apply(
            &mut s,
            Edit::AddDependency {
                task: TaskId(1),
                dep: dep(1)
            }
        ),
        Err(EditError::SelfDependency(TaskId(1)))
    );
    assert_eq!(
        apply(
            &mut s,
            Edit::AddDependency {
                task: TaskId(1),
                dep: dep(9)
            }
        ),
        Err(EditError::NoSuchTask(TaskId(9)))
    );
    apply(
        &mut s,
        Edit::AddDependency {
            task: TaskId(2),
            dep: dep(1),
        },
    )
    .unwrap();
    assert_eq!(
        apply(
            &mut s,
            Edit::AddDependency {
                task: TaskId(2),
                dep: dep(1)
            }
        ),
        Err(EditError::DuplicateDependency {
            task: TaskId(2),
            on: TaskId(1)
        })
    );
    apply(
        &mut s,
        Edit::SetDependencyKind {
            task: TaskId(2),
            on: TaskId(1),
            kind: DepKind::Schema,
        },
    )
    .unwrap();
    assert_eq!(
        s.tasks[1].depends_on,
        vec![Dependency::new(TaskId(1), DepKind::Schema)]
    );
    assert_eq!(
        apply(
            &mut s,
            Edit::RemoveDependency {
                task: TaskId(1),
                on: TaskId(2)
            }
        ),
        Err(EditError::NoSuchDependency {
            task: TaskId(1),
            on: TaskId(2)
        })
    );
}

#[test]
fn keeping_the_first_listing_drops_only_the_repeats_and_undoes() {
    let mut s = session_with(&["a", "b"]);
    let on = |id, kind| Dependency::new(TaskId(id), kind);
    // As a hand-edited file can have it: T2 on itself and on T1, repeatedly.
    s.tasks[1].depends_on = vec![
        on(2, DepKind::Other),
        on(1, DepKind::Schema),
        on(2, DepKind::Interface),
        on(1, DepKind::Other),
        on(2, DepKind::Other),
    ];
    let before = s.clone();
    let undo = apply(
        &mut s,
        Edit::KeepFirstDependency {
            task: TaskId(2),
            on: TaskId(2),
        },
    )
    .unwrap();
    assert_eq!(
        s.tasks[1].depends_on,
        vec![
            on(2, DepKind::Other),
            on(1, DepKind::Schema),
            on(1, DepKind::Other)
        ]
    );
    apply(
        &mut s,
        Edit::KeepFirstDependency {
            task: TaskId(2),
            on: TaskId(1),
        },
    )
    .unwrap();
    assert_eq!(
        s.tasks[1].depends_on,
        vec![on(2, DepKind::Other), on(1, DepKind::Schema)]
    );
    assert_eq!(
        apply(
            &mut s,
            Edit::KeepFirstDependency {
                task: TaskId(1),
                on: TaskId(2)
            }
        ),
        Err(EditError::NoSuchDependency {
            task: TaskId(1),
            on: TaskId(2)
        })
    );
    let mut back = before.clone();
    apply(
        &mut back,
        Edit::KeepFirstDependency {
            task: TaskId(2),
            on: TaskId(2),
        },
    )
    .unwrap();
    apply(&mut back, undo).unwrap();
    assert_eq!(back, before, "undo restores every listing");
}

#[test]
fn moving_reorders_and_undo_puts_it_back() {
    let mut s = session_with(&["a", "b", "c", "d"]);
    let mut h = History::default();
    h.apply(
        &mut s,
        Edit::MoveTask {
            id: TaskId(4),
            to: 0,
        },
    )
    .unwrap();
    assert_eq!(order(&s), ["T4", "T1", "T2", "T3"]);
    h.apply(
        &mut s,
        Edit::MoveTask {
            id: TaskId(1),
            to: 99,
        },
    )
    .unwrap();
    assert_eq!(order(&s), ["T4", "T2", "T3", "T1"]);
    assert!(h.undo(&mut s).unwrap());
    assert!(h.undo(&mut s).unwrap());
    assert_eq!(order(&s), ["T1", "T2", "T3", "T4"]);
    assert!(!h.undo(&mut s).unwrap());
    assert!(h.redo(&mut s).unwrap());
    assert_eq!(order(&s), ["T4", "T1", "T2", "T3"]);
}

#[test]
fn resolving_an_ambiguity_adds_a_linked_constraint_and_reopening_removes_it() {
    let mut s = session_with(&["a"]);
    let amb = Ambiguity::new(
        s.next_ambiguity_id(),
        AmbiguityCategory::Underspecified,
        "Per-account or per-endpoint secret?",
    );
    apply(&mut s, Edit::AddAmbiguity { ambiguity: amb }).unwrap();
    let before = s.clone();
    let mut h = History::default();
    h.apply(
        &mut s,
        Edit::ResolveAmbiguity {
            id: AmbiguityId(1),
            decision: "One secret per endpoint".into(),
        },
    )
    .unwrap();
    assert_eq!(s.spec.constraints.len(), 1);
    assert_eq!(s.spec.constraints[0].from, Some(AmbiguityId(1)));
    assert_eq!(s.spec.constraints[0].text, "One secret per endpoint");
    // Changing the decision updates the same constraint.
    h.apply(
        &mut s,
        Edit::ResolveAmbiguity {
            id: AmbiguityId(1),
            decision: "Per account".into(),
        },
    )
    .unwrap();
    assert_eq!(s.spec.constraints.len(), 1);
    assert_eq!(s.spec.constraints[0].text, "Per account");
    h.apply(
        &mut s,
        Edit::DeferAmbiguity {
            id: AmbiguityId(1),
            reason: "ask security".into(),
        },
    )
    .unwrap();
    assert!(s.spec.constraints.is_empty());
    assert_eq!(
        s.ambiguities[0].state,
        AmbiguityState::Deferred {
            reason: "ask security".into()
        }
    );
    while h.undo(&mut s).unwrap() {}
    assert_eq!(s, before);
}

#[test]
fn a_failing_batch_changes_nothing() {
    let mut s = session_with(&["a", "b"]);
    let before = s.clone();
    let batch = Edit::Batch(vec![
        Edit::MoveTask {
            id: TaskId(2),
            to: 0,
        },
        Edit::SetTitle {
            title: "new".into(),
        },
        Edit::RemoveDependency {
            task: TaskId(1),
            on: TaskId(2),
        },
    ]);
    assert!(apply(&mut s, batch).is_err());
    assert_eq!(s, before);
}

#[test]
fn locking_snapshots_the_plan() {
    let mut s = session_with(&["a", "b"]);
    apply(
        &mut s,
        Edit::LockVersion {
            note: "first".into(),
            at: Timestamp(10),
        },
    )
    .unwrap();
    apply(
        &mut s,
        Edit::LockVersion {
            note: "second".into(),
            at: Timestamp(20),
        },
    )
    .unwrap();
    assert_eq!(
        s.versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(s.versions[0].tasks, s.tasks);
    let undo = apply(
        &mut s,
        Edit::DeleteTask {
            id: TaskId(1),
            drop_references: false,
        },
    )
    .unwrap();
    assert_eq!(s.versions[1].tasks.len(), 2, "versions are immutable");
    apply(&mut s, undo).unwrap();
}

#[test]
fn editing_the_spec_re_extracts_requirements_keeping_ids() {
    let mut s = session_with(&[]);
    let mut h = History::default();
    h.apply(
        &mut s,
        Edit::SetSpecText {
            text: "- send events\n- sign bodies\n".into(),
        },
    )
    .unwrap();
    assert_eq!(
        s.spec
            .requirements
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["R1", "R2"]
    );
    h.apply(
        &mut s,
        Edit::SetSpecText {
            text: "- retry\n- sign bodies\n".into(),
        },
    )
    .unwrap();
    assert_eq!(
        s.spec
            .requirements
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["R3", "R2"]
    );
    h.undo(&mut s).unwrap();
    assert_eq!(
        s.spec
            .requirements
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["R1", "R2"]
    );
}

/// An edit described by numbers, turned into a concrete valid edit for the
/// session as it is when the edit runs.
#[derive(Debug, Clone)]
enum Intent {
    Add(usize, String),
    Update(usize, String, Option<String>),
    Delete(usize, bool),
    Move(usize, usize),
    AddDep(usize, usize, u8),
    RemoveDep(usize, usize),
    SetKind(usize, usize, u8),
    AddAmbiguity(String, usize),
    Resolve(usize, String),
    Defer(usize, String),
    Dismiss(usize),
    Reopen(usize),
    RemoveAmbiguity(usize),
    AddConstraint(String),
    RemoveConstraint(usize),
    KeepFirst(usize, usize),
    Stage(usize),
    Spec(Vec<String>),
    Lock(String),
    Batch(Vec<Intent>),
}

fn intent() -> impl Strategy<Value = Intent> {
    let word = "[a-z]{1,6}";
    let leaf = prop_oneof![
        (any::<usize>(), word).prop_map(|(i, t)| Intent::Add(i, t)),
        (any::<usize>(), word, proptest::option::of(word))
            .prop_map(|(i, t, v)| Intent::Update(i, t, v)),
        (any::<usize>(), any::<bool>()).prop_map(|(i, d)| Intent::Delete(i, d)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Intent::Move(i, j)),
        (any::<usize>(), any::<usize>(), any::<u8>()).prop_map(|(i, j, k)| Intent::AddDep(i, j, k)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Intent::RemoveDep(i, j)),
        (any::<usize>(), any::<usize>(), any::<u8>())
            .prop_map(|(i, j, k)| Intent::SetKind(i, j, k)),
        (word, any::<usize>()).prop_map(|(t, i)| Intent::AddAmbiguity(t, i)),
        (any::<usize>(), word).prop_map(|(i, t)| Intent::Resolve(i, t)),
        (any::<usize>(), word).prop_map(|(i, t)| Intent::Defer(i, t)),
        any::<usize>().prop_map(Intent::Dismiss),
        any::<usize>().prop_map(Intent::Reopen),
        any::<usize>().prop_map(Intent::RemoveAmbiguity),
        word.prop_map(Intent::AddConstraint),
        any::<usize>().prop_map(Intent::RemoveConstraint),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Intent::KeepFirst(i, j)),
        (0usize..6).prop_map(Intent::Stage),
        proptest::collection::vec(word, 0..4).prop_map(Intent::Spec),
        word.prop_map(Intent::Lock),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        proptest::collection::vec(inner, 1..4).prop_map(Intent::Batch)
    })
}

fn pick<T>(v: &[T], i: usize) -> Option<&T> {
    (!v.is_empty()).then(|| &v[i % v.len()])
}

fn concrete(s: &Session, intent: &Intent) -> Option<Edit> {
    let task = |i: usize| pick(&s.tasks, i).map(|t| t.id);
    let amb = |i: usize| pick(&s.ambiguities, i).map(|a| a.id);
    Some(match intent.clone() {
        Intent::Add(i, t) => Edit::AddTask {
            index: i % (s.tasks.len() + 1),
            task: Task::new(s.next_task_id(), t),
        },
        Intent::Update(i, t, v) => {
            let mut task = s.task(task(i)?)?.clone();
            task.title = t;
            task.verification = v;
            Edit::UpdateTask { task }
        }
        Intent::Delete(i, drop_references) => {
            let id = task(i)?;
            if !drop_references && !s.dependents(id).is_empty() {
                return None;
            }
            Edit::DeleteTask {
                id,
                drop_references,
            }
        }
        Intent::Move(i, to) => Edit::MoveTask {
            id: task(i)?,
            to: to % (s.tasks.len() + 1),
        },
        Intent::AddDep(i, j, k) => {
            let (a, b) = (task(i)?, task(j)?);
            if a == b || s.task(a)?.depends_on_task(b) {
                return None;
            }
            Edit::AddDependency {
                task: a,
                dep: Dependency::new(b, DepKind::ALL[k as usize % 4]),
            }
        }
        Intent::RemoveDep(i, j) => {
            let t = s.task(task(i)?)?;
            Edit::RemoveDependency {
                task: t.id,
                on: pick(&t.depends_on, j)?.on,
            }
        }
        Intent::SetKind(i, j, k) => {
            let t = s.task(task(i)?)?;
            Edit::SetDependencyKind {
                task: t.id,
                on: pick(&t.depends_on, j)?.on,
                kind: DepKind::ALL[k as usize % 4],
            }
        }
        Intent::AddAmbiguity(t, i) => {
            let mut a = Ambiguity::new(s.next_ambiguity_id(), AmbiguityCategory::ALL[i % 4], t);
            a.affects = task(i).into_iter().collect();
            Edit::AddAmbiguity { ambiguity: a }
        }
        Intent::Resolve(i, decision) => Edit::ResolveAmbiguity {
            id: amb(i)?,
            decision,
        },
        Intent::Defer(i, reason) => Edit::DeferAmbiguity {
            id: amb(i)?,
            reason,
        },
        Intent::Dismiss(i) => Edit::DismissAmbiguity {
            id: amb(i)?,
            note: String::new(),
        },
        Intent::Reopen(i) => Edit::ReopenAmbiguity { id: amb(i)? },
        Intent::RemoveAmbiguity(i) => Edit::RemoveAmbiguity { id: amb(i)? },
        Intent::AddConstraint(text) => Edit::AddConstraint {
            constraint: Constraint {
                id: s.next_constraint_id(),
                text,
                from: None,
                spec: None,
            },
        },
        Intent::RemoveConstraint(i) => Edit::RemoveConstraint {
            id: pick(&s.spec.constraints, i)?.id,
        },
        Intent::KeepFirst(i, j) => {
            let t = s.task(task(i)?)?;
            Edit::KeepFirstDependency {
                task: t.id,
                on: pick(&t.depends_on, j)?.on,
            }
        }
        Intent::Stage(i) => Edit::SetStage {
            stage: Stage::ALL[i],
        },
        Intent::Spec(lines) => Edit::SetSpecText {
            text: lines.iter().map(|l| format!("- {l}\n")).collect(),
        },
        Intent::Lock(note) => Edit::LockVersion {
            note,
            at: Timestamp(5),
        },
        Intent::Batch(items) => {
            // Each item is made concrete against the session as the batch
            // will have changed it.
            let mut scratch = s.clone();
            let mut edits = Vec::new();
            for it in &items {
                if let Some(e) = concrete(&scratch, it)
                    && apply(&mut scratch, e.clone()).is_ok()
                {
                    edits.push(e);
                }
            }
            Edit::Batch(edits)
        }
    })
}

fn start() -> Session {
    let (mut s, _) = generate(&GenOptions::new(6, 6));
    s.spec.text = "- one\n- two\n".into();
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn undo_everything_gives_back_the_original_and_redo_the_edited(intents in proptest::collection::vec(intent(), 0..40)) {
        let original = start();
        let mut s = original.clone();
        let mut h = History::default();
        let mut applied = 0;
        for i in &intents {
            if let Some(edit) = concrete(&s, i) {
                h.apply(&mut s, edit).expect("a valid edit applies");
                applied += 1;
            }
        }
        let edited = s.clone();
        // Round trip through the file format too: nothing is lost.
        let text = toml::to_string(&edited).expect("serialises");
        let back: Session = toml::from_str(&text).expect("parses");
        prop_assert_eq!(&back, &edited);
        for _ in 0..applied {
            prop_assert!(h.undo(&mut s).expect("undo applies"));
        }
        prop_assert!(!h.can_undo());
        prop_assert_eq!(&s, &original);
        for _ in 0..applied {
            prop_assert!(h.redo(&mut s).expect("redo applies"));
        }
        prop_assert_eq!(&s, &edited);
    }
}

#[test]
fn deleting_a_parent_keeps_its_subtasks_and_undo_puts_the_link_back() {
    let mut s = session_with(&["Parent", "Child", "Other"]);
    let parent = s.tasks[0].id;
    s.tasks[1].parent = Some(parent);
    s.tasks[1]
        .depends_on
        .push(Dependency::new(parent, DepKind::Other));
    s.tasks[2].parent = Some(parent);
    let before = s.clone();
    let undo = apply(
        &mut s,
        Edit::DeleteTask {
            id: parent,
            drop_references: true,
        },
    )
    .unwrap();
    assert_eq!(order(&s), vec!["T2", "T3"]);
    assert!(
        s.tasks
            .iter()
            .all(|t| t.parent.is_none() && t.depends_on.is_empty())
    );
    apply(&mut s, undo).unwrap();
    assert_eq!(s, before);
}

#[test]
fn choosing_a_kind_for_an_inferred_dependency_states_it() {
    let mut s = session_with(&["A", "B"]);
    let (a, b) = (s.tasks[0].id, s.tasks[1].id);
    s.tasks[1].depends_on.push(Dependency::inferred(a));
    apply(
        &mut s,
        Edit::SetDependencyKind {
            task: b,
            on: a,
            kind: DepKind::Schema,
        },
    )
    .unwrap();
    assert_eq!(
        s.tasks[1].depends_on,
        vec![Dependency::new(a, DepKind::Schema)]
    );
}
