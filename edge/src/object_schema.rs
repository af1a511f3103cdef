//! Durable Object schemas, migrated the way D1's are: numbered migrations, each applied once
//! and in order, the object's own SQLite database recording each one it has had in a table
//! (`schema_migrations`, as D1 keeps `d1_migrations`: `PRAGMA user_version`, tried first,
//! failed in the runtime's Durable Object storage). An object starts at the version its data
//! was written under and is brought to the newest before it serves anything.
//!
//! Objects made before migrations existed are at version 0 with their tables already there;
//! each object's first migration is therefore its schema as it stood then, stated so that it
//! creates only the tables missing and adds only the columns a table lacks.

use crate::http::error::ApiError;

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

/// Apply one step.
pub(crate) fn apply(db: &impl Database, step: &Step) -> Result<(), ApiError> {
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

/// SQLite for the native tests of every object's migrations: the same engine as a Durable
/// Object's storage.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod testing {
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

    pub(crate) fn database() -> Connection {
        Connection::open_in_memory().expect("an in-memory database")
    }

    /// Every table with its columns, in order.
    pub(crate) fn shape(db: &Connection) -> Vec<(String, Vec<String>)> {
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
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::testing::database;
    use super::*;

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
}
