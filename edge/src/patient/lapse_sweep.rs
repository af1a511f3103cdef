//! The lapse sweep: after a material change of the privacy notice, consent given under the
//! earlier notice no longer covers processing. A patient who logs in is asked again and their
//! object erases what it held at once; for those who never come back, this job (every ten
//! minutes) visits the objects that `patient_holdings` lists under an earlier revision, and
//! each erases its certificates and statistics rows itself, with a signed erasure entry.

use wasm_bindgen::JsValue;
use worker::Env;

use crate::bindings;
use crate::http::error::ApiError;
use crate::patient::object::Client;

/// The cron that runs the sweep.
pub(crate) const CRON: &str = "*/10 * * * *";

/// Objects visited per run: well inside a run's subrequest budget (each visit is one call;
/// the object's own D1 write is its own).
pub(crate) const PER_RUN: u32 = 500;

#[derive(serde::Deserialize)]
struct Holding {
    subject: String,
}

/// Visit up to [`PER_RUN`] patients whose consent predates the notice in force; how many.
pub(crate) async fn run(env: &Env) -> Result<usize, ApiError> {
    let current = bindings::config()?.policy_revision;
    let due: Vec<Holding> = bindings::db(env)?
        .prepare("SELECT subject FROM patient_holdings WHERE revision < ?1 LIMIT ?2")
        .bind(&[
            JsValue::from(f64::from(current)),
            JsValue::from(f64::from(PER_RUN)),
        ])?
        .all()
        .await?
        .results()?;
    for holding in &due {
        let visited = match Client::system(env, &holding.subject) {
            Ok(client) => client.lapse().await.map(|_| ()),
            Err(e) => Err(e),
        };
        if let Err(e) = visited {
            worker::console_error!("lapse sweep: one patient's object: {e}");
        }
    }
    Ok(due.len())
}
