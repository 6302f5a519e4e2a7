//! `plan.json`: the session's plan plus the facts derived from it, in a
//! documented, versioned shape (`docs/export-json.md`). `planner-tui import`
//! reads it back: the `session` member is the whole session.
use serde::Serialize;

use crate::analysis::{Report, Severity};
use crate::plan::{Session, TaskId};
use crate::sanitize::for_file;

/// The `format` member every planner-tui plan JSON carries.
pub const FORMAT_NAME: &str = "planner-tui-plan";
/// The version of the shape this build writes and reads.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u32,
    session: &'a Session,
    derived: Derived,
}

#[derive(Serialize)]
struct Derived {
    ready: bool,
    errors: usize,
    warnings: usize,
    order: Option<Vec<TaskId>>,
    parallel_groups: Option<Vec<Vec<TaskId>>>,
    critical_path: Option<Vec<TaskId>>,
    findings: Vec<FindingOut>,
}

#[derive(Serialize)]
struct FindingOut {
    code: String,
    severity: Severity,
    message: String,
    tasks: Vec<TaskId>,
}

pub fn render(s: &Session, report: &Report) -> String {
    let derived = Derived {
        ready: !report.has_errors(),
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        order: report.order.as_ref().map(|o| o.order.clone()),
        parallel_groups: report
            .schedule
            .as_ref()
            .map(|sc| sc.waves().map(<[TaskId]>::to_vec).collect()),
        critical_path: report.schedule.as_ref().map(|sc| sc.critical_path.clone()),
        findings: report
            .findings
            .iter()
            .map(|f| FindingOut {
                code: f.code.to_string(),
                severity: f.severity,
                message: for_file(&f.message).into_owned(),
                tasks: f.tasks.iter().map(|t| t.id).collect(),
            })
            .collect(),
    };
    let doc = Document {
        format: FORMAT_NAME,
        version: VERSION,
        session: s,
        derived,
    };
    // Plain data with string keys: serialising cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
