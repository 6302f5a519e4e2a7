//! The Tasks pane: the ordered plan (number, id, findings marker,
//! verification marker, title, dependencies, kind badges) and the selected
//! task's detail. Only the rows on screen are built.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::theme::{
    self, bold, dim, error, fit, kind_letter, kind_style, ok, pane_block, severity_style,
    status_glyph, warning,
};
use crate::plan::{DepKind, Task};
use crate::sanitize::{for_terminal, one_line};
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::layout::tasks_layout;
use crate::tui::state::{OpenSession, State, scroll_to};

pub fn render(state: &State, open: &OpenSession, frame: &mut Frame, area: Rect, focused: bool) {
    let total = open.session.tasks.len();
    let status = state
        .tasks
        .status_filter
        .map(|f| format!(" {}", f.label()))
        .unwrap_or_default();
    let title = match (state.tasks.filter.is_empty(), state.tasks.status_filter) {
        (true, None) => format!("Tasks ({total})"),
        (true, Some(_)) => format!("Tasks: {} of {total}{status}", state.tasks.visible.len()),
        (false, _) => format!(
            "Tasks: {} of {total}{status} match \"{}\"",
            state.tasks.visible.len(),
            one_line(&state.tasks.filter)
        ),
    };
    let block = pane_block(super::theme::title_fit(&[title], area.width), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let layout = tasks_layout(inner, state.tasks.filter_input.is_some());
    if let (Some(rect), Some(input)) = (layout.filter, &state.tasks.filter_input) {
        let [label, field] = ratatui::layout::Layout::horizontal([
            ratatui::layout::Constraint::Length(2),
            ratatui::layout::Constraint::Min(0),
        ])
        .areas(rect);
        frame.render_widget(Span::styled("/ ", bold()), label);
        frame.render_widget(input, field);
    }
    render_list(state, open, frame, layout.list, focused);
    if let Some(rect) = layout.detail {
        let beside = rect.y == layout.list.y;
        let block = Block::new()
            .borders(if beside { Borders::LEFT } else { Borders::TOP })
            .border_style(dim());
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        render_detail(state, open, frame, inner);
    }
}

/// Column widths for a list `width` columns wide.
struct Columns {
    number: usize,
    id: usize,
    title: usize,
    deps: usize,
    badges: usize,
}

impl Columns {
    fn new(width: usize, open: &OpenSession) -> Columns {
        let number = digits(open.session.tasks.len()).max(2);
        let id = digits(open.session.counters.next_task as usize) + 1;
        let deps = if width >= 60 {
            (width / 4).clamp(8, 22)
        } else if width >= 45 {
            8
        } else {
            0
        };
        let badges = if width >= 40 { 4 } else { 0 };
        // number, id, marker+verification+status, and the spaces between columns
        let fixed = number + 1 + id + 1 + 3 + 1 + (deps > 0) as usize + (badges > 0) as usize;
        let title = width.saturating_sub(fixed + deps + badges);
        Columns {
            number,
            id,
            title,
            deps,
            badges,
        }
    }
}

fn digits(n: usize) -> usize {
    n.max(1).ilog10() as usize + 1
}

fn render_list(state: &State, open: &OpenSession, frame: &mut Frame, area: Rect, focused: bool) {
    if area.height == 0 {
        return;
    }
    let cols = Columns::new(area.width as usize, open);
    let mut lines = Vec::with_capacity(area.height as usize);
    let mut header = format!(
        "{:>n$} {} {} ",
        "#",
        fit("Id", cols.id),
        "FVS",
        n = cols.number
    );
    header.push_str(&fit("Title", cols.title));
    if cols.deps > 0 {
        header.push(' ');
        header.push_str(&fit("Depends on", cols.deps));
    }
    if cols.badges > 0 {
        header.push(' ');
        header.push_str(&fit("Kind", cols.badges));
    }
    lines.push(Line::styled(header, dim()));

    let rows = area.height as usize - 1;
    if state.tasks.visible.is_empty() {
        frame.render_widget(Paragraph::new(lines), area);
        let below = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
        frame.render_widget(
            Paragraph::new(Line::styled(empty_message(state), dim())).wrap(Wrap { trim: true }),
            below,
        );
        return;
    }
    let selected = state.tasks.selected_row(&open.index);
    let offset = selected.map_or(state.tasks.offset, |r| {
        scroll_to(state.tasks.offset, r, rows)
    });
    for (row, &pos) in state
        .tasks
        .visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
    {
        let task = &open.session.tasks[pos];
        let mut line = task_row(state, open, task, pos, &cols);
        if Some(row) == selected {
            line = line.patch_style(theme::selected(focused));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn empty_message(state: &State) -> String {
    if let Some(f) = state.tasks.status_filter
        && state.tasks.filter.is_empty()
    {
        let key = state
            .keymap
            .key_for(Mode::Tasks, Command::FilterStatus)
            .unwrap_or_else(|| Command::FilterStatus.name().to_string());
        return format!("No {} task ({key} shows the next status).", f.label());
    }
    if !state.tasks.filter.is_empty() {
        return "No task matches the filter (Esc clears it).".to_string();
    }
    let key = |c| {
        state
            .keymap
            .key_for(Mode::Tasks, c)
            .unwrap_or_else(|| c.name().to_string())
    };
    format!(
        "No tasks yet: {} asks the model to decompose the spec, {} adds one.",
        key(Command::RunStep),
        key(Command::AddTask)
    )
}

fn task_row<'a>(
    state: &State,
    open: &OpenSession,
    task: &'a Task,
    pos: usize,
    cols: &Columns,
) -> Line<'a> {
    let marker = match state.markers.get(&task.id) {
        Some(m) => Span::styled("●", severity_style(m.severity)),
        None => Span::raw(" "),
    };
    // ✓ a condition someone can check, ~ one the lint calls vague, ✗ none.
    let verification = match task.verification.as_deref().map(str::trim) {
        Some(v) if !v.is_empty() => match crate::analysis::vague_verification(v) {
            None => Span::styled("✓", ok()),
            Some(_) => Span::styled("~", warning()),
        },
        _ => Span::styled("✗", error()),
    };
    let mut spans = vec![
        Span::styled(format!("{:>n$} ", pos + 1, n = cols.number), dim()),
        Span::raw(format!("{} ", fit(&task.id.to_string(), cols.id))),
        marker,
        verification,
        status_glyph(task.status),
        Span::raw(" "),
    ];
    let mut indent = subtask_indent(open, task);
    // A requirement it covers changed: review the task (c confirms it).
    if task
        .requirements_to_review(&open.session.spec.requirements)
        .next()
        .is_some()
    {
        indent.insert_str(0, "⟳ ");
    }
    if task.draft {
        // A draft says so before its title.
        let title = format!("{indent}draft: {}", one_line(&task.title));
        spans.push(Span::styled(fit(&title, cols.title), warning()));
    } else if open.next == Some(task.id) && cols.title > 4 {
        // The task to do now: an arrow before its title.
        spans.push(Span::styled("→ ", bold().fg(theme::ACCENT)));
        spans.push(Span::styled(
            fit(
                &format!("{indent}{}", one_line(&task.title)),
                cols.title - 2,
            ),
            bold(),
        ));
    } else {
        spans.push(Span::raw(fit(
            &format!("{indent}{}", one_line(&task.title)),
            cols.title,
        )));
    }
    if cols.deps > 0 {
        spans.push(Span::raw(" "));
        spans.extend(deps_spans(open, task, cols.deps));
    }
    if cols.badges > 0 {
        spans.push(Span::raw(" "));
        spans.extend(badge_spans(task, cols.badges));
    }
    Line::from(spans)
}

/// `↳ ` before a subtask's title, two spaces more per level below the first.
fn subtask_indent(open: &OpenSession, task: &Task) -> String {
    let mut depth = 0;
    let mut at = task.parent;
    while let Some(pos) = at.and_then(|p| open.index.position(p)) {
        depth += 1;
        if depth > 8 {
            break;
        }
        at = open.session.tasks[pos].parent;
    }
    if depth == 0 {
        String::new()
    } else {
        format!("{}↳ ", "  ".repeat(depth - 1))
    }
}

pub fn has_verification(task: &Task) -> bool {
    task.verification
        .as_deref()
        .is_some_and(|v| !v.trim().is_empty())
}

/// `← T1 T3 +2`, each id in its kind's colour (red if the task is missing),
/// padded to `width`.
fn deps_spans<'a>(open: &OpenSession, task: &Task, width: usize) -> Vec<Span<'a>> {
    if task.depends_on.is_empty() {
        return vec![Span::raw(" ".repeat(width))];
    }
    let mut spans = vec![Span::styled("←", dim())];
    let mut used = 1;
    for (i, d) in task.depends_on.iter().enumerate() {
        let id = d.on.to_string();
        let rest = task.depends_on.len() - i;
        let more = if rest > 1 {
            format!(" +{}", rest - 1)
        } else {
            String::new()
        };
        // Room for this id, and for a "+n" after it if more follow.
        if used + 1 + id.len() + more.len() > width {
            let tail = format!(" +{rest}");
            if used + tail.len() <= width {
                spans.push(Span::styled(tail.clone(), dim()));
                used += tail.len();
            }
            break;
        }
        // Inferred from an imported file's layout: dim, not a kind's colour.
        let style = if !open.index.contains(d.on) {
            error()
        } else if d.inferred {
            dim()
        } else {
            kind_style(d.kind)
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(id.clone(), style));
        used += 1 + id.len();
    }
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
    spans
}

/// One coloured letter per kind of dependency the task has.
fn badge_spans<'a>(task: &Task, width: usize) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    for kind in DepKind::ALL {
        if spans.len() < width && task.depends_on.iter().any(|d| d.kind == kind) {
            spans.push(Span::styled(kind_letter(kind), kind_style(kind)));
        }
    }
    let pad = width - spans.len();
    spans.push(Span::raw(" ".repeat(pad)));
    spans
}

fn render_detail(state: &State, open: &OpenSession, frame: &mut Frame, area: Rect) {
    let Some(task) = state.selected_task() else {
        frame.render_widget(
            Paragraph::new(Line::styled("No task selected.", dim())),
            area,
        );
        return;
    };
    let pos = open.index.position(task.id).unwrap_or(0);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} · #{} · ", task.id, pos + 1), dim()),
        Span::styled(one_line(&task.title), bold()),
    ])];
    let mut status = vec![
        Span::styled("Status: ", dim()),
        status_glyph(task.status),
        Span::raw(format!(" {}", crate::execution::status_words(task.status))),
    ];
    if open.next == Some(task.id) {
        status.push(Span::styled(
            " · the task to do now",
            bold().fg(theme::ACCENT),
        ));
    }
    lines.push(Line::from(status));
    if !task.description.trim().is_empty() {
        for l in for_terminal(&task.description).lines() {
            lines.push(Line::raw(l.to_string()));
        }
    }
    if !task.produces.is_empty() {
        let produces = task
            .produces
            .iter()
            .map(|p| one_line(p))
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(theme::field("Produces", produces));
    }
    let mut deps = vec![Span::styled("Depends on: ", dim())];
    if task.depends_on.is_empty() {
        deps.push(Span::raw("nothing"));
    }
    for (i, d) in task.depends_on.iter().enumerate() {
        if i > 0 {
            deps.push(Span::raw(", "));
        }
        let exists = open.index.contains(d.on);
        let style = if exists { kind_style(d.kind) } else { error() };
        deps.push(Span::styled(d.on.to_string(), style));
        deps.push(Span::styled(
            if exists && d.inferred {
                format!(" {} (inferred)", d.kind)
            } else if exists {
                format!(" {}", d.kind)
            } else {
                " (no such task)".to_string()
            },
            if exists { dim() } else { error() },
        ));
    }
    lines.push(Line::from(deps));
    let dependents = &open.index.dependents.of(pos);
    if !dependents.is_empty() {
        let ids = dependents
            .iter()
            .map(|&i| open.session.tasks[i].id.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(theme::field("Needed by", ids));
    }
    lines.push(match &task.verification {
        Some(v) if !v.trim().is_empty() => theme::field("Verify", Span::raw(one_line(v))),
        _ => theme::field("Verify", Span::styled("none yet", warning())),
    });
    if !task.covers.is_empty() {
        let covers = task
            .covers
            .iter()
            .map(|r| one_line(r.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(theme::field("Covers", covers));
    }
    let changed: Vec<String> = task
        .requirements_to_review(&open.session.spec.requirements)
        .map(|r| one_line(r.id.as_str()))
        .collect();
    if !changed.is_empty() {
        let key = |c: Command| state.keymap.key_for(Mode::Tasks, c).unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled("⟳ Review: ", warning()),
            Span::styled(
                format!(
                    "{} changed in the spec since this task was written; {} edits it, {} confirms it as it is",
                    changed.join(", "),
                    key(Command::Edit),
                    key(Command::ConfirmReview)
                ),
                warning(),
            ),
        ]));
    }
    if let Some(group) = &task.group {
        lines.push(theme::field("Group", one_line(group)));
    }
    if let Some(parent) = task.parent {
        lines.push(theme::field("Subtask of", parent.to_string()));
    }
    if let Some(source) = &task.source_id {
        lines.push(theme::field("Id in the file", one_line(source)));
    }
    if let Some(marker) = state.markers.get(&task.id) {
        for note in &marker.notes {
            lines.push(Line::from(vec![
                Span::styled("● ", severity_style(marker.severity)),
                Span::styled(one_line(note), Style::new()),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
