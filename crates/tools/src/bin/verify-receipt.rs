//! `verify-receipt`: checks signed consent receipts offline against a saved key set.
//!
//! ```sh
//! curl -o keys.json https://example.se/.well-known/samtycke/keys.json   # once, any time
//! cargo run -p samtycke-tools --bin verify-receipt -- receipt.json --keys keys.json
//! ```
//! `RECEIPT` holds one receipt, a JSON array of them, or one per line (NDJSON, as the
//! admin export writes). Parsing is strict: a receipt that names a member twice is invalid,
//! whatever its signature. Exit status: 0 all valid, 1 some invalid, 2 unusable input.

use std::process::ExitCode;

use clap::Parser;

use samtycke_receipts::canonical::parse_strict;
use samtycke_receipts::{KeySet, VerifyError, verify};
use serde_json::Value;

/// Checks signed consent receipts offline against a saved key set.
#[derive(Parser)]
#[command(name = "verify-receipt")]
struct Args {
    /// One receipt, a JSON array of them, or one per line (NDJSON).
    receipts: String,
    /// The key set (`/.well-known/samtycke/keys.json`, saved).
    #[arg(long)]
    keys: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args.receipts, &args.keys) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("verify-receipt: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(receipts_path: &str, keys_path: &str) -> Result<bool, String> {
    let keys_text = read(keys_path)?;
    let keys: KeySet = serde_json::from_str(&keys_text)
        .map_err(|e| format!("{keys_path}: not a key set ({{\"keys\":[…]}}): {e}"))?;
    let text = read(receipts_path)?;
    let documents = parse_documents(&text).map_err(|e| format!("{receipts_path}: {e}"))?;
    if documents.is_empty() {
        return Err(format!("{receipts_path}: no receipts in the file"));
    }

    let mut invalid = 0;
    for document in &documents {
        let id = document
            .as_ref()
            .ok()
            .and_then(|d| d.get("receipt_id"))
            .and_then(Value::as_str)
            .unwrap_or("(no receipt_id)");
        let checked = document
            .as_ref()
            .map_err(|e| VerifyError::NotStrictJson(e.clone()))
            .and_then(|d| verify(d, &keys));
        match checked {
            Ok(kid) => println!("valid    {id}  signed by key {kid}"),
            Err(e) => {
                invalid += 1;
                println!("INVALID  {id}  {e}");
            }
        }
    }
    println!(
        "{} of {} receipts valid",
        documents.len() - invalid,
        documents.len()
    );
    Ok(invalid == 0)
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

/// One object, an array of objects, or one object per line. A document that is JSON but
/// not strict JSON (a member named twice) is kept as an error, to be reported invalid.
fn parse_documents(text: &str) -> Result<Vec<Result<Value, String>>, String> {
    if serde_json::from_str::<Value>(text).is_ok() {
        return Ok(match parse_strict(text) {
            Ok(Value::Array(items)) => items.into_iter().map(Ok).collect(),
            Ok(value) => vec![Ok(value)],
            Err(e) => vec![Err(e.to_string())],
        });
    }
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str::<Value>(line)
                .map_err(|e| format!("line {}: {e}", n + 1))
                .map(|_| parse_strict(line).map_err(|e| e.to_string()))
        })
        .collect()
}
