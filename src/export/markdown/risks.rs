//! The Open risks section: open and deferred ambiguities, then every error
//! and warning the analysis found.
use std::fmt::Write as _;

use crate::analysis::{Report, Severity};
use crate::plan::{AmbiguityState, Session};
use crate::sanitize::for_file;

use super::one_line;

pub(super) fn risks(o: &mut String, s: &Session, report: &Report) {
    o.push_str("## Open risks\n\n");
    let ambs: Vec<_> = s
        .ambiguities
        .iter()
        .filter(|a| {
            matches!(
                a.state,
                AmbiguityState::Open | AmbiguityState::Deferred { .. }
            )
        })
        .collect();
    let findings: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    if ambs.is_empty() && findings.is_empty() {
        o.push_str("None: no open ambiguities and no findings.\n\n");
        return;
    }
    if !ambs.is_empty() {
        o.push_str("### Ambiguities\n\n");
        for a in ambs {
            let state = match &a.state {
                AmbiguityState::Deferred { reason } if !reason.trim().is_empty() => {
                    format!("deferred: {}", one_line(reason))
                }
                st => st.label().to_string(),
            };
            let _ = writeln!(
                o,
                "- **{}** ({}, {}): {}",
                a.id,
                a.category.as_str(),
                state,
                one_line(&a.summary)
            );
            if !a.risk.trim().is_empty() {
                let _ = writeln!(o, "  - Risk if wrong: {}", one_line(&a.risk));
            }
            if !a.resolution_hint.trim().is_empty() {
                let _ = writeln!(o, "  - Would settle it: {}", one_line(&a.resolution_hint));
            }
            if !a.affects.is_empty() {
                let ids: Vec<String> = a.affects.iter().map(|i| i.to_string()).collect();
                let _ = writeln!(o, "  - Affects: {}", ids.join(", "));
            }
        }
        o.push('\n');
    }
    if !findings.is_empty() {
        o.push_str("### Findings\n\n");
        for f in findings {
            let _ = writeln!(
                o,
                "- {} `{}`: {}",
                f.severity,
                f.code,
                one_line(&for_file(&f.message))
            );
        }
        o.push('\n');
    }
}
