//! The crate's one error type.

use std::path::PathBuf;

/// Everything that can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A line of the gazetteer file is not what `cargo xtask gazetteer` writes.
    #[error("{file}:{line}: {problem}\n  = help: regenerate it with `cargo xtask gazetteer`")]
    Gazetteer {
        file: String,
        line: usize,
        problem: String,
    },
    /// An article that cannot be added, and why.
    #[error("{path}: {problem}\n  = help: {help}")]
    Article {
        path: PathBuf,
        problem: String,
        help: String,
    },
}
