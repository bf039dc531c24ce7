//! Kharita's atlas: military installations named in news articles, the attributed claims made
//! about them, and for each claim the exact passage that makes it.
//!
//! - [`model`]: the checked types ([`Atlas`], [`Site`], [`Claim`], [`Source`]).
//! - [`load`] (feature `authoring`): reads the TOML data and checks it against the seed texts.
//! - `area` (feature `authoring`): derives regions from country outlines and the rule each keeps.
//! - [`draft`]: a draft claim as the metadata files write it (`kharita add`, the reader).
//! - [`anchor`]: finds quotes in texts and describes them with W3C Web Annotation selectors.
//! - [`export`]: GeoJSON (RFC 7946), CSV and W3C Web Annotations.
//! - [`publish`]: where the atlas is published and by whom, and the settings file that says so.
//! - [`version`]: data versions (content hashes) and what changed between two.

pub mod anchor;
#[cfg(feature = "authoring")]
mod area;
pub mod date;
pub mod draft;
mod error;
pub mod export;
#[cfg(feature = "authoring")]
pub mod load;
pub mod model;
pub mod publish;
#[cfg(feature = "authoring")]
mod records;
pub mod version;

pub use error::{Diagnostic, Diagnostics, Error};
pub use model::{Actor, Atlas, Claim, Site, Source};
