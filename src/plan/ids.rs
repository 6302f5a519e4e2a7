//! Identifiers of the things in a plan. Task, ambiguity and constraint ids are
//! a letter and a number (`T12`, `A3`, `C2`), stable and never reused within a
//! session; requirement ids are `R1`-style or the spec's own label (`FR-001`).
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a piece of text is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}` is not a valid {what} id (expected {prefix} followed by a number, like {prefix}1)"
)]
pub struct IdParseError {
    pub text: String,
    pub what: &'static str,
    pub prefix: char,
}

macro_rules! numbered_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            pub const PREFIX: char = $prefix;
            pub fn number(self) -> u32 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}{}", $prefix, self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let err = || IdParseError { text: s.to_string(), what: $what, prefix: $prefix };
                let t = s.trim();
                let digits = t
                    .strip_prefix($prefix)
                    .or_else(|| t.strip_prefix($prefix.to_ascii_lowercase()))
                    .ok_or_else(err)?;
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(err());
                }
                digits.parse::<u32>().map($name).map_err(|_| err())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

numbered_id!(
    /// A task's identity (`T7`). Its position in the plan is separate.
    TaskId, 'T', "task"
);
numbered_id!(
    /// An ambiguity's identity (`A3`).
    AmbiguityId, 'A', "ambiguity"
);
numbered_id!(
    /// A constraint's identity (`C2`).
    ConstraintId, 'C', "constraint"
);

/// A requirement's identity: `R4` when numbered by planner-tui, or the label
/// the spec itself gives (`FR-001`, `REQ-7`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequirementId(pub String);

impl RequirementId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The number of a planner-tui `R<n>` id, if it is one.
    pub fn generated_number(&self) -> Option<u32> {
        let digits = self.0.strip_prefix('R')?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    }
}

impl fmt::Display for RequirementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for RequirementId {
    fn from(s: &str) -> Self {
        RequirementId(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_ids_round_trip_through_text() {
        assert_eq!("T12".parse::<TaskId>(), Ok(TaskId(12)));
        assert_eq!(" t3 ".parse::<TaskId>(), Ok(TaskId(3)));
        assert_eq!(TaskId(7).to_string(), "T7");
        assert!("T".parse::<TaskId>().is_err());
        assert!("A1".parse::<TaskId>().is_err());
        assert!("T1x".parse::<TaskId>().is_err());
        assert!("T99999999999".parse::<TaskId>().is_err());
        let e = "X1".parse::<AmbiguityId>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "`X1` is not a valid ambiguity id (expected A followed by a number, like A1)"
        );
    }

    #[test]
    fn generated_requirement_numbers() {
        assert_eq!(RequirementId::from("R12").generated_number(), Some(12));
        assert_eq!(RequirementId::from("FR-001").generated_number(), None);
        assert_eq!(RequirementId::from("R").generated_number(), None);
    }
}
