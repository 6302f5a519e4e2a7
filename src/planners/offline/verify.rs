//! Verification conditions: for each task, a command to run and, where one
//! fits, the test file that must pass and what it must show. Types are
//! checked by the compiler, migrations by applying and reverting them on a
//! scratch database, everything else by a test named after the unit, in the
//! project's test layout, run with its test command.
use crate::plan::Task;

use super::components::Draft;
use super::layers::{self, Layer};
use super::layout::{Lang, Layout};
use super::tech::Role;
use super::text::{STOP, is_path, split_ident, words};

pub fn for_draft(d: &Draft, layout: &Layout) -> String {
    let tables: Vec<String> = d
        .produces
        .iter()
        .filter_map(|p| p.strip_prefix("table "))
        .map(str::to_string)
        .collect();
    let file = d
        .produces
        .iter()
        .find(|p| is_path(p))
        .cloned()
        .unwrap_or_default();
    let covers: Vec<String> = d.covers.iter().map(|c| c.to_string()).collect();
    condition(
        d.layer,
        &d.unit,
        &file,
        &tables,
        d.check.as_deref(),
        &covers,
        layout,
    )
}

/// A condition for any task, from its layer, what it produces and what it covers.
pub fn for_task(t: &Task, layout: &Layout) -> String {
    let layer = layers::of_task(t);
    let file = t
        .produces
        .iter()
        .find(|p| is_path(p))
        .cloned()
        .unwrap_or_default();
    let unit: Vec<String> = if file.is_empty() {
        words(&t.title)
            .into_iter()
            .filter(|w| !STOP.contains(&w.as_str()) && w.chars().all(char::is_alphabetic))
            .take(4)
            .collect()
    } else {
        let name = file
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(&file);
        split_ident(name.split('.').next().unwrap_or(name))
    };
    let tables: Vec<String> = t
        .produces
        .iter()
        .filter_map(|p| p.strip_prefix("table "))
        .map(str::to_string)
        .collect();
    let covers: Vec<String> = t.covers.iter().map(|c| c.to_string()).collect();
    let check = if covers.is_empty() {
        Some(format!("{} behaves as described", lower(&t.title)))
    } else {
        None
    };
    condition(
        layer,
        &unit,
        &file,
        &tables,
        check.as_deref(),
        &covers,
        layout,
    )
}

fn lower(s: &str) -> String {
    let mut c = s.trim().chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn condition(
    layer: Layer,
    unit: &[String],
    file: &str,
    tables: &[String],
    check: Option<&str>,
    covers: &[String],
    layout: &Layout,
) -> String {
    match layer {
        Layer::Types => {
            let cmd = layout.check_command();
            let place = if file.is_empty() {
                String::new()
            } else {
                format!(" with {file} in place")
            };
            if layout.lang == Lang::Unknown {
                format!("{cmd} passes{place}, and the code that imports the new types compiles")
            } else {
                format!("`{cmd}` passes{place}, and the code that imports the new types compiles")
            }
        }
        Layer::Schema => migration(layout, tables),
        _ => {
            let (path, cmd) = layout.test_for(layer, unit, (!file.is_empty()).then_some(file));
            let what = match (check, covers.is_empty()) {
                (Some(c), _) => c.to_string(),
                (None, false) => format!("it exercises {}", super::text::and_list(covers)),
                (None, true) => "it exercises the new code".to_string(),
            };
            if layout.lang == Lang::Unknown {
                format!("the tests in {path} pass: {what}")
            } else {
                format!("`{cmd}` passes: {path} shows that {what}")
            }
        }
    }
}

fn migration(layout: &Layout, tables: &[String]) -> String {
    let (up, down) = match layout.tech(Role::Orm).map(|t| t.name) {
        Some("TypeORM") => ("npx typeorm migration:run", "npx typeorm migration:revert"),
        Some("Prisma") => ("npx prisma migrate deploy", "npx prisma migrate reset"),
        Some("Sequelize") => (
            "npx sequelize-cli db:migrate",
            "npx sequelize-cli db:migrate:undo",
        ),
        Some("Django") => (
            "python manage.py migrate",
            "python manage.py migrate <app> <previous>",
        ),
        Some("SQLAlchemy") => ("alembic upgrade head", "alembic downgrade -1"),
        Some("Diesel") => ("diesel migration run", "diesel migration revert"),
        Some("sqlx") => ("sqlx migrate run", "sqlx migrate revert"),
        Some("ActiveRecord") => ("bin/rails db:migrate", "bin/rails db:rollback"),
        _ => ("", ""),
    };
    let tables_text = if tables.is_empty() {
        "the new schema".to_string()
    } else {
        super::text::and_list(&tables.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>())
    };
    if up.is_empty() {
        format!(
            "on a scratch database the migration applies and reverts cleanly, and {tables_text} exist after applying it"
        )
    } else {
        format!(
            "`{up}` and then `{down}` succeed on a scratch database, and {tables_text} exist between the two"
        )
    }
}

/// Does a verification condition say too little to check? It is weak when it
/// names no command, path, request or number and reads like "it works".
pub fn is_weak(v: &str) -> bool {
    let t = v.trim().to_lowercase();
    if t.is_empty() {
        return true;
    }
    let concrete = t.contains('`')
        || t.contains('/')
        || t.chars().any(|c| c.is_ascii_digit())
        || [
            "npm",
            "npx",
            "yarn",
            "pnpm",
            "cargo",
            "pytest",
            "go test",
            "make ",
            "curl",
            "rspec",
            "gradle",
            "mvn",
            "tsc",
            "migrate",
            "returns",
            "responds",
            "status code",
            ".test.",
            "_test",
            "test_",
        ]
        .iter()
        .any(|k| t.contains(k));
    if concrete {
        return false;
    }
    let vague = [
        "works",
        "working",
        "exists",
        "is done",
        "done",
        "compiles",
        "looks good",
        "is implemented",
        "tests pass",
        "complete",
        "finished",
        "correct",
    ];
    t.split_whitespace().count() < 5 || vague.iter().any(|w| t.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_conditions_are_spotted() {
        for weak in [
            "",
            "it works",
            "file exists",
            "Done.",
            "tests pass",
            "the feature is implemented correctly",
        ] {
            assert!(is_weak(weak), "{weak}");
        }
        for good in [
            "`npm test -- WebhookSigner` passes",
            "GET /admin/deliveries returns 200",
            "pytest tests/test_invoice.py passes",
            "the migration creates 2 tables",
        ] {
            assert!(!is_weak(good), "{good}");
        }
    }
}
