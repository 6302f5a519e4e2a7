//! Terminal events to actions: keys through the key map (keeping the keys
//! of an unfinished sequence), unbound keys to the text field being typed
//! in, mouse clicks and wheel, resizes and pastes. Everything else (mouse
//! moves, focus changes, key releases) is dropped, so it costs no redraw.
use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};
use ratatui_textarea::Input;

use super::action::{Action, MouseAction};
use super::keymap::{KeyChord, KeyResult};
use super::state::State;

/// The action for `event`, if any. `pending` holds the keys of a sequence
/// typed so far.
pub fn translate(state: &State, pending: &mut Vec<KeyChord>, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let mode = state.mode();
            let chord = KeyChord::from_event(&key);
            match state.keymap.resolve(mode, pending, chord) {
                KeyResult::Matched(command) => {
                    pending.clear();
                    Some(Action::Command(command))
                }
                KeyResult::Pending => {
                    pending.push(chord);
                    None
                }
                KeyResult::NotFound => {
                    let interrupted = !pending.is_empty();
                    pending.clear();
                    (mode.takes_text() && !interrupted).then(|| Action::Text(Input::from(key)))
                }
            }
        }
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => {
                    Some(Action::Mouse(MouseAction::Click { column, row }))
                }
                MouseEventKind::ScrollUp => {
                    Some(Action::Mouse(MouseAction::ScrollUp { column, row }))
                }
                MouseEventKind::ScrollDown => {
                    Some(Action::Mouse(MouseAction::ScrollDown { column, row }))
                }
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::Paste(text) => Some(Action::Paste(text)),
        _ => None,
    }
}
