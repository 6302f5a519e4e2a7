//! What can go wrong reading, writing or locking a session file, as messages
//! that name the file (and the line and column) and read as one terminal line.
use std::io;
use std::path::{Path, PathBuf};

use crate::input::{InputError, Size};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The operating system refused: `action` is what we were doing
    /// ("read session", "create directory", ...).
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },

    /// The file is not valid TOML, or not a valid session. `line` and
    /// `column` are 1-based; the column counts characters.
    #[error("cannot read session {}: line {line}, column {column}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("{} is not UTF-8 text (invalid byte at line {line}, column {column})", path.display())]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },

    #[error(
        "{} was written by a newer planner-tui (format version {found}; this one reads up to {supported}); \
         update planner-tui to open it",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    /// An older file that could not be brought up to the current format.
    #[error("cannot read session {} (format version {from}): {message}", path.display())]
    Migrate {
        path: PathBuf,
        from: u32,
        message: String,
    },

    /// Another process holds the session's lock file (`lock`).
    #[error("session {session} is open in another planner-tui (pid {pid})")]
    Locked {
        session: String,
        pid: u32,
        lock: PathBuf,
    },

    /// Another writer kept the session's write lock longer than we waited.
    #[error(
        "session {session} is being written by another process (pid {pid}) and did not come free within {} s; try again, or delete {} if that process is gone",
        waited.as_secs_f32(),
        lock.display()
    )]
    Busy {
        session: String,
        pid: u32,
        lock: PathBuf,
        waited: std::time::Duration,
    },

    /// `what` names the missing thing and where it was looked for.
    #[error("{what} not found (`planner-tui list` shows the saved sessions)")]
    NotFound { what: String },

    /// `create` refuses to replace an existing session.
    #[error("{} already exists; open it, or choose another id or path", path.display())]
    AlreadyExists { path: PathBuf },

    #[error("cannot write session {}: {message}", path.display())]
    Serialize { path: PathBuf, message: String },

    /// The session file is not a regular file, or is over the size limit.
    #[error(transparent)]
    Unreadable(InputError),

    /// Writing a file (a session, its lock, an export) failed. `path` is the
    /// file the user knows, never the hidden temporary file; `dir` is set
    /// when the directory is what refused (creating a file in it, renaming,
    /// flushing it).
    /// (`error` is in the message, so it is not a `source` to print again.)
    #[error("cannot {}: {}", target.doing(path), explain(*target, path, dir.as_deref(), error))]
    Write {
        target: Target,
        path: PathBuf,
        dir: Option<PathBuf>,
        error: io::Error,
    },

    /// Saving would write a file bigger than planner-tui reads back.
    #[error(
        "cannot save session {}: it would be {}, more than the {} planner-tui reads back; \
         nothing was written. Split the plan into several sessions",
        path.display(),
        Size(*size),
        Size(*limit)
    )]
    TooBig {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
}

/// What was being written, for the message and its advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Session,
    /// The lock file next to a session, taken before editing it.
    Lock,
    /// Any other file: an export.
    File,
}

impl Target {
    fn doing(self, path: &Path) -> String {
        match self {
            Target::Session => format!("save session {}", path.display()),
            Target::Lock => format!("lock session {} for editing", path.display()),
            Target::File => format!("write {}", path.display()),
        }
    }
    /// Where else the user can put it.
    fn elsewhere(self) -> &'static str {
        match self {
            Target::Session => "keep the session in a directory you can write (--session PATH)",
            Target::Lock => {
                "copy the session to a directory you can write and open the copy (planner-tui writes a lock file next to a session it edits)"
            }
            Target::File => "write it to a directory you can write (-o PATH)",
        }
    }
}

/// The reason, in words, and what to do about it.
fn explain(target: Target, path: &Path, dir: Option<&Path>, e: &io::Error) -> String {
    let reason = crate::input::reason(e);
    let place = dir.map_or_else(
        || format!("the directory of {}", path.display()),
        |d| format!("the directory {}", d.display()),
    );
    match e.raw_os_error() {
        Some(libc::EROFS) => format!(
            "{place} is on a read-only file system; mount it read-write, or {}",
            target.elsewhere()
        ),
        Some(libc::EACCES | libc::EPERM) if dir.is_some() => format!(
            "no permission to create files in {place}; change its permissions, or {}",
            target.elsewhere()
        ),
        Some(libc::ENOSPC | libc::EDQUOT | libc::EFBIG) => format!(
            "{reason} (the disk is full, or a size or quota limit is reached); free some space and try again"
        ),
        _ => match dir {
            Some(d) => format!("{reason} (in the directory {})", d.display()),
            None => reason,
        },
    }
}

impl From<InputError> for StoreError {
    /// The OS's errors stay `Io` (so a missing file is still `NotFound`).
    fn from(e: InputError) -> Self {
        match e {
            InputError::Io { path, source, .. } => StoreError::io(path, "read session", source),
            e => StoreError::Unreadable(e),
        }
    }
}

impl StoreError {
    pub(crate) fn io(path: impl Into<PathBuf>, action: &'static str, source: io::Error) -> Self {
        StoreError::Io {
            path: path.into(),
            action,
            source,
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
/// An offset inside a character, or past the end, is clamped.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "ab\nçd\n\nx";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 2), (1, 3));
        assert_eq!(line_column(text, 3), (2, 1));
        // `ç` is two bytes; `d` is the second character of line 2.
        assert_eq!(line_column(text, 5), (2, 2));
        assert_eq!(
            line_column(text, 4),
            (2, 1),
            "inside a character: clamped to its start"
        );
        assert_eq!(line_column(text, 8), (4, 1));
        assert_eq!(line_column(text, 99), (4, 2));
    }

    fn write_error(target: Target, dir: Option<&str>, code: i32) -> String {
        StoreError::Write {
            target,
            path: "/d/plan.toml".into(),
            dir: dir.map(PathBuf::from),
            error: io::Error::from_raw_os_error(code),
        }
        .to_string()
    }

    #[test]
    fn write_errors_name_the_file_and_directory_and_say_what_to_do() {
        assert_eq!(
            write_error(Target::Session, Some("/d"), libc::EROFS),
            "cannot save session /d/plan.toml: the directory /d is on a read-only file system; \
             mount it read-write, or keep the session in a directory you can write (--session PATH)"
        );
        assert_eq!(
            write_error(Target::Lock, Some("/d"), libc::EACCES),
            "cannot lock session /d/plan.toml for editing: no permission to create files in the \
             directory /d; change its permissions, or copy the session to a directory you can write \
             and open the copy (planner-tui writes a lock file next to a session it edits)"
        );
        assert_eq!(
            write_error(Target::File, None, libc::ENOSPC),
            "cannot write /d/plan.toml: No space left on device (the disk is full, or a size or \
             quota limit is reached); free some space and try again"
        );
        assert_eq!(
            write_error(Target::Session, Some("/d"), libc::EISDIR),
            "cannot save session /d/plan.toml: Is a directory (in the directory /d)"
        );
    }

    #[test]
    fn messages_read_as_one_line() {
        let e = StoreError::Parse {
            path: "/x/y.toml".into(),
            line: 12,
            column: 5,
            message: "expected `=`".into(),
        };
        assert_eq!(
            e.to_string(),
            "cannot read session /x/y.toml: line 12, column 5: expected `=`"
        );
        let e = StoreError::Locked {
            session: "webhooks".into(),
            pid: 4242,
            lock: "/x/webhooks.toml.lock".into(),
        };
        assert_eq!(
            e.to_string(),
            "session webhooks is open in another planner-tui (pid 4242)"
        );
        let e = StoreError::NotUtf8 {
            path: "/x/y.toml".into(),
            line: 4,
            column: 9,
        };
        assert_eq!(
            e.to_string(),
            "/x/y.toml is not UTF-8 text (invalid byte at line 4, column 9)"
        );
        let e = StoreError::TooNew {
            path: "/x/y.toml".into(),
            found: 3,
            supported: 1,
        };
        assert!(e.to_string().starts_with(
            "/x/y.toml was written by a newer planner-tui (format version 3; this one reads up to 1)"
        ));
    }
}
