//! Colours and the few shared drawing helpers (pane frames, truncation).
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};
use unicode_width::UnicodeWidthStr;

use crate::plan::DepKind;
use crate::tui::state::Severity;

pub const ACCENT: Color = Color::Cyan;
pub const DIM: Color = Color::DarkGray;
pub const ERROR: Color = Color::Red;
pub const WARNING: Color = Color::Yellow;
pub const OK: Color = Color::Green;
pub const UPSTREAM: Color = Color::Blue;
pub const DOWNSTREAM: Color = Color::Green;

pub fn dim() -> Style {
    Style::new().fg(DIM)
}
pub fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}
pub fn error() -> Style {
    Style::new().fg(ERROR)
}
pub fn warning() -> Style {
    Style::new().fg(WARNING)
}
pub fn ok() -> Style {
    Style::new().fg(OK)
}

/// The selected row: reversed in the focused pane, bold elsewhere.
pub fn selected(focused: bool) -> Style {
    if focused {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
}

/// A pane's frame; the focused pane's is in the accent colour.
pub fn pane_block(title: impl Into<String>, focused: bool) -> Block<'static> {
    let title = format!(" {} ", title.into());
    let (border, title_style) = if focused {
        (Style::new().fg(ACCENT), bold().fg(ACCENT))
    } else {
        (dim(), Style::new())
    };
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(border)
        .title(Span::styled(title, title_style))
}

/// The first of `options` (longest first) that fits on the top border of a
/// pane `width` columns wide; else the last cut with `…`, so a title is never
/// clipped mid-number by the border.
pub fn title_fit(options: &[String], width: u16) -> String {
    let room = (width as usize).saturating_sub(4);
    options
        .iter()
        .find(|o| o.width() <= room)
        .cloned()
        .unwrap_or_else(|| truncate(options.last().map_or("", String::as_str), room))
}

/// An overlay's frame.
pub fn overlay_block(title: impl Into<String>) -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(Style::new().fg(ACCENT))
        .title(Span::styled(format!(" {} ", title.into()), bold()))
}

/// One letter per dependency kind, as the badges show it.
pub fn kind_letter(kind: DepKind) -> &'static str {
    match kind {
        DepKind::Schema => "S",
        DepKind::Interface => "I",
        DepKind::Infrastructure => "N",
        DepKind::Other => "O",
    }
}

pub fn kind_style(kind: DepKind) -> Style {
    Style::new().fg(match kind {
        DepKind::Schema => Color::Cyan,
        DepKind::Interface => Color::Magenta,
        DepKind::Infrastructure => Color::Yellow,
        DepKind::Other => Color::Gray,
    })
}

pub fn severity_style(severity: Severity) -> Style {
    Style::new().fg(match severity {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
        Severity::Info => Color::Blue,
    })
}

/// `text` cut to `width` columns, with `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` padded with spaces (or cut) to exactly `width` columns.
pub fn fit(text: &str, width: usize) -> String {
    let t = truncate(text, width);
    let pad = width.saturating_sub(t.width());
    format!("{t}{}", " ".repeat(pad))
}

/// A label and a value on one line, the label dim.
pub fn field<'a>(label: &'a str, value: impl Into<Span<'a>>) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label}: "), dim()),
        value.into(),
    ])
}

/// Rows `lines` take when wrapped to `width` columns (an estimate that errs
/// on the tall side, since words move whole to the next row).
pub fn wrapped_height(lines: &[Line<'_>], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = lines
        .iter()
        .map(|l| {
            let w = l.width();
            if w <= width { 1 } else { w.div_ceil(width) + 1 }
        })
        .sum();
    rows.min(u16::MAX as usize) as u16
}

/// One cell for where a task stands, in the task list and the status
/// picker: `·` pending, `▶` in progress, `◆` review, `✔` done, `■`
/// blocked, `»` deferred, `–` cancelled.
pub fn status_glyph(status: crate::plan::TaskStatus) -> Span<'static> {
    use crate::plan::TaskStatus::*;
    match status {
        Pending => Span::styled("·", dim()),
        InProgress => Span::styled("▶", warning().add_modifier(Modifier::BOLD)),
        Review => Span::styled("◆", Style::new().fg(ACCENT)),
        Done => Span::styled("✔", ok()),
        Blocked => Span::styled("■", error()),
        Deferred => Span::styled("»", Style::new().fg(Color::Magenta)),
        Cancelled => Span::styled("–", dim()),
    }
}
