//! The app's texts: the one catalogue in `consent::texts`, shared with the edge's banner.

pub use consent::texts::{Texts, texts};
