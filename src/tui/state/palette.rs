//! The command palette: the commands bound in the mode it was opened from
//! (and that mode's fallback), with their keys, narrowed by what is typed.
//! Generated from the key map, like the help.
use ratatui_textarea::TextArea;

use super::editor::{line_of, new_line_editor};
use crate::tui::command::Command;
use crate::tui::keymap::{Keymap, Mode};

#[derive(Debug, Clone)]
pub struct Palette {
    pub input: TextArea<'static>,
    /// Every command offered, with its keys (`j ↓`).
    pub rows: Vec<(Command, String)>,
    /// Row in [`Palette::matches`].
    pub selected: usize,
}

impl Palette {
    /// The commands of `mode` and its fallback, in the key map's order.
    pub fn new(keymap: &Keymap, mode: Mode) -> Palette {
        let mut rows: Vec<(Command, String)> = Vec::new();
        let mut current = Some(mode);
        while let Some(m) = current {
            for (command, keys) in keymap.bindings(m) {
                if command == Command::Palette || rows.iter().any(|(c, _)| *c == command) {
                    continue;
                }
                rows.push((command, keys.join(" ")));
            }
            current = m.fallback();
        }
        Palette {
            input: new_line_editor("", "type part of a command's name or description"),
            rows,
            selected: 0,
        }
    }

    /// Rows whose name, description or keys contain every word typed
    /// (ignoring case): those whose name has them all first.
    pub fn matches(&self) -> Vec<usize> {
        let query = line_of(&self.input).to_lowercase();
        let words: Vec<&str> = query.split_whitespace().collect();
        let mut by_name = Vec::new();
        let mut by_text = Vec::new();
        for (i, (c, keys)) in self.rows.iter().enumerate() {
            let name = c.name().replace('_', " ");
            if words.iter().all(|w| name.contains(w)) {
                by_name.push(i);
                continue;
            }
            let hay = format!("{name} {} {keys}", c.description()).to_lowercase();
            if words.iter().all(|w| hay.contains(w)) {
                by_text.push(i);
            }
        }
        by_name.extend(by_text);
        by_name
    }

    /// The command highlighted now.
    pub fn chosen(&self) -> Option<Command> {
        let matches = self.matches();
        let row = matches.get(self.selected.min(matches.len().saturating_sub(1)))?;
        self.rows.get(*row).map(|(c, _)| *c)
    }
}
