//! Findings markers per task: how bad the worst finding on a task is, and
//! what the findings say. Filled from the analysis at integration.
use std::collections::HashMap;

use crate::plan::TaskId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskMarker {
    /// The worst finding on the task.
    pub severity: Severity,
    /// One line per finding, for the task's detail.
    pub notes: Vec<String>,
}

pub type Markers = HashMap<TaskId, TaskMarker>;
