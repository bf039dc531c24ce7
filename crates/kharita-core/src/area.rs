//! Regions derived from real borders. A region site names the country its area lies in and the
//! rule the data keeps for it ([`AreaRule`]): the whole country, the part south or north of a
//! parallel, a band along the borders with named neighbours, or a band along the coast. The
//! shapes are worked out with `geo`'s boolean operations and buffers from the Natural Earth
//! outlines in `assets/atlas/countries.geojson`, so that no region crosses a border its text does
//! not cross; distances are measured on a local equirectangular projection, which at these
//! latitudes is within a few percent of the ground.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use geo::orient::Direction;
use geo::{
    Area as _, BooleanOps, Buffer, Coord, MapCoords, MultiPolygon, Orient, Polygon, Rect,
    SimplifyVwPreserve, Validation,
};
use geo_types::Geometry;

use crate::load::COUNTRIES_FILE;
use crate::model::{Area, AreaRule};

/// Where the outlines come from, for each derived region's `coordinate_source` (the package and
/// licence are in README's "Basemap: provenance and licence").
const OUTLINES: &str = "Natural Earth 1:10m admin-0";

/// Kilometres in a degree of latitude.
const KM_PER_DEGREE: f64 = 111.32;

/// A whole country's exported outline keeps no detail smaller than this many square degrees
/// (Visvalingam's measure, topology kept): corners cut by up to about 10 km.
const COUNTRY_SIMPLIFICATION: f64 = 0.01;
/// An area cut by a rule is drawn vague, its edge a soft band wider than this simplification
/// (corners cut by up to about 20 km), which keeps the outlines within the first load's budget.
const RULE_SIMPLIFICATION: f64 = 0.04;

/// What is wrong with a region, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) message: String,
    pub(crate) help: String,
}

/// A region's outline and how it was derived, in words; or why it could not be.
type Derived = Result<(Geometry<f64>, String), Problem>;

/// The regions of one load: the country outlines, read when the first region needs them, and
/// each rule's area, worked out once however many sites share it.
#[derive(Debug)]
pub(crate) struct Regions {
    root: PathBuf,
    countries: OnceLock<Result<Countries, Problem>>,
    derived: Mutex<HashMap<String, Derived>>,
}

impl Regions {
    pub(crate) fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            countries: OnceLock::new(),
            derived: Mutex::default(),
        }
    }

    /// The outline of `area` and how it was derived, in words (see [`Countries::derive`]).
    pub(crate) fn derive(&self, area: &Area) -> Derived {
        let key = format!("{area:?}");
        if let Some(done) = self
            .derived
            .lock()
            .ok()
            .and_then(|done| done.get(&key).cloned())
        {
            return done;
        }
        let countries = self
            .countries
            .get_or_init(|| Countries::read(&self.root))
            .as_ref()
            .map_err(Clone::clone)?;
        let result = countries.derive(area);
        if let Ok(mut done) = self.derived.lock() {
            done.insert(key, result.clone());
        }
        result
    }
}

/// Country outlines by ISO 3166-1 alpha-2 code, with their English names.
#[derive(Debug, Default)]
struct Countries {
    outlines: BTreeMap<String, (String, MultiPolygon<f64>)>,
}

impl Countries {
    /// Reads [`COUNTRIES_FILE`] under `root`.
    fn read(root: &Path) -> Result<Self, Problem> {
        let text = std::fs::read_to_string(root.join(COUNTRIES_FILE)).map_err(|error| Problem {
            message: format!("cannot read {COUNTRIES_FILE}: {error}"),
            help: "regions are derived from it: restore it from git, or run `cargo xtask basemap`"
                .to_owned(),
        })?;
        Self::from_geojson(&text)
    }

    /// Reads a FeatureCollection of (multi)polygons with `iso_a2` and `name_en` properties.
    fn from_geojson(text: &str) -> Result<Self, Problem> {
        let unreadable = |what: String| Problem {
            message: format!("{COUNTRIES_FILE} is not a file of country outlines: {what}"),
            help: "restore it from git, or run `cargo xtask basemap`".to_owned(),
        };
        let collection: geojson::FeatureCollection = text
            .parse::<geojson::GeoJson>()
            .map_err(|error| unreadable(error.to_string()))?
            .try_into()
            .map_err(|error: geojson::Error| unreadable(error.to_string()))?;
        let mut outlines = BTreeMap::new();
        for feature in collection.features {
            let text_property = |name: &str| {
                feature
                    .property(name)
                    .and_then(|value| value.as_str())
                    .map(str::to_owned)
                    .ok_or_else(|| unreadable(format!("a country without `{name}`")))
            };
            let (code, name) = (text_property("iso_a2")?, text_property("name_en")?);
            let geometry = feature
                .geometry
                .ok_or_else(|| unreadable(format!("{code} has no outline")))?;
            let outline = match Geometry::<f64>::try_from(geometry) {
                Ok(Geometry::Polygon(polygon)) => MultiPolygon(vec![polygon]),
                Ok(Geometry::MultiPolygon(polygons)) => polygons,
                _ => return Err(unreadable(format!("{code}'s outline is not a polygon"))),
            };
            outlines.insert(code, (name, outline));
        }
        Ok(Self { outlines })
    }

    fn outline(&self, code: &str) -> Result<&(String, MultiPolygon<f64>), Problem> {
        self.outlines.get(code).ok_or_else(|| Problem {
            message: format!("{COUNTRIES_FILE} has no outline of the country `{code}`"),
            help: format!(
                "use an ISO 3166-1 alpha-2 code it holds ({}), or add the country to OUTLINED in \
                 crates/xtask/src/basemap.rs and run `cargo xtask basemap`",
                self.outlines.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        })
    }

    /// The outline of `area`, simplified for export and wound as RFC 7946 asks (outer rings
    /// counterclockwise), and how it was derived, in words.
    fn derive(&self, area: &Area) -> Derived {
        let (name, country) = self.outline(&area.country)?;
        let (shape, how) = match &area.rule {
            AreaRule::Country => (country.clone(), name.clone()),
            AreaRule::SouthOf { latitude } => (
                country.intersection(&latitudes(-90.0, *latitude)),
                format!("{name} south of {latitude}°N"),
            ),
            AreaRule::NorthOf { latitude } => (
                country.intersection(&latitudes(*latitude, 90.0)),
                format!("{name} north of {latitude}°N"),
            ),
            AreaRule::AlongBorders {
                neighbours,
                depth_km,
            } => {
                let mut names = Vec::new();
                let mut neighbouring = MultiPolygon::new(Vec::new());
                for code in neighbours {
                    let (neighbour_name, outline) = self.outline(code)?;
                    names.push(neighbour_name.as_str());
                    neighbouring = neighbouring.union(outline);
                }
                let band = within(&neighbouring, *depth_km, country);
                (
                    country.intersection(&band),
                    format!(
                        "{name} within about {depth_km} km of its borders with {}",
                        list(&names)
                    ),
                )
            }
            AreaRule::AlongCoast { depth_km } => {
                let sea = self.sea_around(country, *depth_km);
                (
                    country.intersection(&within(&sea, *depth_km, country)),
                    format!("{name} within about {depth_km} km of its coast"),
                )
            }
        };
        if shape.unsigned_area() == 0.0 {
            return Err(Problem {
                message: format!("the rule leaves nothing of {name}"),
                help: "check the rule's latitude, neighbours or depth".to_owned(),
            });
        }
        let (tolerance, about) = match area.rule {
            AreaRule::Country => (COUNTRY_SIMPLIFICATION, 10),
            _ => (RULE_SIMPLIFICATION, 20),
        };
        Ok((
            exported(&shape, tolerance),
            format!("{how}, derived from {OUTLINES}, simplified to about {about} km"),
        ))
    }

    /// The sea around `country`: its neighbourhood less every outline this file holds.
    fn sea_around(&self, country: &MultiPolygon<f64>, depth_km: f64) -> MultiPolygon<f64> {
        let margin = 2.0 * depth_km / KM_PER_DEGREE + 1.0;
        let Some(bounds) = geo::BoundingRect::bounding_rect(country) else {
            return MultiPolygon::new(Vec::new());
        };
        let around = Rect::new(
            Coord {
                x: bounds.min().x - margin,
                y: bounds.min().y - margin,
            },
            Coord {
                x: bounds.max().x + margin,
                y: bounds.max().y + margin,
            },
        );
        let mut sea = MultiPolygon(vec![around.to_polygon()]);
        for (_, outline) in self.outlines.values() {
            sea = sea.difference(outline);
        }
        sea
    }
}

/// The band of the globe between two parallels.
fn latitudes(south: f64, north: f64) -> MultiPolygon<f64> {
    let band = Rect::new(
        Coord {
            x: -180.0,
            y: south,
        },
        Coord { x: 180.0, y: north },
    );
    MultiPolygon(vec![band.to_polygon()])
}

/// Everything within `depth_km` of `shape`, measured at the latitude of `near`'s middle.
fn within(shape: &MultiPolygon<f64>, depth_km: f64, near: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let latitude = geo::BoundingRect::bounding_rect(near)
        .map_or(0.0, |rect| rect.center().y)
        .to_radians();
    // Longitudes shrink towards the poles: stretched by 1/cos(latitude) here, a degree is about
    // the same distance both ways, and the buffer is round on the ground.
    let squeeze = latitude.cos();
    let local = shape.map_coords(|Coord { x, y }| Coord { x: x * squeeze, y });
    let band = local.buffer(depth_km / KM_PER_DEGREE);
    band.map_coords(|Coord { x, y }| Coord { x: x / squeeze, y })
}

/// An outline as exported: simplified by `tolerance` (square degrees) keeping its topology,
/// coordinates to 0.01° (about 1 km,
/// well within the simplification) or, where that would make the outline invalid, to 0.001°;
/// outer rings counterclockwise; a polygon when there is one.
fn exported(shape: &MultiPolygon<f64>, tolerance: f64) -> Geometry<f64> {
    let simplified = shape.simplify_vw_preserve(tolerance);
    let rounded_to = |steps: f64| {
        simplified.map_coords(|Coord { x, y }| Coord {
            x: (x * steps).round() / steps,
            y: (y * steps).round() / steps,
        })
    };
    let coarse = rounded_to(100.0);
    let rounded = if coarse.is_valid() {
        coarse
    } else {
        rounded_to(1000.0)
    };
    let mut polygons: Vec<Polygon<f64>> = rounded
        .orient(Direction::Default)
        .0
        .into_iter()
        .filter(|polygon| polygon.unsigned_area() > 0.0)
        .collect();
    if polygons.len() == 1 {
        Geometry::Polygon(polygons.remove(0))
    } else {
        Geometry::MultiPolygon(MultiPolygon(polygons))
    }
}

/// "A", "A and B", "A, B and C".
fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
