//! The app's texts: the one catalogue in `consent::texts`, with the site's own wording laid
//! over the banner's.

use consent::Language;
pub use consent::texts::BannerView;

/// The banner's and dialog's texts for the bundled site in `language`.
pub fn texts(config: &'static consent::SiteConfig, language: Language) -> BannerView<'static> {
    BannerView::new(config, language)
}
