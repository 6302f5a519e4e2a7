//! Undo and redo over [`Edit`]s. Each applied edit leaves its inverse on the
//! undo stack; undoing applies the inverse and keeps *its* inverse for redo.
use super::edit::{Edit, EditError, apply};
use super::session::Session;

/// How many steps back undo can go.
const DEFAULT_LIMIT: usize = 1000;

#[derive(Debug, Clone)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    limit: usize,
}

impl Default for History {
    fn default() -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            limit: DEFAULT_LIMIT,
        }
    }
}

impl History {
    pub fn with_limit(limit: usize) -> Self {
        History {
            limit: limit.max(1),
            ..Default::default()
        }
    }

    /// Apply an edit as one undoable step. A new edit clears the redo stack.
    pub fn apply(&mut self, session: &mut Session, edit: Edit) -> Result<(), EditError> {
        let inverse = apply(session, edit)?;
        self.undo.push(inverse);
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    /// Revert the last step. `Ok(false)` when there is nothing to undo.
    pub fn undo(&mut self, session: &mut Session) -> Result<bool, EditError> {
        Self::step(session, &mut self.undo, &mut self.redo)
    }

    /// Re-apply the last undone step. `Ok(false)` when there is nothing to redo.
    pub fn redo(&mut self, session: &mut Session) -> Result<bool, EditError> {
        Self::step(session, &mut self.redo, &mut self.undo)
    }

    fn step(
        session: &mut Session,
        from: &mut Vec<Edit>,
        to: &mut Vec<Edit>,
    ) -> Result<bool, EditError> {
        let Some(edit) = from.pop() else {
            return Ok(false);
        };
        match apply(session, edit.clone()) {
            Ok(inverse) => {
                to.push(inverse);
                Ok(true)
            }
            Err(e) => {
                // Only possible if the session was changed behind the
                // history's back; keep the step so nothing is silently lost.
                from.push(edit);
                Err(e)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}
