//! The findings list: where its cursor and scroll are. The findings
//! themselves are the open session's analysis report (errors, then warnings,
//! then information), recomputed after every edit.
use crate::analysis::{Report, Severity};

/// A row of the findings list: a severity heading or a finding (its index
/// in `Report::findings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingRow {
    Heading(Severity, usize),
    Finding(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FindingsView {
    /// Index into `Report::findings`.
    pub selected: usize,
    /// First row shown (rows include the headings).
    pub offset: usize,
}

/// The rows, findings grouped under a heading per severity present.
pub fn rows(report: &Report) -> Vec<FindingRow> {
    let mut rows = Vec::with_capacity(report.findings.len() + 3);
    let mut current = None;
    for (i, f) in report.findings.iter().enumerate() {
        if current != Some(f.severity) {
            current = Some(f.severity);
            rows.push(FindingRow::Heading(f.severity, report.count(f.severity)));
        }
        rows.push(FindingRow::Finding(i));
    }
    rows
}

/// The row that shows finding `index`.
pub fn row_of(rows: &[FindingRow], index: usize) -> usize {
    rows.iter()
        .position(|r| *r == FindingRow::Finding(index))
        .unwrap_or(0)
}
