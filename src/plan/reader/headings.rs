//! What a section holds, read from its heading: requirements (stated or
//! implied), exclusions, assumptions, open questions, edge cases, entities,
//! constraints, a plan, or nothing to extract. `docs/spec-reading.md` lists
//! the words each kind is recognised by.

/// The kind of a section, from its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Requirements, stated as such: requirements, acceptance or success
    /// criteria, measurable outcomes, user stories and use cases, features,
    /// business rules.
    Explicit,
    /// Goals, objectives, scope, MVP: requirements only when the document
    /// states none explicitly (they usually sum up what it states).
    Implicit,
    Exclusions,
    Assumptions,
    Questions,
    EdgeCases,
    Entities,
    Constraints,
    /// A plan of steps or phases.
    Plan,
    /// Risks, alternatives, references, appendices: kept as text only.
    Ignored,
    /// Overview, summary, introduction: prose about the document, read by
    /// the plain rules when the document has no requirement section.
    Context,
    /// Motivation, background, the problem: why, not what. Gives nothing,
    /// but a section under it with a kind of its own ("Goals") keeps it.
    Narrative,
}

impl Kind {
    /// Kinds whose items are not requirements and are read into their own list.
    pub fn is_typed(self) -> bool {
        matches!(
            self,
            Kind::Exclusions
                | Kind::Assumptions
                | Kind::Questions
                | Kind::EdgeCases
                | Kind::Entities
                | Kind::Constraints
        )
    }
}

/// A heading's text for matching: lower case, without numbering, markup,
/// emoji, parentheticals and a trailing colon.
pub fn normalise(heading: &str) -> String {
    let s = super::markup::strip(heading);
    let mut s = s.trim().to_lowercase();
    // A parenthetical that puts the section out of scope says what it holds:
    // "Potential Features (Not MVP)".
    if let (Some(a), Some(b)) = (s.find('('), s.rfind(')'))
        && a < b
    {
        let inner = s[a + 1..b].to_string();
        if [
            "not mvp",
            "post-mvp",
            "post mvp",
            "future",
            "later",
            "out of scope",
            "not in scope",
            "deferred",
        ]
        .iter()
        .any(|w| inner.contains(w))
        {
            s.replace_range(a..=b, " ");
            s.insert_str(0, "out of scope ");
        }
    }
    // Parentheticals: "(mandatory)", "(optional)", "(Priority: P1)".
    while let (Some(a), Some(b)) = (s.find('('), s.rfind(')')) {
        if a >= b {
            break;
        }
        s.replace_range(a..=b, " ");
    }
    let s = s.trim_matches(|c: char| !c.is_alphanumeric());
    // Leading numbering: "3.", "3.2", "2)", "a.", "iv.", "section 2:".
    let mut t = s;
    loop {
        let before = t;
        let num = t
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        if num > 0 {
            t = t[num..].trim_start_matches([')', ':', ' ', '-', '.']);
        }
        if let Some(r) = t.strip_prefix("section ") {
            t = r;
        }
        if t.len() > 2
            && t.as_bytes()[1] == b'.'
            && t.as_bytes()[2] == b' '
            && t.as_bytes()[0].is_ascii_lowercase()
        {
            t = &t[3..];
        }
        if t == before {
            break;
        }
    }
    super::markup::fold_space(t.trim_end_matches(':'))
}

/// Checked first: templates' own checklists and status blocks mention
/// "acceptance" and "requirements" but hold nothing to extract.
const ALWAYS_IGNORED: &[&str] = &[
    "traceability",
    "quick guidelines",
    "for ai generation",
    "acceptance checklist",
    "review checklist",
    "quality checklist",
    "completeness checklist",
    "requirements checklist",
    "requirement completeness",
    "release checklist",
    "signoff checklist",
    "execution status",
    "execution flow",
    "table of contents",
    "revision history",
    "change log",
    "questionnaire",
    "readiness review",
    "sign-off",
];

/// Kinds with the words that mark them. Of the kinds whose words a heading
/// contains, the one mentioned first wins ("Assumptions and constraints").
const KINDS: [(Kind, &[&str]); 9] = [
    (
        Kind::Exclusions,
        &[
            "out of scope",
            "out-of-scope",
            "non-goal",
            "non goal",
            "nongoal",
            "not in scope",
            "not included",
            "won't",
            "wont have",
            "will not",
            "excluded",
            "exclusion",
            "future work",
            "future enhancement",
            "future consideration",
            "future improvement",
            "future scope",
            "future phase",
            "future version",
            "future feature",
            "future possibilit",
            "other enhancement",
            "further enhancement",
            "possible enhancement",
            "potential enhancement",
            "future idea",
            "post-mvp",
            "post mvp",
            "not planned",
            "descoped",
            "what this is not",
            "later phase",
            "later release",
            "nice to have later",
            "범위 외",
            "범위 밖",
            "제외",
            "비목표",
            "향후",
            "확장 가능",
            "不在范围",
            "范围外",
            "非目标",
            "未来",
            "対象外",
            "範囲外",
            "非目標",
            "今後",
            "fuera de alcance",
            "fuera del alcance",
            "no objetivos",
            "trabajo futuro",
            "nicht im umfang",
            "außerhalb des umfangs",
            "nicht-ziele",
            "zukünftige",
            "hors périmètre",
            "hors champ",
            "non-objectifs",
            "travaux futurs",
            "fora do escopo",
            "não objetivos",
            "trabalhos futuros",
        ],
    ),
    (
        Kind::Questions,
        &[
            "open question",
            "open issue",
            "unresolved",
            "outstanding question",
            "questions",
            "tbd",
            "to be determined",
            "to be decided",
            "needs clarification",
            "clarifications needed",
            "clarification needed",
            "unknowns",
            "open items",
            "open points",
            "open decision",
            "pending decision",
            "undecided",
            "미해결",
            "질문",
            "未解决",
            "未解決",
            "質問",
            "preguntas abiertas",
            "offene fragen",
            "questions ouvertes",
            "perguntas em aberto",
        ],
    ),
    (
        Kind::Assumptions,
        &[
            "assumption",
            "가정",
            "假设",
            "前提",
            "supuestos",
            "suposiciones",
            "annahmen",
            "hypothèses",
            "premissas",
            "pressupostos",
        ],
    ),
    (
        Kind::EdgeCases,
        &[
            "edge case",
            "edge-case",
            "corner case",
            "boundary condition",
            "엣지 케이스",
            "边界情况",
            "エッジケース",
            "casos límite",
            "randfälle",
            "cas limites",
            "casos extremos",
        ],
    ),
    (
        Kind::Explicit,
        &[
            "requirement",
            "acceptance",
            "success criteri",
            "measurable outcome",
            "user stor",
            "user scenario",
            "use case",
            "nfr",
            "non-functional",
            "nonfunctional",
            "non functional",
            "quality attribute",
            "shall",
            "feature",
            "capabilit",
            "functionalit",
            "business rule",
            "rules",
            "invariant",
            "guarantee",
            "요구사항",
            "요구 사항",
            "기능",
            "수용 기준",
            "인수 조건",
            "사용자 스토리",
            "需求",
            "功能",
            "验收标准",
            "用户故事",
            "要件",
            "機能",
            "受け入れ基準",
            "ユーザーストーリー",
            "requisitos",
            "funcionalidades",
            "características",
            "criterios de aceptación",
            "historias de usuario",
            "anforderungen",
            "funktionen",
            "akzeptanzkriterien",
            "exigences",
            "fonctionnalités",
            "critères d'acceptation",
            "critérios de aceitação",
        ],
    ),
    (
        Kind::Entities,
        &[
            "key entities",
            "entities",
            "entity",
            "data model",
            "domain model",
            "data entities",
            "schema",
            "data structure",
            "database design",
            "data dictionary",
            "object model",
            "domain object",
            "models",
            "tables",
            "data types",
            "엔티티",
            "데이터 모델",
            "实体",
            "数据模型",
            "エンティティ",
            "データモデル",
            "entidades",
            "modelo de datos",
            "entitäten",
            "datenmodell",
            "entités",
            "modèle de données",
        ],
    ),
    (
        Kind::Constraints,
        &[
            "clarification",
            "decision",
            "resolved question",
            "constraint",
            "answered question",
            "제약",
            "约束",
            "限制",
            "制約",
            "制限",
            "restricciones",
            "einschränkungen",
            "randbedingungen",
            "contraintes",
            "restrições",
        ],
    ),
    (
        Kind::Plan,
        &[
            "implementation plan",
            "implementation step",
            "implementation phase",
            "implementation order",
            "implementation sequence",
            "steps",
            "phases",
            "phase ",
            "milestone",
            "roadmap",
            "tasks",
            "task list",
            "task breakdown",
            "work breakdown",
            "dependency chain",
            "rollout",
            "migration plan",
            "timeline",
            "sprint",
            "iteration plan",
            "delivery plan",
            "execution plan",
            "next steps",
            "todo",
            "to do",
            "test plan",
            "testing strategy",
            "test strategy",
            "testing plan",
            "로드맵",
            "구현 계획",
            "구현 우선순위",
            "路线图",
            "实施计划",
            "里程碑",
            "ロードマップ",
            "実装計画",
            "hoja de ruta",
            "plan de implementación",
            "feuille de route",
            "roteiro",
        ],
    ),
    (
        Kind::Implicit,
        &[
            "goal",
            "objective",
            "in scope",
            "scope",
            "mvp",
            "deliverable",
            "what we",
            "behavior",
            "behaviour",
            "user flow",
            "workflow",
        ],
    ),
];

/// Matched only when nothing above is.
/// Why rather than what: nothing to extract, but sub-sections keep their kinds.
const NARRATIVE: &[&str] = &[
    "motivation",
    "background",
    "problem",
    "history",
    "rationale",
    "why",
    "persona",
    "vision",
];

const IGNORED: &[&str] = &[
    "drawback",
    "risk",
    "mitigation",
    "fallback",
    "alternative",
    "options considered",
    "option ",
    "rejected",
    "prior art",
    "competit",
    "comparison",
    "trade-off",
    "tradeoff",
    "faq",
    "references",
    "appendix",
    "further reading",
    "see also",
    "changelog",
    "approval",
    "sign-off",
    "sign off",
    "signoff",
    "glossary",
    "terminology",
    "acronym",
    "document control",
    "stakeholder",
];

/// Prose about the document: read by the plain rules only when a document
/// has no requirement section. (Motivation, background and the problem are
/// narrative and never give requirements: see `IGNORED`.)
const CONTEXT: &[&str] = &[
    "overview",
    "introduction",
    "summary",
    "purpose",
    "context",
    "abstract",
    "about",
    "description",
    "executive",
    "success metric",
    "kpi",
    "개요",
    "概述",
    "概要",
    "resumen",
    "descripción general",
    "überblick",
    "zusammenfassung",
    "aperçu",
    "résumé",
    "visão geral",
    "introducción",
    "einleitung",
];

/// The kind a heading names, or `None` when it names none (the section
/// then takes its parent's kind).
pub fn classify(heading: &str) -> Option<Kind> {
    classify_at(heading).map(|(k, _)| k)
}

/// The kind a heading names and where in it the word that names it starts
/// (0 when the heading is the word, or names the kind as a whole).
pub fn classify_at(heading: &str) -> Option<(Kind, usize)> {
    let h = normalise(heading);
    if h.is_empty() {
        return None;
    }
    if h == "data" {
        return Some((Kind::Entities, 0));
    }
    if matches!(
        h.as_str(),
        "checklist"
            | "reference"
            | "links"
            | "resources"
            | "metadata"
            | "changes"
            | "history"
            | "document history"
            | "version history"
    ) {
        return Some((Kind::Ignored, 0));
    }
    // Notes are remarks about the document; under a plan they are not steps.
    if matches!(
        h.as_str(),
        "notes" | "note" | "implementation notes" | "additional notes"
    ) {
        return Some((Kind::Context, 0));
    }
    if matches!(h.as_str(), "enhancements" | "extensions" | "ideas") {
        return Some((Kind::Exclusions, 0));
    }
    // "User Story 1 - Daily Checklist": a story, whatever its title says.
    if matches!(
        unit(heading),
        Some(
            Unit::Story {
                number: Some(_),
                ..
            } | Unit::Group { .. }
        )
    ) {
        return Some((Kind::Explicit, 0));
    }
    if let Some(at) = ALWAYS_IGNORED.iter().filter_map(|w| h.find(w)).min() {
        return Some((Kind::Ignored, at));
    }
    let mut best: Option<(usize, Kind)> = None;
    for (kind, words) in KINDS {
        for w in words {
            if let Some(at) = find_word(&h, w)
                && best.is_none_or(|(b, _)| at < b)
            {
                best = Some((at, kind));
            }
        }
    }
    if let Some((at, kind)) = best {
        return Some((kind, at));
    }
    for (kind, words) in [
        (Kind::Ignored, IGNORED),
        (Kind::Narrative, NARRATIVE),
        (Kind::Context, CONTEXT),
    ] {
        if let Some(at) = words.iter().filter_map(|w| find_word(&h, w)).min() {
            return Some((kind, at));
        }
    }
    None
}

/// Where `word` starts in `h` at the start of a word, or `None`. Words in
/// scripts written without spaces (Chinese, Japanese) match anywhere.
fn find_word(h: &str, word: &str) -> Option<usize> {
    let unspaced = word
        .chars()
        .next()
        .is_some_and(|c| ('\u{3040}'..='\u{9fff}').contains(&c));
    let mut from = 0;
    while let Some(at) = h[from..].find(word) {
        let pos = from + at;
        let before = h[..pos].chars().next_back();
        if unspaced || before.is_none_or(|c| !c.is_alphanumeric()) {
            return Some(pos);
        }
        from = pos + word.len();
    }
    None
}

/// What a heading inside a requirement section stands for by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// `User Story 2 - Title`: one requirement `US2`, its scenarios with it.
    Story { number: Option<u32>, title: String },
    /// Kiro's `Requirement 3`: its numbered criteria are `3.1`, `3.2`, ...
    Group { number: u32 },
    /// `FR-3: Export`: one requirement with that label.
    Labelled { label: String, title: String },
}

/// The unit a requirement section's heading stands for, if any.
pub fn unit(heading: &str) -> Option<Unit> {
    let stripped = super::markup::strip(heading);
    let plain = stripped.trim();
    if let Some((label, rest)) = super::labels::split(plain) {
        let n = label.trim_start_matches("US").trim_start_matches('-');
        if label.starts_with("US") && n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty() {
            return Some(Unit::Story {
                number: n.parse().ok(),
                title: story_title(rest),
            });
        }
        return Some(Unit::Labelled {
            label,
            title: rest.trim().to_string(),
        });
    }
    let lower = plain.to_lowercase();
    let lower = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    for lead in ["user story", "story"] {
        if let Some(rest) = lower.strip_prefix(lead) {
            let rest = rest.trim_start();
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() {
                let after = &plain[plain.len() - rest.len() + digits.len()..];
                return Some(Unit::Story {
                    number: digits.parse().ok(),
                    title: story_title(after),
                });
            }
        }
    }
    if let Some(rest) = lower.strip_prefix("requirement") {
        let rest = rest.trim_start();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = &rest[digits.len()..];
        if !digits.is_empty()
            && after
                .chars()
                .next()
                .is_none_or(|c| !c.is_ascii_digit() && c != '.')
        {
            return digits.parse().ok().map(|number| Unit::Group { number });
        }
    }
    None
}

/// "- Browse products (Priority: P1)" → "Browse products".
fn story_title(rest: &str) -> String {
    let t = rest
        .trim()
        .trim_start_matches([':', '-', '–', '—', '.'])
        .trim();
    let t = match t.rfind("(Priority") {
        Some(i) => &t[..i],
        None => t,
    };
    t.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_their_kind() {
        let cases = [
            ("## Requirements *(mandatory)*", Some(Kind::Explicit)),
            ("### Functional Requirements", Some(Kind::Explicit)),
            ("## Non-functional", Some(Kind::Explicit)),
            (
                "## User Scenarios & Testing *(mandatory)*",
                Some(Kind::Explicit),
            ),
            ("## Success Criteria", Some(Kind::Explicit)),
            ("### Measurable Outcomes", Some(Kind::Explicit)),
            ("## 7. Out of Scope", Some(Kind::Exclusions)),
            ("## Goals and Non-Goals", Some(Kind::Implicit)),
            ("### Potential Features (Not MVP)", Some(Kind::Exclusions)),
            ("## Open Decisions", Some(Kind::Questions)),
            ("## Business rules", Some(Kind::Explicit)),
            ("## Use cases", Some(Kind::Explicit)),
            ("## Success Metrics", Some(Kind::Context)),
            (
                "## Production Readiness Review Questionnaire",
                Some(Kind::Ignored),
            ),
            ("## Data", Some(Kind::Entities)),
            ("## Data retention", None),
            ("### Non-Goals", Some(Kind::Exclusions)),
            ("## Dependencies & Assumptions", Some(Kind::Assumptions)),
            ("## Open Questions", Some(Kind::Questions)),
            ("### Edge Cases", Some(Kind::EdgeCases)),
            (
                "### Key Entities *(include if feature involves data)*",
                Some(Kind::Entities),
            ),
            ("## Clarifications", Some(Kind::Constraints)),
            ("## Review & Acceptance Checklist", Some(Kind::Ignored)),
            ("# Risks and Mitigations", Some(Kind::Ignored)),
            ("## Alternatives Considered", Some(Kind::Ignored)),
            ("# Development Roadmap", Some(Kind::Plan)),
            ("# Core Features", Some(Kind::Explicit)),
            ("## In scope", Some(Kind::Implicit)),
            ("## Overview", Some(Kind::Context)),
            ("# Reference-level explanation", None),
            ("## References", Some(Kind::Ignored)),
            ("# Motivation", Some(Kind::Narrative)),
            ("## Problem Statement", Some(Kind::Narrative)),
            ("## Technical Architecture", None),
            ("### Authentication", None),
        ];
        for (h, want) in cases {
            assert_eq!(classify(h), want, "{h}");
        }
    }

    #[test]
    fn unit_headings() {
        assert_eq!(
            unit("User Story 1 - Browse products (Priority: P1)"),
            Some(Unit::Story {
                number: Some(1),
                title: "Browse products".into()
            })
        );
        assert_eq!(unit("Requirement 3"), Some(Unit::Group { number: 3 }));
        assert_eq!(unit("Requirement 3: Sync"), Some(Unit::Group { number: 3 }));
        assert_eq!(
            unit("FR-3: Export"),
            Some(Unit::Labelled {
                label: "FR-3".into(),
                title: "Export".into()
            })
        );
        assert_eq!(unit("Authentication"), None);
    }
}
