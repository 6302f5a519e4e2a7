//! Terminal injection through the command line: a session whose every text
//! (spec, context, requirements, task titles, descriptions, outputs,
//! verification, ambiguities, constraints) carries escape sequences, C1
//! controls, bidi overrides and zero-width characters, and a model server
//! that answers or fails with them. `show`, `check` and `run` must print
//! none of them: each appears as a visible placeholder instead.
#[path = "llm_support/mod.rs"]
mod llm_support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use planner_tui::plan::{
    Ambiguity, AmbiguityCategory, Constraint, DepKind, Dependency, Edit, Session, Task, TaskId,
    Timestamp, apply,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Clear screen, an OSC 52 clipboard write, an OSC 8 link, a C1 CSI, a
/// right-to-left override and a zero-width space.
const EVIL: &str = "\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\\u{9b}31m\u{202e}gpj.exe\u{200b}!";

/// Pieces of EVIL that must never reach the terminal.
const FORBIDDEN: [(&str, &str); 7] = [
    ("\x1b[2J", "clear screen"),
    ("\x1b]", "an OSC sequence"),
    ("\x07", "BEL"),
    ("\u{9b}", "C1 CSI"),
    ("\u{202e}", "a right-to-left override"),
    ("\u{200b}", "a zero-width space"),
    ("\x1b\\", "a string terminator"),
];

fn evil(what: &str) -> String {
    format!("{what} {EVIL}")
}

fn session() -> Session {
    let mut s = Session::new("evil", evil("Title"), Timestamp(1_764_000_000));
    let spec = format!(
        "# Export\n\n- FR-1: Export notes as Markdown {EVIL}\n- FR-2: Export notes as JSON.\n"
    );
    let edits = vec![
        Edit::SetSpecText { text: spec },
        Edit::SetContext {
            text: evil("Context"),
        },
    ];
    for e in edits {
        apply(&mut s, e).expect("spec edit");
    }
    for i in 0..3u32 {
        let mut t = Task::new(TaskId(i + 1), evil(&format!("Task {}", i + 1)));
        t.description = evil("Description");
        t.produces = vec![evil("src/out.rs")];
        t.verification = Some(evil("cargo test"));
        if i > 0 {
            t.depends_on = vec![Dependency::new(TaskId(i), DepKind::Interface)];
        }
        apply(
            &mut s,
            Edit::AddTask {
                index: i as usize,
                task: t,
            },
        )
        .expect("task");
    }
    let mut a = Ambiguity::new(
        s.next_ambiguity_id(),
        AmbiguityCategory::Underspecified,
        evil("Summary"),
    );
    a.risk = evil("Risk");
    a.resolution_hint = evil("Hint");
    a.affects = vec![TaskId(2)];
    apply(&mut s, Edit::AddAmbiguity { ambiguity: a }).expect("ambiguity");
    let constraint = Constraint {
        id: s.next_constraint_id(),
        text: evil("Constraint"),
        from: None,
        spec: None,
    };
    apply(&mut s, Edit::AddConstraint { constraint }).expect("constraint");
    s
}

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        let h = Home {
            dir: tempfile::tempdir().expect("tmp"),
        };
        planner_tui::store::save(&h.plan(), &session()).expect("saved");
        h
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn plan(&self) -> PathBuf {
        self.path().join("evil.toml")
    }
    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("planner-tui").expect("binary");
        c.env_clear()
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_STATE_HOME", self.path().join("state"))
            .env("PLANNER_TUI_DATA_DIR", self.path().join("data"))
            .env("TEST_MODEL_KEY", "sk-injection-test");
        c
    }
    fn config_for(&self, server: &MockServer) -> PathBuf {
        let cfg = self.path().join("config.toml");
        let text = format!(
            "[providers.test]\nkind = \"openai\"\nbase_url = \"{}/v1\"\nmodel = \"test-model\"\napi_key_env = \"TEST_MODEL_KEY\"\nmax_retries = 0\n",
            server.uri()
        );
        std::fs::write(&cfg, text).expect("config");
        cfg
    }
}

/// Runs `cmd` and returns (exit code, stdout + stderr).
fn output(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().expect("ran");
    let mut all = out.stdout.clone();
    all.extend_from_slice(&out.stderr);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(all).expect("planner-tui prints UTF-8"),
    )
}

/// No injected sequence, and no ESC at all unless `sgr` allows planner-tui's
/// own colour codes (`ESC [ digits ; … m`).
fn assert_clean(what: &str, out: &str, sgr: bool) {
    for (piece, name) in FORBIDDEN {
        assert!(!out.contains(piece), "{what} printed {name}:\n{out:?}");
    }
    for c in out.chars() {
        // `\r` is planner-tui's own progress line on stderr.
        let bad = matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{c}' | '\u{e}'..='\u{1a}' | '\u{1c}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{feff}');
        assert!(!bad, "{what} printed U+{:04X}:\n{out:?}", c as u32);
    }
    let mut rest = out;
    while let Some(at) = rest.find('\x1b') {
        assert!(sgr, "{what} printed ESC without colour on:\n{out:?}");
        let seq = &rest[at + 1..];
        let body: String = seq
            .strip_prefix('[')
            .unwrap_or_else(|| panic!("{what}: ESC not starting CSI:\n{out:?}"))
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ';')
            .collect();
        assert!(
            seq[1 + body.len()..].starts_with('m'),
            "{what}: an escape that is not a colour code: {:?}",
            &seq[..seq.len().min(20)]
        );
        rest = &seq[1 + body.len() + 1..];
    }
}

#[test]
fn show_prints_every_text_with_placeholders() {
    let h = Home::new();
    let (code, out) = output(h.cmd().arg("show").arg(h.plan()));
    assert_eq!(code, 0, "{out}");
    assert_clean("show", &out, false);
    assert!(out.contains("␛[2J"), "the ESC is shown as ␛: {out}");
    for piece in ["Title", "Task 1", "Summary", "Constraint", "Export notes"] {
        assert!(out.contains(piece), "{piece} is still shown: {out}");
    }
}

#[test]
fn check_text_json_and_colour_are_clean() {
    let h = Home::new();
    for color in ["never", "always"] {
        let (_, out) = output(h.cmd().arg("check").arg(h.plan()).args(["--color", color]));
        assert_clean(&format!("check --color {color}"), &out, color == "always");
        assert!(out.contains('␛'), "check --color {color}: {out}");
    }
    let (_, out) = output(
        h.cmd()
            .arg("check")
            .arg(h.plan())
            .args(["--format", "json"]),
    );
    assert_clean("check --format json", &out, false);
    let v: serde_json::Value = serde_json::from_str(&out).expect("still JSON");
    assert!(v.is_object(), "{out}");
}

#[test]
fn offline_run_prints_the_proposal_clean() {
    let h = Home::new();
    for step in [
        "decompose",
        "ambiguities",
        "verify",
        "completeness",
        "integration",
    ] {
        let (code, out) = output(h.cmd().arg("run").arg(h.plan()).arg(step));
        assert_eq!(code, 0, "{step}: {out}");
        assert_clean(&format!("run {step}"), &out, false);
        let (code, out) = output(h.cmd().arg("run").arg(h.plan()).args([step, "--json"]));
        assert_eq!(code, 0, "{step} --json: {out}");
        let json_part = &out[..out.rfind('}').map_or(0, |i| i + 1)];
        serde_json::from_str::<serde_json::Value>(json_part)
            .unwrap_or_else(|e| panic!("{step} --json is JSON ({e}): {out}"));
        assert_clean(&format!("run {step} --json"), &out, false);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_model_answer_full_of_escapes_is_printed_clean() {
    let server = MockServer::start().await;
    let answer = json!({
        "tasks": [
            {"number": 1, "title": evil("Task 1"), "description": evil("New"), "produces": [], "depends_on": [], "covers": ["FR-1"], "verification": evil("cargo test")},
            {"number": 4, "title": evil("Added"), "description": "", "produces": [evil("x")], "depends_on": [{"task": 1, "kind": "schema"}], "covers": [], "verification": null}
        ],
        "notes": [evil("Note")]
    });
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(llm_support::openai_stream(&answer.to_string(), 16))
        .mount(&server)
        .await;
    let h = Home::new();
    let cfg = h.config_for(&server);
    for json_flag in [false, true] {
        let mut cmd = h.cmd();
        cmd.arg("--config")
            .arg(&cfg)
            .arg("run")
            .arg(h.plan())
            .args(["revise", "--provider", "test"]);
        if json_flag {
            cmd.arg("--json");
        }
        let (code, out) = tokio::task::spawn_blocking(move || output(&mut cmd))
            .await
            .expect("joined");
        assert_eq!(code, 0, "{out}");
        assert_clean(&format!("run revise (json {json_flag})"), &out, false);
        assert!(out.contains("Added"), "{out}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_error_body_full_of_escapes_is_printed_clean() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"error": {"message": evil("Bad request")}})),
        )
        .mount(&server)
        .await;
    let h = Home::new();
    let cfg = h.config_for(&server);
    let mut cmd = h.cmd();
    cmd.arg("--config")
        .arg(&cfg)
        .arg("run")
        .arg(h.plan())
        .args(["decompose", "--provider", "test"]);
    let (code, out) = tokio::task::spawn_blocking(move || output(&mut cmd))
        .await
        .expect("joined");
    assert_ne!(code, 0, "{out}");
    assert_clean("the error of run", &out, false);
    assert!(out.contains("400") && out.contains("Bad request"), "{out}");

    // The same body as plain text, not JSON.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(503).set_body_string(evil("Upstream down")))
        .mount(&server)
        .await;
    let mut cmd = h.cmd();
    cmd.arg("--config")
        .arg(&cfg)
        .arg("run")
        .arg(h.plan())
        .args(["decompose", "--provider", "test"]);
    let (code, out) = tokio::task::spawn_blocking(move || output(&mut cmd))
        .await
        .expect("joined");
    assert_ne!(code, 0, "{out}");
    assert_clean("the plain-text error of run", &out, false);
    assert!(out.contains("Upstream down"), "{out}");
}

#[test]
fn list_shows_a_hostile_title_clean() {
    let h = Home::new();
    let sessions = h.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).expect("dir");
    std::fs::copy(h.plan(), sessions.join("evil.toml")).expect("copied");
    let (code, out) = output(h.cmd().arg("list"));
    assert_eq!(code, 0, "{out}");
    assert_clean("list", &out, false);
    assert!(out.contains("Title ␛[2J"), "{out}");
}

#[test]
fn a_hostile_file_name_in_an_error_is_clean() {
    let h = Home::new();
    let name = h.path().join(format!("missing{EVIL}.toml"));
    let (code, out) = output(h.cmd().arg("show").arg(&name));
    assert_ne!(code, 0, "{out}");
    assert_clean("show's error", &out, false);
    let (code, out) = output(h.cmd().arg("check").arg(&name));
    assert_ne!(code, 0, "{out}");
    assert_clean("check's error", &out, false);
}

#[test]
fn export_to_stdout_and_to_files_keeps_the_text_without_controls() {
    let h = Home::new();
    for format in ["md", "json", "dot", "mermaid", "taskmaster", "speckit"] {
        let (code, out) = output(
            h.cmd()
                .arg("export")
                .arg(h.plan())
                .args(["--format", format, "-o", "-"]),
        );
        assert_eq!(code, 0, "export {format}: {out}");
        assert_clean(&format!("export {format} -o -"), &out, false);
        assert!(
            out.contains("Task 1"),
            "export {format} keeps the titles: {out}"
        );

        let file = h.path().join(format!("plan.{format}.out"));
        let (code, out) = output(
            h.cmd()
                .arg("export")
                .arg(h.plan())
                .args(["--format", format, "-o"])
                .arg(&file),
        );
        assert_eq!(code, 0, "export {format} to a file: {out}");
        assert_clean(&format!("export {format} (what it printed)"), &out, false);
        let written = std::fs::read_to_string(&file).expect("the export was written");
        assert_clean(&format!("export {format} (the file)"), &written, false);
        assert!(written.contains("Task 1"), "{format}: {written}");
    }
}

#[test]
fn validate_lock_versions_and_diff_print_clean() {
    let h = Home::new();
    for args in [
        vec!["validate", "--no-model"],
        vec!["validate", "--no-model", "--json"],
        vec!["lock", "--note", EVIL, "--yes"],
        vec!["versions"],
        vec!["versions", "--json"],
        vec!["diff", "1"],
    ] {
        let mut cmd = h.cmd();
        cmd.arg(args[0]).arg(h.plan()).args(&args[1..]);
        let (_, out) = output(&mut cmd);
        assert_clean(&args.join(" "), &out, false);
        if args[0] == "versions" && args.len() == 1 {
            assert!(
                out.contains('␛'),
                "the note is shown with placeholders: {out}"
            );
        }
    }
}
