//! What can go wrong reading, writing or locking a session file, as messages
//! that name the file (and the line and column) and read as one terminal line.
use std::io;
use std::path::PathBuf;

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
