//! The findings overlay: the analysis findings grouped by severity, one line
//! each, and the selected one in full with its suggested fix.
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::theme::{self, bold, dim, fit, overlay_block, severity_style, wrapped_height};
use crate::analysis::Severity;
use crate::sanitize::one_line;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::layout::centered;
use crate::tui::state::findings::{row_of, rows};
use crate::tui::state::{FindingRow, FindingsView, State, scroll_to};

pub fn render(state: &State, view: &FindingsView, frame: &mut Frame, area: Rect) {
    let Some(open) = &state.open else {
        return;
    };
    let report = &open.report;
    let width = area.width.saturating_sub(4).min(110);
    let rect = centered(area, width, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let key = |c: Command| state.keymap.key_for(Mode::Findings, c).unwrap_or_default();
    let footer = format!(
        " {} go to task · {} apply fix · {} close ",
        key(Command::GoToTask),
        key(Command::ApplyFix),
        key(Command::Cancel)
    );
    let title = format!(
        "Findings: {} errors · {} warnings · {} suggestions",
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info)
    );
    let block = overlay_block(title).title_bottom(Line::styled(footer, dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if report.findings.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "No findings: references, order, cycles, verification and coverage are all in order.",
                dim(),
            ))
            .wrap(Wrap { trim: false }),
            inner,
        );
        return;
    }

    let selected = view.selected.min(report.findings.len() - 1);
    let detail = detail_lines(state, selected);
    let detail_height = wrapped_height(&detail, inner.width).min(inner.height / 2);
    let [list, detail_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(detail_height)]).areas(inner);

    let rows = rows(report);
    let height = list.height as usize;
    let offset = scroll_to(view.offset, row_of(&rows, selected), height);
    let width = list.width as usize;
    let lines: Vec<Line> = rows
        .iter()
        .skip(offset)
        .take(height)
        .map(|row| match *row {
            FindingRow::Heading(severity, count) => Line::styled(
                format!("{} ({count})", heading(severity)),
                bold().patch(severity_style(severity.into())),
            ),
            FindingRow::Finding(i) => {
                let f = &report.findings[i];
                let code = format!("{:<22}", f.code.as_str());
                let fix = if f.fix.is_some() { " ✚" } else { "  " };
                let used = 2 + code.chars().count() + 1 + fix.chars().count();
                let line = Line::from(vec![
                    Span::styled("● ", severity_style(f.severity.into())),
                    Span::styled(code, dim()),
                    Span::raw(" "),
                    Span::raw(fit(&one_line(&f.message), width.saturating_sub(used))),
                    Span::styled(fix, theme::ok()),
                ]);
                if i == selected {
                    line.patch_style(theme::selected(true))
                } else {
                    line
                }
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(
        Paragraph::new(detail).wrap(Wrap { trim: false }),
        detail_area,
    );
}

fn heading(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Suggestions",
    }
}

/// The selected finding in full: its message, the tasks it names, its fix.
fn detail_lines(state: &State, selected: usize) -> Vec<Line<'static>> {
    let Some(finding) = state
        .open
        .as_ref()
        .and_then(|o| o.report.findings.get(selected))
    else {
        return Vec::new();
    };
    let mut lines = vec![
        Line::styled("─".repeat(40), dim()),
        Line::from(one_line(&finding.message)),
    ];
    if !finding.tasks.is_empty() {
        let tasks: Vec<String> = finding.tasks.iter().map(|t| t.label()).collect();
        lines.push(theme::field("Tasks", tasks.join(", ")));
    }
    let fix = match &finding.fix {
        Some(fix) => {
            let key = state
                .keymap
                .key_for(Mode::Findings, Command::ApplyFix)
                .unwrap_or_default();
            format!("{key}: {}", one_line(&fix.description))
        }
        None => "none automatic; change the plan by hand".to_string(),
    };
    lines.push(theme::field("Fix", fix));
    lines
}
