//! Load and save of a generated 10,000-task / 30,000-dependency session.
//! Budget: under 300 ms each. Also: encoding and parsing alone (no disk),
//! and listing a directory of 100 sessions of 100 tasks.
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use planner_tui::plan::generate::{GenOptions, generate};
use planner_tui::store::{self, Store};

fn bench_store(c: &mut Criterion) {
    let (session, _) = generate(&GenOptions::new(10_000, 30_000));
    // The target directory's filesystem, not a tmpfs: fsync must cost what it costs.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let path = dir.path().join("big.toml");
    store::save(&path, &session).expect("save");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!("10k-task session file: {} KiB", size / 1024);

    let mut g = c.benchmark_group("store");
    g.sample_size(20);
    g.bench_function("load_10k_tasks_30k_deps", |b| {
        b.iter(|| black_box(store::load(&path).expect("load")))
    });
    g.bench_function("save_10k_tasks_30k_deps", |b| {
        b.iter(|| store::save(&path, black_box(&session)).expect("save"))
    });
    g.bench_function("encode_10k_only", |b| {
        b.iter(|| black_box(toml::to_string(black_box(&session)).expect("encode")))
    });
    let text = std::fs::read_to_string(&path).expect("read");
    g.bench_function("parse_10k_only", |b| {
        b.iter(|| {
            black_box(
                toml::from_str::<planner_tui::plan::Session>(black_box(&text)).expect("parse"),
            )
        })
    });
    g.finish();

    let data = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let st = Store::new(data.path());
    let (small, _) = generate(&GenOptions::new(100, 300));
    for i in 0..100 {
        store::save(&st.path_for_id(&format!("s{i}")), &small).expect("save small");
    }
    let mut g = c.benchmark_group("list");
    g.bench_function("list_100_sessions_of_100_tasks", |b| {
        b.iter(|| black_box(st.list().expect("list")))
    });
    let big = Store::new(dir.path().join("big-data"));
    store::save(&big.path_for_id("big"), &session).expect("save big");
    g.bench_function("list_one_10k_session", |b| {
        b.iter(|| black_box(big.list().expect("list")))
    });
    g.finish();
}

criterion_group!(benches, bench_store);
criterion_main!(benches);
