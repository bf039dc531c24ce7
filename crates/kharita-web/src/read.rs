//! Reading what the app fetches. The browser's own JSON parser (`JSON.parse`) builds the tree
//! and the functions here walk it into the model's types, by hand: serde's derived readers for
//! these types, with serde-wasm-bindgen, were about 43 KB of the shipped wasm, more than any one
//! view of the app.
//!
//! They read what `kharita_core` writes: [`atlas`] the FeatureCollection of `kharita export`
//! (which the CLI and native code read back with `Atlas::from_geojson`), [`map_data`] the build's
//! `map.json`, [`changes`] a `versions/<version>.json`. The walk is generic over [`Tree`], so the
//! tests below run it natively on `serde_json` values of what `kharita_core` serialises and
//! check that it reads back the same values serde does.

use std::collections::BTreeMap;
use std::fmt;

use geo_types::{Coord, Geometry, LineString, Point, Polygon};
use kharita_core::date::DateSpan;
use kharita_core::model::{
    Actor, Atlas, Basis, Claim, Dating, Outlet, Precision, Selector, Side, Site, SiteKind, Source,
    Stance, Target, Topic,
};
use kharita_core::version::{Change, ChangeKind};
use kharita_map::{Basemap, Label, MapData};
use wasm_bindgen::{JsCast, JsValue};

use crate::present::SiteFacts;

/// The atlas from `atlas.geojson`, claims in reading order, each once; each site's facts, in the
/// order of the atlas's sites; and its data version.
pub(crate) fn atlas(text: &str) -> Result<(Atlas, Vec<SiteFacts>, Option<String>), String> {
    atlas_from(&parse(text)?).map_err(|problem| problem.to_string())
}

/// The basemap and region outlines from `map.json`.
pub(crate) fn map_data(text: &str) -> Result<MapData, String> {
    map_data_from(&parse(text)?).map_err(|problem| problem.to_string())
}

/// What changed since a version, from its `versions/<version>.json`.
pub(crate) fn changes(text: &str) -> Result<Vec<Change>, String> {
    list_of(&parse(text)?, change).map_err(|problem| problem.to_string())
}

fn parse(text: &str) -> Result<JsValue, String> {
    js_sys::JSON::parse(text).map_err(|error| crate::js_error(&error))
}

/// A parsed JSON document, as far as reading it needs.
pub(crate) trait Tree: Sized {
    fn kind(&self) -> Kind;
    /// The member `key` of an object; `None` when it is absent or null, as serde reads an
    /// `Option`, or when this is not an object.
    fn member(&self, key: &str) -> Option<Self>;
    /// An object's members, in order; `None` when this is not an object.
    fn members(&self) -> Option<Vec<(String, Self)>>;
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

impl Tree for JsValue {
    fn kind(&self) -> Kind {
        if self.is_null() || self.is_undefined() {
            Kind::Null
        } else if self.as_bool().is_some() {
            Kind::Boolean
        } else if self.as_f64().is_some() {
            Kind::Number
        } else if self.is_string() {
            Kind::String
        } else if js_sys::Array::is_array(self) {
            Kind::Array
        } else {
            Kind::Object
        }
    }

    fn member(&self, key: &str) -> Option<Self> {
        if self.kind() != Kind::Object {
            return None;
        }
        let value = js_sys::Reflect::get(self, &JsValue::from_str(key)).ok()?;
        (!value.is_null() && !value.is_undefined()).then_some(value)
    }

    fn members(&self) -> Option<Vec<(String, Self)>> {
        if self.kind() != Kind::Object {
            return None;
        }
        let entries = js_sys::Object::entries(self.unchecked_ref());
        Some(
            entries
                .iter()
                .map(|entry| {
                    let entry: js_sys::Array = entry.unchecked_into();
                    (entry.get(0).as_string().unwrap_or_default(), entry.get(1))
                })
                .collect(),
        )
    }

    fn items(&self) -> Option<Vec<Self>> {
        js_sys::Array::is_array(self).then(|| js_sys::Array::from(self).to_vec())
    }

    fn text(&self) -> Option<String> {
        self.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
}

/// What is wrong with a document, and where in it: `features[2].properties.kind: …`.
#[derive(Debug, PartialEq)]
pub(crate) struct Problem {
    /// The steps from the document's root, innermost first (each caller adds its own on the
    /// way out): `.kind`, `[2]`.
    path: Vec<String>,
    message: String,
}

impl Problem {
    fn new(message: String) -> Self {
        Self {
            path: Vec::new(),
            message,
        }
    }

    fn expected(what: &str, found: &impl Tree) -> Self {
        Self::new(format!(
            "expected {what}, found {}",
            found.kind().described()
        ))
    }

    fn at(mut self, step: String) -> Self {
        self.path.push(step);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path: String = self.path.iter().rev().map(String::as_str).collect();
        match path.strip_prefix('.').unwrap_or(&path) {
            "" => f.write_str(&self.message),
            path => write!(f, "{path}: {}", self.message),
        }
    }
}

type Read<T> = Result<T, Problem>;

/// One JSON object, read member by member.
struct Object<'a, V>(&'a V);

fn object<V: Tree>(value: &V) -> Read<Object<'_, V>> {
    match value.kind() {
        Kind::Object => Ok(Object(value)),
        _ => Err(Problem::expected("an object", value)),
    }
}

// The readers below are many and small; kept out of line (and the error paths cold), they are
// called rather than copied into every field of every type, which halves their code.
impl<V: Tree> Object<'_, V> {
    /// The member `key`, which must be there.
    #[inline(never)]
    fn present(&self, key: &str) -> Read<V> {
        self.0.member(key).ok_or_else(|| missing(key))
    }

    /// The member `key` read by `read`, which must be there.
    fn required<T>(&self, key: &str, read: fn(&V) -> Read<T>) -> Read<T> {
        read(&self.present(key)?).map_err(|problem| in_member(problem, key))
    }

    /// The member `key` read by `read`, or `None` when absent or null.
    fn optional<T>(&self, key: &str, read: fn(&V) -> Read<T>) -> Read<Option<T>> {
        match self.0.member(key) {
            None => Ok(None),
            Some(value) => read(&value)
                .map(Some)
                .map_err(|problem| in_member(problem, key)),
        }
    }

    #[inline(never)]
    fn string(&self, key: &str) -> Read<String> {
        self.required(key, text)
    }

    #[inline(never)]
    fn optional_string(&self, key: &str) -> Read<Option<String>> {
        self.optional(key, text)
    }

    /// A list the writer leaves out when empty.
    fn list_or_empty<T>(&self, key: &str, read: fn(&V) -> Read<T>) -> Read<Vec<T>> {
        match self.0.member(key) {
            None => Ok(Vec::new()),
            Some(value) => list_of(&value, read).map_err(|problem| in_member(problem, key)),
        }
    }
}

#[cold]
#[inline(never)]
fn missing(key: &str) -> Problem {
    Problem::new(format!("`{key}` is missing"))
}

#[cold]
#[inline(never)]
fn in_member(problem: Problem, key: &str) -> Problem {
    problem.at(format!(".{key}"))
}

#[inline(never)]
fn text<V: Tree>(value: &V) -> Read<String> {
    value
        .text()
        .ok_or_else(|| Problem::expected("a string", value))
}

fn texts<V: Tree>(value: &V) -> Read<Vec<String>> {
    list_of(value, text)
}

fn list_of<V: Tree, T>(value: &V, read: fn(&V) -> Read<T>) -> Read<Vec<T>> {
    let items = value
        .items()
        .ok_or_else(|| Problem::expected("an array", value))?;
    items
        .iter()
        .enumerate()
        .map(|(index, item)| read(item).map_err(|problem| problem.at(format!("[{index}]"))))
        .collect()
}

fn number<V: Tree>(value: &V) -> Read<f64> {
    value
        .number()
        .filter(|number| number.is_finite())
        .ok_or_else(|| Problem::expected("a number", value))
}

/// A length or an offset: a whole number, at least 0.
fn count<V: Tree>(value: &V) -> Read<usize> {
    /// The largest whole number JSON (a double) holds exactly, 2⁵³ − 1.
    const MAX_EXACT: f64 = 9_007_199_254_740_991.0;
    let number = number(value)?;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a whole number from 0 to 2⁵³ − 1 is a u64 exactly"
    )]
    (number.fract() == 0.0 && (0.0..=MAX_EXACT).contains(&number))
        .then(|| usize::try_from(number as u64).ok())
        .flatten()
        .ok_or_else(|| Problem::new("expected a whole number of at least 0".to_owned()))
}

/// One of an enum's codes (its serde name), as `kharita_core::codes!` gives them.
fn code<V: Tree, E: Copy>(value: &V, all: &[E], code: fn(E) -> &'static str) -> Read<E> {
    let text = text(value)?;
    all.iter()
        .copied()
        .find(|&e| code(e) == text)
        .ok_or_else(|| {
            let known: Vec<&str> = all.iter().map(|&e| code(e)).collect();
            Problem::new(format!("`{text}` is not one of {}", known.join(", ")))
        })
}

fn site_kind<V: Tree>(value: &V) -> Read<SiteKind> {
    code(value, SiteKind::ALL, SiteKind::code)
}

fn precision<V: Tree>(value: &V) -> Read<Precision> {
    code(value, Precision::ALL, Precision::code)
}

fn side<V: Tree>(value: &V) -> Read<Side> {
    code(value, Side::ALL, Side::code)
}

fn stance<V: Tree>(value: &V) -> Read<Stance> {
    code(value, Stance::ALL, Stance::code)
}

fn topic<V: Tree>(value: &V) -> Read<Topic> {
    code(value, Topic::ALL, Topic::code)
}

fn basis<V: Tree>(value: &V) -> Read<Basis> {
    code(value, Basis::ALL, Basis::code)
}

fn change_kind<V: Tree>(value: &V) -> Read<ChangeKind> {
    code(value, ChangeKind::ALL, ChangeKind::code)
}

fn date_span<V: Tree>(value: &V) -> Read<DateSpan> {
    text(value)?
        .parse()
        .map_err(|error| Problem::new(format!("{error}")))
}

fn atlas_from<V: Tree>(tree: &V) -> Read<(Atlas, Vec<SiteFacts>, Option<String>)> {
    let collection = object(tree)?;
    let sources = collection.required("sources", |value| list_of(value, source))?;
    let features = collection.required("features", |value| list_of(value, feature))?;
    let data_version = collection.optional_string(kharita_core::version::VERSION_MEMBER)?;
    let facts = features
        .iter()
        .map(|(_, claims)| SiteFacts::of(&claims.iter().collect::<Vec<_>>()))
        .collect();
    Ok((Atlas::from_features(sources, features), facts, data_version))
}

/// A site and the claims about it, from its feature: the id and geometry are the feature's,
/// the rest is in its properties.
fn feature<V: Tree>(value: &V) -> Read<(Site, Vec<Claim>)> {
    let feature = object(value)?;
    let id = feature.string("id")?;
    let geometry = feature.optional("geometry", geometry)?;
    feature
        .required("properties", |properties| {
            let site = site(properties)?;
            let claims = object(properties)?.required("claims", |claims| list_of(claims, claim))?;
            Ok((site, claims))
        })
        .map(|(site, claims)| {
            (
                Site {
                    id,
                    geometry,
                    ..site
                },
                claims,
            )
        })
}

/// A site's properties; its id and geometry are left empty for the feature's.
fn site<V: Tree>(value: &V) -> Read<Site> {
    let site = object(value)?;
    Ok(Site {
        id: String::new(),
        name_en: site.string("name_en")?,
        names_ar: site.required("names_ar", texts)?,
        kind: site.required("kind", site_kind)?,
        country: site.optional_string("country")?,
        precision: site.required("precision", precision)?,
        geometry: None,
        coordinate_source: site.optional_string("coordinate_source")?,
        location_note: site.optional_string("location_note")?,
        note: site.optional_string("note")?,
    })
}

/// The geometries an atlas holds (RFC 7946, WGS 84): points, and region outlines as polygons.
fn geometry<V: Tree>(value: &V) -> Read<Geometry<f64>> {
    let geometry = object(value)?;
    let kind = geometry.string("type")?;
    match kind.as_str() {
        "Point" => Ok(Point(geometry.required("coordinates", position)?).into()),
        "Polygon" => {
            let rings = geometry.required("coordinates", |rings| list_of(rings, ring))?;
            let mut rings = rings.into_iter();
            let exterior = rings.next().unwrap_or_else(|| LineString::new(Vec::new()));
            Ok(Polygon::new(exterior, rings.collect()).into())
        }
        _ => Err(Problem::new(format!(
            "a `{kind}` geometry, where an atlas has only `Point` and `Polygon`"
        ))
        .at(".type".to_owned())),
    }
}

fn ring<V: Tree>(value: &V) -> Read<LineString<f64>> {
    list_of(value, position).map(LineString::new)
}

/// A GeoJSON position: longitude and latitude (an altitude after them is ignored).
fn position<V: Tree>(value: &V) -> Read<Coord<f64>> {
    match list_of(value, number)?[..] {
        [x, y, ..] => Ok(Coord { x, y }),
        _ => Err(Problem::new(
            "expected a position, [longitude, latitude]".to_owned(),
        )),
    }
}

fn claim<V: Tree>(value: &V) -> Read<Claim> {
    let claim = object(value)?;
    let id = claim.string("id")?;
    let read = || {
        Ok(Claim {
            source: claim.string("source")?,
            sites: claim.required("sites", texts)?,
            stance: claim.required("stance", stance)?,
            topic: claim.required("topic", topic)?,
            actors: claim.required("actors", |value| list_of(value, side))?,
            claimant: claim.required("claimant", actor)?,
            via: claim.list_or_empty("via", actor)?,
            summary_en: claim.string("summary_en")?,
            summary_ar: claim.string("summary_ar")?,
            hedge: claim.optional_string("hedge")?,
            said: claim.optional("said", dating)?,
            event: claim.optional("event", dating)?,
            opposes: claim.list_or_empty("opposes", text)?,
            note: claim.optional_string("note")?,
            target: claim.required("target", target)?,
            id: id.clone(),
        })
    };
    // Which claim, when one is wrong: its id says more than its place in the list.
    read().map_err(|problem: Problem| problem.at(format!(" (claim `{id}`)")))
}

fn actor<V: Tree>(value: &V) -> Read<Actor> {
    let actor = object(value)?;
    Ok(Actor {
        id: actor.string("id")?,
        name_en: actor.string("name_en")?,
        name_ar: actor.optional_string("name_ar")?,
        side: actor.required("side", side)?,
    })
}

fn dating<V: Tree>(value: &V) -> Read<Dating> {
    let dating = object(value)?;
    Ok(Dating {
        basis: dating.required("basis", basis)?,
        value: dating.optional("value", date_span)?,
        as_written: dating.optional_string("as_written")?,
        evidence: dating.optional_string("evidence")?,
    })
}

fn target<V: Tree>(value: &V) -> Read<Target> {
    let target = object(value)?;
    Ok(Target {
        source: target.string("source")?,
        selector: target.required("selector", |value| list_of(value, selector))?,
    })
}

/// A W3C Web Annotation selector of the two types the atlas uses.
fn selector<V: Tree>(value: &V) -> Read<Selector> {
    let selector = object(value)?;
    let kind = selector.string("type")?;
    match kind.as_str() {
        "TextQuoteSelector" => Ok(Selector::TextQuoteSelector {
            exact: selector.string("exact")?,
            prefix: selector.string("prefix")?,
            suffix: selector.string("suffix")?,
        }),
        "TextPositionSelector" => Ok(Selector::TextPositionSelector {
            start: selector.required("start", count)?,
            end: selector.required("end", count)?,
        }),
        _ => Err(Problem::new(format!("unknown selector type `{kind}`")).at(".type".to_owned())),
    }
}

fn source<V: Tree>(value: &V) -> Read<Source> {
    let source = object(value)?;
    Ok(Source {
        id: source.string("id")?,
        file: source.string("file")?,
        title: source.optional_string("title")?,
        title_en: source.string("title_en")?,
        language: source.string("language")?,
        outlet: source.required("outlet", outlet)?,
        published: source.required("published", dating)?,
        artefacts: source.list_or_empty("artefacts", text)?,
        length: source.required("length", count)?,
    })
}

fn outlet<V: Tree>(value: &V) -> Read<Outlet> {
    let outlet = object(value)?;
    Ok(Outlet {
        basis: outlet.required("basis", basis)?,
        name: outlet.optional_string("name")?,
        evidence: outlet.optional_string("evidence")?,
    })
}

fn map_data_from<V: Tree>(tree: &V) -> Read<MapData> {
    let data = object(tree)?;
    Ok(MapData {
        basemap: data.required("basemap", basemap)?,
        region_paths: data.required("region_paths", paths_by_id)?,
    })
}

fn basemap<V: Tree>(value: &V) -> Read<Basemap> {
    let basemap = object(value)?;
    Ok(Basemap {
        land: basemap.string("land")?,
        beyond: basemap.string("beyond")?,
        borders: basemap.string("borders")?,
        countries: basemap.required("countries", |value| list_of(value, label))?,
        cities: basemap.required("cities", |value| list_of(value, label))?,
    })
}

fn label<V: Tree>(value: &V) -> Read<Label> {
    let label = object(value)?;
    Ok(Label {
        name_en: label.string("name_en")?,
        name_ar: label.string("name_ar")?,
        x: label.required("x", number)?,
        y: label.required("y", number)?,
    })
}

fn paths_by_id<V: Tree>(value: &V) -> Read<BTreeMap<String, String>> {
    let members = value
        .members()
        .ok_or_else(|| Problem::expected("an object", value))?;
    members
        .into_iter()
        .map(|(id, path)| {
            let path = text(&path).map_err(|problem| problem.at(format!(".{id}")))?;
            Ok((id, path))
        })
        .collect()
}

fn change<V: Tree>(value: &V) -> Read<Change> {
    let change = object(value)?;
    Ok(Change {
        kind: change.required("kind", change_kind)?,
        sites: change.required("sites", texts)?,
        text_en: change.string("text_en")?,
        text_ar: change.string("text_ar")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    impl Tree for Value {
        fn kind(&self) -> Kind {
            match self {
                Value::Null => Kind::Null,
                Value::Bool(_) => Kind::Boolean,
                Value::Number(_) => Kind::Number,
                Value::String(_) => Kind::String,
                Value::Array(_) => Kind::Array,
                Value::Object(_) => Kind::Object,
            }
        }

        fn member(&self, key: &str) -> Option<Self> {
            self.get(key).filter(|value| !value.is_null()).cloned()
        }

        fn members(&self) -> Option<Vec<(String, Self)>> {
            self.as_object()
                .map(|members| members.clone().into_iter().collect())
        }

        fn items(&self) -> Option<Vec<Self>> {
            self.as_array().cloned()
        }

        fn text(&self) -> Option<String> {
            self.as_str().map(str::to_owned)
        }

        fn number(&self) -> Option<f64> {
            self.as_f64()
        }
    }

    fn seed_atlas() -> Atlas {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        kharita_core::load::load(std::path::Path::new(root)).expect("the seed atlas loads")
    }

    /// The seed atlas, with every field the seeds leave out filled in somewhere.
    fn atlas_with_every_field() -> Atlas {
        let mut atlas = seed_atlas();
        let opposed = atlas.claims[1].id.clone();
        let claim = &mut atlas.claims[0];
        claim.via.push(Actor {
            id: "reuters".into(),
            name_en: "Reuters".into(),
            name_ar: Some("رويترز".into()),
            side: Side::Media,
        });
        claim.hedge = Some("ربما".into());
        claim.note = Some("A note.".into());
        claim.opposes.push(opposed);
        atlas.claims[0].said = Some(Dating {
            basis: Basis::Inferred,
            value: Some("2023-09-26/..".parse().unwrap()),
            as_written: Some("أمس".into()),
            evidence: Some("The day before the article's date.".into()),
        });
        let site = &mut atlas.sites[0];
        site.country = Some("LY".into());
        site.coordinate_source = Some("OpenStreetMap way 1".into());
        site.location_note = Some("The runway.".into());
        site.note = Some("A note.".into());
        let source = &mut atlas.sources[0];
        source.title = Some("عنوان".into());
        source.artefacts = vec!["[ad_1]".into()];
        source.outlet.name = Some("An outlet".into());
        atlas
    }

    fn read_atlas(geojson: &str) -> Read<(Atlas, Vec<SiteFacts>, Option<String>)> {
        atlas_from(&serde_json::from_str::<Value>(geojson).unwrap())
    }

    #[test]
    fn atlas_reads_back_what_kharita_export_writes_as_serde_does() {
        for atlas in [seed_atlas(), atlas_with_every_field()] {
            let geojson = atlas.to_geojson();
            let (read, facts, version) = read_atlas(&geojson).unwrap();
            assert_eq!(read, Atlas::from_geojson(&geojson).unwrap());
            assert_eq!(read, atlas);
            assert_eq!(version.as_deref(), Some(&*atlas.data_version()));
            let by_site = atlas.claims_by_site();
            for (site, facts) in atlas.sites.iter().zip(&facts) {
                let claims = by_site.get(site.id.as_str()).cloned().unwrap_or_default();
                assert_eq!(*facts, SiteFacts::of(&claims), "{}", site.id);
            }
        }
        let seeds = seed_atlas();
        assert!(
            seeds
                .sites
                .iter()
                .any(|site| matches!(site.geometry, Some(Geometry::Polygon(_))))
                && seeds.sites.iter().any(|site| site.geometry.is_none()),
            "the seeds have region outlines and unknown locations, which this test reads back"
        );
    }

    #[test]
    fn map_data_and_changes_read_back_what_serde_writes() {
        let label = |name: &str, x, y| Label {
            name_en: name.into(),
            name_ar: "طرابلس".into(),
            x,
            y,
        };
        let data = MapData {
            basemap: Basemap {
                land: "M1 2l3 4z".into(),
                beyond: "M0 0h256v256h-256z".into(),
                borders: "M5 6l7 8".into(),
                countries: vec![label("Libya", 140.25, 105.0)],
                cities: vec![label("Tripoli", 137.5, -0.125), label("Sirte", 0.0, 1e-7)],
            },
            region_paths: [("fezzan".to_owned(), "M1 1l2 2z".to_owned())].into(),
        };
        let json = serde_json::to_value(&data).unwrap();
        assert_eq!(map_data_from(&json).unwrap(), data);

        let changes = vec![Change {
            kind: ChangeKind::Relocated,
            sites: vec!["jufra-air-base".into()],
            text_en: "Jufra Air Base".into(),
            text_ar: "قاعدة الجفرة".into(),
        }];
        let json = serde_json::to_value(&changes).unwrap();
        assert_eq!(list_of(&json, change).unwrap(), changes);
    }

    /// An atlas export with one value replaced, and what reading it says.
    fn problem_with(pointer: &str, replacement: Value) -> String {
        let mut json: Value = serde_json::from_str(&seed_atlas().to_geojson()).unwrap();
        *json
            .pointer_mut(pointer)
            .expect("the pointer names a value") = replacement;
        atlas_from(&json).unwrap_err().to_string()
    }

    #[test]
    fn a_malformed_atlas_is_refused_with_where_and_what() {
        let claim_id = seed_atlas()
            .claims_about("jufra-air-base")
            .next()
            .unwrap()
            .id
            .clone();
        assert_eq!(
            problem_with("/features/0/properties/claims/0/stance", "says".into()),
            format!(
                "features[0].properties.claims[0] (claim `{claim_id}`).stance: \
                 `says` is not one of asserts, denies, hedged, calls-for"
            )
        );
        assert_eq!(
            problem_with("/features/0/properties/kind", Value::Null),
            "features[0].properties: `kind` is missing"
        );
        assert_eq!(
            problem_with(
                "/features/0/geometry/coordinates",
                serde_json::json!([16.0])
            ),
            "features[0].geometry.coordinates: expected a position, [longitude, latitude]"
        );
        assert_eq!(
            problem_with("/features/0/geometry/type", "LineString".into()),
            "features[0].geometry.type: a `LineString` geometry, where an atlas has only \
             `Point` and `Polygon`"
        );
        assert_eq!(
            problem_with("/sources/0/length", (-1).into()),
            "sources[0].length: expected a whole number of at least 0"
        );
        assert_eq!(
            problem_with("/sources/0/published/value", "2024-13".into()),
            format!(
                "sources[0].published.value: {}",
                "2024-13".parse::<DateSpan>().unwrap_err()
            )
        );
        assert_eq!(
            problem_with("/features", serde_json::json!({})),
            "features: expected an array, found an object"
        );
        let selector = "/features/0/properties/claims/0/target/selector/0";
        assert!(
            problem_with(selector, serde_json::json!({"type": "CssSelector"}))
                .ends_with(".target.selector[0].type: unknown selector type `CssSelector`")
        );
    }
}
