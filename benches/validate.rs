//! The deterministic part of validation on generated plans: 1k / 10k / 100k
//! tasks with three dependencies each, clean and with faults (dangling,
//! duplicate and self dependencies, cycles, misordered tasks). Measured
//! alone (from a finished analysis, as the terminal app does) and together
//! with the analysis (as `planner-tui validate --no-model` does).
//! Budget: 10k tasks well under 50 ms for both.
//!
//! Also the terminal app on 10k tasks that cover nothing (one row per task
//! in the view): `v` with its first frame, and `j` with its frame (budget:
//! a keypress to its frame under 16 ms).
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use planner_tui::analysis::analyse;
use planner_tui::plan::generate::{Faults, GenOptions, generate};
use planner_tui::tui::input::translate;
use planner_tui::tui::ui::render;
use planner_tui::tui::{State, update};
use planner_tui::validate::{Readings, validate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

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

fn press(state: &mut State, c: char) {
    let mut pending = Vec::new();
    let key = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    if let Some(action) = translate(state, &mut pending, key) {
        black_box(update(state, action));
    }
}

fn bench_view(c: &mut Criterion) {
    let (mut s, _) = generate(&options(10_000, true));
    for t in &mut s.tasks {
        t.covers.clear();
    }
    let base = State::with_session(s, None, 200, 60);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    let mut g = c.benchmark_group("validate view, 10k tasks covering nothing, 200x60");
    g.sample_size(20);
    g.bench_function("v and its first frame", |b| {
        b.iter_batched(
            || base.clone(),
            |mut state| {
                press(&mut state, 'v');
                terminal.draw(|f| render(&state, f)).expect("draw");
                state
            },
            criterion::BatchSize::LargeInput,
        )
    });
    let mut open = base.clone();
    press(&mut open, 'v');
    g.bench_function("j and its frame", |b| {
        b.iter(|| {
            press(&mut open, 'j');
            terminal.draw(|f| render(&open, f)).expect("draw");
        })
    });
    g.finish();
}

criterion_group!(benches, bench_validate, bench_view);
criterion_main!(benches);
