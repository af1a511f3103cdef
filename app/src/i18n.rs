//! The app's texts: the one catalogue in `samtycke_visitor::texts`, with the site's own wording laid
//! over the banner's.

use samtycke_visitor::Language;
pub use samtycke_visitor::texts::BannerView;

/// The banner's and dialog's texts for the bundled site in `language`.
pub fn texts(
    config: &'static samtycke_visitor::SiteConfig,
    language: Language,
) -> BannerView<'static> {
    BannerView::new(config, language)
}
