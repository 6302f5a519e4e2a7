//! `planner-tui export SESSION --format F [-o FILE]`: write the plan as
//! Markdown, JSON, DOT, Mermaid, Taskmaster `tasks.json` or Spec Kit
//! `tasks.md`. The file is replaced atomically; `-o -` prints instead. A plan
//! with analysis errors is still exported, with a warning on stderr.
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
    /// md, json, dot, mermaid, taskmaster or speckit
    #[arg(long, short, value_enum, default_value_t = CliFormat::Md)]
    pub format: CliFormat,
    /// Where to write; `-` for stdout [default: <export_dir>/implementation-plan.md,
    /// plan.json, plan.dot, plan.mmd, tasks.json or tasks.md]
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
}

impl From<CliFormat> for Format {
    fn from(f: CliFormat) -> Format {
        match f {
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
    let format = Format::from(args.format);
    let text = export::render(format, &session, &report);
    let errors = report.count(Severity::Error);
    if errors > 0 {
        eprintln!(
            "planner-tui: warning: the plan has {errors} analysis error{} (see `planner-tui check {}`); exported anyway",
            if errors == 1 { "" } else { "s" },
            path.display()
        );
    }
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
