//! The help overlay: every binding of every mode, generated from the key map.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::theme::{ACCENT, bold, dim, fit, overlay_block};
use crate::tui::keymap::{Keymap, Mode};
use crate::tui::layout::centered;
use crate::tui::state::State;

const KEY_COLUMN: usize = 18;

/// The help text for a box `width` columns wide (the command names, the
/// config vocabulary, are shown where they fit).
pub fn help_lines(keymap: &Keymap, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for mode in Mode::ALL {
        let bindings = keymap.bindings(mode);
        if bindings.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        let mut heading = vec![Span::styled(mode.title().to_string(), bold().fg(ACCENT))];
        if let Some(fallback) = mode.fallback() {
            heading.push(Span::styled(
                format!("  (and the keys of \"{}\")", fallback.title()),
                dim(),
            ));
        }
        lines.push(Line::from(heading));
        for (command, keys) in bindings {
            let mut spans = vec![
                Span::styled(format!("  {} ", fit(&keys.join(" "), KEY_COLUMN)), bold()),
                Span::raw(command.description()),
            ];
            let used = KEY_COLUMN + 3 + command.description().chars().count();
            if used + 2 + command.name().len() <= width {
                spans.push(Span::styled(format!("  {}", command.name()), dim()));
            }
            lines.push(Line::from(spans));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Mouse: a click focuses a pane and selects a row; the wheel scrolls the pane under the pointer (mouse = false in config.toml leaves the mouse to the terminal).",
        dim(),
    ));
    lines.push(Line::styled(
        "Rebind any key in config.toml under [keys.<mode>], e.g. [keys.tasks] \"x\" = \"delete_task\".",
        dim(),
    ));
    lines
}

/// Lines in the help, for scrolling.
pub fn help_len(keymap: &Keymap) -> usize {
    help_lines(keymap, usize::MAX).len()
}

pub fn render(state: &State, offset: usize, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 100, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let lines = help_lines(&state.keymap, rect.width.saturating_sub(2).into());
    let block = overlay_block("Keys").title_bottom(Line::styled(
        format!(" {} lines · ↑↓ scroll · Esc closes ", lines.len()),
        dim(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let max = lines.len().saturating_sub(inner.height as usize);
    let offset = offset.min(max);
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(offset).collect::<Vec<_>>()),
        inner,
    );
}
