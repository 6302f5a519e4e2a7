//! Taskmaster `tasks.json`: any text through the reader, under the default
//! tag and a tag of its own; an imported plan must survive analysis.
#![no_main]
use libfuzzer_sys::fuzz_target;
use planner_tui::interop::read_tasks_json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for tag in ["master", "feature"] {
        if let Ok(imported) = read_tasks_json(text, tag) {
            let _ = planner_tui::analysis::analyse(&imported.session);
        }
    }
});
