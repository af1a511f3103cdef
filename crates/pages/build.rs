//! Bundles the notices in `policies/`: validated here (an invalid notice fails the build,
//! naming file and field), listed for the pages (`render-static` renders them), and as a table
//! of their versions, so the Worker knows each notice's version without parsing any notice:
//! it serves the pages rendered at build time, and its upload has a size budget.

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
    // `policies/`, or the directory `SAMTYCKE_POLICIES` names (as samtycke-deployment's build reads it).
    println!("cargo::rerun-if-env-changed=SAMTYCKE_POLICIES");
    let root = env::var_os("SAMTYCKE_POLICIES").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies"),
        std::path::PathBuf::from,
    );
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut list = String::from("&[\n");
    let mut versions = String::from("&[\n");
    for file in FILES {
        let path = root.join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = format!("policies/{file}");
        let (kind, slug, language, version) = if samtycke_policy::is_breach_file(file) {
            let doc = samtycke_policy::BreachNotice::parse(&name, &text)
                .unwrap_or_else(|e| panic!("{e}"));
            ("incident", doc.slug.clone(), doc.language, doc.version())
        } else {
            let doc = samtycke_policy::PolicyDocument::parse(&name, &text)
                .unwrap_or_else(|e| panic!("{e}"));
            ("integritet", doc.slug.clone(), doc.language, doc.version())
        };
        versions.push_str(&format!(
            "    (\"{kind}\", \"{slug}\", \"{language}\", \"{version}\"),\n"
        ));
        list.push_str(&format!(
            "    (\"{name}\", include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    list.push(']');
    versions.push(']');
    fs::write(Path::new(&out).join("bundled.rs"), list).expect("OUT_DIR is writable");
    fs::write(Path::new(&out).join("versions.rs"), versions).expect("OUT_DIR is writable");
}
