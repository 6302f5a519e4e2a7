//! Plans in other tools' formats: reading Taskmaster's `tasks.json` (see
//! `docs/taskmaster.md`), Spec Kit's `tasks.md` and planner-tui's own plan
//! JSON, with format detection for `planner-tui import`. Writing them is
//! [`crate::export`]'s job.
pub mod import;
pub mod kiro;
pub mod plan_json;
pub mod speckit;
pub mod taskmaster;

pub use import::{ImportError, ImportFormat, ImportedPlan, detect, import, import_tag};
pub use taskmaster::{Imported, InteropError, read_tasks_json};
