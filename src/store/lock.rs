//! One editor per session: a lock file next to the session (`<file>.lock`)
//! that names its holder, held with `flock` for as long as the `SessionLock`
//! lives. A lock whose holder has died is taken over.
//!
//! The kernel drops a dead holder's `flock`, so a free `flock` is the first
//! sign of a stale lock; the recorded holder is also checked (`kill(pid, 0)`,
//! plus boot id and start time on Linux) so a filesystem without `flock`
//! still works. A lock file only ever appears at its path complete and
//! already flocked (written to a temp file, then linked or renamed into
//! place), so a reader never sees a half-written one.
//!
//! Without `flock` and `kill` (non-unix), an existing lock file always counts
//! as held; if its holder crashed, delete the file by hand.
use std::fs::{self, File};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::atomic;
use super::error::{StoreError, Target};
use super::process::Holder;

/// How often to look again when the lock file changes under us (another
/// process is taking it over or letting it go at that very moment).
const ATTEMPTS: usize = 50;

/// Held while a process edits a session. Dropping it removes the lock file
/// (best-effort) and releases the lock.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
    path: PathBuf,
}

impl SessionLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Only remove the file if it is still ours; the lock is released when
        // `file` closes, after the name is gone.
        if same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The lock file that guards the session at `session`.
pub fn lock_path(session: &Path) -> PathBuf {
    let mut p = session.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}

/// The lock every writer of the session file holds for the few
/// milliseconds of one read-modify-write (see [`write_lock`]).
pub fn write_lock_path(session: &Path) -> PathBuf {
    let mut p = session.as_os_str().to_owned();
    p.push(".write.lock");
    PathBuf::from(p)
}

/// Lock the session at `path` for editing. Fails with `Locked` if another
/// process (or this one, through another `SessionLock`) holds it.
pub fn lock(path: &Path) -> Result<SessionLock, StoreError> {
    let real = atomic::follow_symlink(path);
    acquire(path, &lock_path(&real))
}

/// Take the session's write lock, waiting up to `wait` while another writer
/// has it. Every write of a session file happens under it — the app's
/// saves, `planner-tui status`, the MCP server's — and it is held only from
/// reading the file to replacing it, so writers take turns instead of
/// refusing each other. It is separate from the editing lock ([`lock`]),
/// which the app keeps while a session is open.
pub fn write_lock(path: &Path, wait: Duration) -> Result<SessionLock, StoreError> {
    let real = atomic::follow_symlink(path);
    let lock_path = write_lock_path(&real);
    let start = std::time::Instant::now();
    loop {
        match acquire(path, &lock_path) {
            Err(StoreError::Locked { session, pid, lock }) => {
                if start.elapsed() >= wait {
                    return Err(StoreError::Busy {
                        session,
                        pid,
                        lock,
                        waited: wait,
                    });
                }
                std::thread::sleep(Duration::from_millis(3));
            }
            other => return other,
        }
    }
}

fn acquire(path: &Path, lock_path: &Path) -> Result<SessionLock, StoreError> {
    let lock_path = lock_path.to_path_buf();
    let me = Holder::me();
    let mut last_seen = None;
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(2));
        }
        if let Some(file) = create_new(path, &lock_path, &me)? {
            return Ok(SessionLock {
                file,
                path: lock_path,
            });
        }
        match look_at_existing(path, &lock_path, &me)? {
            Seen::Acquired(file) => {
                return Ok(SessionLock {
                    file,
                    path: lock_path,
                });
            }
            Seen::Held(holder) => return Err(locked(path, &lock_path, holder.pid)),
            Seen::Changing(holder) => last_seen = holder.or(last_seen),
        }
    }
    match last_seen {
        Some(holder) => Err(locked(path, &lock_path, holder.pid)),
        None => Err(StoreError::io(
            &lock_path,
            "take the lock",
            std::io::Error::other(
                "the lock file kept changing, or does not name its holder; if no planner-tui has this session open, delete it",
            ),
        )),
    }
}

/// The longest pause between two tries of [`lock_waiting`].
const MAX_PAUSE: Duration = Duration::from_millis(250);

/// Like [`lock`], but while another process holds the lock, try again until
/// `wait` has passed: after 25 ms, then each pause twice the last, up to
/// 250 ms. `waiting` is called with the holder's pid before each pause.
/// Other errors, and a lock still held at the end, return as [`lock`]'s do.
pub fn lock_waiting(
    path: &Path,
    wait: Duration,
    mut waiting: impl FnMut(u32),
) -> Result<SessionLock, StoreError> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(25);
    loop {
        match lock(path) {
            Err(StoreError::Locked { pid, .. }) if start.elapsed() < wait => {
                waiting(pid);
                std::thread::sleep(pause.min(wait.saturating_sub(start.elapsed())));
                pause = (pause * 2).min(MAX_PAUSE);
            }
            result => return result,
        }
    }
}

fn locked(session: &Path, lock: &Path, pid: u32) -> StoreError {
    let name = session
        .file_stem()
        .unwrap_or(session.as_os_str())
        .to_string_lossy()
        .into_owned();
    StoreError::Locked {
        session: name,
        pid,
        lock: lock.to_path_buf(),
    }
}

enum Seen {
    Acquired(File),
    Held(Holder),
    /// Being created, released or taken over right now: look again.
    Changing(Option<Holder>),
}

/// A complete, flocked lock file of ours, put at `lock_path` unless a file
/// is already there (then `None`). Errors name the session being locked.
fn create_new(session: &Path, lock_path: &Path, me: &Holder) -> Result<Option<File>, StoreError> {
    let tmp = prepared(session, lock_path, me)?;
    match tmp.persist_noclobber(lock_path) {
        Ok(file) => Ok(Some(file)),
        Err(e) if e.error.kind() == ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(in_dir(session, lock_path, e.error)),
    }
}

/// Taking the lock failed in the session's directory.
fn in_dir(session: &Path, lock_path: &Path, e: std::io::Error) -> StoreError {
    atomic::failed(
        Target::Lock,
        session,
        Some(atomic::parent_dir(lock_path)),
        e,
    )
}

/// Our lock record in a temp file next to `lock_path`, already flocked.
fn prepared(
    session: &Path,
    lock_path: &Path,
    me: &Holder,
) -> Result<tempfile::NamedTempFile, StoreError> {
    let dir = atomic::parent_dir(lock_path);
    fs::create_dir_all(dir).map_err(|e| in_dir(session, lock_path, e))?;
    let mut tmp = atomic::temp_file(dir, lock_path).map_err(|e| in_dir(session, lock_path, e))?;
    tmp.write_all(me.to_text().as_bytes())
        .map_err(|e| atomic::failed(Target::Lock, session, None, e))?;
    // A fresh inode nobody else can have open: this cannot be contended.
    let _ = try_flock(tmp.as_file());
    Ok(tmp)
}

fn look_at_existing(session: &Path, lock_path: &Path, me: &Holder) -> Result<Seen, StoreError> {
    let mut file = match File::open(lock_path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Seen::Changing(None)),
        Err(e) => return Err(StoreError::io(lock_path, "open lock file", e)),
    };
    let flock = try_flock(&file);
    let holder = read_holder(&mut file);
    match flock {
        Flock::Busy => Ok(match holder {
            Some(h) if h.may_be_running() => Seen::Held(h),
            // A dead holder's record under a held flock: someone is taking it over.
            h => Seen::Changing(h),
        }),
        Flock::Acquired | Flock::Unsupported => {
            if !same_file(&file, lock_path) {
                return Ok(Seen::Changing(holder));
            }
            if let Some(h) = holder
                && h.may_be_running()
            {
                return Ok(Seen::Held(h));
            }
            // Stale: put our own record in its place while we hold its flock,
            // so no one else can take it over at the same time.
            let tmp = prepared(session, lock_path, me)?;
            let ours = tmp
                .persist(lock_path)
                .map_err(|e| in_dir(session, lock_path, e.error))?;
            tracing::info!(lock = %lock_path.display(), "took over a lock left by a process that is gone");
            Ok(Seen::Acquired(ours))
        }
    }
}

fn read_holder(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.take(4096).read_to_string(&mut text).ok()?;
    Holder::from_text(&text)
}

enum Flock {
    Acquired,
    /// Another open file holds it.
    Busy,
    /// The filesystem or platform has no `flock`: rely on the holder record.
    Unsupported,
}

#[cfg(unix)]
fn try_flock(file: &File) -> Flock {
    use std::os::fd::AsRawFd;
    loop {
        // SAFETY: the descriptor is open for the duration of the call.
        let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if r == 0 {
            return Flock::Acquired;
        }
        match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EWOULDBLOCK) => return Flock::Busy,
            _ => return Flock::Unsupported,
        }
    }
}

#[cfg(not(unix))]
fn try_flock(_file: &File) -> Flock {
    Flock::Unsupported
}

/// Whether `path` still names the file `file` has open.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_process_cannot_lock_twice_and_drop_releases() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("webhooks.toml");
        let held = lock(&session).expect("first lock");
        assert_eq!(held.path(), dir.path().join("webhooks.toml.lock"));
        let err = lock(&session).expect_err("second lock");
        assert_eq!(
            err.to_string(),
            format!(
                "session webhooks is open in another planner-tui (pid {})",
                std::process::id()
            )
        );
        drop(held);
        assert!(
            !dir.path().join("webhooks.toml.lock").exists(),
            "the lock file is removed"
        );
        let again = lock(&session).expect("lock after release");
        drop(again);
    }

    #[test]
    fn waiting_gets_the_lock_once_it_is_let_go() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.toml");
        let held = lock(&session).expect("first lock");
        let (tried, told) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| {
                lock_waiting(&session, Duration::from_secs(30), |pid| {
                    let _ = tried.send(pid);
                })
            });
            // Let go only once the waiter has found the lock held.
            let pid = told
                .recv_timeout(Duration::from_secs(30))
                .expect("the waiter tried");
            assert_eq!(pid, std::process::id());
            drop(held);
            let got = waiter.join().expect("waiter");
            assert!(got.is_ok(), "{got:?}");
        });
    }

    #[test]
    fn waiting_gives_up_with_the_locked_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.toml");
        let _held = lock(&session).expect("first lock");
        let start = Instant::now();
        let mut tries = 0;
        let err = lock_waiting(&session, Duration::from_millis(100), |_| tries += 1)
            .expect_err("still held");
        assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
        assert!(start.elapsed() >= Duration::from_millis(100));
        assert!(tries >= 2, "{tries} tries");
        let err =
            lock_waiting(&session, Duration::ZERO, |_| panic!("no wait")).expect_err("no wait");
        assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    }

    #[test]
    fn a_lock_left_by_a_dead_process_is_taken_over() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.toml");
        let mut child = std::process::Command::new("true")
            .spawn()
            .expect("spawn `true`");
        let dead = Holder {
            pid: child.id(),
            ..Holder::me()
        };
        child.wait().expect("wait");
        fs::write(lock_path(&session), dead.to_text()).expect("write stale lock");
        let held = lock(&session).expect("takes over");
        let text = fs::read_to_string(held.path()).expect("read lock");
        assert_eq!(Holder::from_text(&text), Some(Holder::me()));
    }

    #[test]
    fn racing_takeovers_of_a_stale_lock_leave_exactly_one_holder() {
        for round in 0..20 {
            let dir = tempfile::tempdir().expect("temp dir");
            let session = dir.path().join("s.toml");
            if round % 2 == 0 {
                let mut child = std::process::Command::new("true")
                    .spawn()
                    .expect("spawn `true`");
                let dead = Holder {
                    pid: child.id(),
                    ..Holder::me()
                };
                child.wait().expect("wait");
                fs::write(lock_path(&session), dead.to_text()).expect("write stale lock");
            }
            let start = std::sync::Barrier::new(8);
            let results: Vec<Result<SessionLock, StoreError>> = std::thread::scope(|s| {
                let workers: Vec<_> = (0..8)
                    .map(|_| {
                        s.spawn(|| {
                            start.wait();
                            lock(&session)
                        })
                    })
                    .collect();
                workers
                    .into_iter()
                    .map(|w| w.join().expect("worker"))
                    .collect()
            });
            let held = results.iter().filter(|r| r.is_ok()).count();
            assert_eq!(held, 1, "round {round}: {results:?}");
            for r in &results {
                if let Err(e) = r {
                    assert!(matches!(e, StoreError::Locked { .. }), "{e:?}");
                }
            }
        }
    }

    #[test]
    fn an_empty_or_garbled_unheld_lock_is_taken_over() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.toml");
        fs::write(lock_path(&session), "").expect("write empty lock");
        let held = lock(&session).expect("takes over");
        drop(held);
    }

    #[test]
    fn a_lock_of_a_running_process_without_flock_is_respected() {
        // Pid 1 runs, and its lock file carries no flock: as on a filesystem without flock.
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.toml");
        let init = Holder {
            pid: 1,
            started: None,
            ..Holder::me()
        };
        fs::write(lock_path(&session), init.to_text()).expect("write lock");
        let err = lock(&session).expect_err("pid 1 is alive");
        assert!(matches!(err, StoreError::Locked { pid: 1, .. }), "{err:?}");
    }
}
