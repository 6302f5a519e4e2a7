//! Paths typed in a prompt: what is there (checked as they are typed, on the
//! session thread, never while drawing) and Tab completion from the
//! directory listing. `~/` means the home directory.
use std::path::{Path, PathBuf};

/// What a typed path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStatus {
    /// Nothing typed (the field may be left empty).
    Empty,
    NotFound,
    /// A directory, a device, a socket: not a file to read.
    NotAFile,
    /// A regular file of this many bytes.
    File {
        bytes: u64,
    },
    /// It exists but cannot be looked at (permissions).
    Unreadable(String),
}

impl PathStatus {
    /// The line shown under the field.
    pub fn describe(&self) -> String {
        match self {
            PathStatus::Empty => String::new(),
            PathStatus::NotFound => "not found".to_string(),
            PathStatus::NotAFile => "not a regular file".to_string(),
            PathStatus::File { bytes } => format!("ok, {}", size(*bytes)),
            PathStatus::Unreadable(why) => format!("cannot be read: {why}"),
        }
    }

    /// Submitting this would fail when the file is read.
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            PathStatus::NotFound | PathStatus::NotAFile | PathStatus::Unreadable(_)
        )
    }
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// `~/x` relative to the home directory; anything else as typed.
pub fn expand_home(text: &str) -> PathBuf {
    let path = Path::new(text);
    match (path.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => path.to_path_buf(),
    }
}

/// Look at what `text` names (one `stat`).
pub fn check(text: &str) -> PathStatus {
    let text = text.trim();
    if text.is_empty() {
        return PathStatus::Empty;
    }
    match std::fs::metadata(expand_home(text)) {
        Ok(meta) if meta.is_file() => PathStatus::File { bytes: meta.len() },
        Ok(_) => PathStatus::NotAFile,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => PathStatus::NotFound,
        Err(e) => PathStatus::Unreadable(e.to_string()),
    }
}

/// Tab completion of `text`: the longest common extension of the names in
/// its directory that start with its last part (a directory gets a `/`),
/// and the names that matched (at most `MAX_CANDIDATES`).
pub fn complete(text: &str) -> (Option<String>, Vec<String>) {
    const MAX_CANDIDATES: usize = 50;
    let (dir_part, prefix) = match text.rfind('/') {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None => ("", text),
    };
    let dir = if dir_part.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(dir_part)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (None, Vec::new());
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            let is_dir = e.path().is_dir();
            Some(if is_dir { format!("{name}/") } else { name })
        })
        .take(10_000)
        .collect();
    names.sort();
    let Some(first) = names.first() else {
        return (None, Vec::new());
    };
    let common = names.iter().skip(1).fold(first.clone(), |acc, n| {
        acc.chars()
            .zip(n.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a)
            .collect()
    });
    let completed = (common.len() > prefix.len()).then(|| format!("{dir_part}{common}"));
    names.truncate(MAX_CANDIDATES);
    (completed, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_and_completes_paths() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_str().unwrap().to_string();
        std::fs::write(dir.path().join("spec-one.md"), "12345").unwrap();
        std::fs::write(dir.path().join("spec-two.md"), "").unwrap();
        std::fs::create_dir(dir.path().join("specs")).unwrap();
        assert_eq!(check(""), PathStatus::Empty);
        assert_eq!(check(&format!("{root}/nope.md")), PathStatus::NotFound);
        assert_eq!(check(&format!("{root}/specs")), PathStatus::NotAFile);
        assert_eq!(
            check(&format!("{root}/spec-one.md")),
            PathStatus::File { bytes: 5 }
        );
        assert_eq!(PathStatus::File { bytes: 5 }.describe(), "ok, 5 bytes");
        let (completed, names) = complete(&format!("{root}/sp"));
        assert_eq!(completed, Some(format!("{root}/spec")));
        assert_eq!(names, ["spec-one.md", "spec-two.md", "specs/"]);
        let (completed, _) = complete(&format!("{root}/spec-o"));
        assert_eq!(completed, Some(format!("{root}/spec-one.md")));
        assert_eq!(complete(&format!("{root}/zz")), (None, Vec::new()));
    }
}
