//! The session listing: title, stage, task count and last change of every
//! session file in a directory, newest first, without reading whole sessions.
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::error::StoreError;
use super::files;
use super::skim::skim;
use crate::plan::{FORMAT_VERSION, Stage, Timestamp};

/// One line of `planner-tui list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    /// The file name without `.toml`.
    pub id: String,
    pub title: String,
    pub stage: Stage,
    pub tasks: usize,
    /// When the session last changed; for an unreadable file, its modification time.
    pub updated: Timestamp,
    pub path: PathBuf,
    /// Why the file cannot be opened (then the other fields are best guesses).
    pub error: Option<String>,
}

/// Every `*.toml` file in `dir` (not hidden ones: those are temp files),
/// newest first. A missing directory lists nothing.
pub(crate) fn list_dir(dir: &Path) -> Result<Vec<SessionSummary>, StoreError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(dir, "list sessions in", e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| StoreError::io(dir, "list sessions in", e))?;
        let path = entry.path();
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_session = name.ends_with(".toml") && !name.starts_with('.');
        if is_session
            && entry
                .file_type()
                .is_ok_and(|t| t.is_file() || t.is_symlink())
        {
            out.push(summarize(&path));
        }
    }
    out.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}

/// The listing entry for one file; never fails: problems go in `error`.
pub(crate) fn summarize(path: &Path) -> SessionSummary {
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match read_head(path) {
        Ok(head) => SessionSummary {
            id,
            title: head.title,
            stage: head.stage,
            tasks: head.tasks,
            updated: head.updated,
            path: path.to_path_buf(),
            error: head.error,
        },
        Err(e) => SessionSummary {
            title: id.clone(),
            id,
            stage: Stage::default(),
            tasks: 0,
            updated: modified(path),
            path: path.to_path_buf(),
            error: Some(e.to_string()),
        },
    }
}

/// Only what the listing shows; every other field is skipped unread.
#[derive(Deserialize)]
struct HeadFields {
    title: String,
    stage: Stage,
    updated: Timestamp,
    #[serde(default)]
    tasks: Vec<IgnoredAny>,
}

struct Head {
    title: String,
    stage: Stage,
    updated: Timestamp,
    tasks: usize,
    error: Option<String>,
}

fn read_head(path: &Path) -> Result<Head, StoreError> {
    let bytes = crate::input::read(path, crate::input::Limit::session())?;
    let text = files::utf8(path, &bytes)?;
    // Parse only the top-level keys and count the task headers; if the skim
    // or that parse fails, parse the whole file to report the error exactly.
    if let Some(skimmed) = skim(text)
        && let Ok(mut head) = parse_head(path, &text[..skimmed.head_end])
    {
        head.tasks += skimmed.task_headers;
        return Ok(head);
    }
    parse_head(path, text)
}

/// The listing fields of `text` (a whole file, or just its top-level keys);
/// `tasks` counts only tasks written inline as `tasks = [...]`.
fn parse_head(path: &Path, text: &str) -> Result<Head, StoreError> {
    let doc = toml::de::DeTable::parse(text).map_err(|e| files::parse_error(path, text, &e))?;
    let version = files::format_version(path, text, doc.get_ref())?;
    let fields = HeadFields::deserialize(toml::de::Deserializer::from(doc))
        .map_err(|e| files::parse_error(path, text, &e))?;
    let error = (version > FORMAT_VERSION).then(|| {
        StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: FORMAT_VERSION,
        }
        .to_string()
    });
    Ok(Head {
        title: fields.title,
        stage: fields.stage,
        updated: fields.updated,
        tasks: fields.tasks.len(),
        error,
    })
}

fn modified(path: &Path) -> Timestamp {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(Timestamp(0), |d| Timestamp(d.as_secs() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Task, TaskId};
    use crate::store::files;

    #[test]
    fn only_the_top_level_is_read_so_a_bad_task_shows_when_opened() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("s.toml");
        let mut s = crate::plan::Session::new("s", "Plan", Timestamp(5));
        s.tasks = (1..=3)
            .map(|i| Task::new(TaskId(i), format!("Task {i}")))
            .collect();
        files::save(&path, &s).expect("save");
        let text = fs::read_to_string(&path).expect("read");
        fs::write(&path, text.replace("id = \"T3\"", "id = \"oops\"")).expect("write");

        let summary = summarize(&path);
        assert_eq!(
            (summary.title.as_str(), summary.tasks, summary.error),
            ("Plan", 3, None)
        );
        let err = files::load(&path).expect_err("the task id is wrong");
        assert!(
            err.to_string().contains("`oops` is not a valid task id"),
            "{err}"
        );
    }

    #[test]
    fn tasks_written_inline_are_counted_too() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("inline.toml");
        let text = "format_version = 1\ntitle = \"Inline\"\nstage = \"gather\"\nupdated = \"2026-01-01T00:00:00Z\"\n\
                    tasks = [{ id = \"T1\", title = \"a\" }, { id = \"T2\", title = \"b\" }]\n";
        fs::write(&path, text).expect("write");
        assert_eq!(summarize(&path).tasks, 2);
    }
}
