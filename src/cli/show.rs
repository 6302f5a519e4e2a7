//! `planner-tui show`: a session's summary as plain text, written as it is
//! made (nothing is built up in memory) and in time linear in the plan.
use std::collections::HashSet;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use super::{CliError, Context};
use crate::plan::{AmbiguityState, Session, SpecItem, TaskId};
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
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match write_summary(&mut out, &session, &path).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // The reader went away (`show | head`): nothing more to say.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::from(2)),
        Err(e) => Err(CliError::usage(format!("cannot write to stdout: {e}"))),
    }
}

/// A list of spec items under its heading, with the spec's own label
/// where it has one; nothing when the list is empty.
fn items(o: &mut impl Write, heading: &str, list: &[SpecItem]) -> io::Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    writeln!(o, "\n{heading} ({})", list.len())?;
    let w = list.iter().map(|i| i.id.chars().count()).max().unwrap_or(0);
    for i in list {
        let label = i
            .label
            .as_deref()
            .map(|l| format!(" ({})", one_line(l)))
            .unwrap_or_default();
        writeln!(o, "  {:<w$}  {}{label}", i.id, one_line(&i.text))?;
    }
    Ok(())
}

/// Write the text `show` prints. Every piece of user or model text is made
/// safe for the terminal.
pub fn write_summary(o: &mut impl Write, s: &Session, path: &Path) -> io::Result<()> {
    writeln!(o, "{} ({})", one_line(&s.title), s.id)?;
    writeln!(o, "  file     {}", path.display())?;
    writeln!(o, "  stage    {}", s.stage)?;
    writeln!(
        o,
        "  created  {}   updated {}",
        s.created.short(),
        s.updated.short()
    )?;

    writeln!(o, "\nRequirements ({})", s.spec.requirements.len())?;
    if s.spec.requirements.is_empty() {
        writeln!(o, "  none found in the spec")?;
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
        writeln!(o, "  {:<w$}  {}{changed}", r.id.as_str(), one_line(&r.text))?;
    }
    items(o, "Out of scope", &s.spec.exclusions)?;
    items(o, "Assumptions", &s.spec.assumptions)?;
    items(o, "Open questions in the spec", &s.spec.questions)?;
    items(o, "Edge cases", &s.spec.edge_cases)?;
    if !s.spec.entities.is_empty() {
        let names: Vec<String> = s.spec.entities.iter().map(|e| one_line(&e.name)).collect();
        writeln!(o, "\nEntities ({})\n  {}", names.len(), names.join(", "))?;
    }

    if !s.spec.constraints.is_empty() {
        writeln!(o, "\nConstraints ({})", s.spec.constraints.len())?;
        for c in &s.spec.constraints {
            let from = match (&c.from, &c.spec) {
                (Some(a), _) => format!(" (decision on {a})"),
                (None, Some(src)) => match &src.label {
                    Some(l) => format!(" (spec, {}, line {})", one_line(l), src.line),
                    None => format!(" (spec, line {})", src.line),
                },
                (None, None) => String::new(),
            };
            writeln!(o, "  {}  {}{from}", c.id, one_line(&c.text))?;
        }
    }

    let repeats = match s.repeated_dependencies() {
        0 => String::new(),
        n => format!(" and {n} repeat{}", if n == 1 { "" } else { "s" }),
    };
    writeln!(
        o,
        "\nTasks ({}, {} dependencies{repeats})",
        s.tasks.len(),
        s.dependency_count()
    )?;
    if s.tasks.is_empty() {
        writeln!(o, "  none yet")?;
    }
    let ids: HashSet<TaskId> = s.tasks.iter().map(|t| t.id).collect();
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
        writeln!(
            o,
            "  {:>num_w$}. {indent}{}  {}{source}{status}",
            i + 1,
            t.id,
            one_line(&t.title)
        )?;
        if let Some(p) = t.parent {
            let title = s
                .task(p)
                .map_or_else(|| "missing".to_string(), |pt| one_line(&pt.title));
            writeln!(o, "  {pad}subtask of  {p} ({title})")?;
        }
        if !t.depends_on.is_empty() {
            // Each dependency once, as `check` counts them, noting what is odd.
            let deps: Vec<String> = t
                .folded_dependencies()
                .into_iter()
                .map(|(d, times)| {
                    let mut notes = d.kind.to_string();
                    if d.inferred {
                        notes.push_str(", inferred");
                    }
                    if d.on == t.id {
                        notes.push_str(", itself");
                    } else if !ids.contains(&d.on) {
                        notes.push_str(", missing");
                    }
                    if times > 1 {
                        notes.push_str(&format!(", listed {times} times"));
                    }
                    format!("{} ({notes})", d.on)
                })
                .collect();
            writeln!(o, "  {pad}depends on  {}", deps.join(", "))?;
        }
        if !t.produces.is_empty() {
            let items: Vec<String> = t.produces.iter().map(|p| one_line(p)).collect();
            writeln!(o, "  {pad}produces    {}", items.join(", "))?;
        }
        if let Some(v) = &t.verification {
            writeln!(o, "  {pad}verify      {}", one_line(v))?;
        }
        if !t.covers.is_empty() {
            let items: Vec<&str> = t.covers.iter().map(|r| r.as_str()).collect();
            writeln!(o, "  {pad}covers      {}", one_line(&items.join(", ")))?;
        }
        if let Some(g) = &t.group {
            writeln!(o, "  {pad}group       {}", one_line(g))?;
        }
    }

    writeln!(
        o,
        "\nAmbiguities ({}, {} open)",
        s.ambiguities.len(),
        s.open_ambiguities()
    )?;
    for a in &s.ambiguities {
        writeln!(
            o,
            "  {}  {:<12}  {:<20}  {}",
            a.id,
            a.state.label(),
            a.category.as_str(),
            one_line(&a.summary)
        )?;
        let detail = match &a.state {
            AmbiguityState::Resolved { decision } => Some(format!("decision: {decision}")),
            AmbiguityState::Deferred { reason } => Some(format!("deferred: {reason}")),
            AmbiguityState::NotAnIssue { note } if !note.is_empty() => {
                Some(format!("note: {note}"))
            }
            _ => None,
        };
        if let Some(d) = detail {
            writeln!(o, "      {}", one_line(&d))?;
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
        writeln!(o, "\nLocked versions ({})", s.versions.len())?;
        for v in &s.versions {
            writeln!(
                o,
                "  v{}  {}  {} tasks  {}",
                v.number,
                v.locked_at.short(),
                v.tasks.len(),
                one_line(&v.note)
            )?;
        }
    }
    Ok(())
}
