//! The map's pure parts, free of any browser API so they are tested natively:
//! [`projection`] (Web Mercator), [`viewport`] (pan, zoom about a point, clamp, fit),
//! [`gesture`] (pointer, wheel and keyboard input as a state machine), and [`MapData`], the
//! draw-ready shapes the build prepares for the app.

pub mod gesture;
pub mod paths;
pub mod projection;
pub mod viewport;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A named point of the basemap, in world coordinates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Label {
    pub name_en: String,
    pub name_ar: String,
    pub x: f64,
    pub y: f64,
}

/// The basemap as SVG path data in world coordinates, one path per layer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Basemap {
    pub land: String,
    /// The world outside the basemap's bounding box, to shade it as not drawn.
    pub beyond: String,
    pub borders: String,
    pub countries: Vec<Label>,
    pub cities: Vec<Label>,
}

/// The shapes the app draws besides the atlas, prepared at build time as SVG paths so the
/// browser does no geometry work. The atlas itself is the `kharita export` GeoJSON.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MapData {
    pub basemap: Basemap,
    /// Outline paths of region sites, by site id.
    pub region_paths: BTreeMap<String, String>,
}
