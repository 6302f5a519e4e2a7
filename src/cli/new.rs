//! `planner-tui new`: create a session from a title and optional spec and
//! context files, then open it in the terminal app when there is a terminal.
use std::path::PathBuf;
use std::process::ExitCode;

use super::{CliError, Context, read_text_file};
use crate::input::Limit;
use crate::plan::{Edit, Session, Timestamp, apply};
use crate::store;

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The session's title, e.g. "Outbound webhooks"
    #[arg(long, short)]
    pub title: String,
    /// The spec: a UTF-8 text or Markdown file
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    /// A description of the existing system the plan lands in
    #[arg(long, value_name = "FILE")]
    pub context: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: &NewArgs) -> Result<ExitCode, CliError> {
    let title = args.title.trim();
    if title.is_empty() {
        return Err(CliError::usage("the title is empty; give one with --title"));
    }
    let spec = args
        .spec
        .as_deref()
        .map(|p| read_text_file(p, Limit::spec("spec file")))
        .transpose()?;
    let context = args
        .context
        .as_deref()
        .map(|p| read_text_file(p, Limit::spec("context file")))
        .transpose()?;

    let (id, path) = match &ctx.session_path {
        Some(p) => (id_from_path(p), p.clone()),
        None => {
            let id = ctx.store.new_id(title);
            let path = ctx.store.path_for_id(&id);
            (id, path)
        }
    };
    let mut session = Session::new(id.clone(), title, Timestamp::now());
    if let Some(text) = spec {
        apply(&mut session, Edit::SetSpecText { text })?;
    }
    if let Some(text) = context {
        apply(&mut session, Edit::SetContext { text })?;
    }
    store::create(&path, &session)?;
    println!("Created session {id}");
    println!("  file          {}", path.display());
    println!(
        "  requirements  {} found in the spec",
        session.spec.requirements.len()
    );
    let show = match &ctx.session_path {
        Some(p) => format!("planner-tui show {}", p.display()),
        None => format!("planner-tui show {id}"),
    };
    if crate::tui::terminal::is_terminal() {
        return Ok(crate::tui::launch(ctx, Some(path)));
    }
    println!("Next: {show}");
    Ok(ExitCode::SUCCESS)
}

/// A session stored at a chosen path takes its id from the file name.
pub(super) fn id_from_path(p: &std::path::Path) -> String {
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        "session".into()
    } else {
        slug
    }
}
