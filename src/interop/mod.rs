//! Plans in other tools' formats. Reading only, for now: Taskmaster's
//! `tasks.json` (see `docs/taskmaster.md` for the mapping).
pub mod taskmaster;

pub use taskmaster::{Imported, InteropError, read_tasks_json};
