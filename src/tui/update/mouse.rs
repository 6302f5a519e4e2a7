//! Mouse: a click focuses the pane under it and selects the row clicked; the
//! wheel moves through the list (or scrolls the text) under the pointer.
use ratatui::layout::{Position, Rect};
use ratatui_textarea::Scrolling;

use super::global::focus;
use super::moved;
use crate::tui::action::MouseAction;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::layout::{inner, list_detail_layout, main_layout, start_layout, tasks_layout};
use crate::tui::state::{Overlay, Pane, Screen, State, scroll_to};
use crate::tui::ui::help::help_len;

/// Rows the wheel moves per notch.
const WHEEL_ROWS: usize = 3;

pub(super) fn on_mouse(state: &mut State, mouse: MouseAction) -> Vec<Effect> {
    let (column, row, wheel) = match mouse {
        MouseAction::Click { column, row } => (column, row, 0),
        MouseAction::ScrollUp { column, row } => (column, row, -1),
        MouseAction::ScrollDown { column, row } => (column, row, 1),
    };
    let help_rows = help_len(&state.keymap);
    let findings = state.open.as_ref().map_or(0, |o| o.report.findings.len());
    if let Some(top) = state.overlays.last_mut() {
        if wheel != 0 {
            scroll_overlay(top, wheel, help_rows);
            if let Overlay::Findings(view) = top {
                view.selected = step(view.selected, wheel, findings);
            }
        }
        return Vec::new();
    }
    let area = Rect::new(0, 0, state.size.0, state.size.1);
    if state.screen == Screen::Start || state.open.is_none() {
        let list = start_layout(area).list;
        let len = state.start.rows().len();
        let target = if wheel != 0 {
            Some(step(state.start.selected, wheel, len))
        } else {
            clicked_row(list, column, row, 1, state.start.offset)
        };
        if let Some(target) = target.filter(|&t| t < len) {
            state.start.selected = target;
            state.start.offset = scroll_to(
                state.start.offset,
                target,
                list.height.saturating_sub(1).into(),
            );
        }
        return Vec::new();
    }
    let layout = main_layout(area, state.focus, state.zoomed);
    let Some((pane, rect)) = layout.pane_at(column, row) else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    if wheel == 0 && pane != state.focus {
        effects = focus(state, pane);
    }
    let inner = inner(rect);
    match pane {
        Pane::Tasks => {
            let list = tasks_layout(inner, state.tasks.filter_input.is_some()).list;
            let height = state.list_height(Pane::Tasks);
            let current = state.index().and_then(|i| state.tasks.selected_row(i));
            let target = if wheel != 0 {
                Some(step(current.unwrap_or(0), wheel, state.tasks.visible.len()))
            } else {
                clicked_row(list, column, row, 1, state.tasks.offset)
            };
            if let Some(target) = target.filter(|&t| t < state.tasks.visible.len())
                && let Some(open) = &state.open
            {
                state.tasks.select_row(target, &open.session.tasks, height);
            }
        }
        Pane::Ambiguities => {
            let list = list_detail_layout(inner).0;
            let len = state.session().map_or(0, |s| s.ambiguities.len());
            let target = if wheel != 0 {
                Some(step(state.ambiguities.selected, wheel, len))
            } else {
                clicked_row(list, column, row, 0, state.ambiguities.offset)
            };
            if let Some(target) = target.filter(|&t| t < len) {
                state.ambiguities.selected = target;
                state.ambiguities.offset =
                    scroll_to(state.ambiguities.offset, target, list.height.into());
            }
        }
        Pane::Spec => {
            if wheel != 0 {
                let rows = if wheel < 0 {
                    -(WHEEL_ROWS as i16)
                } else {
                    WHEEL_ROWS as i16
                };
                state
                    .spec
                    .editor_mut()
                    .scroll(Scrolling::Delta { rows, cols: 0 });
            }
        }
        Pane::Graph => {
            if wheel != 0 {
                let command = if wheel < 0 {
                    Command::Up
                } else {
                    Command::Down
                };
                super::graph::navigate(state, command);
            }
        }
    }
    effects
}

fn step(current: usize, wheel: i8, len: usize) -> usize {
    let command = if wheel < 0 {
        Command::Up
    } else {
        Command::Down
    };
    (0..WHEEL_ROWS).fold(current, |at, _| moved(command, at, len, 1).unwrap_or(at))
}

/// The list row under a click, if the click is on a row.
fn clicked_row(list: Rect, column: u16, row: u16, header: u16, offset: usize) -> Option<usize> {
    if !list.contains(Position::new(column, row)) || row < list.y + header {
        return None;
    }
    Some(offset + usize::from(row - list.y - header))
}

fn scroll_overlay(top: &mut Overlay, wheel: i8, help_rows: usize) {
    match top {
        Overlay::Help { offset } => *offset = step(*offset, wheel, help_rows),
        Overlay::DepPicker(picker) => {
            picker.selected = step(picker.selected, wheel, picker.rows.len());
            picker.offset = scroll_to(picker.offset, picker.selected, 10);
        }
        Overlay::Diff(diff) => diff.offset = step(diff.offset, wheel, diff.lines.len()),
        Overlay::Review(review) => {
            review.selected = step(review.selected, wheel, review.len());
            review.detail_offset = 0;
        }
        Overlay::Messages { offset } => *offset = step(*offset, wheel, usize::MAX),
        Overlay::Validate(view) => {
            // Only the rows that lead somewhere are selectable.
            let items = view.items();
            let at = items.iter().position(|&i| i == view.selected).unwrap_or(0);
            if let Some(&row) = items.get(step(at, wheel, items.len())) {
                view.selected = row;
            }
        }
        _ => {}
    }
}
