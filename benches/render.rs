//! Drawing and key handling on a 10,000-task plan. Budgets: a full frame of
//! the main screen into a 200×60 test backend under 16 ms; a keypress to its
//! updated state under 1 ms (an edit, which reruns the analysis, well under
//! 16 ms); start (state built and analysed) to first frame under 100 ms.
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use planner_tui::plan::Session;
use planner_tui::plan::generate::{GenOptions, generate};
use planner_tui::tui::input::translate;
use planner_tui::tui::state::Pane;
use planner_tui::tui::ui::render;
use planner_tui::tui::{State, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const TASKS: usize = 10_000;
const DEPS: usize = 30_000;

fn plan() -> Session {
    generate(&GenOptions::new(TASKS, DEPS)).0
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// The main screen on the big plan, Tasks focused, selection mid-plan.
fn main_screen(session: Session) -> State {
    let mut state = State::with_session(session, None, 200, 60);
    state.focus = Pane::Tasks;
    let mut pending = Vec::new();
    for _ in 0..TASKS / 2 {
        if let Some(a) = translate(&state, &mut pending, key('j')) {
            update(&mut state, a);
        }
    }
    state
}

fn frames(c: &mut Criterion) {
    let state = main_screen(plan());
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    c.bench_function("full frame, 10k tasks, 200x60", |b| {
        b.iter(|| {
            terminal
                .draw(|f| render(black_box(&state), f))
                .expect("draw");
        })
    });
    let mut graph = main_screen(plan());
    graph.focus = Pane::Graph;
    graph.zoomed = true;
    c.bench_function("full frame, graph zoomed, 10k tasks, 200x60", |b| {
        b.iter(|| {
            terminal
                .draw(|f| render(black_box(&graph), f))
                .expect("draw");
        })
    });
}

fn keys(c: &mut Criterion) {
    let mut state = main_screen(plan());
    let mut pending = Vec::new();
    let mut down = true;
    c.bench_function("keypress j/k, 10k tasks", |b| {
        b.iter(|| {
            let k = if down { 'j' } else { 'k' };
            down = !down;
            if let Some(a) = translate(&state, &mut pending, key(k)) {
                black_box(update(&mut state, a));
            }
        })
    });
    let mut down = true;
    c.bench_function(
        "keypress J/K (move task: edit, reindex; analysis deferred), 10k tasks",
        |b| {
            b.iter(|| {
                let k = if down { 'J' } else { 'K' };
                down = !down;
                if let Some(a) = translate(&state, &mut pending, key(k)) {
                    black_box(update(&mut state, a));
                }
            })
        },
    );
    let mut down = true;
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    c.bench_function(
        "keypress J/K to its redrawn frame (edit, analysis, draw), 10k tasks, 200x60",
        |b| {
            b.iter(|| {
                let k = if down { 'J' } else { 'K' };
                down = !down;
                if let Some(a) = translate(&state, &mut pending, key(k)) {
                    black_box(update(&mut state, a));
                }
                state.finish_analysis();
                terminal.draw(|f| render(&state, f)).expect("draw");
            })
        },
    );
}

fn start(c: &mut Criterion) {
    let session = plan();
    c.bench_function("state built to first frame, 10k tasks, 200x60", |b| {
        b.iter(|| {
            let state = State::with_session(black_box(session.clone()), None, 200, 60);
            let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
            terminal.draw(|f| render(&state, f)).expect("draw");
        })
    });
}

criterion_group!(benches, frames, keys, start);
criterion_main!(benches);
