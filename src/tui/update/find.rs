//! Find in a list, the help or the messages: `/` asks for the text, `n` and
//! `N` go to the next and previous row containing it (ignoring case),
//! wrapping around. In the Tasks pane `/` filters instead, and what it
//! filtered by is what `n` and `N` look for. One scan of the list per key.
use crate::tui::effect::Effect;
use crate::tui::state::{Notice, Overlay, Pane, Prompt, PromptPurpose, Screen, State, scroll_to};
use crate::tui::ui::help::help_lines;

/// Ask for the text to find.
pub(super) fn open_prompt(state: &mut State) -> Vec<Effect> {
    let last = state.find.clone().unwrap_or_default();
    state.overlays.push(Overlay::prompt(Prompt::new(
        PromptPurpose::Find,
        "Find",
        "Text to find (any case); n and N go to the next and previous match.",
        &last,
    )));
    Vec::new()
}

/// The text to find was typed: go to its first match from where the
/// selection is.
pub(super) fn submitted(state: &mut State, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        state.find = None;
        return;
    }
    state.find = Some(text.to_string());
    step(state, true, true);
}

/// Go to the next (`forward`) or previous match; `here` lets the current
/// row count as a match.
pub(super) fn step(state: &mut State, forward: bool, here: bool) {
    let Some(needle) = state.find.clone().map(|n| n.to_lowercase()) else {
        state.status.notice = Some(Notice::info(
            "Nothing to find yet: press / and type what to look for.",
        ));
        return;
    };
    let found = match target(state) {
        Some(Target::Help) => help(state, &needle, forward, here),
        Some(Target::Messages) => messages(state, &needle, forward, here),
        Some(Target::Start) => start(state, &needle, forward, here),
        Some(Target::Tasks) => tasks(state, &needle, forward, here),
        Some(Target::Ambiguities) => ambiguities(state, &needle, forward, here),
        Some(Target::Picker) => picker(state, &needle, forward, here),
        Some(Target::Review) => review(state, &needle, forward, here),
        Some(Target::Findings) => findings(state, &needle, forward, here),
        None => return,
    };
    if !found {
        state.status.notice = Some(Notice::info(format!(
            "No match for \"{}\".",
            crate::sanitize::one_line(&needle)
        )));
    }
}

enum Target {
    Help,
    Messages,
    Start,
    Tasks,
    Ambiguities,
    Picker,
    Findings,
    Review,
}

fn target(state: &State) -> Option<Target> {
    match state.overlays.last() {
        Some(Overlay::Help { .. }) => return Some(Target::Help),
        Some(Overlay::Messages { .. }) => return Some(Target::Messages),
        Some(Overlay::DepPicker(_)) => return Some(Target::Picker),
        Some(Overlay::Findings(_)) => return Some(Target::Findings),
        Some(Overlay::Review(_)) => return Some(Target::Review),
        Some(_) => return None,
        None => {}
    }
    if state.screen == Screen::Start || state.open.is_none() {
        return Some(Target::Start);
    }
    match state.focus {
        Pane::Tasks => Some(Target::Tasks),
        Pane::Ambiguities => Some(Target::Ambiguities),
        Pane::Spec | Pane::Graph => None,
    }
}

/// The row after (or before) `current` among `len` rows, wrapping, for
/// which `hit` holds; `here` tries `current` first.
fn next_hit(
    current: usize,
    len: usize,
    forward: bool,
    here: bool,
    hit: impl Fn(usize) -> bool,
) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let current = current.min(len - 1);
    let start = usize::from(!here);
    (start..=len).find_map(|k| {
        let k = k % len;
        let row = if forward {
            (current + k) % len
        } else {
            (current + len - k) % len
        };
        hit(row).then_some(row)
    })
}

fn contains(text: &str, needle: &str) -> bool {
    text.to_lowercase().contains(needle)
}

fn help(state: &mut State, needle: &str, forward: bool, here: bool) -> bool {
    let lines: Vec<String> = help_lines(&state.keymap, usize::MAX)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    let Some(Overlay::Help { offset }) = state.overlays.last_mut() else {
        return false;
    };
    match next_hit(*offset, lines.len(), forward, here, |i| {
        contains(&lines[i], needle)
    }) {
        Some(row) => {
            *offset = row;
            true
        }
        None => false,
    }
}

fn messages(state: &mut State, needle: &str, forward: bool, here: bool) -> bool {
    // Newest first, as drawn.
    let texts: Vec<String> = state
        .status
        .log
        .iter()
        .rev()
        .map(|l| l.notice.text.clone())
        .collect();
    let Some(Overlay::Messages { offset }) = state.overlays.last_mut() else {
        return false;
    };
    match next_hit(*offset, texts.len(), forward, here, |i| {
        contains(&texts[i], needle)
    }) {
        Some(row) => {
            *offset = row;
            true
        }
        None => false,
    }
}

fn start(state: &mut State, needle: &str, forward: bool, here: bool) -> bool {
    let page = usize::from(state.size.1.saturating_sub(8)).max(1);
    let rows = state.start.rows();
    let hit = next_hit(state.start.selected, rows.len(), forward, here, |i| {
        contains(&rows[i].title, needle) || contains(&rows[i].id, needle)
    });
    match hit {
        Some(row) => {
            state.start.selected = row;
            state.start.offset = scroll_to(state.start.offset, row, page);
            true
        }
        None => false,
    }
}

fn tasks(state: &mut State, needle: &str, forward: bool, here: bool) -> bool {
    let height = state.list_height(Pane::Tasks);
    let Some(open) = &state.open else {
        return false;
    };
    let tasks = &open.session.tasks;
    let visible = &state.tasks.visible;
    let current = state.tasks.selected_row(&open.index).unwrap_or(0);
    let hit = next_hit(current, visible.len(), forward, here, |row| {
        let t = &tasks[visible[row]];
        contains(&t.id.to_string(), needle) || contains(&t.title, needle)
    });
    match hit {
        Some(row) => {
            state.tasks.select_row(row, tasks, height);
            true
        }
        None => false,
    }
}

fn ambiguities(state: &mut State, needle: &str, forward: bool, here: bool) -> bool {
    let height = state.list_height(Pane::Ambiguities);
    let Some(open) = &state.open else {
        return false;
    };
    let list = &open.session.ambiguities;
    let hit = next_hit(state.ambiguities.selected, list.len(), forward, here, |i| {
        contains(&list[i].id.to_string(), needle) || contains(&list[i].summary, needle)
    });
    match hit {
        Some(row) => {
            state.ambiguities.selected = row;
            state.ambiguities.offset = scroll_to(state.ambiguities.offset, row, height);
            true
        }
        None => false,
    }
}

fn picker(state: &mut State, needle: &str, forward: bool, here: bool) -> bool {
    let page = usize::from(state.size.1.saturating_sub(10)).max(1);
    let Some(open) = &state.open else {
        return false;
    };
    let (index, tasks) = (&open.index, &open.session.tasks);
    let Some(Overlay::DepPicker(p)) = state.overlays.last_mut() else {
        return false;
    };
    let rows = &p.rows;
    let hit = next_hit(p.selected, rows.len(), forward, here, |i| {
        let id = rows[i].id;
        contains(&id.to_string(), needle)
            || index
                .position(id)
                .and_then(|pos| tasks.get(pos))
                .is_some_and(|t| contains(&t.title, needle))
    });
    match hit {
        Some(row) => {
            p.selected = row;
            p.offset = scroll_to(p.offset, row, page);
            true
        }
        None => false,
    }
}

fn findings(state: &mut State, needle: &str, forward: bool, here: bool) -> bool {
    let page = usize::from(state.size.1.saturating_sub(10)).max(1);
    let Some(open) = &state.open else {
        return false;
    };
    let report = &open.report;
    let Some(Overlay::Findings(view)) = state.overlays.last_mut() else {
        return false;
    };
    let list = &report.findings;
    let hit = next_hit(view.selected, list.len(), forward, here, |i| {
        contains(&list[i].message, needle) || contains(list[i].code.as_str(), needle)
    });
    match hit {
        Some(i) => {
            view.selected = i;
            let rows = crate::tui::state::findings::rows(report);
            view.offset = scroll_to(
                view.offset,
                crate::tui::state::findings::row_of(&rows, i),
                page,
            );
            true
        }
        None => false,
    }
}

fn review(state: &mut State, needle: &str, forward: bool, here: bool) -> bool {
    let page = usize::from(state.size.1.saturating_sub(10)).max(1);
    let Some(Overlay::Review(r)) = state.overlays.last_mut() else {
        return false;
    };
    let lines = &r.lines;
    match next_hit(r.selected, lines.len(), forward, here, |i| {
        contains(&lines[i], needle)
    }) {
        Some(row) => {
            if row != r.selected {
                r.detail_offset = 0;
            }
            r.selected = row;
            r.offset = scroll_to(r.offset, row, page);
            true
        }
        None => false,
    }
}
