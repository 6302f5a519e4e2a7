//! The stage bar: the six stages, then validation and export, the current
//! stage highlighted and what is still open in each.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::theme::{ACCENT, dim, error, ok, warning};
use crate::analysis::{Code, Report, Severity};
use crate::plan::Stage;
use crate::tui::state::OpenSession;
use crate::validate::Readiness;

const SHORT: [&str; 6] = ["Gather", "Decompose", "Deps", "Ambig.", "Lock", "Verify"];

/// Findings with any of `codes`.
fn findings(report: &Report, codes: &[Code]) -> usize {
    report
        .findings
        .iter()
        .filter(|f| codes.contains(&f.code))
        .count()
}

/// What is still open in a stage, for its badge (counts from the analysis).
fn open_badge(open: &OpenSession, stage: Stage) -> Option<Span<'static>> {
    let s = &open.session;
    let report = &open.report;
    let count = |n: usize| (n > 0).then(|| Span::styled(format!(" ({n})"), warning()));
    match stage {
        Stage::Gather => s
            .spec
            .text
            .trim()
            .is_empty()
            .then(|| Span::styled(" (empty)", warning())),
        Stage::Decompose => s
            .tasks
            .is_empty()
            .then(|| Span::styled(" (none)", warning())),
        Stage::Dependencies => {
            let errors = report.count(Severity::Error);
            (errors > 0).then(|| Span::styled(format!(" ({errors})"), error()))
        }
        Stage::Ambiguities => count(s.open_ambiguities()),
        Stage::Resolve => s
            .versions
            .last()
            .map(|v| Span::styled(format!(" v{}", v.number), ok())),
        Stage::Verification => count(findings(
            report,
            &[Code::MissingVerification, Code::VagueVerification],
        )),
    }
}

pub fn render(open: &OpenSession, frame: &mut Frame, area: Rect) {
    let current = open.session.stage;
    let badges: Vec<Option<Span<'static>>> = Stage::ALL
        .into_iter()
        .map(|stage| open_badge(open, stage))
        .collect();
    // The verdict at a glance: ✓ ready (yellow with warnings), or how many
    // things block it.
    let validate = match open.verdict.readiness {
        Readiness::Ready => Span::styled(" ✓", ok()),
        Readiness::ReadyWithWarnings => Span::styled(" ✓", warning()),
        Readiness::NotReady => Span::styled(
            format!(
                " ({})",
                open.verdict.blockers.iter().map(|r| r.count).sum::<usize>()
            ),
            error(),
        ),
    };
    // From roomiest to tightest: full titles, short titles (the current
    // stage's in full), short titles without separators, numbers only (the
    // current stage keeps its short name).
    let build = |level: u8| {
        let sep = if level == 2 { " " } else { " · " };
        let mut spans = Vec::new();
        for (i, stage) in Stage::ALL.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(sep, dim()));
            }
            let is_current = stage == current;
            let label = match level {
                0 => format!("{} {}", stage.number(), stage.title()),
                // Where the user is keeps its full name.
                1 | 2 if is_current => format!("{} {}", stage.number(), stage.title()),
                1 | 2 => format!("{} {}", stage.number(), SHORT[i]),
                _ if is_current => format!("{} {}", stage.number(), SHORT[i]),
                _ => stage.number().to_string(),
            };
            let style = if is_current {
                Style::new()
                    .fg(ACCENT)
                    .add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else {
                Style::new()
            };
            spans.push(Span::styled(label, style));
            if let Some(badge) = &badges[i] {
                spans.push(badge.clone());
            }
        }
        spans.push(Span::styled(sep, dim()));
        spans.push(Span::raw("Validate"));
        spans.push(validate.clone());
        spans.push(Span::styled(sep, dim()));
        spans.push(Span::raw("Export"));
        Line::from(spans)
    };
    // The roomiest stage labels that leave space for some form of the
    // progress on the right; the tightest labels if none does.
    let width = area.width as usize;
    let variants = progress_variants(open);
    let fits = |line: &Line<'_>, p: &Line<'_>| line.width() + 2 + p.width() <= width;
    let (line, progress) = (0..4)
        .map(build)
        .filter(|l| l.width() <= width)
        .find_map(|l| {
            if variants.is_empty() {
                return Some((l, None));
            }
            let p = variants.iter().find(|p| fits(&l, p)).cloned();
            p.map(|p| (l, Some(p)))
        })
        .unwrap_or_else(|| {
            let l = build(3);
            let p = variants.iter().find(|p| fits(&l, p)).cloned();
            (l, p)
        });
    frame.render_widget(line, area);
    if let Some(p) = progress {
        let w = p.width() as u16;
        let rect = Rect::new(area.x + area.width - w, area.y, w, 1);
        frame.render_widget(p, rect);
    }
}

/// Done / total and the task to do now, from the widest form to the
/// narrowest; nothing for a plan without tasks.
fn progress_variants(open: &OpenSession) -> Vec<Line<'static>> {
    let p = &open.progress;
    if p.total == 0 {
        return Vec::new();
    }
    let done = p.done();
    let count_style = if done == p.total { ok() } else { Style::new() };
    let next: Option<Span<'static>> = match open.next {
        Some(id) => Some(Span::styled(
            id.to_string(),
            Style::new().fg(ACCENT).add_modifier(Modifier::BOLD),
        )),
        None if done + p.count(crate::plan::TaskStatus::Cancelled) == p.total => None,
        None => Some(Span::styled("blocked", warning())),
    };
    let mut out = Vec::new();
    for (label, next_label) in [("done", " · next "), ("", " → "), ("", "")] {
        let mut spans = vec![Span::styled(format!("{done}/{}", p.total), count_style)];
        if !label.is_empty() {
            spans.push(Span::styled(format!(" {label}"), dim()));
        }
        if let Some(n) = &next
            && !next_label.is_empty()
        {
            spans.push(Span::styled(next_label, dim()));
            spans.push(n.clone());
        }
        out.push(Line::from(spans));
    }
    out
}
