//! `planner-tui check` as a user runs it: the real binary on files in a
//! temporary directory.
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use planner_tui::plan::{Session, TaskId};
use predicates::prelude::*;
use serde_json::Value;

const WEBHOOKS: &str = "tests/fixtures/webhooks.toml";
const TAGGED: &str = "tests/fixtures/taskmaster/webhooks-tagged.json";

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }
    fn copy(&self, fixture: &str) -> PathBuf {
        let to = self.0.path().join(Path::new(fixture).file_name().unwrap());
        fs::copy(fixture, &to).unwrap();
        to
    }
    fn check(&self) -> Command {
        let mut c = Command::cargo_bin("planner-tui").unwrap();
        c.env("XDG_DATA_HOME", self.0.path())
            .env("HOME", self.0.path())
            .env_remove("NO_COLOR")
            .arg("check");
        c
    }
}

fn stdout(c: &mut Command) -> (i32, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn text_report_fits_80_columns_and_fails_on_errors() {
    let d = Dir::new();
    let plan = d.copy(WEBHOOKS);
    let (code, text) = stdout(d.check().arg(&plan));
    assert_eq!(code, 1);
    assert!(text.starts_with(
        "Plan check: Outbound webhooks for the Orders API\n12 tasks, 18 dependencies\n"
    ));
    assert!(text.contains(
        "error[ordering-violation]: T4 'Webhook delivery job' (position 4) depends on T9\n    'Queue registration' \
         (infrastructure), which comes later, at position 9.\n"
    ));
    assert!(text.contains("warning[vague-integration]: T7 'Integrate with order events'"));
    assert!(
        text.contains("Corrected order (1 move)\n  T9 'Queue registration' moves from 9 to 4\n")
    );
    assert!(text.contains(
        "Parallel groups (6 waves; tasks in a wave can run at once)\n    1  T1, T2, T9\n"
    ));
    assert!(text.contains("Critical path (6 tasks)\n  T2 → T3 → T4 → T5 → T8 → T12\n"));
    assert!(text.ends_with("1 error, 5 warnings, 1 note\n"));
    assert!(
        !text.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
}

#[test]
fn colour_on_request() {
    let d = Dir::new();
    let plan = d.copy(WEBHOOKS);
    let (_, text) = stdout(d.check().arg(&plan).args(["--color", "always"]));
    assert!(text.contains("\u{1b}[1;31merror[ordering-violation]:\u{1b}[0m T4"));
    assert!(text.contains("\u{1b}[1;33mwarning[vague-verification]:\u{1b}[0m"));
}

#[test]
fn json_report() {
    let d = Dir::new();
    let plan = d.copy(WEBHOOKS);
    let (code, text) = stdout(
        d.check()
            .arg(&plan)
            .args(["--format", "json", "--color", "always"]),
    );
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], 1);
    assert_eq!(v["session"]["id"], "webhooks");
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["warnings"], 5);
    assert_eq!(v["summary"]["tasks"], 12);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "ordering-violation",
            "vague-verification",
            "vague-integration",
            "uncovered-requirement",
            "open-ambiguity",
            "no-output",
            "corrected-order"
        ]
    );
    assert_eq!(v["order"]["moves"][0]["task"]["id"], "T9");
    assert_eq!(v["critical_path"].as_array().unwrap().len(), 6);
    assert_eq!(v["dependency_kinds"]["interface"], 9);
}

#[test]
fn fix_writes_the_corrected_order_and_checks_again() {
    let d = Dir::new();
    let plan = d.copy(WEBHOOKS);
    let (code, text) = stdout(d.check().arg(&plan).arg("--fix"));
    assert_eq!(code, 0, "{text}");
    assert!(text.starts_with(&format!(
        "Fixed {} (checked again below):\n  T9 'Queue registration' moved from 9 to 4\n",
        plan.display()
    )));
    assert!(!text.contains("ordering-violation"));
    assert!(text.contains("Order\n  Every task comes after what it depends on.\n"));
    let saved: Session = toml::from_str(&fs::read_to_string(&plan).unwrap()).unwrap();
    let order: Vec<u32> = saved.tasks.iter().map(|t| t.id.0).collect();
    assert_eq!(order, [1, 2, 3, 9, 4, 5, 6, 7, 8, 10, 11, 12]);
    let original: Session = toml::from_str(&fs::read_to_string(WEBHOOKS).unwrap()).unwrap();
    assert!(saved.updated > original.updated);
    assert_eq!(
        saved.task(TaskId(9)),
        original.task(TaskId(9)),
        "only the order changed"
    );
    assert!(
        !planner_tui::store::lock_path(&plan).exists(),
        "the lock is released"
    );

    let before = fs::read(&plan).unwrap();
    let (code, text) = stdout(d.check().arg(&plan).arg("--fix"));
    assert_eq!(code, 0);
    assert!(text.starts_with("Nothing to fix safely; the file is unchanged.\n"));
    assert_eq!(fs::read(&plan).unwrap(), before);
}

#[test]
fn fix_removes_duplicate_dependencies_and_reports_it_in_json() {
    let d = Dir::new();
    let plan = d.copy(WEBHOOKS);
    let text = fs::read_to_string(&plan).unwrap().replace(
        "depends_on = [\"T6:interface\", \"T10:interface\"]",
        "depends_on = [\"T6:interface\", \"T10:interface\", \"T6\"]",
    );
    fs::write(&plan, text).unwrap();
    let (code, out) = stdout(d.check().arg(&plan).args(["--fix", "--format", "json"]));
    assert_eq!(code, 0, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let applied: Vec<&str> = v["applied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(
        applied,
        [
            "duplicate-dependency: keep one dependency of T11 on T6 (interface)",
            "T9 'Queue registration' moved from 9 to 4"
        ]
    );
    let saved: Session = toml::from_str(&fs::read_to_string(&plan).unwrap()).unwrap();
    let deps: Vec<String> = saved
        .task(TaskId(11))
        .unwrap()
        .depends_on
        .iter()
        .map(|d| d.to_string())
        .collect();
    // The first listing keeps its place.
    assert_eq!(deps, ["T6:interface", "T10:interface"]);
}

#[test]
fn fix_refuses_a_session_open_elsewhere() {
    let d = Dir::new();
    let plan = d.copy(WEBHOOKS);
    let before = fs::read(&plan).unwrap();
    let _held = planner_tui::store::lock(&plan).unwrap();
    d.check()
        .arg(&plan)
        .args(["--fix", "--wait", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is open in another planner-tui"));
    assert_eq!(fs::read(&plan).unwrap(), before);
}

#[test]
fn taskmaster_files_are_checked_in_their_own_ids_and_never_written() {
    let d = Dir::new();
    let file = d.copy(TAGGED);
    let before = fs::read(&file).unwrap();
    let (code, text) = stdout(d.check().arg(&file));
    assert_eq!(code, 1);
    assert!(text.starts_with(
        "Plan check: Tasks for the outbound webhooks feature\n7 tasks, 8 dependencies (and 1 repeat)\n"
    ));
    assert!(text.contains("error[cycle]: 2 tasks depend on each other in a circle, so none of them can go\n    first: #3 → #5 → #3"));
    assert!(text.contains(
        "error[dangling-dependency]: #4 'Queue registration' depends on #12, which is not"
    ));
    assert!(text.contains("error[dangling-dependency]: #2.2 'Send and record' depends on #2.9"));
    assert!(text.contains(
        "error[duplicate-dependency]: #2 'Webhook delivery job' lists its dependency on\n    #1"
    ));
    // Taskmaster does not run tasks in file order: #2 before #4 is no error.
    assert!(!text.contains("ordering-violation"), "{text}");
    assert!(text.contains(
        "Order Taskmaster would run them in\n  Taskmaster picks tasks by their dependencies"
    ));
    assert!(text.contains("Never started, because what they need is never done"));
    assert!(text.ends_with("4 errors, 2 warnings, 0 notes\n"));
    // --fix does not write Taskmaster files, so no fix line offers it.
    assert!(!text.contains("--fix"), "{text}");

    let (code, json) = stdout(d.check().arg(&file).args(["--format", "json"]));
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["tasks"][2]["source_id"], "2.1");
    assert_eq!(
        v["findings"][0]["tasks"][1],
        serde_json::json!({"id": "T15", "position": null, "source_id": "2.9"})
    );

    let (code, text) = stdout(d.check().arg(&file).args(["--tag", "feature-admin"]));
    assert_eq!(code, 0, "{text}");
    d.check()
        .arg(&file)
        .arg("--fix")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--fix does not write Taskmaster files",
        ));
    assert_eq!(fs::read(&file).unwrap(), before);
    let plain = d.copy("tests/fixtures/taskmaster/plain.json");
    d.check().arg(&plain).assert().code(0);
}

#[test]
fn usage_and_io_problems_exit_with_2() {
    let d = Dir::new();
    let missing = d.0.path().join("nope.toml");
    d.check()
        .arg(&missing)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "planner-tui: error: cannot read session {}",
            missing.display()
        )));
    let bad = d.0.path().join("tasks.json");
    fs::write(&bad, "{\n  \"tasks\": [\n    {\"id\": 1,, }\n  ]\n}").unwrap();
    d.check()
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "cannot read {}: not a Taskmaster tasks.json: line 3, column 14",
            bad.display()
        )));
    d.check()
        .arg(&bad)
        .args(["--tag", "x", "--format", "yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'yaml'"));
    let plan = d.copy(WEBHOOKS);
    d.check()
        .arg(&plan)
        .args(["--tag", "master"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--tag only applies to a Taskmaster tasks.json",
        ));
    let broken = d.0.path().join("broken.toml");
    fs::write(&broken, "format_version = 1\nid = \"x\"\ntitle = \n").unwrap();
    d.check()
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 3"));
}

#[test]
fn a_taskmaster_file_listed_out_of_order_passes_and_gets_its_run_order() {
    let d = Dir::new();
    let file = d.0.path().join("tasks.json");
    fs::write(
        &file,
        r#"{"master": {"tasks": [
            {"id": 1, "title": "Deploy the service", "dependencies": [3], "testStrategy": "curl -f https://staging/health", "priority": "high"},
            {"id": 2, "title": "Write the changelog", "dependencies": [], "testStrategy": "grep 1.2.0 CHANGELOG.md", "priority": "low"},
            {"id": 3, "title": "Build the image", "dependencies": [], "testStrategy": "docker build .", "status": "done",
             "subtasks": [{"id": 1, "title": "Pin the base image", "status": "done"}]}
        ]}}"#,
    )
    .unwrap();
    let (code, text) = stdout(d.check().arg(&file));
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("ordering-violation"), "{text}");
    assert!(
        text.contains("not an error here.\n  #1, #2\n  (2 tasks already done or cancelled.)"),
        "{text}"
    );
    let (_, json) = stdout(d.check().arg(&file).args(["--format", "json"]));
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["run_order"]["tool"], "Taskmaster");
    assert_eq!(v["run_order"]["tasks"], serde_json::json!(["T1", "T2"]));
}
