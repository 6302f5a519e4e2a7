//! Write a generated session file, for measuring commands on big plans:
//! `cargo run --release --example gen_session -- TASKS PATH [faulty]`
//! (three dependencies per task on average, the same plan the benches use;
//! `faulty` adds one dangling, self, repeated, cyclic and misplaced
//! dependency per 50 tasks of each kind).
use std::process::ExitCode;

use planner_tui::plan::generate::{Faults, GenOptions, generate};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(tasks), Some(path)) = (args.first(), args.get(1)) else {
        eprintln!("usage: gen_session TASKS PATH [faulty]");
        return ExitCode::from(2);
    };
    let Ok(tasks) = tasks.parse::<usize>() else {
        eprintln!("gen_session: TASKS must be a whole number, not `{tasks}`");
        return ExitCode::from(2);
    };
    let mut opts = GenOptions::new(tasks, tasks * 3);
    if args.get(2).is_some_and(|a| a == "faulty") {
        let k = tasks / 50;
        opts.faults = Faults {
            dangling: k,
            self_dependencies: k,
            duplicates: k,
            cycles: 0,
            misorders: k,
        };
    }
    let (session, _) = generate(&opts);
    match planner_tui::store::save(std::path::Path::new(path), &session) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_session: {e}");
            ExitCode::from(2)
        }
    }
}
