//! Interface text in Arabic and English: the map's own text, from `kharita_i18n::interface`
//! (the build writes the page's shell from it too), and the names of the model's codes. Data
//! text (names, summaries, quotes) comes from the atlas.

pub use kharita_i18n::interface::{Strings, claim_count, strings};
pub use kharita_i18n::{basis, kind, precision, side, stance, topic};
