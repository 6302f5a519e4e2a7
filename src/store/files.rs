//! Reading and writing one session file: UTF-8 and TOML checks with exact
//! positions, the format-version gate, migration, and atomic writes.
use std::path::Path;

use serde::Deserialize;
use toml::de::{DeTable, DeValue, Deserializer};

use super::atomic::{self, Mode};
use super::error::{StoreError, Target, line_column};
use super::migrate::{migrate, needs_reread};
use super::pieces;
use crate::input::{self, Limit, MAX_SESSION_BYTES};
use crate::plan::{FORMAT_VERSION, Session};

/// Read a session. Older formats are migrated, newer ones refused; counters
/// are raised above every id in use. The file is never modified.
pub fn load(path: &Path) -> Result<Session, StoreError> {
    let bytes = input::read(path, Limit::session())?;
    let text = utf8(path, &bytes)?;
    parse_session(path, text)
}

/// Read session text as [`load`] does, without touching the disk: the
/// format-version gate, migration and counter normalisation. `path` only
/// names the file in errors.
pub fn parse_session(path: &Path, text: &str) -> Result<Session, StoreError> {
    let mut session = parse(path, text)?;
    session.normalise_counters();
    Ok(session)
}

/// Write a session atomically, creating parent directories. `updated` is
/// written as given: the caller decides what counts as a change. A session
/// too big to be read back is refused and nothing is written.
pub fn save(path: &Path, session: &Session) -> Result<(), StoreError> {
    let text = within_limit(path, encode(path, session)?, MAX_SESSION_BYTES)?;
    atomic::write(path, text.as_bytes(), Mode::Replace, Target::Session)
}

/// Like [`save`], but fails with `AlreadyExists` instead of replacing a file.
pub fn create(path: &Path, session: &Session) -> Result<(), StoreError> {
    let text = within_limit(path, encode(path, session)?, MAX_SESSION_BYTES)?;
    atomic::write(path, text.as_bytes(), Mode::CreateNew, Target::Session)
}

/// `text` if it is no bigger than `limit` ([`load`]'s, so it can be read back).
fn within_limit(path: &Path, text: String, limit: u64) -> Result<String, StoreError> {
    if text.len() as u64 > limit {
        return Err(StoreError::TooBig {
            path: path.to_path_buf(),
            size: text.len() as u64,
            limit,
        });
    }
    Ok(text)
}

/// Atomically replace any file the app writes besides sessions (exports),
/// creating its directory: a crash leaves the old file or the new one.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    atomic::write(path, bytes, Mode::Replace, Target::File)
}

/// The text of a session file; `format_version` comes first and always says
/// the format this build writes.
pub(crate) fn encode(path: &Path, session: &Session) -> Result<String, StoreError> {
    let text = if session.format_version == FORMAT_VERSION {
        toml::to_string(session)
    } else {
        toml::to_string(&Session {
            format_version: FORMAT_VERSION,
            ..session.clone()
        })
    };
    text.map_err(|e| StoreError::Serialize {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// The bytes as text, or where the first invalid byte is. A leading byte
/// order mark is skipped.
pub(crate) fn utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, StoreError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        // `valid` is UTF-8 by construction, so this never falls back.
        let text = std::str::from_utf8(valid).unwrap_or_default();
        let (line, column) = line_column(text, text.len());
        StoreError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            column,
        }
    })
}

/// Parse session text read from `path`. A big file in the current format is
/// read in pieces (see `pieces`), which gives the same session in a
/// fraction of the memory; anything else, and every error, goes through
/// the whole text.
pub(crate) fn parse(path: &Path, text: &str) -> Result<Session, StoreError> {
    if text.len() >= pieces::PIECES_FROM
        && let Some(session) = pieces::parse(text, pieces::BATCH_BYTES)
    {
        return Ok(session);
    }
    let doc = DeTable::parse(text).map_err(|e| parse_error(path, text, &e))?;
    let version = format_version(path, text, doc.get_ref())?;
    match version.cmp(&FORMAT_VERSION) {
        std::cmp::Ordering::Greater => Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: FORMAT_VERSION,
        }),
        std::cmp::Ordering::Equal => {
            Session::deserialize(Deserializer::from(doc)).map_err(|e| parse_error(path, text, &e))
        }
        std::cmp::Ordering::Less => {
            let table = toml::Table::deserialize(Deserializer::from(doc))
                .map_err(|e| parse_error(path, text, &e))?;
            let migrate_error = |message: String| StoreError::Migrate {
                path: path.to_path_buf(),
                from: version,
                message,
            };
            let table = migrate(table, version).map_err(|e| migrate_error(e.message))?;
            let mut session = Session::deserialize(toml::Value::Table(table))
                .map_err(|e| migrate_error(one_line(e.message())))?;
            if needs_reread(version) {
                crate::plan::reread_spec(&mut session);
            }
            Ok(session)
        }
    }
}

/// The `format_version` a parsed document declares.
pub(crate) fn format_version(
    path: &Path,
    text: &str,
    doc: &DeTable<'_>,
) -> Result<u32, StoreError> {
    let at = |offset: usize, message: &str| {
        let (line, column) = line_column(text, offset);
        StoreError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: message.to_string(),
        }
    };
    let Some((_, value)) = doc.iter().find(|(k, _)| k.get_ref() == "format_version") else {
        if text.trim().is_empty() {
            return Err(at(
                0,
                &format!(
                    "the file is empty (a session file starts with `format_version = {FORMAT_VERSION}`)"
                ),
            ));
        }
        return Err(at(
            0,
            &format!(
                "missing `format_version` (a session file starts with `format_version = {FORMAT_VERSION}`)"
            ),
        ));
    };
    match value.get_ref() {
        DeValue::Integer(i) => u32::from_str_radix(i.as_str(), i.radix()).map_err(|_| {
            at(
                value.span().start,
                "`format_version` must be a whole number from 0 up",
            )
        }),
        _ => Err(at(
            value.span().start,
            &format!(
                "`format_version` must be a whole number, like `format_version = {FORMAT_VERSION}`"
            ),
        )),
    }
}

pub(crate) fn parse_error(path: &Path, text: &str, e: &toml::de::Error) -> StoreError {
    let (line, column) = line_column(text, e.span().map_or(0, |s| s.start));
    StoreError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        message: one_line(e.message()),
    }
}

/// The parser's message on one line.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Stage, Task, TaskId, Timestamp};

    fn sample() -> Session {
        let mut s = Session::new("webhooks", "Webhook delivery", Timestamp(1_764_000_000));
        s.stage = Stage::Decompose;
        s.spec.text = "Deliver webhooks.\nRetry on failure.\n".into();
        s.tasks
            .push(Task::new(TaskId(1), "Create the deliveries table"));
        s.counters.next_task = 2;
        s
    }

    #[test]
    fn writes_format_version_first() {
        let text = encode(Path::new("x.toml"), &sample()).expect("encodes");
        assert!(text.starts_with("format_version = 3\n"), "{text}");
        let old = Session {
            format_version: 0,
            ..sample()
        };
        let text = encode(Path::new("x.toml"), &old).expect("encodes");
        assert!(
            text.starts_with("format_version = 3\n"),
            "always the version this build writes"
        );
    }

    #[test]
    fn parses_what_it_writes() {
        let s = sample();
        let text = encode(Path::new("x.toml"), &s).expect("encodes");
        assert_eq!(parse(Path::new("x.toml"), &text).expect("parses"), s);
    }

    #[test]
    fn errors_point_at_the_line_and_column() {
        let text = "format_version = 3\nid = \"x\"\ntitle = \"t\"\ncreated = \"2026-01-01T00:00:00Z\"\n\
                    updated = \"2026-01-01T00:00:00Z\"\nstage = \"sideways\"\n[spec]\n";
        let err = parse(Path::new("/s/x.toml"), text).expect_err("bad stage");
        let StoreError::Parse {
            line,
            column,
            message,
            ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!((*line, *column), (6, 9), "{err}");
        assert!(message.contains("sideways"), "{message}");
    }

    #[test]
    fn a_missing_or_odd_format_version_is_named() {
        let err = parse(Path::new("x.toml"), "\n").expect_err("empty");
        assert!(err.to_string().ends_with("line 1, column 1: the file is empty (a session file starts with `format_version = 3`)"), "{err}");
        let err = parse(Path::new("x.toml"), "title = \"t\"\n").expect_err("no version");
        assert!(
            err.to_string().contains("missing `format_version`"),
            "{err}"
        );
        let err = parse(
            Path::new("x.toml"),
            "title = \"t\"\nformat_version = \"one\"\n",
        )
        .expect_err("text");
        assert!(err.to_string().contains("line 2, column 18"), "{err}");
        let err = parse(Path::new("x.toml"), "format_version = -1\n").expect_err("negative");
        assert!(err.to_string().contains("whole number"), "{err}");
    }

    #[test]
    fn version_zero_is_refused_as_never_written() {
        let err = parse(Path::new("x.toml"), "format_version = 0\n").expect_err("v0");
        assert!(
            matches!(err, StoreError::Migrate { from: 0, .. }),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("never written by planner-tui"),
            "{err}"
        );
    }

    #[test]
    fn a_session_too_big_to_read_back_is_not_written() {
        let text = encode(Path::new("x.toml"), &sample()).expect("encodes");
        let size = text.len() as u64;
        assert!(within_limit(Path::new("x.toml"), text.clone(), size).is_ok());
        let err = within_limit(Path::new("/p/x.toml"), text, size - 1).expect_err("one byte over");
        assert_eq!(
            err.to_string(),
            format!(
                "cannot save session /p/x.toml: it would be {size} bytes, more than the {} bytes \
                 planner-tui reads back; nothing was written. Split the plan into several sessions",
                size - 1
            )
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_bad_bytes_are_located() {
        assert_eq!(
            utf8(Path::new("x"), b"\xEF\xBB\xBFab").expect("valid"),
            "ab"
        );
        let err = utf8(Path::new("x"), b"ab\nc\xC3\xA7d\xFFe").expect_err("invalid");
        assert!(
            matches!(
                err,
                StoreError::NotUtf8 {
                    line: 2,
                    column: 4,
                    ..
                }
            ),
            "{err:?}"
        );
    }
}
