//! The Validate overlay: the open plan's validation (the verdict and the
//! three passes, with the model's readings as far as they have come), laid
//! out as rows, and which row is chosen.
use crate::analysis::Severity;
use crate::validate::{Entry, Link, Reading, Validation, plural};
use crate::workflow::Step;

/// The sign at the start of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Ok,
    Error,
    Warning,
    Info,
    /// Something the model (or the offline planner) read.
    Model,
    /// A reading on its way.
    Pending,
    Blank,
}

impl Mark {
    fn of(severity: Severity) -> Mark {
        match severity {
            Severity::Error => Mark::Error,
            Severity::Warning => Mark::Warning,
            Severity::Info => Mark::Info,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A pass's name and its count.
    Heading(String),
    /// A line that can be chosen: the id it is about, its text, what it
    /// ends with (the covering tasks), and where Enter goes.
    Item {
        mark: Mark,
        label: String,
        text: String,
        tail: String,
        link: Option<Link>,
    },
    /// A line that explains (a reading's state, "in order").
    Note { mark: Mark, text: String },
}

impl Row {
    pub fn is_item(&self) -> bool {
        matches!(self, Row::Item { .. })
    }
}

#[derive(Debug, Clone)]
pub struct ValidateView {
    pub validation: Validation,
    pub rows: Vec<Row>,
    /// The chosen row (always an item, when there is one).
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
    /// The model reading being waited for: its request and step.
    pub awaiting: Option<(u64, Step)>,
}

impl ValidateView {
    pub fn new(validation: Validation) -> ValidateView {
        let rows = rows(&validation);
        let selected = rows.iter().position(Row::is_item).unwrap_or(0);
        ValidateView {
            validation,
            rows,
            selected,
            offset: 0,
            awaiting: None,
        }
    }

    /// Show a new validation, keeping the chosen row where it was (or the
    /// nearest item after it).
    pub fn replace(&mut self, validation: Validation) {
        self.rows = rows(&validation);
        self.validation = validation;
        let at = self.selected.min(self.rows.len().saturating_sub(1));
        self.selected = (at..self.rows.len())
            .chain((0..at).rev())
            .find(|&i| self.rows[i].is_item())
            .unwrap_or(0);
    }

    /// Indices of the rows that can be chosen.
    pub fn items(&self) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&i| self.rows[i].is_item())
            .collect()
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.rows.get(self.selected).filter(|r| r.is_item())
    }

    pub fn selected_link(&self) -> Option<&Link> {
        match self.selected_row()? {
            Row::Item { link, .. } => link.as_ref(),
            _ => None,
        }
    }

    /// Whether a model reading is on its way.
    pub fn is_reading(&self) -> bool {
        self.awaiting.is_some()
    }
}

/// The rows of the three passes.
pub fn rows(v: &Validation) -> Vec<Row> {
    let mut rows = Vec::new();
    let c = &v.completeness;
    rows.push(Row::Heading(format!(
        "Completeness · {} of {} requirement{} covered",
        c.covered(),
        c.requirements.len(),
        plural(c.requirements.len())
    )));
    if c.requirements.is_empty() {
        rows.push(Row::Note {
            mark: Mark::Warning,
            text: "No requirements found in the spec: write them as bullets, numbered or labelled lines, or sentences with must, shall or should.".to_string(),
        });
    }
    for r in &c.requirements {
        let tail = if r.tasks.is_empty() {
            "no task".to_string()
        } else {
            let shown: Vec<String> = r.tasks.iter().take(4).map(ToString::to_string).collect();
            let more = r.tasks.len().saturating_sub(4);
            if more > 0 {
                format!("{} +{more}", shown.join(" "))
            } else {
                shown.join(" ")
            }
        };
        rows.push(Row::Item {
            mark: if r.is_covered() {
                Mark::Ok
            } else {
                Mark::Error
            },
            label: r.requirement.to_string(),
            text: r.text.clone(),
            tail,
            link: Some(Link::Requirement(r.requirement.clone())),
        });
    }
    entries(&mut rows, &c.findings);
    let new = c.new_model_gaps();
    let repeated = c.model.entries().len() - new.len();
    let what = if repeated > 0 {
        format!(
            "new gap{{s}} ({repeated} more repeat{} uncovered rows)",
            if repeated == 1 { "s" } else { "" }
        )
    } else {
        "gap{s}".to_string()
    };
    reading(&mut rows, &c.model, &new, &what);

    let o = &v.ordering;
    let errors = o.errors();
    rows.push(Row::Heading(if errors == 0 {
        let waves = o
            .waves
            .map(|w| format!(", {w} wave{}", plural(w)))
            .unwrap_or_default();
        format!(
            "Ordering · in order ({} dependenc{}{waves})",
            o.dependencies,
            if o.dependencies == 1 { "y" } else { "ies" }
        )
    } else {
        format!("Ordering · {errors} error{}", plural(errors))
    }));
    if errors == 0 {
        rows.push(Row::Note {
            mark: Mark::Ok,
            text: "Every task comes after what it depends on, and every dependency names a task of the plan."
                .to_string(),
        });
    }
    entries(&mut rows, &o.findings);

    let i = &v.integration;
    rows.push(Row::Heading(match i.findings.len() {
        0 => "Integration · no vague wording".to_string(),
        n => format!("Integration · {n} vague task{}", plural(n)),
    }));
    entries(&mut rows, &i.findings);
    let all: Vec<&Entry> = i.model.entries().iter().collect();
    reading(&mut rows, &i.model, &all, "concern{s}");
    rows
}

fn entries(rows: &mut Vec<Row>, list: &[Entry]) {
    for e in list {
        rows.push(entry(e, Mark::of(e.severity)));
    }
}

fn entry(e: &Entry, mark: Mark) -> Row {
    Row::Item {
        mark,
        label: e.link.as_ref().map(ToString::to_string).unwrap_or_default(),
        text: e.text.clone(),
        tail: String::new(),
        link: e.link.clone(),
    }
}

/// A reading's rows; `shown` are the entries to list, `what` says what they
/// are (`{s}` becomes the plural ending).
fn reading(rows: &mut Vec<Row>, r: &Reading, shown: &[&Entry], what: &str) {
    match r {
        Reading::NotRun => rows.push(Row::Note {
            mark: Mark::Blank,
            text: "The model's reading was not asked for: r asks for it.".to_string(),
        }),
        Reading::Pending => rows.push(Row::Note {
            mark: Mark::Pending,
            text: "reading…".to_string(),
        }),
        Reading::Failed { error } => rows.push(Row::Item {
            mark: Mark::Error,
            label: String::new(),
            text: format!("The model's reading failed: {error}"),
            tail: String::new(),
            link: None,
        }),
        Reading::Done(_) => {
            let n = shown.len();
            rows.push(Row::Note {
                mark: Mark::Model,
                text: format!(
                    "Read by {}: {n} {}",
                    r.reader(),
                    what.replace("{s}", plural(n))
                ),
            });
            for e in shown {
                rows.push(entry(e, Mark::Model));
            }
        }
    }
}
