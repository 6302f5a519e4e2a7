//! The fuzz targets' checks, run in CI on every input the fuzzers found a
//! problem with (`tests/fixtures/fuzz/<target>/`) and on their seeds
//! (`fuzz/seeds/<target>/`): no panic, a parsed answer accepts and applies,
//! the chunking of a stream never changes its answer, and an imported Spec
//! Kit plan is one the store keeps as it is. See
//! docs/fuzzing.md for running the fuzzers themselves.
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use planner_tui::export::{Format, render};
use planner_tui::interop::speckit::read_tasks_md;
use planner_tui::interop::{ImportFormat, detect, import, read_tasks_json};
use planner_tui::llm::{ProviderKind, replay_stream, replay_whole};
use planner_tui::plan::{DepKind, Dependency, Edit, Session, Task, TaskId, Timestamp, apply};
use planner_tui::store::parse_session;
use planner_tui::workflow::{Step, parse};

/// Every input kept for `target`: regressions first, then seeds.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        root.join("tests/fixtures/fuzz").join(target),
        root.join("fuzz/seeds").join(target),
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            out.push((f, bytes));
        }
    }
    assert!(!out.is_empty(), "no inputs for {target}");
    out
}

#[test]
fn session_load() {
    for (file, data) in inputs("session_load") {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        if let Ok(s) = parse_session(Path::new("fuzz.toml"), text) {
            let _ = planner_tui::analysis::analyse(&s);
        }
        println!("ok {}", file.display());
    }
}

#[test]
fn taskmaster_import() {
    for (file, data) in inputs("taskmaster_import") {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        for tag in ["master", "feature"] {
            if let Ok(imported) = read_tasks_json(text, tag) {
                let _ = planner_tui::analysis::analyse(&imported.session);
            }
        }
        println!("ok {}", file.display());
    }
}

/// The `speckit_import` target's checks: detection and the reader agree,
/// and what is read has distinct ids below the counter, one-line titles,
/// loads back to itself from its saved form, and survives analysis and a
/// Spec Kit export.
fn check_speckit(file: &Path, text: &str) {
    let auto = import(text, ImportFormat::Auto, "Imported");
    if detect(text) != ImportFormat::Speckit {
        return;
    }
    let direct = read_tasks_md(text.trim_start_matches('\u{feff}'), "Imported");
    match (&auto, &direct) {
        (Ok(a), Ok(d)) => assert_eq!(&a.session, d, "{}: auto differs", file.display()),
        (Err(_), Err(_)) => {}
        _ => panic!("{}: auto {auto:?} vs direct {direct:?}", file.display()),
    }
    let Ok(s) = direct else {
        return;
    };
    assert!(!s.tasks.is_empty(), "{}", file.display());
    let mut ids = HashSet::new();
    for t in &s.tasks {
        assert!(ids.insert(t.id), "{}: {} twice", file.display(), t.id);
        assert!(
            t.id.0 < s.counters.next_task,
            "{}: {} at or above the counter {}",
            file.display(),
            t.id,
            s.counters.next_task
        );
        assert!(!t.title.trim().is_empty() && !t.title.contains('\n'));
    }
    let saved = toml::to_string(&s).expect("serialises");
    let loaded = parse_session(Path::new("fuzz.toml"), &saved)
        .unwrap_or_else(|e| panic!("{}: the saved import does not load: {e}", file.display()));
    assert_eq!(
        loaded,
        s,
        "{}: does not load back to itself",
        file.display()
    );
    let report = planner_tui::analysis::analyse(&s);
    let _ = render(Format::Speckit, &s, &report);
}

#[test]
fn speckit_import() {
    let mut read = 0;
    for (file, data) in inputs("speckit_import") {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        check_speckit(&file, text);
        read += usize::from(read_tasks_md(text, "x").is_ok());
        println!("ok {}", file.display());
    }
    assert!(read >= 3, "the seeds hold readable plans");
}

fn three_tasks() -> Session {
    let mut s = Session::new("fuzz", "Fuzz", Timestamp(1_764_000_000));
    let spec = "# Notes export\n\n- FR-1: Export notes as Markdown.\n- FR-2: Export notes as JSON.\n- FR-3: Keep links.\n";
    apply(
        &mut s,
        Edit::SetSpecText {
            text: spec.to_string(),
        },
    )
    .expect("spec");
    for (i, title) in ["Define types", "Write formatter", "Add command"]
        .iter()
        .enumerate()
    {
        let mut t = Task::new(TaskId(i as u32 + 1), *title);
        if i > 0 {
            t.depends_on = vec![Dependency::new(TaskId(i as u32), DepKind::Interface)];
        }
        apply(&mut s, Edit::AddTask { index: i, task: t }).expect("task");
    }
    s
}

#[test]
fn answer_parse() {
    let base = three_tasks();
    for (file, data) in inputs("answer_parse") {
        let raw = String::from_utf8_lossy(&data);
        for step in Step::ALL {
            let Ok(proposal) = parse(step, &raw, &base) else {
                continue;
            };
            let accepted = proposal
                .accept_all(&base)
                .unwrap_or_else(|e| panic!("{} ({step:?}): does not accept: {e}", file.display()));
            let mut s = base.clone();
            apply(&mut s, accepted.edit)
                .unwrap_or_else(|e| panic!("{} ({step:?}): does not apply: {e}", file.display()));
        }
        println!("ok {}", file.display());
    }
}

/// The fuzz target's reading of its input: byte 0 picks the dialect, byte 1
/// the chunk sizes, the rest is the stream.
fn chunks(data: &[u8]) -> Option<(ProviderKind, &[u8], Vec<Bytes>)> {
    if data.len() < 2 {
        return None;
    }
    let kind = if data[0] & 1 == 0 {
        ProviderKind::OpenAi
    } else {
        ProviderKind::Anthropic
    };
    let step = usize::from(data[1] % 16) + 1;
    let body = &data[2..];
    let mut out = Vec::new();
    let mut at = 0;
    let mut size = step;
    while at < body.len() {
        let end = (at + size).min(body.len());
        out.push(Bytes::copy_from_slice(&body[at..end]));
        at = end;
        size = size % 7 + step % 5 + 1;
    }
    Some((kind, body, out))
}

#[test]
fn sse_chunks() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
    for (file, data) in inputs("sse_chunks") {
        let Some((kind, body, pieces)) = chunks(&data) else {
            continue;
        };
        let (cut, _) = rt.block_on(replay_stream(kind, pieces));
        let (whole, _) = rt.block_on(replay_stream(kind, vec![Bytes::copy_from_slice(body)]));
        match (&cut, &whole) {
            (Ok(a), Ok(b)) => assert_eq!(a.text, b.text, "{}", file.display()),
            (Err(_), Err(_)) => {}
            _ => panic!(
                "{}: the chunking changed the outcome: {cut:?} vs {whole:?}",
                file.display()
            ),
        }
        if let Ok(text) = std::str::from_utf8(body) {
            let _ = replay_whole(kind, text);
        }
        println!("ok {}", file.display());
    }
}
