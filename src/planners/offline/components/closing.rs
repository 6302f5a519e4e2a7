//! Drafts that close the plan: alert emails, log hygiene, performance
//! checks, one task per requirement nothing else covers, the end-to-end test.
use super::*;

impl Builder<'_> {
    pub(super) fn alerts(&mut self) {
        let reqs: Vec<&Req> = self.facts.with(Trait::Notify).collect();
        if reqs.is_empty() {
            return;
        }
        let text = reqs
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let failure = crate::planners::offline::text::words(&text)
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

    pub(super) fn logging(&mut self) {
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

    pub(super) fn performance(&mut self) {
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
            .and_then(|d| {
                d.produces
                    .iter()
                    .find(|p| crate::planners::offline::text::is_path(p))
            })
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
    pub(super) fn end_to_end(&mut self) {
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
