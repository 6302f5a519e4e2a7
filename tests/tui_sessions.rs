//! The app's session side on a real disk: the session thread and the
//! runner open, create, rename, delete and save sessions, hold the lock, keep
//! the view, and debounce saves. Every wait is on an event, with a timeout.
mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use futures_util::stream;
use planner_tui::plan::Timestamp;
use planner_tui::store::{self, Store};
use planner_tui::tui::action::AppEvent;
use planner_tui::tui::effect::{Effect, EffectRunner};
use planner_tui::tui::runner::{AppRunner, SavePolicy};
use planner_tui::tui::sessions::SessionThread;
use planner_tui::tui::state::{Overlay, Pane, SaveState, Screen};
use planner_tui::tui::steps::Steps;
use planner_tui::tui::views::ViewStore;
use planner_tui::tui::{State, run, update};
use planner_tui::worker::Setup;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

const WAIT: Duration = Duration::from_secs(10);

struct Disk {
    dir: tempfile::TempDir,
}

impl Disk {
    fn new() -> Disk {
        Disk {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }
    fn root(&self) -> &Path {
        self.dir.path()
    }
    fn store(&self) -> Store {
        Store::new(self.root().join("data"))
    }
    fn views(&self) -> ViewStore {
        ViewStore::new(&self.root().join("state"))
    }
    /// The webhook session saved under the data directory.
    fn saved_session(&self) -> PathBuf {
        let path = self.store().path_for_id("webhooks");
        store::create(&path, &webhook_session()).expect("create");
        path
    }
    fn start(&self, delay_ms: u64) -> (AppRunner, UnboundedReceiver<AppEvent>) {
        let (tx, rx) = unbounded_channel();
        let thread = SessionThread::start(self.store(), self.views(), tx.clone()).expect("thread");
        let policy = SavePolicy {
            autosave: true,
            delay: Duration::from_millis(delay_ms),
        };
        let steps = Steps::start(
            Setup {
                providers: Default::default(),
                state_dir: self.root().join("state"),
                max_concurrent: 1,
            },
            None,
            tx,
        );
        (AppRunner::new(thread, steps, policy), rx)
    }
}

async fn next(rx: &mut UnboundedReceiver<AppEvent>) -> AppEvent {
    tokio::time::timeout(WAIT, rx.recv())
        .await
        .expect("an event within the timeout")
        .expect("the channel is open")
}

/// Feed an event through `update`, as the run loop does.
fn handle(state: &mut State, event: AppEvent) {
    let effects = update(state, planner_tui::tui::Action::App(event));
    assert!(effects.is_empty(), "{effects:?}");
}

fn open(runner: &mut AppRunner, state: &State, path: &Path) {
    runner.run(Effect::OpenSession(path.to_path_buf()), state);
}

#[tokio::test]
async fn opening_locks_the_session_and_a_second_opener_is_told_who_has_it() {
    let disk = Disk::new();
    let path = disk.saved_session();
    let (mut runner, mut rx) = disk.start(1000);
    let mut state = State::new(120, 40);
    open(&mut runner, &state, &path);
    let event = next(&mut rx).await;
    assert!(
        matches!(&event, AppEvent::SessionOpened { path: Some(p), .. } if *p == path),
        "{event:?}"
    );
    handle(&mut state, event);
    assert_eq!(state.screen, Screen::Main);
    assert!(store::lock_path(&path).exists(), "held while open");

    // Another opener (here a second session thread) gets a popup naming the pid.
    let (mut other, mut other_rx) = disk.start(1000);
    let mut other_state = State::new(120, 40);
    open(&mut other, &other_state, &path);
    let event = next(&mut other_rx).await;
    handle(&mut other_state, event);
    assert_eq!(other_state.screen, Screen::Start, "stays on the list");
    let Some(Overlay::Error(report)) = other_state.overlays.last() else {
        panic!("an error popup: {:?}", other_state.overlays)
    };
    let pid = std::process::id().to_string();
    assert!(report.what.contains(&format!("(pid {pid})")), "{report:?}");
    assert!(report.todo.contains("Quit that one first"), "{report:?}");
    other.finish();

    runner.run(Effect::Quit, &state);
    runner.finish();
    assert!(!store::lock_path(&path).exists(), "released on quit");
}

#[tokio::test]
async fn saves_are_debounced_stamped_and_flushed_on_quit_with_the_view() {
    let disk = Disk::new();
    let path = disk.saved_session();
    let before = store::load(&path).expect("load");
    let (mut runner, mut rx) = disk.start(1000);
    let mut state = State::new(120, 40);
    open(&mut runner, &state, &path);
    handle(&mut state, next(&mut rx).await);
    state.focus = Pane::Tasks;

    // Three edits: one deadline, armed by the first and not pushed back.
    let mut deadlines = Vec::new();
    for keys in [&["j", "J"][..], &["J"], &["K"]] {
        for effect in press(&mut state, keys) {
            runner.run(effect, &state);
        }
        deadlines.push(runner.deadline().expect("a save is due"));
    }
    assert!(deadlines.windows(2).all(|w| w[0] == w[1]), "{deadlines:?}");
    let wait = deadlines[0] - tokio::time::Instant::now();
    assert!(wait <= Duration::from_millis(1000), "{wait:?}");
    assert_eq!(state.status.save, SaveState::Unsaved);
    assert_eq!(
        store::load(&path).expect("load"),
        before,
        "nothing written before the deadline"
    );

    runner.on_deadline(&state);
    assert_eq!(runner.deadline(), None);
    let event = next(&mut rx).await;
    let AppEvent::Saved { at } = event else {
        panic!("{event:?}")
    };
    handle(&mut state, AppEvent::Saved { at });
    assert_eq!(state.status.save, SaveState::Saved(Some(at)));
    let saved = store::load(&path).expect("load");
    assert_eq!(saved.tasks, state.session().expect("open").tasks);
    assert!(saved.updated >= before.updated && saved.updated == at);
    assert!(at.0 >= Timestamp::now().0 - 60, "stamped now: {at:?}");

    // An edit right before quitting is written by the quit, with the view.
    for effect in press(&mut state, &["j", "J"]) {
        runner.run(effect, &state);
    }
    let selected = state.tasks.selected;
    runner.run(Effect::Quit, &state);
    runner.finish();
    let saved = store::load(&path).expect("load");
    assert_eq!(saved.tasks, state.session().expect("open").tasks);
    let view = disk.views().load(&path).expect("view saved");
    assert_eq!(view.focus, Pane::Tasks);
    assert_eq!(view.selected_task, selected);
    assert!(!store::lock_path(&path).exists());

    // Opening again restores the view.
    let (mut runner, mut rx) = disk.start(1000);
    let mut state = State::new(120, 40);
    open(&mut runner, &state, &path);
    handle(&mut state, next(&mut rx).await);
    assert_eq!(state.tasks.selected, selected);
    assert_eq!(state.focus, Pane::Tasks);
    runner.finish();
}

#[tokio::test]
async fn the_run_loop_writes_when_the_debounce_passes() {
    let disk = Disk::new();
    let path = disk.saved_session();
    let (mut runner, mut rx) = disk.start(50);
    let mut state = State::new(120, 40);
    open(&mut runner, &state, &path);
    handle(&mut state, next(&mut rx).await);
    state.focus = Pane::Tasks;
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    // Two keys, then no more input: the loop must wake for the deadline.
    let keys = stream::iter(vec![Ok(key("j")), Ok(key("J"))]);
    let input = futures_util::StreamExt::chain(keys, stream::pending());
    let moved = |s: &planner_tui::plan::Session| s.tasks[1].id.0 == 3;
    let written = async {
        for _ in 0..500 {
            if store::load(&path).is_ok_and(|s| moved(&s)) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    };
    let on_disk = tokio::select! {
        _ = run(&mut terminal, &mut state, input, &mut rx, &mut runner) => false,
        written = written => written,
    };
    assert!(
        on_disk,
        "written within 10 s of the last key, without a quit"
    );
    assert!(moved(state.session().expect("open")));
    assert_eq!(runner.deadline(), None, "the deadline was met");
    runner.finish();
}

#[tokio::test]
async fn create_rename_and_delete_answer_with_the_new_list() {
    let disk = Disk::new();
    let spec = disk.root().join("spec.md");
    std::fs::write(&spec, SPEC).expect("write spec");
    let (mut runner, mut rx) = disk.start(1000);
    let mut state = State::new(120, 40);
    runner.run(
        Effect::CreateSession {
            title: "Outbound webhooks".into(),
            spec_path: Some(spec.clone()),
            context_path: None,
        },
        &state,
    );
    let event = next(&mut rx).await;
    let AppEvent::SessionOpened {
        session,
        path: Some(path),
        ..
    } = &event
    else {
        panic!("{event:?}")
    };
    let path = path.clone();
    assert_eq!(session.spec.requirements.len(), 9);
    assert!(path.starts_with(disk.store().sessions_dir()), "{path:?}");
    assert_eq!(
        store::load(&path).expect("written").title,
        "Outbound webhooks"
    );
    handle(&mut state, event);

    // A spec that is not there: the popup names it; nothing is created.
    runner.run(
        Effect::CreateSession {
            title: "Other".into(),
            spec_path: Some(disk.root().join("nope.md")),
            context_path: None,
        },
        &state,
    );
    let event = next(&mut rx).await;
    let AppEvent::Failed(report) = &event else {
        panic!("{event:?}")
    };
    assert!(report.what.contains("nope.md"), "{report:?}");
    assert_eq!(disk.store().list().expect("list").len(), 1);
    runner.run(Effect::Quit, &state);
    runner.finish();

    let (mut runner, mut rx) = disk.start(1000);
    let state = State::new(120, 40);
    runner.run(
        Effect::RenameSession {
            path: path.clone(),
            title: "Webhooks v2".into(),
        },
        &state,
    );
    let event = next(&mut rx).await;
    let AppEvent::SessionsListed(list) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].title, "Webhooks v2");
    assert_eq!(store::load(&path).expect("load").title, "Webhooks v2");

    disk.views()
        .save(&path, &Default::default())
        .expect("view written");
    runner.run(Effect::DeleteSession(path.clone()), &state);
    // Deleting moves the file into the trash beside the sessions, and says so.
    let trash = disk.store().trash_dir();
    let event = next(&mut rx).await;
    let AppEvent::Notice(text) = &event else {
        panic!("{event:?}")
    };
    assert!(text.contains(&trash.display().to_string()), "{text}");
    let event = next(&mut rx).await;
    let AppEvent::SessionsListed(list) = &event else {
        panic!("{event:?}")
    };
    assert!(list.is_empty());
    assert!(!path.exists());
    let trashed = trash.join(path.file_name().expect("a file name"));
    assert_eq!(
        store::load(&trashed).expect("in the trash").title,
        "Webhooks v2"
    );
    assert!(!disk.views().path_for(&path).exists(), "its view goes");

    // The trash lists it, and restoring brings it back under its own name.
    runner.run(Effect::ListTrash, &state);
    let event = next(&mut rx).await;
    let AppEvent::TrashListed(list) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].path, trashed);
    runner.run(Effect::RestoreSession(trashed.clone()), &state);
    let mut listed = None;
    for _ in 0..3 {
        match next(&mut rx).await {
            AppEvent::SessionsListed(list) => listed = Some(list),
            AppEvent::TrashListed(list) => assert!(list.is_empty()),
            AppEvent::Notice(text) => assert!(text.starts_with("Restored: "), "{text}"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(listed.expect("the new list").len(), 1);
    assert!(path.exists() && !trashed.exists());
    runner.finish();
}

#[tokio::test]
async fn a_deleted_session_never_replaces_one_of_the_same_name_in_the_trash() {
    let disk = Disk::new();
    let path = disk.saved_session();
    let (mut runner, mut rx) = disk.start(1000);
    let state = State::new(120, 40);
    let trash = disk.store().trash_dir();
    for round in 1..=2 {
        if round == 2 {
            store::create(&path, &webhook_session()).expect("a second one");
        }
        runner.run(Effect::DeleteSession(path.clone()), &state);
        assert!(matches!(next(&mut rx).await, AppEvent::Notice(_)));
        assert!(matches!(next(&mut rx).await, AppEvent::SessionsListed(_)));
    }
    assert!(trash.join("webhooks.toml").exists());
    assert!(trash.join("webhooks-2.toml").exists());
    runner.finish();
}

#[tokio::test]
async fn a_corrupt_session_is_reported_and_left_alone() {
    let disk = Disk::new();
    let path = disk.root().join("bad.toml");
    std::fs::write(&path, "format_version = 1\ntitle = \n").expect("write");
    let (mut runner, mut rx) = disk.start(1000);
    let mut state = State::new(120, 40);
    open(&mut runner, &state, &path);
    handle(&mut state, next(&mut rx).await);
    let Some(Overlay::Error(report)) = state.overlays.last() else {
        panic!("{:?}", state.overlays)
    };
    assert!(report.what.contains("line 2"), "{report:?}");
    assert!(!store::lock_path(&path).exists(), "not kept locked");
    runner.run(Effect::Quit, &state);
    runner.finish();
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "format_version = 1\ntitle = \n"
    );
}
