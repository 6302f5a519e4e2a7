//! The start screen: the saved sessions, newest first, and which is selected.
use std::path::PathBuf;

use crate::plan::{Stage, Timestamp};

/// One saved session, as the picker lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    pub id: String,
    pub title: String,
    pub stage: Stage,
    pub tasks: usize,
    pub updated: Timestamp,
    pub path: PathBuf,
}

#[derive(Debug, Clone, Default)]
pub struct StartState {
    /// Newest first.
    pub sessions: Vec<SessionSummary>,
    pub selected: usize,
    pub offset: usize,
    /// The list has arrived from the store at least once.
    pub loaded: bool,
}

impl StartState {
    pub fn selected_session(&self) -> Option<&SessionSummary> {
        self.sessions.get(self.selected)
    }

    /// Take a new list, newest first, keeping the selection on the same session.
    pub fn set_sessions(&mut self, mut sessions: Vec<SessionSummary>) {
        let keep = self.selected_session().map(|s| s.path.clone());
        sessions.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.title.cmp(&b.title)));
        self.selected = keep
            .and_then(|p| sessions.iter().position(|s| s.path == p))
            .unwrap_or(0);
        self.sessions = sessions;
        self.loaded = true;
        self.offset = self.offset.min(self.selected);
    }
}
