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
    /// Every notice shown, oldest first, at most [`LOG_LIMIT`].
    pub log: std::collections::VecDeque<Logged>,
}

/// How many messages the log keeps.
pub const LOG_LIMIT: usize = 500;

/// A notice as the message log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub at: Timestamp,
    pub notice: Notice,
}

impl Status {
    /// Keep `notice` in the log (a repeat of the last one is kept once).
    pub fn log_notice(&mut self, at: Timestamp, notice: &Notice) {
        if self.log.back().is_some_and(|l| l.notice == *notice) {
            return;
        }
        if self.log.len() >= LOG_LIMIT {
            self.log.pop_front();
        }
        self.log.push_back(Logged {
            at,
            notice: notice.clone(),
        });
    }
}

impl Default for Status {
    fn default() -> Self {
        Status {
            provider: OFFLINE.to_string(),
            activity: None,
            last_request: 0,
            save: SaveState::Saved(None),
            notice: None,
            log: std::collections::VecDeque::new(),
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
