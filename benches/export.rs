//! Export of a generated 10,000-task plan (30,000 dependencies) in every
//! format, analysis excluded (it is measured in `benches/analysis.rs`), and
//! `import` of the 10k Taskmaster and Spec Kit files back.
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use planner_tui::analysis::analyse;
use planner_tui::export::{Format, render};
use planner_tui::interop::{ImportFormat, import};
use planner_tui::plan::generate::{GenOptions, generate};

fn bench_export(c: &mut Criterion) {
    let mut g = c.benchmark_group("export");
    g.sample_size(10);
    let (s, _) = generate(&GenOptions::new(10_000, 30_000));
    let report = analyse(&s);
    for f in Format::ALL {
        g.bench_with_input(BenchmarkId::new(f.key(), 10_000), &f, |b, &f| {
            b.iter(|| black_box(render(f, black_box(&s), &report)))
        });
    }
    for f in [Format::Taskmaster, Format::Speckit, Format::Json] {
        let text = render(f, &s, &report);
        g.bench_with_input(
            BenchmarkId::new(format!("import-{}", f.key()), 10_000),
            &text,
            |b, t| b.iter(|| black_box(import(black_box(t), ImportFormat::Auto, "bench"))),
        );
    }
    g.finish();
}

criterion_group!(benches, bench_export);
criterion_main!(benches);
