//! `planner-tui import FILE`: read a Taskmaster `tasks.json`, a Spec Kit
//! `tasks.md` or a planner-tui plan JSON into a new session, and print its
//! id and file like `new` does.
use std::path::PathBuf;
use std::process::ExitCode;

use super::{CliError, Context, read_text_file};
use crate::input::Limit;
use crate::interop::{ImportFormat, import_tag};
use crate::plan::Timestamp;
use crate::store;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file to read: tasks.json (Taskmaster), tasks.md (Spec Kit) or plan.json (planner-tui)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The file's format; auto detects it from the content
    #[arg(long, short, value_enum, default_value_t = CliImportFormat::Auto)]
    pub format: CliImportFormat,
    /// The new session's title [default: the file's own title]
    #[arg(long, short)]
    pub title: Option<String>,
    /// The Taskmaster tag to read
    #[arg(long, default_value = "master")]
    pub tag: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CliImportFormat {
    Auto,
    Taskmaster,
    Speckit,
    Json,
}

impl From<CliImportFormat> for ImportFormat {
    fn from(f: CliImportFormat) -> ImportFormat {
        match f {
            CliImportFormat::Auto => ImportFormat::Auto,
            CliImportFormat::Taskmaster => ImportFormat::Taskmaster,
            CliImportFormat::Speckit => ImportFormat::Speckit,
            CliImportFormat::Json => ImportFormat::Json,
        }
    }
}

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<ExitCode, CliError> {
    let text = read_text_file(&args.file, Limit::import("import file"))?;
    let fallback = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Imported plan".into());
    let imported = import_tag(&text, args.format.into(), &fallback, &args.tag)
        .map_err(|e| CliError::usage(format!("cannot import {}: {e}", args.file.display())))?;
    let mut session = imported.session;
    if let Some(t) = args
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        session.title = t.to_string();
    }
    let (id, path) = match &ctx.session_path {
        Some(p) => (super::new::id_from_path(p), p.clone()),
        None => {
            let id = ctx.store.new_id(&session.title);
            let path = ctx.store.path_for_id(&id);
            (id, path)
        }
    };
    session.id = id.clone();
    if session.created == Timestamp::default() {
        session.created = Timestamp::now();
        session.updated = session.created;
    }
    store::create(&path, &session)?;
    println!("Imported {} as session {id}", imported.format);
    println!("  file   {}", path.display());
    println!("  tasks  {}", session.tasks.len());
    if !imported.other_tags.is_empty() {
        eprintln!(
            "planner-tui: note: read tag `{}`; the file also has {} (import one with --tag NAME)",
            crate::sanitize::one_line(&args.tag),
            crate::sanitize::one_line(&imported.other_tags.join(", "))
        );
    }
    let show = match &ctx.session_path {
        Some(p) => format!("planner-tui check {}", p.display()),
        None => format!("planner-tui check {id}"),
    };
    println!("Next: {show}");
    Ok(ExitCode::SUCCESS)
}
