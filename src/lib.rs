//! planner-tui: turns a software spec into an ordered, dependency-mapped,
//! verified implementation plan.
pub mod analysis;
pub mod cli;
pub mod config;
pub mod execution;
pub mod export;
pub mod input;
pub mod interop;
pub mod llm;
pub mod logging;
pub mod mcp;
pub mod plan;
pub mod planners;
pub mod sanitize;
pub mod store;
pub mod tui;
pub mod validate;
pub mod versions;
pub mod worker;
pub mod workflow;
