//! Errors of the headless commands: one line for the user, the causes below
//! it, and the exit code (2 for usage and I/O problems).
use std::fmt;
use std::path::Path;
use std::process::ExitCode;

use crate::config::line_col;
use crate::input::Limit;
use crate::sanitize::one_line;

#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub causes: Vec<String>,
    pub code: u8,
}

impl CliError {
    /// A usage or I/O problem: exit code 2.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            causes: Vec::new(),
            code: 2,
        }
    }

    /// Print to stderr and give the exit code.
    pub fn report(&self) -> ExitCode {
        eprintln!("planner-tui: error: {}", one_line(&self.message));
        for c in &self.causes {
            eprintln!("  caused by: {}", one_line(c));
        }
        ExitCode::from(self.code)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl<E: std::error::Error> From<E> for CliError {
    fn from(e: E) -> Self {
        let mut causes = Vec::new();
        let mut source = e.source();
        while let Some(s) = source {
            let text = s.to_string();
            if !e.to_string().contains(&text) {
                causes.push(text);
            }
            source = s.source();
        }
        CliError {
            message: e.to_string(),
            causes,
            code: 2,
        }
    }
}

/// Read a text file the user named, within `limit` (which names it: "spec
/// file", "context file", ...). Missing files, files that are not regular
/// files or are too big, and bytes that are not UTF-8 get a message that
/// says what and where.
pub fn read_text_file(path: &Path, limit: Limit) -> Result<String, CliError> {
    let what = limit.what;
    let bytes = crate::input::read(path, limit).map_err(|e| CliError::usage(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, column) = line_col(&text, text.len());
        CliError::usage(format!(
            "{what} {} is not UTF-8 text (invalid byte at line {line}, column {column}); convert it, e.g. with iconv -t UTF-8",
            path.display()
        ))
    })
}
