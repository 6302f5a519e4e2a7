//! The real binary in a real terminal: a tmux server of the test's own on
//! a socket in a temp dir, with HOME, the XDG directories, the data and the
//! export directory isolated there. Every wait is for explicit screen
//! content, polled every 50 ms up to a bounded timeout; a timeout fails with
//! the screen as it was.
//!
//! tmux is required: without it these tests fail and say so (CI installs it
//! in `.ci/run`).
#![allow(dead_code)]
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use planner_tui::plan::Session;

pub const BIN: &str = env!("CARGO_BIN_EXE_planner-tui");
pub const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/webhooks-spec.md"
);
pub const CONTEXT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/webhooks-context.md"
);
pub const TIMEOUT: Duration = Duration::from_secs(10);
pub const POLL: Duration = Duration::from_millis(50);
/// What the pane's shell prints as its prompt.
pub const PROMPT: &str = "e2e$ ";

/// A tmux server of the test's own, with one window running `sh`.
pub struct Terminal {
    home: tempfile::TempDir,
    socket: PathBuf,
}

impl Terminal {
    pub fn start(width: u16, height: u16) -> Terminal {
        let found = Command::new("tmux").arg("-V").output();
        assert!(
            found.as_ref().is_ok_and(|o| o.status.success()),
            "tmux is needed for the end-to-end tests and was not found on PATH \
             (install it: apt-get install tmux, brew install tmux); .ci/run installs it in CI"
        );
        let home = tempfile::tempdir().expect("temp dir");
        let socket = home.path().join("tmux.sock");
        let term = Terminal { home, socket };
        term.tmux(&[
            "new-session",
            "-d",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            "sh",
        ]);
        // sh ignores PS1 from the environment when run as root: set it here.
        term.run(&format!("PS1='{PROMPT}'; clear"));
        // capture-pane drops trailing blanks.
        term.wait_for("the shell prompt", |s| s.starts_with(PROMPT.trim_end()));
        term
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    pub fn data_dir(&self) -> PathBuf {
        self.home().join("data")
    }

    /// Where exports go unless a file is named (`PLANNER_TUI_EXPORT_DIR`).
    pub fn export_dir(&self) -> PathBuf {
        self.home().join("out")
    }

    /// Run tmux against this test's server, with the isolated environment
    /// (the server and its shell inherit it).
    pub fn tmux(&self, args: &[&str]) -> Output {
        let home = self.home();
        let path = std::env::var_os("PATH").unwrap_or_default();
        let out = Command::new("tmux")
            .env_clear()
            .env("PATH", path)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("PLANNER_TUI_DATA_DIR", self.data_dir())
            .env("PLANNER_TUI_EXPORT_DIR", self.export_dir())
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .arg("-S")
            .arg(&self.socket)
            .args(["-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Run the binary outside the terminal, as from another shell, with the
    /// same isolated environment: exit code, stdout, stderr.
    pub fn run_elsewhere(&self, args: &[&str]) -> (i32, String, String) {
        let home = self.home();
        let out = Command::new(BIN)
            .env_clear()
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("PLANNER_TUI_DATA_DIR", self.data_dir())
            .env("PLANNER_TUI_EXPORT_DIR", self.export_dir())
            .args(args)
            .output()
            .expect("the binary runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Like [`Terminal::wait_for`], with a bound of its own.
    pub fn wait_within(&self, bound: Duration, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() > bound {
                panic!("waited {bound:?} for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p"]).stdout).into_owned()
    }

    /// Wait until the screen satisfies `ready`; fail with the screen if it
    /// does not within the timeout.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() > TIMEOUT {
                panic!("waited {TIMEOUT:?} for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }

    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("`{text}`"), |s| s.contains(text))
    }

    /// Press keys (tmux key names: `Enter`, `Escape`, `C-s`, `K`).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Type text literally.
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-l", text]);
    }

    /// Type a command line into the shell and run it.
    pub fn run(&self, command: &str) {
        self.type_text(command);
        self.keys(&["Enter"]);
    }

    /// Wait for the app to exit back to the shell, and give its exit code.
    pub fn wait_for_exit(&self) -> String {
        // Keys typed while the app still runs would go to the app: wait for
        // the shell's prompt on the last line first.
        self.wait_for("the shell prompt after the app", |s| {
            s.lines().rfind(|l| !l.trim().is_empty()) == Some(PROMPT.trim_end())
        });
        self.run("echo \"exit=$?\"");
        let code = |s: &str| {
            s.lines().find_map(|l| {
                let rest = &l[l.find("exit=")? + 5..];
                rest.starts_with(|c: char| c.is_ascii_digit())
                    .then(|| rest.trim().to_string())
            })
        };
        let screen = self.wait_for("the app to exit", |s| code(s).is_some());
        code(&screen).unwrap_or_default()
    }

    /// A pane format variable, like `alternate_on` (tmux `#{...}`).
    pub fn pane_flag(&self, name: &str) -> String {
        let out = self.tmux(&["display-message", "-p", &format!("#{{{name}}}")]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// The pid of the app the pane's shell is running (its only child).
    pub fn app_pid(&self) -> libc::pid_t {
        let shell = self.pane_flag("pane_pid");
        let out = Command::new("pgrep")
            .args(["-P", &shell])
            .output()
            .expect("pgrep runs");
        let children: Vec<libc::pid_t> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect();
        assert_eq!(
            children.len(),
            1,
            "the shell ({shell}) runs one app: {children:?}"
        );
        children[0]
    }

    pub fn resize(&self, width: u16, height: u16) {
        self.tmux(&[
            "resize-window",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }

    pub fn only_session(&self) -> (PathBuf, Session) {
        let dir = self.data_dir().join("sessions");
        let files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("sessions dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let session = planner_tui::store::load(&files[0]).expect("the session loads");
        (files[0].clone(), session)
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}
