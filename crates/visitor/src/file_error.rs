//! The error every maintainer-edited file gives: which file, which field, what is wrong.

use thiserror::Error;

/// Why a configuration or policy file is unusable.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FileError {
    /// The file does not parse as the expected shape.
    #[error("{file}: {message}")]
    Syntax {
        /// File that failed.
        file: String,
        /// Parser message with line and column.
        message: String,
    },
    /// A field holds a value the rules forbid.
    #[error("{file}: field `{field}`: {problem}")]
    Invalid {
        /// File that failed.
        file: String,
        /// Path of the offending field, e.g. `categories[1].id`.
        field: String,
        /// What is wrong.
        problem: String,
    },
}
