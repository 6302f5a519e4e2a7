//! The integration pass: tasks whose wording leans on things they do not
//! name ("integrate with", "use the existing"), found by the analysis, and
//! the model's reading of the tasks that touch the existing system.
use serde::Serialize;

use super::{Entry, Reading};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntegrationPass {
    pub findings: Vec<Entry>,
    pub model: Reading,
}

impl IntegrationPass {
    pub(super) fn new(model: Reading) -> IntegrationPass {
        IntegrationPass {
            findings: Vec::new(),
            model,
        }
    }
}
