//! UI components.

pub mod banner;
pub mod reopen;
pub mod settings;
