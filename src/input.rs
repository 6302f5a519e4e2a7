//! Reading the files a user names — specs, context, imports, session files,
//! the config — as regular files of bounded size. A FIFO, a device or a
//! directory is refused before a byte is read (reading a FIFO waits for a
//! writer that may never come; `/dev/zero` never ends), and a file over its
//! limit is refused with its size, so a wrong path gets a clear message
//! instead of a hang or an exhausted memory.
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

const MIB: u64 = 1024 * 1024;

/// The largest spec or context file read: far above any real spec (the
/// example is 1 KiB, a long Spec Kit spec 100 KiB), low enough that reading
/// one and showing the session it makes stays in tens of megabytes.
pub const MAX_SPEC_BYTES: u64 = 8 * MIB;

/// The largest session file read or written, and the largest file imported:
/// about 450,000 tasks as the generator writes them.
pub const MAX_SESSION_BYTES: u64 = 128 * MIB;

/// The largest config file read.
pub const MAX_CONFIG_BYTES: u64 = MIB;

/// Why a file the user named could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read {what} {}: {}", path.display(), reason(source))]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "{what} {} is {kind}, not a regular file; give the path of a file \
         (to read from a pipe or a device, save what it gives to a file first)",
        path.display()
    )]
    NotAFile {
        what: &'static str,
        path: PathBuf,
        kind: &'static str,
    },
    #[error(
        "{what} {} is {}, more than the {} planner-tui reads; {advice}",
        path.display(),
        Size(*size),
        Size(*limit)
    )]
    TooBig {
        what: &'static str,
        path: PathBuf,
        size: u64,
        limit: u64,
        advice: &'static str,
    },
}

impl InputError {
    /// The path named in the message.
    pub fn path(&self) -> &Path {
        match self {
            InputError::Io { path, .. }
            | InputError::NotAFile { path, .. }
            | InputError::TooBig { path, .. } => path,
        }
    }
    /// The operating system's error, when that is what went wrong.
    pub fn io_kind(&self) -> Option<io::ErrorKind> {
        match self {
            InputError::Io { source, .. } => Some(source.kind()),
            _ => None,
        }
    }
}

/// What a limit is about, for the refusal message.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// "spec file", "session file", ...
    pub what: &'static str,
    pub bytes: u64,
    /// What to do instead, for a file over the limit.
    pub advice: &'static str,
}

impl Limit {
    pub const fn new(what: &'static str, bytes: u64, advice: &'static str) -> Limit {
        Limit {
            what,
            bytes,
            advice,
        }
    }
    /// A spec or context file (`what` names which).
    pub const fn spec(what: &'static str) -> Limit {
        Limit::new(
            what,
            MAX_SPEC_BYTES,
            "keep the parts of the spec this plan needs, or split it into several sessions",
        )
    }
    pub const fn session() -> Limit {
        Limit::new(
            "session file",
            MAX_SESSION_BYTES,
            "split the plan into several sessions",
        )
    }
    pub const fn import(what: &'static str) -> Limit {
        Limit::new(
            what,
            MAX_SESSION_BYTES,
            "split it into several files and import each",
        )
    }
    pub const fn config() -> Limit {
        Limit::new(
            "config file",
            MAX_CONFIG_BYTES,
            "a config file only needs the keys it changes (config.example.toml lists them)",
        )
    }
}

/// The bytes of `path`, which must be a regular file of at most
/// `limit.bytes`. A file that grows past the limit while being read is
/// refused too: no more than `limit.bytes + 1` bytes are ever read.
pub fn read(path: &Path, limit: Limit) -> Result<Vec<u8>, InputError> {
    let io_error = |source| InputError::Io {
        what: limit.what,
        path: path.to_path_buf(),
        source,
    };
    let file = open(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    if !meta.is_file() {
        return Err(InputError::NotAFile {
            what: limit.what,
            path: path.to_path_buf(),
            kind: kind(&meta.file_type()),
        });
    }
    let too_big = |size| InputError::TooBig {
        what: limit.what,
        path: path.to_path_buf(),
        size,
        limit: limit.bytes,
        advice: limit.advice,
    };
    if meta.len() > limit.bytes {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Open for reading without waiting: opening a FIFO blocks until a writer
/// comes, unless non-blocking (which changes nothing for a regular file).
#[cfg(unix)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(unix)]
fn kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn kind(t: &std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// The OS reason without Rust's "(os error 2)" suffix.
pub fn reason(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// A byte count as people read it: `812 bytes`, `3.5 KiB`, `8 MiB`,
/// `47.7 MiB`. Rounded up, so a file one byte over a limit never reads as
/// the limit itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size(pub u64);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0;
        let tenths = |unit: u64| b.saturating_mul(10).div_ceil(unit);
        let (value, unit) = if b < 1024 {
            return write!(f, "{b} bytes");
        } else if b < MIB {
            (tenths(1024), "KiB")
        } else {
            (tenths(MIB), "MiB")
        };
        if value % 10 == 0 {
            write!(f, "{} {unit}", value / 10)
        } else {
            write!(f, "{}.{} {unit}", value / 10, value % 10)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: Limit = Limit::new("spec file", 10, "make it smaller");

    #[test]
    fn reads_a_regular_file_up_to_the_limit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("spec.md");
        std::fs::write(&path, b"0123456789").expect("write");
        assert_eq!(read(&path, LIMIT).expect("reads"), b"0123456789");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_both_sizes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("spec.md");
        std::fs::write(&path, b"0123456789a").expect("write");
        let err = read(&path, LIMIT).expect_err("too big");
        assert_eq!(
            err.to_string(),
            format!(
                "spec file {} is 11 bytes, more than the 10 bytes planner-tui reads; make it smaller",
                path.display()
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_a_device_and_a_directory_are_refused_without_waiting() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("spec.fifo");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: mkfifo with a NUL-terminated path that lives for the call.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
        // No writer ever opens the FIFO: a blocking open would hang here.
        let err = read(&fifo, LIMIT).expect_err("a FIFO");
        assert!(
            err.to_string()
                .contains("is a named pipe (FIFO), not a regular file"),
            "{err}"
        );
        let err = read(Path::new("/dev/zero"), LIMIT).expect_err("a device");
        assert!(
            err.to_string()
                .starts_with("spec file /dev/zero is a character device, not a regular file"),
            "{err}"
        );
        let err = read(dir.path(), LIMIT).expect_err("a directory");
        assert!(err.to_string().contains("is a directory"), "{err}");
    }

    #[test]
    fn a_missing_file_names_the_path_and_the_reason() {
        let err = read(Path::new("/no/such/spec.md"), LIMIT).expect_err("missing");
        assert_eq!(
            err.to_string(),
            "cannot read spec file /no/such/spec.md: No such file or directory"
        );
        assert_eq!(err.io_kind(), Some(io::ErrorKind::NotFound));
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(Size(812).to_string(), "812 bytes");
        assert_eq!(Size(3500).to_string(), "3.5 KiB");
        assert_eq!(Size(8 * MIB).to_string(), "8 MiB");
        assert_eq!(Size(8 * MIB + 1).to_string(), "8.1 MiB");
        assert_eq!(Size(50_000_014).to_string(), "47.7 MiB");
    }
}
