//! Try the terminal app by hand before the CLI and the worker are wired:
//! `cargo run --example tui -- [SESSION.toml]`. With a path, the session is
//! loaded from it (or started from the example webhook spec when the file
//! does not exist) and saved back on every change; without one, nothing is
//! written. There is no model here: `r` reports that.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crossterm::event::EventStream;
use planner_tui::plan::{Edit, Session, Timestamp, apply};
use planner_tui::tui::state::ErrorReport;
use planner_tui::tui::terminal::{self, EXIT_NOT_A_TERMINAL, NOT_A_TERMINAL};
use planner_tui::tui::{AppEvent, Effect, EffectRunner, State, run};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

const SPEC: &str = include_str!("../assets/examples/webhooks-spec.md");
const CONTEXT: &str = include_str!("../assets/examples/webhooks-context.md");

fn main() -> ExitCode {
    if !terminal::is_terminal() {
        eprintln!("{NOT_A_TERMINAL}");
        return ExitCode::from(EXIT_NOT_A_TERMINAL as u8);
    }
    let path = std::env::args_os().nth(1).map(PathBuf::from);
    let session = match load(path.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("could not start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(app(session, path)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn load(path: Option<&Path>) -> Result<Session, String> {
    match path {
        Some(p) if p.exists() => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("could not read {}: {e}", p.display()))?;
            toml::from_str(&text).map_err(|e| format!("{} is not a session file: {e}", p.display()))
        }
        _ => {
            let mut s = Session::new("example", "Outbound webhooks", Timestamp::now());
            apply(
                &mut s,
                Edit::SetSpecText {
                    text: SPEC.to_string(),
                },
            )
            .map_err(|e| e.to_string())?;
            apply(
                &mut s,
                Edit::SetContext {
                    text: CONTEXT.to_string(),
                },
            )
            .map_err(|e| e.to_string())?;
            Ok(s)
        }
    }
}

async fn app(session: Session, path: Option<PathBuf>) -> Result<(), String> {
    let (tx, mut rx) = unbounded_channel();
    let mut guard = terminal::init().map_err(|e| format!("could not set up the terminal: {e}"))?;
    let size = guard.size().map_err(|e| e.to_string())?;
    let mut state = State::with_session(session, path.clone(), size.width, size.height);
    let mut runner = FileRunner { path, events: tx };
    let result = run(
        &mut guard,
        &mut state,
        EventStream::new(),
        &mut rx,
        &mut runner,
    )
    .await;
    drop(guard);
    result.map(|_| ()).map_err(|e| e.to_string())
}

struct FileRunner {
    path: Option<PathBuf>,
    events: UnboundedSender<AppEvent>,
}

impl FileRunner {
    fn save(&self, state: &State) {
        let (Some(path), Some(session)) = (&self.path, state.session_to_save()) else {
            let _ = self.events.send(AppEvent::Notice(
                "Not saved: no session file was given.".into(),
            ));
            return;
        };
        let event = match write_atomically(path, &session) {
            Ok(()) => AppEvent::Saved {
                at: Timestamp::now(),
            },
            Err(message) => AppEvent::SaveFailed { message },
        };
        let _ = self.events.send(event);
    }
}

fn write_atomically(path: &Path, session: &Session) -> Result<(), String> {
    let text = toml::to_string(session).map_err(|e| format!("could not write the session: {e}"))?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| format!("could not create a file in {}: {e}", dir.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| format!("could not write {}: {e}", path.display()))?;
    file.persist(path)
        .map_err(|e| format!("could not replace {}: {e}", path.display()))?;
    Ok(())
}

impl EffectRunner for FileRunner {
    fn run(&mut self, effect: Effect, state: &State) {
        match effect {
            Effect::Save | Effect::Quit => self.save(state),
            Effect::RunStep(stage) => {
                let _ = self.events.send(AppEvent::Failed(ErrorReport::new(
                    "No model in this example",
                    format!(
                        "Stage {} ({}) needs the worker, which this example does not have.",
                        stage.number(),
                        stage.title()
                    ),
                    "Edit the plan by hand here, or run planner-tui itself once it is wired.",
                )));
            }
            Effect::CancelStep => {}
            other => {
                let _ = self.events.send(AppEvent::Notice(format!(
                    "{other:?} is not available in this example."
                )));
            }
        }
    }
}
