//! How findings name tasks: `T4 'Webhook delivery job'`, or `#5.2 '...'` for
//! tasks imported from Taskmaster, including ids that are not in the plan.
use std::collections::HashMap;

use super::finding::TaskRef;
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
    pub fn named(&self, pos: usize) -> String {
        format!(
            "{} '{}'",
            self.at(pos).label(),
            self.session.tasks[pos].title
        )
    }

    pub fn label(&self, pos: usize) -> String {
        self.at(pos).label()
    }
}
