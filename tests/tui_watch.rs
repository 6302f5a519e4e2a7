//! The app's session thread and a second writer on one file: statuses
//! written by `planner-tui status` (the store's narrow update) are
//! reported by the watch, and a save the app makes meanwhile — even one
//! copied before the app took the report in — keeps them. Every wait is on
//! an event or on the file, with a timeout.
mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use planner_tui::plan::{Session, TaskId, TaskStatus};
use planner_tui::store::{self, StatusChange, Store};
use planner_tui::tui::State;
use planner_tui::tui::action::{Action, AppEvent};
use planner_tui::tui::effect::{Effect, EffectRunner};
use planner_tui::tui::runner::{AppRunner, SavePolicy};
use planner_tui::tui::sessions::SessionThread;
use planner_tui::tui::state::Pane;
use planner_tui::tui::steps::Steps;
use planner_tui::tui::views::ViewStore;
use planner_tui::worker::Setup;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

const WAIT: Duration = Duration::from_secs(10);

fn start(root: &Path) -> (AppRunner, UnboundedReceiver<AppEvent>) {
    let (tx, rx) = unbounded_channel();
    let store = Store::new(root.join("data"));
    let thread = SessionThread::start(store, ViewStore::new(&root.join("state")), tx.clone())
        .expect("thread");
    let steps = Steps::start(
        Setup {
            providers: Default::default(),
            state_dir: root.join("state"),
            max_concurrent: 1,
        },
        None,
        tx,
    );
    let policy = SavePolicy {
        autosave: true,
        delay: Duration::from_millis(1000),
    };
    (AppRunner::new(thread, steps, policy), rx)
}

/// The next event that `keep` accepts; others are dropped.
async fn next_where(
    rx: &mut UnboundedReceiver<AppEvent>,
    keep: impl Fn(&AppEvent) -> bool,
) -> AppEvent {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let event = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("the event within the timeout")
            .expect("the channel is open");
        if keep(&event) {
            return event;
        }
    }
}

fn mark(path: &Path, id: u32, status: TaskStatus) {
    store::update(path, |s: &mut Session| {
        let edit = planner_tui::execution::status::edit(s, &[TaskId(id)], status);
        if let Some(e) = edit {
            planner_tui::plan::apply(s, e).map_err(|e| e.to_string())?;
        }
        Ok::<_, String>(((), true))
    })
    .expect("the status write");
}

fn status_on_disk(path: &Path, id: u32) -> TaskStatus {
    store::load(path)
        .expect("load")
        .task(TaskId(id))
        .expect("task")
        .status
}

#[tokio::test]
async fn a_save_copied_before_the_app_took_in_an_agents_status_keeps_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = Store::new(dir.path().join("data")).path_for_id("webhooks");
    store::create(&path, &webhook_session()).expect("create");
    let (mut runner, mut rx) = start(dir.path());
    let mut state = State::new(120, 40);
    runner.run(Effect::OpenSession(path.clone()), &state);
    let opened = next_where(&mut rx, |e| matches!(e, AppEvent::SessionOpened { .. })).await;
    planner_tui::tui::update(&mut state, Action::App(opened));
    state.focus = Pane::Tasks;

    // An agent marks T2 done while the app has the file open.
    let written = Instant::now();
    mark(&path, 2, TaskStatus::Done);
    let event = next_where(&mut rx, |e| matches!(e, AppEvent::StatusesChanged(_))).await;
    let AppEvent::StatusesChanged(changes) = &event else {
        unreachable!()
    };
    assert_eq!(
        changes,
        &vec![StatusChange {
            id: TaskId(2),
            was: TaskStatus::Pending,
            now: TaskStatus::Done
        }]
    );
    assert!(written.elapsed() < WAIT);

    // Before the app takes the report in, the user moves a task and the
    // save goes out with T2 still pending in memory.
    for effect in press(&mut state, &["g", "J"]) {
        runner.run(effect, &state);
    }
    runner.flush(&state);
    let taken = next_where(&mut rx, |e| matches!(e, AppEvent::StatusesChanged(_))).await;
    assert!(
        matches!(&taken, AppEvent::StatusesChanged(c) if c[0].id == TaskId(2)),
        "the save reports what it kept: {taken:?}"
    );
    let on_disk = store::load(&path).expect("load");
    assert_eq!(on_disk.tasks[1].id, TaskId(1), "the user's move is saved");
    assert_eq!(
        status_on_disk(&path, 2),
        TaskStatus::Done,
        "the agent's status too"
    );

    // The report arrives late: the app takes it, and a later save keeps it.
    planner_tui::tui::update(&mut state, Action::App(event));
    assert_eq!(
        state
            .session()
            .and_then(|s| s.task(TaskId(2)))
            .map(|t| t.status),
        Some(TaskStatus::Done)
    );
    for effect in press(&mut state, &["K"]) {
        runner.run(effect, &state);
    }
    runner.run(Effect::Quit, &state);
    runner.finish();
    assert_eq!(status_on_disk(&path, 2), TaskStatus::Done);
    assert_eq!(store::load(&path).expect("load").tasks[0].id, TaskId(1));
}
