//! The offline decomposition's building blocks: which pieces a feature needs
//! (types, a migration, a repository per stored thing, rules, a signer,
//! background jobs, an event dispatcher, API routes, alerts, log hygiene, an
//! end-to-end test), each as a draft task named after the feature, placed in
//! the folders the context uses, and described in terms of the names the
//! other drafts produce, so that dependencies can be read off the text.
use crate::plan::RequirementId;

use super::layers::Layer;
use super::layout::{Layout, PieceRole};
use super::spec::{Req, SpecFacts, Trait};
use super::tech::Role;
use super::text::{and_list, kebab, pascal, plural, shorten, singular, snake};

/// A task before it has a number, dependencies and verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub layer: Layer,
    pub title: String,
    pub description: String,
    pub produces: Vec<String>,
    pub covers: Vec<RequirementId>,
    /// Words naming the unit under test (`["webhook", "signer"]`).
    pub unit: Vec<String>,
    /// What its test must show, when the spec gives specifics.
    pub check: Option<String>,
}

/// The names the drafts share, decided before any description is written.
struct Names {
    feature: Vec<String>,
    services_dir: String,
    types_file: Option<String>,
    entity_types: Vec<(String, String)>,
    tables: Vec<(String, String)>,
    repos: Vec<(String, String, String)>,
    services: Vec<(String, String, String)>,
    signer: Option<(String, String)>,
    job: Option<(String, String, String)>,
}

impl Names {
    fn entity_type(&self, e: &str) -> Option<&str> {
        self.entity_types
            .iter()
            .find(|x| x.0 == e)
            .map(|x| x.1.as_str())
    }
    fn table(&self, e: &str) -> Option<&str> {
        self.tables.iter().find(|x| x.0 == e).map(|x| x.1.as_str())
    }
    fn repo(&self, e: &str) -> Option<&str> {
        self.repos.iter().find(|x| x.0 == e).map(|x| x.1.as_str())
    }
    fn service(&self, e: &str) -> Option<&str> {
        self.services
            .iter()
            .find(|x| x.0 == e)
            .map(|x| x.1.as_str())
    }
}

fn ws(parts: &[&str]) -> Vec<String> {
    parts
        .iter()
        .flat_map(|p| p.split_whitespace())
        .map(str::to_string)
        .collect()
}

fn code(name: &str) -> String {
    format!("`{name}`")
}

fn ids<'a>(reqs: impl IntoIterator<Item = &'a Req>) -> Vec<RequirementId> {
    let mut out: Vec<RequirementId> = Vec::new();
    for r in reqs {
        if !out.contains(&r.id) {
            out.push(r.id.clone());
        }
    }
    out
}

fn id_list(ids: &[RequirementId]) -> String {
    and_list(&ids.iter().map(|i| i.to_string()).collect::<Vec<_>>())
}

/// An entity's words: a one-word thing gets the feature in front (`webhook
/// endpoint`) unless it is the feature; a two-word thing stands as it is
/// (`payment method`).
fn entity_words(feature: &[String], e: &str) -> Vec<String> {
    let own: Vec<String> = e.split_whitespace().map(str::to_string).collect();
    if own.len() > 1 || feature.first().is_some_and(|f| f == e) {
        own
    } else {
        feature.iter().cloned().chain(own).collect()
    }
}

/// Words that describe rather than name, left out of file names.
const NOT_NAMES: &[&str] = &[
    "existing", "current", "read", "written", "used", "given", "based", "should", "would", "could",
    "every", "each", "always", "never", "only", "before", "after",
];

/// "a delivery", "an endpoint".
fn a(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

struct Builder<'a> {
    facts: &'a SpecFacts,
    layout: &'a Layout,
    names: Names,
    out: Vec<Draft>,
    /// Steps of the end-to-end test, with their place in the flow.
    flow: Vec<(u8, String)>,
    /// The class that formats output, once made.
    formatter: Option<String>,
}

/// Every draft the spec calls for, in the order they were thought of (the
/// caller orders them by layer and need).
pub fn drafts(facts: &SpecFacts, layout: &Layout) -> Vec<Draft> {
    let mut b = Builder {
        facts,
        layout,
        names: names(facts, layout),
        out: Vec::new(),
        flow: Vec::new(),
        formatter: None,
    };
    b.types();
    b.migration();
    b.repositories();
    b.signer();
    b.rules();
    b.clients();
    b.queue_setup();
    b.job();
    b.dispatcher();
    b.renderers();
    b.registration_apis();
    b.read_apis();
    b.commands();
    b.alerts();
    b.logging();
    b.performance();
    b.leftovers();
    b.end_to_end();
    b.out
}

fn has_database(facts: &SpecFacts, layout: &Layout) -> bool {
    layout.tech(Role::Database).is_some()
        || layout.tech(Role::Orm).is_some()
        || layout.knows(Layer::Schema)
        || facts
            .reqs
            .iter()
            .any(|r| r.words.iter().any(|w| w == "database" || w == "table"))
}

fn names(facts: &SpecFacts, layout: &Layout) -> Names {
    let feature = facts.feature.clone();
    let services_dir = if layout.grouped_services {
        format!(
            "{}{}/",
            layout.dir(Layer::Services),
            plural(&feature.join("-"))
        )
    } else {
        layout.dir(Layer::Services)
    };
    let stored: Vec<&String> = facts.entities.iter().collect();
    let has_types = !stored.is_empty() || !facts.events.is_empty();
    let types_file = has_types.then(|| layout.module_file(&layout.dir(Layer::Types), &feature));
    let entity_types = stored
        .iter()
        .map(|e| (e.to_string(), pascal(&entity_words(&feature, e))))
        .collect();
    let tables = if has_database(facts, layout) {
        stored
            .iter()
            .map(|e| {
                let mut w = entity_words(&feature, e);
                if let Some(last) = w.last_mut() {
                    *last = plural(last);
                }
                (e.to_string(), snake(&w))
            })
            .collect()
    } else {
        Vec::new()
    };
    let repos = stored
        .iter()
        .map(|e| {
            let w: Vec<String> = entity_words(&feature, e)
                .into_iter()
                .chain(ws(&["repository"]))
                .collect();
            (
                e.to_string(),
                pascal(&w),
                layout.class_file(&layout.dir(Layer::Storage), &w),
            )
        })
        .collect();
    let services = stored
        .iter()
        .filter(|e| rule_reqs(facts, e).next().is_some())
        .map(|e| {
            let w: Vec<String> = entity_words(&feature, e)
                .into_iter()
                .chain(ws(&["service"]))
                .collect();
            (
                e.to_string(),
                pascal(&w),
                layout.class_file(&services_dir, &w),
            )
        })
        .collect();
    let signer = facts.any(Trait::Crypto).then(|| {
        let w: Vec<String> = feature
            .iter()
            .cloned()
            .chain(ws(&[crypto_noun(facts)]))
            .collect();
        (pascal(&w), layout.class_file(&services_dir, &w))
    });
    let job = needs_job(facts).then(|| {
        let w: Vec<String> = feature
            .iter()
            .cloned()
            .chain(ws(&[job_noun(facts)]))
            .collect();
        let file = layout.module_file(&layout.dir(Layer::Jobs), &w);
        let module = file
            .rsplit('/')
            .next()
            .unwrap_or(&file)
            .split('.')
            .next()
            .unwrap_or(&file)
            .to_string();
        (module, file, kebab(&w))
    });
    Names {
        feature,
        services_dir,
        types_file,
        entity_types,
        tables,
        repos,
        services,
        signer,
        job,
    }
}

/// Requirements that put rules on a stored thing: a limit that counts it
/// (`at most 5 payment methods`), or validation of it.
fn rule_reqs<'a>(facts: &'a SpecFacts, e: &'a str) -> impl Iterator<Item = &'a Req> + 'a {
    let head = e.split_whitespace().next().unwrap_or(e).to_string();
    facts.reqs.iter().filter(move |r| {
        let counted = r.has(Trait::Limit) && r.quantities.iter().any(|q| q.unit == head);
        r.entities.iter().any(|x| x == e) && (counted || r.has(Trait::Validate))
    })
}

fn crypto_noun(facts: &SpecFacts) -> &'static str {
    let all: Vec<&String> = facts
        .with(Trait::Crypto)
        .flat_map(|r| r.words.iter())
        .collect();
    if all
        .iter()
        .any(|w| ["sign", "signed", "signs", "signature", "hmac", "jwt"].contains(&w.as_str()))
    {
        "signer"
    } else if all.iter().any(|w| w.starts_with("encrypt")) {
        "encryption"
    } else {
        "hasher"
    }
}

fn needs_job(facts: &SpecFacts) -> bool {
    facts
        .reqs
        .iter()
        .any(|r| r.has(Trait::Background) && !r.has(Trait::Notify))
}

fn job_noun(facts: &SpecFacts) -> &'static str {
    if facts.any(Trait::Outbound) {
        "delivery"
    } else if facts.any(Trait::Schedule) {
        "schedule"
    } else {
        "worker"
    }
}

/// The first token of `text` that looks like a header name (`X-Signature`).
fn header(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '`' | ',' | ':' | ';'))
        .find(|t| t.len() > 2 && t.starts_with("X-"))
        .map(str::to_string)
}

/// The first algorithm name in `text` (`HMAC-SHA256`, `AES-256`).
fn algorithm(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '`' | ',' | ':' | ';' | '(' | ')'))
        .map(|t| t.trim_end_matches('.'))
        .find(|t| {
            [
                "HMAC", "SHA", "AES", "RSA", "JWT", "ED25519", "BCRYPT", "ARGON",
            ]
            .iter()
            .any(|a| t.to_uppercase().starts_with(a))
        })
        .map(str::to_string)
}

fn seconds_unit(u: &str) -> bool {
    [
        "s",
        "sec",
        "second",
        "ms",
        "millisecond",
        "minute",
        "min",
        "hour",
        "h",
        "day",
        "d",
    ]
    .contains(&u)
}

/// "3 times", "5 s", "1 day", "5 days".
fn amount(v: f64, unit: &str) -> String {
    let unit = if v != 1.0 && unit.len() > 2 {
        plural(unit)
    } else {
        unit.to_string()
    };
    format!("{} {unit}", fmt_number(v))
}

/// Verbs a schedule requirement starts its action with.
fn is_verb_word(w: &str) -> bool {
    [
        "generate", "send", "charge", "create", "compute", "export", "sync", "import", "clean",
        "delete", "archive", "bill", "run", "refresh", "rebuild", "email", "notify", "publish",
    ]
    .contains(&w)
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

impl Builder<'_> {
    fn push(&mut self, d: Draft) {
        self.out.push(d);
    }

    fn orm(&self) -> String {
        self.layout
            .tech(Role::Orm)
            .map_or(String::new(), |t| format!("{} ", t.name))
    }

    fn types(&mut self) {
        let Some(file) = self.names.types_file.clone() else {
            return;
        };
        let f = &self.facts;
        let mut declared: Vec<String> = Vec::new();
        let mut produces = vec![file.clone()];
        for (e, ty) in &self.names.entity_types {
            declared.push(code(ty));
            produces.push(format!("type {ty}"));
            for r in f.reqs.iter().filter(|r| r.entities.contains(e)) {
                for (field, values) in &r.enums {
                    let name = pascal(
                        &entity_words(&self.names.feature, e)
                            .into_iter()
                            .chain([field.clone()])
                            .collect::<Vec<_>>(),
                    );
                    if !produces.contains(&format!("type {name}")) {
                        declared.push(format!("{} ({})", code(&name), values.join(" | ")));
                        produces.push(format!("type {name}"));
                    }
                }
            }
        }
        if !f.events.is_empty() {
            let name = pascal(
                &self
                    .names
                    .feature
                    .iter()
                    .cloned()
                    .chain(ws(&["event", "type"]))
                    .collect::<Vec<_>>(),
            );
            declared.push(format!("{} ({})", code(&name), f.events.join(" | ")));
            produces.push(format!("type {name}"));
        }
        let covers = ids(f.reqs.iter().filter(|r| {
            !r.enums.is_empty() || (r.has(Trait::Events) && !r.has(Trait::Background))
        }));
        self.push(Draft {
            layer: Layer::Types,
            title: format!("Define the {} types", self.names.feature.join(" ")),
            description: format!(
                "Declares the shared types in {file}: {}. Later tasks import these instead of redefining them.",
                and_list(&declared)
            ),
            produces,
            covers,
            unit: self.names.feature.clone(),
            check: None,
        });
    }

    fn migration(&mut self) {
        if self.names.tables.is_empty() {
            return;
        }
        let w: Vec<String> = ws(&["create"])
            .into_iter()
            .chain(self.names.feature.clone())
            .chain(ws(&["tables"]))
            .collect();
        let file = self.layout.class_file(&self.layout.dir(Layer::Schema), &w);
        let tables: Vec<String> = self.names.tables.iter().map(|t| code(&t.1)).collect();
        let plain: Vec<String> = self.names.tables.iter().map(|t| t.1.clone()).collect();
        let mut produces = vec![file.clone()];
        produces.extend(self.names.tables.iter().map(|t| format!("table {}", t.1)));
        let mut status: Vec<String> = Vec::new();
        for (e, table) in &self.names.tables {
            for r in self
                .facts
                .reqs
                .iter()
                .filter(|r| r.entities.first() == Some(e))
            {
                for (field, values) in &r.enums {
                    status.push(format!(
                        "a `{field}` column on `{table}` ({})",
                        values.join(", ")
                    ));
                }
            }
        }
        let extra = if status.is_empty() {
            String::new()
        } else {
            format!(", with {}", and_list(&status))
        };
        let covers = ids(self
            .facts
            .with(Trait::Store)
            .filter(|r| !r.entities.is_empty() && !r.has(Trait::Validate)));
        self.push(Draft {
            layer: Layer::Schema,
            title: format!("Create the {} {}", and_list(&plain), if plain.len() == 1 { "table" } else { "tables" }),
            description: format!(
                "Adds a {}migration, {file}, that creates {}{extra}, one column per field of the stored records; its down step drops them again.",
                self.orm(),
                and_list(&tables)
            ),
            produces,
            covers,
            unit: w,
            check: None,
        });
    }

    fn repositories(&mut self) {
        for (e, class, file) in self.names.repos.clone() {
            let ty = self.names.entity_type(&e).unwrap_or(&class).to_string();
            let reqs: Vec<&Req> = self
                .facts
                .reqs
                .iter()
                .filter(|r| {
                    r.entities.contains(&e)
                        && (r.has(Trait::Store) || r.has(Trait::Register))
                        && (r.has(Trait::Register) || !r.has(Trait::Validate))
                })
                .collect();
            let mut queries = vec!["save".to_string(), "find by id".to_string()];
            if reqs.iter().any(|r| r.has(Trait::Register)) && !self.facts.events.is_empty() {
                queries.push("list those registered for an event type".to_string());
            }
            for r in &reqs {
                if r.has(Trait::Limit)
                    && let Some(per) = r.text.split(" per ").nth(1)
                {
                    let per: Vec<String> = super::text::words(per).into_iter().take(2).collect();
                    queries.push(format!("count per {}", per.join(" ")));
                }
            }
            if reqs.iter().any(|r| !r.enums.is_empty()) {
                queries.push("update the status".to_string());
            }
            if reqs.iter().any(|r| r.has(Trait::Read)) {
                queries.push("list with filters".to_string());
            }
            let source = match self.names.table(&e) {
                Some(t) => format!("Reads and writes {} rows as {} values", code(t), code(&ty)),
                None => format!("Keeps {} values", code(&ty)),
            };
            let via = if self.layout.tech(Role::Orm).is_some() {
                format!(" through {}", self.orm().trim())
            } else {
                String::new()
            };
            let noun = entity_words(&self.names.feature, &e).join(" ");
            let check = format!(
                "against a test database, each query ({}) returns the rows it should",
                and_list(&queries)
            );
            self.push(Draft {
                layer: Layer::Storage,
                title: format!("Add the {noun} repository"),
                description: format!(
                    "{source}{via}, in {file}{}. Gives the other tasks what they need: {}.",
                    if self.layout.knows(Layer::Storage) {
                        ", next to the other repositories"
                    } else {
                        ""
                    },
                    and_list(&queries)
                ),
                produces: vec![file, format!("class {class}")],
                covers: ids(reqs),
                unit: super::text::split_ident(&class),
                check: Some(check),
            });
        }
    }

    fn signer(&mut self) {
        let Some((class, file)) = self.names.signer.clone() else {
            return;
        };
        let reqs: Vec<&Req> = self.facts.with(Trait::Crypto).collect();
        let text: String = reqs
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let algo = algorithm(&text).unwrap_or_else(|| "the algorithm the spec names".to_string());
        let what = match header(&text) {
            Some(h) => format!("the value of the {} header", code(&h)),
            None => "the signature".to_string(),
        };
        let verb = match crypto_noun(self.facts) {
            "signer" => "Sign",
            "encryption" => "Encrypt",
            _ => "Hash",
        };
        let covers = ids(reqs);
        self.push(Draft {
            layer: Layer::Services,
            title: format!("{verb} {} payloads with {algo}", self.names.feature.join(" ")),
            description: format!(
                "{} in {file} computes {what}: {algo} over the raw request body with the key {} names. A pure function with no I/O, so it is tested with fixed vectors; it never logs the key.",
                code(&class),
                id_list(&covers)
            ),
            produces: vec![file, format!("class {class}")],
            unit: super::text::split_ident(&class),
            check: Some(format!("known body and key give the expected {algo} value, and a changed body gives a different one")),
            covers,
        });
    }

    fn rules(&mut self) {
        for (e, class, file) in self.names.services.clone() {
            let reqs: Vec<&Req> = rule_reqs(self.facts, &e).collect();
            let repo = self.names.repo(&e).unwrap_or("the repository").to_string();
            let rules: Vec<String> = reqs
                .iter()
                .map(|r| format!("{} ({})", r.id, shorten(&r.text, 70)))
                .collect();
            let noun = plural(&entity_words(&self.names.feature, &e).join(" "));
            let limits: Vec<String> = reqs
                .iter()
                .flat_map(|r| {
                    r.quantities
                        .iter()
                        .filter(|q| q.before.contains("most") || q.before.contains("up to"))
                })
                .map(|q| {
                    let unit = if e.split_whitespace().next() == Some(q.unit.as_str()) {
                        plural(&e)
                    } else {
                        plural(&q.unit)
                    };
                    format!(
                        "{} {unit} are accepted and one more is refused",
                        fmt_number(q.value)
                    )
                })
                .collect();
            let check = if limits.is_empty() {
                None
            } else {
                Some(limits.join("; "))
            };
            self.push(Draft {
                layer: Layer::Services,
                title: format!("Enforce the rules for registering {noun}"),
                description: format!(
                    "{} in {file} checks every new or changed {} before it is stored through {}: {}. A refused request gets an error that says which rule it broke.",
                    code(&class),
                    entity_words(&self.names.feature, &e).join(" "),
                    code(&repo),
                    rules.join("; ")
                ),
                produces: vec![file, format!("class {class}")],
                covers: ids(reqs),
                unit: super::text::split_ident(&class),
                check,
            });
        }
    }

    /// A client for each outside service the spec names that the context does not already wrap.
    fn clients(&mut self) {
        for t in self.facts.techs.iter().filter(|t| t.role.can_be_down()) {
            let wrapped = self
                .layout
                .pieces
                .iter()
                .any(|p| p.wraps.is_some_and(|w| w.name == t.name));
            if wrapped
                || self
                    .layout
                    .techs
                    .iter()
                    .any(|x| x.name == t.name && x.role == Role::Queue)
            {
                continue;
            }
            let w: Vec<String> = super::text::words(t.name)
                .into_iter()
                .chain(ws(&["client"]))
                .collect();
            let file = self
                .layout
                .class_file(&self.layout.dir(Layer::Services), &w);
            let class = pascal(&w);
            let reqs: Vec<&Req> = self
                .facts
                .reqs
                .iter()
                .filter(|r| super::tech::names(&r.text, t))
                .collect();
            self.push(Draft {
                layer: Layer::Services,
                title: format!("Wrap the {} API in a client", t.name),
                description: format!(
                    "{} in {file} is the only code that talks to {} ({}): it reads its credentials from configuration, sets timeouts, and turns its errors into ones the callers can act on, so tests can replace it with a fake.",
                    code(&class),
                    t.name,
                    t.role.what()
                ),
                produces: vec![file, format!("client {class}")],
                covers: ids(reqs),
                unit: w,
                check: Some(format!("calls against a fake {} server send the expected requests and map its error answers", t.name)),
            });
        }
    }

    fn queue_setup(&mut self) {
        if self.names.job.is_none()
            || self.layout.piece(PieceRole::Queue).is_some()
            || self.layout.tech(Role::Queue).is_some()
        {
            return;
        }
        let w = ws(&["job", "queue"]);
        let file = self.layout.module_file(&self.layout.dir(Layer::Jobs), &w);
        self.push(Draft {
            layer: Layer::Jobs,
            title: "Set up the background job queue".to_string(),
            description: format!(
                "The context names no job queue, so {file} sets one up: a queue that survives restarts, runs handlers outside request handling, and exposes `getQueue(name)` for the tasks that add jobs."
            ),
            produces: vec![file, "queue getQueue".to_string()],
            covers: Vec::new(),
            unit: w,
            check: Some("a job added to a test queue runs its handler once".to_string()),
        });
    }

    fn queue_phrase(&self, queue: &str) -> String {
        if let Some(p) = self.layout.piece(PieceRole::Queue) {
            let api = p
                .api_names()
                .into_iter()
                .next()
                .unwrap_or_else(|| "its API".to_string());
            return format!("through `{api}(\"{queue}\")` from {}", p.path);
        }
        if let Some(t) = self.layout.tech(Role::Queue) {
            return format!("as a {} queue", t.name);
        }
        "with `getQueue` from the queue set up before".to_string()
    }

    fn job(&mut self) {
        let Some((module, file, queue)) = self.names.job.clone() else {
            return;
        };
        let f = self.facts;
        let outbound: Vec<&Req> = f.with(Trait::Outbound).collect();
        let background: Vec<&Req> = f
            .reqs
            .iter()
            .filter(|r| r.has(Trait::Background) && !r.has(Trait::Notify) && !r.has(Trait::Events))
            .collect();
        let all: Vec<&Req> = outbound.iter().chain(background.iter()).copied().collect();
        let text = all
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let mut parts = vec![format!(
            "Registers the {} queue {} and its handler in {file}.",
            code(&queue),
            self.queue_phrase(&queue)
        )];
        if !outbound.is_empty() {
            let target = f
                .entities
                .iter()
                .find(|e| {
                    f.reqs
                        .iter()
                        .any(|r| r.entities.contains(e) && r.has(Trait::Register))
                })
                .map_or("receiver".to_string(), |e| e.clone());
            let how = if text.contains("JSON") {
                " as JSON"
            } else {
                ""
            };
            let mut send = format!("Each job sends one payload{how} to one {target}");
            if text.contains("POST") {
                send = format!("Each job POSTs one payload{how} to one {target}");
            }
            if let (Some((signer, _)), Some(h)) = (&self.names.signer, header(&text)) {
                send.push_str(&format!(
                    " with the {} header from {}",
                    code(&h),
                    code(signer)
                ));
            }
            parts.push(format!("{send}."));
        }
        for d in &self.out {
            let Some(client) = d.produces.iter().find_map(|p| p.strip_prefix("client ")) else {
                continue;
            };
            if let Some(t) = f
                .techs
                .iter()
                .find(|t| super::tech::names(&text, t) && d.title.contains(t.name))
            {
                let by: Vec<RequirementId> = ids(all
                    .iter()
                    .copied()
                    .filter(|r| super::tech::names(&r.text, t)));
                parts.push(format!(
                    "It calls {} for what {} asks of {}.",
                    code(client),
                    id_list(&by),
                    t.name
                ));
            }
        }
        let recorded: Vec<String> = f
            .entities
            .iter()
            .filter(|e| all.iter().any(|r| r.entities.contains(e)))
            .filter(|e| {
                f.reqs.iter().any(|r| {
                    r.entities.contains(e) && r.has(Trait::Store) && !r.has(Trait::Validate)
                })
            })
            .filter_map(|e| self.names.repo(e).map(code))
            .collect();
        if !recorded.is_empty() {
            parts.push(format!(
                "It records its work and the outcome with {}.",
                and_list(&recorded)
            ));
        }
        let mut checks: Vec<String> = Vec::new();
        for r in &background {
            let times = r
                .quantities
                .iter()
                .find(|q| q.unit == "time" || q.unit == "attempt");
            let durations: Vec<String> = r
                .quantities
                .iter()
                .filter(|q| seconds_unit(&q.unit))
                .map(|q| amount(q.value, &q.unit))
                .collect();
            let between = ["wait", "waiting", "between", "apart", "backoff", "after"]
                .iter()
                .any(|w| r.words.iter().any(|x| x == w));
            if let Some(t) = times {
                let mut s = format!("Failures are retried up to {}", amount(t.value, &t.unit));
                match (durations.is_empty(), between) {
                    (false, true) => s.push_str(&format!(
                        ", waiting {} between attempts",
                        and_list(&durations)
                    )),
                    (false, false) => s.push_str(&format!(", within {}", and_list(&durations))),
                    _ => {}
                }
                parts.push(format!("{s} ({}).", r.id));
                checks.push(format!(
                    "with fake timers, a call that keeps failing is tried {} times in all{} and then marked as failed",
                    fmt_number(t.value + 1.0),
                    if durations.is_empty() || !between { String::new() } else { format!(", {} apart", and_list(&durations)) }
                ));
            } else if r.has(Trait::Schedule) {
                parts.push(format!(
                    "It runs on the schedule {} sets: {}",
                    r.id,
                    end(&shorten(&r.text, 100))
                ));
                checks.insert(
                    0,
                    "with a fake clock, the job runs at the scheduled time and not before"
                        .to_string(),
                );
            }
        }
        let feature = self.names.feature.join(" ");
        let title = if !outbound.is_empty() {
            format!(
                "Deliver {} from a background job with retries",
                plural(&feature)
            )
        } else if let Some(r) = f.with(Trait::Schedule).next() {
            let verb = r
                .words
                .iter()
                .find(|w| is_verb_word(w))
                .map_or("Run".to_string(), |v| capitalised(v));
            format!(
                "{verb} {} on schedule in a background job",
                plural(&feature)
            )
        } else {
            format!("Move {feature} work to a background job")
        };
        if !outbound.is_empty() {
            let signed = match (&self.names.signer, header(&text)) {
                (Some(_), Some(h)) => format!(" with a valid `{h}`"),
                _ => String::new(),
            };
            self.flow.push((
                2,
                format!("check that a local receiver gets the POST{signed}"),
            ));
        } else if f.any(Trait::Schedule) {
            self.flow.push((
                2,
                format!("move a fake clock to the scheduled time and check that `{module}` ran"),
            ));
        }
        let mut produces = vec![file, format!("queue {queue}")];
        produces.push(format!("job {module}"));
        self.push(Draft {
            layer: Layer::Jobs,
            title,
            description: parts.join(" "),
            produces,
            covers: ids(all),
            unit: super::text::split_ident(&module),
            check: (!checks.is_empty()).then(|| checks.join("; ")),
        });
    }

    fn dispatcher(&mut self) {
        let f = self.facts;
        let reqs: Vec<&Req> = f.with(Trait::Events).collect();
        if reqs.is_empty() {
            return;
        }
        let w: Vec<String> = self
            .names
            .feature
            .iter()
            .cloned()
            .chain(ws(&["dispatcher"]))
            .collect();
        let class = pascal(&w);
        let file = self.layout.class_file(&self.names.services_dir, &w);
        let events = if f.events.is_empty() {
            "the events the spec names".to_string()
        } else {
            and_list(&f.events)
        };
        let mut parts = Vec::new();
        match self.layout.piece(PieceRole::Events) {
            Some(p) => {
                let api = p.api.first().cloned().unwrap_or_else(|| p.name.clone());
                parts.push(format!(
                    "{} in {file} subscribes to {events} with `{api}` from {}.",
                    code(&class),
                    p.path
                ));
            }
            None => parts.push(format!(
                "{} in {file} is called where {events} happen (the context names no event bus).",
                code(&class)
            )),
        }
        let registered = f.entities.iter().find(|e| {
            f.reqs
                .iter()
                .any(|r| r.entities.contains(e) && r.has(Trait::Register))
        });
        let target = registered.map(|e| plural(&entity_words(&self.names.feature, e).join(" ")));
        if let (Some(e), Some(t)) = (registered, &target)
            && let Some(repo) = self.names.repo(e)
        {
            parts.push(format!(
                "For each event it looks up the {t} registered for it with {}",
                code(repo)
            ));
        } else {
            parts.push("For each event it works out who should hear about it".to_string());
        }
        match &self.names.job {
            Some((_, _, queue)) => {
                let last = parts.pop().unwrap_or_default();
                parts.push(format!(
                    "{last} and adds one job per {} to the {} queue, so the request that raised the event never waits for the work.",
                    registered.map_or("recipient".to_string(), |e| e.clone()),
                    code(queue)
                ));
            }
            None => {
                let last = parts.pop().unwrap_or_default();
                parts.push(format!("{last}."));
            }
        }
        let first = f
            .events
            .first()
            .cloned()
            .unwrap_or_else(|| "an event".to_string());
        self.flow.push((
            1,
            format!("publish {first} so that {} queues the work", code(&class)),
        ));
        let blocking: Vec<&Req> = f
            .reqs
            .iter()
            .filter(|r| r.has(Trait::Background) && r.has(Trait::Events))
            .collect();
        self.push(Draft {
            layer: Layer::Jobs,
            title: format!("Turn {events} into queued {}", if self.names.job.is_some() { "jobs" } else { "work" }),
            description: parts.join(" "),
            produces: vec![file, format!("class {class}")],
            covers: ids(reqs.into_iter().chain(blocking)),
            unit: w,
            check: Some("publishing an event on a test bus adds one job per matching registration and none for others".to_string()),
        });
    }

    /// How existing data is read when the plan stores none of its own: the
    /// context's function for it (`with Store::list(filter) from src/store/mod.rs`).
    fn data_source(&self) -> Option<String> {
        if !self.names.repos.is_empty() {
            return None;
        }
        let p = self.layout.pieces.iter().find(|p| {
            !p.api.is_empty() && matches!(p.role, PieceRole::Other | PieceRole::Database)
        })?;
        Some(format!("with {} from {}", code(&p.api[0]), p.path))
    }

    fn api_files(&self, route_words: &[String], controller_words: &[String]) -> (String, String) {
        let routes = self
            .layout
            .routes_dir
            .clone()
            .unwrap_or_else(|| self.layout.dir(Layer::Api));
        let controllers = self
            .layout
            .controllers_dir
            .clone()
            .unwrap_or_else(|| self.layout.dir(Layer::Api));
        (
            self.layout.module_file(&routes, route_words),
            self.layout.class_file(&controllers, controller_words),
        )
    }

    fn registration_apis(&mut self) {
        if self.facts.any(Trait::Cli) && !self.facts.any(Trait::Api) {
            return;
        }
        for e in self.facts.entities.clone() {
            let reqs: Vec<&Req> = self
                .facts
                .reqs
                .iter()
                .filter(|r| r.entities.contains(&e) && r.has(Trait::Register))
                .collect();
            if reqs.is_empty() {
                continue;
            }
            let ew = entity_words(&self.names.feature, &e);
            let mut rw = ew.clone();
            if let Some(l) = rw.last_mut() {
                *l = plural(l);
            }
            let cw: Vec<String> = ew.iter().cloned().chain(ws(&["controller"])).collect();
            let (routes, controller) = self.api_files(&rw, &cw);
            let callee = self
                .names
                .service(&e)
                .or(self.names.repo(&e))
                .unwrap_or("the repository")
                .to_string();
            let noun = plural(&ew.join(" "));
            self.flow
                .push((0, format!("register {} through {routes}", a(&ew.join(" ")))));
            self.push(Draft {
                layer: Layer::Api,
                title: format!("Add the API to register {noun}"),
                description: format!(
                    "Routes in {routes} and {} in {controller} let an account create, list and delete its {noun} by calling {}; a refused registration answers with a 4xx status and the reason.",
                    code(&pascal(&cw)),
                    code(&callee)
                ),
                produces: vec![routes, controller],
                covers: ids(reqs),
                unit: rw,
                check: Some(format!("requests to create, list and delete {noun} get the expected status codes and bodies")),
            });
        }
    }

    fn read_apis(&mut self) {
        let mut covered: Vec<RequirementId> = Vec::new();
        for e in self.facts.entities.clone() {
            let reqs: Vec<&Req> = self
                .facts
                .reqs
                .iter()
                .filter(|r| r.entities.contains(&e) && r.has(Trait::Read) && r.has(Trait::Api))
                .collect();
            if reqs.is_empty() {
                continue;
            }
            let admin = reqs.iter().any(|r| r.words.iter().any(|w| w == "admin"));
            let ew = entity_words(&self.names.feature, &e);
            let mut rw: Vec<String> = if admin { ws(&["admin"]) } else { Vec::new() };
            rw.extend(ew.iter().cloned());
            if let Some(l) = rw.last_mut() {
                *l = plural(l);
            }
            let cw: Vec<String> = ew.iter().cloned().chain(ws(&["controller"])).collect();
            let (routes, controller) = self.api_files(&rw, &cw);
            let repo = self.names.repo(&e).unwrap_or("the repository").to_string();
            let noun = plural(&ew.join(" "));
            let with_status = reqs
                .iter()
                .any(|r| r.enums.iter().any(|(f, _)| f == "status"));
            let access = match (&self.layout.admin, admin) {
                (Some(line), true) => format!(
                    " Access follows the context's rule: {}.",
                    admin_clause(line)
                ),
                _ => String::new(),
            };
            covered.extend(ids(reqs.iter().copied()));
            self.flow.push((
                4,
                format!(
                    "read the {}{} through {routes}",
                    ew.join(" "),
                    if with_status { " and its status" } else { "" }
                ),
            ));
            self.push(Draft {
                layer: Layer::Api,
                title: format!(
                    "Expose {noun}{} through the {}API",
                    if with_status { " and their status" } else { "" },
                    if admin { "admin " } else { "" }
                ),
                description: format!(
                    "Routes in {routes} and {} in {controller} list {noun} and show one by id{}, reading through {}.{access}",
                    code(&pascal(&cw)),
                    if with_status { " with its status" } else { "" },
                    code(&repo)
                ),
                produces: vec![routes, controller],
                covers: ids(reqs),
                unit: rw,
                check: Some(format!("a request with the right access lists {noun}; one without it is refused")),
            });
        }
    }

    fn commands(&mut self) {
        let reqs: Vec<&Req> = self.facts.with(Trait::Cli).collect();
        if reqs.is_empty() {
            return;
        }
        let mut groups: Vec<(String, Vec<&Req>)> = Vec::new();
        let mut unnamed: Vec<&Req> = Vec::new();
        for r in reqs {
            let Some(name) = command_name(&r.text) else {
                unnamed.push(r);
                continue;
            };
            match groups.iter_mut().find(|g| g.0 == name) {
                Some(g) => g.1.push(r),
                None => groups.push((name, vec![r])),
            }
        }
        // A requirement that names no command belongs to the first one that is named.
        match groups.first_mut() {
            Some(g) => g.1.extend(unnamed),
            None => groups.push((self.names.feature.join(" "), unnamed)),
        }
        for (name, reqs) in groups {
            let w = super::text::words(&name);
            let file = self.layout.module_file(&self.layout.dir(Layer::Api), &w);
            let flags: Vec<String> = reqs.iter().flat_map(|r| flags(&r.text)).collect::<Vec<_>>();
            let mut uniq: Vec<String> = Vec::new();
            for f in flags {
                if !uniq.contains(&f) {
                    uniq.push(f);
                }
            }
            self.flow.push((0, format!("run `{name}` on sample data")));
            let flag_text = if uniq.is_empty() {
                String::new()
            } else {
                format!(
                    ", with {}",
                    and_list(&uniq.iter().map(|f| code(f)).collect::<Vec<_>>())
                )
            };
            self.push(Draft {
                layer: Layer::Api,
                title: format!("Add the `{name}` command"),
                description: format!(
                    "{file} parses the `{name}` command{flag_text}{}{}; usage errors print a message and exit with a non-zero code. Behaviour: {}.",
                    self.data_source().map_or(String::new(), |d| format!(", reads {d}")),
                    self.formatter.as_ref().map_or(String::new(), |f| format!(" and writes the result with {}", code(f))),
                    reqs.iter().map(|r| format!("{} ({})", r.id, shorten(&r.text, 60))).collect::<Vec<_>>().join("; ")
                ),
                produces: vec![file],
                covers: ids(reqs),
                unit: w,
                check: Some(format!("running `{name}` with good and bad arguments gives the expected output and exit codes")),
            });
        }
    }

    /// Output formats (Markdown, JSON, PDF, ...) that reading, exporting or commands ask for.
    fn renderers(&mut self) {
        const FORMATS: &[(&str, &str)] = &[
            ("md", "Markdown"),
            ("markdown", "Markdown"),
            ("json", "JSON"),
            ("csv", "CSV"),
            ("pdf", "PDF"),
            ("html", "HTML"),
            ("yaml", "YAML"),
            ("xml", "XML"),
        ];
        let reqs: Vec<&Req> = self
            .facts
            .reqs
            .iter()
            .filter(|r| r.has(Trait::Format) || r.has(Trait::Cli) || r.has(Trait::Read))
            .filter(|r| r.words.iter().any(|w| FORMATS.iter().any(|f| f.0 == w)))
            .collect();
        if reqs.is_empty() {
            return;
        }
        let mut formats: Vec<String> = Vec::new();
        for r in &reqs {
            for w in &r.words {
                if let Some((_, name)) = FORMATS.iter().find(|f| f.0 == w)
                    && !formats.iter().any(|f| f == name)
                {
                    formats.push(name.to_string());
                }
            }
        }
        let subject = self.facts.entities.first().cloned().or_else(|| {
            reqs.iter().find_map(|r| {
                let i = r
                    .words
                    .iter()
                    .position(|w| ["every", "all", "each"].contains(&w.as_str()))?;
                r.words
                    .get(i + 1)
                    .map(|w| singular(w))
                    .filter(|w| w.chars().all(char::is_alphabetic))
            })
        });
        let subject_words = subject.map_or(self.names.feature.clone(), |s| {
            s.split_whitespace().map(str::to_string).collect()
        });
        let w: Vec<String> = subject_words
            .iter()
            .cloned()
            .chain(ws(&["formatter"]))
            .collect();
        let class = pascal(&w);
        let file = self.layout.class_file(&self.names.services_dir, &w);
        let source = self
            .names
            .entity_types
            .first()
            .map_or(plural(&subject_words.join(" ")), |t| code(&t.1));
        self.formatter = Some(class.clone());
        self.push(Draft {
            layer: Layer::Services,
            title: format!("Format {} as {}", plural(&subject_words.join(" ")), and_list(&formats)),
            description: format!(
                "{} in {file} turns {source} into {}. It does no I/O, so each output can be compared with a stored sample.",
                code(&class),
                and_list(&formats)
            ),
            produces: vec![file, format!("class {class}")],
            covers: ids(reqs),
            unit: w,
            check: Some(format!("a fixed input gives the stored {} samples byte for byte", and_list(&formats))),
        });
    }

    fn alerts(&mut self) {
        let reqs: Vec<&Req> = self.facts.with(Trait::Notify).collect();
        if reqs.is_empty() {
            return;
        }
        let text = reqs
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let failure = super::text::words(&text)
            .iter()
            .any(|w| w.starts_with("fail"));
        let kind = if failure {
            "failure alert"
        } else if text.to_lowercase().contains("receipt") {
            "receipt"
        } else {
            "notification"
        };
        let w: Vec<String> = self
            .names
            .feature
            .iter()
            .cloned()
            .chain(ws(&[kind]))
            .collect();
        let class = pascal(&w);
        let file = self.layout.class_file(&self.names.services_dir, &w);
        let mut produces = vec![file.clone(), format!("class {class}")];
        let via = match self.layout.piece(PieceRole::Email) {
            Some(p) => match p.api.first() {
                Some(api) => format!("with {} from {}", code(api), p.path),
                None => format!("through {} ({})", code(&p.name), p.path),
            },
            None => match self.layout.tech(Role::Email).or_else(|| {
                self.facts
                    .techs
                    .iter()
                    .copied()
                    .find(|t| t.role == Role::Email)
            }) {
                Some(t) => format!("through {}", t.name),
                None => "through the mail service the project uses".to_string(),
            },
        };
        let trigger = match &self.names.job {
            Some((module, job_file, _)) => {
                produces.push(job_file.clone());
                let when = if failure {
                    "once for each delivery that has used up its retries".to_string()
                } else {
                    let lower = text.to_ascii_lowercase();
                    ["after ", "when ", "once "]
                        .iter()
                        .find_map(|k| {
                            lower
                                .find(k)
                                .map(|i| text[i..].trim_end_matches('.').to_string())
                        })
                        .unwrap_or_else(|| "when its work succeeds".to_string())
                };
                format!(" The {} job in {job_file} calls it {when}.", code(module))
            }
            None => String::new(),
        };
        self.flow.push((
            5,
            if failure {
                format!(
                    "make the receiver fail every attempt and check that {} sends one email",
                    code(&class)
                )
            } else {
                format!("check that {} sends its email", code(&class))
            },
        ));
        self.push(Draft {
            layer: Layer::Alerting,
            title: format!("Send the {} {kind} email", self.names.feature.join(" ")),
            description: format!(
                "{} in {file} sends the email {via}, as {} asks: {}{trigger}",
                code(&class),
                id_list(&ids(reqs.iter().copied())),
                end(&shorten(&text, 160))
            ),
            produces,
            covers: ids(reqs),
            unit: w,
            check: Some(if failure { "the last failed retry sends exactly one email, to the right address, naming the endpoint and the error".to_string() } else { "the trigger sends exactly one email with the expected content".to_string() }),
        });
    }

    fn logging(&mut self) {
        let reqs: Vec<&Req> = self.facts.with(Trait::Logging).collect();
        if reqs.is_empty() {
            return;
        }
        let secrets = reqs.iter().any(|r| {
            r.words.iter().any(|w| {
                [
                    "secret",
                    "secrets",
                    "password",
                    "passwords",
                    "token",
                    "tokens",
                    "key",
                    "keys",
                ]
                .contains(&w.as_str())
            })
        });
        let f = self.names.feature.join(" ");
        let mut users: Vec<String> = Vec::new();
        if let Some((module, _, _)) = &self.names.job {
            users.push(code(module));
        }
        if let Some((class, _)) = &self.names.signer {
            users.push(code(class));
        }
        let who = if users.is_empty() {
            "the new code".to_string()
        } else {
            and_list(&users)
        };
        let (title, description, w) = if secrets {
            let w: Vec<String> = ws(&["redact", "secrets"]);
            let file = self.layout.module_file(&self.names.services_dir, &w);
            (
                format!("Keep {f} secrets out of logs"),
                format!(
                    "{file} replaces secret values with a fixed mask before anything is logged; {who} log through it, naming records by id only ({}).",
                    id_list(&ids(reqs.iter().copied()))
                ),
                (w, file),
            )
        } else {
            let w: Vec<String> = self
                .names
                .feature
                .iter()
                .cloned()
                .chain(ws(&["metrics"]))
                .collect();
            let file = self.layout.module_file(&self.names.services_dir, &w);
            (
                format!("Log and count {f} activity"),
                format!(
                    "{file} defines the log lines and counters {who} emit, as {} asks.",
                    id_list(&ids(reqs.iter().copied()))
                ),
                (w, file),
            )
        };
        let (unit, file) = w;
        self.push(Draft {
            layer: Layer::Ops,
            title,
            description,
            produces: vec![file],
            covers: ids(reqs),
            unit,
            check: Some(if secrets {
                "log output captured during a full run contains no secret value".to_string()
            } else {
                "a run produces the expected log lines and counter values".to_string()
            }),
        });
    }

    fn performance(&mut self) {
        let reqs: Vec<&Req> = self.facts.with(Trait::Performance).collect();
        if reqs.is_empty() {
            return;
        }
        let w: Vec<String> = self
            .names
            .feature
            .iter()
            .cloned()
            .chain(ws(&["load"]))
            .collect();
        let (path, _) = self.layout.test_for(Layer::Checks, &w, None);
        let entry = self
            .out
            .iter()
            .find(|d| d.layer == Layer::Api)
            .and_then(|d| d.produces.iter().find(|p| super::text::is_path(p)))
            .map_or(String::new(), |p| format!(" through {p}"));
        let targets = reqs
            .iter()
            .map(|r| format!("{} ({})", r.id, shorten(&r.text, 60).trim_end_matches('.')))
            .collect::<Vec<_>>()
            .join("; ");
        self.push(Draft {
            layer: Layer::Ops,
            title: format!("Check the {} feature against its performance targets", self.names.feature.join(" ")),
            description: format!("{path} drives the feature{entry} at the load the spec describes and records the figures it sets: {targets}."),
            produces: vec![path],
            covers: ids(reqs),
            unit: w,
            check: Some(format!("the measured figures meet {targets}")),
        });
    }

    /// One task per requirement no other draft covers, so nothing is lost.
    fn leftovers(&mut self) {
        let covered: Vec<RequirementId> = self.out.iter().flat_map(|d| d.covers.clone()).collect();
        for r in self.facts.reqs.iter().filter(|r| !covered.contains(&r.id)) {
            let nouns: Vec<String> = super::text::words(&r.text)
                .into_iter()
                .filter(|w| {
                    w.len() > 2
                        && w.chars().all(char::is_alphabetic)
                        && !super::text::STOP.contains(&w.as_str())
                        && !NOT_NAMES.contains(&w.as_str())
                        && !is_verb_word(w)
                })
                .collect();
            let w: Vec<String> = nouns.iter().rev().take(2).rev().cloned().collect();
            let w = if w.is_empty() {
                self.names.feature.clone()
            } else {
                w
            };
            let file = self.layout.module_file(&self.names.services_dir, &w);
            self.push(Draft {
                layer: Layer::Services,
                title: format!(
                    "Meet {}: {}",
                    r.id,
                    shorten(r.text.trim(), 70).trim_end_matches('.')
                ),
                description: format!("{file} implements {}: {}", r.id, end(r.text.trim())),
                produces: vec![file],
                covers: vec![r.id.clone()],
                unit: w,
                check: None,
            });
        }
    }

    fn end_to_end(&mut self) {
        if self.out.len() < 5 {
            return;
        }
        let w: Vec<String> = self
            .names
            .feature
            .iter()
            .cloned()
            .chain(ws(&["flow"]))
            .collect();
        let (path, _) = self.layout.test_for(Layer::Checks, &w, None);
        let mut flow = self.flow.clone();
        flow.sort_by_key(|f| f.0);
        let steps: Vec<String> = flow.into_iter().map(|f| f.1).collect();
        let steps = if steps.is_empty() {
            "every requirement's main path and one failure".to_string()
        } else {
            and_list(&steps)
        };
        self.push(Draft {
            layer: Layer::Checks,
            title: format!("Test the {} flow end to end", self.names.feature.join(" ")),
            description: format!(
                "{path} runs the feature the way it is used, against a test database and local stand-ins for outside services: {steps}."
            ),
            produces: vec![path],
            covers: Vec::new(),
            unit: w,
            check: Some("the whole flow passes, including its failure path".to_string()),
        });
    }
}

/// The part of a context line that is about admin access.
fn admin_clause(line: &str) -> String {
    line.split([';', '.'])
        .map(str::trim)
        .find(|p| super::text::words(p).iter().any(|w| w == "admin"))
        .unwrap_or(line)
        .trim_end_matches('.')
        .to_string()
}

/// `text` as the end of a sentence: a full stop unless it already ends with one or with `…`.
fn end(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with(['.', '…', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// A command name given in backticks: the words before the first flag (`notes export`).
fn command_name(text: &str) -> Option<String> {
    text.split('`').skip(1).step_by(2).find_map(|q| {
        let words: Vec<&str> = q
            .split_whitespace()
            .take_while(|w| {
                !w.starts_with('-')
                    && w.chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            })
            .collect();
        (!words.is_empty() && !q.trim_start().starts_with('-')).then(|| words.join(" "))
    })
}

/// Flags a text mentions (`--format`).
fn flags(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '`' | ',' | '(' | ')' | '='))
        .filter(|t| t.starts_with("--") && t.len() > 2)
        .map(|t| t.trim_end_matches(['.', ':']).to_string())
        .collect()
}
