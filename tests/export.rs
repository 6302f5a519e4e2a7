//! Exports of the example session: golden files for every format, the same
//! bytes on every render, no control characters whatever the titles hold,
//! and round trips through `import` (json, taskmaster, speckit).
//!
//! The golden files live in `tests/golden/`. After an intended change to an
//! export, regenerate them with `UPDATE_GOLDEN=1 cargo test --test export`
//! and review the diff before committing.
mod export_common;

use std::path::PathBuf;

use export_common::{example_session, export};
use planner_tui::export::Format;
use planner_tui::interop::{ImportFormat, import};
use planner_tui::plan::{Edit, Task, TaskId, apply};

fn golden_path(format: Format) -> PathBuf {
    let name = match format {
        Format::Markdown => "webhooks.implementation-plan.md",
        Format::Json => "webhooks.plan.json",
        Format::Dot => "webhooks.plan.dot",
        Format::Mermaid => "webhooks.plan.mmd",
        Format::Taskmaster => "webhooks.tasks.json",
        Format::Speckit => "webhooks.tasks.md",
    };
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

#[test]
fn every_format_matches_its_golden_file() {
    let s = example_session();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty());
    let mut mismatched = Vec::new();
    for f in Format::ALL {
        let text = export(f, &s);
        let path = golden_path(f);
        if update {
            std::fs::write(&path, &text).expect("write golden file");
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run with UPDATE_GOLDEN=1 to create it",
                path.display()
            )
        });
        if want != text {
            mismatched.push(format!(
                "{} differs from the {f} export (first difference at byte {})",
                path.display(),
                want.bytes()
                    .zip(text.bytes())
                    .take_while(|(a, b)| a == b)
                    .count()
            ));
        }
    }
    assert!(
        mismatched.is_empty(),
        "{}\nrun with UPDATE_GOLDEN=1 if the change is intended",
        mismatched.join("\n")
    );
}

#[test]
fn exports_are_deterministic() {
    for f in Format::ALL {
        assert_eq!(
            export(f, &example_session()),
            export(f, &example_session()),
            "{f}"
        );
    }
}

#[test]
fn the_markdown_plan_has_every_section_an_agent_needs() {
    let md = export(Format::Markdown, &example_session());
    for heading in [
        "# Implementation plan: Outbound webhooks",
        "## Summary",
        "## Decisions and constraints",
        "## Tasks",
        "### 1. T",
        "- **Produces:**",
        "- **Depends on:**",
        "- **Verify:**",
        "- **Covers:**",
        "## Parallel groups",
        "## Critical path",
        "## Open risks",
        "deferred: Decide after the first customer pilot",
        "## Dependency graph",
        "```mermaid\nflowchart TD\n",
        "plan version 1, locked 2026-11-25 15:00 UTC",
        "Retry failed deliveries 5 times",
    ] {
        assert!(md.contains(heading), "missing `{heading}` in:\n{md}");
    }
}

const NASTY: &str = "Evil \u{1b}[31mred\u{1b}[0m \u{1b}]52;c;aGk=\u{7} \u{9b}2J \u{202e}txt.exe\u{200b} \"quoted\" [b] #x";

#[test]
fn no_export_carries_control_characters() {
    let mut s = example_session();
    let mut t = s.tasks[0].clone();
    t.title = NASTY.into();
    t.description = NASTY.into();
    t.produces.push(NASTY.into());
    t.verification = Some(NASTY.into());
    apply(&mut s, Edit::UpdateTask { task: t }).unwrap();
    apply(
        &mut s,
        Edit::SetTitle {
            title: NASTY.into(),
        },
    )
    .unwrap();
    for f in Format::ALL {
        let text = export(f, &s);
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| {
                (c.is_control() && c != '\n' && c != '\t')
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200d}')
            })
            .collect();
        assert!(bad.is_empty(), "{f} export contains {bad:?}");
        let visible = match f {
            Format::Mermaid => "Evil #91;31mred#91;0m",
            _ => "Evil [31mred[0m",
        };
        assert!(text.contains(visible), "{f}: the visible text stays");
    }
    let mmd = export(Format::Mermaid, &s);
    assert!(mmd.contains("#quot;quoted#quot; #91;b#93; #35;x"), "{mmd}");
    let dot = export(Format::Dot, &s);
    assert!(dot.contains(r#"\"quoted\" [b] #x"#), "{dot}");
}

fn round_trip(format: Format, import_as: ImportFormat) {
    let first = export(format, &example_session());
    let imported =
        import(&first, ImportFormat::Auto, "fallback").expect("import reads its own export");
    assert_eq!(imported.format, import_as, "detected");
    let again = export(format, &imported.session);
    assert_eq!(
        first, again,
        "{format}: export → import → export changed the bytes"
    );
}

#[test]
fn json_round_trips() {
    round_trip(Format::Json, ImportFormat::Json);
    let s = example_session();
    let back = import(&export(Format::Json, &s), ImportFormat::Json, "x")
        .unwrap()
        .session;
    assert_eq!(back, s, "the whole session comes back");
}

#[test]
fn taskmaster_round_trips() {
    round_trip(Format::Taskmaster, ImportFormat::Taskmaster);
}

#[test]
fn speckit_round_trips() {
    round_trip(Format::Speckit, ImportFormat::Speckit);
    let s = example_session();
    let back = import(&export(Format::Speckit, &s), ImportFormat::Speckit, "x")
        .unwrap()
        .session;
    let deps = |t: &Task| t.depends_on.iter().map(|d| d.on).collect::<Vec<TaskId>>();
    for t in &s.tasks {
        let b = back.task(t.id).expect("every task comes back with its id");
        assert_eq!(b.title, t.title);
        assert_eq!(b.produces, t.produces);
        assert_eq!(b.covers, t.covers);
        assert_eq!(deps(b), deps(t));
    }
}

#[test]
fn speckit_marks_parallel_tasks_and_done_ones() {
    let mut s = example_session();
    let id = s.tasks[0].id;
    let status = planner_tui::plan::TaskStatus::Done;
    apply(&mut s, Edit::SetTaskStatus { id, status }).unwrap();
    let md = export(Format::Speckit, &s);
    assert!(md.contains("## Phase 1: "), "{md}");
    assert!(md.contains("- [x] T001"), "{md}");
    // In a phase of one task there is nothing to run in parallel with.
    for block in md.split("## Phase ").skip(1) {
        let lines: Vec<&str> = block.lines().filter(|l| l.starts_with("- [")).collect();
        let marked = lines.iter().filter(|l| l.contains(" [P] ")).count();
        if lines.len() == 1 {
            assert_eq!(marked, 0, "{block}");
        } else {
            assert_eq!(
                marked,
                lines.len(),
                "a wave's tasks never depend on each other: {block}"
            );
        }
    }
}

#[test]
fn speckit_computes_parallel_marks_when_cycles_leave_one_phase() {
    use planner_tui::plan::{DepKind, Dependency, Session, Timestamp};
    let mut s = Session::new("c", "Cyclic", Timestamp(0));
    for (id, deps) in [
        (1, vec![]),
        (2, vec![1]),
        (3, vec![]),
        (4, vec![5]),
        (5, vec![4]),
    ] {
        let mut t = Task::new(TaskId(id), format!("Task {id}"));
        t.depends_on = deps
            .into_iter()
            .map(|d| Dependency::new(TaskId(d), DepKind::Other))
            .collect();
        s.tasks.push(t);
    }
    let md = export(Format::Speckit, &s);
    assert!(
        md.contains("## Phase 1: All tasks (the plan has cycles"),
        "{md}"
    );
    let marked: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("- [") && l.contains(" [P] "))
        .collect();
    assert_eq!(marked, vec!["- [ ] T003 [P] Task 3"], "{md}");
}

#[test]
fn generated_plans_round_trip_too() {
    use planner_tui::plan::generate::{Faults, GenOptions, generate};
    for faults in [false, true] {
        let mut o = GenOptions::new(300, 900);
        if faults {
            o.faults = Faults {
                dangling: 3,
                self_dependencies: 2,
                duplicates: 3,
                cycles: 2,
                misorders: 5,
            };
        }
        let (s, _) = generate(&o);
        for (f, kind) in [
            (Format::Json, ImportFormat::Json),
            (Format::Taskmaster, ImportFormat::Taskmaster),
            (Format::Speckit, ImportFormat::Speckit),
        ] {
            let first = export(f, &s);
            let back = import(&first, kind, "generated").expect("reads its own export");
            assert_eq!(export(f, &back.session), first, "{f}, faults: {faults}");
        }
    }
}

#[test]
fn odd_plans_export_without_panics_and_titles_keep_their_brackets() {
    use planner_tui::plan::{Session, Timestamp};
    let empty = Session::new("e", "Empty", Timestamp(0));
    for f in Format::ALL {
        assert!(!export(f, &empty).is_empty(), "{f}");
    }
    let mut s = Session::new("b", "Brackets", Timestamp(0));
    s.tasks.push(Task::new(TaskId(1), "[WIP] Fix the parser"));
    let md = export(Format::Speckit, &s);
    assert!(md.contains("- [ ] T001 \\[WIP] Fix the parser\n"), "{md}");
    let back = import(&md, ImportFormat::Speckit, "x").unwrap().session;
    assert_eq!(back.tasks[0].title, "[WIP] Fix the parser");
    assert!(back.tasks[0].covers.is_empty());
}

#[test]
fn a_new_decision_after_the_lock_makes_the_plan_a_draft_again() {
    let mut s = example_session();
    let md = export(Format::Markdown, &s);
    assert!(md.contains("plan version 1, locked"), "{md}");
    let id = s.next_constraint_id();
    planner_tui::plan::apply(
        &mut s,
        planner_tui::plan::Edit::AddConstraint {
            constraint: planner_tui::plan::Constraint {
                id,
                text: "Keep deliveries for 30 days.".into(),
                from: None,
                spec: None,
            },
        },
    )
    .expect("the constraint applies");
    let md = export(Format::Markdown, &s);
    assert!(md.contains("draft: changed since version 1"), "{md}");
}

#[test]
fn speckit_gives_no_parallel_mark_to_tasks_that_write_the_same_file() {
    let mut s = planner_tui::plan::Session::new("p", "Parallel", planner_tui::plan::Timestamp(0));
    for (i, (title, file)) in [
        ("Write a", "src/a.rs"),
        ("Also write a", "src/a.rs"),
        ("Write b", "src/b.rs"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut t = Task::new(TaskId(i as u32 + 1), title);
        t.produces = vec![file.to_string()];
        apply(&mut s, Edit::AddTask { index: i, task: t }).expect("task applies");
    }
    let md = export(Format::Speckit, &s);
    let line = |id: &str| {
        md.lines()
            .find(|l| l.contains(id))
            .unwrap_or_default()
            .to_string()
    };
    assert!(!line("T001").contains("[P]"), "{md}");
    assert!(!line("T002").contains("[P]"), "{md}");
    assert!(line("T003").contains("[P]"), "{md}");
}

#[test]
fn speckit_makes_one_phase_per_group_the_user_set() {
    let mut s = example_session();
    for t in &mut s.tasks {
        t.group = Some(if t.produces.iter().any(|p| p.starts_with("src/api")) {
            "API".to_string()
        } else {
            "Core".to_string()
        });
    }
    let md = export(Format::Speckit, &s);
    assert!(md.contains("phases are the groups set in it"), "{md}");
    assert!(md.contains("## Phase 1: Core\n"), "{md}");
    assert!(md.contains("## Phase 2: API\n"), "{md}");
    assert!(!md.contains("## Phase 3"), "{md}");
    // Read back, the groups are the same.
    let back = import(&md, ImportFormat::Speckit, "x")
        .expect("reads back")
        .session;
    let groups: Vec<_> = back.tasks.iter().map(|t| t.group.clone()).collect();
    let mut by_id: Vec<_> = s.tasks.iter().map(|t| (t.id, t.group.clone())).collect();
    by_id.sort_by_key(|(id, _)| *id);
    let mut back_by_id: Vec<_> = back.tasks.iter().map(|t| (t.id, t.group.clone())).collect();
    back_by_id.sort_by_key(|(id, _)| *id);
    assert_eq!(back_by_id, by_id, "{groups:?}");
}

#[test]
fn speckit_groups_read_back_to_the_same_plan_and_say_when_they_go_against_the_dependencies() {
    let mut s = example_session();
    // Sensible groups: the first two tasks are setup, the rest core work.
    for (i, t) in s.tasks.iter_mut().enumerate() {
        t.group = Some(if i < 2 { "Setup" } else { "Core" }.to_string());
    }
    let md = export(Format::Speckit, &s);
    assert!(!md.contains("**Note**"), "{md}");
    let back = import(&md, ImportFormat::Speckit, "x")
        .expect("reads back")
        .session;
    let deps = |s: &planner_tui::plan::Session| -> usize {
        s.tasks.iter().map(|t| t.depends_on.len()).sum()
    };
    assert_eq!(
        deps(&back),
        deps(&s),
        "no dependency is added on the way back"
    );
    assert_eq!(
        export(Format::Speckit, &back)
            .lines()
            .skip(1)
            .collect::<Vec<_>>(),
        md.lines().skip(1).collect::<Vec<_>>()
    );

    // The last task moved into Setup, before everything it needs.
    let last = s.tasks.len() - 1;
    s.tasks[last].group = Some("Setup".into());
    let md = export(Format::Speckit, &s);
    assert!(
        md.contains(
            "**Note**: the groups do not follow the dependencies: T013 (phase 1) depends on"
        ),
        "{md}"
    );
    // It needs T001 (also in Setup) through other tasks: no [P] for either.
    let line = |id: &str| {
        md.lines()
            .find(|l| l.contains(id))
            .unwrap_or_default()
            .to_string()
    };
    assert!(!line("- [ ] T013").contains("[P]"), "{md}");
    assert!(!line("- [ ] T001").contains("[P]"), "{md}");
}
