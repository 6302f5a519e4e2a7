//! Crash-safe file replacement: write a temp file in the target's directory,
//! fsync it, rename it over the target, fsync the directory. A crash at any
//! instant leaves the old file or the new one, never a torn one.
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::error::{StoreError, Target};
use super::process;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Replace,
    /// Fail with `AlreadyExists` rather than replace an existing file.
    CreateNew,
}

/// Atomically make `path` hold `bytes`, creating its directory if needed.
/// A symlink is written through: its target is replaced, not the link.
/// Errors name `path` (and its directory when that is what refused), never
/// the temporary file the user never sees.
pub(crate) fn write(path: &Path, bytes: &[u8], mode: Mode, what: Target) -> Result<(), StoreError> {
    let target = follow_symlink(path);
    let dir = parent_dir(&target);
    let in_file = |e| failed(what, path, None, e);
    let in_dir = |e| failed(what, path, Some(dir), e);
    fs::create_dir_all(dir).map_err(in_dir)?;
    let mut tmp = temp_file(dir, &target).map_err(in_dir)?;
    if mode == Mode::Replace
        && let Ok(meta) = fs::metadata(&target)
    {
        // Keep the permissions the user gave the file.
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(in_file)?;
    }
    tmp.as_file_mut().write_all(bytes).map_err(in_file)?;
    tmp.as_file().sync_all().map_err(in_file)?;
    let persisted = match mode {
        Mode::Replace => tmp.persist(&target),
        Mode::CreateNew => tmp.persist_noclobber(&target),
    };
    // On failure the temp file is dropped with the error, which removes it.
    persisted.map_err(|e| match e.error.kind() {
        std::io::ErrorKind::AlreadyExists => StoreError::AlreadyExists {
            path: target.clone(),
        },
        _ => in_dir(e.error),
    })?;
    sync_dir(dir).map_err(in_dir)?;
    sweep_stale_temps(dir, &target);
    Ok(())
}

/// The error for writing `path`; `dir` when the directory refused.
pub(crate) fn failed(what: Target, path: &Path, dir: Option<&Path>, e: io::Error) -> StoreError {
    StoreError::Write {
        target: what,
        path: path.to_path_buf(),
        dir: dir.map(Path::to_path_buf),
        error: without_path(e),
    }
}

/// The OS error alone. `tempfile` wraps its errors in a private type that
/// adds the temporary file's path (`... (os error 30) at path "/d/.F.toml.123.xyz.tmp"`)
/// and hides the OS error code, so the code is read back from the text.
fn without_path(e: io::Error) -> io::Error {
    if let Some(code) = e.raw_os_error() {
        return io::Error::from_raw_os_error(code);
    }
    let text = e.to_string();
    let code = text
        .split_once("(os error ")
        .and_then(|(_, rest)| rest.split_once(')'))
        .and_then(|(digits, _)| digits.parse().ok());
    match (code, text.split_once(" at path ")) {
        (Some(code), _) => io::Error::from_raw_os_error(code),
        (None, Some((reason, _))) => io::Error::new(e.kind(), reason.to_string()),
        (None, None) => e,
    }
}

/// A new temp file next to `target`, named `.<file name>.<pid>.<random>.tmp`:
/// hidden and not ending in `.toml`, so listings never show it, and carrying
/// the pid so a later save can remove it if its writer died.
pub(crate) fn temp_file(dir: &Path, target: &Path) -> io::Result<NamedTempFile> {
    let prefix = format!(".{}.{}.", file_name(target), std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like any new file: read-write for all, less the user's umask.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

pub(crate) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(OsStr::to_string_lossy)
        .unwrap_or_default()
        .into_owned()
}

pub(crate) fn follow_symlink(path: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && let Ok(real) = fs::canonicalize(path) {
        return real;
    }
    path.to_path_buf()
}

/// Make the rename itself durable. Filesystems that cannot sync a directory
/// (EINVAL, ENOTSUP: some network and FUSE mounts) give what durability they have.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    match fs::File::open(dir).and_then(|d| d.sync_all()) {
        Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOTSUP)) => Ok(()),
        r => r,
    }
}

/// Directories cannot be opened as files here; the rename is as durable as
/// the platform makes it.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Remove temp files for `target` left by writers that died mid-save.
/// Best-effort: a file that cannot be read or removed is left alone.
fn sweep_stale_temps(dir: &Path, target: &Path) {
    let prefix = format!(".{}.", file_name(target));
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some(pid) = stale_temp_pid(name, &prefix)
            && pid != std::process::id()
            && !process::is_alive(pid)
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The writer's pid, if `name` is a temp file made by [`temp_file`] for the
/// file whose `.<name>.` prefix is given.
fn stale_temp_pid(name: &str, prefix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?.strip_suffix(".tmp")?;
    let (pid, random) = rest.split_once('.')?;
    if random.is_empty() || random.contains('.') {
        return None;
    }
    pid.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_creates_without_leaving_temp_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("deep/er/a.toml");
        write(&path, b"one", Mode::Replace, Target::File).expect("first write");
        write(&path, b"two", Mode::Replace, Target::File).expect("second write");
        assert_eq!(fs::read(&path).expect("read back"), b"two");
        let err =
            write(&path, b"three", Mode::CreateNew, Target::File).expect_err("must not replace");
        assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err}");
        assert_eq!(fs::read(&path).expect("read back"), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().expect("parent"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.toml")]);
    }

    #[test]
    fn errors_never_name_the_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let gone = dir.path().join("gone");
        let wrapped = temp_file(&gone, &gone.join("plan.toml")).expect_err("no such directory");
        assert!(wrapped.to_string().contains(".tmp"), "{wrapped}");
        let bare = without_path(wrapped);
        assert_eq!(bare.raw_os_error(), Some(libc::ENOENT));
        assert!(!bare.to_string().contains(".tmp"), "{bare}");
    }

    #[test]
    fn recognises_only_its_own_temp_names() {
        assert_eq!(
            stale_temp_pid(".a.toml.123.XyZ12.tmp", ".a.toml."),
            Some(123)
        );
        assert_eq!(
            stale_temp_pid(".a.toml.lock.123.XyZ12.tmp", ".a.toml."),
            None
        );
        assert_eq!(stale_temp_pid(".a.toml.123.XyZ12.tmp", ".b.toml."), None);
        assert_eq!(stale_temp_pid("a.toml", ".a.toml."), None);
    }

    #[test]
    fn sweeps_temps_of_dead_writers_and_keeps_live_ones() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = std::process::Command::new("true")
            .spawn()
            .expect("spawn `true`");
        let dead = child.id();
        child.wait().expect("wait");
        let dead_tmp = dir.path().join(format!(".a.toml.{dead}.abcdef.tmp"));
        let live_tmp = dir
            .path()
            .join(format!(".a.toml.{}.abcdef.tmp", std::process::id()));
        let other = dir.path().join(format!(".b.toml.{dead}.abcdef.tmp"));
        for p in [&dead_tmp, &live_tmp, &other] {
            fs::write(p, "partial").expect("write temp");
        }
        write(
            &dir.path().join("a.toml"),
            b"x",
            Mode::Replace,
            Target::File,
        )
        .expect("write");
        assert!(
            !dead_tmp.exists() || process::is_alive(dead),
            "a dead writer's temp file is removed"
        );
        assert!(live_tmp.exists(), "our own temp files are not touched");
        assert!(other.exists(), "another file's temp files are not touched");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_writes_through_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().join("real.toml");
        let link = dir.path().join("link.toml");
        fs::write(&real, "old").expect("write");
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).expect("chmod");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        write(&link, b"new", Mode::Replace, Target::File).expect("write through link");
        assert!(
            fs::symlink_metadata(&link)
                .expect("stat link")
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).expect("read"), b"new");
        assert_eq!(
            fs::metadata(&real).expect("stat").permissions().mode() & 0o777,
            0o640
        );
    }
}
