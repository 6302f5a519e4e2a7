//! The real binary, driven as a user would: commands, output, exit codes.
mod cli_support;

use cli_support::{CONTEXT, Home, SPEC};
use predicates::prelude::*;

/// `new` on the example spec and context; returns the new session's id.
fn new_webhooks(h: &Home) -> String {
    let out = h
        .cmd()
        .args([
            "new",
            "--title",
            "Outbound webhooks",
            "--spec",
            SPEC,
            "--context",
            CONTEXT,
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).expect("utf-8");
    let id = out
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("Created session "))
        .expect("id line");
    id.to_string()
}

#[test]
fn version_and_help_on_every_command() {
    let h = Home::new();
    h.cmd()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("planner-tui "));
    for sub in [&[][..], &["new"], &["list"], &["show"]] {
        h.cmd()
            .args(sub)
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: planner-tui"));
    }
}

#[test]
fn new_then_list_then_show() {
    let h = Home::new();
    let id = new_webhooks(&h);
    assert!(id.starts_with("outbound-webhooks"), "{id}");
    let file = h.data().join("sessions").join(format!("{id}.toml"));
    let text = std::fs::read_to_string(&file).expect("session written");
    assert!(
        text.starts_with("format_version = 3\n"),
        "format_version first:\n{text}"
    );

    h.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains(&id).and(predicate::str::contains("1 Gather")))
        .stdout(predicate::str::contains("Outbound webhooks"));

    let out = h
        .cmd()
        .args(["show", &id])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).expect("utf-8");
    assert!(out.contains("Requirements (9)"), "{out}");
    assert!(
        out.contains("FR-2  An account can register at most 10 endpoints per event type"),
        "{out}"
    );
    assert!(out.contains("Tasks (0, 0 dependencies)"), "{out}");
    // The same session by path.
    h.cmd()
        .arg("show")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("FR-6"));
}

#[test]
fn empty_list_says_how_to_start() {
    let h = Home::new();
    h.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("No sessions yet"));
}

#[test]
fn a_session_can_live_at_any_path() {
    let h = Home::new();
    let file = h.path().join("repo").join("plan.toml");
    h.cmd()
        .args(["new", "--title", "In repo", "--spec", SPEC, "--session"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("Created session plan"));
    assert!(file.exists());
    h.cmd()
        .arg("show")
        .arg("--session")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("In repo (plan)"));
    // Creating again refuses to overwrite it.
    h.cmd()
        .args(["new", "--title", "Again", "--session"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn missing_spec_file_is_a_clear_error() {
    let h = Home::new();
    h.cmd()
        .args(["new", "--title", "X", "--spec", "/nonexistent/spec.md"])
        .assert()
        .code(2)
        .stderr("planner-tui: error: cannot read spec file /nonexistent/spec.md: No such file or directory\n");
}

#[test]
fn non_utf8_spec_says_where() {
    let h = Home::new();
    let spec = h.path().join("latin1.md");
    std::fs::write(&spec, b"- first line\n- caf\xe9 au lait\n").expect("write");
    h.cmd()
        .args(["new", "--title", "X", "--spec"])
        .arg(&spec)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is not UTF-8 text (invalid byte at line 2, column 6)",
        ));
    assert!(
        !h.data().join("sessions").exists()
            || std::fs::read_dir(h.data().join("sessions"))
                .map(|d| d.count())
                .unwrap_or(0)
                == 0
    );
}

#[test]
fn unknown_session_points_to_list() {
    let h = Home::new();
    h.cmd()
        .args(["show", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope").and(predicate::str::contains("planner-tui list")));
}

#[test]
fn corrupt_session_names_line_and_column_and_is_left_untouched() {
    let h = Home::new();
    let file = h.path().join("broken.toml");
    let bytes = b"format_version = 1\nid = \"b\"\ntitle = \"B\"\ncreated = \"2026-11-25T10:00:00Z\"\nupdated = 12 x\n";
    std::fs::write(&file, bytes).expect("write");
    h.cmd().arg("show").arg(&file).assert().code(2).stderr(
        predicate::str::contains(file.display().to_string())
            .and(predicate::str::contains("line 5")),
    );
    assert_eq!(std::fs::read(&file).expect("read"), bytes);
}

#[test]
fn a_bad_config_file_is_reported_and_defaults_run() {
    let h = Home::new();
    let cfg = h.path().join("config.toml");
    std::fs::write(&cfg, "autosave = true\ncolour = \"red\"\n").expect("write");
    h.cmd()
        .arg("--config")
        .arg(&cfg)
        .arg("list")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "line 2, column 1: unknown field `colour`",
        ))
        .stderr(predicate::str::contains(
            "has 1 problem; everything else in it is used",
        ));
    h.cmd()
        .env("PLANNER_TUI_CONFIG", &cfg)
        .arg("list")
        .assert()
        .success()
        .stderr(predicate::str::contains("unknown field `colour`"));
}

#[test]
fn every_config_problem_is_reported_and_the_rest_of_the_file_is_used() {
    let h = Home::new();
    let cfg = h.path().join("config.toml");
    std::fs::write(
        &cfg,
        concat!(
            "autosave = \"sometimes\"\n",
            "log_level = \"loud\"\n",
            "\n",
            "[providers.p]\n",
            "kind = \"offline\"\n",
            "\n",
            "[providers.q]\n",
            "model = \"m\"\n",
        ),
    )
    .expect("write");
    let plan = h.path().join("plan.toml");
    h.cmd()
        .args(["new", "--title", "T", "--spec", SPEC, "--session"])
        .arg(&plan)
        .assert()
        .success();
    let out = h
        .cmd()
        .arg("--config")
        .arg(&cfg)
        .arg("run")
        .arg(&plan)
        .args(["decompose", "--provider", "p"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "[providers.p] is used: {err}");
    assert!(
        err.contains(&format!(
            "planner-tui: warning: {} has 3 problems; everything else in it is used:\n  line 1, column 12: invalid type: string \"sometimes\", expected a boolean; `autosave` keeps its default\n  line 2: log_level = \"loud\": expected error, warn, info, debug or trace; it keeps its default\n  line 7, column 1: missing field `kind`; [providers.q] is left out\n",
            cfg.display()
        )),
        "{err}"
    );
    let (code, _, err) = h.run(&[
        "--config",
        &cfg.to_string_lossy(),
        "run",
        &plan.to_string_lossy(),
        "decompose",
        "--provider",
        "q",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("[providers.q] is in the config file but could not be read (line 7, column 1: missing field `kind`"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2_without_a_panic() {
    let h = Home::new();
    // A word that is no command is a session to open: it must exist.
    h.cmd()
        .arg("frobnicate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("session `frobnicate` in "))
        .stderr(predicate::str::contains("not found"));
    h.cmd()
        .args(["frobnicate", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot come before a command"));
    h.cmd()
        .args(["new"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--title"));
    h.cmd()
        .args(["show"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("name a session"));
    h.cmd()
        .args(["new", "--title", "   "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("title is empty"));
}

/// Without a command the terminal app starts, which needs a terminal;
/// assert_cmd gives it pipes, as CI and scripts do.
#[test]
fn without_a_terminal_the_app_says_so_and_exits_2() {
    let h = Home::new();
    h.cmd()
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("planner-tui: not a terminal"))
        .stderr(predicate::str::contains("headless commands"));
    let id = new_webhooks(&h);
    h.cmd()
        .arg(&id)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a terminal"));
    // Nothing was locked or changed on the way out.
    let file = h.data().join("sessions").join(format!("{id}.toml"));
    assert!(
        !h.data()
            .join("sessions")
            .join(format!("{id}.toml.lock"))
            .exists()
    );
    let before = std::fs::read_to_string(&file).expect("session");
    h.cmd().arg("--session").arg(&file).assert().code(2);
    assert_eq!(std::fs::read_to_string(&file).expect("session"), before);
}

#[test]
fn control_sequences_in_the_spec_never_reach_the_terminal() {
    let h = Home::new();
    let spec = h.path().join("evil.md");
    std::fs::write(&spec, "- Send \u{1b}[31mred\u{1b}]52;c;aGk=\u{7} alerts\n").expect("write");
    let file = h.path().join("evil.toml");
    h.cmd()
        .args(["new", "--title", "Evil\u{1b}[2J", "--spec"])
        .arg(&spec)
        .arg("--session")
        .arg(&file)
        .assert()
        .success();
    let out = h
        .cmd()
        .arg("show")
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!out.contains(&0x1b), "no ESC byte in the output");
    assert!(!out.contains(&0x07), "no BEL byte in the output");
    let out = String::from_utf8(out).expect("utf-8");
    assert!(out.contains("Send ␛[31mred␛]52;c;aGk=� alerts"), "{out}");
}

/// A spec with every kind of section: `show` lists each kind under its own
/// heading, a requirement labelled like an ambiguity never answers to the
/// ambiguity's id, and `resolve A1` decides the ambiguity.
#[test]
fn show_lists_each_kind_and_ids_do_not_cross() {
    let h = Home::new();
    let spec = h.path().join("spec.md");
    std::fs::write(
        &spec,
        "# Albums\n\n## Requirements\n\n- **A1: Scheduled date** is stored with each album\n- FR-027.S3: Album titles are encrypted at rest\n\n\
         ## Out of scope\n\n- Video albums\n\n## Assumptions\n\n- Users already have accounts\n\n\
         ## Open questions\n\n- Q1: Which image sizes?\n\n## Key Entities\n\n- **Album**: a named group of photos\n\n\
         ## Clarifications\n\n- Q: How many photos per album? → A: At most 500.\n",
    )
    .expect("spec");
    let (code, out, err) = h.run(&["new", "--title", "Albums", "--spec", spec.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 found in the spec"), "{out}");
    let id = out
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("Created session "))
        .expect("id line")
        .to_string();
    let (_, show, _) = h.run(&["show", &id]);
    for expected in [
        "Requirements (2)",
        "  REQ-A1     Scheduled date is stored with each album",
        "  FR-027.S3  Album titles are encrypted at rest",
        "Out of scope (1)\n  X1  Video albums",
        "Assumptions (1)\n  AS1  Users already have accounts",
        "Open questions in the spec (1)\n  Q1  Which image sizes?",
        "Entities (1)\n  Album",
        "C1  Q: How many photos per album? → A: At most 500. (spec, line 26)",
    ] {
        assert!(show.contains(expected), "missing {expected:?} in:\n{show}");
    }
    // The offline ambiguity step takes up Q1 first, as ambiguity A1.
    let (code, out, err) = h.run(&["run", &id, "ambiguities", "--accept"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = h.run(&["resolve", &id, "A1", "--decide", "Thumbnails and full size"]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, show, _) = h.run(&["show", &id]);
    assert!(show.contains("The spec leaves Q1 open"), "{show}");
    assert!(show.contains("(decision on A1)"), "{show}");
    assert!(
        show.contains("REQ-A1"),
        "the requirement keeps its own id: {show}"
    );
}
