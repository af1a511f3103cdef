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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::object_schema::testing::{database, shape};
    use crate::object_schema::{migrate, version};

    /// A patient object as the first version of the Worker left it: a history without `kind`,
    /// and sends without `subject`, `next_attempt_ms` and `supersedes`.
    const FIRST_PATIENT_OBJECT: &str = "
        CREATE TABLE consent_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, state TEXT NOT NULL,
            at TEXT NOT NULL, receipt TEXT NOT NULL);
        CREATE TABLE logout_floor (id INTEGER PRIMARY KEY CHECK (id = 1), floor_ms INTEGER NOT NULL);
        CREATE TABLE certificates (key TEXT PRIMARY KEY, provider TEXT NOT NULL,
            version INTEGER NOT NULL, issued_at TEXT NOT NULL, content_hash TEXT NOT NULL,
            body TEXT NOT NULL, received_at TEXT NOT NULL);
        CREATE TABLE sends (id TEXT PRIMARY KEY, certificate_key TEXT NOT NULL,
            recipient_id TEXT NOT NULL, recipient_name TEXT NOT NULL, requested_at TEXT NOT NULL,
            status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, delivered_at TEXT,
            reference TEXT, content_hash TEXT NOT NULL, certificate_version INTEGER NOT NULL,
            body TEXT NOT NULL);
        INSERT INTO consent_events (state, at, receipt) VALUES ('given', '2026-01-02T03:04:05Z', '{}');
        INSERT INTO sends (id, certificate_key, recipient_id, recipient_name, requested_at, status,
            content_hash, certificate_version, body)
            VALUES ('s1', 'p~c1', 'forsakringskassan', 'Försäkringskassan', '2026-01-02T03:04:05Z',
            'delivered', 'sha256:00', 1, '');
    ";

    #[test]
    fn a_patient_object_of_the_first_version_opens_under_the_newest_schema_with_its_data() {
        let old = database();
        old.execute_batch(FIRST_PATIENT_OBJECT)
            .expect("the old object");
        let fresh = database();
        let newest = MIGRATIONS.len();
        assert_eq!(migrate(&old, MIGRATIONS).expect("migrates"), newest);
        assert_eq!(migrate(&fresh, MIGRATIONS).expect("creates"), newest);
        assert_eq!(version(&old).expect("version"), newest);
        assert_eq!(
            shape(&old),
            shape(&fresh),
            "the same tables and columns either way"
        );
        let (state, kind): (String, String) = old
            .query_row("SELECT state, kind FROM consent_events", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("the history kept");
        assert_eq!((state.as_str(), kind.as_str()), ("given", "consent"));
        let (status, supersedes): (String, Option<String>) = old
            .query_row(
                "SELECT status, supersedes FROM sends WHERE id = 's1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("the send kept");
        assert_eq!((status.as_str(), supersedes), ("delivered", None));
    }

    #[test]
    fn an_object_made_before_migrations_with_every_column_takes_the_baseline_without_change() {
        let db = database();
        // What the constructor did before migrations: every table, every column, version 0.
        for migration in MIGRATIONS.iter().take(1) {
            for step in migration.steps {
                crate::object_schema::apply(&db, step).expect("the old constructor's statements");
            }
        }
        let before = shape(&db);
        migrate(&db, MIGRATIONS).expect("migrates");
        let after: Vec<_> = shape(&db)
            .into_iter()
            .filter(|(table, _)| table != "schema_migrations")
            .collect();
        assert_eq!(after, before, "nothing added, dropped or renamed");
        assert_eq!(version(&db).expect("version"), MIGRATIONS.len());
    }
}
