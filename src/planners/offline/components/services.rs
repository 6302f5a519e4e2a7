//! Drafts for services: the signer, the rules for stored things, clients for
//! outside APIs, and output formatters.
use super::*;

impl Builder<'_> {
    pub(super) fn signer(&mut self) {
        let Some((class, file)) = self.names.signer.clone() else {
            return;
        };
        let reqs: Vec<&Req> = self.facts.with(Trait::Crypto).collect();
        let text: String = reqs
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        // Without a named algorithm there is nothing the signer could be checked against.
        let Some(algo) = algorithm(&text) else {
            return;
        };
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
            unit: crate::planners::offline::text::split_ident(&class),
            check: Some(format!("known body and key give the expected {algo} value, and a changed body gives a different one")),
            covers,
        });
    }

    pub(super) fn rules(&mut self) {
        for (e, class, file) in self.names.services.clone() {
            let reqs: Vec<&Req> = rule_reqs(self.facts, &e).collect();
            let repo = self.names.repo(&e).unwrap_or("the repository").to_string();
            let rules: Vec<String> = reqs
                .iter()
                .map(|r| format!("{} ({})", r.id, shorten(&r.text, 70)))
                .collect();
            let noun = plural(&entity_words(&self.names.prefix, &e).join(" "));
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
                    entity_words(&self.names.prefix, &e).join(" "),
                    code(&repo),
                    rules.join("; ")
                ),
                produces: vec![file, format!("class {class}")],
                covers: ids(reqs),
                unit: crate::planners::offline::text::split_ident(&class),
                check,
            });
        }
    }

    /// A client for each outside service the spec names that the context does not already wrap.
    /// A client for each outside service the spec names. Without a
    /// described system, only for services reached over an API (payments,
    /// email, AI, ...), not for the stores and queues it runs on.
    pub(super) fn clients(&mut self, described: bool) {
        let reached = |r: Role| {
            described
                || matches!(
                    r,
                    Role::Email
                        | Role::Payments
                        | Role::Sms
                        | Role::Chat
                        | Role::Auth
                        | Role::Search
                        | Role::Ai
                )
        };
        for t in self
            .facts
            .techs
            .iter()
            .filter(|t| t.role.can_be_down() && reached(t.role))
        {
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
            let w: Vec<String> = crate::planners::offline::text::words(t.name)
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
                .filter(|r| crate::planners::offline::tech::names(&r.text, t))
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

    /// Output formats (Markdown, JSON, PDF, ...) that reading, exporting or commands ask for.
    pub(super) fn renderers(&mut self) {
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
}
