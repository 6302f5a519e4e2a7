//! Properties of the analysis on generated plans and on arbitrary small
//! graphs checked against brute force.
use std::collections::HashSet;

use planner_tui::analysis::{Code, Report, analyse};
use planner_tui::plan::generate::{Faults, GenOptions, Injected, Shape, generate};
use planner_tui::plan::{DepKind, Dependency, Edit, Session, Task, TaskId, Timestamp, apply};
use proptest::prelude::*;

fn options() -> impl Strategy<Value = GenOptions> {
    (1usize..250, 0usize..4, any::<bool>(), any::<u64>()).prop_map(|(n, per, near, seed)| {
        GenOptions {
            tasks: n,
            deps: n * per,
            shape: if near { Shape::Near } else { Shape::Random },
            seed,
            faults: Faults::default(),
        }
    })
}

fn positions(s: &Session) -> std::collections::HashMap<TaskId, usize> {
    s.tasks.iter().enumerate().map(|(p, t)| (t.id, p)).collect()
}

fn apply_order_fix(s: &mut Session, r: &Report) {
    if let Some(f) = r.findings.iter().find(|f| f.code == Code::CorrectedOrder) {
        let fix = f
            .fix
            .as_ref()
            .expect("the corrected order comes with its edits");
        apply(s, Edit::Batch(fix.edits.clone())).expect("move edits apply");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn the_corrected_order_is_a_valid_permutation_and_its_edits_produce_it(
        mut o in options(), misorders in 0usize..6,
    ) {
        o.faults.misorders = misorders;
        let (mut s, _) = generate(&o);
        let r = analyse(&s);
        let order = r.order.clone().expect("acyclic plans get an order");
        let mut sorted: Vec<u32> = order.order.iter().map(|t| t.0).collect();
        sorted.sort_unstable();
        let mut ids: Vec<u32> = s.tasks.iter().map(|t| t.id.0).collect();
        ids.sort_unstable();
        prop_assert_eq!(sorted, ids);
        let at: std::collections::HashMap<TaskId, usize> =
            order.order.iter().enumerate().map(|(k, id)| (*id, k)).collect();
        for t in &s.tasks {
            for d in &t.depends_on {
                prop_assert!(at[&d.on] < at[&t.id], "{} must come after {}", t.id, d.on);
            }
        }
        apply_order_fix(&mut s, &r);
        prop_assert_eq!(s.tasks.iter().map(|t| t.id).collect::<Vec<_>>(), order.order);
        let again = analyse(&s);
        prop_assert!(again.findings.is_empty(), "{:?}", again.findings);
    }

    #[test]
    fn a_plan_in_valid_order_is_left_unchanged_and_reports_nothing(o in options()) {
        let (s, _) = generate(&o);
        let r = analyse(&s);
        prop_assert!(r.findings.is_empty(), "{:?}", r.findings);
        let order = r.order.expect("acyclic");
        prop_assert!(order.moves.is_empty());
        prop_assert_eq!(order.order, s.tasks.iter().map(|t| t.id).collect::<Vec<_>>());
    }

    #[test]
    fn waves_respect_every_dependency(mut o in options(), misorders in 0usize..4) {
        o.faults.misorders = misorders;
        let (s, _) = generate(&o);
        let r = analyse(&s);
        let sch = r.schedule.as_ref().expect("acyclic");
        let pos = positions(&s);
        let mut seen = 0;
        for (w, wave) in sch.waves().enumerate() {
            for id in wave {
                prop_assert_eq!(sch.wave_of(pos[id]), w);
                seen += 1;
            }
        }
        prop_assert_eq!(seen, s.tasks.len());
        for (i, t) in s.tasks.iter().enumerate() {
            for d in &t.depends_on {
                prop_assert!(sch.wave_of(pos[&d.on]) < sch.wave_of(i));
            }
        }
        let cp = &sch.critical_path;
        prop_assert_eq!(cp.len(), sch.wave_count());
        for pair in cp.windows(2) {
            prop_assert!(s.tasks[pos[&pair[1]]].depends_on_task(pair[0]));
        }
    }

    #[test]
    fn every_injected_fault_is_found_and_nothing_else(
        mut o in options(),
        dangling in 0usize..3, selfs in 0usize..3, dups in 0usize..3, cycles in 0usize..3, misorders in 0usize..3,
    ) {
        o.faults = Faults { dangling, self_dependencies: selfs, duplicates: dups, cycles, misorders };
        let (s, inj) = generate(&o);
        let r = analyse(&s);
        check_injected(&s, &r, &inj)?;
    }

    #[test]
    fn small_graphs_agree_with_brute_force(
        n in 1usize..9,
        edges in prop::collection::vec((0usize..9, 0usize..9, 0usize..4), 0..20),
    ) {
        let s = small_plan(n, &edges);
        let r = analyse(&s);
        brute_force(&s, &r)?;
    }
}

fn ids_of(f: &planner_tui::analysis::Finding) -> Vec<TaskId> {
    f.tasks.iter().map(|t| t.id).collect()
}

fn check_injected(s: &Session, r: &Report, inj: &Injected) -> Result<(), TestCaseError> {
    let with = |code: Code| r.findings.iter().filter(move |f| f.code == code);
    for (t, missing) in &inj.dangling {
        prop_assert!(with(Code::DanglingDependency).any(|f| ids_of(f) == vec![*t, *missing]));
    }
    for t in &inj.self_dependencies {
        prop_assert!(with(Code::SelfDependency).any(|f| ids_of(f) == vec![*t]));
    }
    for (t, on) in &inj.duplicates {
        prop_assert!(with(Code::DuplicateDependency).any(|f| ids_of(f) == vec![*t, *on]));
    }
    let in_one_cycle = |a: TaskId, b: TaskId| {
        with(Code::Cycle).any(|f| ids_of(f).contains(&a) && ids_of(f).contains(&b))
    };
    for (from, to) in &inj.cycles {
        prop_assert!(
            in_one_cycle(*from, *to),
            "cycle {from} -> {to} not reported: {:#?}",
            r.findings
        );
    }
    let pos = positions(s);
    for (t, on) in &inj.misorders {
        if pos[on] > pos[t] && !in_one_cycle(*t, *on) {
            prop_assert!(with(Code::OrderingViolation).any(|f| ids_of(f) == vec![*t, *on]));
        }
    }
    let expected: HashSet<Code> = [
        Code::DanglingDependency,
        Code::SelfDependency,
        Code::DuplicateDependency,
        Code::Cycle,
        Code::OrderingViolation,
        Code::CorrectedOrder,
    ]
    .into();
    for f in &r.findings {
        prop_assert!(
            expected.contains(&f.code),
            "unexpected {}: {}",
            f.code,
            f.message
        );
    }
    prop_assert_eq!(with(Code::DanglingDependency).count(), inj.dangling.len());
    prop_assert_eq!(
        with(Code::SelfDependency).count(),
        inj.self_dependencies.len()
    );
    let dup_pairs: HashSet<_> = inj.duplicates.iter().collect();
    prop_assert_eq!(with(Code::DuplicateDependency).count(), dup_pairs.len());
    prop_assert!(with(Code::Cycle).count() <= inj.cycles.len());
    if inj.cycles.is_empty() && inj.misorders.is_empty() {
        prop_assert_eq!(with(Code::OrderingViolation).count(), 0);
    }
    Ok(())
}

/// Tasks T1..Tn; edge (a, b, k): task a depends on task b with kind k
/// (self-dependencies and repeats dropped).
fn small_plan(n: usize, edges: &[(usize, usize, usize)]) -> Session {
    let mut s = Session::new("p", "p", Timestamp(0));
    s.tasks = (1..=n as u32)
        .map(|i| Task::new(TaskId(i), format!("t{i}")))
        .collect();
    for &(a, b, k) in edges {
        let (a, b) = (a % n, b % n);
        let on = TaskId(b as u32 + 1);
        if a != b && !s.tasks[a].depends_on_task(on) {
            s.tasks[a]
                .depends_on
                .push(Dependency::new(on, DepKind::ALL[k]));
        }
    }
    for t in &mut s.tasks {
        t.verification = Some("cargo test".into());
        t.produces = vec![format!("src/t{}.rs", t.id.0)];
    }
    s
}

fn brute_force(s: &Session, r: &Report) -> Result<(), TestCaseError> {
    let n = s.tasks.len();
    // reach[a][b]: a depends (transitively) on b.
    let mut reach = vec![vec![false; n]; n];
    for (a, t) in s.tasks.iter().enumerate() {
        for d in &t.depends_on {
            reach[a][d.on.0 as usize - 1] = true;
        }
    }
    for k in 0..n {
        for a in 0..n {
            for b in 0..n {
                if reach[a][k] && reach[k][b] {
                    reach[a][b] = true;
                }
            }
        }
    }
    let knotted = |a: usize, b: usize| a != b && reach[a][b] && reach[b][a];
    // Components with more than one task, as sets of positions.
    let mut comps: Vec<Vec<usize>> = Vec::new();
    for a in 0..n {
        if comps.iter().any(|c| c.contains(&a)) {
            continue;
        }
        let c: Vec<usize> = (0..n).filter(|&b| b == a || knotted(a, b)).collect();
        if c.len() > 1 {
            comps.push(c);
        }
    }
    let cycles: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::Cycle)
        .collect();
    prop_assert_eq!(cycles.len(), comps.len());
    for f in &cycles {
        let mut got: Vec<usize> = f.tasks.iter().map(|t| t.id.0 as usize - 1).collect();
        got.sort_unstable();
        prop_assert!(comps.contains(&got), "{got:?} is not one of {comps:?}");
        let fix = f.fix.as_ref().expect("cycles suggest a cut");
        let [Edit::RemoveDependency { task, on }] = fix.edits.as_slice() else {
            return Err(TestCaseError::fail("the cut is one RemoveDependency"));
        };
        prop_assert!(
            knotted(task.0 as usize - 1, on.0 as usize - 1)
                && s.task(*task).is_some_and(|t| t.depends_on_task(*on))
        );
    }
    let mut violations = 0;
    for (a, t) in s.tasks.iter().enumerate() {
        for d in &t.depends_on {
            let b = d.on.0 as usize - 1;
            if b > a && !knotted(a, b) {
                violations += 1;
            }
        }
    }
    prop_assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.code == Code::OrderingViolation)
            .count(),
        violations
    );
    prop_assert_eq!(r.order.is_some(), comps.is_empty());
    if let Some(order) = &r.order {
        let mut t = s.clone();
        apply_order_fix(&mut t, r);
        prop_assert_eq!(
            t.tasks.iter().map(|t| t.id).collect::<Vec<_>>(),
            order.order.clone()
        );
        prop_assert!(analyse(&t).findings.is_empty());
    }
    Ok(())
}
