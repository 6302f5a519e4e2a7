//! A proposal under review: the model's (or the offline planner's) suggested
//! changes, each ticked to be accepted or not, with the cursor and scroll.
use crate::sanitize::one_line;
use crate::workflow::{Proposal, ProposalItem};

/// What a proposal item does, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
    Moved,
    /// A new ambiguity.
    Question,
    /// Informational: a coverage gap or an integration concern.
    Finding,
}

impl ChangeKind {
    pub fn of(item: &ProposalItem) -> ChangeKind {
        match item {
            ProposalItem::AddTask { .. } | ProposalItem::AddDependency { .. } => ChangeKind::Added,
            ProposalItem::UpdateTask { .. }
            | ProposalItem::SetDependencyKind { .. }
            | ProposalItem::SetVerification { .. } => ChangeKind::Changed,
            ProposalItem::RemoveTask { .. } | ProposalItem::RemoveDependency { .. } => {
                ChangeKind::Removed
            }
            ProposalItem::MoveTask { .. } => ChangeKind::Moved,
            ProposalItem::AddAmbiguity { .. } => ChangeKind::Question,
            ProposalItem::CoverageGap { .. } | ProposalItem::IntegrationConcern { .. } => {
                ChangeKind::Finding
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Review {
    pub proposal: Proposal,
    /// `ticked[i]`: item `i` is to be accepted. Findings are never ticked:
    /// accepting them would change nothing.
    pub ticked: Vec<bool>,
    /// One line per item (`Proposal::describe`), safe to draw.
    pub lines: Vec<String>,
    pub kinds: Vec<ChangeKind>,
    /// The proposal's notes, safe to draw.
    pub notes: Vec<String>,
    pub selected: usize,
    pub offset: usize,
    /// First row of the selected change's detail shown (the detail scrolls).
    pub detail_offset: usize,
}

impl Review {
    /// Every change the plan does not contradict ticked: Enter accepts those
    /// unless items are ticked or unticked first.
    pub fn new(proposal: Proposal) -> Review {
        // What the plan contradicts starts unticked; the user may still tick it.
        let ticked = proposal.clean();
        let lines = proposal.describe().iter().map(|l| one_line(l)).collect();
        let kinds = proposal.items.iter().map(ChangeKind::of).collect();
        let mut notes: Vec<String> = proposal.notes.iter().map(|n| one_line(n)).collect();
        if proposal.repaired {
            notes.push("The answer was not valid as sent and was repaired to be read.".into());
        }
        Review {
            proposal,
            ticked,
            lines,
            kinds,
            notes,
            selected: 0,
            offset: 0,
            detail_offset: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn ticked_count(&self) -> usize {
        self.ticked.iter().filter(|t| **t).count()
    }

    /// Items that would change the plan.
    pub fn change_count(&self) -> usize {
        self.proposal.change_count()
    }

    /// Tick or untick the selected item (findings stay unticked).
    pub fn toggle(&mut self) {
        let i = self.selected;
        if let (Some(item), Some(t)) = (self.proposal.items.get(i), self.ticked.get_mut(i))
            && !item.is_informational()
        {
            *t = !*t;
        }
    }

    /// Every change ticked.
    pub fn all(&self) -> Vec<bool> {
        self.proposal
            .items
            .iter()
            .map(|i| !i.is_informational())
            .collect()
    }
}
