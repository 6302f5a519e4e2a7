//! The terminal app: state, a pure `update(action) -> effects`, rendering that
//! only reads state, a key map, and a run loop generic over its input stream
//! and backend so tests drive it without a terminal.
pub mod action;
pub mod app;
pub mod command;
pub mod effect;
pub mod input;
pub mod keymap;
pub mod launch;
pub mod layout;
pub mod paths;
pub mod runner;
pub mod sessions;
pub mod state;
pub mod steps;
pub mod terminal;
pub mod ui;
pub mod update;
pub mod views;

pub use action::{Action, AppEvent, MouseAction};
pub use app::{Exit, RunError, run};
pub use command::Command;
pub use effect::{Effect, EffectRunner, Recorder};
pub use keymap::{KeyChord, KeyOverrides, KeyResult, Keymap, KeymapError, Mode};
pub use launch::launch;
pub use state::State;
pub use update::update;
