//! One session file, several writers: the app a user watches, and coding
//! agents marking tasks done through `planner-tui status` or the MCP server
//! (docs/session-files.md, "Several writers").
//!
//! - Every write is a read-modify-write under the session's short write
//!   lock ([`super::write_lock`]), ending in the usual atomic replace.
//! - A narrow writer ([`update`]) takes the write lock, loads the file,
//!   changes what it was asked to (a task's status), saves, and lets go:
//!   it never needs the editing lock the app holds.
//! - A writer that keeps a session in memory (the app; the commands that
//!   hold the editing lock while a model works) remembers each task's
//!   status as the file had it when it last read it or took its changes
//!   ([`Synced`], with the file's stamp). Saving ([`save_merged`]) reads the
//!   file again if its stamp moved, and takes over each status changed
//!   there that the writer did not change itself; a status both changed
//!   keeps the writer's. Then it writes.
//! - The app looks at the file's stamp a few times a second
//!   ([`changes_on_disk`]) and shows statuses changed there at once.
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::error::StoreError;
use super::files::{parse_session, save, utf8};
use super::lock::write_lock;
use crate::plan::{Session, TaskId, TaskStatus};

/// How long a writer waits for another one to finish its write.
pub const WRITE_WAIT: Duration = Duration::from_secs(5);

/// What tells one version of a file from the next: a save replaces the
/// file (a new inode), so this changes even within one mtime tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    dev: u64,
    ino: u64,
    len: u64,
    modified: Option<SystemTime>,
}

impl FileStamp {
    fn of(meta: &fs::Metadata) -> FileStamp {
        #[cfg(unix)]
        let (dev, ino) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (dev, ino) = (0, 0);
        FileStamp {
            dev,
            ino,
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// The stamp of the file at `path` now; `None` when there is none.
pub fn stamp(path: &Path) -> Option<FileStamp> {
    fs::metadata(path).ok().map(|m| FileStamp::of(&m))
}

/// A task whose status changed between two versions of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange {
    pub id: TaskId,
    pub was: TaskStatus,
    pub now: TaskStatus,
}

/// The file as a writer last read or wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synced {
    stamp: Option<FileStamp>,
    statuses: HashMap<TaskId, TaskStatus>,
}

impl Synced {
    pub fn new(session: &Session, stamp: Option<FileStamp>) -> Synced {
        Synced {
            stamp,
            statuses: session.tasks.iter().map(|t| (t.id, t.status)).collect(),
        }
    }
    /// The file at `stamp`, whose tasks had `statuses`.
    pub fn from_parts(stamp: Option<FileStamp>, statuses: HashMap<TaskId, TaskStatus>) -> Synced {
        Synced { stamp, statuses }
    }
    pub fn stamp(&self) -> Option<FileStamp> {
        self.stamp
    }
    pub fn statuses(&self) -> &HashMap<TaskId, TaskStatus> {
        &self.statuses
    }
    /// Each task of `theirs` whose status differs from the one synced.
    pub fn changes_in(&self, theirs: &Session) -> Vec<StatusChange> {
        theirs
            .tasks
            .iter()
            .filter_map(|t| {
                let was = *self.statuses.get(&t.id)?;
                (was != t.status).then_some(StatusChange {
                    id: t.id,
                    was,
                    now: t.status,
                })
            })
            .collect()
    }
}

/// Load a session with what [`save_merged`] needs to merge later: the
/// stamp of exactly the bytes read.
pub fn load_synced(path: &Path) -> Result<(Session, Synced), StoreError> {
    let (session, stamp) = read(path)?;
    let synced = Synced::new(&session, Some(stamp));
    Ok((session, synced))
}

fn read(path: &Path) -> Result<(Session, FileStamp), StoreError> {
    let mut file = fs::File::open(path).map_err(|e| StoreError::io(path, "read session", e))?;
    let meta = file
        .metadata()
        .map_err(|e| StoreError::io(path, "read session", e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes)
        .map_err(|e| StoreError::io(path, "read session", e))?;
    let text = utf8(path, &bytes)?;
    Ok((parse_session(path, text)?, FileStamp::of(&meta)))
}

/// The statuses changed in the file since `seen` (the file as this process
/// last read or wrote it), if its stamp moved; `seen` then describes the
/// file as it is now. `None` when the file is as seen (or gone). Reads
/// without the lock: files are replaced whole, so a reader sees the old
/// file or the new one.
pub fn changes_on_disk(
    path: &Path,
    seen: &mut Synced,
) -> Result<Option<Vec<StatusChange>>, StoreError> {
    let now = stamp(path);
    if now.is_none() || now == seen.stamp {
        return Ok(None);
    }
    let (theirs, stamp) = read(path)?;
    let changes = seen.changes_in(&theirs);
    *seen = Synced::new(&theirs, Some(stamp));
    Ok(Some(changes))
}

/// Take over into `ours` each status `theirs` changed since `synced` that
/// `ours` did not; a status both changed keeps `ours`. Returns what was
/// taken over.
pub fn merge_statuses(synced: &Synced, ours: &mut Session, theirs: &Session) -> Vec<StatusChange> {
    let mut taken = Vec::new();
    let theirs_by_id: HashMap<TaskId, TaskStatus> =
        theirs.tasks.iter().map(|t| (t.id, t.status)).collect();
    for t in &mut ours.tasks {
        let (Some(&base), Some(&now)) = (synced.statuses.get(&t.id), theirs_by_id.get(&t.id))
        else {
            continue;
        };
        if now != base && t.status == base {
            t.status = now;
            taken.push(StatusChange {
                id: t.id,
                was: base,
                now,
            });
        }
    }
    if theirs.updated > ours.updated && !taken.is_empty() {
        ours.updated = theirs.updated;
    }
    taken
}

/// Save `session` over the file at `path` under the write lock, first
/// taking over statuses another writer changed since `synced` (see
/// [`merge_statuses`]); `synced` then describes the file written. Returns
/// the statuses taken over, for the caller to show.
pub fn save_merged(
    path: &Path,
    synced: &mut Synced,
    session: &mut Session,
) -> Result<Vec<StatusChange>, StoreError> {
    let _lock = write_lock(path, WRITE_WAIT)?;
    let mut taken = Vec::new();
    let now = stamp(path);
    if now.is_some() && now != synced.stamp {
        match read(path) {
            Ok((theirs, _)) => taken = merge_statuses(synced, session, &theirs),
            // A file that no longer reads is replaced, as before there
            // were several writers; the session in memory is the user's.
            Err(e) => tracing::warn!("not merging with {}: {e}", path.display()),
        }
    }
    save(path, session)?;
    *synced = Synced::new(session, stamp(path));
    Ok(taken)
}

/// Why [`update`] did not write.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError<E> {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The change itself refused; the file is unchanged.
    #[error("{0}")]
    Refused(E),
}

/// A narrow change to the session at `path`: take the write lock, load,
/// let `change` edit the session (it returns its answer and whether it
/// changed anything), save if it did, let go. Needs no editing lock, so it
/// works while the app has the session open; the app shows the change.
pub fn update<T, E>(
    path: &Path,
    change: impl FnOnce(&mut Session) -> Result<(T, bool), E>,
) -> Result<T, UpdateError<E>> {
    let _lock = write_lock(path, WRITE_WAIT)?;
    let (mut session, _) = read(path)?;
    let (answer, changed) = change(&mut session).map_err(UpdateError::Refused)?;
    if changed {
        save(path, &session)?;
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Task, Timestamp};

    fn session(statuses: &[TaskStatus]) -> Session {
        let mut s = Session::new("s", "S", Timestamp(100));
        for (i, st) in statuses.iter().enumerate() {
            let mut t = Task::new(TaskId(i as u32 + 1), format!("Task {}", i + 1));
            t.status = *st;
            s.tasks.push(t);
        }
        s.normalise_counters();
        s
    }

    use TaskStatus::*;

    #[test]
    fn merging_takes_their_changes_and_keeps_ours_where_both_changed() {
        let base = session(&[Pending, Pending, Pending]);
        let synced = Synced::new(&base, None);
        let mut ours = base.clone();
        ours.tasks[1].status = Review;
        ours.tasks[2].status = InProgress;
        ours.tasks[0].title = "Renamed in the app".into();
        let mut theirs = base.clone();
        theirs.tasks[0].status = Done;
        theirs.tasks[2].status = Done;
        theirs.updated = Timestamp(200);
        let taken = merge_statuses(&synced, &mut ours, &theirs);
        assert_eq!(
            taken,
            vec![StatusChange {
                id: TaskId(1),
                was: Pending,
                now: Done
            }]
        );
        let statuses: Vec<TaskStatus> = ours.tasks.iter().map(|t| t.status).collect();
        assert_eq!(statuses, vec![Done, Review, InProgress]);
        assert_eq!(ours.tasks[0].title, "Renamed in the app");
        assert_eq!(ours.updated, Timestamp(200));
    }

    #[test]
    fn save_merged_and_update_keep_both_sides_edits() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.toml");
        save(&path, &session(&[Pending, Pending])).expect("save");
        let (mut ours, mut synced) = load_synced(&path).expect("load");

        // Another writer marks T2 done while the app has the file.
        let answer = update(&path, |s: &mut Session| {
            s.tasks[1].status = Done;
            Ok::<_, String>(("marked", true))
        })
        .expect("update");
        assert_eq!(answer, "marked");
        let mut seen = synced.clone();
        let changes = changes_on_disk(&path, &mut seen)
            .expect("read")
            .expect("the change is seen");
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes_on_disk(&path, &mut seen).expect("read"),
            None,
            "each version is looked at once"
        );

        // The app renames T1 and saves: T2 stays done.
        ours.tasks[0].title = "Renamed".into();
        let taken = save_merged(&path, &mut synced, &mut ours).expect("save");
        assert_eq!(taken.len(), 1);
        let on_disk = crate::store::load(&path).expect("load");
        assert_eq!(on_disk.tasks[0].title, "Renamed");
        assert_eq!(on_disk.tasks[1].status, Done);
        assert_eq!(changes_on_disk(&path, &mut synced).expect("read"), None);

        // A refused change writes nothing.
        let before = fs::read(&path).expect("read");
        let err = update(&path, |_: &mut Session| Err::<((), bool), _>("no")).expect_err("refused");
        assert!(matches!(err, UpdateError::Refused("no")));
        assert_eq!(fs::read(&path).expect("read"), before);
    }

    #[test]
    fn writers_take_turns_on_the_write_lock() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.toml");
        save(&path, &session(&[Pending; 8])).expect("save");
        std::thread::scope(|s| {
            for i in 0..8 {
                let path = &path;
                s.spawn(move || {
                    update(path, |s: &mut Session| {
                        s.tasks[i].status = Done;
                        Ok::<_, String>(((), true))
                    })
                    .expect("each writer gets its turn")
                });
            }
        });
        let on_disk = crate::store::load(&path).expect("load");
        assert!(
            on_disk.tasks.iter().all(|t| t.status == Done),
            "no write is lost"
        );
        assert!(!super::super::lock::write_lock_path(&path).exists());
    }
}
