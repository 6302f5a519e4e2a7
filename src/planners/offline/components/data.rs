//! Drafts for the data layers: shared types, the migration, repositories.
use super::*;

impl Builder<'_> {
    pub(super) fn types(&mut self) {
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
                    // A field with a fixed set of values: a status, a kind.
                    let enum_field = [
                        "status", "state", "type", "kind", "role", "level", "mode", "priority",
                        "category", "phase", "outcome",
                    ]
                    .contains(&field.as_str());
                    if !enum_field || e.split_whitespace().last() == Some(field.as_str()) {
                        continue;
                    }
                    let name = pascal(
                        &entity_words(&self.names.prefix, e)
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

    pub(super) fn migration(&mut self) {
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

    pub(super) fn repositories(&mut self) {
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
                    let per: Vec<String> = crate::planners::offline::text::words(per)
                        .into_iter()
                        .take(2)
                        .collect();
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
            let noun = entity_words(&self.names.prefix, &e).join(" ");
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
                unit: crate::planners::offline::text::split_ident(&class),
                check: Some(check),
            });
        }
    }
}
