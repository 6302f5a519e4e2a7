//! Starting the terminal app for real: the terminal check, the async
//! runtime, the key map from the config, the session thread, the terminal
//! guard, and a clean exit on quit, SIGINT, SIGTERM or SIGHUP (the session
//! is saved, its lock released and the terminal given back first).
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::EventStream;
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::mpsc::unbounded_channel;

use super::action::AppEvent;
use super::app::{RunError, run};
use super::effect::{Effect, EffectRunner};
use super::keymap::{DEFAULT_KEYMAP, Keymap};
use super::runner::{AppRunner, SavePolicy};
use super::sessions::SessionThread;
use super::state::{ErrorReport, Overlay, State, status::OFFLINE};
use super::steps::{self, Steps};
use super::terminal::{self, EXIT_NOT_A_TERMINAL, NOT_A_TERMINAL};
use super::views::ViewStore;
use crate::cli::Context;
use crate::config::Config;

/// How the app ended.
enum Ending {
    Done,
    Failed(RunError),
    /// Terminated by this signal number.
    Signal(i32),
}

/// Run the terminal app until the user quits; `open` is a session file to
/// open straight away (otherwise the session list is shown).
pub fn launch(ctx: &Context, open: Option<PathBuf>) -> ExitCode {
    if !terminal::is_terminal() {
        eprintln!("{NOT_A_TERMINAL}");
        return ExitCode::from(EXIT_NOT_A_TERMINAL as u8);
    }
    // Two workers: model steps (the offline planner computes in place) never
    // hold up keys and drawing, which run on this thread.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("planner-tui: error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(app(ctx, open))
}

async fn app(ctx: &Context, open: Option<PathBuf>) -> ExitCode {
    let (events, mut inbox) = unbounded_channel();
    let sessions = match SessionThread::start(
        ctx.store.clone(),
        ViewStore::new(&ctx.dirs.state_dir),
        events.clone(),
    ) {
        Ok(thread) => thread,
        Err(e) => {
            eprintln!("planner-tui: error: cannot start the session thread: {e}");
            return ExitCode::FAILURE;
        }
    };
    let steps = Steps::start(
        steps::setup(&ctx.config, &ctx.dirs.state_dir),
        provider_name(&ctx.config),
        events.clone(),
    );
    let mut runner = AppRunner::new(sessions, steps, save_policy(&ctx.config));
    let mut stop = Signals::new();

    let mut guard = match terminal::init(ctx.config.mouse) {
        Ok(guard) => guard,
        Err(e) => {
            runner.finish();
            eprintln!("planner-tui: error: cannot set up the terminal: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (width, height) = guard
        .size()
        .map(|s| (s.width, s.height))
        .unwrap_or((80, 24));
    let mut state = State::new(width, height);
    for report in start_up_problems(ctx, &mut state) {
        state.overlays.push(Overlay::Error(report));
    }
    let _ = events.send(AppEvent::Provider(provider_label(&ctx.config)));
    runner.run(Effect::ListSessions, &state);
    if let Some(path) = open {
        runner.run(Effect::OpenSession(path), &state);
    }
    tracing::info!("terminal app started ({width}x{height})");

    let ending = tokio::select! {
        result = run(&mut guard, &mut state, EventStream::new(), &mut inbox, &mut runner) => {
            match result {
                Ok(_) => Ending::Done,
                Err(e) => Ending::Failed(e),
            }
        }
        number = stop.next() => Ending::Signal(number),
    };
    // A quit has already handed over its save; anything else saves here.
    // The save is on disk and the lock released before the terminal is given
    // back: after a hangup, touching the terminal is what can go wrong.
    if !matches!(ending, Ending::Done) {
        runner.flush(&state);
    }
    runner.finish();
    drop(guard);
    match ending {
        Ending::Done => ExitCode::SUCCESS,
        Ending::Failed(e) => {
            // stderr may be a terminal that is gone: never panic writing to it.
            let _ = writeln!(
                std::io::stderr(),
                "planner-tui: error: {e} (the session was saved)"
            );
            ExitCode::FAILURE
        }
        Ending::Signal(number) => {
            tracing::info!("stopped by signal {number}; the session was saved");
            ExitCode::from(128 + number as u8)
        }
    }
}

/// The key map from `[keys]`, and popups for what the config got wrong:
/// a bad binding or a bad file leaves the defaults running.
fn start_up_problems(ctx: &Context, state: &mut State) -> Vec<ErrorReport> {
    let config_file = ctx.config_file.display();
    let mut reports: Vec<ErrorReport> = ctx
        .warnings
        .iter()
        .map(|w| {
            ErrorReport::new(
                "A setting was not applied",
                w.clone(),
                format!(
                    "planner-tui runs on the defaults for it. Fix {config_file} and start again."
                ),
            )
        })
        .collect();
    state.export_dir = ctx.config.export_dir.clone();
    match Keymap::from_toml(DEFAULT_KEYMAP, &ctx.config.keys) {
        Ok(keymap) => state.keymap = Arc::new(keymap),
        Err(e) => reports.push(ErrorReport::new(
            "Your key bindings were not applied",
            e.to_string(),
            format!(
                "The default keys are in use (? lists them). Fix the [keys] tables in {config_file} and start again."
            ),
        )),
    }
    reports
}

fn save_policy(config: &Config) -> SavePolicy {
    SavePolicy {
        autosave: config.autosave,
        delay: Duration::from_millis(config.autosave_delay_ms.clamp(50, 1000)),
    }
}

/// The provider table model steps use; `None` runs the offline planner.
fn provider_name(config: &Config) -> Option<String> {
    match config.provider(None) {
        Ok((name, Some(_))) => Some(name),
        _ => None,
    }
}

/// What the status bar says answers model steps.
fn provider_label(config: &Config) -> String {
    match config.provider(None) {
        Ok((name, Some(provider))) => match provider.model {
            Some(model) => format!("{name} · {model}"),
            None => name,
        },
        _ => OFFLINE.to_string(),
    }
}

/// SIGINT, SIGTERM and SIGHUP, when they can be listened for. In raw mode
/// Ctrl-C is a key, so SIGINT only comes from outside (`kill -INT`); it ends
/// the app the same way as SIGTERM.
struct Signals {
    int: Option<Signal>,
    term: Option<Signal>,
    hup: Option<Signal>,
}

impl Signals {
    fn new() -> Signals {
        let listen = |kind: SignalKind, name: &str| match signal(kind) {
            Ok(s) => Some(s),
            Err(e) => {
                tracing::warn!("cannot listen for {name}: {e}");
                None
            }
        };
        Signals {
            int: listen(SignalKind::interrupt(), "SIGINT"),
            term: listen(SignalKind::terminate(), "SIGTERM"),
            hup: listen(SignalKind::hangup(), "SIGHUP"),
        }
    }

    /// The number of the next signal to arrive.
    async fn next(&mut self) -> i32 {
        async fn on(signal: &mut Option<Signal>) {
            match signal {
                Some(s) => {
                    if s.recv().await.is_none() {
                        std::future::pending::<()>().await;
                    }
                }
                None => std::future::pending().await,
            }
        }
        tokio::select! {
            () = on(&mut self.int) => libc::SIGINT,
            () = on(&mut self.term) => libc::SIGTERM,
            () = on(&mut self.hup) => libc::SIGHUP,
        }
    }
}
