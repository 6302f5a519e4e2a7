//! The names the drafts share (files, types, tables, classes, the job and
//! its queue), decided before any description is written.
use super::*;

pub(super) struct Names {
    pub(super) feature: Vec<String>,
    /// What goes in front of a one-word entity's name (`webhook` before
    /// `endpoint`); nothing when the spec lists its entities, whose names
    /// are used as the spec writes them.
    pub(super) prefix: Vec<String>,
    pub(super) services_dir: String,
    pub(super) types_file: Option<String>,
    pub(super) entity_types: Vec<(String, String)>,
    pub(super) tables: Vec<(String, String)>,
    pub(super) repos: Vec<(String, String, String)>,
    pub(super) services: Vec<(String, String, String)>,
    pub(super) signer: Option<(String, String)>,
    pub(super) job: Option<(String, String, String)>,
}

impl Names {
    pub(super) fn entity_type(&self, e: &str) -> Option<&str> {
        self.entity_types
            .iter()
            .find(|x| x.0 == e)
            .map(|x| x.1.as_str())
    }
    pub(super) fn table(&self, e: &str) -> Option<&str> {
        self.tables.iter().find(|x| x.0 == e).map(|x| x.1.as_str())
    }
    pub(super) fn repo(&self, e: &str) -> Option<&str> {
        self.repos.iter().find(|x| x.0 == e).map(|x| x.1.as_str())
    }
    pub(super) fn service(&self, e: &str) -> Option<&str> {
        self.services
            .iter()
            .find(|x| x.0 == e)
            .map(|x| x.1.as_str())
    }
}

pub(super) fn decide(facts: &SpecFacts, layout: &Layout) -> Names {
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
    let prefix = if facts.declared {
        Vec::new()
    } else {
        feature.clone()
    };
    let all: Vec<&String> = facts.entities.iter().collect();
    let stored: Vec<&String> = facts.stored.iter().collect();
    let has_types = !all.is_empty() || !facts.events.is_empty();
    let types_file = has_types.then(|| layout.module_file(&layout.dir(Layer::Types), &feature));
    let entity_types = all
        .iter()
        .map(|e| (e.to_string(), pascal(&entity_words(&prefix, e))))
        .collect();
    let tables = if has_database(facts, layout) {
        stored
            .iter()
            .map(|e| {
                let mut w = entity_words(&prefix, e);
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
            let w: Vec<String> = entity_words(&prefix, e)
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
            let w: Vec<String> = entity_words(&prefix, e)
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
        prefix,
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
