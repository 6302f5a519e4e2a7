//! Drawing: `render(&State, &mut Frame)` reads state and never changes it.
//! One file per pane, bar and overlay.
mod ambiguities;
mod confirm;
mod export;
mod findings;
mod form;
mod graph;
pub mod help;
mod messages;
mod palette;
mod picker;
mod popup;
mod prompt;
mod review;
mod review_detail;
mod spec;
mod stage_bar;
mod start;
mod status_bar;
mod status_picker;
mod tasks;
pub mod theme;
mod validate;
mod versions;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::layout::{MIN_HEIGHT, MIN_WIDTH, main_layout, too_small};
use super::state::{Overlay, Pane, Screen, State};

pub use graph::picture::{GraphPicture, build_picture};
pub use tasks::has_verification;

pub fn render(state: &State, frame: &mut Frame) {
    let area = frame.area();
    if too_small(area) {
        render_too_small(frame, area);
        return;
    }
    match (&state.open, state.screen) {
        (Some(open), Screen::Main) => {
            let layout = main_layout(area, state.focus, state.zoomed);
            stage_bar::render(open, frame, layout.stage_bar);
            for (pane, rect) in &layout.panes {
                let focused = *pane == state.focus;
                match pane {
                    Pane::Spec => spec::render(state, open, frame, *rect, focused),
                    Pane::Tasks => tasks::render(state, open, frame, *rect, focused),
                    Pane::Graph => graph::render(state, open, frame, *rect, focused),
                    Pane::Ambiguities => ambiguities::render(state, open, frame, *rect, focused),
                }
            }
            status_bar::render(state, frame, layout.status);
        }
        _ => start::render(state, frame, area),
    }
    for overlay in &state.overlays {
        match overlay {
            Overlay::Help { offset } => help::render(state, *offset, frame, area),
            Overlay::Confirm(c) => confirm::render(c, frame, area),
            Overlay::TaskForm(f) => form::render(state, f, frame, area),
            Overlay::DepPicker(p) => picker::render(state, p, frame, area),
            Overlay::Prompt(p) => prompt::render(p, frame, area),
            Overlay::Error(e) => popup::render(e, frame, area),
            Overlay::Review(r) => review::render(state, r, frame, area),
            Overlay::Findings(v) => findings::render(state, v, frame, area),
            Overlay::Export(d) => export::render(state, d, frame, area),
            Overlay::Versions(v) => versions::render_versions(state, v, frame, area),
            Overlay::Diff(d) => versions::render_diff(state, d, frame, area),
            Overlay::Validate(v) => validate::render(state, v, frame, area),
            Overlay::StatusPicker(p) => status_picker::render(state, p, frame, area),
            Overlay::Messages { offset } => messages::render(state, *offset, frame, area),
            Overlay::Palette(p) => palette::render(p, frame, area),
        }
    }
}

fn render_too_small(frame: &mut Frame, area: Rect) {
    let mut text = vec![Line::raw(""); usize::from(area.height / 2).saturating_sub(1)];
    text.push(Line::from("The window is too small."));
    text.push(Line::from(format!(
        "planner-tui needs at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}.",
        area.width, area.height
    )));
    frame.render_widget(
        Paragraph::new(text).centered().wrap(Wrap { trim: true }),
        area,
    );
}
