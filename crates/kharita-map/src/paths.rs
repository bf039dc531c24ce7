//! SVG path data for geometries, in world coordinates, and (feature `build`) the conversion of
//! the GeoJSON basemap into a [`Basemap`](crate::Basemap).

use std::fmt::Write;

use geo_types::{Geometry, LineString};

use crate::projection::LonLat;

/// World coordinates are rounded to thousandths: under a pixel up to zoom 8, about 4 px at 12.
const STEPS_PER_UNIT: f64 = 1000.0;

/// Writes a thousandths count as the shortest decimal: `1234` → `1.234`, `-50` → `-.05`.
/// Returns whether it has a decimal point.
fn push_number(d: &mut String, thousandths: i64) -> bool {
    if thousandths < 0 {
        d.push('-');
    }
    let magnitude = thousandths.unsigned_abs();
    let (whole, fraction) = (magnitude / 1000, magnitude % 1000);
    if whole > 0 || fraction == 0 {
        let _ = write!(d, "{whole}");
    }
    if fraction > 0 {
        let digits = format!("{fraction:03}");
        let _ = write!(d, ".{}", digits.trim_end_matches('0'));
    }
    fraction > 0
}

/// Appends one line: an absolute move to its first point, then relative lines. Deltas are taken
/// between rounded points, so rounding never accumulates along the line.
///
/// Written as short as SVG's path grammar allows, as minifiers do: one `l` for all the lines
/// after a move, and a space between two numbers only where the second would otherwise run into
/// the first (`-` starts a number, and so does a second `.`: `.5.25` is .5 then .25).
fn push_line(d: &mut String, line: &LineString<f64>, close: bool) {
    let mut previous: Option<(i64, i64)> = None;
    let mut writer = NumberWriter::default();
    for coord in line.coords() {
        let world = LonLat::new(coord.x, coord.y).project();
        #[allow(clippy::cast_possible_truncation)]
        let point = (
            (world.x * STEPS_PER_UNIT).round() as i64,
            (world.y * STEPS_PER_UNIT).round() as i64,
        );
        let (dx, dy) = match previous {
            None => {
                writer.command(d, 'M');
                point
            }
            Some(p) if p == point => continue,
            Some((px, py)) => {
                if writer.last_command == 'M' {
                    writer.command(d, 'l');
                }
                (point.0 - px, point.1 - py)
            }
        };
        writer.number(d, dx);
        writer.number(d, dy);
        previous = Some(point);
    }
    if close && previous.is_some() {
        d.push('Z');
    }
}

/// Writes path data's commands and numbers with only the separators SVG needs.
#[derive(Default)]
struct NumberWriter {
    last_command: char,
    /// Nothing written since the last command: a number needs no separator.
    after_command: bool,
    /// The last number has a decimal point, so one starting with `.` needs no separator.
    after_point: bool,
}

impl NumberWriter {
    fn command(&mut self, d: &mut String, command: char) {
        d.push(command);
        self.last_command = command;
        self.after_command = true;
    }

    fn number(&mut self, d: &mut String, thousandths: i64) {
        let starts_with_point = (1..1000).contains(&thousandths);
        if !self.after_command && thousandths >= 0 && !(self.after_point && starts_with_point) {
            d.push(' ');
        }
        self.after_point = push_number(d, thousandths);
        self.after_command = false;
    }
}

/// SVG path data for lines and polygons (points and collections draw nothing).
pub fn path_data(geometry: &Geometry<f64>) -> String {
    let mut d = String::new();
    match geometry {
        Geometry::LineString(line) => push_line(&mut d, line, false),
        Geometry::MultiLineString(lines) => {
            for line in lines {
                push_line(&mut d, line, false);
            }
        }
        Geometry::Polygon(polygon) => {
            std::iter::once(polygon.exterior())
                .chain(polygon.interiors())
                .for_each(|l| push_line(&mut d, l, true));
        }
        Geometry::MultiPolygon(polygons) => {
            for polygon in polygons {
                std::iter::once(polygon.exterior())
                    .chain(polygon.interiors())
                    .for_each(|l| push_line(&mut d, l, true));
            }
        }
        _ => {}
    }
    d
}

/// Where the basemap lives, relative to the repository root.
#[cfg(feature = "build")]
pub const BASEMAP_FILE: &str = "assets/basemap.geojson";

/// Why the basemap cannot be made into draw-ready paths.
#[cfg(feature = "build")]
#[derive(Debug, thiserror::Error)]
pub enum BasemapError {
    #[error("cannot read {}", path.display())]
    Read {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("basemap: {0}")]
    GeoJson(#[from] geojson::Error),
    #[error("basemap: a `{layer}` feature has no geometry")]
    NoGeometry { layer: String },
    #[error("basemap: `{layer}` labels must be points")]
    LabelNotPoint { layer: String },
    #[error(
        "basemap: the `far-land` layer needs `land_covers`: the box [west, south, east, north] \
         the `land` layer covers"
    )]
    NoLandCovers,
    #[error("basemap: unknown layer `{0}`")]
    UnknownLayer(String),
}

/// Douglas–Peucker tolerance of the land and borders of the first views, in degrees (about
/// 11 km): under a pixel at the first views' zooms (3 to 4), at most 2.6 px at zoom 5, past
/// which the detail is drawn.
#[cfg(feature = "build")]
const COARSE_TOLERANCE: f64 = 0.1;

/// The first views' points lie on a grid of hundredths of a world unit: a third of a pixel at
/// zoom 5, the closest they are drawn at. Path data of such points needs two decimals, not three.
#[cfg(feature = "build")]
const COARSE_STEPS_PER_UNIT: f64 = 100.0;

/// `geometry` simplified to [`COARSE_TOLERANCE`], its points moved to the grid of
/// [`COARSE_STEPS_PER_UNIT`].
#[cfg(feature = "build")]
fn coarse(geometry: &Geometry<f64>) -> Geometry<f64> {
    use geo::{MapCoords, Simplify};
    let simplified: Geometry<f64> = match geometry {
        Geometry::LineString(line) => line.simplify(COARSE_TOLERANCE).into(),
        Geometry::MultiLineString(lines) => lines.simplify(COARSE_TOLERANCE).into(),
        Geometry::Polygon(polygon) => polygon.simplify(COARSE_TOLERANCE).into(),
        Geometry::MultiPolygon(polygons) => polygons.simplify(COARSE_TOLERANCE).into(),
        other => other.clone(),
    };
    simplified.map_coords(|coord| {
        let world = LonLat::new(coord.x, coord.y).project();
        let snap = |v: f64| (v * COARSE_STEPS_PER_UNIT).round() / COARSE_STEPS_PER_UNIT;
        let snapped = crate::projection::World {
            x: snap(world.x),
            y: snap(world.y),
        }
        .unproject();
        geo_types::Coord {
            x: snapped.lon,
            y: snapped.lat,
        }
    })
}

#[cfg(feature = "build")]
impl crate::Basemap {
    /// Reads and converts the repository's basemap ([`BASEMAP_FILE`] under `root`).
    pub fn read(root: &std::path::Path) -> Result<Self, BasemapError> {
        let path = root.join(BASEMAP_FILE);
        let text =
            std::fs::read_to_string(&path).map_err(|source| BasemapError::Read { path, source })?;
        Self::from_geojson(&text)
    }

    /// Reads `assets/basemap.geojson` (written by `cargo xtask basemap`): features whose `layer`
    /// is `land`, `coast`, `border`, `far-land` (with the box `land` covers), `country`,
    /// `city` or `town`.
    pub fn from_geojson(text: &str) -> Result<Self, BasemapError> {
        let collection: geojson::FeatureCollection = text.parse()?;
        let mut basemap = Self::default();
        for feature in collection.features {
            let property = |name: &str| {
                feature
                    .property(name)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let layer = property("layer");
            let geometry: Geometry<f64> = feature
                .geometry
                .clone()
                .ok_or_else(|| BasemapError::NoGeometry {
                    layer: layer.clone(),
                })?
                .try_into()?;
            let label = |geometry: &Geometry<f64>| match geometry {
                Geometry::Point(point) => {
                    let world = LonLat::new(point.x(), point.y()).project();
                    // A tenth of a thousandth of a world unit: under half a pixel at zoom 12.
                    let round = |v: f64| (v * 1e4).round() / 1e4;
                    Ok(crate::Label {
                        name_en: property("name_en"),
                        name_ar: property("name_ar"),
                        x: round(world.x),
                        y: round(world.y),
                    })
                }
                _ => Err(BasemapError::LabelNotPoint {
                    layer: layer.clone(),
                }),
            };
            match layer.as_str() {
                "land" => {
                    basemap.land.push_str(&path_data(&coarse(&geometry)));
                    basemap.detail.land.push_str(&path_data(&geometry));
                }
                // The land outline is the coast: drawing it once, stroked, halves the shapes shipped.
                "coast" => {}
                "border" => {
                    basemap.borders.push_str(&path_data(&coarse(&geometry)));
                    basemap.detail.borders.push_str(&path_data(&geometry));
                }
                "far-land" => {
                    basemap.far_land.push_str(&path_data(&coarse(&geometry)));
                    let Some(&[west, south, east, north]) = feature
                        .property("land_covers")
                        .and_then(|v| serde_json::from_value::<Vec<f64>>(v.clone()).ok())
                        .as_deref()
                    else {
                        return Err(BasemapError::NoLandCovers);
                    };
                    basemap.covers =
                        crate::Extent::between(LonLat::new(west, south), LonLat::new(east, north))
                            .rounded();
                }
                "country" => basemap.countries.push(label(&geometry)?),
                "city" => basemap.cities.push(label(&geometry)?),
                "town" => basemap.detail.towns.push(label(&geometry)?),
                other => return Err(BasemapError::UnknownLayer(other.to_owned())),
            }
        }
        Ok(basemap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "build")]
    #[test]
    fn the_first_views_points_need_two_decimals() {
        let line: LineString<f64> = vec![(13.187_33, 32.887_43), (20.068_59, 32.114_86)].into();
        let d = path_data(&coarse(&Geometry::LineString(line)));
        let decimals = |number: &str| number.split('.').nth(1).map_or(0, str::len);
        assert!(svg_number_texts(&d).iter().all(|n| decimals(n) <= 2), "{d}");
        let tripoli = LonLat::new(13.187_33, 32.887_43).project();
        let numbers = svg_numbers(&d);
        assert!((numbers[0] - tripoli.x).abs() <= 0.005 && (numbers[1] - tripoli.y).abs() <= 0.005);
    }

    /// The repository's basemap has land under the sites' areas, beyond the detailed box too
    /// (Morocco, Moscow), sea where the sea is, and the rest of the world in `far-land`.
    #[cfg(feature = "build")]
    #[test]
    fn the_basemap_lays_land_under_the_sites_and_around_the_world() {
        use geo::Contains;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let text = std::fs::read_to_string(root.join(BASEMAP_FILE)).unwrap();
        let collection: geojson::FeatureCollection = text.parse().unwrap();
        let layer = |name: &str| -> geo_types::MultiPolygon<f64> {
            let feature = collection
                .features
                .iter()
                .find(|f| f.property("layer").and_then(|v| v.as_str()) == Some(name))
                .unwrap_or_else(|| panic!("no {name} layer"));
            let geometry: Geometry<f64> = feature.geometry.clone().unwrap().try_into().unwrap();
            geometry.try_into().unwrap()
        };
        let (land, far_land) = (layer("land"), layer("far-land"));
        let point = |lat: f64, lon: f64| geo_types::Point::new(lon, lat);
        for (place, lat, lon) in [
            ("Jufra", 29.198, 16.001),
            ("Tobruk", 32.08, 23.96),
            ("Rabat, Morocco", 34.013, -6.833),
            ("Marrakesh, Morocco", 31.63, -8.0),
            ("Moscow", 55.752, 37.618),
            ("Latakia, Syria", 35.52, 35.79),
        ] {
            assert!(land.contains(&point(lat, lon)), "{place} is on land");
        }
        for (place, lat, lon) in [("Gulf of Sirte", 31.5, 18.0), ("Ionian Sea", 36.0, 19.0)] {
            assert!(!land.contains(&point(lat, lon)), "the {place} is sea");
        }
        for (place, lat, lon) in [("New York", 40.71, -74.0), ("Sydney", -33.87, 151.2)] {
            assert!(far_land.contains(&point(lat, lon)), "{place} is far land");
            assert!(
                !land.contains(&point(lat, lon)),
                "{place} is not in map.json's land"
            );
        }
        let basemap = crate::Basemap::from_geojson(&text).unwrap();
        let moscow = crate::viewport::Viewport::new(LonLat::new(37.6, 55.75), 6.0, 800.0, 600.0);
        let americas = crate::viewport::Viewport::new(LonLat::new(-74.0, 40.7), 6.0, 800.0, 600.0);
        assert!(basemap.covers.holds(&moscow));
        assert!(!basemap.covers.holds(&americas));
    }

    #[cfg(feature = "build")]
    #[test]
    fn a_basemap_is_read_by_its_layers() {
        let empty = crate::Basemap::from_geojson(r#"{"type":"FeatureCollection","features":[]}"#);
        assert_eq!(empty.unwrap(), crate::Basemap::default());
        let unknown = crate::Basemap::from_geojson(
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"layer":"roads"},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#,
        );
        assert!(matches!(unknown, Err(BasemapError::UnknownLayer(layer)) if layer == "roads"));
    }

    #[test]
    fn numbers_are_written_short() {
        for (thousandths, text) in [
            (1234, "1.234"),
            (-50, "-.05"),
            (0, "0"),
            (7000, "7"),
            (-1, "-.001"),
        ] {
            let mut d = String::new();
            assert_eq!(push_number(&mut d, thousandths), text.contains('.'));
            assert_eq!(d, text);
        }
    }

    #[test]
    fn polygons_start_absolute_continue_relative_and_close() {
        let ring: LineString<f64> = vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)].into();
        let polygon = geo_types::Polygon::new(ring, Vec::new());
        let d = path_data(&Geometry::Polygon(polygon));
        assert!(d.starts_with("M128 128l7.111 0 0-7."), "{d}");
        assert!(d.ends_with('Z'), "{d}");
    }

    /// The numbers of path data, read as SVG reads them: a number ends at a space or a command,
    /// and at a `-` or a second `.`, which start the next.
    fn svg_numbers(d: &str) -> Vec<f64> {
        svg_number_texts(d)
            .iter()
            .map(|n| n.parse().unwrap())
            .collect()
    }

    /// The numbers of path data as written.
    fn svg_number_texts(d: &str) -> Vec<String> {
        let mut numbers = Vec::new();
        let mut current = String::new();
        for c in d.chars() {
            let starts_next = c == '-' || (c == '.' && current.contains('.'));
            if (c.is_ascii_alphabetic() || c == ' ' || starts_next) && !current.is_empty() {
                numbers.push(std::mem::take(&mut current));
            }
            if c.is_ascii_digit() || c == '.' || c == '-' {
                current.push(c);
            }
        }
        if !current.is_empty() {
            numbers.push(current);
        }
        numbers
    }

    #[test]
    fn numbers_run_together_only_where_svg_reads_them_apart() {
        let mut d = String::new();
        let mut writer = NumberWriter::default();
        writer.command(&mut d, 'M');
        let values: [i32; 10] = [1500, 500, 250, -250, 0, 3000, 20, 7, -7000, 40];
        for value in values {
            writer.number(&mut d, i64::from(value));
        }
        assert_eq!(d, "M1.5.5.25-.25 0 3 .02.007-7 .04");
        let read: Vec<f64> = svg_numbers(&d);
        let written: Vec<f64> = values.iter().map(|&v| f64::from(v) / 1000.0).collect();
        assert_eq!(read, written);
    }

    #[test]
    fn relative_steps_add_up_to_the_projected_end_without_drift() {
        let line: LineString<f64> = (0..500)
            .map(|i| (f64::from(i) * 0.013, f64::from(i) * 0.007))
            .collect::<Vec<_>>()
            .into();
        let d = path_data(&Geometry::LineString(line.clone()));
        let numbers = svg_numbers(&d);
        let (x, y) = numbers
            .chunks(2)
            .fold((0.0, 0.0), |(x, y), pair| (x + pair[0], y + pair[1]));
        let end = line
            .0
            .last()
            .map(|c| LonLat::new(c.x, c.y).project())
            .unwrap();
        assert!(
            (x - end.x).abs() < 0.001 && (y - end.y).abs() < 0.001,
            "{x},{y} vs {end:?}"
        );
    }
}
