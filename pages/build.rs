//! Bundles the notices in `policies/` for the Worker as JSON: the same fields the owners write
//! in TOML, so the Worker parses them with the JSON parser it has anyway and carries no TOML
//! parser (its upload has a size budget). Validation still happens when they are read.

use std::{env, fs, path::Path};

/// The notices compiled into the pages, in the order they are listed.
const FILES: [&str; 6] = [
    "intygstjansten.sv.toml",
    "intygstjansten.en.toml",
    "hudkliniken.sv.toml",
    "hudkliniken.en.toml",
    "incident-2026-10.sv.toml",
    "incident-2026-10.en.toml",
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut list = String::from("&[\n");
    for file in FILES {
        let path = root.join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // A syntax error fails the build here, naming the file; field rules are checked when
        // the library is read (and by `samtycke-check` and the tests before that).
        let table: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("policies/{file}: {e}"));
        let json_name = file.replace(".toml", ".json");
        let json = serde_json::to_string(&table).expect("TOML values are JSON values");
        fs::write(Path::new(&out).join(&json_name), json).expect("OUT_DIR is writable");
        list.push_str(&format!(
            "    (\"policies/{file}\", include_str!(concat!(env!(\"OUT_DIR\"), \"/{json_name}\"))),\n"
        ));
    }
    list.push(']');
    fs::write(Path::new(&out).join("bundled.rs"), list).expect("OUT_DIR is writable");
}
