//! `planner-tui export` and `planner-tui import`, run as a user would: every
//! format to a file and to stdout, import of each format, and the errors
//! for a bad file.
mod cli_support;
mod export_common;

use std::path::PathBuf;

use cli_support::Home;
use export_common::example_session;
use planner_tui::plan::{DepKind, Dependency, Edit, TaskId, apply};
use predicates::prelude::*;

/// The example session saved in the home; returns its path.
fn example(h: &Home) -> PathBuf {
    h.save("webhooks.toml", &example_session())
}

fn golden(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const FORMATS: [(&str, &str, &str); 6] = [
    (
        "md",
        "implementation-plan.md",
        "webhooks.implementation-plan.md",
    ),
    ("json", "plan.json", "webhooks.plan.json"),
    ("dot", "plan.dot", "webhooks.plan.dot"),
    ("mermaid", "plan.mmd", "webhooks.plan.mmd"),
    ("taskmaster", "tasks.json", "webhooks.tasks.json"),
    ("speckit", "tasks.md", "webhooks.tasks.md"),
];

#[test]
fn each_format_goes_to_its_default_file_in_the_export_directory() {
    let h = Home::new();
    let session = example(&h);
    for (format, file, gold) in FORMATS {
        let want = h.exports().join(file);
        h.cmd()
            .args(["export", &session.display().to_string(), "--format", format])
            .assert()
            .success()
            .stdout(format!("{}\n", want.display()))
            .stderr("");
        let got = std::fs::read_to_string(&want).expect("export written");
        assert_eq!(got, golden(gold), "{format}");
    }
    let left: Vec<_> = std::fs::read_dir(h.exports())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "no temp files left: {left:?}");
}

#[test]
fn dash_prints_and_o_names_the_file() {
    let h = Home::new();
    let session = example(&h).display().to_string();
    for (format, _, gold) in FORMATS {
        h.cmd()
            .args(["export", &session, "-f", format, "-o", "-"])
            .assert()
            .success()
            .stdout(golden(gold));
    }
    let out = h.path().join("docs/plan.md");
    h.cmd()
        .args(["--session", &session, "export", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout(format!("{}\n", out.display()));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        golden("webhooks.implementation-plan.md")
    );
}

#[test]
fn a_plan_with_errors_is_exported_with_a_warning() {
    let h = Home::new();
    let mut s = example_session();
    apply(
        &mut s,
        Edit::AddDependency {
            task: TaskId(1),
            dep: Dependency::new(TaskId(13), DepKind::Other),
        },
    )
    .unwrap();
    let p = h.path().join("cyclic.toml");
    planner_tui::store::create(&p, &s).unwrap();
    h.cmd()
        .args(["export", &p.display().to_string(), "-o", "-"])
        .assert()
        .success()
        .stdout(predicate::str::contains("**Verdict: not ready.**"))
        .stderr(
            predicate::str::contains("warning: the plan has")
                .and(predicate::str::contains("exported anyway")),
        );
}

fn imported_id(out: &[u8]) -> String {
    let out = String::from_utf8_lossy(out);
    let first = out.lines().next().unwrap_or("");
    first.rsplit(' ').next().unwrap_or("").to_string()
}

#[test]
fn import_reads_each_format_back_into_a_new_session() {
    let h = Home::new();
    for (gold, kind, format) in [
        ("webhooks.tasks.json", "Taskmaster tasks.json", "taskmaster"),
        ("webhooks.tasks.md", "Spec Kit tasks.md", "speckit"),
        ("webhooks.plan.json", "planner-tui plan JSON", "json"),
    ] {
        let file = h.path().join(gold);
        std::fs::write(&file, golden(gold)).unwrap();
        let out = h
            .cmd()
            .args(["import"])
            .arg(&file)
            .assert()
            .success()
            .stdout(predicate::str::starts_with(format!(
                "Imported {kind} as session "
            )))
            .stdout(predicate::str::contains("  tasks  13\n"))
            .get_output()
            .stdout
            .clone();
        let id = imported_id(&out);
        assert!(
            h.path()
                .join("data/sessions")
                .join(format!("{id}.toml"))
                .exists(),
            "{id}"
        );
        if format != "json" {
            // The session id is not part of these formats: the same bytes come back.
            h.cmd()
                .args(["export", &id, "-f", format, "-o", "-"])
                .assert()
                .success()
                .stdout(golden(gold));
        }
    }
}

#[test]
fn import_takes_a_title_a_format_and_a_session_path() {
    let h = Home::new();
    let file = h.path().join("tasks.md");
    std::fs::write(
        &file,
        "- [ ] T001 Set up in src/main.rs\n- [x] T002 [P] Ship it (depends on T001)\n",
    )
    .unwrap();
    let target = h.path().join("plans/shipping.toml");
    h.cmd()
        .args([
            "--session",
            &target.display().to_string(),
            "import",
            "--format",
            "speckit",
            "--title",
            "Shipping",
        ])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("as session shipping"));
    let s = planner_tui::store::load(&target).unwrap();
    assert_eq!(s.title, "Shipping");
    assert_eq!(
        s.tasks[1].depends_on,
        vec![Dependency::new(TaskId(1), DepKind::Other)]
    );
    assert_eq!(s.tasks[0].produces, vec!["src/main.rs"]);
}

#[test]
fn a_bad_file_gets_its_name_line_and_what_was_expected() {
    // A bad line is a warning with its line number; the rest is imported.
    let ok = Home::new();
    let md = ok.path().join("bad-tasks.md");
    std::fs::write(&md, "# Tasks: x\n\n- [ ] T001 Fine\n- [ ] TX2 Broken\n").unwrap();
    ok.cmd()
        .arg("import")
        .arg(&md)
        .assert()
        .success()
        .stdout(predicate::str::contains("tasks  1"))
        .stderr(predicate::str::contains(format!(
            "planner-tui: warning: {}: line 4: `- [ ] TX2 Broken` has no task id (like T001); the line is kept as \
             a note",
            md.display()
        )));
    let h = Home::new();
    let notes = h.path().join("notes.md");
    std::fs::write(&notes, "# Shopping\n\n- [ ] milk\n").unwrap();
    h.cmd()
        .arg("import")
        .arg(&notes)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "cannot import {}: this is none of the formats planner-tui imports. Not a Spec Kit tasks.md: no task \
             lines found",
            notes.display()
        )));
    let json = h.path().join("tasks.json");
    std::fs::write(
        &json,
        "{\n  \"master\": {\"tasks\": [\n    {\"id\": 1,, }\n  ]}\n}\n",
    )
    .unwrap();
    h.cmd()
        .arg("import")
        .arg(&json)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 3, column 14"));
    let plan = h.path().join("plan.json");
    std::fs::write(
        &plan,
        "{\"format\": \"planner-tui-plan\", \"version\": 9, \"session\": {}}",
    )
    .unwrap();
    h.cmd()
        .args(["import", "--format", "json"])
        .arg(&plan)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "cannot import {}: this plan JSON has version 9, newer than this planner-tui reads (1)",
            plan.display()
        )));
    h.cmd()
        .arg("import")
        .arg(h.path().join("missing.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read import file"));
    assert!(
        !h.path().join("data/sessions").exists(),
        "no session made from a bad file"
    );
}

#[test]
fn importing_a_taskmaster_file_with_several_tags_says_which_it_read() {
    let h = Home::new();
    let file = h.path().join("tasks.json");
    let task = |id: u32, title: &str| {
        serde_json::json!({"id": id, "title": title, "description": "", "status": "pending",
                           "dependencies": [], "priority": "medium", "details": "", "testStrategy": ""})
    };
    let doc = serde_json::json!({
        "master": {"tasks": [task(1, "Main work")], "metadata": {}},
        "feature-x": {"tasks": [task(1, "Feature one"), task(2, "Feature two")], "metadata": {}}
    });
    std::fs::write(&file, doc.to_string()).expect("write tasks.json");
    h.cmd()
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("tasks  1"))
        .stderr(predicate::str::contains(
            "read tag `master`; the file also has feature-x (import one with --tag NAME)",
        ));
    h.cmd()
        .arg("import")
        .arg(&file)
        .args(["--tag", "feature-x"])
        .assert()
        .success()
        .stdout(predicate::str::contains("tasks  2"))
        .stderr(predicate::str::contains("the file also has master"));
    h.cmd()
        .arg("import")
        .arg(&file)
        .args(["--tag", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no tag `nope`"));
}

#[test]
fn export_to_a_directory_writes_the_formats_usual_file_inside_it() {
    let h = Home::new();
    let session = example(&h);
    let dir = h.path().join("plans");
    std::fs::create_dir_all(&dir).expect("mkdir");
    h.cmd()
        .arg("export")
        .arg(&session)
        .args(["--format", "speckit", "-o"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("tasks.md"));
    assert!(dir.join("tasks.md").is_file());
}

#[test]
fn a_kiro_spec_folder_imports_and_exports_back_as_a_folder() {
    let h = Home::new();
    let spec =
        std::path::Path::new("tests/fixtures/interop/kiro/Keshraf-grimoire-authentication-system");
    let session = h.path().join("auth.toml");
    h.cmd()
        .arg("import")
        .arg(spec)
        .arg("--session")
        .arg(&session)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Imported Kiro spec as session auth",
        ));
    // `show` puts subtasks under their parent and says which order was inferred.
    h.cmd()
        .arg("show")
        .arg(&session)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "3. ↳ T9  Create `/api/auth/route.ts` with POST handler for login  (2.1)  [done]\n      subtask of  T2 (Create auth API endpoint)\n      depends on  T2 (other, inferred)",
        ));
    let s = planner_tui::store::load(&session).unwrap();
    assert_eq!(
        s.spec.requirements.first().map(|r| r.id.as_str()),
        Some("1.1")
    );
    let sub = s
        .tasks
        .iter()
        .find(|t| t.source_id.as_deref() == Some("2.1"))
        .unwrap();
    assert_eq!(
        s.task(sub.parent.unwrap()).unwrap().source_id.as_deref(),
        Some("2")
    );
    let out = h.path().join("kiro-out");
    h.cmd()
        .args(["export", "--format", "kiro", "-o"])
        .arg(&out)
        .arg(&session)
        .assert()
        .success();
    for name in ["tasks.md", "requirements.md", "design.md"] {
        assert_eq!(
            std::fs::read_to_string(out.join(name)).unwrap(),
            std::fs::read_to_string(spec.join(name)).unwrap(),
            "{name} comes back as it was"
        );
    }
    // Its tasks.md alone brings the files beside it along.
    let again = h.path().join("again.toml");
    h.cmd()
        .arg("import")
        .arg(out.join("tasks.md"))
        .arg("--session")
        .arg(&again)
        .assert()
        .success();
    assert_eq!(
        planner_tui::store::load(&again)
            .unwrap()
            .spec
            .requirements
            .len(),
        s.spec.requirements.len()
    );
}
