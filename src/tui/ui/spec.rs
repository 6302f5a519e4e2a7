//! The Spec pane: the spec or the existing-system context in its editor,
//! and beside or below it what the reader found in the spec, each kind under
//! its own heading (requirements, out of scope, assumptions, open questions,
//! edge cases, entities), and the constraints the spec states or decisions
//! added.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::{ACCENT, bold, dim, pane_block, truncate};
use crate::sanitize::one_line;
use crate::tui::layout::spec_layout;
use crate::tui::state::{OpenSession, SpecDoc, State};

pub fn render(state: &State, open: &OpenSession, frame: &mut Frame, area: Rect, focused: bool) {
    let title = if state.spec.editing {
        format!("{}: editing", state.spec.doc.title())
    } else {
        "Spec".to_string()
    };
    let block = pane_block(title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let layout = spec_layout(inner);

    let tab = |doc: SpecDoc| {
        if doc == state.spec.doc {
            Span::styled(format!("[{}]", doc.title()), bold().fg(ACCENT))
        } else {
            Span::styled(format!(" {} ", doc.title()), dim())
        }
    };
    let spec = &open.session.spec;
    frame.render_widget(
        Line::from(vec![
            tab(SpecDoc::Spec),
            Span::raw(" "),
            tab(SpecDoc::Context),
            Span::styled(
                format!(
                    "  {} requirements · {} constraints",
                    spec.requirements.len(),
                    spec.constraints.len()
                ),
                dim(),
            ),
        ]),
        layout.tabs,
    );
    frame.render_widget(state.spec.editor(), layout.editor);

    if let Some(side) = layout.side {
        let beside = side.y == layout.editor.y;
        let block = ratatui::widgets::Block::new()
            .borders(if beside {
                ratatui::widgets::Borders::LEFT
            } else {
                ratatui::widgets::Borders::TOP
            })
            .border_style(dim());
        let inner = block.inner(side);
        frame.render_widget(block, side);
        render_side(state, open, frame, inner);
    }
}

fn render_side(_state: &State, open: &OpenSession, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let spec = &open.session.spec;
    let mut lines = vec![Line::styled("Requirements", bold())];
    if spec.requirements.is_empty() {
        lines.push(Line::styled("none found in the spec yet", dim()));
    }
    for r in &spec.requirements {
        let id = one_line(r.id.as_str());
        let changed = if r.was.is_some() { " (changed)" } else { "" };
        let rest = width.saturating_sub(id.chars().count() + 1 + changed.len());
        lines.push(Line::from(vec![
            Span::styled(id, Style::new().fg(ACCENT)),
            Span::raw(" "),
            Span::raw(truncate(&one_line(&r.text), rest)),
            Span::styled(changed, dim()),
        ]));
    }
    for (heading, list) in [
        ("Out of scope", &spec.exclusions),
        ("Assumptions", &spec.assumptions),
        ("Open questions", &spec.questions),
        ("Edge cases", &spec.edge_cases),
    ] {
        if list.is_empty() {
            continue;
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(heading, bold()));
        for item in list.iter() {
            let id = one_line(&item.id);
            let rest = width.saturating_sub(id.chars().count() + 1);
            lines.push(Line::from(vec![
                Span::styled(id, Style::new().fg(ACCENT)),
                Span::raw(" "),
                Span::raw(truncate(&one_line(&item.text), rest)),
            ]));
        }
    }
    if !spec.entities.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Entities", bold()));
        let names: Vec<String> = spec.entities.iter().map(|e| one_line(&e.name)).collect();
        lines.push(Line::raw(truncate(&names.join(", "), width)));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Constraints", bold()));
    if spec.constraints.is_empty() {
        lines.push(Line::styled(
            "none yet; decisions on ambiguities add them",
            dim(),
        ));
    }
    for c in &spec.constraints {
        let from = match (&c.from, &c.spec) {
            (Some(a), _) => format!(" ({a})"),
            (None, Some(src)) => format!(" (spec line {})", src.line),
            (None, None) => String::new(),
        };
        let id = c.id.to_string();
        let rest = width.saturating_sub(id.len() + 1 + from.len());
        lines.push(Line::from(vec![
            Span::styled(id, Style::new().fg(ACCENT)),
            Span::raw(" "),
            Span::raw(truncate(&one_line(&c.text), rest)),
            Span::styled(from, dim()),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
