//! Durable Object schemas, migrated the way D1's are: numbered migrations, each applied once
//! and in order, the object's own SQLite database recording each one it has had in a table
//! (`schema_migrations`, as D1 keeps `d1_migrations`: `PRAGMA user_version`, tried first,
//! failed in the runtime's Durable Object storage). An object starts at the version its data
//! was written under and is brought to the newest before it serves anything.
//!
//! Objects made before migrations existed are at version 0 with their tables already there;
//! each object's first migration is therefore its schema as it stood then, stated so that it
//! creates only the tables missing and adds only the columns a table lacks.

use crate::error::ApiError;

/// One numbered migration.
#[derive(Debug)]
pub(crate) struct Migration {
    /// What it does, for the error when it fails (`0002_sends_supersede`).
    pub(crate) name: &'static str,
    /// Its steps, in order.
    pub(crate) steps: &'static [Step],
}

/// One step of a migration.
#[derive(Debug)]
pub(crate) enum Step {
    /// A statement run as it is.
    Sql(&'static str),
    /// A column added to a table unless the table has it already.
    AddColumn {
        /// The table.
        table: &'static str,
        /// The column's name.
        column: &'static str,
        /// Its type and constraints, as `ALTER TABLE … ADD COLUMN` takes them.
        definition: &'static str,
    },
}

/// What a migration needs of a SQLite database: the Durable Object's storage in the Worker,
/// a database file in the native tests.
pub(crate) trait Database {
    /// Run one statement that returns no rows.
    fn execute(&self, statement: &str) -> Result<(), ApiError>;
    /// The number in column `n` of the one row `query` returns.
    fn count(&self, query: &str) -> Result<usize, ApiError>;
    /// The names of `table`'s columns.
    fn columns(&self, table: &str) -> Result<Vec<String>, ApiError>;
}

/// Bring `db` to the newest of `migrations`, applying each one it has not had. Returns the
/// version it is at now.
pub(crate) fn migrate(db: &impl Database, migrations: &[Migration]) -> Result<usize, ApiError> {
    db.execute(LEDGER)?;
    let at = version(db)?;
    if at > migrations.len() {
        return Err(ApiError::Internal(format!(
            "object schema version {at} is newer than this build's {}",
            migrations.len()
        )));
    }
    for (index, migration) in migrations.iter().enumerate().skip(at) {
        for step in migration.steps {
            apply(db, step).map_err(|e| {
                ApiError::Internal(format!("object migration {}: {e}", migration.name))
            })?;
        }
        db.execute(&format!(
            "INSERT INTO schema_migrations (id, name) VALUES ({}, '{}')",
            index + 1,
            migration.name.replace('\'', "")
        ))?;
    }
    Ok(migrations.len())
}

/// The table of migrations applied, one row each.
const LEDGER: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
)";

/// How many migrations `db` has had.
pub(crate) fn version(db: &impl Database) -> Result<usize, ApiError> {
    db.count("SELECT count(*) AS n FROM schema_migrations")
}

fn apply(db: &impl Database, step: &Step) -> Result<(), ApiError> {
    match step {
        Step::Sql(statement) => db.execute(statement),
        Step::AddColumn {
            table,
            column,
            definition,
        } => {
            if db.columns(table)?.iter().any(|c| c == column) {
                return Ok(());
            }
            db.execute(&format!(
                "ALTER TABLE {table} ADD COLUMN {column} {definition}"
            ))
        }
    }
}

/// The SQLite storage of the object `state` belongs to, migrated to the newest of `migrations`.
/// A migration that fails is logged under `object`; the object's requests then fail on the
/// tables they miss, and its next start tries again.
pub(crate) fn open(
    state: &worker::State,
    migrations: &[Migration],
    object: &str,
) -> worker::SqlStorage {
    let sql = state.storage().sql();
    if let Err(e) = migrate(&sql, migrations) {
        worker::console_error!("{object} schema: {e:?}");
    }
    sql
}

/// A Durable Object's SQLite storage.
impl Database for worker::SqlStorage {
    fn execute(&self, statement: &str) -> Result<(), ApiError> {
        self.exec(statement, None)?;
        Ok(())
    }

    fn count(&self, query: &str) -> Result<usize, ApiError> {
        #[derive(serde::Deserialize)]
        struct Row {
            n: i64,
        }
        let rows: Vec<Row> = self.exec(query, None)?.to_array()?;
        Ok(rows
            .first()
            .map_or(0, |r| usize::try_from(r.n).unwrap_or(0)))
    }

    fn columns(&self, table: &str) -> Result<Vec<String>, ApiError> {
        #[derive(serde::Deserialize)]
        struct Column {
            name: String,
        }
        let columns: Vec<Column> = self
            .exec(&format!("PRAGMA table_info({table})"), None)?
            .to_array()?;
        Ok(columns.into_iter().map(|c| c.name).collect())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use rusqlite::Connection;

    /// The same storage engine as a Durable Object's: SQLite.
    impl Database for Connection {
        fn execute(&self, statement: &str) -> Result<(), ApiError> {
            self.execute_batch(statement)
                .map_err(|e| ApiError::Internal(e.to_string()))
        }

        fn count(&self, query: &str) -> Result<usize, ApiError> {
            self.query_row(query, [], |row| row.get::<_, usize>("n"))
                .map_err(|e| ApiError::Internal(e.to_string()))
        }

        fn columns(&self, table: &str) -> Result<Vec<String>, ApiError> {
            let mut statement = self
                .prepare(&format!("PRAGMA table_info({table})"))
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            statement
                .query_map([], |row| row.get::<_, String>("name"))
                .and_then(Iterator::collect)
                .map_err(|e| ApiError::Internal(e.to_string()))
        }
    }

    fn database() -> Connection {
        Connection::open_in_memory().expect("an in-memory database")
    }

    /// Every table with its columns, in order.
    fn shape(db: &Connection) -> Vec<(String, Vec<String>)> {
        let mut statement = db
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .expect("prepares");
        let tables: Vec<String> = statement
            .query_map([], |row| row.get(0))
            .and_then(Iterator::collect)
            .expect("tables");
        tables
            .into_iter()
            .map(|t| {
                let columns = db.columns(&t).expect("columns");
                (t, columns)
            })
            .collect()
    }

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
        let newest = crate::patient::schema::MIGRATIONS.len();
        assert_eq!(
            migrate(&old, crate::patient::schema::MIGRATIONS).expect("migrates"),
            newest
        );
        assert_eq!(
            migrate(&fresh, crate::patient::schema::MIGRATIONS).expect("creates"),
            newest
        );
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
        for migration in crate::patient::schema::MIGRATIONS.iter().take(1) {
            for step in migration.steps {
                apply(&db, step).expect("the old constructor's statements");
            }
        }
        let before = shape(&db);
        migrate(&db, crate::patient::schema::MIGRATIONS).expect("migrates");
        let after: Vec<_> = shape(&db)
            .into_iter()
            .filter(|(table, _)| table != "schema_migrations")
            .collect();
        assert_eq!(after, before, "nothing added, dropped or renamed");
        assert_eq!(
            version(&db).expect("version"),
            crate::patient::schema::MIGRATIONS.len()
        );
    }

    #[test]
    fn a_migration_runs_once_and_a_newer_object_is_not_opened_by_an_older_build() {
        static COUNTED: &[Migration] = &[
            Migration {
                name: "0001_table",
                steps: &[Step::Sql("CREATE TABLE t (a INTEGER)")],
            },
            Migration {
                name: "0002_row",
                steps: &[Step::Sql("INSERT INTO t (a) VALUES (1)")],
            },
        ];
        let db = database();
        assert_eq!(migrate(&db, COUNTED).expect("migrates"), 2);
        assert_eq!(migrate(&db, COUNTED).expect("again"), 2);
        let rows: i64 = db
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .expect("count");
        assert_eq!(rows, 1, "the second run applied nothing");
        match migrate(&db, &COUNTED[..1]) {
            Err(ApiError::Internal(detail)) => assert!(detail.contains("newer"), "{detail}"),
            other => panic!("an older build opened a newer object: {other:?}"),
        }
    }

    #[test]
    fn a_receipt_shard_gets_its_tables_and_keeps_them() {
        let db = database();
        migrate(&db, crate::receipt_shard::MIGRATIONS).expect("creates");
        db.execute_batch(
            "INSERT INTO receipts (receipt_id, subject, issued_at, body) VALUES ('r', 'v_s', 1, '{}')",
        )
        .expect("a receipt");
        migrate(&db, crate::receipt_shard::MIGRATIONS).expect("opens again");
        let n: i64 = db
            .query_row("SELECT count(*) FROM receipts", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 1);
    }
}
