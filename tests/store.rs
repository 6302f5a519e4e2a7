//! Session files as a user meets them: saving and loading, bad files,
//! listing, ids and paths, the edit lock between processes, and saves that
//! are killed half-way.
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use planner_tui::plan::generate::{GenOptions, Rng, generate};
use planner_tui::plan::{
    Ambiguity, AmbiguityCategory, AmbiguityId, AmbiguityState, Constraint, ConstraintId,
    FORMAT_VERSION, PlanVersion, Session, Stage, TaskId, TaskStatus, Timestamp,
};
use planner_tui::store::{self, Store, StoreError};

/// Set in a child process started by one of these tests: what the child does.
const CHILD_ENV: &str = "PLANNER_TUI_STORE_TEST_CHILD";
/// Lines a child writes on stderr start with this; everything else is the test harness.
const MARK: &str = "@child ";
/// Longest we wait for a child to report anything.
const CHILD_TIMEOUT: Duration = Duration::from_secs(30);

fn rich_session() -> Session {
    let (mut s, _) = generate(&GenOptions::new(60, 150));
    s.id = "webhooks".into();
    s.title = "Webhook delivery \"v2\" — retries, signing & 'quotes'".into();
    s.stage = Stage::Resolve;
    s.spec.text = "# Webhooks\n\n- Deliver events.\n- Retry with backoff.\n\"\"\" [[tasks]] '''\n\ttabbed\\\n".into();
    s.spec.context = "Rust service, Postgres.\r\nWindows line ending above.".into();
    s.spec.constraints.push(Constraint {
        id: ConstraintId(1),
        text: "Use the existing queue".into(),
        from: None,
        spec: None,
    });
    s.tasks[3].status = TaskStatus::InProgress;
    s.tasks[4].source_id = Some("5.2".into());
    s.tasks[5].verification = None;
    let mut resolved = Ambiguity::new(
        AmbiguityId(1),
        AmbiguityCategory::ExternalDependency,
        "Receiver may be down",
    );
    resolved.state = AmbiguityState::Resolved {
        decision: "Retry 5 times".into(),
    };
    resolved.affects = vec![TaskId(2), TaskId(3)];
    let mut deferred = Ambiguity::new(
        AmbiguityId(2),
        AmbiguityCategory::Underspecified,
        "Payload size limit",
    );
    deferred.state = AmbiguityState::Deferred {
        reason: "ask the API team".into(),
    };
    let open = Ambiguity::new(
        AmbiguityId(3),
        AmbiguityCategory::Assumption,
        "Events are ordered",
    );
    s.ambiguities = vec![resolved, deferred, open];
    s.versions.push(PlanVersion {
        number: 1,
        locked_at: Timestamp(1_764_100_000),
        note: "first lock".into(),
        tasks: s.tasks[..3].to_vec(),
        constraints: s.spec.constraints.clone(),
    });
    s.counters.next_ambiguity = 4;
    s.counters.next_constraint = 2;
    s.updated = Timestamp(1_764_200_000);
    s
}

fn small_session(id: &str, title: &str, tasks: usize, stage: Stage, updated: i64) -> Session {
    let (mut s, _) = generate(&GenOptions::new(tasks, tasks * 2));
    s.id = id.into();
    s.title = title.into();
    s.stage = stage;
    s.updated = Timestamp(updated);
    s
}

#[test]
fn a_saved_session_loads_back_equal_and_updated_is_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("not/yet/there/webhooks.toml");
    let s = rich_session();
    store::save(&path, &s).expect("save creates the directories");
    let text = fs::read_to_string(&path).expect("read");
    assert!(
        text.starts_with(&format!("format_version = {FORMAT_VERSION}\n")),
        "{}",
        &text[..80]
    );
    assert_eq!(store::load(&path).expect("load"), s);
    assert_eq!(
        store::load(&path).expect("load").updated,
        Timestamp(1_764_200_000)
    );
}

#[test]
fn a_file_missing_optional_fields_loads_and_its_counters_are_raised() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hand.toml");
    // No counters, no spec text, no status, kinds or verification: all optional.
    let text = r#"format_version = 1
id = "hand"
title = "Written by hand"
created = "2026-01-02T03:04:05Z"
updated = "2026-01-02T03:04:05Z"
stage = "decompose"

[spec]

[[tasks]]
id = "T4"
title = "Create the table"

[[tasks]]
id = "T9"
title = "Use the table"
depends_on = ["T4:schema"]
"#;
    fs::write(&path, text).expect("write");
    let s = store::load(&path).expect("loads");
    assert_eq!(s.tasks.len(), 2);
    assert_eq!(s.stage, Stage::Decompose);
    assert_eq!(
        s.next_task_id(),
        TaskId(10),
        "a new task must not reuse T4 or T9"
    );
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        text,
        "loading never writes"
    );
}

/// The file's bytes and modification time, to prove a failed load left it alone.
fn fingerprint(path: &Path) -> (Vec<u8>, std::time::SystemTime) {
    let meta = fs::metadata(path).expect("stat");
    (
        fs::read(path).expect("read"),
        meta.modified().expect("mtime"),
    )
}

#[test]
fn a_corrupted_file_is_reported_with_line_and_column_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.toml");
    store::save(&path, &rich_session()).expect("save");
    let text = fs::read_to_string(&path).expect("read");
    // Break the 12th `[[tasks]]` block's title line: drop its `=`.
    let (n, line) = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("title = "))
        .nth(12)
        .expect("a task title");
    let broken = text.replacen(line, &line.replacen(" = ", " ", 1), 1);
    fs::write(&path, &broken).expect("write");
    let before = fingerprint(&path);

    let err = store::load(&path).expect_err("a broken file does not load");
    let StoreError::Parse {
        path: p,
        line: l,
        column,
        message,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(p, &path);
    assert_eq!(*l, n + 1, "{err}");
    assert_eq!(*column, 7, "just after `title`: {err}");
    assert!(message.contains("expected"), "{message}");
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!(
            "cannot read session {}: line {}, column 7: ",
            path.display(),
            n + 1
        )),
        "{shown}"
    );
    assert!(!shown.contains('\n'), "one line: {shown}");
    assert_eq!(
        fingerprint(&path),
        before,
        "the file is byte-for-byte untouched"
    );
}

#[test]
fn a_wrong_value_names_where_it_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad-dep.toml");
    store::save(&path, &rich_session()).expect("save");
    let text = fs::read_to_string(&path).expect("read");
    let bad = text.replacen("depends_on = [\"", "depends_on = [\"X", 1);
    fs::write(&path, &bad).expect("write");
    let line = bad
        .lines()
        .position(|l| l.contains("[\"X"))
        .expect("the bad line")
        + 1;
    let err = store::load(&path).expect_err("X is not a task id");
    // The parser points at the list holding the bad entry.
    assert!(
        matches!(&err, StoreError::Parse { line: l, column: 14, .. } if *l == line),
        "{err:?}"
    );
    assert!(err.to_string().contains("not a valid task id"), "{err}");
}

#[test]
fn a_file_from_a_newer_planner_tui_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("future.toml");
    let text = "format_version = 4\nid = \"future\"\nshiny_new_field = true\n";
    fs::write(&path, text).expect("write");
    let before = fingerprint(&path);
    let err = store::load(&path).expect_err("newer format");
    assert!(
        matches!(
            err,
            StoreError::TooNew {
                found: 4,
                supported: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with(&format!(
            "{} was written by a newer planner-tui (format version 4; this one reads up to 3)",
            path.display()
        )),
        "{err}"
    );
    assert_eq!(fingerprint(&path), before);
}

#[test]
fn a_file_that_is_not_utf8_says_where() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("latin1.toml");
    let mut bytes = b"format_version = 1\nid = \"x\"\ntitle = \"x\"\n# caf\xe9 and more\n".to_vec();
    bytes.extend_from_slice(b"stage = \"gather\"\n");
    fs::write(&path, &bytes).expect("write");
    let before = fingerprint(&path);
    let err = store::load(&path).expect_err("not UTF-8");
    assert_eq!(
        err.to_string(),
        format!(
            "{} is not UTF-8 text (invalid byte at line 4, column 6)",
            path.display()
        )
    );
    assert_eq!(fingerprint(&path), before);
}

#[test]
fn a_missing_file_names_the_file() {
    let err = store::load(Path::new("/nonexistent/planner/x.toml")).expect_err("missing");
    assert!(
        err.to_string()
            .starts_with("cannot read session /nonexistent/planner/x.toml: "),
        "{err}"
    );
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.toml");
    let first = small_session("s", "First", 3, Stage::Gather, 10);
    store::create(&path, &first).expect("create a new file");
    let before = fingerprint(&path);
    let err = store::create(&path, &small_session("s", "Second", 3, Stage::Gather, 20))
        .expect_err("exists");
    assert!(
        matches!(&err, StoreError::AlreadyExists { path: p } if p == &path),
        "{err:?}"
    );
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(fingerprint(&path), before);
    assert_eq!(store::load(&path).expect("load").title, "First");
}

#[test]
fn the_listing_is_newest_first_and_shows_broken_files_without_failing() {
    let data = tempfile::tempdir().expect("temp dir");
    let st = Store::new(data.path());
    assert_eq!(st.sessions_dir(), data.path().join("sessions"));
    assert!(
        st.list()
            .expect("a missing directory lists nothing")
            .is_empty()
    );

    let sessions = [
        small_session("old", "Old plan", 5, Stage::Gather, 1_000),
        small_session("newest", "Newest plan", 40, Stage::Verification, 3_000),
        small_session("middle", "Middle plan", 0, Stage::Decompose, 2_000),
    ];
    for s in &sessions {
        store::save(&st.path_for_id(&s.id), s).expect("save");
    }
    let dir = st.sessions_dir();
    fs::write(dir.join("broken.toml"), "format_version = 1\ntitle = \n").expect("write broken");
    fs::write(dir.join("future.toml"), "format_version = 9\ntitle = \"F\"\nstage = \"gather\"\nupdated = \"1970-01-01T01:00:00Z\"\n")
        .expect("write future");
    // Not sessions: a temp file, a lock file, notes.
    fs::write(dir.join(".old.toml.123.abcdef.tmp"), "partial").expect("write temp");
    fs::write(dir.join("old.toml.lock"), "pid=1\n").expect("write lock");
    fs::write(dir.join("notes.txt"), "hello").expect("write notes");

    let list = st.list().expect("list");
    let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
    // The broken file's last change is unknown: its modification time (now) stands in.
    assert_eq!(
        ids,
        ["broken", "future", "newest", "middle", "old"],
        "{list:#?}"
    );

    let newest = &list[2];
    assert_eq!(newest.title, "Newest plan");
    assert_eq!(newest.stage, Stage::Verification);
    assert_eq!(newest.tasks, 40);
    assert_eq!(newest.updated, Timestamp(3_000));
    assert_eq!(newest.path, dir.join("newest.toml"));
    assert_eq!(newest.error, None);
    assert_eq!(list[3].tasks, 0);

    let future = &list[1];
    assert_eq!(future.title, "F");
    assert!(
        future
            .error
            .as_deref()
            .is_some_and(|e| e.contains("newer planner-tui")),
        "{future:?}"
    );

    let broken = &list[0];
    assert_eq!((broken.title.as_str(), broken.tasks), ("broken", 0));
    let error = broken.error.as_deref().expect("with its error");
    assert!(error.contains("broken.toml: line 2, column"), "{error}");
}

#[test]
fn resolve_takes_ids_and_paths() {
    let data = tempfile::tempdir().expect("temp dir");
    let st = Store::new(data.path());
    let s = small_session("webhooks", "Webhooks", 2, Stage::Gather, 1);
    store::save(&st.path_for_id("webhooks"), &s).expect("save");

    assert_eq!(
        st.resolve("webhooks").expect("by id"),
        data.path().join("sessions/webhooks.toml")
    );
    assert_eq!(
        st.resolve("plans/new.toml").expect("a path"),
        PathBuf::from("plans/new.toml")
    );
    assert_eq!(
        st.resolve("new.toml").expect("a .toml name is a path"),
        PathBuf::from("new.toml")
    );
    let abs = data.path().join("elsewhere");
    fs::write(&abs, "x").expect("write");
    let abs = abs.to_str().expect("utf-8 temp path");
    assert_eq!(
        st.resolve(abs).expect("an existing file"),
        PathBuf::from(abs)
    );

    let err = st.resolve("nope").expect_err("unknown id");
    assert!(matches!(err, StoreError::NotFound { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("session `nope`") && msg.contains("planner-tui list"),
        "{msg}"
    );
}

#[test]
fn new_ids_are_slugs_with_a_suffix_and_never_taken() {
    let data = tempfile::tempdir().expect("temp dir");
    let st = Store::new(data.path());
    let mut seen = std::collections::HashSet::new();
    for _ in 0..200 {
        let id = st.new_id("Webhook delivery!");
        let suffix = id.strip_prefix("webhook-delivery-").expect("slug first");
        assert_eq!(suffix.len(), 4, "{id}");
        assert!(
            suffix
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
            "{id}"
        );
        assert!(!st.path_for_id(&id).exists(), "{id} is taken");
        store::create(
            &st.path_for_id(&id),
            &small_session(&id, "W", 0, Stage::Gather, 0),
        )
        .expect("create");
        assert!(seen.insert(id));
    }
    assert!(st.new_id("???").starts_with("session-"));
}

// ---- processes ----------------------------------------------------------

/// Start this test binary again, running only `test`, as a child with `role`.
fn spawn_self(test: &str, role: &str, stdin: Stdio) -> Child {
    let exe = std::env::current_exe().expect("the test binary's path");
    Command::new(exe)
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, role)
        .stdin(stdin)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start child")
}

/// The child's marked stderr lines, delivered as they come.
fn child_lines(child: &mut Child) -> (mpsc::Receiver<String>, std::thread::JoinHandle<()>) {
    let stderr = child.stderr.take().expect("stderr is piped");
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(msg) = line.strip_prefix(MARK)
                && tx.send(msg.to_string()).is_err()
            {
                break;
            }
        }
    });
    (rx, reader)
}

fn say(msg: impl std::fmt::Display) {
    eprintln!("\n{MARK}{msg}");
}

fn expect_line(rx: &mpsc::Receiver<String>, what: &str) -> String {
    rx.recv_timeout(CHILD_TIMEOUT)
        .unwrap_or_else(|e| panic!("the child did not say `{what}`: {e}"))
}

/// The child's part of the lock tests: hold the lock until stdin closes.
fn hold_lock_until_stdin_closes(path: &Path) {
    let held = store::lock(path).expect("child locks");
    say("locked");
    let mut sink = String::new();
    let _ = std::io::stdin().read_line(&mut sink);
    drop(held);
    say("released");
}

#[test]
fn a_session_open_in_another_process_is_locked_until_it_closes() {
    if let Ok(role) = std::env::var(CHILD_ENV) {
        return hold_lock_until_stdin_closes(Path::new(&role));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("shared.toml");
    let mut child = spawn_self(
        "a_session_open_in_another_process_is_locked_until_it_closes",
        path.to_str().expect("utf-8"),
        Stdio::piped(),
    );
    let (rx, reader) = child_lines(&mut child);
    expect_line(&rx, "locked");

    let err = store::lock(&path).expect_err("the child holds it");
    assert_eq!(
        err.to_string(),
        format!(
            "session shared is open in another planner-tui (pid {})",
            child.id()
        )
    );

    drop(child.stdin.take()); // the child lets go
    assert_eq!(expect_line(&rx, "released"), "released");
    assert!(child.wait().expect("child exits").success());
    reader.join().expect("reader");
    let ours = store::lock(&path).expect("free again");
    assert!(
        fs::read_to_string(ours.path())
            .expect("read lock")
            .contains(&format!("pid={}", std::process::id()))
    );
}

#[test]
fn a_lock_left_by_a_killed_process_is_taken_over() {
    if let Ok(role) = std::env::var(CHILD_ENV) {
        return hold_lock_until_stdin_closes(Path::new(&role));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("crashed.toml");
    let mut child = spawn_self(
        "a_lock_left_by_a_killed_process_is_taken_over",
        path.to_str().expect("utf-8"),
        Stdio::piped(),
    );
    let (rx, reader) = child_lines(&mut child);
    expect_line(&rx, "locked");
    let pid = child.id();
    child.kill().expect("SIGKILL the child");
    child.wait().expect("reap the child");
    reader.join().expect("reader");

    let lock_file = store::lock_path(&path);
    let left = fs::read_to_string(&lock_file).expect("the dead child's lock file is still there");
    assert!(left.contains(&format!("pid={pid}")), "{left}");
    let ours = store::lock(&path).expect("a dead holder's lock is taken over");
    assert!(
        fs::read_to_string(ours.path())
            .expect("read lock")
            .contains(&format!("pid={}", std::process::id()))
    );
    drop(ours);
    assert!(!lock_file.exists());
}

/// The session the kill test's child writes as save number `i`: sizes and
/// contents differ from one number to the next.
fn numbered_version(i: u64) -> Session {
    let tasks = 40 + (i % 13) as usize;
    let mut s = small_session(
        "kill",
        &format!("version {i}"),
        tasks,
        Stage::Decompose,
        i as i64,
    );
    s.spec.text = format!("Spec text of version {i}.\n").repeat((i % 5) as usize + 1);
    s
}

/// Which version `session` is, if it is exactly one of `candidates`.
fn which(session: &Session, candidates: &[u64]) -> Option<u64> {
    candidates
        .iter()
        .copied()
        .find(|&i| numbered_version(i) == *session)
}

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("list dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_session() {
    if let Ok(role) = std::env::var(CHILD_ENV) {
        let (path, first) = role.split_once('|').expect("path|first");
        let first: u64 = first.parse().expect("first version");
        for i in first.. {
            store::save(Path::new(path), &numbered_version(i)).expect("child saves");
            say(i);
        }
        return;
    }
    const ROUNDS: u64 = 200;
    const MIN_ROUNDS: u64 = 50;
    let deadline = Instant::now() + Duration::from_secs(120);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |d| d.as_nanos() as u64);
    let mut rng = Rng::new(seed);
    eprintln!("kill test seed {seed}");

    let data = tempfile::tempdir().expect("temp dir");
    let st = Store::new(data.path());
    let path = st.path_for_id("kill");
    let mut current = 0;
    // Kill moments are drawn from about one save's duration, measured here.
    let started = Instant::now();
    for i in 0..5 {
        store::save(&path, &numbered_version(i)).expect("save");
    }
    store::save(&path, &numbered_version(current)).expect("first save");
    let save_micros = (started.elapsed().as_micros() / 6).max(1) as usize;

    let (mut rounds, mut torn_writes, mut in_flight_won) = (0, 0, 0);
    while rounds < ROUNDS && Instant::now() < deadline {
        let first = (rounds + 1) * 1_000_000;
        let role = format!("{}|{first}", path.display());
        let mut child = spawn_self(
            "a_save_killed_at_any_moment_leaves_the_old_or_the_new_session",
            &role,
            Stdio::null(),
        );
        let (rx, reader) = child_lines(&mut child);
        // Let it finish 0 to 3 saves, then kill it a random instant into the next.
        let mut done = None;
        for _ in 0..rng.below(4) {
            let line = expect_line(&rx, "a save number");
            done = Some(line.parse::<u64>().expect("a save number"));
        }
        std::thread::sleep(Duration::from_micros(rng.below(save_micros * 3 / 2) as u64));
        child.kill().expect("SIGKILL the child");
        child.wait().expect("reap the child");
        reader.join().expect("reader");
        done = rx.try_iter().filter_map(|l| l.parse().ok()).last().or(done);

        if temp_files(st.sessions_dir())
            .iter()
            .any(|n| n.contains(&format!(".{}.", child.id())))
        {
            torn_writes += 1;
        }
        // Saved `done` at least; maybe also the next one before it could say so.
        let candidates = match done {
            Some(d) => vec![d, d + 1],
            None => vec![current, first],
        };
        let loaded =
            store::load(&path).unwrap_or_else(|e| panic!("round {rounds} (seed {seed}): {e}"));
        let version = which(&loaded, &candidates).unwrap_or_else(|| {
            panic!(
                "round {rounds} (seed {seed}): file is `{}`, expected one of {candidates:?}",
                loaded.title
            )
        });
        if Some(version) != done && version != current {
            in_flight_won += 1;
        }
        current = version;
        rounds += 1;
    }
    eprintln!(
        "{rounds} rounds, saves of ~{save_micros} µs; {torn_writes} kills mid-write; {in_flight_won} kills after an unreported rename"
    );
    assert!(
        rounds >= MIN_ROUNDS,
        "only {rounds} rounds in the time allowed"
    );
    assert!(
        torn_writes > 0,
        "no kill landed in the middle of a write (seed {seed}): the test proved nothing"
    );

    let list = st.list().expect("list");
    assert_eq!(list.len(), 1, "temp files are never listed: {list:#?}");
    assert_eq!(list[0].error, None);
    assert_eq!(list[0].title, format!("version {current}"));
    // Saving sweeps the temp files that killed writers left behind.
    store::save(&path, &numbered_version(current)).expect("save");
    assert_eq!(temp_files(st.sessions_dir()), Vec::<String>::new());
}

#[test]
fn a_version_1_file_has_its_spec_read_again_keeping_ids() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.toml");
    // Written by a version 1 reader: every bullet was a requirement, markup kept.
    let text = r#"format_version = 1
id = "old"
title = "Old"
created = "2026-01-02T03:04:05Z"
updated = "2026-01-02T03:04:05Z"
stage = "decompose"

[counters]
next_task = 2
next_ambiguity = 1
next_constraint = 1
next_requirement = 3

[spec]
text = """
## Requirements
- FR-1: Export orders as `CSV`
- Keep a log of every export

## Out of scope
- Printing
"""

[[spec.requirements]]
id = "FR-1"
text = "Export orders as `CSV`"
line = 2

[[spec.requirements]]
id = "R1"
text = "Keep a log of every export"
line = 3

[[spec.requirements]]
id = "R2"
text = "Printing"
line = 6

[[tasks]]
id = "T1"
title = "Write the CSV exporter"
covers = ["FR-1", "R1"]
"#;
    fs::write(&path, text).expect("write");
    let s = store::load(&path).expect("loads");
    let reqs: Vec<(&str, &str)> = s
        .spec
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r.text.as_str()))
        .collect();
    assert_eq!(
        reqs,
        [
            ("FR-1", "Export orders as CSV"),
            ("R1", "Keep a log of every export")
        ],
        "labels and unchanged texts keep their ids; the exclusion is no longer a requirement"
    );
    assert_eq!(s.spec.exclusions.len(), 1);
    assert_eq!(s.spec.exclusions[0].text, "Printing");
    assert_eq!(s.format_version, planner_tui::plan::FORMAT_VERSION);
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        text,
        "loading never writes"
    );
}
