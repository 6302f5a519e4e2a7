//! The Ambiguities pane: category, state and summary of each, and the
//! selected one's risk, what would resolve it, the tasks it affects and the
//! decision (or reason) recorded.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::theme::{self, bold, dim, fit, ok, pane_block, warning};
use crate::plan::{Ambiguity, AmbiguityState};
use crate::sanitize::{for_terminal, one_line};
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::layout::list_detail_layout;
use crate::tui::state::{OpenSession, State, scroll_to};

pub fn render(state: &State, open: &OpenSession, frame: &mut Frame, area: Rect, focused: bool) {
    let all = &open.session.ambiguities;
    let open_count = open.session.open_ambiguities();
    let title = theme::title_fit(
        &[
            format!("Ambiguities ({open_count} open of {})", all.len()),
            format!("Ambiguities {open_count}/{} open", all.len()),
            format!("Ambig. {open_count}/{}", all.len()),
        ],
        area.width,
    );
    let block = pane_block(title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (list, detail) = list_detail_layout(inner);

    if all.is_empty() {
        let key = state
            .keymap
            .key_for(Mode::Ambiguities, Command::RunStep)
            .unwrap_or_default();
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!("None recorded. At stage 4, {key} asks the model to look for them."),
                dim(),
            ))
            .wrap(Wrap { trim: true }),
            list,
        );
        return;
    }
    let rows = list.height as usize;
    let offset = scroll_to(state.ambiguities.offset, state.ambiguities.selected, rows);
    let width = list.width as usize;
    let category_width = if width >= 60 {
        20
    } else if width >= 40 {
        11
    } else {
        0
    };
    let lines: Vec<Line> = all
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, a)| {
            let mut spans = vec![
                Span::raw(format!("{} ", fit(&a.id.to_string(), 3))),
                Span::styled(fit(a.state.label(), 12), state_style(&a.state)),
                Span::raw(" "),
            ];
            if category_width > 0 {
                spans.push(Span::styled(
                    format!("{} ", fit(a.category.as_str(), category_width)),
                    dim(),
                ));
            }
            let used = 4
                + 13
                + if category_width > 0 {
                    category_width + 1
                } else {
                    0
                };
            spans.push(Span::raw(fit(
                &one_line(&a.summary),
                width.saturating_sub(used),
            )));
            let line = Line::from(spans);
            if i == state.ambiguities.selected {
                line.patch_style(theme::selected(focused))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);

    if let (Some(rect), Some(a)) = (detail, all.get(state.ambiguities.selected)) {
        let beside = rect.y == list.y;
        let block = Block::new()
            .borders(if beside { Borders::LEFT } else { Borders::TOP })
            .border_style(dim());
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        frame.render_widget(
            Paragraph::new(detail_lines(open, a)).wrap(Wrap { trim: false }),
            inner,
        );
    }
}

fn state_style(state: &AmbiguityState) -> Style {
    match state {
        AmbiguityState::Open => warning(),
        AmbiguityState::Resolved { .. } => ok(),
        AmbiguityState::Deferred { .. } | AmbiguityState::NotAnIssue { .. } => dim(),
    }
}

fn detail_lines<'a>(open: &OpenSession, a: &'a Ambiguity) -> Vec<Line<'a>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} · {} · ", a.id, a.category.as_str()), dim()),
        Span::styled(one_line(&a.summary), bold()),
    ])];
    let text = |s: &str| {
        if s.trim().is_empty() {
            Span::styled("not given", dim())
        } else {
            Span::raw(for_terminal(s).replace('\n', " "))
        }
    };
    lines.push(theme::field("Risk if wrong", text(&a.risk)));
    lines.push(theme::field("Resolved by", text(&a.resolution_hint)));
    let affects = if a.affects.is_empty() {
        Span::styled("no task named", dim())
    } else {
        Span::raw(
            a.affects
                .iter()
                .map(|id| {
                    if open.index.contains(*id) {
                        id.to_string()
                    } else {
                        format!("{id} (deleted)")
                    }
                })
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    lines.push(theme::field("Affects", affects));
    lines.push(match &a.state {
        AmbiguityState::Open => {
            theme::field("State", Span::styled("open, not decided yet", warning()))
        }
        AmbiguityState::Resolved { decision } => {
            theme::field("Decision", Span::styled(one_line(decision), ok()))
        }
        AmbiguityState::Deferred { reason } => {
            theme::field("Deferred", Span::raw(one_line(reason)))
        }
        AmbiguityState::NotAnIssue { note } if note.is_empty() => {
            theme::field("State", Span::raw("not an issue"))
        }
        AmbiguityState::NotAnIssue { note } => {
            theme::field("Not an issue", Span::raw(one_line(note)))
        }
    });
    lines
}
