//! The patient object's tables, as numbered migrations ([`crate::object_schema`]).

use crate::object_schema::{Migration, Step};

/// The patient object's migrations, oldest first. Add a migration at the end; never change one
/// that has shipped.
pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    name: "0001_baseline",
    steps: &[
        // The history: consents, withdrawals, disclosures and erasures, each with its signed
        // receipt.
        Step::Sql(
            "CREATE TABLE IF NOT EXISTS consent_events (
               seq INTEGER PRIMARY KEY AUTOINCREMENT,
               state TEXT NOT NULL,
               at TEXT NOT NULL,
               receipt TEXT NOT NULL
             )",
        ),
        // Entries from before disclosures and erasures existed are consents.
        Step::AddColumn {
            table: "consent_events",
            column: "kind",
            definition: "TEXT NOT NULL DEFAULT 'consent'",
        },
        // Sessions that started at or before `floor_ms` (Unix milliseconds) were logged out.
        Step::Sql(
            "CREATE TABLE IF NOT EXISTS logout_floor (
               id INTEGER PRIMARY KEY CHECK (id = 1),
               floor_ms INTEGER NOT NULL
             )",
        ),
        // Certificates from the providers' systems, while consent is given.
        Step::Sql(
            "CREATE TABLE IF NOT EXISTS certificates (
               key TEXT PRIMARY KEY,
               provider TEXT NOT NULL,
               version INTEGER NOT NULL,
               issued_at TEXT NOT NULL,
               content_hash TEXT NOT NULL,
               body TEXT NOT NULL,
               received_at TEXT NOT NULL
             )",
        ),
        // Sends to recipients. A send's copy of the certificate (`body`) is what the patient
        // confirmed; it is emptied when consent is withdrawn before delivery.
        Step::Sql(
            "CREATE TABLE IF NOT EXISTS sends (
               id TEXT PRIMARY KEY,
               certificate_key TEXT NOT NULL,
               recipient_id TEXT NOT NULL,
               recipient_name TEXT NOT NULL,
               requested_at TEXT NOT NULL,
               status TEXT NOT NULL,
               attempts INTEGER NOT NULL DEFAULT 0,
               delivered_at TEXT,
               reference TEXT,
               content_hash TEXT NOT NULL,
               certificate_version INTEGER NOT NULL,
               body TEXT NOT NULL,
               subject TEXT NOT NULL DEFAULT '',
               next_attempt_ms INTEGER,
               supersedes TEXT
             )",
        ),
        // Columns of sends added after the first version, for tables made before them.
        Step::AddColumn {
            table: "sends",
            column: "subject",
            definition: "TEXT NOT NULL DEFAULT ''",
        },
        Step::AddColumn {
            table: "sends",
            column: "next_attempt_ms",
            definition: "INTEGER",
        },
        // The id of the delivered send of an earlier version this send replaces.
        Step::AddColumn {
            table: "sends",
            column: "supersedes",
            definition: "TEXT",
        },
        // Which providers have sent this patient a certificate, and when last.
        Step::Sql(
            "CREATE TABLE IF NOT EXISTS certificate_sources (
               provider TEXT PRIMARY KEY,
               last_at TEXT NOT NULL
             )",
        ),
        // Whether the patient's contribution to the statistics is still to be written.
        Step::Sql(
            "CREATE TABLE IF NOT EXISTS statistics_sync (
               id INTEGER PRIMARY KEY CHECK (id = 1),
               subject TEXT NOT NULL,
               dirty INTEGER NOT NULL
             )",
        ),
    ],
}];
