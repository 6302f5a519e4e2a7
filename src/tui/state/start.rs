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
    /// The trash is shown instead of the sessions.
    pub showing_trash: bool,
    /// The sessions in the trash, newest first.
    pub trash: Vec<SessionSummary>,
}

impl StartState {
    pub fn selected_session(&self) -> Option<&SessionSummary> {
        self.rows().get(self.selected)
    }

    /// What the list shows: the sessions, or the trash.
    pub fn rows(&self) -> &[SessionSummary] {
        if self.showing_trash {
            &self.trash
        } else {
            &self.sessions
        }
    }

    /// Take the trash's listing.
    pub fn set_trash(&mut self, mut trash: Vec<SessionSummary>) {
        trash.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.title.cmp(&b.title)));
        self.trash = trash;
        if self.showing_trash {
            self.selected = self.selected.min(self.trash.len().saturating_sub(1));
            self.offset = self.offset.min(self.selected);
        }
    }

    /// Take a new list, newest first, keeping the selection on the same session.
    pub fn set_sessions(&mut self, mut sessions: Vec<SessionSummary>) {
        sessions.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.title.cmp(&b.title)));
        if !self.showing_trash {
            let keep = self.selected_session().map(|s| s.path.clone());
            self.selected = keep
                .and_then(|p| sessions.iter().position(|s| s.path == p))
                .unwrap_or(0);
            self.offset = self.offset.min(self.selected);
        }
        self.sessions = sessions;
        self.loaded = true;
    }
}
