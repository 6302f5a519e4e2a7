//! Model answers: any text as the answer to every step, against a small
//! plan. Whatever proposal comes back must accept whole and apply cleanly.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use planner_tui::plan::{DepKind, Dependency, Edit, Session, Task, TaskId, Timestamp, apply};
use planner_tui::workflow::{Step, parse};

const SPEC: &str = "# Notes export\n\n- FR-1: Export notes as Markdown.\n- FR-2: Export notes as JSON.\n- FR-3: Keep links.\n";

fn session() -> &'static Session {
    static SESSION: OnceLock<Session> = OnceLock::new();
    SESSION.get_or_init(|| {
        let mut s = Session::new("fuzz", "Fuzz", Timestamp(1_764_000_000));
        apply(
            &mut s,
            Edit::SetSpecText {
                text: SPEC.to_string(),
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
    })
}

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let base = session();
    for step in Step::ALL {
        let Ok(proposal) = parse(step, &raw, base) else {
            continue;
        };
        let _ = proposal.describe();
        let accepted = match proposal.accept_all(base) {
            Ok(a) => a,
            Err(e) => panic!("{step:?}: a parsed proposal does not accept: {e}\n{proposal:?}"),
        };
        let mut s = base.clone();
        if let Err(e) = apply(&mut s, accepted.edit) {
            panic!("{step:?}: an accepted proposal does not apply: {e}\n{proposal:?}");
        }
    }
});
