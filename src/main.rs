//! The `planner-tui` binary: parse the command line and run it.
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    planner_tui::cli::run(planner_tui::cli::Cli::parse())
}
