//! The versions list (its cursor, scroll and the version marked as the base
//! to compare against) and the diff view (the lines of one comparison and
//! its scroll). The versions themselves are the open session's.
use crate::plan::Session;
use crate::versions::text::{DiffLine, diff_lines, summary_line};
use crate::versions::{NoSuchVersion, Side, diff_sides};

/// The versions list: every locked version in order, then the current plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VersionsView {
    /// Row: an index into [`rows`].
    pub selected: usize,
    pub offset: usize,
    /// The version marked to compare from.
    pub base: Option<Side>,
}

impl VersionsView {
    /// The list as it opens: on the current plan, the last row.
    pub fn opened(session: &Session) -> VersionsView {
        VersionsView {
            selected: session.versions.len(),
            offset: 0,
            base: None,
        }
    }

    /// What the selected row stands for.
    pub fn selected_side(&self, session: &Session) -> Side {
        side_at(session, self.selected)
    }

    /// What Enter compares the selected row with: the marked base, else
    /// the version before the selected one. `None` for the first row with
    /// nothing marked.
    pub fn base_for_selected(&self, session: &Session) -> Option<Side> {
        let selected = self.selected_side(session);
        match self.base {
            Some(base) if base != selected => Some(base),
            _ => self
                .selected
                .min(session.versions.len())
                .checked_sub(1)
                .map(|i| side_at(session, i)),
        }
    }
}

/// The rows: `Version(n)` for each locked version, then `Current`.
pub fn row_count(session: &Session) -> usize {
    session.versions.len() + 1
}

fn side_at(session: &Session, row: usize) -> Side {
    session
        .versions
        .get(row)
        .map_or(Side::Current, |v| Side::Version(v.number))
}

/// One comparison, as lines ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffView {
    pub from: Side,
    pub to: Side,
    /// "2 added · 1 moved".
    pub summary: String,
    pub lines: Vec<DiffLine>,
    /// First line shown.
    pub offset: usize,
}

impl DiffView {
    pub fn new(session: &Session, from: Side, to: Side) -> Result<DiffView, NoSuchVersion> {
        let d = diff_sides(session, from, to)?;
        Ok(DiffView {
            from,
            to,
            summary: summary_line(&d),
            lines: diff_lines(&d),
            offset: 0,
        })
    }
}
