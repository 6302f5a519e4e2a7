//! planner-tui: turns a software spec into an ordered, dependency-mapped,
//! verified implementation plan.
pub mod analysis;
pub mod cli;
pub mod interop;
pub mod llm;
pub mod plan;
pub mod store;
