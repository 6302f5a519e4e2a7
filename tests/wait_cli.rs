//! `--wait SECS`: a command that edits a session another planner-tui has
//! open waits for it (up to SECS, default 5) instead of failing at once,
//! says so on stderr, and fails with the usual message if it is still open.
mod cli_support;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cli_support::Home;
use planner_tui::plan::{Session, Task, TaskId, Timestamp};

/// Bound on every wait for the child: generous for a slow debug build.
const BOUND: Duration = Duration::from_secs(60);

fn one_task_plan(h: &Home) -> std::path::PathBuf {
    let mut s = Session::new("waits", "Waits", Timestamp(1_764_000_000));
    let mut t = Task::new(TaskId(1), "Define the types");
    t.produces = vec!["src/types.rs".into()];
    t.verification = Some("cargo test types".into());
    s.tasks.push(t);
    s.counters.next_task = 2;
    h.save_plan(&s)
}

#[test]
fn a_locked_session_is_waited_for_and_then_edited() {
    let h = Home::new();
    let plan = one_task_plan(&h);
    let held = planner_tui::store::lock(&plan).expect("the test holds the lock");
    let mut child = h
        .std_cmd()
        .arg("lock")
        .arg(&plan)
        .args(["--note", "v1", "--yes", "--wait", "60"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let stderr = child.stderr.take().expect("stderr");
    let (lines, seen) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    // Let go of the lock only once the command says it is waiting.
    let waiting = loop {
        let line = seen.recv_timeout(BOUND).expect("the command says it waits");
        if line.contains("waiting up to") {
            break line;
        }
    };
    assert!(
        waiting.contains(&format!(
            "{} is open in another planner-tui (pid {}); waiting up to 60 s for it",
            plan.display(),
            std::process::id()
        )),
        "{waiting}"
    );
    drop(held);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("child") {
            break status;
        }
        assert!(start.elapsed() < BOUND, "the command did not finish");
        std::thread::sleep(Duration::from_millis(20));
    };
    reader.join().expect("reader");
    assert!(status.success(), "{status}");
    assert_eq!(h.load_plan().versions.len(), 1, "locked as version 1");
    assert!(
        !planner_tui::store::lock_path(&plan).exists(),
        "lock released"
    );
}

#[test]
fn a_session_still_locked_after_the_wait_fails_with_the_usual_message() {
    let h = Home::new();
    let plan = one_task_plan(&h);
    let _held = planner_tui::store::lock(&plan).expect("the test holds the lock");
    let before = std::fs::read(&plan).expect("plan");
    let start = Instant::now();
    let (code, _, err) = h.run(&[
        "lock",
        &plan.to_string_lossy(),
        "--note",
        "v1",
        "--yes",
        "--wait",
        "0.3",
    ]);
    assert!(start.elapsed() >= Duration::from_millis(300), "it waited");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!(
            "planner-tui: error: session plan is open in another planner-tui (pid {})",
            std::process::id()
        )),
        "{err}"
    );
    assert!(
        err.contains("caused by: waited 0.3 s for it to close; close it there, or give --wait SECS to wait longer"),
        "{err}"
    );
    assert_eq!(std::fs::read(&plan).expect("plan"), before, "unchanged");

    // --wait 0 does not wait; the other writers take --wait too.
    let (code, _, err) = h.run(&[
        "lock",
        &plan.to_string_lossy(),
        "--note",
        "v1",
        "--wait",
        "0",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("waiting up to"), "{err}");
    assert!(err.contains("--wait 0: not waited for"), "{err}");
    for args in [
        vec!["resolve", "PLAN", "A1", "--reopen", "--wait", "0"],
        vec!["run", "PLAN", "verify", "--accept", "--wait", "0"],
        vec!["check", "PLAN", "--fix", "--wait", "0"],
    ] {
        let args: Vec<String> = args
            .iter()
            .map(|a| a.replace("PLAN", &plan.to_string_lossy()))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, err) = h.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("is open in another planner-tui"),
            "{args:?}: {err}"
        );
    }
}
