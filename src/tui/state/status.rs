//! What the status bar reports: the model, what it is doing, whether the
//! session is saved, and the last notice.
use std::time::{Duration, Instant};

use crate::plan::Timestamp;

/// Shown when no model is configured.
pub const OFFLINE: &str = "offline heuristics";

#[derive(Debug, Clone)]
pub struct Status {
    /// Provider and model, or [`OFFLINE`].
    pub provider: String,
    pub activity: Option<ModelActivity>,
    /// The id of the last model request made (ids start at 1).
    pub last_request: u64,
    pub save: SaveState,
    pub notice: Option<Notice>,
}

impl Default for Status {
    fn default() -> Self {
        Status {
            provider: OFFLINE.to_string(),
            activity: None,
            last_request: 0,
            save: SaveState::Saved(None),
            notice: None,
        }
    }
}

/// A model step in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelActivity {
    /// The request it is; events about any other are ignored.
    pub request: u64,
    pub label: String,
    /// When the worker started it; `None` while the request is on its way.
    pub started: Option<Instant>,
    /// Updated on each animation tick, so rendering never reads the clock.
    pub elapsed: Duration,
    /// Characters of the answer streamed so far.
    pub chars: usize,
    pub tokens: Option<u64>,
}

impl ModelActivity {
    pub fn new(request: u64, label: impl Into<String>, started: Option<Instant>) -> Self {
        ModelActivity {
            request,
            label: label.into(),
            started,
            elapsed: Duration::ZERO,
            chars: 0,
            tokens: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing to save; when it was last written, if known.
    Saved(Option<Timestamp>),
    /// Changed since the last save; a save is on its way.
    Unsaved,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub warning: bool,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Notice {
            text: text.into(),
            warning: false,
        }
    }
    pub fn warning(text: impl Into<String>) -> Self {
        Notice {
            text: text.into(),
            warning: true,
        }
    }
}
