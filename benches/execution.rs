//! Executing a 10,000-task / 30,000-dependency plan: `next` (the task to
//! do now, or why nothing can start) and one status write as `planner-tui
//! status` and the MCP server make it (write lock, load, change, atomic
//! save, unlock), plus the agent brief.
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use planner_tui::execution::{self, Next, brief::brief};
use planner_tui::plan::generate::{GenOptions, generate};
use planner_tui::plan::{Session, TaskId, TaskStatus};
use planner_tui::store;

fn bench_execution(c: &mut Criterion) {
    let (mut half_done, _) = generate(&GenOptions::new(10_000, 30_000));
    for t in half_done.tasks.iter_mut().take(5_000) {
        t.status = TaskStatus::Done;
    }
    // Nothing can start: every task without dependencies is in review.
    let (mut blocked, _) = generate(&GenOptions::new(10_000, 30_000));
    for t in blocked.tasks.iter_mut().filter(|t| t.depends_on.is_empty()) {
        t.status = TaskStatus::Review;
    }
    assert!(matches!(execution::next(&half_done), Next::Start { .. }));
    assert!(matches!(execution::next(&blocked), Next::Idle(_)));

    let mut g = c.benchmark_group("execution");
    g.bench_function("next_10k_tasks_half_done", |b| {
        b.iter(|| black_box(execution::next(black_box(&half_done))))
    });
    g.bench_function("next_10k_tasks_none_startable", |b| {
        b.iter(|| black_box(execution::next(black_box(&blocked))))
    });
    let position = match execution::next(&half_done) {
        Next::Start { position, .. } => position,
        Next::Idle(_) => 0,
    };
    g.bench_function("brief_10k_tasks", |b| {
        b.iter(|| black_box(brief(black_box(&half_done), position, 16_000, "plan.toml")))
    });
    g.finish();

    // The target directory's filesystem, not a tmpfs: fsync must cost what it costs.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let path = dir.path().join("big.toml");
    store::save(&path, &half_done).expect("save");
    let mut g = c.benchmark_group("execution_store");
    g.sample_size(20);
    let mut flip = false;
    g.bench_function("status_write_10k_tasks", |b| {
        b.iter(|| {
            flip = !flip;
            let status = if flip {
                TaskStatus::InProgress
            } else {
                TaskStatus::Pending
            };
            store::update(&path, |s: &mut Session| {
                let edit = execution::status::edit(s, &[TaskId(9_000)], status);
                let changed = edit.is_some();
                if let Some(edit) = edit {
                    planner_tui::plan::apply(s, edit).map_err(|e| e.to_string())?;
                }
                Ok::<_, String>(((), changed))
            })
            .expect("status write")
        })
    });
    g.finish();
}

criterion_group!(benches, bench_execution);
criterion_main!(benches);
