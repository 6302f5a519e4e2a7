//! A validation as text for a terminal or a log: the verdict, then the three
//! passes, wrapped to 80 columns. Everything from the session or the model
//! is sanitised on the way out.
use std::fmt::Write as _;

use super::{Entry, Reading, Validation, plural};
use crate::plan::Session;
use crate::sanitize::one_line;

const WIDTH: usize = 80;
/// Tasks listed per requirement; `--json` has them all.
const MAX_TASKS: usize = 12;

/// The whole validation. `not_run` says why readings were not asked for
/// (shown as "not run (…)").
pub fn render(session: &Session, v: &Validation, not_run: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Validation: {} ({} task{}, {} requirement{})",
        one_line(&session.title),
        session.tasks.len(),
        plural(session.tasks.len()),
        v.completeness.requirements.len(),
        plural(v.completeness.requirements.len())
    );
    verdict(&mut out, v);
    completeness(&mut out, v, not_run);
    ordering(&mut out, session, v);
    integration(&mut out, v, not_run);
    let _ = writeln!(out, "\n{}", v.verdict.headline());
    out
}

fn verdict(out: &mut String, v: &Validation) {
    let _ = writeln!(out, "{}", v.verdict.headline());
    let list = |rs: &[super::Reason]| {
        rs.iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !v.verdict.blockers.is_empty() {
        line(out, 2, &format!("blocking: {}", list(&v.verdict.blockers)));
    }
    if !v.verdict.warnings.is_empty() {
        line(out, 2, &format!("warnings: {}", list(&v.verdict.warnings)));
    }
}

fn completeness(out: &mut String, v: &Validation, not_run: &str) {
    let c = &v.completeness;
    let _ = writeln!(
        out,
        "\nCompleteness: {} of {} requirement{} covered",
        c.covered(),
        c.requirements.len(),
        plural(c.requirements.len())
    );
    if c.requirements.is_empty() {
        line(
            out,
            2,
            "No requirements were found in the spec: write them as bullet or numbered lines, \
             labelled lines (FR-1: ...) or sentences that say must, shall or should.",
        );
    }
    let id_width = c
        .requirements
        .iter()
        .map(|r| one_line(r.requirement.as_str()).chars().count())
        .max()
        .unwrap_or(0)
        .min(12);
    for row in &c.requirements {
        let mark = if row.is_covered() { "✓" } else { "✗" };
        let id = one_line(row.requirement.as_str());
        let head = format!("  {mark} {id:<id_width$}  ");
        let indent = head.chars().count();
        let text = cut(&one_line(&row.text), WIDTH.saturating_sub(indent).max(20));
        let _ = writeln!(out, "{head}{text}");
        let by = if row.tasks.is_empty() {
            "covered by no task".to_string()
        } else {
            let shown: Vec<String> = row
                .tasks
                .iter()
                .take(MAX_TASKS)
                .map(|t| t.to_string())
                .collect();
            let more = row.tasks.len().saturating_sub(MAX_TASKS);
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!("covered by {}{tail}", shown.join(", "))
        };
        let _ = writeln!(out, "{}{by}", " ".repeat(indent));
    }
    entries(out, &c.findings);
    let new = c.new_model_gaps();
    let repeated = c.model.entries().len() - new.len();
    let what = if repeated > 0 {
        format!(
            "new gap{{s}} ({repeated} more repeat{} uncovered rows above)",
            if repeated == 1 { "s" } else { "" }
        )
    } else {
        "gap{s}".to_string()
    };
    reading(out, &c.model, &new, &what, not_run);
}

fn ordering(out: &mut String, session: &Session, v: &Validation) {
    let o = &v.ordering;
    let errors = o.errors();
    if errors == 0 && session.tasks.is_empty() {
        let _ = writeln!(out, "\nOrdering: no tasks to order yet");
    } else if errors == 0 {
        let _ = writeln!(out, "\nOrdering: in order");
        let waves = match o.waves {
            Some(w) => format!(", {w} parallel wave{}", plural(w)),
            None => String::new(),
        };
        line(
            out,
            2,
            &format!(
                "Every task comes after what it depends on; every dependency names a task of the plan \
                 ({} dependenc{}{waves}).",
                o.dependencies,
                if o.dependencies == 1 { "y" } else { "ies" }
            ),
        );
    } else {
        let _ = writeln!(out, "\nOrdering: {errors} error{}", plural(errors));
    }
    entries(out, &o.findings);
}

fn integration(out: &mut String, v: &Validation, not_run: &str) {
    let i = &v.integration;
    let flags = i.findings.len();
    if flags == 0 {
        let _ = writeln!(out, "\nIntegration: no vague wording");
    } else {
        let _ = writeln!(
            out,
            "\nIntegration: {flags} task{} that integrate{} without saying how",
            plural(flags),
            if flags == 1 { "s" } else { "" }
        );
    }
    entries(out, &i.findings);
    let all: Vec<&Entry> = i.model.entries().iter().collect();
    reading(out, &i.model, &all, "concern{s}", not_run);
}

fn entries(out: &mut String, list: &[Entry]) {
    for e in list {
        let head = match e.code {
            Some(code) => format!("{}[{code}]: ", e.severity),
            None => format!("{}: ", e.severity),
        };
        line(out, 2, &format!("{head}{}", one_line(&e.text)));
    }
}

/// A reading; when done, `shown` are the entries to list and `what` says
/// what they are (`{s}` becomes the plural ending).
fn reading(out: &mut String, r: &Reading, shown: &[&Entry], what: &str, not_run: &str) {
    match r {
        Reading::NotRun => line(out, 2, &format!("Model reading: not run ({not_run})")),
        Reading::Pending => line(out, 2, "Model reading: not finished"),
        Reading::Failed { error } => line(
            out,
            2,
            &format!("Model reading failed: {}", one_line(error)),
        ),
        Reading::Done(m) => {
            let n = shown.len();
            let what = what.replace("{s}", plural(n));
            line(out, 2, &format!("Read by {}: {n} {what}", r.reader()));
            for e in shown {
                let link = e
                    .link
                    .as_ref()
                    .map(|l| format!("{}: ", one_line(&l.to_string())))
                    .unwrap_or_default();
                line(out, 4, &format!("{link}{}", one_line(&e.text)));
            }
            for note in &m.notes {
                line(out, 4, &format!("note: {}", one_line(note)));
            }
        }
    }
}

/// `text` wrapped to [`WIDTH`] at spaces, the first line indented by
/// `indent`, the rest by `indent + 2`.
fn line(out: &mut String, indent: usize, text: &str) {
    let mut col = indent;
    out.push_str(&" ".repeat(indent));
    let mut first = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = word.chars().count();
        if !first && col + 1 + w > WIDTH {
            out.push('\n');
            out.push_str(&" ".repeat(indent + 2));
            col = indent + 2;
        } else if !first {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += w;
        first = false;
    }
    out.push('\n');
}

/// At most `max` characters, with `…` when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}
