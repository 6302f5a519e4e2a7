//! A task that lists a dependency again and again — here on itself 10,000
//! times, as a script gone wrong can write it — is counted, reported and
//! fixed the same way by `show`, `check` and `check --fix`.
mod cli_support;

use cli_support::Home;
use planner_tui::plan::{DepKind, Dependency, Session, Task, TaskId, Timestamp};

fn looping_plan(h: &Home) -> String {
    let mut s = Session::new("loops", "Loops", Timestamp(1_764_000_000));
    let mut t1 = Task::new(TaskId(1), "Loop");
    t1.depends_on = vec![Dependency::new(TaskId(1), DepKind::Other); 10_000];
    let mut t2 = Task::new(TaskId(2), "Other");
    t2.depends_on = vec![
        Dependency::new(TaskId(1), DepKind::Schema),
        Dependency::new(TaskId(1), DepKind::Other),
    ];
    s.tasks = vec![t1, t2];
    s.counters.next_task = 3;
    h.save_plan(&s).to_string_lossy().into_owned()
}

#[test]
fn show_counts_each_dependency_once_and_says_how_often_it_is_listed() {
    let h = Home::new();
    let plan = looping_plan(&h);
    let (code, out, err) = h.run(&["show", &plan]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\nTasks (2, 2 dependencies and 10000 repeats)\n"),
        "{out}"
    );
    assert!(
        out.contains("  1. T1  Loop\n     depends on  T1 (other, itself, listed 10000 times)\n"),
        "{out}"
    );
    assert!(
        out.contains("  2. T2  Other\n     depends on  T1 (schema, listed 2 times)\n"),
        "{out}"
    );
}

#[test]
fn check_reports_the_self_dependency_and_its_repeats_and_fix_keeps_one() {
    let h = Home::new();
    let plan = looping_plan(&h);
    let (code, out, err) = h.run(&["check", &plan, "--color", "never"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.starts_with("Plan check: Loops\n2 tasks, 2 dependencies (and 10000 repeats)\n"),
        "{out}"
    );
    assert!(
        out.contains("error[self-dependency]: T1 'Loop' depends on itself, so it can never start."),
        "{out}"
    );
    assert!(
        out.contains(
            "error[duplicate-dependency]: T1 'Loop' lists its dependency on itself 10000\n    times; one is enough."
        ),
        "{out}"
    );
    let (_, json, _) = h.run(&["check", &plan, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["summary"]["dependencies"], 2);
    assert_eq!(v["summary"]["repeated_dependencies"], 10_000);

    let (code, out, err) = h.run(&["check", &plan, "--fix", "--color", "never"]);
    assert_eq!(code, 1, "the self-dependency is still an error: {err}");
    assert!(
        out.contains(
            "  duplicate-dependency: keep one dependency of T1 on itself (other)\n  duplicate-dependency: keep one dependency of T2 on T1 (schema)\n"
        ),
        "{out}"
    );
    assert!(out.contains("2 tasks, 2 dependencies\n"), "{out}");
    let saved = h.load_plan();
    assert_eq!(
        saved.tasks[0].depends_on,
        vec![Dependency::new(TaskId(1), DepKind::Other)]
    );
    assert_eq!(
        saved.tasks[1].depends_on,
        vec![Dependency::new(TaskId(1), DepKind::Schema)]
    );
}
