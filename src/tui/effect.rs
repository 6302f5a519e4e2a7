//! What `update` asks the outside world to do. Only the run loop executes
//! effects, through an [`EffectRunner`]; results come back as
//! [`super::AppEvent`]s.
use std::path::PathBuf;

use super::state::State;
use crate::workflow::Step;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The session changed: persist `State::session_to_save()` (the runner
    /// debounces, by at most a second).
    Save,
    /// Leave the app. The run loop hands this to the runner first, so it can
    /// flush a pending save, then returns.
    Quit,
    /// Run a model step on the open session (`session_to_save`, so text
    /// being typed is included). Events about it carry `request`.
    RunStep {
        step: Step,
        request: u64,
    },
    /// Cancel the running step; the plan stays as it is.
    CancelStep,
    /// Load the session list (answered with `AppEvent::SessionsListed`).
    ListSessions,
    /// Open a saved session (answered with `AppEvent::SessionOpened`).
    OpenSession(PathBuf),
    /// Make a new session; spec and context are read from the files given,
    /// or typed in later.
    CreateSession {
        title: String,
        spec_path: Option<PathBuf>,
        context_path: Option<PathBuf>,
    },
    RenameSession {
        path: PathBuf,
        title: String,
    },
    /// Move a session file into the trash (the user has confirmed).
    DeleteSession(PathBuf),
    /// List the trash (answered with `AppEvent::TrashListed`).
    ListTrash,
    /// Move a session back from the trash (answered with both lists).
    RestoreSession(PathBuf),
    /// Look at what a path typed in a prompt names (answered with
    /// `AppEvent::PathChecked`).
    CheckPath(String),
    /// Complete a path typed in a prompt (answered with
    /// `AppEvent::PathCompleted`).
    CompletePath(String),
    /// Write the open plan (`session_to_save` and the state's report) in
    /// `format` to `path`, replacing a file there only when `replace`
    /// (answered with `AppEvent::Exported`, `ExportExists` or `Failed`).
    Export {
        format: crate::export::Format,
        path: PathBuf,
        replace: bool,
    },
}

/// Carries out effects. The app's one is [`super::runner::AppRunner`]; tests
/// use [`Recorder`].
pub trait EffectRunner {
    /// Start `effect`. Must not block: long work is handed to the worker,
    /// which reports back through the run loop's event channel.
    fn run(&mut self, effect: Effect, state: &State);

    /// When the runner next wants to look at the state again (a debounced
    /// save falls due); `None` while it has nothing deferred.
    fn deadline(&self) -> Option<tokio::time::Instant> {
        None
    }

    /// Called by the run loop once [`EffectRunner::deadline`] has passed.
    fn on_deadline(&mut self, _state: &State) {}
}

/// An [`EffectRunner`] that only records what it was asked to do.
#[derive(Debug, Default, Clone)]
pub struct Recorder {
    pub effects: Vec<Effect>,
}

impl EffectRunner for Recorder {
    fn run(&mut self, effect: Effect, _state: &State) {
        self.effects.push(effect);
    }
}
