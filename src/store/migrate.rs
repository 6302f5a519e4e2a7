//! Bringing session files written in an older format up to the current one,
//! one version step at a time, before they are read into a `Session`.
//!
//! Format history:
//! - 1: the first format planner-tui wrote.
//! - 2: the spec is read by section (`plan::reader`): requirements lose
//!   their markup and gain their section, and the spec gains exclusions,
//!   assumptions, questions, edge cases, entities and its own constraints;
//!   ambiguities gain a risk level and a source. Nothing in a version 1 file
//!   changes shape, so the step only records the version; the store then
//!   reads the spec again ([`needs_reread`]), keeping every requirement id
//!   whose label or text is unchanged.
//! - 3: imported plans keep their file's shape: tasks gain `parent`
//!   (subtasks) and `extra` (the file's own fields), dependencies may end in
//!   `:inferred`, and the session gains `origin`. A version 2 file has none
//!   of them, so the step only records the version; the version goes up so
//!   that an older planner-tui refuses these files instead of dropping the
//!   subtask links and extra fields when it saves.
//!
//! When `FORMAT_VERSION` goes up, add the step to `STEPS` (the build fails
//! until you do) and a test that loads a fixture written in the old format.
use toml::{Table, Value};

use crate::plan::FORMAT_VERSION;

/// Why an older file could not be brought up to date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct MigrationError {
    pub from: u32,
    pub message: String,
}

/// One step: a file in version `n` becomes a file in version `n + 1`.
pub type Step = fn(Table) -> Result<Table, String>;

/// `STEPS[i]` turns version `i + 1` into version `i + 2`.
const STEPS: &[Step] = &[Ok, Ok];

/// Whether a session read from a file of format version `from` must have its
/// spec read again by the current reader (older readers found requirements
/// differently).
pub fn needs_reread(from: u32) -> bool {
    from < 2
}

const _: () = assert!(
    STEPS.len() + 1 == FORMAT_VERSION as usize,
    "FORMAT_VERSION changed: add the migration step from the previous version to STEPS"
);

/// Bring `table`, read from a file in format version `from`, up to
/// [`FORMAT_VERSION`], and record that version in it.
pub fn migrate(table: Table, from: u32) -> Result<Table, MigrationError> {
    run(table, from, STEPS)
}

fn run(mut table: Table, from: u32, steps: &[Step]) -> Result<Table, MigrationError> {
    let current = steps.len() as u32 + 1;
    let fail = |message: String| MigrationError { from, message };
    if from == 0 {
        return Err(fail(
            "format version 0 was never written by planner-tui (the first is 1)".into(),
        ));
    }
    if from > current {
        return Err(fail(format!(
            "format version {from} is newer than this planner-tui reads ({current})"
        )));
    }
    for version in from..current {
        let step = steps[version as usize - 1];
        table = step(table).map_err(|m| {
            fail(format!(
                "moving it from format version {version} to {}: {m}",
                version + 1
            ))
        })?;
    }
    table.insert("format_version".into(), Value::Integer(i64::from(current)));
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rename_name_to_title(mut t: Table) -> Result<Table, String> {
        let name = t.remove("name").ok_or("no `name`")?;
        t.insert("title".into(), name);
        Ok(t)
    }

    fn add_stage(mut t: Table) -> Result<Table, String> {
        t.entry("stage").or_insert(Value::String("gather".into()));
        Ok(t)
    }

    fn table(text: &str) -> Table {
        text.parse().expect("test TOML parses")
    }

    #[test]
    fn the_current_version_passes_through_unchanged() {
        let t = table("format_version = 3\ntitle = \"x\"\n");
        assert_eq!(migrate(t.clone(), FORMAT_VERSION), Ok(t));
    }

    #[test]
    fn steps_run_in_order_from_the_file_version() {
        let steps: &[Step] = &[rename_name_to_title, add_stage];
        let from_1 =
            run(table("format_version = 1\nname = \"Webhooks\"\n"), 1, steps).expect("migrates");
        assert_eq!(
            from_1,
            table("format_version = 3\ntitle = \"Webhooks\"\nstage = \"gather\"\n")
        );
        // A version-2 file only needs the second step.
        let from_2 = run(table("format_version = 2\ntitle = \"W\"\n"), 2, steps).expect("migrates");
        assert_eq!(
            from_2,
            table("format_version = 3\ntitle = \"W\"\nstage = \"gather\"\n")
        );
    }

    #[test]
    fn a_failing_step_says_which_step() {
        let steps: &[Step] = &[rename_name_to_title, add_stage];
        let err = run(table("format_version = 1\n"), 1, steps).expect_err("no name");
        assert_eq!(
            err.message,
            "moving it from format version 1 to 2: no `name`"
        );
        assert_eq!(err.from, 1);
    }

    #[test]
    fn version_zero_never_existed() {
        let err = migrate(table("format_version = 0\n"), 0).expect_err("v0 is refused");
        assert!(
            err.to_string().contains("never written by planner-tui"),
            "{err}"
        );
    }
}
