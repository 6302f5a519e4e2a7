//! The dependency graph as a picture in character cells: one column per
//! parallel wave (plus a last column for tasks caught in a cycle), edges
//! routed through the gaps between columns with box-drawing lines. Edges
//! that skip waves pass through the columns between as straight lines.
use std::collections::HashMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::super::theme::{DOWNSTREAM, ERROR, UPSTREAM, dim, fit};
use crate::plan::Task;
use crate::sanitize::one_line;
use crate::tui::state::PlanIndex;
use crate::tui::state::graph::{Adjacency, IN_CYCLE};

/// Columns between two waves, at least; the lanes for vertical lines are
/// inside, one per task an edge leaves from, up to [`MAX_GAP`].
const MIN_GAP: usize = 5;
const MAX_GAP: usize = 9;
/// The wave headers and the blank row under them, which do not scroll.
const HEADER_ROWS: usize = 2;
const UP: u8 = 1;
const DOWN: u8 = 2;
const LEFT: u8 = 4;
const RIGHT: u8 = 8;

/// How an edge or a task is drawn, in rising priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
enum Tone {
    #[default]
    Normal,
    Downstream,
    Upstream,
    Error,
}

impl Tone {
    fn style(self) -> Style {
        match self {
            Tone::Normal => dim(),
            Tone::Downstream => Style::new().fg(DOWNSTREAM),
            Tone::Upstream => Style::new().fg(UPSTREAM),
            Tone::Error => Style::new().fg(ERROR),
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    mask: u8,
    tone: Tone,
    arrow: bool,
}

#[derive(Debug, Clone)]
struct Label {
    x: usize,
    y: usize,
    text: String,
    style: Style,
}

/// A laid-out graph, larger than the screen if need be; drawn through a
/// window that keeps the selected task in view.
#[derive(Debug, Clone)]
pub struct GraphPicture {
    pub width: usize,
    pub height: usize,
    cells: Vec<Cell>,
    labels: Vec<Label>,
    /// Top-left of the selected task's label.
    pub focus: Option<(usize, usize)>,
    /// Width of a task's label.
    pub label_width: usize,
    /// From one column's left edge to the next one's.
    pub stride: usize,
    /// Tasks drawn, and how many of them could not be ordered.
    pub nodes: usize,
    pub in_cycle: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Task(usize),
    /// A long edge passing through this column.
    Through,
}

/// Lay out the tasks at plan positions `nodes` (and the edges among them).
/// `selected` is highlighted with everything upstream and downstream of it;
/// `width` is the room on screen, used to size the labels.
pub fn build_picture(
    tasks: &[Task],
    index: &PlanIndex,
    nodes: &[usize],
    selected: Option<usize>,
    width: usize,
) -> GraphPicture {
    let in_set: HashMap<usize, ()> = nodes.iter().map(|&n| (n, ())).collect();
    let wave_of = |p: usize| index.waves.wave.get(p).copied().unwrap_or(IN_CYCLE);

    // Columns: the waves present, in order, the cycle layer last.
    let mut waves: Vec<u32> = nodes.iter().map(|&p| wave_of(p)).collect();
    waves.sort_unstable();
    waves.dedup();
    let column_of_wave: HashMap<u32, usize> =
        waves.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    let column = |p: usize| column_of_wave[&wave_of(p)];

    // Highlight sets: everything upstream and downstream of the selection.
    let upstream = closure(&index.dependencies, selected, &in_set);
    let downstream = closure(&index.dependents, selected, &in_set);

    // Slots per column, and segments between adjacent columns.
    let mut slots: Vec<(usize, Slot)> = Vec::new();
    let mut task_slot: HashMap<usize, usize> = HashMap::new();
    let mut ordered: Vec<usize> = nodes.to_vec();
    ordered.sort_unstable();
    for &p in &ordered {
        task_slot.insert(p, slots.len());
        slots.push((column(p), Slot::Task(p)));
    }
    let mut segments: Vec<(usize, usize, Tone)> = Vec::new();
    for &v in &ordered {
        for &u in index.dependencies.of(v) {
            if !in_set.contains_key(&u) || column(u) >= column(v) {
                continue;
            }
            let tone = edge_tone(u, v, selected, &upstream, &downstream, wave_of);
            let mut from = task_slot[&u];
            for c in column(u) + 1..column(v) {
                let through = slots.len();
                slots.push((c, Slot::Through));
                segments.push((from, through, tone));
                from = through;
            }
            segments.push((from, task_slot[&v], tone));
        }
    }

    // Order each column by the mean row of what feeds it (barycentre), so
    // edges cross less.
    let columns = waves.len();
    let mut by_column: Vec<Vec<usize>> = vec![Vec::new(); columns];
    for (id, (c, _)) in slots.iter().enumerate() {
        by_column[*c].push(id);
    }
    let mut row = vec![0usize; slots.len()];
    for ids in &by_column {
        for (r, &id) in ids.iter().enumerate() {
            row[id] = r;
        }
    }
    let mut feeders: Vec<Vec<usize>> = vec![Vec::new(); slots.len()];
    for &(a, b, _) in &segments {
        feeders[b].push(a);
    }
    for ids in by_column.iter_mut().skip(1) {
        let key = |id: &usize| {
            let f = &feeders[*id];
            if f.is_empty() {
                row[*id] as f64
            } else {
                f.iter().map(|s| row[*s] as f64).sum::<f64>() / f.len() as f64
            }
        };
        let mut keyed: Vec<(f64, usize)> = ids.iter().map(|id| (key(id), *id)).collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        *ids = keyed.into_iter().map(|(_, id)| id).collect();
        for (r, &id) in ids.iter().enumerate() {
            row[id] = r;
        }
    }

    // Lanes: in each gap, each task an edge leaves from gets its own lane
    // while there are lanes; the topmost source takes the rightmost lane, so
    // lines running down cross fewer others.
    let mut sources_per_gap: Vec<Vec<usize>> = vec![Vec::new(); columns];
    for &(a, _, _) in &segments {
        sources_per_gap[slots[a].0].push(row[a]);
    }
    for rows in &mut sources_per_gap {
        rows.sort_unstable();
        rows.dedup();
    }
    let busiest = sources_per_gap.iter().map(Vec::len).max().unwrap_or(0);
    let gap = (busiest + 2).clamp(MIN_GAP, MAX_GAP);
    let lanes = gap - 2;
    let mut lane_of: HashMap<(usize, usize), usize> = HashMap::new();
    for (c, rows) in sources_per_gap.iter().enumerate() {
        for (i, r) in rows.iter().enumerate() {
            lane_of.insert((c, *r), (rows.len() - 1 - i) % lanes);
        }
    }

    // Geometry. Odd columns sit half a row lower, so in each gap the lines
    // leaving tasks and the lines arriving at tasks never share a row.
    let tallest = by_column.iter().map(Vec::len).max().unwrap_or(0);
    let label_width = width
        .saturating_sub(columns.saturating_sub(1) * gap)
        .checked_div(columns)
        .map_or(8, |w| w.clamp(8, 24));
    let x_of = |c: usize| c * (label_width + gap);
    let y_of = |c: usize, r: usize| 2 + r * 2 + c % 2;
    let pic_width = if columns == 0 {
        0
    } else {
        x_of(columns - 1) + label_width
    };
    let pic_height = if tallest == 0 { 2 } else { 2 + tallest * 2 + 1 };
    let mut picture = GraphPicture {
        width: pic_width,
        height: pic_height,
        cells: vec![Cell::default(); pic_width * pic_height],
        labels: Vec::new(),
        focus: None,
        label_width,
        stride: label_width + gap,
        nodes: nodes.len(),
        in_cycle: nodes.iter().filter(|&&p| wave_of(p) == IN_CYCLE).count(),
    };

    for (c, w) in waves.iter().enumerate() {
        let text = if *w == IN_CYCLE {
            "cycle".to_string()
        } else {
            format!("wave {}", w + 1)
        };
        let style = if *w == IN_CYCLE {
            Tone::Error.style()
        } else {
            dim()
        };
        picture.labels.push(Label {
            x: x_of(c),
            y: 0,
            text: fit(&text, label_width),
            style,
        });
    }

    for &(a, b, tone) in &segments {
        let c = slots[a].0;
        let (ya, yb) = (y_of(c, row[a]), y_of(c + 1, row[b]));
        let xs = x_of(c) + label_width;
        let xe = x_of(c + 1) - 1;
        let lane = xs + 1 + lane_of.get(&(c, row[a])).copied().unwrap_or(0);
        picture.line(xs - 1, ya, lane, ya, tone, xs, xe);
        picture.line(lane, ya, lane, yb, tone, xs, xe);
        picture.line(lane, yb, xe + 1, yb, tone, xs, xe);
        if matches!(slots[b].1, Slot::Task(_)) {
            picture.cell_mut(xe, yb).arrow = true;
        }
    }

    for (id, (c, slot)) in slots.iter().enumerate() {
        let (x, y) = (x_of(*c), y_of(*c, row[id]));
        match slot {
            Slot::Through => {
                let tone = segments
                    .iter()
                    .filter(|(a, b, _)| *a == id || *b == id)
                    .map(|s| s.2)
                    .max()
                    .unwrap_or_default();
                picture.line(
                    x.saturating_sub(1),
                    y,
                    x + label_width,
                    y,
                    tone,
                    x,
                    x + label_width - 1,
                );
            }
            Slot::Task(p) => {
                let task = &tasks[*p];
                let cycle = wave_of(*p) == IN_CYCLE;
                let prefix = if cycle { "↺" } else { "" };
                let text = fit(
                    &format!("{prefix}{} {}", task.id, one_line(&task.title)),
                    label_width,
                );
                let style = if Some(*p) == selected {
                    picture.focus = Some((x, y));
                    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
                } else if cycle {
                    Tone::Error.style()
                } else if upstream.contains_key(p) {
                    Tone::Upstream.style()
                } else if downstream.contains_key(p) {
                    Tone::Downstream.style()
                } else {
                    Style::new()
                };
                picture.labels.push(Label { x, y, text, style });
            }
        }
    }
    picture
}

/// Tasks reachable from `start` along `edges`, inside the drawn set.
fn closure(
    edges: &Adjacency,
    start: Option<usize>,
    in_set: &HashMap<usize, ()>,
) -> HashMap<usize, ()> {
    let mut seen = HashMap::new();
    let Some(start) = start else {
        return seen;
    };
    let mut stack = vec![start];
    while let Some(i) = stack.pop() {
        for &j in edges.of(i) {
            if in_set.contains_key(&j) && j != start && seen.insert(j, ()).is_none() {
                stack.push(j);
            }
        }
    }
    seen
}

/// Red when the dependency comes later in the plan than its dependent, or
/// either end is in a cycle; otherwise coloured when on the selection's path.
fn edge_tone(
    u: usize,
    v: usize,
    selected: Option<usize>,
    upstream: &HashMap<usize, ()>,
    downstream: &HashMap<usize, ()>,
    wave_of: impl Fn(usize) -> u32,
) -> Tone {
    let is = |p: usize| Some(p) == selected;
    if u > v || wave_of(u) == IN_CYCLE || wave_of(v) == IN_CYCLE {
        Tone::Error
    } else if upstream.contains_key(&u) && (is(v) || upstream.contains_key(&v)) {
        Tone::Upstream
    } else if downstream.contains_key(&v) && (is(u) || downstream.contains_key(&u)) {
        Tone::Downstream
    } else {
        Tone::Normal
    }
}

impl GraphPicture {
    fn cell_mut(&mut self, x: usize, y: usize) -> &mut Cell {
        &mut self.cells[y * self.width + x]
    }

    /// A straight line from (x1, y1) to (x2, y2), drawn only on cells with
    /// `lo <= x <= hi` (the ends may sit on labels, which are not drawn over).
    #[allow(clippy::too_many_arguments)]
    fn line(
        &mut self,
        x1: usize,
        y1: usize,
        x2: usize,
        y2: usize,
        tone: Tone,
        lo: usize,
        hi: usize,
    ) {
        let mark = |pic: &mut GraphPicture, x: usize, y: usize, bit: u8| {
            if x >= lo && x <= hi && x < pic.width && y < pic.height {
                let cell = pic.cell_mut(x, y);
                cell.mask |= bit;
                cell.tone = cell.tone.max(tone);
            }
        };
        if y1 == y2 {
            let (a, b) = (x1.min(x2), x1.max(x2));
            for x in a..b {
                mark(self, x, y1, RIGHT);
                mark(self, x + 1, y1, LEFT);
            }
        } else {
            let (a, b) = (y1.min(y2), y1.max(y2));
            for y in a..b {
                mark(self, x1, y, DOWN);
                mark(self, x1, y + 1, UP);
            }
        }
    }

    /// Draw the part of the picture from column `ox` into `area`: the wave
    /// headers stay on the top row, the tasks below scroll from row `oy` of
    /// the body.
    pub fn render(&self, area: Rect, buf: &mut Buffer, ox: usize, oy: usize) {
        let header_rows = HEADER_ROWS.min(area.height as usize);
        // Picture row -> screen row, for the header and the scrolled body.
        let screen_row = |y: usize| -> Option<u16> {
            if y < HEADER_ROWS {
                (y < header_rows).then_some(area.y + y as u16)
            } else {
                let body = y - HEADER_ROWS;
                let shown = (area.height as usize).saturating_sub(header_rows);
                (body >= oy && body - oy < shown).then(|| area.y + (header_rows + body - oy) as u16)
            }
        };
        for y in 0..self.height {
            let Some(sy) = screen_row(y) else {
                continue;
            };
            for sx in 0..area.width as usize {
                let x = ox + sx;
                if x >= self.width {
                    break;
                }
                let cell = self.cells[y * self.width + x];
                if cell.mask == 0 {
                    continue;
                }
                let symbol = if cell.arrow {
                    "▶"
                } else {
                    box_char(cell.mask)
                };
                buf[(area.x + sx as u16, sy)]
                    .set_symbol(symbol)
                    .set_style(cell.tone.style());
            }
        }
        for label in &self.labels {
            let Some(y) = screen_row(label.y) else {
                continue;
            };
            // Labels may start left of the window; skip the hidden part.
            let skip = ox.saturating_sub(label.x);
            let start = label.x.max(ox) - ox;
            if start >= area.width as usize {
                continue;
            }
            let text: String = label.text.chars().skip(skip).collect();
            buf.set_stringn(
                area.x + start as u16,
                y,
                text,
                area.width as usize - start,
                label.style,
            );
        }
    }

    /// The window's left column and first body row, so that the selected
    /// task is in view, centred where the picture is larger than the window;
    /// horizontally it starts at a column's edge when that keeps the
    /// selection whole, so labels are not cut.
    pub fn window(&self, width: usize, height: usize) -> (usize, usize) {
        let (fx, fy) = self.focus.unwrap_or((0, HEADER_ROWS));
        let centre = |f: usize, size: usize, total: usize| {
            if total <= size {
                0
            } else {
                f.saturating_sub(size / 2).min(total - size)
            }
        };
        let mut ox = centre(fx + self.label_width / 2, width, self.width);
        let snapped = ox / self.stride.max(1) * self.stride;
        if fx + self.label_width <= snapped + width {
            ox = snapped;
        }
        let body = self.height.saturating_sub(HEADER_ROWS);
        let oy = centre(
            fy.saturating_sub(HEADER_ROWS),
            height.saturating_sub(HEADER_ROWS),
            body,
        );
        (ox, oy)
    }
}

fn box_char(mask: u8) -> &'static str {
    match mask {
        m if m == LEFT | RIGHT || m == LEFT || m == RIGHT => "─",
        m if m == UP | DOWN || m == UP || m == DOWN => "│",
        m if m == DOWN | RIGHT => "┌",
        m if m == DOWN | LEFT => "┐",
        m if m == UP | RIGHT => "└",
        m if m == UP | LEFT => "┘",
        m if m == UP | DOWN | RIGHT => "├",
        m if m == UP | DOWN | LEFT => "┤",
        m if m == LEFT | RIGHT | DOWN => "┬",
        m if m == LEFT | RIGHT | UP => "┴",
        _ => "┼",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{DepKind, Dependency, Session, Task, TaskId, Timestamp};

    fn session(deps: &[&[u32]]) -> Session {
        let mut s = Session::new("g", "g", Timestamp(0));
        for (i, d) in deps.iter().enumerate() {
            let mut t = Task::new(TaskId(i as u32 + 1), format!("task {}", i + 1));
            t.depends_on = d
                .iter()
                .map(|&on| Dependency::new(TaskId(on), DepKind::Other))
                .collect();
            s.tasks.push(t);
        }
        s
    }

    fn text(p: &GraphPicture) -> Vec<String> {
        let area = Rect::new(0, 0, p.width as u16, p.height as u16);
        let mut buf = Buffer::empty(area);
        p.render(area, &mut buf, 0, 0);
        (0..p.height)
            .map(|y| {
                (0..p.width)
                    .map(|x| buf[(x as u16, y as u16)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn a_chain_is_drawn_left_to_right_with_arrows() {
        let s = session(&[&[], &[1], &[2]]);
        let index = PlanIndex::build(&s, &crate::analysis::analyse(&s));
        let p = build_picture(&s.tasks, &index, &[0, 1, 2], Some(1), 60);
        let lines = text(&p);
        assert!(lines[0].starts_with("wave 1"), "{lines:?}");
        assert!(lines[2].contains("T1 task 1"), "{lines:?}");
        assert!(lines[3].contains("─▶T2 task 2"), "{lines:?}");
        assert!(lines[2].contains("─▶T3 task 3"), "{lines:?}");
        assert_eq!(p.focus, Some((p.label_width + MIN_GAP, 3)));
    }

    #[test]
    fn long_edges_pass_through_and_fan_in_joins() {
        // T3 depends on T1 (skipping a wave) and on T2.
        let s = session(&[&[], &[1], &[1, 2]]);
        let index = PlanIndex::build(&s, &crate::analysis::analyse(&s));
        let p = build_picture(&s.tasks, &index, &[0, 1, 2], None, 60);
        let lines = text(&p);
        let joined = lines.join("\n");
        assert!(
            joined.contains('┐') || joined.contains('┘') || joined.contains('┬'),
            "{joined}"
        );
        // The long edge crosses wave 2's column as a straight line.
        assert!(lines.iter().any(|l| l.contains("─────────")), "{joined}");
    }

    #[test]
    fn cycles_get_their_own_column() {
        let s = session(&[&[], &[3], &[2]]);
        let index = PlanIndex::build(&s, &crate::analysis::analyse(&s));
        let p = build_picture(&s.tasks, &index, &[0, 1, 2], None, 60);
        assert_eq!(p.in_cycle, 2);
        let lines = text(&p);
        assert!(lines[0].contains("cycle"), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("↺T2")), "{lines:?}");
    }
}
