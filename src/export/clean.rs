//! A copy of a session with every piece of user or model text passed
//! through [`for_file`], so the exporters can write it as it is.
use crate::plan::{AmbiguityState, Session};
use crate::sanitize::for_file;

fn clean(s: &mut String) {
    if let std::borrow::Cow::Owned(c) = for_file(s) {
        *s = c;
    }
}

/// `s` with control, bidi and zero-width characters removed from all text.
pub fn clean_session(s: &Session) -> Session {
    let mut s = s.clone();
    clean(&mut s.id);
    clean(&mut s.title);
    clean(&mut s.spec.text);
    clean(&mut s.spec.context);
    for r in &mut s.spec.requirements {
        clean(&mut r.text);
        clean(&mut r.id.0);
    }
    for c in &mut s.spec.constraints {
        clean(&mut c.text);
    }
    let version_tasks = s.versions.iter_mut().flat_map(|v| v.tasks.iter_mut());
    for t in s.tasks.iter_mut().chain(version_tasks) {
        clean(&mut t.title);
        clean(&mut t.description);
        t.produces.iter_mut().for_each(clean);
        if let Some(v) = &mut t.verification {
            clean(v);
        }
        for c in &mut t.covers {
            clean(&mut c.0);
        }
        if let Some(v) = &mut t.source_id {
            clean(v);
        }
        if let Some(g) = &mut t.group {
            clean(g);
        }
    }
    if let Some(o) = &mut s.origin {
        for l in &mut o.lines {
            if let crate::plan::SourceLine::Text(t) = l {
                clean(t);
            }
        }
    }
    for v in &mut s.versions {
        clean(&mut v.note);
        for c in &mut v.constraints {
            clean(&mut c.text);
        }
    }
    for a in &mut s.ambiguities {
        clean(&mut a.summary);
        clean(&mut a.risk);
        clean(&mut a.resolution_hint);
        match &mut a.state {
            AmbiguityState::Open => {}
            AmbiguityState::Resolved { decision: t }
            | AmbiguityState::Deferred { reason: t }
            | AmbiguityState::NotAnIssue { note: t } => clean(t),
        }
    }
    s
}
