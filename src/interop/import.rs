//! One entry point for `planner-tui import`: detect the format of a file's
//! text (planner-tui plan JSON, Taskmaster `tasks.json`, Spec Kit
//! `tasks.md`) and read it into a session.
use std::collections::HashMap;
use std::fmt;

use super::plan_json::{PlanJsonError, is_plan_json, read_plan_json};
use super::speckit::{SpecKitError, read_tasks_md};
use super::taskmaster::{self, InteropError};
use crate::plan::{Session, TaskId};

/// The formats `import` reads; `Auto` detects by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Auto,
    Taskmaster,
    Speckit,
    Json,
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ImportFormat::Auto => "auto",
            ImportFormat::Taskmaster => "Taskmaster tasks.json",
            ImportFormat::Speckit => "Spec Kit tasks.md",
            ImportFormat::Json => "planner-tui plan JSON",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Taskmaster(#[from] InteropError),
    #[error("{0}")]
    SpecKit(#[from] SpecKitError),
    #[error("{0}")]
    Json(#[from] PlanJsonError),
}

/// A session read from another format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPlan {
    pub session: Session,
    /// The format actually read (never `Auto`).
    pub format: ImportFormat,
    /// Labels of ids that dependencies name and no task has (Taskmaster).
    pub external_labels: HashMap<TaskId, String>,
    /// A Taskmaster file's tags that were not read.
    pub other_tags: Vec<String>,
    /// The Taskmaster tag read.
    pub tag: Option<String>,
    /// What was read differently from what the file says, or skipped,
    /// each naming the line or task.
    pub warnings: Vec<String>,
}

/// The format of `text`: a JSON object is a plan JSON when its `format`
/// says so, else Taskmaster; anything else is read as a Spec Kit `tasks.md`.
pub fn detect(text: &str) -> ImportFormat {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if !t.starts_with('{') {
        ImportFormat::Speckit
    } else if is_plan_json(t) {
        ImportFormat::Json
    } else {
        ImportFormat::Taskmaster
    }
}

/// Read `text` as `format` (Taskmaster: tag `master`, or the only tag with
/// tasks). `fallback_title` names a Spec Kit plan without a `# ` heading.
pub fn import(
    text: &str,
    format: ImportFormat,
    fallback_title: &str,
) -> Result<ImportedPlan, ImportError> {
    import_tag(text, format, fallback_title, None)
}

/// [`import`], reading Taskmaster's tag `tag`.
pub fn import_tag(
    text: &str,
    format: ImportFormat,
    fallback_title: &str,
    tag: Option<&str>,
) -> Result<ImportedPlan, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    let format = match format {
        ImportFormat::Auto => detect(text),
        f => f,
    };
    let plain = |session| ImportedPlan {
        session,
        format,
        external_labels: HashMap::new(),
        other_tags: Vec::new(),
        tag: None,
        warnings: Vec::new(),
    };
    Ok(match format {
        ImportFormat::Json => plain(read_plan_json(text)?),
        ImportFormat::Speckit => plain(read_tasks_md(text, fallback_title)?),
        ImportFormat::Taskmaster | ImportFormat::Auto => {
            let imp = taskmaster::read(text, tag)?;
            ImportedPlan {
                session: imp.session,
                format,
                external_labels: imp.external_labels,
                other_tags: imp.other_tags,
                tag: Some(imp.tag),
                warnings: imp.warnings,
            }
        }
    })
}
