//! A home directory of the test's own for running the real binary:
//! HOME, the XDG directories, the data and export directories all inside a
//! temp dir, and nothing from the caller's environment.
#![allow(dead_code)]
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The example spec and context in assets/examples.
pub const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/webhooks-spec.md"
);
pub const CONTEXT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/webhooks-context.md"
);

pub struct Home(tempfile::TempDir);

impl Home {
    pub fn new() -> Home {
        Home(tempfile::tempdir().expect("temp dir"))
    }
    pub fn path(&self) -> &Path {
        self.0.path()
    }
    /// The data directory (`PLANNER_TUI_DATA_DIR`).
    pub fn data(&self) -> PathBuf {
        self.path().join("data")
    }
    pub fn exports(&self) -> PathBuf {
        self.path().join("exports")
    }
    /// `planner-tui` with the isolated environment.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }
    /// The same as a `std` command, for running it in the background.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("planner-tui"));
        c.env_clear()
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_STATE_HOME", self.path().join("state"))
            .env("XDG_DATA_HOME", self.path().join("xdg-data"))
            .env("PLANNER_TUI_DATA_DIR", self.data())
            .env("PLANNER_TUI_EXPORT_DIR", self.exports());
        c
    }
    /// Save `session` as `name` in the home; returns its path.
    pub fn save(&self, name: &str, session: &planner_tui::plan::Session) -> PathBuf {
        let p = self.path().join(name);
        planner_tui::store::create(&p, session).expect("save the session");
        p
    }

    /// The session file most tests work on: `plan.toml` in the home.
    pub fn plan(&self) -> PathBuf {
        self.path().join("plan.toml")
    }
    /// Write `session` to [`Home::plan`], replacing it.
    pub fn save_plan(&self, session: &planner_tui::plan::Session) -> PathBuf {
        planner_tui::store::save(&self.plan(), session).expect("save the plan");
        self.plan()
    }
    pub fn load_plan(&self) -> planner_tui::plan::Session {
        planner_tui::store::load(&self.plan()).expect("load the plan")
    }
    /// Run `args`: exit code, stdout, stderr.
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().args(args).output().expect("runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).expect("utf-8"),
            String::from_utf8(out.stderr).expect("utf-8"),
        )
    }
}
