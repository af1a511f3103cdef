//! The deployment's own site configuration, `config/site.json`, compiled into the app and the
//! Worker as data, with the material revision of the privacy notice it links to. The rules
//! that read it are `samtycke-visitor`'s; nothing here but the file and its loading.

use std::sync::OnceLock;

use samtycke_visitor::{ConfigError, SiteConfig};

/// The configuration file as compiled in.
pub const SITE_JSON: &str = include_str!("../../../config/site.json");

include!(concat!(env!("OUT_DIR"), "/policy_revision.rs"));

/// The configuration compiled into this build, parsed. It was validated when this crate was
/// built (its build script fails on an invalid file), so an error here means the build itself
/// is broken.
pub fn site_config() -> Result<SiteConfig, ConfigError> {
    let mut config = SiteConfig::read_validated("config/site.json", SITE_JSON)?;
    config.policy_revision = POLICY_MATERIAL_REVISION;
    Ok(config)
}

/// [`site_config`], parsed once per process (browser tab or Worker isolate) and shared.
pub fn shared() -> Result<&'static SiteConfig, ConfigError> {
    static SHARED: OnceLock<SiteConfig> = OnceLock::new();
    if let Some(config) = SHARED.get() {
        return Ok(config);
    }
    let config = site_config()?;
    Ok(SHARED.get_or_init(|| config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_configuration_is_valid_and_knows_its_notice_revision() {
        SiteConfig::parse("config/site.json", SITE_JSON).expect("config/site.json is valid");
        let config = site_config().expect("config/site.json reads");
        assert!(config.policy_revision >= 1, "{}", config.policy_revision);
        assert!(std::ptr::eq(
            shared().expect("valid"),
            shared().expect("valid")
        ));
    }
}
