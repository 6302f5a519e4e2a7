//! End to end: the real binary in a real terminal (tmux), driven by keys as
//! a user would, read back from the screen. Each test runs its own tmux
//! server on a socket in a temp dir, with HOME, the XDG directories and the
//! data directory isolated there. Every wait is for explicit screen content,
//! polled every 50 ms up to a bounded timeout; a timeout fails with the
//! screen as it was.
//!
//! tmux is required: without it these tests fail and say so (CI installs it
//! in `.ci/run`).
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use planner_tui::plan::{Session, TaskId};

const BIN: &str = env!("CARGO_BIN_EXE_planner-tui");
const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/webhooks-spec.md"
);
const CONTEXT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/webhooks-context.md"
);
const TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);
/// What the pane's shell prints as its prompt.
const PROMPT: &str = "e2e$ ";

/// A tmux server of the test's own, with one window running `sh`.
struct Terminal {
    home: tempfile::TempDir,
    socket: PathBuf,
}

impl Terminal {
    fn start(width: u16, height: u16) -> Terminal {
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

    fn home(&self) -> &Path {
        self.home.path()
    }

    fn data_dir(&self) -> PathBuf {
        self.home().join("data")
    }

    /// Run tmux against this test's server, with the isolated environment
    /// (the server and its shell inherit it).
    fn tmux(&self, args: &[&str]) -> Output {
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

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p"]).stdout).into_owned()
    }

    /// Wait until the screen satisfies `ready`; fail with the screen if it
    /// does not within the timeout.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
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

    fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("`{text}`"), |s| s.contains(text))
    }

    /// Press keys (tmux key names: `Enter`, `Escape`, `C-s`, `K`).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Type text literally.
    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-l", text]);
    }

    /// Type a command line into the shell and run it.
    fn run(&self, command: &str) {
        self.type_text(command);
        self.keys(&["Enter"]);
    }

    /// Wait for the app to exit back to the shell, and give its exit code.
    fn wait_for_exit(&self) -> String {
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
    fn pane_flag(&self, name: &str) -> String {
        let out = self.tmux(&["display-message", "-p", &format!("#{{{name}}}")]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// The pid of the app the pane's shell is running (its only child).
    fn app_pid(&self) -> libc::pid_t {
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

    fn resize(&self, width: u16, height: u16) {
        self.tmux(&[
            "resize-window",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }

    fn only_session(&self) -> (PathBuf, Session) {
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

/// Both texts are on the screen, `a` on a row above `b` (first showings).
fn above(screen: &str, a: &str, b: &str) -> bool {
    let row = |text: &str| screen.lines().position(|l| l.contains(text));
    matches!((row(a), row(b)), (Some(x), Some(y)) if x < y)
}

fn ids(session: &Session) -> Vec<u32> {
    session.tasks.iter().map(|t| t.id.0).collect()
}

/// Titles the offline planner gives the example's first tasks.
const T1: &str = "Define the webhook types";
const T2: &str = "Create the webhook_endpoints";
const T5: &str = "Sign webhook payloads with HMAC-SHA256";

/// T5's row in the task list shows its dependency on T1.
fn depends_on_t1(screen: &str) -> bool {
    screen.lines().any(|l| l.contains(T5) && l.contains("← T1"))
}

/// Add a task from the Tasks pane: `a`, the title, Ctrl-s.
fn add_task(t: &Terminal, title: &str, id: &str) {
    t.keys(&["a"]);
    t.wait_text(&format!("New task {id}"));
    t.type_text(title);
    t.keys(&["C-s"]);
    t.wait_text(&format!("Added {id}."));
}

#[test]
fn plan_a_session_quit_resume_and_resize() {
    let t = Terminal::start(120, 40);
    // `new` in a terminal creates the session and opens it.
    t.run(&format!(
        "{BIN} new --title 'Outbound webhooks' --spec {SPEC} --context {CONTEXT}"
    ));
    t.wait_text("9 requirements");

    // Stage 2: the offline planner decomposes the spec; accept it all.
    t.keys(&["2"]);
    t.wait_text("2 Decompose");
    t.keys(&["r"]);
    t.wait_text("Proposal: Decompose the spec into tasks (offline heuristics)");
    t.keys(&["A"]);
    t.wait_text("proposed changes as one edit");
    t.wait_text(T2);
    // T2 moves above T1.
    t.keys(&["g", "j", "K"]);
    t.wait_for("T2 above T1", |s| above(s, T2, T1));
    // T5 (now fifth) comes to depend on T1 (second in the picker, from the top).
    t.keys(&["g", "j", "j", "j", "j", "e"]);
    t.wait_text("T5 depends on (0 picked)");
    t.keys(&["g", "j", "Space", "Enter"]);
    t.wait_for("T5's new dependency", |s| {
        s.contains("Updated T5's dependencies (1 change).") && depends_on_t1(s)
    });

    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "0", "quit exits 0");
    let (path, saved) = t.only_session();
    assert_eq!(ids(&saved)[..5], [2, 1, 3, 4, 5], "the order on disk");
    let deps: Vec<TaskId> = saved.tasks[4].depends_on.iter().map(|d| d.on).collect();
    assert!(
        deps.contains(&TaskId(1)),
        "the dependency on disk: {deps:?}"
    );
    assert!(
        !planner_tui::store::lock_path(&path).exists(),
        "the lock is released on quit"
    );

    // Start again: the list shows the session; Enter resumes it.
    t.run(&format!("clear; {BIN}"));
    t.wait_for("the session list", |s| {
        s.contains("Sessions (1)") && s.contains("Outbound webhooks")
    });
    t.keys(&["Enter"]);
    // Waits are on everything checked: a capture can land mid-frame.
    let screen = t.wait_for("the plan as it was left", |s| {
        s.contains(T5) && above(s, T2, T1) && depends_on_t1(s) && s.contains("2 Decompose")
    });

    // A smaller window: the layout follows. At 120 columns the stage bar
    // spells the stages out; at 80 it abbreviates them and the task list
    // shortens its columns; below 80×24 the app says the window is too small.
    assert!(
        screen.contains("3 Dependencies · 4 Ambiguities"),
        "{screen}"
    );
    t.resize(80, 24);
    t.wait_for("the 80x24 layout", |s| {
        s.contains("3 Deps 4 Ambig.")
            && s.contains("Depends…")
            && s.contains("Sign webhook")
            && s.contains("Enter edit  a add")
            && s.lines().count() <= 24
            && s.lines().all(|l| l.chars().count() <= 80)
    });
    t.resize(60, 20);
    t.wait_text("planner-tui needs at least 80×24; this one is 60×20.");
    t.resize(120, 40);
    t.wait_text("3 Dependencies · 4 Ambiguities");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "0");
}

#[test]
fn closing_the_terminal_saves_the_last_change() {
    let t = Terminal::start(120, 40);
    let file = t.home().join("plan.toml");
    t.run(&format!(
        "{BIN} --session {} new --title Hangup --spec {SPEC}",
        file.display()
    ));
    // The Spec pane's count, not the `new` command's own output above it:
    // keys sent before the app owns the terminal are lost.
    t.wait_text("requirements ·");
    t.keys(&["2"]);
    t.wait_text("┏ Tasks (0)");
    add_task(&t, "Written before the hangup", "T1");
    // The window goes away well within the save delay: SIGHUP must save.
    t.tmux(&["kill-server"]);
    let start = Instant::now();
    let saved = loop {
        let lock_gone = !planner_tui::store::lock_path(&file).exists();
        let session = planner_tui::store::load(&file).expect("loads");
        if lock_gone && !session.tasks.is_empty() {
            break session;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "the session was not saved after SIGHUP: {} tasks, lock {}",
            session.tasks.len(),
            if lock_gone { "gone" } else { "still there" }
        );
        std::thread::sleep(POLL);
    };
    assert_eq!(saved.tasks[0].title, "Written before the hangup");
}

#[test]
fn sigterm_saves_the_last_change_and_gives_the_terminal_back() {
    let t = Terminal::start(120, 40);
    // Without autosave only a quit, or the signal's own save, writes the plan.
    let config = t.home().join("config").join("planner-tui");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(config.join("config.toml"), "autosave = false\n").expect("config file");
    let file = t.home().join("plan.toml");
    t.run(&format!(
        "{BIN} --session {} new --title Terminated --spec {SPEC}",
        file.display()
    ));
    // The Spec pane's count, not the `new` command's own output above it:
    // keys sent before the app owns the terminal are lost.
    t.wait_text("requirements ·");
    t.keys(&["2"]);
    t.wait_text("┏ Tasks (0)");
    add_task(&t, "Written before SIGTERM", "T1");
    assert_eq!(
        t.pane_flag("alternate_on"),
        "1",
        "the app is on the alternate screen"
    );
    let before = planner_tui::store::load(&file).expect("loads");
    assert!(before.tasks.is_empty(), "nothing saved before the signal");
    let pid = t.app_pid();
    // SAFETY: kill(2) with a pid this test found as the pane shell's child.
    assert_eq!(
        unsafe { libc::kill(pid, libc::SIGTERM) },
        0,
        "signalled {pid}"
    );
    let start = Instant::now();
    let saved = loop {
        let lock_gone = !planner_tui::store::lock_path(&file).exists();
        let session = planner_tui::store::load(&file).expect("loads");
        if lock_gone && !session.tasks.is_empty() {
            break session;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "the session was not saved after SIGTERM: {} tasks, lock {}",
            session.tasks.len(),
            if lock_gone { "gone" } else { "still there" }
        );
        std::thread::sleep(POLL);
    };
    assert_eq!(saved.tasks[0].title, "Written before SIGTERM");
    assert_eq!(t.wait_for_exit(), "143", "128 + SIGTERM");
    // The terminal is the shell's again: main screen, no mouse reporting,
    // cursor shown, line editing back on.
    assert_eq!(
        t.pane_flag("alternate_on"),
        "0",
        "left the alternate screen"
    );
    assert_eq!(t.pane_flag("mouse_any_flag"), "0", "mouse reporting off");
    assert_eq!(t.pane_flag("cursor_flag"), "1", "cursor shown");
    t.run("stty -a | grep -q -- -icanon && echo tty=raw || echo tty=cooked");
    let mode = |s: &str| {
        s.lines()
            .map(str::trim)
            .find(|l| *l == "tty=raw" || *l == "tty=cooked")
            .map(str::to_string)
    };
    let screen = t.wait_for("the terminal mode", |s| mode(s).is_some());
    assert_eq!(mode(&screen).as_deref(), Some("tty=cooked"), "{screen}");
    assert!(!screen.contains("2 Decompose"), "the app is gone: {screen}");
}

#[test]
fn a_bad_key_binding_is_shown_at_start_and_the_defaults_run() {
    let t = Terminal::start(120, 40);
    let config = t.home().join("config").join("planner-tui");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(
        config.join("config.toml"),
        "[keys.tasks]\n\"x\" = \"delet_task\"\n",
    )
    .expect("config file");
    t.run(BIN);
    let screen = t.wait_text("[keys.tasks] \"x\" = \"delet_task\": there is no command");
    assert!(
        screen.contains("Your key bindings were not applied"),
        "{screen}"
    );
    // Closing the popup leaves the app running on the default keys.
    t.keys(&["Escape"]);
    t.wait_for("the popup to close", |s| {
        !s.contains("Your key bindings were not applied") && s.contains("No sessions yet")
    });
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "0");
}
