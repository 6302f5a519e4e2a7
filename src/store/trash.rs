//! The trash: a deleted session is moved, not removed, into a `trash/`
//! folder beside it (with the files that belong to it, `<file>.*`), and can
//! be moved back. Nothing is ever replaced: a name already taken in the
//! trash, or back among the sessions, gets a `-2`, `-3`, ... suffix.
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::list::{SessionSummary, list_dir};

/// The folder a session at `session` goes to when deleted.
pub fn trash_dir(session: &Path) -> PathBuf {
    session
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("trash")
}

/// Move the session file at `path` (and its companions `<file>.*`, such as
/// a backup or a lock file left behind) into [`trash_dir`]. Returns where
/// the session file now is. The caller holds the session's editing lock.
pub fn move_to_trash(path: &Path) -> Result<PathBuf, StoreError> {
    let dir = trash_dir(path);
    fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, "create directory", e))?;
    let (stem, ext) = split_name(path);
    let moved = move_no_clobber(path, &dir, &stem, &ext)?;
    move_companions(path, &moved);
    Ok(moved)
}

/// Move a trashed session back beside the trash folder (the sessions
/// directory), under its own name, or a free one if that is taken.
pub fn restore_from_trash(trashed: &Path) -> Result<PathBuf, StoreError> {
    let trash = trashed.parent().unwrap_or_else(|| Path::new("."));
    let home = trash
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .to_path_buf();
    let (stem, ext) = split_name(trashed);
    let moved = move_no_clobber(trashed, &home, &stem, &ext)?;
    move_companions(trashed, &moved);
    Ok(moved)
}

/// The sessions in the trash of the sessions directory `sessions`, newest
/// first. A missing trash lists nothing.
pub fn list_trash(sessions: &Path) -> Result<Vec<SessionSummary>, StoreError> {
    list_dir(&sessions.join("trash"))
}

fn split_name(path: &Path) -> (String, String) {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "session".to_string());
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (stem, ext)
}

/// Move `from` into `dir` as `<stem><ext>`, or `<stem>-2<ext>`, ... — the
/// first name free there. The move never replaces a file: it links the new
/// name (which fails when taken) and then removes the old one; where links
/// are not possible, it renames only after checking the name is free.
fn move_no_clobber(from: &Path, dir: &Path, stem: &str, ext: &str) -> Result<PathBuf, StoreError> {
    for n in 1..10_000u32 {
        let name = if n == 1 {
            format!("{stem}{ext}")
        } else {
            format!("{stem}-{n}{ext}")
        };
        let to = dir.join(name);
        match fs::hard_link(from, &to) {
            Ok(()) => {
                fs::remove_file(from).map_err(|e| StoreError::io(from, "move", e))?;
                return Ok(to);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(StoreError::io(from, "move", e));
            }
            Err(_) => {
                // No hard links here (another file system, say).
                if to.exists() || fs::symlink_metadata(&to).is_ok() {
                    continue;
                }
                fs::rename(from, &to).map_err(|e| StoreError::io(from, "move", e))?;
                return Ok(to);
            }
        }
    }
    Err(StoreError::io(
        from,
        "move",
        std::io::Error::new(ErrorKind::AlreadyExists, "no free name in the folder"),
    ))
}

/// Files named `<from's name>.<suffix>` go along as `<to's name>.<suffix>`,
/// best-effort: a companion that cannot be moved stays where it was. Lock
/// files stay: they belong to the process holding them, not to the session
/// (a lock moved into the trash would come back as a stale lock).
fn move_companions(from: &Path, to: &Path) {
    let (Some(dir), Some(name), Some(to_dir), Some(to_name)) = (
        from.parent(),
        from.file_name().and_then(|n| n.to_str()),
        to.parent(),
        to.file_name().and_then(|n| n.to_str()),
    ) else {
        return;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!("{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        let Some(suffix) = file.strip_prefix(&prefix) else {
            continue;
        };
        if suffix == "lock" || suffix.ends_with(".lock") {
            continue;
        }
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let target = to_dir.join(format!("{to_name}.{suffix}"));
        if fs::hard_link(entry.path(), &target).is_ok() {
            let _ = fs::remove_file(entry.path());
        } else if !target.exists() {
            let _ = fs::rename(entry.path(), &target);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trash_and_restore_never_replace_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let sessions = dir.path().join("sessions");
        fs::create_dir_all(&sessions).unwrap();
        let a = sessions.join("a.toml");
        fs::write(&a, "first").unwrap();
        fs::write(sessions.join("a.toml.bak"), "backup").unwrap();
        fs::write(sessions.join("a.toml.lock"), "4242").unwrap();
        let first = move_to_trash(&a).unwrap();
        assert_eq!(first, sessions.join("trash").join("a.toml"));
        assert!(!a.exists());
        assert!(
            sessions.join("a.toml.lock").exists(),
            "a lock stays with its holder"
        );
        assert_eq!(
            fs::read_to_string(sessions.join("trash/a.toml.bak")).unwrap(),
            "backup"
        );
        // A second session of the same name goes beside the first.
        fs::write(&a, "second").unwrap();
        let second = move_to_trash(&a).unwrap();
        assert_eq!(second, sessions.join("trash").join("a-2.toml"));
        assert_eq!(fs::read_to_string(&first).unwrap(), "first");
        // A new `a.toml` was made meanwhile: restoring does not replace it.
        fs::write(&a, "third").unwrap();
        let back = restore_from_trash(&first).unwrap();
        assert_eq!(back, sessions.join("a-2.toml"));
        assert_eq!(fs::read_to_string(&back).unwrap(), "first");
        assert_eq!(fs::read_to_string(&a).unwrap(), "third");
        assert_eq!(
            fs::read_to_string(sessions.join("a-2.toml.bak")).unwrap(),
            "backup"
        );
    }
}
