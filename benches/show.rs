//! `planner-tui show` on generated plans of 10,000, 50,000 and 200,000 tasks
//! (three dependencies each on average, as `benches/store.rs` makes them):
//! the session file read from disk, parsed, and the summary written (to a
//! sink, so the terminal does not count). The command must grow linearly
//! with the plan: the three sizes should take about 1 : 5 : 20.
//!
//! The same files, for timing the real binary by hand:
//! `cargo run --release --example gen_session -- 200000 /tmp/s200k.toml`,
//! then `time planner-tui show /tmp/s200k.toml > /dev/null`.
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use planner_tui::cli::show::write_summary;
use planner_tui::plan::generate::{GenOptions, generate};
use planner_tui::store;

fn bench_show(c: &mut Criterion) {
    // The target directory's filesystem, not a tmpfs: reading costs what it costs.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let mut g = c.benchmark_group("show");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    for tasks in [10_000, 50_000, 200_000] {
        let (session, _) = generate(&GenOptions::new(tasks, tasks * 3));
        let path = dir.path().join(format!("{tasks}.toml"));
        store::save(&path, &session).expect("save");
        drop(session);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        eprintln!("{tasks}-task session file: {} KiB", size / 1024);
        g.measurement_time(Duration::from_secs(tasks as u64 / 5_000 + 5));
        g.bench_with_input(BenchmarkId::from_parameter(tasks), &path, |b, path| {
            b.iter(|| {
                let session = store::load(path).expect("load");
                write_summary(&mut std::io::sink(), &session, path).expect("write");
                black_box(session)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_show);
criterion_main!(benches);
