//! Session files on disk: where they live, listing, loading (with
//! migration), atomic saving, and the lock that keeps one editor per session.
mod atomic;
mod error;
mod files;
mod ids;
mod list;
mod lock;
mod migrate;
mod pieces;
mod process;
mod shared;
mod skim;
mod trash;

use std::path::{Path, PathBuf};

pub use error::{StoreError, Target};
pub use files::{create, load, parse_session, save, write_file};
pub use list::SessionSummary;
pub use lock::{SessionLock, lock, lock_path, lock_waiting, write_lock, write_lock_path};
pub use migrate::{MigrationError, migrate};
pub use shared::{
    FileStamp, StatusChange, Synced, UpdateError, WRITE_WAIT, changes_on_disk, load_synced,
    merge_statuses, save_merged, stamp, update,
};
pub use trash::{list_trash, move_to_trash, restore_from_trash, trash_dir};

/// How many random ids to try before making the suffix longer.
const ID_TRIES: usize = 64;

/// The sessions directory under a data directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    sessions: PathBuf,
}

impl Store {
    /// Sessions live in `<data_dir>/sessions/<id>.toml`; the directory is
    /// created on first save.
    pub fn new(data_dir: impl Into<PathBuf>) -> Store {
        Store {
            sessions: data_dir.into().join("sessions"),
        }
    }

    pub fn sessions_dir(&self) -> &Path {
        &self.sessions
    }

    /// Where deleted sessions go (`sessions/trash/`), to be restored from.
    pub fn trash_dir(&self) -> PathBuf {
        self.sessions.join("trash")
    }

    pub fn path_for_id(&self, id: &str) -> PathBuf {
        self.sessions.join(format!("{id}.toml"))
    }

    /// Every session, newest first (by `updated`). A file that cannot be
    /// read is listed with its `error` set instead of failing the listing.
    pub fn list(&self) -> Result<Vec<SessionSummary>, StoreError> {
        list::list_dir(&self.sessions)
    }

    /// The file meant by `id_or_path`: a path if it contains a path
    /// separator, ends in `.toml` or names an existing file (returned as
    /// given, so `--session PATH` can name a file still to be created);
    /// otherwise the id of a saved session.
    pub fn resolve(&self, id_or_path: &str) -> Result<PathBuf, StoreError> {
        let looks_like_path = id_or_path.contains('/')
            || id_or_path.contains(std::path::MAIN_SEPARATOR)
            || id_or_path.ends_with(".toml");
        if looks_like_path {
            return Ok(PathBuf::from(id_or_path));
        }
        if ids::is_valid_id(id_or_path) {
            let path = self.path_for_id(id_or_path);
            if path.is_file() {
                return Ok(path);
            }
        }
        if !id_or_path.is_empty() && Path::new(id_or_path).is_file() {
            return Ok(PathBuf::from(id_or_path));
        }
        Err(StoreError::NotFound {
            what: format!("session `{id_or_path}` in {}", self.sessions.display()),
        })
    }

    /// A fresh id for a session titled `title`: its slug plus a short random
    /// suffix (`webhook-delivery-k3f9`), not taken by any file here.
    pub fn new_id(&self, title: &str) -> String {
        let slug = ids::slug(title);
        let free = |id: &String| {
            let path = self.path_for_id(id);
            !path.exists() && !lock::lock_path(&path).exists()
        };
        (0..ID_TRIES)
            .map(|_| format!("{slug}-{}", ids::suffix(4)))
            .find(free)
            .unwrap_or_else(|| {
                loop {
                    let id = format!("{slug}-{}", ids::suffix(10));
                    if free(&id) {
                        break id;
                    }
                }
            })
    }
}
