//! The ordering pass: the analysis engine's exact findings about references,
//! cycles and order (and the corrected order that fixes the last), with the
//! size of the dependency map and its parallel waves.
use serde::Serialize;

use super::Entry;
use crate::analysis::Severity;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct OrderingPass {
    /// Errors first, then the corrected order as a suggestion.
    pub findings: Vec<Entry>,
    /// Distinct dependencies between tasks of the plan.
    pub dependencies: usize,
    /// Parallel waves; `None` while the plan has cycles.
    pub waves: Option<usize>,
}

impl OrderingPass {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|e| e.severity == Severity::Error)
            .count()
    }
}
