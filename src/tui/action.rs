//! Everything that can change the app's state arrives as an [`Action`]: a
//! command from the key map, a key for the text field being edited, a mouse
//! event, a resize, a clock tick, or an event from the worker.
use std::path::PathBuf;
use std::time::Instant;

use ratatui_textarea::Input;

use super::command::Command;
use super::state::{ErrorReport, SessionSummary, ViewMemo};
use crate::plan::{Session, Timestamp};
use crate::workflow::Proposal;

#[derive(Debug, Clone)]
pub enum Action {
    Command(Command),
    /// A key typed into the text field that has the focus.
    Text(Input),
    /// Text pasted into the terminal.
    Paste(String),
    Mouse(MouseAction),
    Resize {
        width: u16,
        height: u16,
    },
    /// The animation clock, only while a model step runs.
    Tick(Instant),
    App(AppEvent),
}

impl From<Command> for Action {
    fn from(c: Command) -> Self {
        Action::Command(c)
    }
}

/// A mouse event the app reacts to, in screen cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseAction {
    Click { column: u16, row: u16 },
    ScrollUp { column: u16, row: u16 },
    ScrollDown { column: u16, row: u16 },
}

/// What the worker and the store report back (sent over the run loop's
/// channel; see [`super::app::run`]).
#[derive(Debug, Clone)]
pub enum AppEvent {
    /// The saved sessions, newest first.
    SessionsListed(Vec<SessionSummary>),
    /// The sessions in the trash, newest first.
    TrashListed(Vec<SessionSummary>),
    /// A session to show on the main screen, and where the user left it.
    SessionOpened {
        session: Box<Session>,
        path: Option<PathBuf>,
        view: Option<ViewMemo>,
    },
    Saved {
        at: Timestamp,
    },
    SaveFailed {
        message: String,
    },
    /// Which model answers, or "offline heuristics".
    Provider(String),
    /// A model step started (the label says what it does and with what).
    StepStarted {
        request: u64,
        label: String,
        at: Instant,
    },
    /// More of the answer arrived: characters so far, tokens if known.
    StepProgress {
        request: u64,
        chars: usize,
        tokens: Option<u64>,
    },
    /// The step's answer, to review.
    ProposalReady {
        request: u64,
        proposal: Box<Proposal>,
    },
    /// The step failed (or was cancelled); the plan is unchanged.
    StepFailed {
        request: u64,
        report: ErrorReport,
    },
    /// What the path `text`, typed in a prompt, names.
    PathChecked {
        text: String,
        status: super::paths::PathStatus,
    },
    /// Tab completion of `text`: the completed text, if any, and the names
    /// that matched.
    PathCompleted {
        text: String,
        completed: Option<String>,
        candidates: Vec<String>,
    },
    /// An export was written.
    Exported {
        format: crate::export::Format,
        path: PathBuf,
        bytes: usize,
    },
    /// The export's file exists: ask before replacing it.
    ExportExists {
        format: crate::export::Format,
        path: PathBuf,
    },
    /// Something went wrong: shown in a popup.
    Failed(ErrorReport),
    /// A short message for the status bar.
    Notice(String),
    /// Another writer (`planner-tui status`, the MCP server) changed these
    /// tasks' status in the open session's file.
    StatusesChanged(Vec<crate::store::StatusChange>),
    /// A save wrote these statuses: the file as the app now knows it.
    OnDisk(std::collections::HashMap<crate::plan::TaskId, crate::plan::TaskStatus>),
}
