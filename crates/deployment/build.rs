//! Validates the site configuration, and reads the material revision of the privacy notice it
//! links to, so that a decision made under an older version of it is asked again (compiled in
//! as a const).

use std::{env, fs, path::Path};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let config_path = root.join("config/site.json");
    println!("cargo::rerun-if-changed={}", config_path.display());
    let config = fs::read_to_string(&config_path).unwrap_or_default();
    let url = config
        .split("\"policy_url\"")
        .nth(1)
        .and_then(|rest| rest.split('"').nth(1))
        .unwrap_or_default();
    let slug = url.rsplit('/').next().unwrap_or_default();
    // The notices a build bundles: `policies/`, or the directory `SAMTYCKE_POLICIES` names
    // (an organisation keeping its notices beside its own configuration).
    println!("cargo::rerun-if-env-changed=SAMTYCKE_POLICIES");
    let policies = env::var_os("SAMTYCKE_POLICIES")
        .map_or_else(|| root.join("policies"), std::path::PathBuf::from);
    let mut revisions = Vec::new();
    for lang in ["sv", "en"] {
        let path = policies.join(format!("{slug}.{lang}.toml"));
        println!("cargo::rerun-if-changed={}", path.display());
        if let Ok(text) = fs::read_to_string(&path) {
            let revision = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("material_revision"))
                .and_then(|rest| rest.trim().strip_prefix('='))
                .and_then(|n| n.trim().parse::<u32>().ok());
            match revision {
                Some(n) => revisions.push(n),
                None => panic!("{}: no `material_revision = N` line", path.display()),
            }
        }
    }
    if revisions.windows(2).any(|w| w[0] != w[1]) {
        panic!("policies/{slug}.sv.toml and .en.toml have different material_revision values");
    }
    let revision = revisions.first().copied().unwrap_or(0);
    // The file is validated here, once: the build fails on an invalid configuration, and the
    // app and the Worker read it without validating it again (`SiteConfig::read_validated`).
    if let Err(e) = samtycke_visitor::SiteConfig::parse("config/site.json", &config) {
        panic!("{e}");
    }
    let out = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("policy_revision.rs");
    let code = format!(
        "/// `material_revision` of the privacy notice `config/site.json` links to.\npub const POLICY_MATERIAL_REVISION: u32 = {revision};\n"
    );
    if let Err(e) = fs::write(&out, code) {
        panic!("writing {}: {e}", out.display());
    }
}
