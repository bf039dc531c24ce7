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

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};

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
    read(&parse(text)?, atlas_from).map_err(|problem| problem.to_string())
}

/// The basemap and region outlines from `map.json`.
pub(crate) fn map_data(text: &str) -> Result<MapData, String> {
    read(&parse(text)?, map_data_from).map_err(|problem| problem.to_string())
}

/// What changed since a version, from its `versions/<version>.json`.
pub(crate) fn changes(text: &str) -> Result<Vec<Change>, String> {
    read(&parse(text)?, changes_from).map_err(|problem| problem.to_string())
}

fn parse(text: &str) -> Result<JsValue, String> {
    js_sys::JSON::parse(text).map_err(|error| crate::js_error(&error))
}

/// A parsed JSON document, as far as reading it needs.
pub(crate) trait Tree: Sized {
    fn null() -> Self;
    fn kind(&self) -> Kind;
    /// The member `key` of an object; `None` when it is absent or null, as serde reads an
    /// `Option`, or when this is not an object.
    fn member(&self, key: &'static str) -> Option<Self>;
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
    fn null() -> Self {
        Self::NULL
    }

    fn kind(&self) -> Kind {
        // Objects first: they are what is asked about most.
        if self.is_object() {
            if js_sys::Array::is_array(self) {
                Kind::Array
            } else {
                Kind::Object
            }
        } else if self.is_null() || self.is_undefined() {
            Kind::Null
        } else if self.as_bool().is_some() {
            Kind::Boolean
        } else if self.as_f64().is_some() {
            Kind::Number
        } else {
            Kind::String
        }
    }

    fn member(&self, key: &'static str) -> Option<Self> {
        thread_local! {
            /// Each member name as a JavaScript string, made once: making one for every lookup
            /// (a copy and a decode) was most of the time reading a large atlas took.
            static KEYS: RefCell<HashMap<(usize, usize), JsValue>> = RefCell::default();
        }
        let key = KEYS.with_borrow_mut(|keys| {
            // Names are `'static` literals: where they are and their length tell them apart.
            keys.entry((key.as_ptr() as usize, key.len()))
                .or_insert_with(|| JsValue::from_str(key))
                .clone()
        });
        // One call into JavaScript per member: `Reflect.get` throws on what is not an object.
        // An array it answers, but a reader asking one has already been told by
        // `Reader::object` that it is no object, and only that first problem is reported.
        let value = js_sys::Reflect::get(self, &key).ok()?;
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

    /// Checks that `value` is an object, whose members the caller then reads.
    fn object<V: Tree>(&mut self, value: &V) {
        if value.kind() != Kind::Object {
            self.expected("an object", value);
        }
    }

    /// The member `key` of `object`, read by `read`, which must be there.
    fn member<V: Tree, T>(
        &mut self,
        object: &V,
        key: &'static str,
        read: fn(&mut Self, &V) -> T,
    ) -> T {
        let value = object.member(key).unwrap_or_else(|| {
            self.fail(format!("`{key}` is missing"));
            V::null()
        });
        self.within(Step::Member(key), &value, read)
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

fn site_kind<V: Tree>(r: &mut Reader, value: &V) -> SiteKind {
    r.code(value, SiteKind::ALL, SiteKind::code)
}

fn precision<V: Tree>(r: &mut Reader, value: &V) -> Precision {
    r.code(value, Precision::ALL, Precision::code)
}

fn side<V: Tree>(r: &mut Reader, value: &V) -> Side {
    r.code(value, Side::ALL, Side::code)
}

fn stance<V: Tree>(r: &mut Reader, value: &V) -> Stance {
    r.code(value, Stance::ALL, Stance::code)
}

fn topic<V: Tree>(r: &mut Reader, value: &V) -> Topic {
    r.code(value, Topic::ALL, Topic::code)
}

fn basis<V: Tree>(r: &mut Reader, value: &V) -> Basis {
    r.code(value, Basis::ALL, Basis::code)
}

fn change_kind<V: Tree>(r: &mut Reader, value: &V) -> ChangeKind {
    r.code(value, ChangeKind::ALL, ChangeKind::code)
}

fn date_span<V: Tree>(r: &mut Reader, value: &V) -> Option<DateSpan> {
    r.text(value)
        .parse()
        .map_err(|error| r.fail(format!("{error}")))
        .ok()
}

type AtlasRead = (Atlas, Vec<SiteFacts>, Option<String>);

fn atlas_from<V: Tree>(r: &mut Reader, tree: &V) -> AtlasRead {
    r.object(tree);
    let sources = r.member(tree, "sources", |r, value| r.list(value, source));
    let features = r.member(tree, "features", |r, value| r.list(value, feature));
    let data_version = r.optional_string(tree, kharita_core::version::VERSION_MEMBER);
    let facts = features
        .iter()
        .map(|(_, claims)| SiteFacts::of(&claims.iter().collect::<Vec<_>>()))
        .collect();
    (Atlas::from_features(sources, features), facts, data_version)
}

/// A site and the claims about it, from its feature: the id and geometry are the feature's,
/// the rest is in its properties.
fn feature<V: Tree>(r: &mut Reader, value: &V) -> (Site, Vec<Claim>) {
    r.object(value);
    let id = r.string(value, "id");
    let geometry = r.optional(value, "geometry", geometry).flatten();
    let (site, claims) = r.member(value, "properties", |r, properties| {
        let site = site(r, properties);
        let claims = r.member(properties, "claims", |r, claims| r.list(claims, claim));
        (site, claims)
    });
    (
        Site {
            id,
            geometry,
            ..site
        },
        claims,
    )
}

/// A site's properties; its id and geometry are left empty for the feature's.
fn site<V: Tree>(r: &mut Reader, value: &V) -> Site {
    r.object(value);
    Site {
        id: String::new(),
        name_en: r.string(value, "name_en"),
        names_ar: r.member(value, "names_ar", Reader::texts),
        kind: r.member(value, "kind", site_kind),
        country: r.optional_string(value, "country"),
        precision: r.member(value, "precision", precision),
        geometry: None,
        coordinate_source: r.optional_string(value, "coordinate_source"),
        location_note: r.optional_string(value, "location_note"),
        note: r.optional_string(value, "note"),
    }
}

/// The geometries an atlas holds (RFC 7946, WGS 84): points, and region outlines as polygons.
fn geometry<V: Tree>(r: &mut Reader, value: &V) -> Option<Geometry<f64>> {
    r.object(value);
    let kind = r.string(value, "type");
    match kind.as_str() {
        "Point" => Some(Point(r.member(value, "coordinates", position)).into()),
        "Polygon" => {
            let rings = r.member(value, "coordinates", |r, rings| r.list(rings, ring));
            let mut rings = rings.into_iter();
            let exterior = rings.next().unwrap_or_else(|| LineString::new(Vec::new()));
            Some(Polygon::new(exterior, rings.collect()).into())
        }
        _ => {
            r.path.push(Step::Member("type"));
            r.fail(format!(
                "a `{kind}` geometry, where an atlas has only `Point` and `Polygon`"
            ));
            r.path.pop();
            None
        }
    }
}

fn ring<V: Tree>(r: &mut Reader, value: &V) -> LineString<f64> {
    LineString::new(r.list(value, position))
}

/// A GeoJSON position: longitude and latitude (an altitude after them is ignored).
fn position<V: Tree>(r: &mut Reader, value: &V) -> Coord<f64> {
    if let [x, y, ..] = r.list(value, Reader::number)[..] {
        return Coord { x, y };
    }
    r.fail("expected a position, [longitude, latitude]".to_owned());
    Coord { x: 0.0, y: 0.0 }
}

fn claim<V: Tree>(r: &mut Reader, value: &V) -> Claim {
    r.object(value);
    let fine = r.problem.is_none();
    let claim = Claim {
        id: r.string(value, "id"),
        source: r.string(value, "source"),
        sites: r.member(value, "sites", Reader::texts),
        stance: r.member(value, "stance", stance),
        topic: r.member(value, "topic", topic),
        actors: r.member(value, "actors", |r, value| r.list(value, side)),
        claimant: r.member(value, "claimant", actor),
        via: r.list_or_empty(value, "via", actor),
        summary_en: r.string(value, "summary_en"),
        summary_ar: r.string(value, "summary_ar"),
        hedge: r.optional_string(value, "hedge"),
        said: r.optional(value, "said", dating),
        event: r.optional(value, "event", dating),
        opposes: r.list_or_empty(value, "opposes", Reader::text),
        note: r.optional_string(value, "note"),
        target: r.member(value, "target", target),
    };
    // Which claim, when one is wrong: its id says more than its place in the list.
    if let Some(problem) = r.problem.as_mut().filter(|_| fine && !claim.id.is_empty()) {
        let _ = write!(problem.message, " (claim `{}`)", claim.id);
    }
    claim
}

fn actor<V: Tree>(r: &mut Reader, value: &V) -> Actor {
    r.object(value);
    Actor {
        id: r.string(value, "id"),
        name_en: r.string(value, "name_en"),
        name_ar: r.optional_string(value, "name_ar"),
        side: r.member(value, "side", side),
    }
}

fn dating<V: Tree>(r: &mut Reader, value: &V) -> Dating {
    r.object(value);
    Dating {
        basis: r.member(value, "basis", basis),
        value: r.optional(value, "value", date_span).flatten(),
        as_written: r.optional_string(value, "as_written"),
        evidence: r.optional_string(value, "evidence"),
    }
}

fn target<V: Tree>(r: &mut Reader, value: &V) -> Target {
    r.object(value);
    Target {
        source: r.string(value, "source"),
        selector: r.member(value, "selector", |r, value| r.list(value, selector)),
    }
}

/// A W3C Web Annotation selector of the two types the atlas uses.
fn selector<V: Tree>(r: &mut Reader, value: &V) -> Selector {
    r.object(value);
    let kind = r.string(value, "type");
    if kind == "TextPositionSelector" {
        return Selector::TextPositionSelector {
            start: r.member(value, "start", Reader::count),
            end: r.member(value, "end", Reader::count),
        };
    }
    if kind != "TextQuoteSelector" {
        r.path.push(Step::Member("type"));
        r.fail(format!("unknown selector type `{kind}`"));
        r.path.pop();
    }
    Selector::TextQuoteSelector {
        exact: r.string(value, "exact"),
        prefix: r.string(value, "prefix"),
        suffix: r.string(value, "suffix"),
    }
}

fn source<V: Tree>(r: &mut Reader, value: &V) -> Source {
    r.object(value);
    Source {
        id: r.string(value, "id"),
        file: r.string(value, "file"),
        title: r.optional_string(value, "title"),
        title_en: r.string(value, "title_en"),
        language: r.string(value, "language"),
        outlet: r.member(value, "outlet", outlet),
        published: r.member(value, "published", dating),
        artefacts: r.list_or_empty(value, "artefacts", Reader::text),
        length: r.member(value, "length", Reader::count),
    }
}

fn outlet<V: Tree>(r: &mut Reader, value: &V) -> Outlet {
    r.object(value);
    Outlet {
        basis: r.member(value, "basis", basis),
        name: r.optional_string(value, "name"),
        evidence: r.optional_string(value, "evidence"),
    }
}

fn map_data_from<V: Tree>(r: &mut Reader, tree: &V) -> MapData {
    r.object(tree);
    MapData {
        basemap: r.member(tree, "basemap", basemap),
        region_paths: r.member(tree, "region_paths", paths_by_id),
    }
}

fn basemap<V: Tree>(r: &mut Reader, value: &V) -> Basemap {
    r.object(value);
    Basemap {
        land: r.string(value, "land"),
        beyond: r.string(value, "beyond"),
        borders: r.string(value, "borders"),
        countries: r.member(value, "countries", |r, value| r.list(value, label)),
        cities: r.member(value, "cities", |r, value| r.list(value, label)),
    }
}

fn label<V: Tree>(r: &mut Reader, value: &V) -> Label {
    r.object(value);
    Label {
        name_en: r.string(value, "name_en"),
        name_ar: r.string(value, "name_ar"),
        x: r.member(value, "x", Reader::number),
        y: r.member(value, "y", Reader::number),
    }
}

fn paths_by_id<V: Tree>(r: &mut Reader, value: &V) -> BTreeMap<String, String> {
    let Some(members) = value.members() else {
        r.expected("an object", value);
        return BTreeMap::new();
    };
    members
        .into_iter()
        .map(|(id, path)| {
            let text = path.text().unwrap_or_else(|| {
                r.fail(format!("expected a string for region `{id}`"));
                String::new()
            });
            (id, text)
        })
        .collect()
}

fn change<V: Tree>(r: &mut Reader, value: &V) -> Change {
    r.object(value);
    Change {
        kind: r.member(value, "kind", change_kind),
        sites: r.member(value, "sites", Reader::texts),
        text_en: r.string(value, "text_en"),
        text_ar: r.string(value, "text_ar"),
    }
}

fn changes_from<V: Tree>(r: &mut Reader, tree: &V) -> Vec<Change> {
    r.list(tree, change)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    impl Tree for Value {
        fn null() -> Self {
            Value::Null
        }

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

        fn member(&self, key: &'static str) -> Option<Self> {
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

    fn read_atlas(geojson: &str) -> Result<AtlasRead, Problem> {
        read(&serde_json::from_str::<Value>(geojson).unwrap(), atlas_from)
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
        assert_eq!(read(&json, map_data_from).unwrap(), data);

        let changes = vec![Change {
            kind: ChangeKind::Relocated,
            sites: vec!["jufra-air-base".into()],
            text_en: "Jufra Air Base".into(),
            text_ar: "قاعدة الجفرة".into(),
        }];
        let json = serde_json::to_value(&changes).unwrap();
        assert_eq!(read(&json, changes_from).unwrap(), changes);
    }

    /// An atlas export with one value replaced, and what reading it says.
    fn problem_with(pointer: &str, replacement: Value) -> String {
        let mut json: Value = serde_json::from_str(&seed_atlas().to_geojson()).unwrap();
        *json
            .pointer_mut(pointer)
            .expect("the pointer names a value") = replacement;
        read(&json, atlas_from).unwrap_err().to_string()
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
                "features[0].properties.claims[0].stance: \
                 `says` is not one of asserts, denies, hedged, calls-for (claim `{claim_id}`)"
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
                .contains(".target.selector[0].type: unknown selector type `CssSelector` (claim `")
        );
    }
}
