//! Kharita's authoring tools: from a new article to draft claims.
//!
//! - [`fold`] and [`words`]: the Arabic-aware folding names are matched in, word by word.
//! - [`mentions`]: the sites an article mentions (`kharita mentions`), and the places shaped like
//!   an installation that are no site yet, with suggestions from the [`gazetteer`].
//! - [`translit`]: consonant skeletons that match Arabic names to Latin ones.
//! - [`draft`]: adding an article and writing its metadata with draft claims (`kharita add`).

pub mod draft;
mod error;
pub mod fold;
pub mod gazetteer;
pub mod mentions;
pub mod translit;
pub mod words;

pub use error::Error;
pub use gazetteer::{Gazetteer, Suggestion};
pub use mentions::{Finder, Match, Mention};
