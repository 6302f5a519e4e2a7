//! The report as text for a terminal: findings grouped by severity, then the
//! corrected order, parallel groups, critical path and dependency kinds,
//! wrapped to a width (80 columns by default), with or without colour.
use std::borrow::Cow;
use std::fmt::Write as _;

use super::finding::Label;
use super::finding::{Finding, Severity};
use super::plural;
use super::report::Report;
use crate::plan::{Session, TaskId};

/// How to draw the report.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    pub color: bool,
    pub width: usize,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            color: false,
            width: 80,
        }
    }
}

/// At most this many waves are listed, each in at most this many lines;
/// `--format json` has them all.
const MAX_WAVES: usize = 20;
const MAX_WAVE_LINES: usize = 3;

#[derive(Clone, Copy)]
enum Paint {
    Error,
    Warning,
    Info,
    Heading,
    Dim,
    Good,
}

struct Style(bool);

impl Style {
    fn paint(&self, p: Paint, text: &str) -> String {
        if !self.0 {
            return text.to_string();
        }
        let code = match p {
            Paint::Error => "1;31",
            Paint::Warning => "1;33",
            Paint::Info => "1;36",
            Paint::Heading => "1",
            Paint::Dim => "2",
            Paint::Good => "1;32",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

/// The whole report.
pub fn render(s: &Session, r: &Report, opts: &TextOptions) -> String {
    let st = Style(opts.color);
    let width = opts.width.max(40);
    let mut out = String::new();
    let title = clean(&s.title);
    let _ = writeln!(
        out,
        "{}",
        st.paint(Paint::Heading, &format!("Plan check: {title}"))
    );
    let repeats = match r.repeated_dependencies() {
        0 => String::new(),
        n => format!(" (and {n} repeat{})", plural(n)),
    };
    let _ = writeln!(
        out,
        "{} task{}, {} dependenc{}{repeats}",
        r.task_count(),
        plural(r.task_count()),
        r.dependency_count(),
        if r.dependency_count() == 1 {
            "y"
        } else {
            "ies"
        }
    );
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let group: Vec<&Finding> = r.findings.iter().filter(|f| f.severity == sev).collect();
        if group.is_empty() {
            continue;
        }
        for f in group {
            out.push('\n');
            // A file read from another tool (Taskmaster) is not written by --fix.
            let fixable = r.run_order.is_none();
            finding(&mut out, &st, f, width, fixable);
        }
    }
    facts(&mut out, &st, s, r, width);
    out.push('\n');
    out.push_str(&summary(r, &st));
    out.push('\n');
    out
}

fn finding(out: &mut String, st: &Style, f: &Finding, width: usize, fixable: bool) {
    let paint = match f.severity {
        Severity::Error => Paint::Error,
        Severity::Warning => Paint::Warning,
        Severity::Info => Paint::Info,
    };
    let head = format!("{}[{}]:", f.severity, f.code);
    let body = wrap(&clean(&f.message), head.chars().count() + 1, 4, width);
    let _ = writeln!(out, "{} {}", st.paint(paint, &head), body);
    if let Some(fix) = &f.fix {
        let how = if fixable && f.code.fix_is_safe() {
            "; --fix applies it"
        } else {
            ""
        };
        let text = format!("fix: {}{how}", clean(&fix.description));
        let _ = writeln!(
            out,
            "    {}",
            st.paint(Paint::Dim, &wrap(&text, 4, 9, width))
        );
    }
}

/// The order a tool that runs tasks by their dependencies would take.
fn run_order(
    out: &mut String,
    st: &Style,
    ro: &super::report::RunOrder,
    label: &dyn Fn(TaskId) -> String,
    width: usize,
) {
    let tool = clean(&ro.tool).into_owned();
    let _ = writeln!(
        out,
        "\n{}",
        st.paint(Paint::Heading, &format!("Order {tool} would run them in"))
    );
    let intro = format!(
        "{tool} picks tasks by their dependencies, priority and id, not by their place in the file, so a task \
         listed before what it needs is not an error here."
    );
    let _ = writeln!(out, "  {}", wrap(&intro, 2, 2, width));
    if ro.order.is_empty() {
        let _ = writeln!(out, "  Nothing is left to run.");
    } else {
        let labels: Vec<String> = ro.order.iter().map(|&id| label(id)).collect();
        let _ = writeln!(out, "  {}", wrap(&labels.join(", "), 2, 2, width));
    }
    if ro.finished > 0 {
        let _ = writeln!(
            out,
            "  ({} task{} already done or cancelled.)",
            ro.finished,
            plural(ro.finished)
        );
    }
    if !ro.never.is_empty() {
        let labels: Vec<String> = ro.never.iter().map(|&id| label(id)).collect();
        let text = format!(
            "Never started, because what they need is never done (a cycle or a missing task): {}",
            labels.join(", ")
        );
        let _ = writeln!(out, "  {}", wrap(&text, 2, 2, width));
    }
}

fn facts(out: &mut String, st: &Style, s: &Session, r: &Report, width: usize) {
    let label_at = |p: usize| -> String {
        let t = &s.tasks[p];
        clean(
            &Label {
                id: t.id,
                source_id: t.source_id.as_deref(),
            }
            .to_string(),
        )
        .into_owned()
    };
    let label = |id: TaskId| -> String { s.position(id).map_or_else(|| id.to_string(), label_at) };
    match &r.order {
        _ if r.run_order.is_some() => {
            if let Some(ro) = &r.run_order {
                run_order(out, st, ro, &label, width);
            }
        }
        Some(o) if !o.moves.is_empty() => {
            let k = o.moves.len();
            let _ = writeln!(
                out,
                "\n{}",
                st.paint(
                    Paint::Heading,
                    &format!("Corrected order ({k} move{})", plural(k))
                )
            );
            for m in &o.moves {
                let title = clean(&s.tasks[m.from - 1].title);
                let line = format!(
                    "{} '{}' moves from {} to {}",
                    label_at(m.from - 1),
                    title,
                    m.from,
                    m.to
                );
                let _ = writeln!(out, "  {}", wrap(&line, 2, 6, width));
            }
        }
        Some(_) => {
            let _ = writeln!(out, "\n{}", st.paint(Paint::Heading, "Order"));
            let _ = writeln!(out, "  Every task comes after what it depends on.");
        }
        None => {
            let _ = writeln!(
                out,
                "\n{}",
                wrap(
                    "No corrected order or parallel groups while the plan has cycles: cut them first.",
                    0,
                    0,
                    width
                )
            );
        }
    }
    if let Some(sch) = &r.schedule {
        let w = sch.wave_count();
        let _ = writeln!(
            out,
            "\n{}",
            st.paint(
                Paint::Heading,
                &format!(
                    "Parallel groups ({w} wave{}; tasks in a wave can run at once)",
                    plural(w)
                )
            )
        );
        for k in 0..w.min(MAX_WAVES) {
            let head = format!("  {:>3}  ", k + 1);
            let wave = sch.wave_positions(k);
            // No more labels than can be shown (each takes at least 4 columns).
            let room = (width * MAX_WAVE_LINES / 4).min(wave.len());
            let labels: Vec<String> = wave[..room].iter().map(|&p| label_at(p as usize)).collect();
            let text = limited_list(&labels, wave.len(), width - head.len(), MAX_WAVE_LINES);
            let _ = writeln!(out, "{head}{}", wrap(&text, head.len(), head.len(), width));
        }
        if w > MAX_WAVES {
            let _ = writeln!(
                out,
                "  … and {} more waves (--format json lists them all)",
                w - MAX_WAVES
            );
        }
        let cp = &sch.critical_path;
        if !cp.is_empty() {
            let _ = writeln!(
                out,
                "\n{}",
                st.paint(
                    Paint::Heading,
                    &format!("Critical path ({} task{})", cp.len(), plural(cp.len()))
                )
            );
            let labels: Vec<String> = if cp.len() <= 12 {
                cp.iter().map(|&id| label(id)).collect()
            } else {
                let mut v: Vec<String> = cp[..6].iter().map(|&id| label(id)).collect();
                v.push(format!("… ({} more) …", cp.len() - 11));
                v.extend(cp[cp.len() - 5..].iter().map(|&id| label(id)));
                v
            };
            let _ = writeln!(out, "  {}", wrap(&labels.join(" → "), 2, 2, width));
        }
    }
    let k = &r.kinds;
    let _ = writeln!(
        out,
        "\n{}",
        st.paint(Paint::Heading, "Dependencies by kind")
    );
    let _ = writeln!(
        out,
        "  schema {}, interface {}, infrastructure {}, other {}",
        k.schema, k.interface, k.infrastructure, k.other
    );
}

fn summary(r: &Report, st: &Style) -> String {
    let (e, w, i) = (
        r.count(Severity::Error),
        r.count(Severity::Warning),
        r.count(Severity::Info),
    );
    let text = format!(
        "{e} error{}, {w} warning{}, {i} note{}",
        plural(e),
        plural(w),
        plural(i)
    );
    if e > 0 {
        st.paint(Paint::Error, &text)
    } else {
        st.paint(Paint::Good, &format!("{text}: no errors"))
    }
}

/// Items joined by ", " in at most `lines` lines of `width`, then "… and N
/// more"; `total` counts the items, of which `items` are the first.
fn limited_list(items: &[String], total: usize, width: usize, lines: usize) -> String {
    let budget = width * lines;
    let mut text = String::new();
    for (k, item) in items.iter().enumerate() {
        let rest = total - k;
        let more = format!("… and {rest} more");
        let next = if text.is_empty() {
            item.clone()
        } else {
            format!(", {item}")
        };
        if text.chars().count() + next.chars().count() + more.len() + 2 > budget && rest > 1 {
            if !text.is_empty() {
                text.push_str(", ");
            }
            text.push_str(&more);
            return text;
        }
        text.push_str(&next);
    }
    if total > items.len() {
        text.push_str(&format!(", … and {} more", total - items.len()));
    }
    text
}

/// Word-wraps `text`. The first line starts at column `first` (the caller
/// prints what comes before), the others are indented by `indent`.
pub fn wrap(text: &str, first: usize, indent: usize, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut col = first;
    let mut line_empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = word.chars().count();
        if !line_empty && col + 1 + len > width {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            col = indent;
            line_empty = true;
        }
        if !line_empty {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += len;
        line_empty = false;
    }
    out
}

/// Text from a file, made safe to print: control characters (escape
/// sequences included) become visible placeholders, line breaks become spaces.
fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() || is_invisible(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                '\u{1b}' => '␛',
                c if c.is_control() || is_invisible(c) => '�',
                c => c,
            })
            .collect(),
    )
}

/// Bidi overrides and zero-width characters, which can hide or reorder text.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{61c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_to_the_width_with_a_hanging_indent() {
        let text = "one two three four five six seven eight nine ten";
        assert_eq!(
            wrap(text, 10, 4, 30),
            "one two three four\n    five six seven eight nine\n    ten"
        );
        for line in wrap(text, 0, 2, 12).lines() {
            assert!(line.chars().count() <= 12, "{line:?}");
        }
    }

    #[test]
    fn control_sequences_are_made_visible() {
        assert_eq!(clean("a\u{1b}[31mb\nc"), "a␛[31mb c");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn long_lists_are_cut_with_a_count() {
        let items: Vec<String> = (1..=100).map(|i| format!("T{i}")).collect();
        let text = limited_list(&items, 100, 70, 2);
        assert!(text.chars().count() <= 140);
        assert!(text.ends_with("more"), "{text}");
        assert_eq!(limited_list(&items[..3], 3, 70, 2), "T1, T2, T3");
        assert_eq!(limited_list(&items[..2], 5, 70, 2), "T1, T2, … and 3 more");
    }

    #[test]
    fn a_large_plan_stays_within_80_columns_and_is_cut_with_counts() {
        use crate::plan::generate::{GenOptions, Shape, generate};
        let o = GenOptions {
            shape: Shape::Near,
            ..GenOptions::new(2000, 6000)
        };
        let (s, _) = generate(&o);
        let r = crate::analysis::analyse(&s);
        let text = render(&s, &r, &TextOptions::default());
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{line:?}");
        }
        assert!(text.contains("more waves (--format json lists them all)"));
        assert!(text.contains("more) … →"), "the critical path is shortened");
        let o = GenOptions::new(3000, 300);
        let (s, _) = generate(&o);
        let r = crate::analysis::analyse(&s);
        let text = render(&s, &r, &TextOptions::default());
        let block: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("    1  "))
            .enumerate()
            .take_while(|(k, l)| *k == 0 || l.starts_with("       "))
            .map(|(_, l)| l)
            .collect();
        assert!(block.len() <= MAX_WAVE_LINES, "{block:?}");
        assert!(
            block.last().is_some_and(|l| l.ends_with(" more")),
            "{block:?}"
        );
    }
}
