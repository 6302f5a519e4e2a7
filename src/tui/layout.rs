//! Where everything goes on screen: a pure function of the terminal size,
//! the focus and the zoom, shared by rendering and by `update` (paging,
//! mouse hits), so the two always agree.
use ratatui::layout::{Constraint, Layout, Margin, Rect};

use super::state::Pane;
use crate::plan::Stage;

/// The smallest window the main screen is drawn in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The main screen: stage bar, panes, status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MainLayout {
    pub stage_bar: Rect,
    /// The visible panes (one when zoomed).
    pub panes: Vec<(Pane, Rect)>,
    pub status: Rect,
}

impl MainLayout {
    pub fn pane(&self, pane: Pane) -> Option<Rect> {
        self.panes.iter().find(|(p, _)| *p == pane).map(|(_, r)| *r)
    }
    pub fn pane_at(&self, column: u16, row: u16) -> Option<(Pane, Rect)> {
        self.panes
            .iter()
            .copied()
            .find(|(_, r)| r.contains(ratatui::layout::Position::new(column, row)))
    }
}

/// Panes in a 2×2 grid (Spec, Tasks / Graph, Ambiguities), the same
/// whatever has the focus or the stage, so nothing moves under the eye: the
/// top row (spec and tasks) gets two thirds of the height, the right column
/// (the lists) three fifths of the width. `z` zooms the focused pane.
pub fn main_layout(area: Rect, focus: Pane, zoomed: bool) -> MainLayout {
    let [stage_bar, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(2),
    ])
    .areas(area);
    if zoomed {
        return MainLayout {
            stage_bar,
            panes: vec![(focus, body)],
            status,
        };
    }
    let [top, bottom] = Layout::vertical([Constraint::Fill(2), Constraint::Fill(1)]).areas(body);
    let cols = [Constraint::Fill(2), Constraint::Fill(3)];
    let [spec, tasks] = Layout::horizontal(cols).areas(top);
    let [graph, ambiguities] = Layout::horizontal(cols).areas(bottom);
    MainLayout {
        stage_bar,
        panes: vec![
            (Pane::Spec, spec),
            (Pane::Tasks, tasks),
            (Pane::Graph, graph),
            (Pane::Ambiguities, ambiguities),
        ],
        status,
    }
}

/// Inside a pane's border.
pub fn inner(rect: Rect) -> Rect {
    rect.inner(Margin::new(1, 1))
}

/// The Tasks pane inside its border.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TasksLayout {
    pub filter: Option<Rect>,
    /// Header row and task rows.
    pub list: Rect,
    pub detail: Option<Rect>,
}

pub fn tasks_layout(inner: Rect, filtering: bool) -> TasksLayout {
    let (filter, rest) = if filtering {
        let [f, r] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        (Some(f), r)
    } else {
        (None, inner)
    };
    let (list, detail) = list_detail_layout(rest);
    TasksLayout {
        filter,
        list,
        detail,
    }
}

/// A list with the selection's detail beside it (wide) or below it (tall
/// enough), or the list alone.
pub fn list_detail_layout(area: Rect) -> (Rect, Option<Rect>) {
    if area.width >= 100 {
        let [list, detail] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(area);
        (list, Some(detail))
    } else if area.height >= 12 {
        let detail_height = (area.height / 2).clamp(5, 14);
        let [list, detail] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(detail_height)]).areas(area);
        (list, Some(detail))
    } else {
        (area, None)
    }
}

/// The Spec pane inside its border: a tab line, the editor, and the
/// requirements and constraints beside or below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpecLayout {
    pub tabs: Rect,
    pub editor: Rect,
    pub side: Option<Rect>,
}

pub fn spec_layout(inner: Rect) -> SpecLayout {
    let [tabs, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let (editor, side) = if rest.width >= 90 {
        let [e, s] = Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
            .areas(rest);
        (e, Some(s))
    } else if rest.height >= 14 {
        let [e, s] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(rest);
        (e, Some(s))
    } else {
        (rest, None)
    };
    SpecLayout { tabs, editor, side }
}

/// The start screen: a title line, the session table in a box, the status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartLayout {
    pub title: Rect,
    pub frame: Rect,
    /// Inside the box: a header row, then one row per session.
    pub list: Rect,
    pub status: Rect,
}

pub fn start_layout(area: Rect) -> StartLayout {
    let [title, frame, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(2),
    ])
    .areas(area);
    StartLayout {
        title,
        frame,
        list: inner(frame),
        status,
    }
}

/// A centred box of at most `width`×`height` inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The pane that holds a stage's work.
pub fn pane_for_stage(stage: Stage) -> Pane {
    match stage {
        Stage::Gather => Pane::Spec,
        Stage::Decompose | Stage::Verification => Pane::Tasks,
        Stage::Dependencies => Pane::Graph,
        Stage::Ambiguities | Stage::Resolve => Pane::Ambiguities,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_stays_put_whatever_has_the_focus() {
        let area = Rect::new(0, 0, 80, 24);
        let l = main_layout(area, Pane::Tasks, false);
        for pane in Pane::ALL {
            assert_eq!(main_layout(area, pane, false).panes, l.panes, "{pane:?}");
        }
        let tasks = l.pane(Pane::Tasks).unwrap();
        let graph = l.pane(Pane::Graph).unwrap();
        assert!(tasks.width > graph.width && tasks.height > graph.height);
        assert_eq!(l.stage_bar.height, 1);
        assert_eq!(l.status.height, 2);
        let z = main_layout(Rect::new(0, 0, 80, 24), Pane::Graph, true);
        assert_eq!(z.panes.len(), 1);
        assert_eq!(z.pane(Pane::Graph).unwrap().height, 21);
    }

    #[test]
    fn detail_goes_beside_when_wide_and_below_when_tall() {
        let (_, d) = list_detail_layout(Rect::new(0, 0, 120, 30));
        assert_eq!(d.unwrap().y, 0);
        let (l, d) = list_detail_layout(Rect::new(0, 0, 60, 20));
        assert!(d.unwrap().y > l.y);
        assert!(list_detail_layout(Rect::new(0, 0, 60, 8)).1.is_none());
    }
}
