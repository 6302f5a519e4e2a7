//! The Tasks pane: which task is selected, the scroll position, and the
//! filter. Rows are plan positions; only the rows on screen are drawn.
use ratatui_textarea::TextArea;

use super::plan_index::PlanIndex;
use crate::plan::{Task, TaskId, TaskStatus};

/// Which tasks the list shows by where they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    /// Still to finish: neither done nor cancelled.
    Open,
    Is(TaskStatus),
}

impl StatusFilter {
    /// The next filter in the cycle the filter key steps through: all,
    /// open, then each status, then all again.
    pub fn next(current: Option<StatusFilter>) -> Option<StatusFilter> {
        const ORDER: [TaskStatus; 7] = [
            TaskStatus::Pending,
            TaskStatus::InProgress,
            TaskStatus::Review,
            TaskStatus::Blocked,
            TaskStatus::Deferred,
            TaskStatus::Done,
            TaskStatus::Cancelled,
        ];
        match current {
            None => Some(StatusFilter::Open),
            Some(StatusFilter::Open) => Some(StatusFilter::Is(ORDER[0])),
            Some(StatusFilter::Is(s)) => ORDER
                .iter()
                .position(|o| *o == s)
                .and_then(|i| ORDER.get(i + 1))
                .map(|s| StatusFilter::Is(*s)),
        }
    }

    pub fn admits(self, status: TaskStatus) -> bool {
        match self {
            StatusFilter::Open => crate::execution::next::is_unfinished(status),
            StatusFilter::Is(s) => s == status,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::Open => "open",
            StatusFilter::Is(s) => s.as_str(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct TasksState {
    pub selected: Option<TaskId>,
    /// First row shown.
    pub offset: usize,
    /// Case-insensitive substring of the id or title; empty shows all tasks.
    pub filter: String,
    /// Only tasks with this status (or still open); `None` shows all.
    pub status_filter: Option<StatusFilter>,
    /// The filter being typed, while it is.
    pub filter_input: Option<TextArea<'static>>,
    /// Plan positions of the tasks the filter lets through, in plan order.
    pub visible: Vec<usize>,
}

impl TasksState {
    /// Recompute the rows after the plan or the filter changed, and keep the
    /// selection on a row that is shown.
    pub fn refresh(&mut self, tasks: &[Task], index: &PlanIndex) {
        let needle = self.filter.trim().to_lowercase();
        let status = self.status_filter;
        self.visible = if needle.is_empty() && status.is_none() {
            (0..tasks.len()).collect()
        } else {
            tasks
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    (needle.is_empty() || matches(t, &needle))
                        && status.is_none_or(|f| f.admits(t.status))
                })
                .map(|(i, _)| i)
                .collect()
        };
        let still_shown = self
            .selected
            .and_then(|id| self.row_of(id, index))
            .is_some();
        if !still_shown {
            self.selected = self.visible.first().map(|&i| tasks[i].id);
        }
        self.offset = self.offset.min(self.visible.len().saturating_sub(1));
    }

    /// Row of a task in the (filtered) list.
    pub fn row_of(&self, id: TaskId, index: &PlanIndex) -> Option<usize> {
        let pos = index.position(id)?;
        self.visible.binary_search(&pos).ok()
    }

    pub fn selected_row(&self, index: &PlanIndex) -> Option<usize> {
        self.selected.and_then(|id| self.row_of(id, index))
    }

    /// Select the task on `row` (clamped) and scroll so it is on screen.
    pub fn select_row(&mut self, row: usize, tasks: &[Task], height: usize) {
        if self.visible.is_empty() {
            self.selected = None;
            return;
        }
        let row = row.min(self.visible.len() - 1);
        self.selected = Some(tasks[self.visible[row]].id);
        self.offset = scroll_to(self.offset, row, height);
    }
}

fn matches(task: &Task, needle: &str) -> bool {
    task.id.to_string().to_lowercase().contains(needle)
        || task.title.to_lowercase().contains(needle)
}

/// The first row to show so that `row` is visible in a window of `height`
/// rows, moving as little as possible from `offset`.
pub fn scroll_to(offset: usize, row: usize, height: usize) -> usize {
    let height = height.max(1);
    if row < offset {
        row
    } else if row >= offset + height {
        row + 1 - height
    } else {
        offset
    }
}
