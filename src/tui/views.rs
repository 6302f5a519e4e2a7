//! Where the user left each session (focus, selection, scroll, cursors): one
//! small TOML file per session under the state directory, named after the
//! session file and a hash of its absolute path, so session files kept in a
//! repository stay free of view noise. Losing one only loses the view.
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::state::ViewMemo;

/// The view files of every session, in `<state_dir>/views/`.
#[derive(Debug, Clone)]
pub struct ViewStore {
    dir: PathBuf,
}

/// The file as written: the session it belongs to, then the view.
#[derive(Debug, Serialize, Deserialize)]
struct ViewFile {
    /// The session's absolute path; a file naming another session (a hash
    /// collision, or a session moved since) is ignored.
    session: PathBuf,
    view: ViewMemo,
}

#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    #[error("cannot write the view file {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot encode the view for {}: {message}", session.display())]
    Encode { session: PathBuf, message: String },
}

impl ViewStore {
    pub fn new(state_dir: &Path) -> ViewStore {
        ViewStore {
            dir: state_dir.join("views"),
        }
    }

    /// The view file for the session at `session`.
    pub fn path_for(&self, session: &Path) -> PathBuf {
        let key = absolute(session);
        let stem = key
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem: String = stem
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .take(40)
            .collect();
        let hash = fnv1a(key.as_os_str().as_encoded_bytes());
        self.dir.join(format!("{stem}-{hash:016x}.toml"))
    }

    /// The view saved for `session`, if there is a readable one.
    pub fn load(&self, session: &Path) -> Option<ViewMemo> {
        let text = std::fs::read_to_string(self.path_for(session)).ok()?;
        let file: ViewFile = toml::from_str(&text).ok()?;
        (file.session == absolute(session)).then_some(file.view)
    }

    /// Write the view for `session` (atomically, so a crash never leaves a
    /// torn file; not fsynced: it is only a convenience).
    pub fn save(&self, session: &Path, view: &ViewMemo) -> Result<(), ViewError> {
        let path = self.path_for(session);
        let file = ViewFile {
            session: absolute(session),
            view: view.clone(),
        };
        let text = toml::to_string(&file).map_err(|e| ViewError::Encode {
            session: session.to_path_buf(),
            message: e.to_string(),
        })?;
        let write_error = |source| ViewError::Write {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(&self.dir).map_err(write_error)?;
        let mut temp = tempfile::NamedTempFile::new_in(&self.dir).map_err(write_error)?;
        temp.write_all(text.as_bytes()).map_err(write_error)?;
        temp.persist(&path).map_err(|e| write_error(e.error))?;
        Ok(())
    }

    /// Forget the view of a deleted session.
    pub fn remove(&self, session: &Path) {
        let _ = std::fs::remove_file(self.path_for(session));
    }
}

/// The path made absolute and, where it exists, with symlinks resolved, so
/// one session has one key however it was named.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    match std::env::current_dir() {
        Ok(dir) if path.is_relative() => dir.join(path),
        _ => path.to_path_buf(),
    }
}

/// 64-bit FNV-1a: stable across Rust versions, unlike `DefaultHasher`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::TaskId;
    use crate::tui::state::Pane;

    #[test]
    fn a_view_comes_back_for_its_session_only() {
        let dir = tempfile::tempdir().unwrap();
        let views = ViewStore::new(&dir.path().join("state"));
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        std::fs::write(&a, "").unwrap();
        let view = ViewMemo {
            focus: Pane::Graph,
            selected_task: Some(TaskId(7)),
            task_offset: 3,
            ..ViewMemo::default()
        };
        assert_eq!(views.load(&a), None);
        views.save(&a, &view).unwrap();
        assert_eq!(views.load(&a), Some(view.clone()));
        assert_eq!(views.load(&b), None);
        // The same file by another name has the same view.
        let again = dir.path().join(".").join("a.toml");
        assert_eq!(views.load(&again), Some(view));
        assert!(
            views
                .path_for(&a)
                .starts_with(dir.path().join("state").join("views"))
        );
        views.remove(&a);
        assert_eq!(views.load(&a), None);
    }

    #[test]
    fn a_file_for_another_session_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let views = ViewStore::new(dir.path());
        let a = dir.path().join("a.toml");
        views.save(&a, &ViewMemo::default()).unwrap();
        let text = std::fs::read_to_string(views.path_for(&a)).unwrap();
        let moved = text.replace("a.toml", "elsewhere.toml");
        std::fs::write(views.path_for(&a), moved).unwrap();
        assert_eq!(views.load(&a), None);
    }

    #[test]
    fn the_hash_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
