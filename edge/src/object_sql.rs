//! Reading a Durable Object's own SQLite database: the one row a query answers, typed. Both
//! objects (the patient's and the receipt shards) read single rows this way.

use serde::de::DeserializeOwned;
use worker::{SqlStorage, SqlStorageValue};

use crate::http::error::ApiError;

/// The first row `query` answers with `bindings`, if it answers any.
pub(crate) fn first_row<T: DeserializeOwned>(
    sql: &SqlStorage,
    query: &str,
    bindings: impl Into<Option<Vec<SqlStorageValue>>>,
) -> Result<Option<T>, ApiError> {
    let rows: Vec<T> = sql.exec(query, bindings)?.to_array()?;
    Ok(rows.into_iter().next())
}
