//! End to end: the real binary in a real terminal (tmux), driven by keys as
//! a user would, read back from the screen. Each test runs its own tmux
//! server on a socket in a temp dir, with HOME, the XDG directories and the
//! data directory isolated there. Every wait is for explicit screen content,
//! polled every 50 ms up to a bounded timeout; a timeout fails with the
//! screen as it was.
//!
//! tmux is required: without it these tests fail and say so (CI installs it
//! in `.ci/run`).
#[path = "tmux_support/mod.rs"]
mod tmux_support;

use std::time::Instant;

use planner_tui::plan::{Session, TaskId};
use tmux_support::{BIN, CONTEXT, POLL, SPEC, TIMEOUT, Terminal};

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
    // The title may be cut to the column, so the row is found by its start.
    let start = &T5[..24];
    screen
        .lines()
        .any(|l| l.contains(start) && l.contains("← T1"))
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
    stopped_by_a_signal_saves_and_gives_the_terminal_back(libc::SIGTERM, "SIGTERM", "143");
}

#[test]
fn sigint_saves_the_last_change_and_gives_the_terminal_back() {
    stopped_by_a_signal_saves_and_gives_the_terminal_back(libc::SIGINT, "SIGINT", "130");
}

/// `kill -<signal>` to the app: the last change is saved (autosave is off,
/// so only the signal's own save can write it), the lock released, the app
/// exits 128 + the signal, and the terminal is the shell's again.
fn stopped_by_a_signal_saves_and_gives_the_terminal_back(signal: i32, name: &str, code: &str) {
    let t = Terminal::start(120, 40);
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
    let title = format!("Written before {name}");
    add_task(&t, &title, "T1");
    assert_eq!(
        t.pane_flag("alternate_on"),
        "1",
        "the app is on the alternate screen"
    );
    let before = planner_tui::store::load(&file).expect("loads");
    assert!(before.tasks.is_empty(), "nothing saved before the signal");
    let pid = t.app_pid();
    // SAFETY: kill(2) with a pid this test found as the pane shell's child.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "signalled {pid}");
    let start = Instant::now();
    let saved = loop {
        let lock_gone = !planner_tui::store::lock_path(&file).exists();
        let session = planner_tui::store::load(&file).expect("loads");
        if lock_gone && !session.tasks.is_empty() {
            break session;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "the session was not saved after {name}: {} tasks, lock {}",
            session.tasks.len(),
            if lock_gone { "gone" } else { "still there" }
        );
        std::thread::sleep(POLL);
    };
    assert_eq!(saved.tasks[0].title, title);
    assert_eq!(t.wait_for_exit(), code, "128 + {name}");
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
