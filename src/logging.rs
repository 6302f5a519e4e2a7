//! Logging goes to a file in the state directory, never to the terminal
//! (the TUI owns it). If the file cannot be opened, nothing is logged.
use std::path::Path;

/// The log file's name inside the state directory.
pub const LOG_FILE: &str = "planner-tui.log";

pub fn init(state_dir: &Path, level: &str) {
    if std::fs::create_dir_all(state_dir).is_err() {
        return;
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(state_dir.join(LOG_FILE))
    else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_new(format!("planner_tui={level}"))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("planner_tui=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .try_init();
}
