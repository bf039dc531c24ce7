//! Reading what the app fetches: [`json`] checks the text and finds its values, and the
//! functions here walk them into the model's types, by hand.
//!
//! Why not the model's serde derives, which `kharita_core` reads the same files with natively:
//! measured on this app built for the browser on stable Rust, serde's readers for the atlas (with
//! `serde-wasm-bindgen`) are 34 KB of the gzipped wasm (with `serde_json`, 44 KB), and the first
//! load of the map would reach 333 KB against its 300 KB ceiling. This reader is about 5 KB.
//! What keeps it in step with the model: the tests in `tests.rs` read, with this reader and with
//! serde, an export of the seed atlas and of a copy that sets every optional field, and name
//! every field of the model's types, so that a new field does not compile there until the test
//! sets it and this reader reads it.
//!
//! They read what `kharita_core` writes ([`crate::data::fetch_json`]):
//! [`atlas`] the FeatureCollection of `kharita export`, or the app's index of it (which the CLI
//! and native code read back with `Atlas::from_geojson`), [`basemap_from`] the build's
//! `map.json`, [`detail_from`] its `detail.json`, [`changes`] a `versions/<version>.json`,
//! [`claim_texts`] a `claim-texts/<n>.json`. The tests run the walk natively on what
//! `kharita_core` serialises, through [`Json`] as the app does, and check that it reads back the
//! same values serde does.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use kharita_core::model::{Actor, Atlas};
use kharita_core::version::Change;
use kharita_map::{Basemap, Detail};

use crate::data::ClaimWords;
use crate::present::SiteFacts;

mod json;
#[cfg(test)]
mod tests;
mod values;

pub(crate) use json::Json;

use values::{atlas_from, basemap, changes_from, claim_texts_from, detail, far_land};

/// The atlas from `atlas.geojson` (or the app's index of it), claims in
/// reading order, each once; each site's facts, in the order of the atlas's sites; and its data
/// version. Never inlined: start-up and the CSV download share one copy of the reader, which
/// inlined into both was 10 KB of wasm more.
#[inline(never)]
pub(crate) fn atlas(json: &Json) -> Result<(Atlas, Vec<SiteFacts>, Option<String>), String> {
    read(&json.root(), atlas_from).map_err(|problem| problem.to_string())
}

/// The basemap from `map.json`.
pub(crate) fn basemap_from(json: &Json) -> Result<Basemap, String> {
    read(&json.root(), basemap).map_err(|problem| problem.to_string())
}

/// What the map adds when zoomed in, from `detail.json`.
pub(crate) fn detail_from(json: &Json) -> Result<Detail, String> {
    read(&json.root(), detail).map_err(|problem| problem.to_string())
}

/// The land of the rest of the world, from `world.json`.
pub(crate) fn far_land_from(json: &Json) -> Result<String, String> {
    read(&json.root(), far_land).map_err(|problem| problem.to_string())
}

/// The words of a file of claims, from its `claim-texts/<n>.json`.
pub(crate) fn claim_texts(json: &Json) -> Result<Vec<ClaimWords>, String> {
    read(&json.root(), claim_texts_from).map_err(|problem| problem.to_string())
}

/// What changed since a version, from its `versions/<version>.json`.
pub(crate) fn changes(json: &Json) -> Result<Vec<Change>, String> {
    read(&json.root(), changes_from).map_err(|problem| problem.to_string())
}

/// A parsed JSON document, as far as reading it needs.
pub(crate) trait Tree: Sized {
    fn null() -> Self;
    fn kind(&self) -> Kind;
    /// The member `key` of an object; `None` when it is absent or null, as serde reads an
    /// `Option`, or when this is not an object.
    fn member(&self, key: &'static str) -> Option<Self>;
    /// An array's items; `None` when this is not an array.
    fn items(&self) -> Option<Vec<Self>>;
    fn text(&self) -> Option<String>;
    fn number(&self) -> Option<f64>;
}

/// The kinds of JSON value, to say what was found instead of what was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    fn described(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Boolean => "a boolean",
            Self::Number => "a number",
            Self::String => "a string",
            Self::Array => "an array",
            Self::Object => "an object",
        }
    }
}

/// What is wrong with a document, and where in it: `features[2].properties.kind: …`.
#[derive(Debug, PartialEq)]
pub(crate) struct Problem {
    /// From the document's root: `.features[2].properties`.
    path: String,
    message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path.strip_prefix('.').unwrap_or(&self.path) {
            "" => f.write_str(&self.message),
            path => write!(f, "{path}: {}", self.message),
        }
    }
}

/// One step into a document.
#[derive(Clone, Copy)]
enum Step {
    Member(&'static str),
    Item(usize),
}

/// Reads one document. A reader never stops early: at a problem it records it (the first one,
/// and where it is) and goes on with a placeholder (an empty string, an enum's first code, 0),
/// and [`read`] then returns the problem instead. So each reader is straight-line code: with an
/// early return at every field, each field needs its own code to drop the fields read before
/// it, and that was half the readers' size.
#[derive(Default)]
struct Reader {
    path: Vec<Step>,
    problem: Option<Problem>,
    /// The claimants and relays read so far, by id (see `values::actor`).
    parties: HashMap<String, Actor>,
}

/// The value `read_value` reads from `tree`, or the first problem it met.
fn read<V: Tree, T>(tree: &V, read_value: fn(&mut Reader, &V) -> T) -> Result<T, Problem> {
    let mut reader = Reader::default();
    let value = read_value(&mut reader, tree);
    reader.problem.map_or(Ok(value), Err)
}

impl Reader {
    #[cold]
    #[inline(never)]
    fn fail(&mut self, message: String) {
        if self.problem.is_some() {
            return;
        }
        let mut path = String::new();
        for step in &self.path {
            match step {
                Step::Member(key) => {
                    path.push('.');
                    path.push_str(key);
                }
                Step::Item(index) => {
                    let _ = write!(path, "[{index}]");
                }
            }
        }
        self.problem = Some(Problem { path, message });
    }

    #[cold]
    fn expected(&mut self, what: &str, found: &impl Tree) {
        self.fail(format!(
            "expected {what}, found {}",
            found.kind().described()
        ));
    }

    /// The member `key` of `object`, read by `read`, which must be there. When it is not, and
    /// `object` is no object at all, that is the problem: every reader of an object reads a
    /// member it must have, so this is where an object's kind is checked.
    fn member<V: Tree, T>(
        &mut self,
        object: &V,
        key: &'static str,
        read: fn(&mut Self, &V) -> T,
    ) -> T {
        let value = object
            .member(key)
            .unwrap_or_else(|| self.missing(object, key));
        self.within(Step::Member(key), &value, read)
    }

    /// Records why `object` has no member `key`, and stands in for it.
    #[cold]
    #[inline(never)]
    fn missing<V: Tree>(&mut self, object: &V, key: &'static str) -> V {
        if object.kind() == Kind::Object {
            self.fail(format!("`{key}` is missing"));
        } else {
            self.expected("an object", object);
        }
        V::null()
    }

    /// The member `key` of `object` read by `read`, or `None` when absent or null.
    fn optional<V: Tree, T>(
        &mut self,
        object: &V,
        key: &'static str,
        read: fn(&mut Self, &V) -> T,
    ) -> Option<T> {
        let value = object.member(key)?;
        Some(self.within(Step::Member(key), &value, read))
    }

    /// A list the writer leaves out when empty.
    fn list_or_empty<V: Tree, T>(
        &mut self,
        object: &V,
        key: &'static str,
        read: fn(&mut Self, &V) -> T,
    ) -> Vec<T> {
        let Some(value) = object.member(key) else {
            return Vec::new();
        };
        self.path.push(Step::Member(key));
        let list = self.list(&value, read);
        self.path.pop();
        list
    }

    fn within<V: Tree, T>(&mut self, step: Step, value: &V, read: fn(&mut Self, &V) -> T) -> T {
        self.path.push(step);
        let read = read(self, value);
        self.path.pop();
        read
    }

    /// An array's items, each read by `read`; after a problem, no more of them.
    fn list<V: Tree, T>(&mut self, value: &V, read: fn(&mut Self, &V) -> T) -> Vec<T> {
        let Some(items) = value.items() else {
            self.expected("an array", value);
            return Vec::new();
        };
        let mut list = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            if self.problem.is_some() {
                break;
            }
            list.push(self.within(Step::Item(index), item, read));
        }
        list
    }

    #[inline(never)]
    fn string<V: Tree>(&mut self, object: &V, key: &'static str) -> String {
        self.member(object, key, Self::text)
    }

    #[inline(never)]
    fn optional_string<V: Tree>(&mut self, object: &V, key: &'static str) -> Option<String> {
        self.optional(object, key, Self::text)
    }

    #[inline(never)]
    fn text<V: Tree>(&mut self, value: &V) -> String {
        value.text().unwrap_or_else(|| {
            self.expected("a string", value);
            String::new()
        })
    }

    fn texts<V: Tree>(&mut self, value: &V) -> Vec<String> {
        self.list(value, Self::text)
    }

    fn number<V: Tree>(&mut self, value: &V) -> f64 {
        value
            .number()
            .filter(|number| number.is_finite())
            .unwrap_or_else(|| {
                self.expected("a number", value);
                0.0
            })
    }

    /// A length or an offset: a whole number, at least 0.
    fn count<V: Tree>(&mut self, value: &V) -> usize {
        /// The largest whole number JSON (a double) holds exactly, 2⁵³ − 1.
        const MAX_EXACT: f64 = 9_007_199_254_740_991.0;
        let number = self.number(value);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a whole number from 0 to 2⁵³ − 1 is a u64 exactly"
        )]
        let count = (number.fract() == 0.0 && (0.0..=MAX_EXACT).contains(&number))
            .then(|| usize::try_from(number as u64).ok())
            .flatten();
        count.unwrap_or_else(|| {
            self.fail("expected a whole number of at least 0".to_owned());
            0
        })
    }

    /// One of an enum's codes (its serde name), as `kharita_core::codes!` gives them.
    fn code<V: Tree, E: Copy>(&mut self, value: &V, all: &[E], code: fn(E) -> &'static str) -> E {
        let text = self.text(value);
        all.iter()
            .copied()
            .find(|&e| code(e) == text)
            .unwrap_or_else(|| {
                let known: Vec<&str> = all.iter().map(|&e| code(e)).collect();
                self.fail(format!("`{text}` is not one of {}", known.join(", ")));
                all[0]
            })
    }
}
