//! The stage bar: the six stages, then validation and export, the current
//! stage highlighted and what is still open in each.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::tasks::has_verification;
use super::theme::{ACCENT, dim, ok, warning};
use crate::plan::Stage;
use crate::tui::state::{OpenSession, Severity, State};

const SHORT: [&str; 6] = ["Gather", "Decompose", "Deps", "Ambig.", "Lock", "Verify"];

/// What is still open in a stage, for its badge.
fn open_badge(state: &State, open: &OpenSession, stage: Stage) -> Option<Span<'static>> {
    let s = &open.session;
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
        Stage::Dependencies => count(
            state
                .markers
                .values()
                .filter(|m| m.severity == Severity::Error)
                .count(),
        ),
        Stage::Ambiguities => count(s.open_ambiguities()),
        Stage::Resolve => s
            .versions
            .last()
            .map(|v| Span::styled(format!(" v{}", v.number), ok())),
        Stage::Verification => count(s.tasks.iter().filter(|t| !has_verification(t)).count()),
    }
}

pub fn render(state: &State, open: &OpenSession, frame: &mut Frame, area: Rect) {
    let current = open.session.stage;
    let badges: Vec<Option<Span<'static>>> = Stage::ALL
        .into_iter()
        .map(|stage| open_badge(state, open, stage))
        .collect();
    // From roomiest to tightest: full titles, short titles, short titles
    // without separators, numbers only (the current stage keeps its name).
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
        for last in ["Validate", "Export"] {
            spans.push(Span::styled(sep, dim()));
            spans.push(Span::raw(last));
        }
        Line::from(spans)
    };
    let line = (0..4)
        .map(build)
        .find(|l| l.width() <= area.width as usize)
        .unwrap_or_else(|| build(3));
    frame.render_widget(line, area);
}
