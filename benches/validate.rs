//! The deterministic part of validation on generated plans: 1k / 10k / 100k
//! tasks with three dependencies each, clean and with faults (dangling,
//! duplicate and self dependencies, cycles, misordered tasks). Measured
//! alone (from a finished analysis, as the terminal app does) and together
//! with the analysis (as `planner-tui validate --no-model` does).
//! Budget: 10k tasks well under 50 ms for both.
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use planner_tui::analysis::analyse;
use planner_tui::plan::generate::{Faults, GenOptions, generate};
use planner_tui::validate::{Readings, validate};

fn options(n: usize, faults: bool) -> GenOptions {
    let mut o = GenOptions::new(n, 3 * n);
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

fn bench_validate(c: &mut Criterion) {
    let mut g = c.benchmark_group("validate");
    g.sample_size(20);
    for (name, faults) in [("clean", false), ("faults", true)] {
        for n in [1_000, 10_000, 100_000] {
            let (s, _) = generate(&options(n, faults));
            let report = analyse(&s);
            g.bench_with_input(BenchmarkId::new(format!("{name}/passes"), n), &n, |b, _| {
                b.iter(|| black_box(validate(black_box(&s), &report, Readings::not_run())))
            });
            g.bench_with_input(
                BenchmarkId::new(format!("{name}/analyse+passes"), n),
                &n,
                |b, _| {
                    b.iter(|| {
                        let report = analyse(black_box(&s));
                        black_box(validate(&s, &report, Readings::not_run()))
                    })
                },
            );
        }
    }
    g.finish();
}

criterion_group!(benches, bench_validate);
criterion_main!(benches);
