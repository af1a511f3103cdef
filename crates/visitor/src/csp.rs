//! Keeps a site's own Content-Security-Policy working when the edge adds the banner: the
//! injected inline pieces' hashes and Samtycke's own path are added to the directives that
//! would otherwise refuse them, and nothing else in the policy changes. A site without a
//! policy gets none imposed.

/// The CSP source that allows exactly this inline script or style: `'sha256-<base64>'`.
pub fn hash_source(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// What the injected banner needs from a page's policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CspNeeds {
    /// `'sha256-…'` sources of the injected inline scripts.
    pub script_hashes: Vec<String>,
    /// `'sha256-…'` sources of the injected inline styles.
    pub style_hashes: Vec<String>,
    /// Samtycke's own routes on the site (`https://www.klinik.se/_samtycke/`): the app's
    /// module and wasm, the receipts API, the no-JavaScript form.
    pub own_path: String,
}

/// `policy` (one header value, possibly several policies joined by `,`) with the banner's
/// needs added.
pub fn extend(policy: &str, needs: &CspNeeds) -> String {
    policy
        .split(',')
        .map(|one| extend_one(one, needs))
        .collect::<Vec<_>>()
        .join(", ")
}

fn extend_one(policy: &str, needs: &CspNeeds) -> String {
    let mut directives: Vec<(String, Vec<String>)> = policy
        .split(';')
        .filter_map(|d| {
            let mut tokens = d.split_ascii_whitespace();
            let name = tokens.next()?.to_ascii_lowercase();
            Some((name, tokens.map(str::to_owned).collect()))
        })
        .collect();
    let default = directives
        .iter()
        .find(|(name, _)| name == "default-src")
        .map(|(_, sources)| sources.clone());
    let own = needs.own_path.clone();
    let mut script = needs.script_hashes.clone();
    script.extend([own.clone(), "'wasm-unsafe-eval'".to_owned()]);
    let mut style = needs.style_hashes.clone();
    style.push(own.clone());
    for (name, additions, falls_back) in [
        ("script-src", script.clone(), true),
        ("script-src-elem", script, false),
        ("style-src", style.clone(), true),
        ("style-src-elem", style, false),
        ("connect-src", vec![own.clone()], true),
        ("form-action", vec![own.clone()], false),
    ] {
        let existing = directives.iter().position(|(n, _)| n == name);
        let index = match (existing, falls_back, &default) {
            (Some(i), _, _) => i,
            // The directive falls back to default-src: start from a copy of it.
            (None, true, Some(sources)) => {
                directives.push((name.to_owned(), sources.clone()));
                directives.len() - 1
            }
            // Unrestricted: nothing to add.
            _ => continue,
        };
        let sources = &mut directives[index].1;
        add_sources(sources, &additions);
    }
    directives
        .into_iter()
        .map(|(name, sources)| {
            if sources.is_empty() {
                name
            } else {
                format!("{name} {}", sources.join(" "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn add_sources(sources: &mut Vec<String>, additions: &[String]) {
    let has = |token: &str| sources.iter().any(|s| s.eq_ignore_ascii_case(token));
    if has("'none'") {
        sources.retain(|s| !s.eq_ignore_ascii_case("'none'"));
    }
    let has = |token: &str| sources.iter().any(|s| s.eq_ignore_ascii_case(token));
    // A hash or nonce switches 'unsafe-inline' off: where the site relies on it (and has no
    // hash or nonce of its own), inline pieces already run, so add no hash.
    let keyed = sources
        .iter()
        .any(|s| s.starts_with("'sha") || s.starts_with("'nonce-"));
    let inline_allowed = has("'unsafe-inline'") && !keyed;
    // 'strict-dynamic' ignores host sources: what a hashed script loads is trusted anyway.
    let strict_dynamic = has("'strict-dynamic'");
    let wildcard = has("*");
    let mut add = Vec::new();
    for token in additions {
        let is_hash = token.starts_with("'sha");
        let is_host = !token.starts_with('\'');
        if (is_hash && inline_allowed)
            || (is_host && (strict_dynamic || wildcard))
            || has(token)
            || add.contains(token)
        {
            continue;
        }
        add.push(token.clone());
    }
    sources.extend(add);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs() -> CspNeeds {
        CspNeeds {
            script_hashes: vec!["'sha256-AAA='".into()],
            style_hashes: vec!["'sha256-BBB='".into()],
            own_path: "https://www.klinik.se/_samtycke/".into(),
        }
    }

    #[test]
    fn hash_source_is_the_base64_sha256_of_the_text() {
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hash_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }

    #[test]
    fn adds_hashes_and_own_path_to_explicit_directives() {
        let out = extend(
            "default-src 'self'; script-src 'self' https://cdn.example; style-src 'self'; form-action 'self'",
            &needs(),
        );
        assert_eq!(
            out,
            "default-src 'self'; \
             script-src 'self' https://cdn.example 'sha256-AAA=' https://www.klinik.se/_samtycke/ 'wasm-unsafe-eval'; \
             style-src 'self' 'sha256-BBB=' https://www.klinik.se/_samtycke/; \
             form-action 'self' https://www.klinik.se/_samtycke/; \
             connect-src 'self' https://www.klinik.se/_samtycke/"
        );
    }

    #[test]
    fn default_src_only_gets_explicit_copies() {
        let out = extend("default-src 'self' data:", &needs());
        assert!(out.starts_with("default-src 'self' data:; script-src 'self' data: 'sha256-AAA='"));
        assert!(out.contains("style-src 'self' data: 'sha256-BBB='"));
        assert!(
            !out.contains("form-action"),
            "form-action does not fall back: {out}"
        );
    }

    #[test]
    fn unsafe_inline_without_hashes_is_not_switched_off() {
        let out = extend("script-src 'self' 'unsafe-inline'", &needs());
        assert_eq!(
            out,
            "script-src 'self' 'unsafe-inline' https://www.klinik.se/_samtycke/ 'wasm-unsafe-eval'"
        );
        let keyed = extend("script-src 'unsafe-inline' 'nonce-xyz'", &needs());
        assert!(keyed.contains("'sha256-AAA='"), "{keyed}");
    }

    #[test]
    fn strict_dynamic_needs_only_the_hash() {
        let out = extend("script-src 'strict-dynamic' 'nonce-abc'", &needs());
        assert_eq!(
            out,
            "script-src 'strict-dynamic' 'nonce-abc' 'sha256-AAA=' 'wasm-unsafe-eval'"
        );
    }

    #[test]
    fn none_is_replaced_and_other_policies_are_kept() {
        let out = extend("style-src 'none', frame-ancestors 'none'", &needs());
        assert_eq!(
            out,
            "style-src 'sha256-BBB=' https://www.klinik.se/_samtycke/, frame-ancestors 'none'"
        );
    }

    #[test]
    fn a_policy_without_fetch_restrictions_is_unchanged() {
        assert_eq!(
            extend(
                "frame-ancestors 'self'; upgrade-insecure-requests",
                &needs()
            ),
            "frame-ancestors 'self'; upgrade-insecure-requests"
        );
    }
}
