//! The Graph pane: the whole dependency graph for small plans, the selected
//! task's neighbourhood (two steps up and down) for large ones.
mod neighbours;
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
    let room = crate::tui::layout::inner(area);
    let picture = (!nodes.is_empty()).then(|| {
        build_picture(
            &open.session.tasks,
            &open.index,
            &nodes,
            selected,
            room.width as usize,
        )
    });
    // When part of the picture would be scrolled out of view, the
    // selection's neighbours are listed whole instead.
    let fits = picture
        .as_ref()
        .is_some_and(|p| p.width <= room.width as usize && p.height <= room.height as usize);
    let around = selected.map_or(String::new(), |p| open.session.tasks[p].id.to_string());
    let mut title = if !fits && picture.is_some() {
        format!("Graph: around {around} ({waves} waves in all; z for more room)")
    } else if neighbourhood {
        format!("Graph: around {around} ({NEIGHBOURHOOD_STEPS} steps; {waves} waves in all)")
    } else {
        format!("Graph: {waves} wave{}", if waves == 1 { "" } else { "s" })
    };
    if open.index.waves.in_cycle > 0 {
        title.push_str(&format!(
            ", {} in or behind a cycle",
            open.index.waves.in_cycle
        ));
    }
    let short = if fits {
        format!("Graph: {waves} waves")
    } else {
        format!("Graph: around {around}")
    };
    let block = pane_block(
        super::theme::title_fit(&[title, short, "Graph".to_string()], area.width),
        focused,
    )
    .title_bottom(Line::from(vec![
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
    let Some(picture) = picture else {
        frame.render_widget(
            Paragraph::new(Line::styled("No tasks to draw yet.", dim())),
            inner,
        );
        return;
    };
    if !fits {
        neighbours::render(open, selected, frame, inner);
        return;
    }
    let (ox, oy) = picture.window(inner.width as usize, inner.height as usize);
    picture.render(inner, frame.buffer_mut(), ox, oy);
}
