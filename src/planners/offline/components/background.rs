//! Drafts for background work: the queue, the job, and the event dispatcher.
use super::*;

impl Builder<'_> {
    pub(super) fn queue_setup(&mut self) {
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

    pub(super) fn queue_phrase(&self, queue: &str) -> String {
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

    pub(super) fn job(&mut self) {
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
            if let Some(t) = f.techs.iter().find(|t| {
                crate::planners::offline::tech::names(&text, t) && d.title.contains(t.name)
            }) {
                let by: Vec<RequirementId> = ids(all
                    .iter()
                    .copied()
                    .filter(|r| crate::planners::offline::tech::names(&r.text, t)));
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
            unit: crate::planners::offline::text::split_ident(&module),
            check: (!checks.is_empty()).then(|| checks.join("; ")),
        });
    }

    pub(super) fn dispatcher(&mut self) {
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
        let target = registered.map(|e| plural(&entity_words(&self.names.prefix, e).join(" ")));
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
}
