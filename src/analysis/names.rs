//! How findings name tasks: `T4 'Webhook delivery job'`, or `#5.2 '...'` for
//! tasks imported from Taskmaster, including ids that are not in the plan.
use std::collections::HashMap;

use std::fmt;

use super::finding::{Label, TaskRef};
use crate::plan::{Session, TaskId};

pub(crate) struct Names<'a> {
    session: &'a Session,
    /// Labels for ids that no task has (an importer's unknown references).
    external: &'a HashMap<TaskId, String>,
}

impl<'a> Names<'a> {
    pub fn new(session: &'a Session, external: &'a HashMap<TaskId, String>) -> Self {
        Names { session, external }
    }

    /// The task at 0-based `pos`.
    pub fn at(&self, pos: usize) -> TaskRef {
        let t = &self.session.tasks[pos];
        TaskRef {
            id: t.id,
            position: Some(pos + 1),
            source_id: t.source_id.clone(),
        }
    }

    /// An id that no task in the plan has.
    pub fn missing(&self, id: TaskId) -> TaskRef {
        TaskRef {
            id,
            position: None,
            source_id: self.external.get(&id).cloned(),
        }
    }

    /// `T4 'Webhook delivery job'`.
    pub fn named(&self, pos: usize) -> Named<'a> {
        Named {
            label: self.label(pos),
            title: &self.session.tasks[pos].title,
        }
    }

    /// `T4`, or `#5.2` for a Taskmaster task.
    pub fn label(&self, pos: usize) -> Label<'a> {
        let t = &self.session.tasks[pos];
        Label {
            id: t.id,
            source_id: t.source_id.as_deref(),
        }
    }
}

/// A task's label and quoted title, written without building a string first.
pub(crate) struct Named<'a> {
    label: Label<'a>,
    title: &'a str,
}

impl fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} '{}'", self.label, self.title)
    }
}
