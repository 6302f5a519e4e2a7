//! The status bar: the model (or offline heuristics), what it is doing, the
//! save state and the last notice on the first line; the main keys of the
//! current mode, taken from the key map, on the second.
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::theme::{ACCENT, bold, dim, error, ok, warning};
use crate::sanitize::one_line;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::state::{ModelActivity, SaveState, State};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let [top, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let mut left = vec![Span::styled(
        format!("[{}]", one_line(&state.status.provider)),
        dim(),
    )];
    if let Some(activity) = &state.status.activity {
        left.push(Span::raw(" "));
        left.extend(activity_spans(activity));
    }
    let save = if state.open.is_some() {
        save_span(&state.status.save)
    } else {
        Span::raw("")
    };
    let save_width = save.width() as u16;
    if let Some(notice) = &state.status.notice {
        left.push(Span::raw(" "));
        let style = if notice.warning {
            warning()
        } else {
            ratatui::style::Style::new()
        };
        let used: usize = left.iter().map(|s| s.width()).sum();
        let room = (top.width as usize).saturating_sub(used + save_width as usize + 1);
        let more = state
            .keymap
            .key_for(state.mode(), Command::Messages)
            .or_else(|| state.keymap.key_for(Mode::Global, Command::Messages))
            .map(|k| format!(" ({k}: all of it)"))
            .unwrap_or_default();
        left.push(Span::styled(
            cut_at_word(&one_line(&notice.text), room, &more),
            style,
        ));
    }
    let [l, r] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(save_width + 1)]).areas(top);
    frame.render_widget(Line::from(left), l);
    frame.render_widget(Line::from(save).right_aligned(), r);
    frame.render_widget(hints(state, bottom.width as usize), bottom);
}

/// `text` whole if it fits in `width` columns; otherwise cut after the last
/// whole word that leaves room for `…` and `more` (where to read the rest),
/// or inside a word when that word (a path, say) would take half the room.
fn cut_at_word(text: &str, width: usize, more: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(more.width() + 1);
    let mut end = 0;
    let mut used = 0;
    for (i, c) in text.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        if c == ' ' {
            end = i;
        }
    }
    if end == 0 || end < used / 2 {
        // One long word (a path): cut it rather than drop it.
        return format!(
            "{}{more}",
            super::theme::truncate(text, room.saturating_add(1))
        );
    }
    format!("{}…{more}", text[..end].trim_end())
}

fn activity_spans(a: &ModelActivity) -> Vec<Span<'static>> {
    let frame = (a.elapsed.as_millis() / 100) as usize % SPINNER.len();
    let mut text = format!("{} {}", one_line(&a.label), elapsed(a));
    if a.chars > 0 {
        text.push_str(&format!(" · {} chars", a.chars));
    }
    if let Some(t) = a.tokens {
        text.push_str(&format!(" · {t} tokens"));
    }
    vec![
        Span::styled(SPINNER[frame], bold().fg(ACCENT)),
        Span::raw(" "),
        Span::raw(text),
    ]
}

fn elapsed(a: &ModelActivity) -> String {
    if a.started.is_none() {
        return "…".to_string();
    }
    let s = a.elapsed.as_secs();
    if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

fn save_span(save: &SaveState) -> Span<'static> {
    match save {
        SaveState::Saved(Some(at)) => {
            let (_, _, _, h, m, _) = at.to_civil();
            Span::styled(format!("saved {h:02}:{m:02}"), ok())
        }
        SaveState::Saved(None) => Span::styled("saved", ok()),
        SaveState::Unsaved => Span::styled("unsaved changes", warning()),
        SaveState::Failed(_) => Span::styled("save failed", error()),
    }
}

/// The commands worth a hint in each mode, most useful first.
fn hint_commands(mode: Mode) -> &'static [Command] {
    use Command::*;
    match mode {
        Mode::Tasks => &[
            Edit,
            AddTask,
            DeleteTask,
            MoveTaskDown,
            MoveTaskUp,
            EditDependencies,
            SetStatus,
            GoToNext,
            Filter,
            FilterStatus,
            Undo,
            RunStep,
            Zoom,
            Palette,
            Help,
            Quit,
        ],
        Mode::Spec => &[
            Edit,
            SwitchDocument,
            Undo,
            RunStep,
            Zoom,
            FocusNext,
            Palette,
            Help,
            Quit,
        ],
        Mode::Graph => &[
            Left,
            Right,
            Edit,
            EditDependencies,
            Zoom,
            FocusNext,
            Palette,
            Help,
            Quit,
        ],
        Mode::Ambiguities => &[
            Edit, Defer, Dismiss, Reopen, Undo, RunStep, Zoom, Palette, Help, Quit,
        ],
        Mode::Global => &[FocusNext, Palette, Help, Quit],
        Mode::Messages => &[Down, Up, Find, Cancel],
        Mode::Palette => &[Submit, Down, Up, Cancel],
        Mode::Editor => &[FinishEditing, Search, SearchNext, FocusNext],
        Mode::Filter => &[Submit, Cancel],
        Mode::Form => &[NextField, Submit, Cancel],
        Mode::Prompt => &[Submit, Cancel],
        Mode::Picker => &[Toggle, CycleKind, Submit, Cancel],
        Mode::Confirm => &[Confirm, Cancel],
        Mode::Help => &[Down, Up, Find, Cancel],
        Mode::Popup => &[Cancel],
        Mode::Findings => &[GoToTask, ApplyFix, Down, Up, Cancel],
        Mode::Export => &[Submit, Down, Up, Cancel],
        Mode::Status => &[Submit, Down, Up, Cancel],
        Mode::Validate => &[GoToLink, RerunReadings, Down, Up, Cancel],
        Mode::Review => &[
            Toggle,
            AcceptSelected,
            AcceptAll,
            Reject,
            DetailDown,
            Down,
            Up,
        ],
        Mode::Versions => &[MarkBase, ShowDiff, Down, Up, Cancel],
        Mode::Diff => &[Down, Up, PageDown, Cancel],
        Mode::Start => &[
            OpenSession,
            NewSession,
            RenameSession,
            DeleteSession,
            ShowTrash,
            RestoreSession,
            Palette,
            Help,
            Quit,
        ],
    }
}

/// A word or two for a hint.
fn hint_label(command: Command, mode: Mode) -> &'static str {
    use Command::*;
    match command {
        Edit if mode == Mode::Ambiguities => "decide",
        Edit => "edit",
        AddTask => "add",
        DeleteTask => "delete",
        MoveTaskDown => "move down",
        MoveTaskUp => "move up",
        EditDependencies => "deps",
        Filter => "filter",
        SetStatus => "status",
        GoToNext => "next task",
        ConfirmReview => "confirm review",
        FilterStatus => "by status",
        Undo => "undo",
        RunStep => "run step",
        Zoom => "zoom",
        Help => "help",
        Quit => "quit",
        SwitchDocument => "spec/context",
        FocusNext => "next pane",
        Left => "upstream",
        Right => "downstream",
        Defer => "defer",
        Dismiss => "not an issue",
        Reopen => "reopen",
        FinishEditing => "done",
        Search => "search",
        Submit if mode == Mode::Export => "write",
        Submit if mode == Mode::Status => "set",
        Submit if mode == Mode::Palette => "run",
        Submit => "apply",
        Find => "find",
        SearchNext => "next match",
        SearchPrev => "previous match",
        Messages => "messages",
        Palette => "commands",
        HalfPageDown => "half page down",
        HalfPageUp => "half page up",
        Cancel
            if matches!(
                mode,
                Mode::Help
                    | Mode::Popup
                    | Mode::Findings
                    | Mode::Versions
                    | Mode::Validate
                    | Mode::Messages
            ) =>
        {
            "close"
        }
        Cancel if mode == Mode::Diff => "back",
        GoToTask => "go to task",
        ApplyFix => "apply fix",
        Findings => "findings",
        Export => "export",
        Down if mode == Mode::Export => "next format",
        Up if mode == Mode::Export => "previous format",
        Lock => "lock",
        Versions => "versions",
        MarkBase => "mark base",
        ShowDiff => "show changes",
        PageDown => "page down",
        Validate => "validate",
        GoToLink => "go to",
        RerunReadings => "read again",
        Cancel => "cancel",
        NextField => "next field",
        Toggle if mode == Mode::Review => "tick",
        Toggle => "toggle",
        AcceptSelected => "accept ticked",
        AcceptAll => "accept all",
        Reject => "reject",
        DetailDown => "scroll change",
        DetailUp => "scroll change up",
        CycleKind => "kind",
        Confirm => "yes",
        Down => "down",
        Up => "up",
        OpenSession => "open",
        NewSession => "new",
        RenameSession => "rename",
        DeleteSession => "delete",
        ShowTrash => "trash",
        RestoreSession => "restore",
        other => other.name(),
    }
}

/// The hints that fit in `width`, most useful first; `help` and `quit`
/// always stay (at the end), however narrow the window.
fn hints(state: &State, width: usize) -> Line<'static> {
    let mode = state.mode();
    let hint = |command: Command| {
        let key = state.keymap.key_for(mode, command)?;
        let label = hint_label(command, mode);
        let w = key.chars().count() + 1 + label.chars().count() + 2;
        Some((key, label, w))
    };
    let kept = |c: Command| matches!(c, Command::Palette | Command::Help | Command::Quit);
    let always: Vec<_> = hint_commands(mode)
        .iter()
        .copied()
        .filter(|c| kept(*c))
        .filter_map(hint)
        .collect();
    let mut used: usize = always.iter().map(|h| h.2).sum();
    let mut shown = Vec::new();
    let trash = mode == Mode::Start && state.start.showing_trash;
    let in_trash = |c: Command| {
        !matches!(
            c,
            Command::OpenSession
                | Command::NewSession
                | Command::RenameSession
                | Command::DeleteSession
        )
    };
    let listed = |c: Command| !kept(c) && (!trash || in_trash(c));
    for &command in hint_commands(mode).iter().filter(|c| listed(**c)) {
        let Some(h) = hint(command) else {
            continue;
        };
        if used + h.2 > width {
            break;
        }
        used += h.2;
        shown.push(h);
    }
    let mut spans = Vec::new();
    for (key, label, _) in shown.into_iter().chain(always) {
        spans.push(Span::styled(key, bold().fg(ACCENT)));
        spans.push(Span::styled(format!(" {label}  "), dim()));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::cut_at_word;

    #[test]
    fn messages_are_cut_at_a_word_unless_the_word_is_most_of_it() {
        let more = " (m: all of it)";
        assert_eq!(cut_at_word("short", 40, more), "short");
        let cut = cut_at_word("Accepted 12 of 14 proposed changes as one edit", 40, more);
        assert_eq!(cut, "Accepted 12 of 14…".to_string() + more);
        let path = cut_at_word(
            "Exported to /home/ana/plans/a-very-long-directory-name/plan.md",
            40,
            more,
        );
        assert!(path.starts_with("Exported to /home/ana/"), "{path}");
        assert!(path.chars().count() <= 40, "{path}");
    }
}
