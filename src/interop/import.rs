//! One entry point for `planner-tui import`: detect the format of a file's
//! text (planner-tui plan JSON, Taskmaster `tasks.json`, Spec Kit
//! `tasks.md`, Kiro `tasks.md`) and read it into a session. A file that is
//! none of them gets an error naming each format tried and why it did not
//! fit.
use std::collections::HashMap;
use std::fmt;

use super::kiro::{self, KiroError};
use super::plan_json::{PlanJsonError, is_plan_json, read_plan_json};
use super::speckit::{self, SpecKitError};
use super::taskmaster::{self, InteropError};
use crate::plan::{Session, TaskId};

/// The formats `import` reads; `Auto` detects by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Auto,
    Taskmaster,
    Speckit,
    Kiro,
    Json,
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ImportFormat::Auto => "auto",
            ImportFormat::Taskmaster => "Taskmaster tasks.json",
            ImportFormat::Speckit => "Spec Kit tasks.md",
            ImportFormat::Kiro => "Kiro spec",
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
    Kiro(#[from] KiroError),
    #[error("{0}")]
    Json(#[from] PlanJsonError),
    /// Detection found no format that fits; each tried, with why not.
    #[error(
        "this is none of the formats planner-tui imports. {}. Pass --format to read it as one of them anyway",
        tried.iter().map(|(f, why)| format!("Not a {f}: {why}")).collect::<Vec<_>>().join(". ")
    )]
    NotRecognised { tried: Vec<(ImportFormat, String)> },
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

impl ImportedPlan {
    fn plain(session: Session, format: ImportFormat, warnings: Vec<String>) -> ImportedPlan {
        ImportedPlan {
            session,
            format,
            external_labels: HashMap::new(),
            other_tags: Vec::new(),
            tag: None,
            warnings,
        }
    }
}

/// The format of `text` at a glance: a JSON object is a plan JSON when its
/// `format` says so, else Taskmaster (so is a JSON list); anything else is
/// Markdown, read as Spec Kit (Kiro when it has no Spec Kit task lines).
pub fn detect(text: &str) -> ImportFormat {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('[') {
        ImportFormat::Taskmaster
    } else if !t.starts_with('{') {
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

/// [`import`], reading Taskmaster's tag `tag`. A Kiro `tasks.md` read this
/// way has no requirements; [`import_kiro`] reads the whole folder.
pub fn import_tag(
    text: &str,
    format: ImportFormat,
    fallback_title: &str,
    tag: Option<&str>,
) -> Result<ImportedPlan, ImportError> {
    import_kiro(text, None, None, format, fallback_title, tag)
}

/// [`import_tag`], with a Kiro spec's `requirements.md` and `design.md`
/// when the file is (or turns out to be) a Kiro `tasks.md`.
pub fn import_kiro(
    text: &str,
    requirements: Option<&str>,
    design: Option<&str>,
    format: ImportFormat,
    fallback_title: &str,
    tag: Option<&str>,
) -> Result<ImportedPlan, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    let read_kiro = || -> Result<ImportedPlan, KiroError> {
        let r = kiro::read(text, requirements, design, fallback_title)?;
        Ok(ImportedPlan::plain(
            r.session,
            ImportFormat::Kiro,
            r.warnings,
        ))
    };
    let read_speckit = || -> Result<ImportedPlan, SpecKitError> {
        let r = speckit::read(text, fallback_title)?;
        Ok(ImportedPlan::plain(
            r.session,
            ImportFormat::Speckit,
            r.warnings,
        ))
    };
    let read_taskmaster = || -> Result<ImportedPlan, InteropError> {
        let imp = taskmaster::read(text, tag)?;
        Ok(ImportedPlan {
            session: imp.session,
            format: ImportFormat::Taskmaster,
            external_labels: imp.external_labels,
            other_tags: imp.other_tags,
            tag: Some(imp.tag),
            warnings: imp.warnings,
        })
    };
    match format {
        ImportFormat::Json => Ok(ImportedPlan::plain(
            read_plan_json(text)?,
            ImportFormat::Json,
            Vec::new(),
        )),
        ImportFormat::Speckit => Ok(read_speckit()?),
        ImportFormat::Kiro => Ok(read_kiro()?),
        ImportFormat::Taskmaster => Ok(read_taskmaster()?),
        ImportFormat::Auto => match detect(text) {
            ImportFormat::Json => Ok(ImportedPlan::plain(
                read_plan_json(text)?,
                ImportFormat::Json,
                Vec::new(),
            )),
            ImportFormat::Taskmaster => read_taskmaster().map_err(|e| match e {
                // JSON, but not a task list: say what each format wanted.
                InteropError::NoTasks | InteropError::NotTasks { .. } => {
                    ImportError::NotRecognised {
                        tried: vec![
                            (ImportFormat::Taskmaster, e.to_string()),
                            (
                                ImportFormat::Json,
                                "it has no `\"format\": \"planner-tui-plan\"` member".into(),
                            ),
                            (
                                ImportFormat::Speckit,
                                "it is JSON, and a tasks.md is Markdown".into(),
                            ),
                            (
                                ImportFormat::Kiro,
                                "it is JSON, and a Kiro tasks.md is Markdown".into(),
                            ),
                        ],
                    }
                }
                e => ImportError::Taskmaster(e),
            }),
            _ => match read_speckit() {
                Ok(p) => Ok(p),
                Err(spec) => read_kiro().map_err(|kiro| ImportError::NotRecognised {
                    tried: vec![
                        (ImportFormat::Speckit, spec.to_string()),
                        (ImportFormat::Kiro, kiro.to_string()),
                        (
                            ImportFormat::Taskmaster,
                            "it is not JSON (a tasks.json starts with `{` or `[`)".into(),
                        ),
                    ],
                }),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_of_no_known_format_says_what_was_tried() {
        let e = import(
            "{\"name\": \"my-app\", \"version\": \"1.0.0\"}",
            ImportFormat::Auto,
            "x",
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with(
                "this is none of the formats planner-tui imports. Not a Taskmaster tasks.json: no task list in \
                 this file: expected {\"master\": {\"tasks\": [...]}}, {\"tasks\": [...]} or a list of tasks, and \
                 its members are `name`, `version`"
            ),
            "{msg}"
        );
        assert!(
            msg.contains("Not a planner-tui plan JSON: it has no"),
            "{msg}"
        );
        let e = import("# Notes\n\n- [ ] buy `uv\n", ImportFormat::Auto, "x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "this is none of the formats planner-tui imports. Not a Spec Kit tasks.md: no task lines found \
             (expected lines like `- [ ] T001 Description`). Not a Kiro spec: no tasks found in tasks.md (expected \
             numbered checkbox lines like `- [ ] 1. Title` or `- [ ] 2.1 Title`). Not a Taskmaster tasks.json: it \
             is not JSON (a tasks.json starts with `{` or `[`). Pass --format to read it as one of them anyway"
        );
    }

    #[test]
    fn markdown_without_spec_kit_ids_is_read_as_kiro() {
        let p = import(
            "# Plan\n\n- [ ] 1. Set up\n- [ ] 2. Build\n",
            ImportFormat::Auto,
            "x",
        )
        .unwrap();
        assert_eq!(p.format, ImportFormat::Kiro);
        assert_eq!(p.session.tasks.len(), 2);
    }
}
