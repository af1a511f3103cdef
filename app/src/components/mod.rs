//! UI components.

pub mod banner;
