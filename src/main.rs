//! The `planner-tui` binary: parse the command line and run it. (On this
//! branch only `check`; the full command line lives on main.)
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use planner_tui::cli::check::{self, CheckArgs};
use planner_tui::store::Store;

/// Turn a software spec into an ordered, dependency-mapped, verified
/// implementation plan.
#[derive(Debug, Parser)]
#[command(name = "planner-tui", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a plan: references, cycles, order, parallel groups, verification, coverage
    Check(CheckArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let data_dir = directories::ProjectDirs::from("", "", "planner-tui")
        .map_or_else(|| PathBuf::from("."), |d| d.data_dir().to_path_buf());
    match cli.command {
        Command::Check(args) => check::run(&args, &Store::new(data_dir)),
    }
}
