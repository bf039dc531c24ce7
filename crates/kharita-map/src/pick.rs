//! Which marker or region a pointer is on, when they are painted together as a few paths rather
//! than being elements of their own that the browser hit-tests.

use geo_types::{Geometry, LineString, Polygon};

use crate::projection::{LonLat, World};
use crate::viewport::Screen;

/// How far from a marker's centre, in CSS pixels, a click still lands on it: the symbols reach
/// 9 px from their centre, and a finger is less precise than a mouse.
pub const PICK_RADIUS: f64 = 12.0;

/// The index of the marker whose centre is nearest `at`, within `radius`; `None` stands for a
/// marker that is not drawn. Of markers equally near, the later wins: it is painted on top.
pub fn marker_at(
    centres: impl IntoIterator<Item = Option<Screen>>,
    at: Screen,
    radius: f64,
) -> Option<usize> {
    let mut nearest: Option<(usize, f64)> = None;
    for (index, centre) in centres.into_iter().enumerate() {
        let Some(centre) = centre else { continue };
        // Squared distances compare as distances do, without a square root per marker.
        let (dx, dy) = (centre.x - at.x, centre.y - at.y);
        let squared = dx * dx + dy * dy;
        if squared <= radius * radius && nearest.is_none_or(|(_, best)| squared <= best) {
            nearest = Some((index, squared));
        }
    }
    nearest.map(|(index, _)| index)
}

/// How near its edge, in CSS pixels, a click still lands on a region: its outline is drawn 1.5
/// to 9 px wide.
pub const EDGE_RADIUS: f64 = 6.0;

/// A region's outline as the map draws it, for picking: its rings (outer boundaries and holes
/// alike) in world coordinates, straight between projected vertices as the path is.
#[derive(Clone, Debug, PartialEq)]
pub struct Outline {
    rings: Vec<Vec<World>>,
    /// Its bounding box: the corner nearest the world's origin, and the farthest.
    min: World,
    max: World,
    /// Its area in world units squared: its outer rings' less its holes'.
    area: f64,
}

/// How a region is picked: by its outline alone (a drawn boundary), or anywhere within it too
/// (an area the text gives no boundary for, drawn filled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    Edge,
    Area,
}

impl Outline {
    /// The outline of a polygon or multipolygon in longitude and latitude. Other geometries
    /// have no area: their outline is empty, and never picked.
    pub fn of(geometry: &Geometry<f64>) -> Self {
        let polygons: Vec<&Polygon<f64>> = match geometry {
            Geometry::Polygon(polygon) => vec![polygon],
            Geometry::MultiPolygon(multi) => multi.0.iter().collect(),
            _ => Vec::new(),
        };
        let project = |ring: &LineString<f64>| -> Vec<World> {
            ring.coords()
                .map(|coord| LonLat::new(coord.x, coord.y).project())
                .collect()
        };
        let mut rings = Vec::new();
        let mut area = 0.0;
        for polygon in polygons {
            let outer = project(polygon.exterior());
            area += ring_area(&outer);
            rings.push(outer);
            for hole in polygon.interiors() {
                let hole = project(hole);
                area -= ring_area(&hole);
                rings.push(hole);
            }
        }
        let mut min = World {
            x: f64::INFINITY,
            y: f64::INFINITY,
        };
        let mut max = World {
            x: f64::NEG_INFINITY,
            y: f64::NEG_INFINITY,
        };
        for point in rings.iter().flatten() {
            (min.x, min.y) = (min.x.min(point.x), min.y.min(point.y));
            (max.x, max.y) = (max.x.max(point.x), max.y.max(point.y));
        }
        Self {
            rings,
            min,
            max,
            area,
        }
    }

    /// Its area, in world units squared.
    pub fn area(&self) -> f64 {
        self.area
    }

    /// Whether `at` is within `margin` of its bounding box.
    fn near_box(&self, at: World, margin: f64) -> bool {
        at.x >= self.min.x - margin
            && at.x <= self.max.x + margin
            && at.y >= self.min.y - margin
            && at.y <= self.max.y + margin
    }

    /// Whether `at` is inside: an odd number of ring edges cross the ray from it to the east,
    /// so a hole's inside is outside.
    pub fn contains(&self, at: World) -> bool {
        if !self.near_box(at, 0.0) {
            return false;
        }
        let mut inside = false;
        for (a, b) in self.edges() {
            if (a.y > at.y) != (b.y > at.y) {
                let crossing = a.x + (at.y - a.y) / (b.y - a.y) * (b.x - a.x);
                if at.x < crossing {
                    inside = !inside;
                }
            }
        }
        inside
    }

    /// Whether `at` is within `distance` of an edge.
    pub fn near_edge(&self, at: World, distance: f64) -> bool {
        self.near_box(at, distance)
            && self
                .edges()
                .any(|(a, b)| squared_distance_to_segment(at, a, b) <= distance * distance)
    }

    fn edges(&self) -> impl Iterator<Item = (World, World)> + '_ {
        self.rings
            .iter()
            .flat_map(|ring| ring.windows(2).map(|pair| (pair[0], pair[1])))
    }
}

/// A ring's area (its vertices in order, the last repeating the first), whichever way it turns.
fn ring_area(ring: &[World]) -> f64 {
    let twice: f64 = ring
        .windows(2)
        .map(|pair| pair[0].x * pair[1].y - pair[1].x * pair[0].y)
        .sum();
    twice.abs() / 2.0
}

fn squared_distance_to_segment(at: World, a: World, b: World) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length = dx * dx + dy * dy;
    let along = if length > 0.0 {
        (((at.x - a.x) * dx + (at.y - a.y) * dy) / length).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (x, y) = (a.x + along * dx - at.x, a.y + along * dy - at.y);
    x * x + y * y
}

/// The index of the region a click at `at` lands on: within `edge` (world units) of its
/// outline or, picked by its [`Reach::Area`], anywhere inside it. Regions may share an outline:
/// each is given as the index of its outline in `outlines` and how it is picked, or `None` when
/// it is not drawn; each outline is tested once. Where regions overlap, the smallest wins (the
/// one the click most likely means), and of equal ones the later (drawn on top).
pub fn region_at(
    outlines: &[Outline],
    regions: impl IntoIterator<Item = Option<(usize, Reach)>>,
    at: World,
    edge: f64,
) -> Option<usize> {
    // For each outline, once asked: whether `at` is near its edge, and whether it is inside.
    let mut tested: Vec<Option<(bool, bool)>> = vec![None; outlines.len()];
    let mut smallest: Option<(usize, f64)> = None;
    for (index, region) in regions.into_iter().enumerate() {
        let Some((shape, reach)) = region else {
            continue;
        };
        let outline = &outlines[shape];
        let (near, inside) = *tested[shape].get_or_insert_with(|| {
            let near = outline.near_edge(at, edge);
            (near, near || outline.contains(at))
        });
        let reached = match reach {
            Reach::Edge => near,
            Reach::Area => inside,
        };
        if reached && smallest.is_none_or(|(_, area)| outline.area <= area) {
            smallest = Some((index, outline.area));
        }
    }
    smallest.map(|(index, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::viewport::Viewport;

    fn libya() -> Viewport {
        Viewport::new(LonLat::new(17.0, 27.0), 6.0, 800.0, 600.0)
    }

    /// Jufra air base and Sirte, as the map places them.
    fn centres(view: &Viewport) -> [Screen; 2] {
        [
            view.to_screen(LonLat::new(15.95, 29.2).project()),
            view.to_screen(LonLat::new(16.59, 31.2).project()),
        ]
    }

    #[test]
    fn a_click_near_a_marker_picks_it_and_a_click_beside_it_does_not() {
        let view = libya();
        let [jufra, sirte] = centres(&view);
        let near = Screen {
            x: jufra.x + 6.0,
            y: jufra.y - 5.0,
        };
        assert_eq!(
            marker_at([Some(jufra), Some(sirte)], near, PICK_RADIUS),
            Some(0)
        );
        let beside = Screen {
            x: sirte.x + PICK_RADIUS + 1.0,
            y: sirte.y,
        };
        assert_eq!(
            marker_at([Some(jufra), Some(sirte)], beside, PICK_RADIUS),
            None
        );
    }

    #[test]
    fn markers_not_drawn_are_not_picked() {
        let view = libya();
        let [jufra, sirte] = centres(&view);
        assert_eq!(marker_at([None, Some(sirte)], jufra, PICK_RADIUS), None);
    }

    #[test]
    fn the_nearest_marker_wins_and_a_tie_goes_to_the_one_on_top() {
        let at = Screen { x: 100.0, y: 100.0 };
        let farther = Some(Screen { x: 108.0, y: 100.0 });
        let nearer = Some(Screen { x: 103.0, y: 100.0 });
        assert_eq!(marker_at([nearer, farther], at, PICK_RADIUS), Some(0));
        assert_eq!(marker_at([nearer, nearer], at, PICK_RADIUS), Some(1));
    }

    #[test]
    fn picking_follows_the_view_after_a_zoom() {
        let mut view = libya();
        let [jufra, _] = centres(&view);
        view.zoom_about(jufra, 3.0);
        let [jufra_after, sirte_after] = centres(&view);
        assert_eq!(
            marker_at([Some(jufra_after), Some(sirte_after)], jufra, PICK_RADIUS),
            Some(0),
            "zooming about a marker keeps it under the pointer"
        );
    }
}

#[cfg(test)]
mod region_tests {
    use geo::{Contains, Distance, Euclidean};
    use geo_types::{Coord, MultiPolygon, Point, coord, polygon};
    use proptest::prelude::*;

    use super::*;

    /// A square with a square hole, and a triangle beside it, in longitude and latitude.
    fn square_with_hole_and_island() -> Geometry<f64> {
        let holed = polygon!(
            exterior: [(x: 10.0, y: 20.0), (x: 20.0, y: 20.0), (x: 20.0, y: 30.0), (x: 10.0, y: 30.0), (x: 10.0, y: 20.0)],
            interiors: [[(x: 13.0, y: 23.0), (x: 13.0, y: 27.0), (x: 17.0, y: 27.0), (x: 17.0, y: 23.0), (x: 13.0, y: 23.0)]],
        );
        let island = polygon![(x: 22.0, y: 20.0), (x: 25.0, y: 22.0), (x: 23.0, y: 26.0), (x: 22.0, y: 20.0)];
        Geometry::MultiPolygon(MultiPolygon(vec![holed, island]))
    }

    /// The same geometry with its vertices projected: what the map draws, for geo to judge.
    fn projected(geometry: &Geometry<f64>) -> Geometry<f64> {
        let mut projected = geometry.clone();
        geo::MapCoordsInPlace::map_coords_in_place(&mut projected, |c: Coord<f64>| {
            let world = LonLat::new(c.x, c.y).project();
            coord! { x: world.x, y: world.y }
        });
        projected
    }

    proptest! {
        /// geo is the oracle: inside is inside, and near the edge is near it, for any point
        /// (boundaries themselves aside, where a ray count and geo may differ).
        #[test]
        fn an_outline_holds_and_nears_what_geo_says(
            lon in 8.0_f64..27.0, lat in 18.0_f64..32.0, edge in 0.001_f64..0.5,
        ) {
            let geometry = square_with_hole_and_island();
            let outline = Outline::of(&geometry);
            let world = projected(&geometry);
            let at = LonLat::new(lon, lat).project();
            let point = Point::new(at.x, at.y);
            let Geometry::MultiPolygon(multi) = &world else { unreachable!() };
            let distance = multi
                .0
                .iter()
                .flat_map(|polygon| std::iter::once(polygon.exterior()).chain(polygon.interiors()))
                .map(|ring| Euclidean.distance(&point, ring))
                .fold(f64::INFINITY, f64::min);
            prop_assume!(distance > 1e-9);
            prop_assert_eq!(outline.contains(at), world.contains(&point));
            prop_assume!((distance - edge).abs() > 1e-9);
            prop_assert_eq!(outline.near_edge(at, edge), distance <= edge);
        }
    }

    #[test]
    fn an_outline_measures_its_area_less_its_holes() {
        let outline = Outline::of(&square_with_hole_and_island());
        let world = projected(&square_with_hole_and_island());
        let expected = geo::Area::unsigned_area(&world);
        assert!((outline.area() - expected).abs() < 1e-9 * expected);
        let point = Outline::of(&Geometry::Point(Point::new(11.5, 25.0)));
        let at = LonLat::new(11.5, 25.0).project();
        assert_eq!(
            region_at(&[point], [Some((0, Reach::Area))], at, 0.01),
            None,
            "a point has no area to pick"
        );
    }

    #[test]
    fn a_boundary_is_picked_near_its_line_an_area_anywhere_within() {
        let outlines = [Outline::of(&square_with_hole_and_island())];
        let reached = |reach, lon, lat| {
            let at = LonLat::new(lon, lat).project();
            region_at(&outlines, [Some((0, reach))], at, 0.01) == Some(0)
        };
        assert!(
            !reached(Reach::Edge, 11.5, 25.0),
            "inside, away from the line"
        );
        assert!(reached(Reach::Area, 11.5, 25.0));
        assert!(reached(Reach::Edge, 10.0, 25.0), "on the line");
        assert!(reached(Reach::Area, 13.0, 25.0), "on the hole's line");
        assert!(!reached(Reach::Area, 15.0, 25.0), "a hole is not the area");
    }

    #[test]
    fn of_overlapping_regions_the_smallest_is_picked_and_regions_not_drawn_are_not() {
        let large = Outline::of(&Geometry::Polygon(polygon![
            (x: 0.0, y: 0.0), (x: 30.0, y: 0.0), (x: 30.0, y: 30.0), (x: 0.0, y: 30.0), (x: 0.0, y: 0.0)
        ]));
        let small = Outline::of(&square_with_hole_and_island());
        let outlines = [small, large];
        let at = LonLat::new(11.5, 25.0).project();
        let pick = |regions: &[Option<(usize, Reach)>]| {
            region_at(&outlines, regions.iter().copied(), at, 0.01)
        };
        assert_eq!(
            pick(&[Some((0, Reach::Area)), Some((1, Reach::Area))]),
            Some(0)
        );
        assert_eq!(
            pick(&[Some((1, Reach::Area)), Some((0, Reach::Area))]),
            Some(1)
        );
        assert_eq!(pick(&[None, Some((1, Reach::Area))]), Some(1));
        assert_eq!(
            pick(&[Some((0, Reach::Area)), Some((0, Reach::Area))]),
            Some(1),
            "of regions sharing an outline, the one on top"
        );
        assert_eq!(
            pick(&[Some((0, Reach::Edge)), Some((1, Reach::Edge))]),
            None,
            "a drawn boundary is picked by its line alone"
        );
    }
}
