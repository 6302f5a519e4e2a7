//! One entry point for `planner-tui import`: detect the format of a file's
//! text (planner-tui plan JSON, Taskmaster `tasks.json`, Spec Kit
//! `tasks.md`) and read it into a session.
use std::collections::HashMap;
use std::fmt;

use super::plan_json::{PlanJsonError, is_plan_json, read_plan_json};
use super::speckit::{SpecKitError, read_tasks_md};
use super::taskmaster::{InteropError, read_tasks_json};
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

/// Read `text` as `format` (Taskmaster: tag `master`). `fallback_title`
/// names a Spec Kit plan without a `# ` heading.
pub fn import(
    text: &str,
    format: ImportFormat,
    fallback_title: &str,
) -> Result<ImportedPlan, ImportError> {
    import_tag(text, format, fallback_title, "master")
}

/// [`import`], reading Taskmaster's tag `tag`.
pub fn import_tag(
    text: &str,
    format: ImportFormat,
    fallback_title: &str,
    tag: &str,
) -> Result<ImportedPlan, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    let format = match format {
        ImportFormat::Auto => detect(text),
        f => f,
    };
    let (session, external_labels, other_tags) = match format {
        ImportFormat::Json => (read_plan_json(text)?, HashMap::new(), Vec::new()),
        ImportFormat::Speckit => (
            read_tasks_md(text, fallback_title)?,
            HashMap::new(),
            Vec::new(),
        ),
        ImportFormat::Taskmaster | ImportFormat::Auto => {
            let imp = read_tasks_json(text, tag)?;
            (imp.session, imp.external_labels, imp.other_tags)
        }
    };
    Ok(ImportedPlan {
        session,
        format,
        external_labels,
        other_tags,
    })
}
