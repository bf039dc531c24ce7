//! The map's pure parts, free of any browser API so they are tested natively:
//! [`projection`] (Web Mercator), [`viewport`] (pan, zoom about a point, clamp, fit),
//! [`gesture`] (pointer, wheel and keyboard input as a state machine), [`pick`] (which painted
//! marker or region a click lands on), [`cluster`] (crowded markers drawn as one, with their
//! count), [`decimal`] (numbers for SVG without float formatting), [`math`] (the
//! transcendental functions, the browser's own in wasm),
//! [`Basemap`], the draw-ready shapes the build prepares for the app (`map.json`, `detail.json`,
//! `world.json`), and (feature `external-layer`) `tiles`, the author's optional raster layer.

pub mod cluster;
pub mod decimal;
pub mod gesture;
pub mod math;
pub mod paths;
pub mod pick;
pub mod projection;
#[cfg(feature = "external-layer")]
pub mod tiles;
pub mod viewport;

use geo_types::Geometry;
use serde::{Deserialize, Serialize};

/// The zoom from which the map draws its detail (the build's `detail.json`): the coast and
/// borders at full resolution, and towns. Jufra's neighbours, Hun, Waddan and Sokna, lie 15–20 km
/// apart: their labels start to fit from here, and all of them by zoom 9.
pub const DETAIL_FROM_ZOOM: f64 = 6.0;

/// A named point of the basemap, in world coordinates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Label {
    pub name_en: String,
    pub name_ar: String,
    pub x: f64,
    pub y: f64,
}

/// The basemap as SVG path data in world coordinates, one path per layer. Its land and borders
/// are simplified for the first views (`map.json`); [`Detail`] holds them whole.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Basemap {
    pub land: String,
    pub borders: String,
    /// Where `land` and `borders` are drawn: the sites' part of the world and the land around
    /// it. Beyond it there is only [`Basemap::far_land`].
    pub covers: Extent,
    pub countries: Vec<Label>,
    pub cities: Vec<Label>,
    /// Not part of `map.json`: the build writes it to `detail.json`, which the app fetches once
    /// the reader zooms in to [`DETAIL_FROM_ZOOM`].
    #[serde(skip)]
    pub detail: Detail,
    /// The whole world's land: `land`, and beyond `covers` the rest, coarser. Not part of
    /// `map.json`: the build writes it to `world.json`, which the app fetches once a view
    /// reaches beyond `covers`, and draws instead of `land`.
    #[serde(skip)]
    pub far_land: String,
}

/// A box in world coordinates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Extent {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Extent {
    /// The box between two corners given in longitude and latitude.
    pub fn between(south_west: projection::LonLat, north_east: projection::LonLat) -> Self {
        let (bottom_left, top_right) = (south_west.project(), north_east.project());
        Self {
            left: bottom_left.x,
            top: top_right.y,
            right: top_right.x,
            bottom: bottom_left.y,
        }
    }

    /// The box with its sides rounded to a ten-thousandth of a world unit (under half a pixel at
    /// zoom 12), as the build ships it.
    #[must_use]
    pub fn rounded(self) -> Self {
        let round = |v: f64| (v * 1e4).round() / 1e4;
        Self {
            left: round(self.left),
            top: round(self.top),
            right: round(self.right),
            bottom: round(self.bottom),
        }
    }

    /// Whether all that `view` shows lies inside the box.
    pub fn holds(&self, view: &viewport::Viewport) -> bool {
        let top_left = view.to_world(viewport::Screen { x: 0.0, y: 0.0 });
        let bottom_right = view.to_world(viewport::Screen {
            x: view.width,
            y: view.height,
        });
        top_left.x >= self.left
            && top_left.y >= self.top
            && bottom_right.x <= self.right
            && bottom_right.y <= self.bottom
    }
}

/// What the map adds when zoomed in: the land and borders at the basemap's full resolution, and
/// the towns, most populous first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Detail {
    pub land: String,
    pub borders: String,
    pub towns: Vec<Label>,
}

/// The bounding box `[west, south, east, north]` of points and polygon outlines.
pub fn bounds<'a>(geometries: impl IntoIterator<Item = &'a Geometry<f64>>) -> Option<[f64; 4]> {
    let mut coords = Vec::new();
    for geometry in geometries {
        match geometry {
            Geometry::Point(point) => coords.push(point.0),
            Geometry::Polygon(polygon) => coords.extend(polygon.exterior().coords().copied()),
            Geometry::MultiPolygon(polygons) => {
                coords.extend(polygons.iter().flat_map(|p| p.exterior().coords().copied()));
            }
            _ => {}
        }
    }
    let first = coords.first()?;
    Some(
        coords
            .iter()
            .fold([first.x, first.y, first.x, first.y], |[w, s, e, n], c| {
                [w.min(c.x), s.min(c.y), e.max(c.x), n.max(c.y)]
            }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_cover_points_and_outlines() {
        let point = Geometry::Point(geo_types::Point::new(16.0, 29.2));
        let rect = Geometry::Polygon(geo_types::Rect::new((9.3, 19.5), (25.2, 33.2)).to_polygon());
        assert_eq!(bounds([&point, &rect]), Some([9.3, 19.5, 25.2, 33.2]));
        assert_eq!(bounds([&point]), Some([16.0, 29.2, 16.0, 29.2]));
        assert_eq!(bounds(std::iter::empty()), None);
    }
}
