//! `planner-tui show`: a session's summary as plain text.
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::{CliError, Context};
use crate::plan::{AmbiguityState, Session, SpecItem};
use crate::sanitize::one_line;
use crate::store;

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// A session id (see `planner-tui list`) or the path of a session file
    #[arg(id = "session_name", value_name = "SESSION")]
    pub session: Option<String>,
}

pub fn run(ctx: &Context, args: &ShowArgs) -> Result<ExitCode, CliError> {
    let path = ctx.session_file(args.session.as_deref())?;
    let session = store::load(&path)?;
    print!("{}", summary(&session, &path));
    Ok(ExitCode::SUCCESS)
}

/// A list of spec items under its heading, with the spec's own label
/// where it has one; nothing when the list is empty.
fn items(o: &mut String, heading: &str, list: &[SpecItem]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(o, "\n{heading} ({})", list.len());
    let w = list.iter().map(|i| i.id.chars().count()).max().unwrap_or(0);
    for i in list {
        let label = i
            .label
            .as_deref()
            .map(|l| format!(" ({})", one_line(l)))
            .unwrap_or_default();
        let _ = writeln!(o, "  {:<w$}  {}{label}", i.id, one_line(&i.text));
    }
}

/// The text `show` prints. Every piece of user or model text is made safe
/// for the terminal.
pub fn summary(s: &Session, path: &Path) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} ({})", one_line(&s.title), s.id);
    let _ = writeln!(o, "  file     {}", path.display());
    let _ = writeln!(o, "  stage    {}", s.stage);
    let _ = writeln!(
        o,
        "  created  {}   updated {}",
        s.created.short(),
        s.updated.short()
    );

    let _ = writeln!(o, "\nRequirements ({})", s.spec.requirements.len());
    if s.spec.requirements.is_empty() {
        let _ = writeln!(o, "  none found in the spec");
    }
    let w = s
        .spec
        .requirements
        .iter()
        .map(|r| r.id.as_str().chars().count())
        .max()
        .unwrap_or(0);
    for r in &s.spec.requirements {
        let changed = if r.was.is_some() { "  (changed)" } else { "" };
        let _ = writeln!(o, "  {:<w$}  {}{changed}", r.id.as_str(), one_line(&r.text));
    }
    items(&mut o, "Out of scope", &s.spec.exclusions);
    items(&mut o, "Assumptions", &s.spec.assumptions);
    items(&mut o, "Open questions in the spec", &s.spec.questions);
    items(&mut o, "Edge cases", &s.spec.edge_cases);
    if !s.spec.entities.is_empty() {
        let names: Vec<String> = s.spec.entities.iter().map(|e| one_line(&e.name)).collect();
        let _ = writeln!(o, "\nEntities ({})\n  {}", names.len(), names.join(", "));
    }

    if !s.spec.constraints.is_empty() {
        let _ = writeln!(o, "\nConstraints ({})", s.spec.constraints.len());
        for c in &s.spec.constraints {
            let from = match (&c.from, &c.spec) {
                (Some(a), _) => format!(" (decision on {a})"),
                (None, Some(src)) => match &src.label {
                    Some(l) => format!(" (spec, {}, line {})", one_line(l), src.line),
                    None => format!(" (spec, line {})", src.line),
                },
                (None, None) => String::new(),
            };
            let _ = writeln!(o, "  {}  {}{from}", c.id, one_line(&c.text));
        }
    }

    let _ = writeln!(
        o,
        "\nTasks ({}, {} dependencies)",
        s.tasks.len(),
        s.dependency_count()
    );
    if s.tasks.is_empty() {
        let _ = writeln!(o, "  none yet");
    }
    let num_w = s.tasks.len().to_string().len();
    let pad = " ".repeat(num_w + 2);
    for (i, t) in s.tasks.iter().enumerate() {
        let mut status = if t.status.is_pending() {
            String::new()
        } else {
            format!("  [{}]", t.status.as_str())
        };
        // Subtasks stand indented under their parent, marked `↳`.
        let depth = s.depth(t);
        let indent = if depth == 0 {
            String::new()
        } else {
            format!("{}↳ ", "  ".repeat(depth - 1))
        };
        let source = t
            .source_id
            .as_deref()
            .map(|id| format!("  ({})", one_line(id)))
            .unwrap_or_default();
        if t.draft {
            status.push_str("  [draft: to break down]");
        }
        let _ = writeln!(
            o,
            "  {:>num_w$}. {indent}{}  {}{source}{status}",
            i + 1,
            t.id,
            one_line(&t.title)
        );
        if let Some(p) = t.parent {
            let title = s
                .task(p)
                .map_or_else(|| "missing".to_string(), |pt| one_line(&pt.title));
            let _ = writeln!(o, "  {pad}subtask of  {p} ({title})");
        }
        if !t.depends_on.is_empty() {
            let deps: Vec<String> = t
                .depends_on
                .iter()
                .map(|d| {
                    let inferred = if d.inferred { ", inferred" } else { "" };
                    match s.task(d.on) {
                        Some(_) => format!("{} ({}{inferred})", d.on, d.kind),
                        None => format!("{} ({}{inferred}, missing)", d.on, d.kind),
                    }
                })
                .collect();
            let _ = writeln!(o, "  {pad}depends on  {}", deps.join(", "));
        }
        if !t.produces.is_empty() {
            let items: Vec<String> = t.produces.iter().map(|p| one_line(p)).collect();
            let _ = writeln!(o, "  {pad}produces    {}", items.join(", "));
        }
        if let Some(v) = &t.verification {
            let _ = writeln!(o, "  {pad}verify      {}", one_line(v));
        }
        if !t.covers.is_empty() {
            let items: Vec<&str> = t.covers.iter().map(|r| r.as_str()).collect();
            let _ = writeln!(o, "  {pad}covers      {}", one_line(&items.join(", ")));
        }
        if let Some(g) = &t.group {
            let _ = writeln!(o, "  {pad}group       {}", one_line(g));
        }
    }

    let _ = writeln!(
        o,
        "\nAmbiguities ({}, {} open)",
        s.ambiguities.len(),
        s.open_ambiguities()
    );
    for a in &s.ambiguities {
        let _ = writeln!(
            o,
            "  {}  {:<12}  {:<20}  {}",
            a.id,
            a.state.label(),
            a.category.as_str(),
            one_line(&a.summary)
        );
        let detail = match &a.state {
            AmbiguityState::Resolved { decision } => Some(format!("decision: {decision}")),
            AmbiguityState::Deferred { reason } => Some(format!("deferred: {reason}")),
            AmbiguityState::NotAnIssue { note } if !note.is_empty() => {
                Some(format!("note: {note}"))
            }
            _ => None,
        };
        if let Some(d) = detail {
            let _ = writeln!(o, "      {}", one_line(&d));
        }
    }

    if let Some(origin) = &s.origin {
        let notes = origin
            .lines
            .iter()
            .filter(|l| matches!(l, crate::plan::SourceLine::Text(t) if !t.trim().is_empty()))
            .count();
        let kept = if notes > 0 {
            format!("; {notes} other lines of it are kept and written back on export")
        } else {
            String::new()
        };
        let _ = writeln!(o, "\nImported from a {}{kept}", origin.format);
    }

    if !s.versions.is_empty() {
        let _ = writeln!(o, "\nLocked versions ({})", s.versions.len());
        for v in &s.versions {
            let _ = writeln!(
                o,
                "  v{}  {}  {} tasks  {}",
                v.number,
                v.locked_at.short(),
                v.tasks.len(),
                one_line(&v.note)
            );
        }
    }
    o
}
