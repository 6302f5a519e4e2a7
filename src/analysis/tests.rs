//! Each finding on small hand-written plans, and the example webhook plan.
use super::*;
use crate::plan::{
    Ambiguity, AmbiguityCategory, AmbiguityId, DepKind, Dependency, Edit, Requirement,
    RequirementId, Session, Task, TaskId, Timestamp, apply, reader,
};

/// Tasks `(id, deps)` in plan order, each verified by a command and covering nothing.
fn plan(tasks: &[(u32, &[&str])]) -> Session {
    let mut s = Session::new("t", "Test plan", Timestamp(0));
    for (id, deps) in tasks {
        let mut t = Task::new(TaskId(*id), format!("Task {id}"));
        t.depends_on = deps
            .iter()
            .map(|d| d.parse::<Dependency>().unwrap())
            .collect();
        t.verification = Some(format!("cargo test task_{id}"));
        t.produces = vec![format!("src/step_{}.rs", s.tasks.len() + 1)];
        s.tasks.push(t);
    }
    s
}

fn codes(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code.as_str()).collect()
}

fn only(r: &Report, code: Code) -> Vec<&Finding> {
    r.findings.iter().filter(|f| f.code == code).collect()
}

fn ids(refs: &[TaskRef]) -> Vec<u32> {
    refs.iter().map(|t| t.id.0).collect()
}

fn apply_fix(s: &mut Session, f: &Finding) {
    let fix = f.fix.as_ref().expect("finding has a fix");
    apply(s, Edit::Batch(fix.edits.clone())).unwrap();
}

fn webhooks() -> Session {
    toml::from_str(include_str!("../../tests/fixtures/webhooks.toml")).unwrap()
}

#[test]
fn a_clean_plan_has_no_findings() {
    let r = analyse(&plan(&[(1, &[]), (2, &["T1"]), (3, &["T1", "T2:schema"])]));
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    let o = r.order.unwrap();
    assert_eq!(o.order, vec![TaskId(1), TaskId(2), TaskId(3)]);
    assert!(o.moves.is_empty());
}

#[test]
fn dangling_dependency_is_an_error_with_a_removal_fix() {
    let mut s = plan(&[(1, &[]), (2, &["T1", "T7"])]);
    let r = analyse(&s);
    let f = only(&r, Code::DanglingDependency);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(
        f[0].message,
        "T2 'Task 2' depends on T7, which is not in the plan: add that task or drop the dependency."
    );
    assert_eq!(f[0].tasks[0].position, Some(2));
    assert_eq!(
        f[0].tasks[1],
        TaskRef {
            id: TaskId(7),
            position: None,
            source_id: None
        }
    );
    apply_fix(&mut s, f[0]);
    assert!(analyse(&s).findings.is_empty());
}

#[test]
fn self_dependency_is_an_error_not_a_cycle() {
    let mut s = plan(&[(1, &["T1"]), (2, &["T1"])]);
    let r = analyse(&s);
    assert_eq!(codes(&r), vec!["self-dependency"]);
    assert_eq!(
        r.findings[0].message,
        "T1 'Task 1' depends on itself, so it can never start."
    );
    apply_fix(&mut s, &r.findings[0]);
    assert!(analyse(&s).findings.is_empty());
}

#[test]
fn a_self_dependency_listed_many_times_is_also_a_repeat() {
    let on_itself = vec!["T1"; 10_000];
    let mut s = plan(&[(1, &on_itself), (2, &["T1"])]);
    let r = analyse(&s);
    assert_eq!(codes(&r), vec!["self-dependency", "duplicate-dependency"]);
    assert_eq!(
        r.findings[1].message,
        "T1 'Task 1' lists its dependency on itself 10000 times; one is enough."
    );
    assert_eq!(ids(&r.findings[1].tasks), vec![1]);
    let fix = r.findings[1].fix.as_ref().unwrap();
    assert_eq!(
        fix.description,
        "keep one dependency of T1 on itself (other)"
    );
    assert!(r.findings[1].code.fix_is_safe());
    // Two listed (T1 on itself, T2 on T1), 9,999 repeats.
    assert_eq!(
        (r.dependency_count(), r.repeated_dependencies()),
        (2, 9_999)
    );
    apply_fix(&mut s, &r.findings[1]);
    assert_eq!(
        s.tasks[0].depends_on,
        vec![Dependency::new(TaskId(1), DepKind::Other)]
    );
    assert_eq!(codes(&analyse(&s)), vec!["self-dependency"]);
}

#[test]
fn a_missing_dependency_listed_twice_is_a_repeat_too() {
    let mut s = plan(&[(1, &[]), (2, &["T9", "T1", "T9:schema"])]);
    let r = analyse(&s);
    assert_eq!(
        codes(&r),
        vec!["dangling-dependency", "duplicate-dependency"]
    );
    assert_eq!(
        r.findings[1].message,
        "T2 'Task 2' lists its dependency on T9, which is not in the plan, 2 times with different kinds (other, \
         schema); the first, other, is kept."
    );
    apply_fix(&mut s, &r.findings[1]);
    assert_eq!(
        s.tasks[1].depends_on,
        vec![
            Dependency::new(TaskId(9), DepKind::Other),
            Dependency::new(TaskId(1), DepKind::Other)
        ]
    );
}

#[test]
fn duplicate_dependency_keeps_the_first() {
    let mut s = plan(&[(1, &[]), (2, &["T1:schema", "T1:interface", "T1"])]);
    let r = analyse(&s);
    assert_eq!(codes(&r), vec!["duplicate-dependency"]);
    assert_eq!(
        r.findings[0].message,
        "T2 'Task 2' lists its dependency on T1 'Task 1' 3 times with different kinds (schema, interface, other); the \
         first, schema, is kept."
    );
    assert_eq!(r.kinds.schema, 1);
    assert_eq!(r.dependency_count(), 1);
    apply_fix(&mut s, &r.findings[0]);
    assert_eq!(
        s.tasks[1].depends_on,
        vec![Dependency::new(TaskId(1), DepKind::Schema)]
    );
    assert!(analyse(&s).findings.is_empty());
}

#[test]
fn shared_task_ids_are_reported() {
    let r = analyse(&plan(&[(1, &[]), (1, &[])]));
    assert_eq!(codes(&r), vec!["duplicate-task-id"]);
    assert!(r.findings[0].message.contains("share the id T1"));
}

#[test]
fn a_cycle_is_shown_as_a_circle_with_the_weakest_link_to_cut() {
    // T3 → T7 → T5 → T3: T5's dependency on T3 is `other` and runs backwards.
    let mut s = plan(&[
        (3, &["T7:schema"]),
        (7, &["T5:interface"]),
        (5, &["T3"]),
        (9, &["T5"]),
    ]);
    let r = analyse(&s);
    assert_eq!(codes(&r), vec!["cycle"], "{:#?}", r.findings);
    let c = &r.findings[0];
    assert_eq!(
        c.message,
        "3 tasks depend on each other in a circle, so none of them can go first: T3 → T7 → T5 → T3 (each depends on \
         the next)."
    );
    assert_eq!(ids(&c.tasks), vec![3, 7, 5]);
    let fix = c.fix.as_ref().unwrap();
    assert_eq!(
        fix.edits,
        vec![Edit::RemoveDependency {
            task: TaskId(5),
            on: TaskId(3)
        }]
    );
    assert_eq!(
        fix.description,
        "drop the dependency of T5 'Task 5' on T3 'Task 3' (it has no stated kind, the weakest kind on the \
         circle)"
    );
    // The edge out of the cycle (T9 on T5) is fine; inside it no violation is reported twice.
    assert!(r.order.is_none() && r.schedule.is_none());
    apply_fix(&mut s, c);
    let r = analyse(&s);
    assert_eq!(
        codes(&r),
        vec![
            "ordering-violation",
            "ordering-violation",
            "corrected-order"
        ]
    );
}

#[test]
fn the_cut_prefers_weak_kinds_then_edges_against_the_order() {
    let r = analyse(&plan(&[(1, &["T2:schema"]), (2, &["T1:schema"])]));
    let fix = r.findings[0].fix.as_ref().unwrap();
    assert_eq!(
        fix.edits,
        vec![Edit::RemoveDependency {
            task: TaskId(1),
            on: TaskId(2)
        }]
    );
    assert!(
        fix.description
            .ends_with("(it is schema and runs against your order)")
    );
    let r = analyse(&plan(&[(1, &["T2:schema"]), (2, &["T1:infrastructure"])]));
    let fix = r.findings[0].fix.as_ref().unwrap();
    assert_eq!(
        fix.edits,
        vec![Edit::RemoveDependency {
            task: TaskId(2),
            on: TaskId(1)
        }]
    );
}

#[test]
fn every_component_is_reported_once_with_its_extra_members() {
    // Two separate cycles; the second has a task that is in the knot but not on the circle shown.
    let s = plan(&[
        (1, &["T2"]),
        (2, &["T1"]),
        (3, &["T4"]),
        (4, &["T5"]),
        (5, &["T3", "T6"]),
        (6, &["T4"]),
    ]);
    let r = analyse(&s);
    let cycles = only(&r, Code::Cycle);
    assert_eq!(cycles.len(), 2);
    assert_eq!(ids(&cycles[0].tasks), vec![1, 2]);
    assert_eq!(ids(&cycles[1].tasks), vec![3, 4, 5, 6]);
    assert!(cycles[1].message.contains("T3 → T4 → T5 → T3"));
    assert!(
        cycles[1]
            .message
            .contains("1 more task is caught in the same knot (T6)")
    );
}

#[test]
fn ordering_violation_names_both_tasks_and_positions() {
    let s = webhooks();
    let r = analyse(&s);
    let v = only(&r, Code::OrderingViolation);
    assert_eq!(v.len(), 1);
    assert_eq!(
        v[0].message,
        "T4 'Webhook delivery job' (position 4) depends on T9 'Queue registration' (infrastructure), which comes \
         later, at position 9."
    );
    assert_eq!(
        v[0].tasks.iter().map(|t| t.position).collect::<Vec<_>>(),
        vec![Some(4), Some(9)]
    );
}

#[test]
fn corrected_order_moves_the_fewest_tasks_and_its_fix_produces_it() {
    let mut s = webhooks();
    let r = analyse(&s);
    let o = r.order.as_ref().unwrap();
    assert_eq!(o.moves.len(), 1);
    let m = &o.moves[0];
    assert_eq!((m.task.id, m.from, m.to), (TaskId(9), 9, 4));
    let numbers: Vec<u32> = o.order.iter().map(|t| t.0).collect();
    assert_eq!(numbers, vec![1, 2, 3, 9, 4, 5, 6, 7, 8, 10, 11, 12]);
    let info = only(&r, Code::CorrectedOrder);
    assert_eq!(info[0].severity, Severity::Info);
    apply_fix(&mut s, info[0]);
    assert_eq!(s.tasks.iter().map(|t| t.id).collect::<Vec<_>>(), o.order);
    let again = analyse(&s);
    assert!(!again.has_errors());
    assert!(again.order.unwrap().moves.is_empty());
}

#[test]
fn a_misplaced_dependent_is_pushed_back_rather_than_pulling_many_forward() {
    // T4 was put first, before the chain it needs; moving T4 alone is best.
    let s = plan(&[(4, &["T3"]), (1, &[]), (2, &["T1"]), (3, &["T2"])]);
    let o = analyse(&s).order.unwrap();
    assert_eq!(o.order, vec![TaskId(1), TaskId(2), TaskId(3), TaskId(4)]);
    assert_eq!(o.moves.len(), 1);
    assert_eq!(
        (o.moves[0].task.id, o.moves[0].from, o.moves[0].to),
        (TaskId(4), 1, 4)
    );
}

#[test]
fn waves_blocks_and_the_critical_path() {
    let s = plan(&[
        (1, &[]),
        (2, &[]),
        (3, &["T1"]),
        (4, &["T1", "T2"]),
        (5, &["T3", "T4"]),
        (6, &["T2"]),
    ]);
    let r = analyse(&s);
    let sch = r.schedule.as_ref().unwrap();
    let waves: Vec<Vec<u32>> = sch
        .waves()
        .map(|w| w.iter().map(|t| t.0).collect())
        .collect();
    assert_eq!(waves, vec![vec![1, 2], vec![3, 4, 6], vec![5]]);
    assert_eq!(sch.critical_path, vec![TaskId(1), TaskId(3), TaskId(5)]);
    assert_eq!(
        r.links.blocks_ids(0).collect::<Vec<_>>(),
        vec![TaskId(3), TaskId(4)]
    );
    assert_eq!(
        r.links.blocked_by_ids(4).collect::<Vec<_>>(),
        vec![TaskId(3), TaskId(4)]
    );
    assert_eq!(sch.wave_of(5), 1);
}

#[test]
fn kind_counts() {
    let r = analyse(&webhooks());
    assert_eq!(
        (
            r.kinds.schema,
            r.kinds.interface,
            r.kinds.infrastructure,
            r.kinds.other
        ),
        (4, 9, 2, 3)
    );
}

#[test]
fn verification_lints() {
    let mut s = plan(&[(1, &[]), (2, &[]), (3, &[])]);
    s.tasks[0].verification = None;
    s.tasks[1].verification = Some("It works".into());
    s.tasks[2].verification = Some("The file exists".into());
    let r = analyse(&s);
    assert_eq!(
        codes(&r),
        vec![
            "missing-verification",
            "vague-verification",
            "vague-verification"
        ]
    );
    assert!(r.findings.iter().all(|f| f.severity == Severity::Warning));
    assert_eq!(
        r.findings[0].message,
        "T1 'Task 1' has no verification: add a command to run, a test path, or a result someone can observe."
    );
    assert!(r.findings[1].message.starts_with(
        "T2 'Task 2' is verified by \"It works\", which says \"works\" but not how to tell"
    ));
    assert!(
        r.findings[2]
            .message
            .contains("only checks that something exists")
    );
}

#[test]
fn vague_integration_is_flagged_unless_the_text_names_what_it_uses() {
    let mut s = plan(&[(1, &[]), (2, &[]), (3, &[])]);
    s.tasks[0].title = "Integrate with billing".into();
    s.tasks[1].description = "Use the existing `getQueue` in src/infrastructure/queue.ts.".into();
    s.tasks[2].description = "Add indexes as needed and wire everything together.".into();
    let r = analyse(&s);
    let f = only(&r, Code::VagueIntegration);
    assert_eq!(
        ids(&f.iter().flat_map(|f| f.tasks.clone()).collect::<Vec<_>>()),
        vec![1, 3]
    );
    assert!(
        f[1].message
            .contains("(\"as needed\", \"wire everything together\")")
    );
}

#[test]
fn coverage_lints() {
    let mut s = plan(&[(1, &[]), (2, &[])]);
    let (reqs, next) = reader::extract("- FR-1: Send\n- FR-2: Retry\n", &[], 1);
    s.spec.requirements = reqs;
    s.counters.next_requirement = next;
    s.tasks[0].covers = vec![RequirementId::from("FR-1"), RequirementId::from("FR-9")];
    let r = analyse(&s);
    assert_eq!(
        codes(&r),
        vec![
            "uncovered-requirement",
            "task-covers-nothing",
            "unknown-requirement"
        ]
    );
    assert_eq!(
        r.findings[0].requirements,
        vec![RequirementId::from("FR-2")]
    );
    assert_eq!(
        r.findings[0].message,
        "FR-2 (spec line 2), \"Retry\", is covered by no task: add a task for it, or mark an existing task as \
         covering it."
    );
    assert_eq!(ids(&r.findings[1].tasks), vec![2]);
    assert_eq!(
        r.findings[2].requirements,
        vec![RequirementId::from("FR-9")]
    );
    // Without requirements in the spec, tasks are not asked to cover any.
    assert!(analyse(&plan(&[(1, &[])])).findings.is_empty());
}

#[test]
fn open_ambiguities_that_affect_tasks() {
    let mut s = plan(&[(1, &[]), (2, &[])]);
    let mut a = Ambiguity::new(
        AmbiguityId(1),
        AmbiguityCategory::Underspecified,
        "Which timeout?",
    );
    a.affects = vec![TaskId(2), TaskId(40)];
    s.ambiguities.push(a.clone());
    let mut unaffecting = Ambiguity::new(AmbiguityId(2), AmbiguityCategory::Assumption, "Nothing");
    unaffecting.affects.clear();
    s.ambiguities.push(unaffecting);
    let r = analyse(&s);
    assert_eq!(codes(&r), vec!["open-ambiguity"]);
    assert_eq!(
        r.findings[0].message,
        "A1 (underspecified) \"Which timeout?\" is still open and affects T2 'Task 2': resolve or defer it before \
         relying on that task."
    );
    assert_eq!(r.findings[0].ambiguities, vec![AmbiguityId(1)]);
    apply(
        &mut s,
        Edit::ResolveAmbiguity {
            id: AmbiguityId(1),
            decision: "10 s".into(),
        },
    )
    .unwrap();
    assert!(analyse(&s).findings.is_empty());
}

#[test]
fn a_file_with_two_owners_in_a_set_order() {
    let mut s = plan(&[(1, &[]), (2, &["T1"]), (3, &["T2"])]);
    s.tasks[0].produces = vec!["src/jobs/index.ts".into()];
    s.tasks[1].produces = vec!["src/other.ts".into()];
    s.tasks[2].produces = vec!["./src/jobs/index.ts".into()];
    let r = analyse(&s);
    assert_eq!(codes(&r), vec!["shared-output"]);
    assert_eq!(ids(&r.findings[0].tasks), vec![1, 3]);
    assert!(r.findings[0].message.starts_with(
        "src/jobs/index.ts is produced by 2 tasks (T1 'Task 1', T3 'Task 3'): they run one after"
    ));
}

#[test]
fn a_file_written_by_tasks_in_no_set_order_conflicts() {
    // T2 and T3 both need T1 but not each other: they can run at once.
    let mut s = plan(&[(1, &[]), (2, &["T1"]), (3, &["T1"])]);
    s.tasks[1].produces = vec!["src/jobs/index.ts".into()];
    s.tasks[2].produces = vec!["src/jobs/index.ts".into(), "src/x.ts".into()];
    let r = analyse(&s);
    assert_eq!(codes(&r), vec!["conflicting-output"]);
    assert_eq!(ids(&r.findings[0].tasks), vec![2, 3]);
    assert!(
        r.findings[0]
            .message
            .contains("T2 and T3 do not depend on each other")
    );
    // Ordering them settles it.
    s.tasks[2].depends_on.push("T2".parse().unwrap());
    assert_eq!(codes(&analyse(&s)), vec!["shared-output"]);
}

#[test]
fn tasks_that_produce_nothing_or_restate_or_plan_exclusions() {
    let mut s = plan(&[(1, &[]), (2, &[]), (3, &[]), (4, &[])]);
    let r = reader::read(
        "## Requirements\n- FR-1: Export orders as CSV\n- FR-2: Retry failed deliveries up to 3 times\n\
         ## Out of scope\n- Email notifications\n",
        &[],
        1,
    );
    s.spec.requirements = r.requirements;
    s.spec.exclusions = r.exclusions;
    s.tasks[0].title = "Meet FR-1: Export orders as CSV".into();
    s.tasks[0].covers = vec!["FR-1".into()];
    s.tasks[1].title = "Add the retry schedule to the delivery job".into();
    s.tasks[1].covers = vec!["FR-2".into()];
    s.tasks[1].produces.clear();
    s.tasks[2].title = "Send email notifications for failures".into();
    s.tasks[2].covers = vec!["FR-1".into()];
    s.tasks[3].title = "Write the CSV exporter".into();
    s.tasks[3].covers = vec!["FR-1".into(), "X1".into()];
    let r = analyse(&s);
    let got: Vec<(&str, Vec<u32>)> = r
        .findings
        .iter()
        .map(|f| (f.code.as_str(), ids(&f.tasks)))
        .collect();
    assert_eq!(
        got,
        vec![
            ("uncovered-requirement", vec![2]),
            ("unknown-requirement", vec![4]),
            ("no-output", vec![2]),
            ("restates-requirement", vec![1]),
            ("covers-exclusion", vec![3]),
            ("covers-exclusion", vec![4]),
        ]
    );
    assert!(
        r.findings[0]
            .message
            .contains("covered only by tasks that produce nothing (T2 among them)")
    );
    assert!(
        r.findings[3]
            .message
            .contains("only restates FR-1 (\"Export orders as CSV\")")
    );
    assert!(
        r.findings[4]
            .message
            .contains("plans X1 (\"Email notifications\")")
    );
    assert!(r.findings[5].message.contains("covers X1"));
}

#[test]
fn the_webhook_example_reports_exactly_its_planted_problems() {
    let s = webhooks();
    let (reqs, _) = reader::extract(&s.spec.text, &[], 1);
    let expected: Vec<Requirement> = s.spec.requirements.clone();
    assert_eq!(
        reqs, expected,
        "the fixture's requirements are what extraction finds"
    );
    let r = analyse(&s);
    assert_eq!(
        codes(&r),
        vec![
            "ordering-violation",
            "vague-verification",
            "vague-integration",
            "uncovered-requirement",
            "open-ambiguity",
            "no-output",
            "corrected-order"
        ],
        "{:#?}",
        r.findings
    );
    let vague = only(&r, Code::VagueIntegration);
    assert_eq!(ids(&vague[0].tasks), vec![7]);
    assert!(
        vague[0]
            .message
            .contains("\"integrate with\", \"wire everything together\"")
    );
    assert_eq!(
        only(&r, Code::UncoveredRequirement)[0].requirements,
        vec![RequirementId::from("R3")]
    );
    assert_eq!(ids(&only(&r, Code::OpenAmbiguity)[0].tasks), vec![4, 5]);
    let sch = r.schedule.unwrap();
    assert_eq!(
        sch.critical_path.iter().map(|t| t.0).collect::<Vec<_>>(),
        vec![2, 3, 4, 5, 8, 12]
    );
}

#[test]
fn taskmaster_labels_show_in_messages() {
    let mut s = plan(&[(1, &["T2", "T50"]), (2, &[])]);
    s.tasks[0].source_id = Some("5.2".into());
    s.tasks[1].source_id = Some("7".into());
    let mut opts = Options::default();
    opts.external_labels.insert(TaskId(50), "12".into());
    let r = analyse_with(&s, &opts);
    let d = only(&r, Code::DanglingDependency);
    assert_eq!(
        d[0].message,
        "#5.2 'Task 1' depends on #12, which is not in the plan: add that task or drop the dependency."
    );
    let v = only(&r, Code::OrderingViolation);
    assert!(
        v[0].message
            .starts_with("#5.2 'Task 1' (position 1) depends on #7 'Task 2'")
    );
}

#[test]
fn codes_have_stable_names_and_one_severity() {
    for c in Code::ALL {
        assert_eq!(
            serde_json::to_value(c).unwrap(),
            serde_json::Value::String(c.as_str().to_string())
        );
    }
    assert_eq!(Code::Cycle.severity(), Severity::Error);
    assert_eq!(Code::SharedOutput.severity(), Severity::Warning);
    assert_eq!(Code::CorrectedOrder.severity(), Severity::Info);
}
