//! `planner-tui import FILE`: read a Taskmaster `tasks.json`, a Spec Kit
//! `tasks.md`, a Kiro spec (its folder, or its `tasks.md` with the
//! `requirements.md` and `design.md` beside it) or a planner-tui plan JSON
//! into a new session, and print its id and file like `new` does.
use std::path::PathBuf;
use std::process::ExitCode;

use super::{CliError, Context, read_text_file};
use crate::input::Limit;
use crate::interop::{ImportFormat, import::import_kiro};
use crate::plan::Timestamp;
use crate::store;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file to read: tasks.json (Taskmaster), tasks.md (Spec Kit or Kiro), a Kiro spec folder
    /// (.kiro/specs/FEATURE) or plan.json (planner-tui)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The file's format; auto detects it from the content
    #[arg(long, short, value_enum, default_value_t = CliImportFormat::Auto)]
    pub format: CliImportFormat,
    /// The new session's title [default: the file's own title]
    #[arg(long, short)]
    pub title: Option<String>,
    /// The Taskmaster tag to read [default: master, or the only tag with tasks]
    #[arg(long)]
    pub tag: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CliImportFormat {
    Auto,
    Taskmaster,
    Speckit,
    Kiro,
    Json,
}

impl From<CliImportFormat> for ImportFormat {
    fn from(f: CliImportFormat) -> ImportFormat {
        match f {
            CliImportFormat::Auto => ImportFormat::Auto,
            CliImportFormat::Taskmaster => ImportFormat::Taskmaster,
            CliImportFormat::Speckit => ImportFormat::Speckit,
            CliImportFormat::Kiro => ImportFormat::Kiro,
            CliImportFormat::Json => ImportFormat::Json,
        }
    }
}

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<ExitCode, CliError> {
    // A Kiro spec is a folder; its tasks.md is read with the files beside it.
    let (file, folder) = if args.file.is_dir() {
        let tasks = args.file.join("tasks.md");
        if !tasks.is_file() {
            return Err(CliError::usage(format!(
                "cannot import {}: it is a folder without a tasks.md; give a Kiro spec folder \
                 (.kiro/specs/FEATURE/) or a file",
                args.file.display()
            )));
        }
        (tasks, Some(args.file.clone()))
    } else {
        (args.file.clone(), None)
    };
    let text = read_text_file(&file, Limit::import("import file"))?;
    let beside = |name: &str| -> Result<Option<String>, CliError> {
        let is_tasks_md = file.file_name().is_some_and(|n| n == "tasks.md");
        match file.parent().map(|d| d.join(name)) {
            Some(p) if is_tasks_md && p.is_file() => {
                read_text_file(&p, Limit::import("Kiro file")).map(Some)
            }
            _ => Ok(None),
        }
    };
    let (requirements, design) = (beside("requirements.md")?, beside("design.md")?);
    let named = folder.as_deref().unwrap_or(&file);
    let fallback = named
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Imported plan".into());
    let format = match (args.format, &folder) {
        (CliImportFormat::Auto, Some(_)) => ImportFormat::Kiro,
        (f, _) => f.into(),
    };
    let imported = import_kiro(
        &text,
        requirements.as_deref(),
        design.as_deref(),
        format,
        &fallback,
        args.tag.as_deref(),
    )
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
            crate::sanitize::one_line(imported.tag.as_deref().unwrap_or("master")),
            crate::sanitize::one_line(&imported.other_tags.join(", "))
        );
    }
    for w in &imported.warnings {
        eprintln!(
            "planner-tui: warning: {}: {}",
            file.display(),
            crate::sanitize::one_line(w)
        );
    }
    let show = match &ctx.session_path {
        Some(p) => format!("planner-tui check {}", p.display()),
        None => format!("planner-tui check {id}"),
    };
    println!("Next: {show}");
    Ok(ExitCode::SUCCESS)
}
