//! Full analysis of generated plans: 1k / 10k / 100k tasks with three
//! dependencies per task, random and "near" shapes (every task on several of
//! its nearest predecessors: long chains, very many paths), with and without
//! faults. Budget: 10k under 20 ms, 100k under 300 ms, linear growth.
//!
//! Also `planner-tui check` end to end (process start, load, analyse, print)
//! on a 10k-task session and a 50k-task Taskmaster tasks.json; budgets 150 ms
//! and 600 ms. The files are left in `target/tmp/` for hyperfine.
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use planner_tui::analysis::analyse;
use planner_tui::plan::Session;
use planner_tui::plan::generate::{Faults, GenOptions, Shape, generate};
use serde_json::json;

fn options(n: usize, shape: Shape, faults: bool) -> GenOptions {
    let mut o = GenOptions {
        shape,
        ..GenOptions::new(n, 3 * n)
    };
    if faults {
        o.faults = Faults {
            dangling: 10,
            self_dependencies: 5,
            duplicates: 10,
            cycles: 5,
            misorders: 20,
        };
    }
    o
}

fn bench_analysis(c: &mut Criterion) {
    let mut g = c.benchmark_group("analysis");
    g.sample_size(20);
    for (name, shape, faults) in [
        ("random", Shape::Random, false),
        ("near", Shape::Near, false),
        ("random+faults", Shape::Random, true),
        ("near+faults", Shape::Near, true),
    ] {
        for n in [1_000, 10_000, 100_000] {
            let (s, _) = generate(&options(n, shape, faults));
            g.bench_with_input(BenchmarkId::new(name, n), &s, |b, s| {
                b.iter(|| black_box(analyse(black_box(s))))
            });
        }
    }
    // One cycle through every task: the first task depends on the last.
    for n in [10_000, 100_000] {
        let (mut s, _) = generate(&options(n, Shape::Near, false));
        let last = s.tasks[n - 1].id;
        s.tasks[0]
            .depends_on
            .push(planner_tui::plan::Dependency::new(
                last,
                planner_tui::plan::DepKind::Other,
            ));
        g.bench_with_input(BenchmarkId::new("one-big-cycle", n), &s, |b, s| {
            b.iter(|| black_box(analyse(black_box(s))))
        });
    }
    // The worst order a user could choose: the valid order reversed.
    let (mut s, _) = generate(&options(10_000, Shape::Random, false));
    s.tasks.reverse();
    g.bench_with_input(BenchmarkId::new("reversed", 10_000), &s, |b, s| {
        b.iter(|| black_box(analyse(black_box(s))))
    });
    g.finish();
}

fn bench_check(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let session = dir.join("check-10k.toml");
    let (s, _) = generate(&GenOptions {
        faults: Faults {
            misorders: 3,
            ..Faults::default()
        },
        ..GenOptions::new(10_000, 30_000)
    });
    planner_tui::store::save(&session, &s).expect("save the 10k session");
    let tasks = dir.join("tasks-50k.json");
    let (big, _) = generate(&GenOptions {
        faults: Faults {
            misorders: 3,
            ..Faults::default()
        },
        ..GenOptions::new(50_000, 150_000)
    });
    std::fs::write(&tasks, taskmaster_json(&big)).expect("write the 50k tasks.json");

    let mut g = c.benchmark_group("check_end_to_end");
    g.sample_size(10);
    g.bench_function("session_10k", |b| b.iter(|| run_check(&session)));
    g.bench_function("taskmaster_50k", |b| b.iter(|| run_check(&tasks)));
    g.finish();
}

fn run_check(path: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_planner-tui"))
        .arg("check")
        .arg(path)
        .stdout(Stdio::null())
        .status()
        .expect("run planner-tui");
    // Exit 1 (the plan has errors) is expected; 2 would mean the check did not run.
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "check failed: {status}"
    );
}

/// The session as a tagged Taskmaster file.
fn taskmaster_json(s: &Session) -> String {
    let tasks: Vec<_> = s
        .tasks
        .iter()
        .map(|t| {
            json!({
                "id": t.id.0,
                "title": t.title,
                "description": t.description,
                "details": "Implementation notes for this task.",
                "testStrategy": t.verification,
                "status": "pending",
                "priority": "medium",
                "dependencies": t.depends_on.iter().map(|d| d.on.0).collect::<Vec<_>>(),
                "subtasks": [],
            })
        })
        .collect();
    json!({"master": {"tasks": tasks, "metadata": {"created": "2026-01-10T08:00:00.000Z"}}})
        .to_string()
}

criterion_group!(benches, bench_analysis, bench_check);
criterion_main!(benches);
