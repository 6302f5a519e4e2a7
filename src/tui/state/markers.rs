//! Findings markers per task: how bad the worst finding on a task is, and
//! what the findings say, from the analysis report.
use std::collections::HashMap;

use crate::analysis::{self, Report};
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

/// A task's notes beyond this many are summed up in one line.
const NOTES_PER_TASK: usize = 6;

impl From<analysis::Severity> for Severity {
    fn from(s: analysis::Severity) -> Severity {
        match s {
            analysis::Severity::Error => Severity::Error,
            analysis::Severity::Warning => Severity::Warning,
            analysis::Severity::Info => Severity::Info,
        }
    }
}

/// One marker per task that a finding names, with the finding's message.
/// The corrected-order suggestion marks no task: it is listed with the
/// findings, and the ordering violations already mark the tasks it moves.
pub fn from_report(report: &Report) -> Markers {
    let mut markers = Markers::new();
    for finding in &report.findings {
        if finding.code == analysis::Code::CorrectedOrder {
            continue;
        }
        let severity = Severity::from(finding.severity);
        for task in finding.tasks.iter().filter(|t| t.position.is_some()) {
            let marker = markers.entry(task.id).or_insert(TaskMarker {
                severity,
                notes: Vec::new(),
            });
            marker.severity = marker.severity.max(severity);
            if marker.notes.len() < NOTES_PER_TASK {
                marker.notes.push(finding.message.clone());
            } else if marker.notes.len() == NOTES_PER_TASK {
                marker
                    .notes
                    .push("… more in the findings list (f).".to_string());
            }
        }
    }
    markers
}
