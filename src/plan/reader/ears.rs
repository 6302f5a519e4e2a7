//! EARS requirements ("WHEN the user saves THE SYSTEM SHALL ...", Kiro's
//! acceptance criteria): a clause keyword first, SHALL later.

/// Whether `s` is written as an EARS requirement.
pub fn is_ears(s: &str) -> bool {
    let t = super::markup::strip(s);
    let mut words = t.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let lead = first.trim_matches(|c: char| !c.is_alphabetic());
    let keyword = ["WHEN", "WHILE", "IF", "WHERE", "THE"].contains(&lead)
        || ["When", "While", "If", "Where"].contains(&lead) && t.contains(" SHALL");
    keyword
        && words.any(|w| {
            w.trim_matches(|c: char| !c.is_alphabetic())
                .eq_ignore_ascii_case("shall")
        })
}

/// Whether `s` begins an EARS clause ("WHEN ...", "IF ..."), which may
/// continue on the next line with "THE SYSTEM SHALL ...".
pub fn starts_clause(s: &str) -> bool {
    let t = super::markup::strip(s);
    let first = t.split_whitespace().next().unwrap_or("");
    matches!(first, "WHEN" | "WHILE" | "IF" | "WHERE") && t.split_whitespace().count() > 2
}

#[cfg(test)]
mod tests {
    use super::is_ears;

    #[test]
    fn ears_clauses() {
        assert!(is_ears("WHEN a user saves THEN the system SHALL store it"));
        assert!(is_ears(
            "IF the token is expired THEN THE SYSTEM SHALL refuse"
        ));
        assert!(is_ears("When a user saves, the system SHALL store it"));
        assert!(!is_ears("When a user saves, the note is stored"));
        assert!(!is_ears("The system shall log"));
        assert!(!is_ears("If you want, it shall work"));
    }
}
