//! The readers of the model's types, one per type, over any [`Tree`].

use std::fmt::Write as _;

use geo_types::{Coord, Geometry, LineString, MultiPolygon, Point, Polygon};
use kharita_core::date::{DateSpan, Day};
use kharita_core::model::{
    Actor, Area, AreaRule, Atlas, Basis, Claim, Dating, Outlet, Precision, Selector, Side, Site,
    SiteId, SiteKind, Source, Stance, Target, Topic,
};
use kharita_core::version::{Change, ChangeKind};
use kharita_map::{Basemap, Detail, Extent, Label};

use super::{Reader, Step, Tree};
use crate::data::ClaimWords;
use crate::present::SiteFacts;

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

fn day<V: Tree>(r: &mut Reader, value: &V) -> Day {
    r.text(value).parse().unwrap_or_else(|error| {
        r.fail(format!("{error}"));
        Day::default()
    })
}

pub(super) type AtlasRead = (Atlas, Vec<SiteFacts>, Option<String>);

pub(super) fn atlas_from<V: Tree>(r: &mut Reader, tree: &V) -> AtlasRead {
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
    let id = r.string(value, "id");
    let geometry = r.optional(value, "geometry", geometry).flatten();
    let (site, claims) = r.member(value, "properties", |r, properties| {
        let site = site(r, properties);
        let claims = r.member(properties, "claims", |r, claims| r.list(claims, claim));
        (site, claims)
    });
    (
        Site {
            id: id.into(),
            geometry,
            ..site
        },
        claims,
    )
}

/// A site's properties; its id and geometry are left empty for the feature's.
fn site<V: Tree>(r: &mut Reader, value: &V) -> Site {
    Site {
        id: SiteId::default(),
        name_en: r.string(value, "name_en"),
        names_ar: r.member(value, "names_ar", Reader::texts),
        kind: r.member(value, "kind", site_kind),
        country: r.optional_string(value, "country"),
        precision: r.member(value, "precision", precision),
        geometry: None,
        area: r.optional(value, "area", area),
        coordinate_source: r.optional_string(value, "coordinate_source"),
        location_note: r.optional_string(value, "location_note"),
        note: r.optional_string(value, "note"),
    }
}

/// A region's area: its country and the rule it is cut by.
fn area<V: Tree>(r: &mut Reader, value: &V) -> Area {
    let country = r.string(value, "country");
    let rule = r.string(value, "rule");
    let rule = match rule.as_str() {
        "country" => AreaRule::Country,
        "south-of" => AreaRule::SouthOf {
            latitude: r.member(value, "latitude", Reader::number),
        },
        "north-of" => AreaRule::NorthOf {
            latitude: r.member(value, "latitude", Reader::number),
        },
        "along-borders" => AreaRule::AlongBorders {
            neighbours: r.member(value, "neighbours", Reader::texts),
            depth_km: r.member(value, "depth_km", Reader::number),
        },
        "along-coast" => AreaRule::AlongCoast {
            depth_km: r.member(value, "depth_km", Reader::number),
        },
        _ => {
            r.path.push(Step::Member("rule"));
            r.fail(format!(
                "`{rule}` is not one of country, south-of, north-of, along-borders, along-coast"
            ));
            r.path.pop();
            AreaRule::Country
        }
    };
    Area { country, rule }
}

/// The geometries an atlas holds (RFC 7946, WGS 84): points, and region outlines as polygons
/// and multipolygons.
fn geometry<V: Tree>(r: &mut Reader, value: &V) -> Option<Geometry<f64>> {
    let kind = r.string(value, "type");
    match kind.as_str() {
        "Point" => Some(Point(r.member(value, "coordinates", position)).into()),
        "Polygon" => Some(r.member(value, "coordinates", polygon).into()),
        "MultiPolygon" => {
            let polygons = r.member(value, "coordinates", |r, polygons| {
                r.list(polygons, polygon)
            });
            Some(MultiPolygon(polygons).into())
        }
        _ => {
            r.path.push(Step::Member("type"));
            r.fail(format!(
                "a `{kind}` geometry, where an atlas has only `Point`, `Polygon` and `MultiPolygon`"
            ));
            r.path.pop();
            None
        }
    }
}

/// A polygon's rings, the outer one first.
fn polygon<V: Tree>(r: &mut Reader, value: &V) -> Polygon<f64> {
    let mut rings = r.list(value, ring).into_iter();
    let exterior = rings.next().unwrap_or_else(|| LineString::new(Vec::new()));
    Polygon::new(exterior, rings.collect())
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

/// Strings read as ids of one kind.
fn ids<T: From<String>>(texts: Vec<String>) -> Vec<T> {
    texts.into_iter().map(T::from).collect()
}

fn claim<V: Tree>(r: &mut Reader, value: &V) -> Claim {
    let fine = r.problem.is_none();
    let claim = Claim {
        id: r.string(value, "id").into(),
        source: r.string(value, "source").into(),
        sites: ids(r.member(value, "sites", Reader::texts)),
        stance: r.member(value, "stance", stance),
        topic: r.member(value, "topic", topic),
        actors: r.member(value, "actors", |r, value| r.list(value, side)),
        claimant: r.member(value, "claimant", actor),
        via: r.list_or_empty(value, "via", actor),
        // Absent from the app's index, which carries no words.
        summary_en: r.optional_string(value, "summary_en").unwrap_or_default(),
        summary_ar: r.optional_string(value, "summary_ar").unwrap_or_default(),
        hedge: r.optional_string(value, "hedge"),
        said: r.optional(value, "said", dating),
        event: r.optional(value, "event", dating),
        opposes: ids(r.list_or_empty(value, "opposes", Reader::text)),
        note: r.optional_string(value, "note"),
        target: r.member(value, "target", target),
    };
    // Which claim, when one is wrong: its id says more than its place in the list.
    if let Some(problem) = r.problem.as_mut().filter(|_| fine && !claim.id.is_empty()) {
        let _ = write!(problem.message, " (claim `{}`)", claim.id);
    }
    claim
}

/// A claimant or relay. An id names one party throughout an export (each is the actors file's,
/// or an article's own voice, `article-<source>`), so a party is read the first time and copied
/// after: its names, most of them Arabic, were a third of the text a large atlas's reading
/// copied out of JavaScript.
fn actor<V: Tree>(r: &mut Reader, value: &V) -> Actor {
    let id = r.string(value, "id");
    if let Some(known) = r.parties.get(&id) {
        return known.clone();
    }
    let actor = Actor {
        id,
        name_en: r.string(value, "name_en"),
        name_ar: r.optional_string(value, "name_ar"),
        side: r.member(value, "side", side),
    };
    if r.problem.is_none() {
        r.parties.insert(actor.id.clone(), actor.clone());
    }
    actor
}

fn dating<V: Tree>(r: &mut Reader, value: &V) -> Dating {
    Dating {
        basis: r.member(value, "basis", basis),
        value: r.optional(value, "value", date_span).flatten(),
        as_written: r.optional_string(value, "as_written"),
        evidence: r.optional_string(value, "evidence"),
    }
}

fn target<V: Tree>(r: &mut Reader, value: &V) -> Target {
    Target {
        source: r.string(value, "source"),
        selector: r.member(value, "selector", |r, value| r.list(value, selector)),
    }
}

/// A W3C Web Annotation selector of the two types the atlas uses.
fn selector<V: Tree>(r: &mut Reader, value: &V) -> Selector {
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
    Source {
        id: r.string(value, "id").into(),
        file: r.string(value, "file"),
        title: r.optional_string(value, "title"),
        title_en: r.string(value, "title_en"),
        language: r.string(value, "language"),
        outlet: r.member(value, "outlet", outlet),
        published: r.member(value, "published", dating),
        artefacts: r.list_or_empty(value, "artefacts", Reader::text),
        length: r.member(value, "length", Reader::count),
        url: r.optional_string(value, "url"),
        recorded: r.member(value, "recorded", day),
        revised: r.optional(value, "revised", day),
    }
}

fn outlet<V: Tree>(r: &mut Reader, value: &V) -> Outlet {
    Outlet {
        basis: r.member(value, "basis", basis),
        name: r.optional_string(value, "name"),
        evidence: r.optional_string(value, "evidence"),
    }
}

/// The basemap (`map.json`).
pub(super) fn basemap<V: Tree>(r: &mut Reader, value: &V) -> Basemap {
    Basemap {
        land: r.string(value, "land"),
        borders: r.string(value, "borders"),
        covers: r.member(value, "covers", extent),
        countries: r.member(value, "countries", |r, value| r.list(value, label)),
        cities: r.member(value, "cities", |r, value| r.list(value, label)),
        detail: Detail::default(),
        far_land: String::new(),
    }
}

fn extent<V: Tree>(r: &mut Reader, value: &V) -> Extent {
    Extent {
        left: r.member(value, "left", Reader::number),
        top: r.member(value, "top", Reader::number),
        right: r.member(value, "right", Reader::number),
        bottom: r.member(value, "bottom", Reader::number),
    }
}

/// The land of `world.json`.
pub(super) fn far_land<V: Tree>(r: &mut Reader, value: &V) -> String {
    r.string(value, "land")
}

pub(super) fn detail<V: Tree>(r: &mut Reader, value: &V) -> Detail {
    Detail {
        land: r.string(value, "land"),
        borders: r.string(value, "borders"),
        towns: r.member(value, "towns", |r, value| r.list(value, label)),
    }
}

fn label<V: Tree>(r: &mut Reader, value: &V) -> Label {
    Label {
        name_en: r.string(value, "name_en"),
        name_ar: r.string(value, "name_ar"),
        x: r.member(value, "x", Reader::number),
        y: r.member(value, "y", Reader::number),
    }
}

fn change<V: Tree>(r: &mut Reader, value: &V) -> Change {
    Change {
        kind: r.member(value, "kind", change_kind),
        sites: ids(r.member(value, "sites", Reader::texts)),
        text_en: r.string(value, "text_en"),
        text_ar: r.string(value, "text_ar"),
    }
}

pub(super) fn changes_from<V: Tree>(r: &mut Reader, tree: &V) -> Vec<Change> {
    r.list(tree, change)
}

/// One row of a `claim-texts/<n>.json` file: `[id, summary_en, summary_ar, quote]`.
fn claim_words<V: Tree>(r: &mut Reader, value: &V) -> ClaimWords {
    let row: [String; 4] = r.texts(value).try_into().unwrap_or_else(|_| {
        r.fail("expected [id, summary_en, summary_ar, quote]".to_owned());
        Default::default()
    });
    let [id, summary_en, summary_ar, quote] = row;
    ClaimWords {
        id,
        summary_en,
        summary_ar,
        quote,
    }
}

pub(super) fn claim_texts_from<V: Tree>(r: &mut Reader, tree: &V) -> Vec<ClaimWords> {
    r.list(tree, claim_words)
}
