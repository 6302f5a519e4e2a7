//! `planner-tui export SESSION --format F [-o FILE]`: write the plan as
//! Markdown, JSON, DOT, Mermaid, Taskmaster `tasks.json`, Spec Kit
//! `tasks.md` or a Kiro spec folder. Files are replaced atomically; `-o -`
//! prints instead. A plan with analysis errors is still exported, with a
//! warning on stderr.
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{CliError, Context};
use crate::analysis::{Severity, analyse};
use crate::export::{self, Format};
use crate::store;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// A session id (see `planner-tui list`) or the path of a session file
    #[arg(id = "session_name", value_name = "SESSION")]
    pub session: Option<String>,
    /// md, json, dot, mermaid, taskmaster, speckit or kiro
    #[arg(long, short, value_enum, default_value_t = CliFormat::Md)]
    pub format: CliFormat,
    /// Where to write; `-` for stdout [default: <export_dir>/implementation-plan.md,
    /// plan.json, plan.dot, plan.mmd, tasks.json or tasks.md; for kiro the folder
    /// <export_dir>/.kiro/specs/FEATURE/]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CliFormat {
    Md,
    Json,
    Dot,
    Mermaid,
    Taskmaster,
    Speckit,
    /// A Kiro spec folder: requirements.md, design.md, tasks.md
    Kiro,
}

impl From<CliFormat> for Format {
    fn from(f: CliFormat) -> Format {
        match f {
            // The folder is written by `kiro_folder`; a single file is its tasks.md.
            CliFormat::Kiro => Format::Markdown,
            CliFormat::Md => Format::Markdown,
            CliFormat::Json => Format::Json,
            CliFormat::Dot => Format::Dot,
            CliFormat::Mermaid => Format::Mermaid,
            CliFormat::Taskmaster => Format::Taskmaster,
            CliFormat::Speckit => Format::Speckit,
        }
    }
}

pub fn run(ctx: &Context, args: &ExportArgs) -> Result<ExitCode, CliError> {
    let path = ctx.session_file(args.session.as_deref())?;
    let session = store::load(&path)?;
    let report = analyse(&session);
    if args.format == CliFormat::Kiro {
        warn_errors(&report, &path);
        return kiro_folder(ctx, args, &session, &report);
    }
    let format = Format::from(args.format);
    let text = export::render(format, &session, &report);
    warn_errors(&report, &path);
    match args.output.as_deref() {
        Some(p) if p.as_os_str() == "-" => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => return Err(CliError::usage(format!("cannot write to stdout: {e}"))),
            }
        }
        other => {
            // A directory means the format's usual file inside it.
            let target = match other {
                Some(p) if p.is_dir() => p.join(format.default_file_name()),
                Some(p) => p.to_path_buf(),
                None => ctx.config.export_dir.join(format.default_file_name()),
            };
            store::write_file(&target, text.as_bytes())?;
            println!("{}", target.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn warn_errors(report: &crate::analysis::Report, path: &std::path::Path) {
    let errors = report.count(Severity::Error);
    if errors > 0 {
        eprintln!(
            "planner-tui: warning: the plan has {errors} analysis error{} (see `planner-tui check {}`); exported anyway",
            if errors == 1 { "" } else { "s" },
            path.display()
        );
    }
}

/// `--format kiro`: the spec folder's files into `-o DIR` (made if needed)
/// or `<export_dir>/.kiro/specs/FEATURE/`; `-o -` prints its tasks.md.
fn kiro_folder(
    ctx: &Context,
    args: &ExportArgs,
    session: &crate::plan::Session,
    report: &crate::analysis::Report,
) -> Result<ExitCode, CliError> {
    let files = export::kiro::render_files(session, report);
    let dir = match args.output.as_deref() {
        Some(p) if p.as_os_str() == "-" => {
            let tasks = files
                .iter()
                .find(|(name, _)| *name == "tasks.md")
                .map_or("", |(_, t)| t.as_str());
            let mut out = std::io::stdout().lock();
            return match out.write_all(tasks.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
                Err(e) => Err(CliError::usage(format!("cannot write to stdout: {e}"))),
            };
        }
        Some(p) => p.to_path_buf(),
        None => ctx
            .config
            .export_dir
            .join(".kiro")
            .join("specs")
            .join(feature_name(session)),
    };
    std::fs::create_dir_all(&dir).map_err(|e| {
        CliError::usage(format!(
            "cannot make the folder {}: {}",
            dir.display(),
            crate::input::reason(&e)
        ))
    })?;
    for (name, text) in &files {
        let target = dir.join(name);
        store::write_file(&target, text.as_bytes())?;
        println!("{}", target.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Kiro's folder name for the plan: its title in lower case, words joined by `-`.
fn feature_name(s: &crate::plan::Session) -> String {
    let words: Vec<String> = s
        .title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "plan".to_string()
    } else {
        words.join("-")
    }
}
