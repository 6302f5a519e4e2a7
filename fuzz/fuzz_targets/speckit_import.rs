//! Spec Kit `tasks.md`: any text through format detection and the reader.
//! What is read must be a plan the app can keep: tasks with distinct ids
//! below the task counter, each with a one-line title, that saves and loads
//! back to itself and survives analysis and a Spec Kit export.
#![no_main]
use std::collections::HashSet;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use planner_tui::export::{Format, render};
use planner_tui::interop::speckit::read_tasks_md;
use planner_tui::interop::{ImportFormat, detect, import};
use planner_tui::plan::Session;
use planner_tui::store::parse_session;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let auto = import(text, ImportFormat::Auto, "Imported");
    if detect(text) != ImportFormat::Speckit {
        return;
    }
    let direct = read_tasks_md(text.trim_start_matches('\u{feff}'), "Imported");
    match (&auto, &direct) {
        (Ok(a), Ok(d)) => assert_eq!(&a.session, d, "auto-detected import differs"),
        (Err(_), Err(_)) => {}
        _ => panic!("auto-detected import and the Spec Kit reader disagree"),
    }
    if let Ok(s) = direct {
        check(&s);
    }
});

fn check(s: &Session) {
    assert!(!s.tasks.is_empty(), "a plan without tasks was read");
    let mut ids = HashSet::new();
    for t in &s.tasks {
        assert!(ids.insert(t.id), "task {} twice", t.id.0);
        assert!(
            t.id.0 < s.counters.next_task,
            "task {} at or above the counter",
            t.id.0
        );
        assert!(!t.title.trim().is_empty(), "task {} has no title", t.id.0);
        assert!(!t.title.contains('\n'), "task {} title spans lines", t.id.0);
    }
    let saved = toml::to_string(s).expect("an imported session serialises");
    let loaded = parse_session(Path::new("fuzz.toml"), &saved).expect("a saved import loads");
    assert_eq!(
        &loaded, s,
        "an imported session does not load back to itself"
    );
    let report = planner_tui::analysis::analyse(s);
    let _ = render(Format::Speckit, s, &report);
}
