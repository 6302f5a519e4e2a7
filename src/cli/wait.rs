//! `--wait SECS`: how long a command that edits a session waits for another
//! planner-tui to let go of it, so scripts and agents running one after the
//! other do not have to retry by hand.
use std::path::Path;
use std::time::Duration;

use super::CliError;
use crate::store::{self, SessionLock, StoreError};

/// What `--wait` is when not given.
pub const DEFAULT_WAIT_SECS: &str = "5";

/// The longest wait accepted: a day.
const MAX_WAIT_SECS: f64 = 86_400.0;

#[derive(Debug, Clone, Copy, clap::Args)]
pub struct LockWait {
    /// While another planner-tui has the session open, wait up to SECS seconds
    /// for it to close it (0: fail at once)
    #[arg(long = "wait", value_name = "SECS", default_value = DEFAULT_WAIT_SECS, value_parser = parse_secs)]
    pub wait: Duration,
}

impl LockWait {
    /// Lock the session at `path`, waiting as long as `--wait` allows. The
    /// first time it has to wait, it says so on stderr.
    pub fn lock(&self, path: &Path) -> Result<SessionLock, StoreError> {
        let mut told = false;
        store::lock_waiting(path, self.wait, |pid| {
            if !told {
                told = true;
                eprintln!(
                    "planner-tui: {} is open in another planner-tui (pid {pid}); waiting up to {} for it",
                    path.display(),
                    seconds(self.wait)
                );
            }
        })
    }

    /// [`LockWait::lock`] for the commands that report a [`CliError`]: a
    /// lock still held after the wait says how long it waited.
    pub fn lock_cli(&self, path: &Path) -> Result<SessionLock, CliError> {
        self.lock(path).map_err(|e| {
            let locked = matches!(e, StoreError::Locked { .. });
            let mut error = CliError::from(e);
            if locked {
                error.causes.push(if self.wait.is_zero() {
                    "--wait 0: not waited for; give --wait SECS to wait for it".to_string()
                } else {
                    format!(
                        "waited {} for it to close; close it there, or give --wait SECS to wait longer",
                        seconds(self.wait)
                    )
                });
            }
            error
        })
    }
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s == s.trunc() {
        format!("{s} s")
    } else {
        format!("{s:.1} s")
    }
}

fn parse_secs(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds (e.g. 5 or 0.5)"))?;
    if !(0.0..=MAX_WAIT_SECS).contains(&secs) {
        return Err(format!(
            "{text} is out of range: give 0 (do not wait) up to {MAX_WAIT_SECS} seconds"
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_parse_and_read_back() {
        assert_eq!(parse_secs("5"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_secs("0.25"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_secs("0"), Ok(Duration::ZERO));
        assert!(parse_secs("-1").unwrap_err().contains("out of range"));
        assert!(parse_secs("NaN").unwrap_err().contains("out of range"));
        assert!(parse_secs("soon").unwrap_err().contains("not a number"));
        assert_eq!(seconds(Duration::from_secs(5)), "5 s");
        assert_eq!(seconds(Duration::from_millis(300)), "0.3 s");
    }
}
