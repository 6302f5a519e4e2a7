//! Keys to commands, per mode. The defaults are `assets/keymap.toml`, embedded
//! at build time; the user's `[keys.<mode>]` tables are merged over them. The
//! help overlay and the status-bar hints are generated from the result.
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::command::Command;

/// The built-in bindings.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// `[keys.<mode>]` tables from the config: mode → key → command name
/// (`"none"` frees a key).
pub type KeyOverrides = BTreeMap<String, BTreeMap<String, String>>;

/// Which set of bindings applies: the focused pane, or the overlay or text
/// field on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Start,
    Global,
    Tasks,
    Spec,
    Graph,
    Ambiguities,
    Editor,
    Filter,
    Form,
    Prompt,
    Picker,
    Confirm,
    Help,
    Popup,
    Review,
    Findings,
    Export,
    Versions,
    Diff,
    Validate,
    Status,
    Messages,
    Palette,
}

impl Mode {
    pub const ALL: [Mode; 23] = [
        Mode::Global,
        Mode::Tasks,
        Mode::Spec,
        Mode::Graph,
        Mode::Ambiguities,
        Mode::Editor,
        Mode::Filter,
        Mode::Form,
        Mode::Prompt,
        Mode::Picker,
        Mode::Confirm,
        Mode::Help,
        Mode::Popup,
        Mode::Review,
        Mode::Findings,
        Mode::Export,
        Mode::Versions,
        Mode::Diff,
        Mode::Validate,
        Mode::Status,
        Mode::Messages,
        Mode::Palette,
        Mode::Start,
    ];

    /// The table name in key map files.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Start => "start",
            Mode::Global => "global",
            Mode::Tasks => "tasks",
            Mode::Spec => "spec",
            Mode::Graph => "graph",
            Mode::Ambiguities => "ambiguities",
            Mode::Editor => "editor",
            Mode::Filter => "filter",
            Mode::Form => "form",
            Mode::Prompt => "prompt",
            Mode::Picker => "picker",
            Mode::Confirm => "confirm",
            Mode::Help => "help",
            Mode::Popup => "popup",
            Mode::Review => "review",
            Mode::Findings => "findings",
            Mode::Export => "export",
            Mode::Versions => "versions",
            Mode::Diff => "diff",
            Mode::Validate => "validate",
            Mode::Status => "status",
            Mode::Messages => "messages",
            Mode::Palette => "palette",
        }
    }

    /// The heading in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Start => "Session list",
            Mode::Global => "Everywhere on the main screen",
            Mode::Tasks => "Tasks pane",
            Mode::Spec => "Spec pane",
            Mode::Graph => "Graph pane",
            Mode::Ambiguities => "Ambiguities pane",
            Mode::Editor => "Editing the spec or context",
            Mode::Filter => "Typing a filter",
            Mode::Form => "Task form",
            Mode::Prompt => "One-line prompt",
            Mode::Picker => "Dependency picker",
            Mode::Confirm => "Confirmation",
            Mode::Help => "This help",
            Mode::Popup => "Error message",
            Mode::Review => "Reviewing a proposal",
            Mode::Findings => "Findings list",
            Mode::Export => "Export dialog",
            Mode::Versions => "Versions list",
            Mode::Diff => "Changes between versions",
            Mode::Validate => "Validation",
            Mode::Status => "Setting a task's status",
            Mode::Messages => "Messages",
            Mode::Palette => "Command palette",
        }
    }

    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Where a key not bound in this mode is looked up next.
    pub fn fallback(self) -> Option<Mode> {
        match self {
            Mode::Tasks | Mode::Spec | Mode::Graph | Mode::Ambiguities => Some(Mode::Global),
            _ => None,
        }
    }

    /// Modes where an unbound key is typed into a text field.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Mode::Editor | Mode::Filter | Mode::Form | Mode::Prompt | Mode::Export | Mode::Palette
        )
    }
}

/// One key with its modifiers, normalised so that `J`, `shift-j` and a
/// terminal's `Char('J') + SHIFT` are the same chord.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeyChord {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let mut modifiers =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
            }
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        KeyChord { code, modifiers }
    }

    pub fn plain(code: KeyCode) -> Self {
        KeyChord::new(code, KeyModifiers::NONE)
    }

    pub fn from_event(event: &KeyEvent) -> Self {
        KeyChord::new(event.code, event.modifiers)
    }

    /// Parse `ctrl-r`, `alt-down`, `shift-tab`, `J`, `?`, `space`, `f3`.
    pub fn parse(text: &str) -> Result<KeyChord, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let stripped = ["ctrl-", "alt-", "shift-"]
                .into_iter()
                .find(|p| lower.starts_with(p) && rest.len() > p.len());
            match stripped {
                Some("ctrl-") => modifiers |= KeyModifiers::CONTROL,
                Some("alt-") => modifiers |= KeyModifiers::ALT,
                Some(_) => modifiers |= KeyModifiers::SHIFT,
                None => break,
            }
            rest = &rest[stripped.map_or(0, str::len)..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => named_key(&rest.to_ascii_lowercase()).ok_or_else(|| {
                format!(
                    "`{text}` is not a key (use a character, or one of enter, esc, tab, backtab, space, backspace, delete, up, down, left, right, home, end, pageup, pagedown, f1-f12, with ctrl-, alt- or shift- before it)"
                )
            })?,
        };
        Ok(KeyChord::new(code, modifiers))
    }

    /// How the help overlay and the status bar show the chord: `Ctrl-r`, `Alt-↓`, `Enter`.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            s.push_str("Alt-");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            s.push_str("Shift-");
        }
        match self.code {
            KeyCode::Char(' ') => s.push_str("Space"),
            KeyCode::Char(c) => s.push(c),
            KeyCode::Enter => s.push_str("Enter"),
            KeyCode::Esc => s.push_str("Esc"),
            KeyCode::Tab => s.push_str("Tab"),
            KeyCode::BackTab => s.push_str("Shift-Tab"),
            KeyCode::Backspace => s.push_str("Backspace"),
            KeyCode::Delete => s.push_str("Del"),
            KeyCode::Up => s.push('↑'),
            KeyCode::Down => s.push('↓'),
            KeyCode::Left => s.push('←'),
            KeyCode::Right => s.push('→'),
            KeyCode::Home => s.push_str("Home"),
            KeyCode::End => s.push_str("End"),
            KeyCode::PageUp => s.push_str("PgUp"),
            KeyCode::PageDown => s.push_str("PgDn"),
            KeyCode::F(n) => s.push_str(&format!("F{n}")),
            other => s.push_str(&format!("{other:?}")),
        }
        s
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "minus" => KeyCode::Char('-'),
        f if f.starts_with('f') => {
            let n: u8 = f[1..].parse().ok()?;
            if !(1..=12).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
        _ => return None,
    })
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// What a key (after any pending keys) means in a mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyResult {
    Matched(Command),
    /// The keys so far start a longer binding: wait for the next one.
    Pending,
    NotFound,
}

/// Why a key map could not be built. The message names the table and key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error("the key map is not valid TOML: {0}")]
    Toml(String),
    #[error("[keys.{mode}]: there is no mode `{mode}` (modes: {known})")]
    UnknownMode { mode: String, known: String },
    #[error("[keys.{mode}] \"{key}\": {reason}")]
    BadKey {
        mode: String,
        key: String,
        reason: String,
    },
    #[error(
        "[keys.{mode}] \"{key}\" = \"{command}\": there is no command `{command}` (the help overlay, `?`, lists them; use \"none\" to unbind)"
    )]
    UnknownCommand {
        mode: String,
        key: String,
        command: String,
    },
}

#[derive(Debug, Clone, Default)]
struct Bindings {
    map: HashMap<Vec<KeyChord>, Command>,
    /// Every proper prefix of a bound sequence.
    prefixes: HashSet<Vec<KeyChord>>,
}

impl Bindings {
    fn rebuild_prefixes(&mut self) {
        self.prefixes = self
            .map
            .keys()
            .flat_map(|seq| (1..seq.len()).map(|n| seq[..n].to_vec()))
            .collect();
    }
}

/// Bindings for every mode.
#[derive(Debug, Clone)]
pub struct Keymap {
    modes: HashMap<Mode, Bindings>,
}

impl Keymap {
    /// The built-in bindings.
    pub fn defaults() -> Keymap {
        // The embedded file is checked by the test `default_keymap_is_valid`.
        Keymap::from_toml(DEFAULT_KEYMAP, &KeyOverrides::new())
            .expect("assets/keymap.toml is valid (checked by a unit test)")
    }

    /// Bindings from `default` (a key map file) with `overrides` merged over it.
    pub fn from_toml(default: &str, overrides: &KeyOverrides) -> Result<Keymap, KeymapError> {
        let base: KeyOverrides =
            toml::from_str(default).map_err(|e| KeymapError::Toml(e.to_string()))?;
        let mut keymap = Keymap {
            modes: HashMap::new(),
        };
        keymap.merge(&base)?;
        keymap.merge(overrides)?;
        Ok(keymap)
    }

    /// Merge `[keys.<mode>]` tables over the current bindings.
    pub fn merge(&mut self, tables: &KeyOverrides) -> Result<(), KeymapError> {
        for (mode_name, keys) in tables {
            let mode = Mode::from_name(mode_name).ok_or_else(|| KeymapError::UnknownMode {
                mode: mode_name.clone(),
                known: Mode::ALL.map(Mode::name).join(", "),
            })?;
            let bindings = self.modes.entry(mode).or_default();
            for (key, command) in keys {
                let seq = key
                    .split_whitespace()
                    .map(KeyChord::parse)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|reason| KeymapError::BadKey {
                        mode: mode_name.clone(),
                        key: key.clone(),
                        reason,
                    })?;
                if seq.is_empty() {
                    return Err(KeymapError::BadKey {
                        mode: mode_name.clone(),
                        key: key.clone(),
                        reason: "the key is empty".to_string(),
                    });
                }
                if command == "none" {
                    bindings.map.remove(&seq);
                    continue;
                }
                let cmd =
                    Command::from_name(command).ok_or_else(|| KeymapError::UnknownCommand {
                        mode: mode_name.clone(),
                        key: key.clone(),
                        command: command.clone(),
                    })?;
                bindings.map.insert(seq, cmd);
            }
            bindings.rebuild_prefixes();
        }
        Ok(())
    }

    /// What `key`, typed after `pending`, means in `mode` (falling back to
    /// the mode's fallback, such as the main screen's global keys).
    pub fn resolve(&self, mode: Mode, pending: &[KeyChord], key: KeyChord) -> KeyResult {
        let mut seq = Vec::with_capacity(pending.len() + 1);
        seq.extend_from_slice(pending);
        seq.push(key);
        let mut current = Some(mode);
        while let Some(m) = current {
            if let Some(bindings) = self.modes.get(&m) {
                if let Some(cmd) = bindings.map.get(&seq) {
                    return KeyResult::Matched(*cmd);
                }
                if bindings.prefixes.contains(&seq) {
                    return KeyResult::Pending;
                }
            }
            current = m.fallback();
        }
        KeyResult::NotFound
    }

    /// The commands bound in `mode` (not its fallback), in the order of
    /// [`Command::ALL`], each with its keys as labels (`g g`, `Ctrl-r`).
    pub fn bindings(&self, mode: Mode) -> Vec<(Command, Vec<String>)> {
        let Some(bindings) = self.modes.get(&mode) else {
            return Vec::new();
        };
        let mut by_command: HashMap<Command, Vec<String>> = HashMap::new();
        for (seq, cmd) in &bindings.map {
            by_command
                .entry(*cmd)
                .or_default()
                .push(sequence_label(seq));
        }
        Command::ALL
            .iter()
            .filter_map(|c| {
                let mut keys = by_command.remove(c)?;
                keys.sort_by_key(|k| key_order(k));
                Some((*c, keys))
            })
            .collect()
    }

    /// The label of the first key for `command` in `mode` or its fallback,
    /// for hints such as `a add`.
    pub fn key_for(&self, mode: Mode, command: Command) -> Option<String> {
        let mut current = Some(mode);
        while let Some(m) = current {
            let best = self.modes.get(&m).and_then(|b| {
                b.map
                    .iter()
                    .filter(|(_, c)| **c == command)
                    .map(|(seq, _)| sequence_label(seq))
                    .min_by(|a, b| key_order(a).cmp(&key_order(b)))
            });
            if best.is_some() {
                return best;
            }
            current = m.fallback();
        }
        None
    }
}

fn sequence_label(seq: &[KeyChord]) -> String {
    seq.iter()
        .map(KeyChord::label)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Single characters first (the keys people remember), then by length.
fn key_order(label: &str) -> (usize, bool, String) {
    let chars = label.chars().count();
    let is_arrow = label.chars().any(|c| "↑↓←→".contains(c));
    (chars, is_arrow, label.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> KeyChord {
        KeyChord::parse(s).unwrap()
    }

    #[test]
    fn default_keymap_is_valid() {
        let k = Keymap::from_toml(DEFAULT_KEYMAP, &KeyOverrides::new()).unwrap();
        assert_eq!(
            k.resolve(Mode::Tasks, &[], key("a")),
            KeyResult::Matched(Command::AddTask)
        );
        // Pane modes fall back to the global keys.
        assert_eq!(
            k.resolve(Mode::Tasks, &[], key("q")),
            KeyResult::Matched(Command::Quit)
        );
        // Overlays do not.
        assert_eq!(k.resolve(Mode::Form, &[], key("q")), KeyResult::NotFound);
    }

    #[test]
    fn chords_normalise_shift() {
        assert_eq!(key("J"), key("shift-j"));
        assert_eq!(
            KeyChord::new(KeyCode::Char('J'), KeyModifiers::SHIFT),
            key("J")
        );
        assert_eq!(key("shift-tab"), KeyChord::plain(KeyCode::BackTab));
        assert_eq!(
            KeyChord::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            key("backtab")
        );
        assert_eq!(
            key("ctrl-r"),
            KeyChord::new(KeyCode::Char('r'), KeyModifiers::CONTROL)
        );
        assert_eq!(key("alt-down").label(), "Alt-↓");
        assert_eq!(key("f3"), KeyChord::plain(KeyCode::F(3)));
        assert!(
            KeyChord::parse("ctrl-banana")
                .unwrap_err()
                .contains("`ctrl-banana` is not a key")
        );
        assert!(KeyChord::parse("f13").is_err());
    }

    #[test]
    fn sequences_are_pending_until_complete() {
        let mut o = KeyOverrides::new();
        o.entry("tasks".into())
            .or_default()
            .insert("space d".into(), "delete_task".into());
        let k = Keymap::from_toml(DEFAULT_KEYMAP, &o).unwrap();
        assert_eq!(
            k.resolve(Mode::Tasks, &[], key("space")),
            KeyResult::Pending
        );
        assert_eq!(
            k.resolve(Mode::Tasks, &[key("space")], key("d")),
            KeyResult::Matched(Command::DeleteTask)
        );
        assert_eq!(
            k.resolve(Mode::Tasks, &[key("space")], key("x")),
            KeyResult::NotFound
        );
    }

    #[test]
    fn overrides_rebind_and_unbind() {
        let mut o = KeyOverrides::new();
        let tasks = o.entry("tasks".into()).or_default();
        tasks.insert("x".into(), "delete_task".into());
        tasks.insert("d".into(), "none".into());
        let k = Keymap::from_toml(DEFAULT_KEYMAP, &o).unwrap();
        assert_eq!(
            k.resolve(Mode::Tasks, &[], key("x")),
            KeyResult::Matched(Command::DeleteTask)
        );
        assert_eq!(k.resolve(Mode::Tasks, &[], key("d")), KeyResult::NotFound);
        assert_eq!(
            k.key_for(Mode::Tasks, Command::DeleteTask).as_deref(),
            Some("x")
        );
    }

    #[test]
    fn bad_overrides_name_the_table_and_key() {
        let mut o = KeyOverrides::new();
        o.entry("tasks".into())
            .or_default()
            .insert("x".into(), "delet_task".into());
        let e = Keymap::from_toml(DEFAULT_KEYMAP, &o).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("[keys.tasks] \"x\" = \"delet_task\": there is no command")
        );

        let mut o = KeyOverrides::new();
        o.entry("taks".into()).or_default();
        let e = Keymap::from_toml(DEFAULT_KEYMAP, &o).unwrap_err();
        assert!(e.to_string().contains("there is no mode `taks`"));

        let mut o = KeyOverrides::new();
        o.entry("tasks".into())
            .or_default()
            .insert("hyper-x".into(), "quit".into());
        let e = Keymap::from_toml(DEFAULT_KEYMAP, &o).unwrap_err();
        assert!(
            e.to_string()
                .contains("[keys.tasks] \"hyper-x\": `hyper-x` is not a key")
        );
    }

    /// The key table in the README says what the key map does.
    #[test]
    fn the_readme_key_table_matches_the_keymap() {
        let readme = include_str!("../../README.md");
        let start = readme.find("<!-- keys:").expect("the table's start marker");
        let end = readme
            .find("<!-- keys: end -->")
            .expect("the table's end marker");
        let k = Keymap::defaults();
        let mut checked = 0;
        for row in readme[start..end].lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = row.split('|').map(|c| c.trim().trim_matches('`')).collect();
            let (keys, mode, command) = (cells[1], cells[2], cells[3]);
            if keys.contains('…') {
                continue;
            }
            let mode = Mode::from_name(mode).unwrap_or_else(|| panic!("mode in {row}"));
            let command = Command::from_name(command).unwrap_or_else(|| panic!("command in {row}"));
            let chord = KeyChord::parse(keys).unwrap_or_else(|e| panic!("{e} in {row}"));
            assert_eq!(
                k.resolve(mode, &[], chord),
                KeyResult::Matched(command),
                "README row: {row}"
            );
            checked += 1;
        }
        assert!(checked >= 20, "{checked} rows checked");
    }

    #[test]
    fn help_lists_commands_with_their_keys() {
        let k = Keymap::defaults();
        let tasks = k.bindings(Mode::Tasks);
        let down = tasks.iter().find(|(c, _)| *c == Command::Down).unwrap();
        assert_eq!(down.1, vec!["j".to_string(), "↓".to_string()]);
        assert_eq!(k.key_for(Mode::Tasks, Command::Undo).as_deref(), Some("u"));
    }
}
