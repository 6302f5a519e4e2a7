//! The Graph pane: the whole dependency graph for small plans, the selected
//! task's neighbourhood (two steps up and down) for large ones.
pub mod picture;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::{dim, error, pane_block};
use crate::tui::state::graph::reach;
use crate::tui::state::{OpenSession, State};
use picture::build_picture;

/// Plans up to this size are drawn whole.
pub const FULL_GRAPH_LIMIT: usize = 40;
/// How far the neighbourhood reaches each way, and how many tasks it shows each way.
pub const NEIGHBOURHOOD_STEPS: usize = 2;
pub const NEIGHBOURHOOD_LIMIT: usize = 24;

/// The plan positions to draw, and whether that is a neighbourhood.
pub fn drawn_nodes(open: &OpenSession, selected: Option<usize>) -> (Vec<usize>, bool) {
    let n = open.session.tasks.len();
    match selected {
        Some(sel) if n > FULL_GRAPH_LIMIT => {
            let mut nodes = vec![sel];
            nodes.extend(reach(
                &open.index.dependencies,
                sel,
                NEIGHBOURHOOD_STEPS,
                NEIGHBOURHOOD_LIMIT,
            ));
            nodes.extend(reach(
                &open.index.dependents,
                sel,
                NEIGHBOURHOOD_STEPS,
                NEIGHBOURHOOD_LIMIT,
            ));
            (nodes, true)
        }
        _ => ((0..n.min(FULL_GRAPH_LIMIT)).collect(), false),
    }
}

pub fn render(state: &State, open: &OpenSession, frame: &mut Frame, area: Rect, focused: bool) {
    let selected = state.tasks.selected.and_then(|id| open.index.position(id));
    let (nodes, neighbourhood) = drawn_nodes(open, selected);
    let waves = open.index.waves.count;
    let mut title = if neighbourhood {
        let id = selected.map(|p| open.session.tasks[p].id.to_string());
        format!(
            "Graph: around {} ({NEIGHBOURHOOD_STEPS} steps; {waves} waves in all)",
            id.unwrap_or_default()
        )
    } else {
        format!("Graph: {waves} wave{}", if waves == 1 { "" } else { "s" })
    };
    if open.index.waves.in_cycle > 0 {
        title.push_str(&format!(
            ", {} in or behind a cycle",
            open.index.waves.in_cycle
        ));
    }
    let block = pane_block(title, focused).title_bottom(Line::from(vec![
        Span::styled(" ", dim()),
        Span::styled(
            "upstream",
            ratatui::style::Style::new().fg(super::theme::UPSTREAM),
        ),
        Span::styled(" · ", dim()),
        Span::styled(
            "downstream",
            ratatui::style::Style::new().fg(super::theme::DOWNSTREAM),
        ),
        Span::styled(" · ", dim()),
        Span::styled("cycle or out of order", error()),
        Span::styled(" ", dim()),
    ]));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if nodes.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("No tasks to draw yet.", dim())),
            inner,
        );
        return;
    }
    let picture = build_picture(
        &open.session.tasks,
        &open.index,
        &nodes,
        selected,
        inner.width as usize,
    );
    let (ox, oy) = picture.window(inner.width as usize, inner.height as usize);
    picture.render(inner, frame.buffer_mut(), ox, oy);
}
