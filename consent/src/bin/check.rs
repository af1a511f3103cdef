//! `samtycke-check`: validates the site configuration and policy documents before a deploy,
//! with the same field-naming errors the build uses.
//!
//! ```sh
//! cargo run -p consent --bin samtycke-check -- config/site.json policies/*.toml
//! ```
//! Exit status 0 when every file is valid, 1 otherwise.

use std::process::ExitCode;

use consent::SiteConfig;
use consent::policy::{BreachNotice, PolicyDocument, is_breach_file};

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: samtycke-check config/site.json policies/*.toml");
        return ExitCode::from(2);
    }
    let mut failed = 0;
    for file in &files {
        let result = std::fs::read_to_string(file)
            .map_err(|e| format!("{file}: {e}"))
            .and_then(|text| check(file, &text));
        match result {
            Ok(what) => println!("ok       {file}  ({what})"),
            Err(message) => {
                failed += 1;
                println!("INVALID  {message}");
            }
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        println!("{failed} of {} files invalid", files.len());
        ExitCode::from(1)
    }
}

fn check(file: &str, text: &str) -> Result<String, String> {
    if file.ends_with(".json") {
        let config = SiteConfig::parse(file, text).map_err(|e| e.to_string())?;
        Ok(format!(
            "revision {}, {} categories",
            config.revision,
            config.categories.len()
        ))
    } else if is_breach_file(file) {
        let doc = BreachNotice::parse(file, text).map_err(|e| e.to_string())?;
        Ok(format!("breach notice, version {}", &doc.version()[..19]))
    } else {
        let doc = PolicyDocument::parse(file, text).map_err(|e| e.to_string())?;
        Ok(format!("privacy notice, version {}", &doc.version()[..19]))
    }
}
