//! Files a user names that are not what they should be: a FIFO, a device or
//! a directory as the spec, the context, a session or an import, and files
//! over the documented size limits. Each is refused at once with a message
//! that names the file, says what is wrong and what to do; nothing waits.
mod cli_support;

use std::path::Path;
use std::time::Duration;

use cli_support::{Home, SPEC};
use planner_tui::input::{MAX_SESSION_BYTES, MAX_SPEC_BYTES};

/// Long enough for a slow debug build; a read of a FIFO would wait forever.
const BOUND: Duration = Duration::from_secs(30);

fn run(h: &Home, args: &[&str]) -> (i32, String) {
    let out = h.cmd().args(args).timeout(BOUND).output().expect("runs");
    assert!(
        out.status.code().is_some(),
        "`{}` did not finish within {BOUND:?}",
        args.join(" ")
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: mkfifo with a NUL-terminated path that lives for the call.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// A file of `size` bytes that takes no room on disk.
fn sparse(path: &Path, size: u64) {
    std::fs::File::create(path)
        .and_then(|f| f.set_len(size))
        .expect("sparse file");
}

#[cfg(unix)]
#[test]
fn a_fifo_as_spec_or_context_is_refused_at_once() {
    let h = Home::new();
    let fifo = h.path().join("spec.fifo");
    mkfifo(&fifo);
    let fifo = fifo.to_string_lossy().into_owned();
    let (code, err) = run(&h, &["new", "--title", "T", "--spec", &fifo]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!(
            "spec file {fifo} is a named pipe (FIFO), not a regular file"
        )),
        "{err}"
    );
    assert!(err.contains("save what it gives to a file first"), "{err}");
    let (code, err) = run(
        &h,
        &["new", "--title", "T", "--spec", SPEC, "--context", &fifo],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("context file {fifo} is a named pipe (FIFO)")),
        "{err}"
    );
    assert!(!h.data().join("sessions").exists(), "no session is created");
}

#[cfg(unix)]
#[test]
fn a_device_or_a_directory_is_refused_too() {
    let h = Home::new();
    let (code, err) = run(&h, &["new", "--title", "T", "--spec", "/dev/zero"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("spec file /dev/zero is a character device, not a regular file"),
        "{err}"
    );
    let dir = h.path().to_string_lossy().into_owned();
    let (code, err) = run(&h, &["new", "--title", "T", "--context", &dir]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("context file {dir} is a directory")),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_as_session_or_import_is_refused_at_once() {
    let h = Home::new();
    let fifo = h.path().join("plan.toml");
    mkfifo(&fifo);
    let fifo = fifo.to_string_lossy().into_owned();
    for args in [
        vec!["show", fifo.as_str()],
        vec!["check", fifo.as_str()],
        vec!["export", fifo.as_str(), "-o", "-"],
    ] {
        let (code, err) = run(&h, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(&format!(
                "session file {fifo} is a named pipe (FIFO), not a regular file"
            )),
            "{args:?}: {err}"
        );
    }
    let tasks = h.path().join("tasks.json");
    mkfifo(&tasks);
    let tasks = tasks.to_string_lossy().into_owned();
    let (code, err) = run(&h, &["import", &tasks]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("import file"), "{err}");
    assert!(err.contains("is a named pipe (FIFO)"), "{err}");
    let (code, err) = run(&h, &["check", &tasks]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("Taskmaster file {tasks} is a named pipe (FIFO)")),
        "{err}"
    );
}

#[test]
fn a_spec_over_the_limit_is_refused_with_its_size_and_the_limit() {
    let h = Home::new();
    let big = h.path().join("big.md");
    sparse(&big, MAX_SPEC_BYTES + 1);
    let big = big.to_string_lossy().into_owned();
    let (code, err) = run(&h, &["new", "--title", "T", "--spec", &big]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!(
            "spec file {big} is 8.1 MiB, more than the 8 MiB planner-tui reads; keep the parts of the spec this plan needs"
        )),
        "{err}"
    );
    let (code, err) = run(&h, &["new", "--title", "T", "--context", &big]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("context file {big} is 8.1 MiB")),
        "{err}"
    );
    // At the limit exactly, it is read (and found not to be text).
    let at = h.path().join("at.md");
    sparse(&at, MAX_SPEC_BYTES);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&at)
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"\xff"))
        .expect("a byte that is not UTF-8");
    let (code, err) = run(
        &h,
        &["new", "--title", "T", "--spec", &at.to_string_lossy()],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("is not UTF-8 text (invalid byte at line 1, column 1)"),
        "{err}"
    );
}

#[test]
fn a_session_file_over_the_limit_is_refused_before_it_is_read() {
    let h = Home::new();
    let big = h.path().join("huge.toml");
    sparse(&big, MAX_SESSION_BYTES + 1);
    let big = big.to_string_lossy().into_owned();
    let (code, err) = run(&h, &["show", &big]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!(
            "session file {big} is 128.1 MiB, more than the 128 MiB planner-tui reads; split the plan into several sessions"
        )),
        "{err}"
    );
}
