//! Model steps from the app: `r` goes through the runner to the real worker
//! (the offline planner, or a provider on a loopback port that refuses),
//! and what comes back is a proposal to review or an error popup. Events
//! for a cancelled request are dropped. Every wait is on an event, bounded.
mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::*;
use planner_tui::llm::ProviderConfig;
use planner_tui::plan::{Edit, Session, Stage, Timestamp, apply};
use planner_tui::store::Store;
use planner_tui::tui::action::{Action, AppEvent};
use planner_tui::tui::effect::EffectRunner;
use planner_tui::tui::runner::{AppRunner, SavePolicy};
use planner_tui::tui::sessions::SessionThread;
use planner_tui::tui::state::{Overlay, Pane};
use planner_tui::tui::steps::Steps;
use planner_tui::tui::views::ViewStore;
use planner_tui::tui::{State, update};
use planner_tui::worker::Setup;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

const WAIT: Duration = Duration::from_secs(10);

struct App {
    _dir: tempfile::TempDir,
    state: State,
    runner: AppRunner,
    events: UnboundedReceiver<AppEvent>,
}

impl App {
    /// The example spec and context, no tasks, at stage 2; model steps go
    /// to `provider` (`None`: the offline planner).
    fn start(providers: BTreeMap<String, ProviderConfig>, provider: Option<&str>) -> App {
        let dir = tempfile::tempdir().expect("temp dir");
        let (tx, events) = unbounded_channel();
        let sessions = SessionThread::start(
            Store::new(dir.path().join("data")),
            ViewStore::new(&dir.path().join("state")),
            tx.clone(),
        )
        .expect("session thread");
        let setup = Setup {
            providers,
            state_dir: dir.path().join("state"),
            max_concurrent: 1,
        };
        let steps = Steps::start(setup, provider.map(str::to_string), tx);
        let policy = SavePolicy {
            autosave: true,
            delay: Duration::from_secs(1),
        };
        let mut session = Session::new("webhooks", "Outbound webhooks", Timestamp(0));
        apply(
            &mut session,
            Edit::SetSpecText {
                text: SPEC.to_string(),
            },
        )
        .expect("spec");
        apply(
            &mut session,
            Edit::SetContext {
                text: CONTEXT.to_string(),
            },
        )
        .expect("context");
        session.stage = Stage::Decompose;
        let mut state = State::with_session(session, None, 120, 40);
        state.focus = Pane::Tasks;
        App {
            _dir: dir,
            state,
            runner: AppRunner::new(sessions, steps, policy),
            events,
        }
    }

    fn keys(&mut self, keys: &[&str]) {
        for effect in press(&mut self.state, keys) {
            self.runner.run(effect, &self.state);
        }
    }

    /// Handle events until `done` says so; give every event seen.
    async fn until(&mut self, done: impl Fn(&State, &[AppEvent]) -> bool) -> Vec<AppEvent> {
        let mut seen = Vec::new();
        while !done(&self.state, &seen) {
            let event = tokio::time::timeout(WAIT, self.events.recv())
                .await
                .expect("an event within the timeout")
                .expect("the channel is open");
            seen.push(event.clone());
            for effect in update(&mut self.state, Action::App(event)) {
                self.runner.run(effect, &self.state);
            }
        }
        seen
    }
}

fn reviewing(state: &State) -> bool {
    matches!(state.overlays.last(), Some(Overlay::Review(_)))
}

/// The final event of `request`, if it is among `events`.
fn finished(events: &[AppEvent], request: u64) -> bool {
    events.iter().any(|e| match e {
        AppEvent::ProposalReady { request: r, .. } | AppEvent::StepFailed { request: r, .. } => {
            *r == request
        }
        _ => false,
    })
}

#[tokio::test]
async fn r_runs_the_offline_decomposition_and_a_accepts_it() {
    let mut app = App::start(BTreeMap::new(), None);
    app.keys(&["r"]);
    let activity = app.state.status.activity.clone().expect("running");
    assert_eq!(activity.label, "Decompose the spec into tasks");
    let events = app.until(|s, _| reviewing(s)).await;
    assert!(
        events
            .iter()
            .any(|e| matches!(e, AppEvent::StepStarted { label, .. }
            if label == "Decompose the spec into tasks with offline heuristics")),
        "{events:?}"
    );
    assert!(app.state.status.activity.is_none(), "the spinner stops");
    let text = screen(&app.state);
    assert!(
        text.contains("Proposal: Decompose the spec into tasks (offline heuristics)"),
        "{text}"
    );
    app.keys(&["A"]);
    let tasks = app.state.session().expect("open").tasks.len();
    assert!(tasks >= 5, "{tasks} tasks accepted");
    assert!(app.runner.deadline().is_some(), "a save is on its way");
    app.runner.finish();
}

#[tokio::test]
async fn a_cancelled_request_is_ignored_and_the_next_one_is_shown() {
    let mut app = App::start(BTreeMap::new(), None);
    app.keys(&["r", "esc"]);
    assert!(app.state.status.activity.is_none());
    app.keys(&["r"]);
    assert_eq!(
        app.state.status.activity.as_ref().map(|a| a.request),
        Some(2)
    );
    // Both requests end (the first may finish before the cancel reaches it).
    app.until(|_, seen| finished(seen, 1) && finished(seen, 2))
        .await;
    let reviews = app
        .state
        .overlays
        .iter()
        .filter(|o| matches!(o, Overlay::Review(_)))
        .count();
    assert_eq!(reviews, 1, "only the awaited request is shown");
    assert!(app.state.session().expect("open").tasks.is_empty());
    app.runner.finish();
}

#[tokio::test]
async fn an_unreachable_model_is_an_error_popup_and_the_plan_is_unchanged() {
    // A port that was free a moment ago: connections are refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let provider: ProviderConfig = toml::from_str(&format!(
        "kind = \"openai\"\nbase_url = \"http://127.0.0.1:{port}/v1\"\nmodel = \"m\"\nmax_retries = 0\nconnect_timeout_s = 2\n"
    ))
    .expect("provider table");
    let mut app = App::start(
        BTreeMap::from([("local".to_string(), provider)]),
        Some("local"),
    );
    let before = app.state.session().expect("open").clone();
    app.keys(&["r"]);
    app.until(|s, _| matches!(s.overlays.last(), Some(Overlay::Error(_))))
        .await;
    let Some(Overlay::Error(report)) = app.state.overlays.last() else {
        unreachable!()
    };
    assert_eq!(report.title, "The model step failed");
    assert!(
        report.what.contains(&format!("127.0.0.1:{port}")),
        "{report:?}"
    );
    assert!(report.todo.contains("The plan is unchanged"), "{report:?}");
    assert!(app.state.status.activity.is_none());
    assert_eq!(app.state.session().expect("open"), &before);
    app.runner.finish();
}

#[tokio::test]
async fn v_reads_completeness_then_integration_on_the_worker_into_the_view() {
    use planner_tui::validate::Reading;
    let mut app = App::start(BTreeMap::new(), None);
    app.keys(&["v"]);
    let reading = |s: &State| match s.overlays.last() {
        Some(Overlay::Validate(v)) => v.is_reading(),
        _ => false,
    };
    assert!(
        reading(&app.state),
        "the completeness reading is on its way"
    );
    let events = app.until(|s, _| !reading(s)).await;
    let started: Vec<&str> = events
        .iter()
        .filter_map(|e| match e {
            AppEvent::StepStarted { label, .. } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        started,
        [
            "Check completeness with offline heuristics",
            "Check integration with the existing system with offline heuristics"
        ]
    );
    let Some(Overlay::Validate(view)) = app.state.overlays.last() else {
        panic!("the view stays open: {:?}", app.state.overlays);
    };
    assert_eq!(app.state.overlays.len(), 1, "no review overlay");
    assert!(matches!(
        view.validation.completeness.model,
        Reading::Done(_)
    ));
    assert!(matches!(
        view.validation.integration.model,
        Reading::Done(_)
    ));
    // No tasks yet: every requirement is a gap, and the plan is not ready.
    assert_eq!(view.validation.completeness.model.entries().len(), 9);
    assert!(screen(&app.state).contains("Not ready: no tasks yet, 9 uncovered requirements"));
    assert!(app.state.status.activity.is_none());
    app.runner.finish();
}
