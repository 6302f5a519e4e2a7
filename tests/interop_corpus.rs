//! The interop corpus (`tests/fixtures/interop/`, sources in its
//! SOURCES.md): real Taskmaster, Spec Kit and Kiro files from public
//! repositories. Every one must import, and an unedited import exported to
//! its own format and imported again must give the same tasks: ids,
//! hierarchy, statuses, titles and stated dependencies. The test prints
//! the table (`cargo test --test interop_corpus -- --nocapture`).
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use planner_tui::analysis::analyse;
use planner_tui::export::kiro as kiro_export;
use planner_tui::export::{self, Format};
use planner_tui::interop::{ImportFormat, ImportedPlan, import, kiro};
use planner_tui::plan::{Session, TaskId};

const ROOT: &str = "tests/fixtures/interop";

/// What a round trip must keep, task by task, in plan order.
#[derive(Debug, PartialEq, Eq)]
struct Kept {
    id: String,
    parent: Option<String>,
    status: String,
    title: String,
    stated: Vec<String>,
    covers: Vec<String>,
}

fn kept(s: &Session) -> Vec<Kept> {
    let label: HashMap<TaskId, String> = s
        .tasks
        .iter()
        .map(|t| {
            (
                t.id,
                t.source_id.clone().unwrap_or_else(|| t.id.to_string()),
            )
        })
        .collect();
    let name = |id: TaskId| {
        label
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("missing {id}"))
    };
    s.tasks
        .iter()
        .map(|t| Kept {
            id: name(t.id),
            parent: t.parent.map(name),
            status: t.status.as_str().to_string(),
            title: t.title.clone(),
            stated: t
                .depends_on
                .iter()
                .filter(|d| !d.inferred)
                .map(|d| name(d.on))
                .collect(),
            covers: t.covers.iter().map(|c| c.as_str().to_string()).collect(),
        })
        .collect()
}

fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join(dir))
        .unwrap_or_else(|e| panic!("{ROOT}/{dir}: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            if ext.is_empty() {
                p.is_dir()
            } else {
                p.extension().is_some_and(|x| x == ext)
            }
        })
        .collect();
    out.sort();
    out
}

#[derive(Default)]
struct Row {
    files: usize,
    imported: usize,
    unchanged: usize,
    tasks: usize,
    subtasks: usize,
    stated: usize,
    inferred: usize,
    warnings: usize,
    refused: Vec<String>,
    changed: Vec<String>,
    /// Inferred dependencies on a task listed later: order read from the
    /// file must never contradict the file's own order.
    forward: Vec<String>,
    /// Unedited exports that are the original file (JSON: the same value;
    /// Markdown: the same text, line endings aside).
    same_file: usize,
}

fn same_file(original: &str, export: &str, json: bool) -> bool {
    if json {
        let a: Option<serde_json::Value> = serde_json::from_str(original).ok();
        let b: Option<serde_json::Value> = serde_json::from_str(export).ok();
        return a.is_some() && a == b;
    }
    let norm = |t: &str| t.replace("\r\n", "\n").trim_end().to_string();
    norm(original) == norm(export)
}

fn check(
    row: &mut Row,
    name: &str,
    original: &str,
    read: Result<ImportedPlan, String>,
    format: Format,
) {
    row.files += 1;
    let imp = match read {
        Ok(imp) => imp,
        Err(e) => {
            row.refused.push(format!("{name}: {e}"));
            return;
        }
    };
    row.imported += 1;
    let s = &imp.session;
    row.tasks += s.tasks.len();
    row.subtasks += s.tasks.iter().filter(|t| t.parent.is_some()).count();
    let deps = s.tasks.iter().flat_map(|t| &t.depends_on);
    row.inferred += deps.clone().filter(|d| d.inferred).count();
    for (i, t) in s.tasks.iter().enumerate() {
        for d in t.depends_on.iter().filter(|d| d.inferred) {
            if s.position(d.on).is_some_and(|p| p > i) {
                row.forward.push(format!("{name}: {} on {}", t.id, d.on));
            }
        }
    }
    row.stated += deps.filter(|d| !d.inferred).count();
    row.warnings += imp.warnings.len();
    let again = match format {
        Format::Taskmaster | Format::Speckit => {
            let text = export::render(format, s, &analyse(s));
            if same_file(original, &text, format == Format::Taskmaster) {
                row.same_file += 1;
            }
            let f = if format == Format::Taskmaster {
                ImportFormat::Taskmaster
            } else {
                ImportFormat::Speckit
            };
            import(&text, f, "x")
                .map(|i| i.session)
                .map_err(|e| e.to_string())
        }
        _ => {
            let files = kiro_export::render_files(s, &analyse(s));
            let get = |n: &str| files.iter().find(|(f, _)| *f == n).map(|(_, t)| t.clone());
            if same_file(original, &get("tasks.md").unwrap_or_default(), false) {
                row.same_file += 1;
            }
            kiro::read(
                &get("tasks.md").unwrap_or_default(),
                get("requirements.md").as_deref(),
                get("design.md").as_deref(),
                "x",
            )
            .map(|i| i.session)
            .map_err(|e| e.to_string())
        }
    };
    match again {
        Ok(back) if kept(&back) == kept(s) => row.unchanged += 1,
        Ok(back) => {
            let (a, b) = (kept(s), kept(&back));
            let first = a
                .iter()
                .zip(&b)
                .find(|(x, y)| x != y)
                .map(|(x, y)| format!("{x:?} became {y:?}"))
                .unwrap_or_else(|| format!("{} tasks became {}", a.len(), b.len()));
            row.changed.push(format!("{name}: {first}"));
        }
        Err(e) => row
            .changed
            .push(format!("{name}: the export does not import: {e}")),
    }
}

fn name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn every_corpus_file_imports_and_round_trips_unchanged() {
    let mut rows: Vec<(&str, Row)> = Vec::new();

    let mut tm = Row::default();
    for p in files("taskmaster", "json") {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let read = import(&text, ImportFormat::Auto, "x").map_err(|e| e.to_string());
        let read = read.and_then(|i| {
            if i.format == ImportFormat::Taskmaster {
                Ok(i)
            } else {
                Err(format!("detected as {}", i.format))
            }
        });
        check(&mut tm, &name(&p), &text, read, Format::Taskmaster);
    }
    rows.push(("Taskmaster tasks.json", tm));

    let mut sk = Row::default();
    for p in files("speckit", "md") {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let read = import(&text, ImportFormat::Auto, "x").map_err(|e| e.to_string());
        let read = read.and_then(|i| {
            if i.format == ImportFormat::Speckit {
                Ok(i)
            } else {
                Err(format!("detected as {}", i.format))
            }
        });
        check(&mut sk, &name(&p), &text, read, Format::Speckit);
    }
    rows.push(("Spec Kit tasks.md", sk));

    let mut kr = Row::default();
    for dir in files("kiro", "") {
        let read_file = |n: &str| std::fs::read_to_string(dir.join(n)).ok();
        let tasks = read_file("tasks.md").unwrap_or_default();
        let read = kiro::read(
            &tasks,
            read_file("requirements.md").as_deref(),
            read_file("design.md").as_deref(),
            "x",
        )
        .map(|k| ImportedPlan {
            session: k.session,
            format: ImportFormat::Kiro,
            external_labels: HashMap::new(),
            other_tags: Vec::new(),
            tag: None,
            warnings: k.warnings,
        })
        .map_err(|e| e.to_string());
        check(&mut kr, &name(&dir), &tasks, read, Format::Markdown);
    }
    rows.push(("Kiro spec folder", kr));

    let mut table = String::from(
        "| format | files | imported | round-tripped unchanged | written back as the same file | tasks (subtasks) | stated / inferred dependencies | warnings | refused because |\n|---|--:|--:|--:|--:|--:|--:|--:|---|\n",
    );
    for (format, r) in &rows {
        let _ = writeln!(
            table,
            "| {format} | {} | {} | {} | {} | {} ({}) | {} / {} | {} | {} |",
            r.files,
            r.imported,
            r.unchanged,
            r.same_file,
            r.tasks,
            r.subtasks,
            r.stated,
            r.inferred,
            r.warnings,
            if r.refused.is_empty() {
                "—".to_string()
            } else {
                r.refused.join("; ")
            }
        );
    }
    println!("{table}");
    for (format, r) in &rows {
        for c in &r.changed {
            println!("{format}: changed on the round trip: {c}");
        }
    }
    // Inferred order stays small: about one dependency per task, not every
    // pair of tasks in neighbouring phases.
    for (format, r) in &rows {
        assert!(
            r.inferred <= r.tasks * 3 / 2,
            "{format}: {} inferred dependencies for {} tasks",
            r.inferred,
            r.tasks
        );
    }
    for (format, r) in &rows {
        assert!(r.files >= 30, "{format}: only {} files", r.files);
        assert!(r.refused.is_empty(), "{format} refused: {:?}", r.refused);
        assert!(r.changed.is_empty(), "{format} changed: {:?}", r.changed);
        assert!(
            r.forward.is_empty(),
            "{format}: inferred dependencies on later tasks: {:?}",
            r.forward
        );
    }
}
