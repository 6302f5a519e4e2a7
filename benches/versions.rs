//! Diffs between versions of generated plans (three dependencies per task):
//! a typical revision (1% of the tasks each added, removed, moved, renamed
//! and re-wired), a plan against itself, and the worst order (reversed,
//! every task but one moved). Budget: 10,000 tasks well under 50 ms.
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use planner_tui::plan::generate::{GenOptions, Rng, generate};
use planner_tui::plan::{DepKind, Dependency, Task, TaskId};
use planner_tui::versions::diff;

/// `tasks` after a revision touching 1% of them in each way.
fn revised(tasks: &[Task], seed: u64) -> Vec<Task> {
    let mut rng = Rng::new(seed);
    let mut out = tasks.to_vec();
    let n = tasks.len();
    let touch = (n / 100).max(1);
    for _ in 0..touch {
        let i = rng.below(out.len());
        out.remove(i);
    }
    for _ in 0..touch {
        let i = rng.below(out.len());
        let t = out.remove(i);
        let to = rng.below(out.len());
        out.insert(to, t);
    }
    for k in 0..touch {
        let i = rng.below(out.len());
        out[i].title.push_str(" (revised)");
        let j = rng.below(out.len());
        let on = out[rng.below(out.len())].id;
        out[j].depends_on.pop();
        out[j]
            .depends_on
            .push(Dependency::new(on, DepKind::Interface));
        let id = TaskId(n as u32 + 1 + k as u32);
        let at = rng.below(out.len());
        out.insert(at, Task::new(id, format!("New task {k}")));
    }
    out
}

fn bench_diff(c: &mut Criterion) {
    let mut g = c.benchmark_group("versions-diff");
    g.sample_size(20);
    for n in [1_000, 10_000, 100_000] {
        let (s, _) = generate(&GenOptions::new(n, 3 * n));
        let new = revised(&s.tasks, 7);
        g.bench_with_input(BenchmarkId::new("revision", n), &new, |b, new| {
            b.iter(|| black_box(diff(black_box(&s.tasks), black_box(new))))
        });
        if n == 10_000 {
            g.bench_with_input(BenchmarkId::new("unchanged", n), &s.tasks, |b, t| {
                b.iter(|| black_box(diff(black_box(t), black_box(t))))
            });
            let mut reversed = s.tasks.clone();
            reversed.reverse();
            g.bench_with_input(BenchmarkId::new("reversed", n), &reversed, |b, r| {
                b.iter(|| black_box(diff(black_box(&s.tasks), black_box(r))))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_diff);
criterion_main!(benches);
