//! Prints the first-paint banner of Samtycke's own pages (`#samtycke` in `app/index.html`),
//! rendered from the text catalogue and the bundled configuration, so the static banner is
//! never written by hand: `scripts/inline-check.mjs` puts it into the page at build time.

use consent::SiteConfig;
use pages::banner::PageView;

fn main() -> std::process::ExitCode {
    let config = match SiteConfig::bundled() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("static-banner: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let view = PageView {
        config: &config,
        decision: None,
        api: "",
        return_path: "/",
        gpc: false,
    };
    println!("{}", view.static_markup());
    std::process::ExitCode::SUCCESS
}
