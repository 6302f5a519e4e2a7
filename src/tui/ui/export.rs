//! The export dialog: the formats with their usual file and purpose, the
//! file to write, and whether the analysis found errors the export will show.
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::{ACCENT, bold, dim, error, ok, overlay_block, selected, warning};
use crate::export::Format;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::layout::centered;
use crate::tui::state::export::describe;
use crate::tui::state::{ExportDialog, State};
use crate::validate::Readiness;

pub fn render(state: &State, dialog: &ExportDialog, frame: &mut Frame, area: Rect) {
    let formats = Format::ALL.len() as u16;
    let rect = centered(area, 84, formats + 7);
    frame.render_widget(Clear, rect);
    let block = overlay_block("Export the plan").title_bottom(Line::styled(
        " ↑/↓ format · type to change the file · Enter writes · Esc cancels ",
        dim(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [list, _, label, field, verdict] = Layout::vertical([
        Constraint::Length(formats),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(1),
    ])
    .areas(inner);

    let rows: Vec<Line> = Format::ALL
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let line = Line::from(vec![
                Span::styled(format!(" {:<11}", f.key()), bold()),
                Span::raw(format!("{:<24}", f.default_file_name())),
                Span::styled(describe(*f), dim()),
            ]);
            if i == dialog.format {
                line.style(selected(true))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), list);
    frame.render_widget(
        Paragraph::new(Line::styled(
            " File (replaced atomically; asks first if it exists)",
            dim(),
        )),
        label,
    );
    let field_block = Block::new()
        .borders(Borders::BOTTOM)
        .border_style(Style::new().fg(ACCENT));
    let field_inner = field_block.inner(field);
    frame.render_widget(field_block, field);
    frame.render_widget(&dialog.path, field_inner);
    frame.render_widget(Paragraph::new(verdict_line(state)), verdict);
}

fn verdict_line(state: &State) -> Line<'static> {
    let Some(open) = &state.open else {
        return Line::raw("");
    };
    // The same verdict as the stage bar, the Validate view and the export.
    let findings = match state.keymap.key_for(Mode::Global, Command::Findings) {
        Some(k) if !open.report.findings.is_empty() => format!(" ({k} lists them)"),
        _ => String::new(),
    };
    let headline = open.verdict.headline();
    match open.verdict.readiness {
        Readiness::Ready => Line::styled(format!(" ✓ {headline}."), ok()),
        Readiness::ReadyWithWarnings => {
            Line::styled(format!(" ✓ {headline}{findings}."), warning())
        }
        Readiness::NotReady => Line::styled(format!(" ✗ {headline}{findings}."), error()),
    }
}
