//! Reading what the app fetches through the browser's own JSON parser (`JSON.parse`) and
//! serde-wasm-bindgen, so the wasm carries no JSON parser of its own: it is much smaller.
//!
//! [`atlas`] reads the same FeatureCollection as `kharita_core`'s `Atlas::from_geojson` (which
//! the CLI and native tests use); the browser tests check that every site and claim arrives.

use geo_types::{Geometry, LineString, Point, Polygon};
use kharita_core::model::{Atlas, Claim, Site, Source};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use crate::present::SiteFacts;

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
    sources: Vec<Source>,
    /// The content hash `kharita export` stamps (`kharita_core::version::VERSION_MEMBER`).
    #[serde(default)]
    data_version: Option<String>,
}

#[derive(Deserialize)]
struct Feature {
    id: String,
    #[serde(default)]
    geometry: Option<GeometryRecord>,
    /// Read twice: as the site (which ignores `claims`), then for its claims.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    properties: JsValue,
}

/// The geometries an atlas holds: points and region outlines (RFC 7946, WGS 84).
#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum GeometryRecord {
    Point((f64, f64)),
    Polygon(Vec<Vec<(f64, f64)>>),
}

impl From<GeometryRecord> for Geometry<f64> {
    fn from(record: GeometryRecord) -> Self {
        match record {
            GeometryRecord::Point(at) => Point::from(at).into(),
            GeometryRecord::Polygon(rings) => {
                let mut rings = rings.into_iter().map(LineString::from);
                let exterior = rings.next().unwrap_or_else(|| LineString::new(Vec::new()));
                Polygon::new(exterior, rings.collect()).into()
            }
        }
    }
}

#[derive(Deserialize)]
struct Claims {
    claims: Vec<Claim>,
}

/// Any JSON document the app fetches, as `T`: `map.json` as `kharita_map::MapData`, a
/// `versions/<version>.json` as a list of `kharita_core::version::Change`.
pub(crate) fn json<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| crate::js_error(&e))?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// The atlas from `atlas.geojson`, claims in reading order, each once; each site's facts, in the
/// order of the atlas's sites; and its data version.
pub(crate) fn atlas(text: &str) -> Result<(Atlas, Vec<SiteFacts>, Option<String>), String> {
    let collection: Collection = json(text)?;
    let mut features = Vec::with_capacity(collection.features.len());
    let mut facts = Vec::with_capacity(collection.features.len());
    for feature in collection.features {
        let problem = |e: serde_wasm_bindgen::Error| format!("{}: {e}", feature.id);
        let mut site: Site =
            serde_wasm_bindgen::from_value(feature.properties.clone()).map_err(problem)?;
        let Claims { claims } =
            serde_wasm_bindgen::from_value(feature.properties).map_err(problem)?;
        site.id = feature.id;
        site.geometry = feature.geometry.map(Geometry::from);
        facts.push(SiteFacts::of(&claims.iter().collect::<Vec<_>>()));
        features.push((site, claims));
    }
    Ok((
        Atlas::from_features(collection.sources, features),
        facts,
        collection.data_version,
    ))
}
