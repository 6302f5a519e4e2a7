//! The layers a plan is built in, bottom up, and how a path or a task is
//! placed in one. Tasks are ordered by layer first, then by need.
use crate::plan::{DepKind, Task};

use super::text::{is_path, split_ident, words};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Shared types and interfaces.
    Types,
    /// Database schema and migrations.
    Schema,
    /// Data access: repositories, stores.
    Storage,
    /// Business rules, clients for other services.
    Services,
    /// Background work: queues, jobs, schedules, event handlers.
    Jobs,
    /// What users and other systems call: HTTP routes, controllers, CLI commands.
    Api,
    /// Emails and alerts to people.
    Alerting,
    /// Logging, metrics, configuration.
    Ops,
    /// Tests that exercise the whole feature.
    Checks,
}

impl Layer {
    pub fn label(self) -> &'static str {
        match self {
            Layer::Types => "types",
            Layer::Schema => "schema",
            Layer::Storage => "storage",
            Layer::Services => "services",
            Layer::Jobs => "background jobs",
            Layer::Api => "API",
            Layer::Alerting => "alerting",
            Layer::Ops => "operations",
            Layer::Checks => "end-to-end checks",
        }
    }

    /// Why a task needs one in this layer.
    pub fn dep_kind(self) -> DepKind {
        match self {
            Layer::Schema => DepKind::Schema,
            Layer::Types | Layer::Storage | Layer::Services | Layer::Api => DepKind::Interface,
            Layer::Jobs | Layer::Alerting => DepKind::Infrastructure,
            Layer::Ops | Layer::Checks => DepKind::Other,
        }
    }
}

/// Folder names and what layer they hold.
const SEGMENTS: &[(&[&str], Layer)] = &[
    (
        &["tests", "test", "__tests__", "spec", "e2e", "integration"],
        Layer::Checks,
    ),
    (
        &[
            "migrations",
            "migration",
            "migrate",
            "schema",
            "sql",
            "prisma",
        ],
        Layer::Schema,
    ),
    (
        &[
            "types",
            "type",
            "interfaces",
            "models",
            "model",
            "domain",
            "entities",
            "dto",
            "dtos",
        ],
        Layer::Types,
    ),
    (
        &[
            "repositories",
            "repository",
            "repos",
            "repo",
            "dao",
            "store",
            "stores",
            "storage",
            "persistence",
        ],
        Layer::Storage,
    ),
    (
        &[
            "jobs",
            "job",
            "workers",
            "worker",
            "queues",
            "queue",
            "tasks",
            "cron",
            "scheduler",
            "consumers",
            "events",
            "infrastructure",
        ],
        Layer::Jobs,
    ),
    (
        &[
            "api",
            "routes",
            "route",
            "controllers",
            "controller",
            "handlers",
            "views",
            "endpoints",
            "http",
            "web",
            "cli",
            "commands",
            "cmd",
            "pages",
            "graphql",
            "resolvers",
        ],
        Layer::Api,
    ),
    (
        &[
            "email",
            "mail",
            "mailers",
            "alerts",
            "alert",
            "notifications",
            "notify",
        ],
        Layer::Alerting,
    ),
    (
        &[
            "logging",
            "logs",
            "metrics",
            "monitoring",
            "observability",
            "config",
            "deploy",
            "ops",
        ],
        Layer::Ops,
    ),
    (
        &["services", "service", "lib", "core", "usecases"],
        Layer::Services,
    ),
];

/// File-name endings that say the layer outright.
const SUFFIXES: &[(&str, Layer)] = &[
    ("repository", Layer::Storage),
    ("repo", Layer::Storage),
    ("store", Layer::Storage),
    ("migration", Layer::Schema),
    ("controller", Layer::Api),
    ("route", Layer::Api),
    ("routes", Layer::Api),
    ("handler", Layer::Api),
    ("command", Layer::Api),
    ("job", Layer::Jobs),
    ("worker", Layer::Jobs),
    ("consumer", Layer::Jobs),
    ("service", Layer::Services),
    ("client", Layer::Services),
    ("alert", Layer::Alerting),
    ("mailer", Layer::Alerting),
];

/// The layer a path belongs to, from its file name and folders.
pub fn of_path(path: &str) -> Option<Layer> {
    let p = path.trim().trim_start_matches('/').to_lowercase();
    let segments: Vec<&str> = p.split('/').filter(|s| !s.is_empty()).collect();
    let file = segments.last().copied().unwrap_or("");
    if file.contains(".test.")
        || file.contains(".spec.")
        || file.contains("_test.")
        || file.starts_with("test_")
    {
        return Some(Layer::Checks);
    }
    if file.contains('.') {
        let stem = file.split('.').next().unwrap_or(file);
        let original = path
            .trim()
            .rsplit('/')
            .next()
            .unwrap_or("")
            .split('.')
            .next()
            .unwrap_or("");
        if let Some(last) = split_ident(original).last()
            && let Some((_, layer)) = SUFFIXES.iter().find(|(s, _)| s == last)
        {
            return Some(*layer);
        }
        if let Some((_, layer)) = SEGMENTS.iter().find(|(names, _)| names.contains(&stem)) {
            return Some(*layer);
        }
    }
    let dirs = if file.contains('.') {
        &segments[..segments.len().saturating_sub(1)]
    } else {
        &segments[..]
    };
    for seg in dirs.iter().rev() {
        if let Some((_, layer)) = SEGMENTS.iter().find(|(names, _)| names.contains(seg)) {
            return Some(*layer);
        }
    }
    None
}

/// Words in a title or description that place a task, checked in this order.
const KEYWORDS: &[(&[&str], Layer)] = &[
    (&["test", "tests", "e2e", "end"], Layer::Checks),
    (
        &[
            "migration",
            "migrations",
            "table",
            "tables",
            "schema",
            "column",
            "columns",
            "index",
        ],
        Layer::Schema,
    ),
    (
        &["repository", "repositories", "dao", "persistence"],
        Layer::Storage,
    ),
    (
        &[
            "type",
            "types",
            "interface",
            "interfaces",
            "model",
            "models",
            "enum",
            "struct",
        ],
        Layer::Types,
    ),
    (
        &[
            "job",
            "jobs",
            "queue",
            "worker",
            "retry",
            "retries",
            "schedule",
            "scheduled",
            "cron",
            "subscribe",
            "dispatch",
        ],
        Layer::Jobs,
    ),
    (
        &[
            "endpoint",
            "route",
            "routes",
            "controller",
            "api",
            "command",
            "cli",
            "page",
            "view",
        ],
        Layer::Api,
    ),
    (
        &[
            "email",
            "alert",
            "alerts",
            "notify",
            "notification",
            "notifications",
        ],
        Layer::Alerting,
    ),
    (
        &[
            "log",
            "logs",
            "logging",
            "metric",
            "metrics",
            "monitor",
            "monitoring",
            "deploy",
            "config",
        ],
        Layer::Ops,
    ),
];

/// The layer of a task: from the paths it produces (the lowest layer among
/// them), else from the words of its title.
pub fn of_task(task: &Task) -> Layer {
    let from_paths = task
        .produces
        .iter()
        .filter(|p| is_path(p))
        .filter_map(|p| of_path(p))
        .min();
    if let Some(l) = from_paths {
        return l;
    }
    let ws = words(&task.title);
    // The checks layer only by its own words: "test" in a title usually means a test of something else.
    if ws.iter().any(|w| w == "e2e")
        || (ws.iter().any(|w| w == "end") && ws.iter().any(|w| w == "test"))
    {
        return Layer::Checks;
    }
    KEYWORDS
        .iter()
        .skip(1)
        .find(|(list, _)| ws.iter().any(|w| list.contains(&w.as_str())))
        .map_or(Layer::Services, |(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::TaskId;

    #[test]
    fn paths_and_tasks_find_their_layer() {
        assert_eq!(
            of_path("src/repositories/WebhookEndpointRepository.ts"),
            Some(Layer::Storage)
        );
        assert_eq!(of_path("/src/migrations/"), Some(Layer::Schema));
        assert_eq!(
            of_path("src/services/email/EmailService.ts"),
            Some(Layer::Services)
        );
        assert_eq!(of_path("src/api/controllers/"), Some(Layer::Api));
        assert_eq!(
            of_path("tests/unit/jobs/webhookDelivery.test.ts"),
            Some(Layer::Checks)
        );
        assert_eq!(of_path("app/tasks.py"), Some(Layer::Jobs));
        assert_eq!(of_path("README"), None);
        let mut t = Task::new(TaskId(1), "Create the invoices table");
        assert_eq!(of_task(&t), Layer::Schema);
        t.title = "Retry failed charges".into();
        assert_eq!(of_task(&t), Layer::Jobs);
        t.produces = vec!["src/types/invoice.ts".into()];
        assert_eq!(of_task(&t), Layer::Types);
    }
}
