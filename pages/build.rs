//! Bundles the notices in `policies/`: validated here (an invalid notice fails the build,
//! naming file and field), as JSON (the same fields the owners write in TOML), and as a table
//! of their versions, so the Worker knows each notice's version without parsing any notice:
//! it serves them as pages rendered at build time (`render-static`), and its upload has a size
//! budget.

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
    let mut versions = String::from("&[\n");
    for file in FILES {
        let path = root.join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // A syntax error fails the build here, naming the file; field rules are checked when
        // the library is read (and by `samtycke-check` and the tests before that).
        let table: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("policies/{file}: {e}"));
        let name = format!("policies/{file}");
        let (kind, slug, language, version) = if consent::policy::is_breach_file(file) {
            let doc = consent::policy::BreachNotice::parse(&name, &text)
                .unwrap_or_else(|e| panic!("{e}"));
            ("incident", doc.slug.clone(), doc.language, doc.version())
        } else {
            let doc = consent::policy::PolicyDocument::parse(&name, &text)
                .unwrap_or_else(|e| panic!("{e}"));
            ("integritet", doc.slug.clone(), doc.language, doc.version())
        };
        versions.push_str(&format!(
            "    (\"{kind}\", \"{slug}\", \"{language}\", \"{version}\"),\n"
        ));
        let json_name = file.replace(".toml", ".json");
        let json = serde_json::to_string(&table).expect("TOML values are JSON values");
        fs::write(Path::new(&out).join(&json_name), json).expect("OUT_DIR is writable");
        list.push_str(&format!(
            "    (\"policies/{file}\", include_str!(concat!(env!(\"OUT_DIR\"), \"/{json_name}\"))),\n"
        ));
    }
    list.push(']');
    versions.push(']');
    fs::write(Path::new(&out).join("bundled.rs"), list).expect("OUT_DIR is writable");
    fs::write(Path::new(&out).join("versions.rs"), versions).expect("OUT_DIR is writable");
}
