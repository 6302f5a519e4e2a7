//! Named technologies the offline rules recognise in a spec or context, and
//! what each one is for. Databases and libraries run inside the system;
//! queues, mail providers and third-party APIs are outside services that can
//! be down, so a plan that relies on them needs a fallback.
use super::text::words;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Database,
    Orm,
    Queue,
    Cache,
    Email,
    Payments,
    Files,
    Sms,
    Chat,
    Auth,
    Search,
    Ai,
}

impl Role {
    /// Can it be unavailable while the system runs, so that the plan needs a fallback?
    pub fn can_be_down(self) -> bool {
        !matches!(self, Role::Database | Role::Orm)
    }
    pub fn what(self) -> &'static str {
        match self {
            Role::Database => "database",
            Role::Orm => "database library",
            Role::Queue => "job queue",
            Role::Cache => "cache",
            Role::Email => "email provider",
            Role::Payments => "payment provider",
            Role::Files => "file storage",
            Role::Sms => "SMS provider",
            Role::Chat => "chat service",
            Role::Auth => "identity provider",
            Role::Search => "search service",
            Role::Ai => "AI service",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tech {
    pub name: &'static str,
    /// Lower-case spellings, each one or more whole words.
    pub spellings: &'static [&'static str],
    pub role: Role,
}

pub const KNOWN: &[Tech] = &[
    Tech {
        name: "PostgreSQL",
        spellings: &["postgresql", "postgres"],
        role: Role::Database,
    },
    Tech {
        name: "MySQL",
        spellings: &["mysql"],
        role: Role::Database,
    },
    Tech {
        name: "SQLite",
        spellings: &["sqlite"],
        role: Role::Database,
    },
    Tech {
        name: "MongoDB",
        spellings: &["mongodb"],
        role: Role::Database,
    },
    Tech {
        name: "DynamoDB",
        spellings: &["dynamodb"],
        role: Role::Database,
    },
    Tech {
        name: "TypeORM",
        spellings: &["typeorm"],
        role: Role::Orm,
    },
    Tech {
        name: "Prisma",
        spellings: &["prisma"],
        role: Role::Orm,
    },
    Tech {
        name: "Sequelize",
        spellings: &["sequelize"],
        role: Role::Orm,
    },
    Tech {
        name: "Django",
        spellings: &["django"],
        role: Role::Orm,
    },
    Tech {
        name: "SQLAlchemy",
        spellings: &["sqlalchemy"],
        role: Role::Orm,
    },
    Tech {
        name: "Diesel",
        spellings: &["diesel"],
        role: Role::Orm,
    },
    Tech {
        name: "sqlx",
        spellings: &["sqlx"],
        role: Role::Orm,
    },
    Tech {
        name: "ActiveRecord",
        spellings: &["activerecord", "active record"],
        role: Role::Orm,
    },
    Tech {
        name: "BullMQ",
        spellings: &["bullmq"],
        role: Role::Queue,
    },
    Tech {
        name: "Sidekiq",
        spellings: &["sidekiq"],
        role: Role::Queue,
    },
    Tech {
        name: "Celery",
        spellings: &["celery"],
        role: Role::Queue,
    },
    Tech {
        name: "RabbitMQ",
        spellings: &["rabbitmq"],
        role: Role::Queue,
    },
    Tech {
        name: "Kafka",
        spellings: &["kafka"],
        role: Role::Queue,
    },
    Tech {
        name: "SQS",
        spellings: &["sqs"],
        role: Role::Queue,
    },
    Tech {
        name: "Redis",
        spellings: &["redis"],
        role: Role::Cache,
    },
    Tech {
        name: "SendGrid",
        spellings: &["sendgrid"],
        role: Role::Email,
    },
    Tech {
        name: "Mailgun",
        spellings: &["mailgun"],
        role: Role::Email,
    },
    Tech {
        name: "Postmark",
        spellings: &["postmark"],
        role: Role::Email,
    },
    Tech {
        name: "Amazon SES",
        spellings: &["ses", "amazon ses"],
        role: Role::Email,
    },
    Tech {
        name: "SMTP",
        spellings: &["smtp"],
        role: Role::Email,
    },
    Tech {
        name: "Stripe",
        spellings: &["stripe"],
        role: Role::Payments,
    },
    Tech {
        name: "PayPal",
        spellings: &["paypal"],
        role: Role::Payments,
    },
    Tech {
        name: "Braintree",
        spellings: &["braintree"],
        role: Role::Payments,
    },
    Tech {
        name: "S3",
        spellings: &["s3", "amazon s3"],
        role: Role::Files,
    },
    Tech {
        name: "Twilio",
        spellings: &["twilio"],
        role: Role::Sms,
    },
    Tech {
        name: "Slack",
        spellings: &["slack"],
        role: Role::Chat,
    },
    Tech {
        name: "Auth0",
        spellings: &["auth0"],
        role: Role::Auth,
    },
    Tech {
        name: "Okta",
        spellings: &["okta"],
        role: Role::Auth,
    },
    Tech {
        name: "Firebase",
        spellings: &["firebase"],
        role: Role::Auth,
    },
    Tech {
        name: "Elasticsearch",
        spellings: &["elasticsearch"],
        role: Role::Search,
    },
    Tech {
        name: "OpenAI",
        spellings: &["openai"],
        role: Role::Ai,
    },
];

/// The known technologies `text` names, in table order.
pub fn named_in(text: &str) -> Vec<&'static Tech> {
    let joined = format!(" {} ", words(text).join(" "));
    KNOWN
        .iter()
        .filter(|t| {
            t.spellings
                .iter()
                .any(|s| joined.contains(&format!(" {s} ")))
        })
        .collect()
}

/// Does `text` name this technology?
pub fn names(text: &str, tech: &Tech) -> bool {
    let joined = format!(" {} ", words(text).join(" "));
    tech.spellings
        .iter()
        .any(|s| joined.contains(&format!(" {s} ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_as_whole_words() {
        let found: Vec<&str> = named_in(
            "Background work runs on BullMQ; email goes through SendGrid. It uses sessions.",
        )
        .iter()
        .map(|t| t.name)
        .collect();
        assert_eq!(found, ["BullMQ", "SendGrid"]);
        assert!(named_in("the uses of this").is_empty());
    }
}
