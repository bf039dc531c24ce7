//! Level of detail for painted markers. Where markers crowd the screen, the markers within
//! [`RADIUS`] of one are drawn as one cluster, with their count: each marker in turn, in the
//! order given, gathers those near it that no earlier one took (as supercluster does at each
//! zoom). The groups are made once for each whole zoom over every marker ([`Level`]), and a view
//! draws those of the whole zoom at or below its own: a pan or a zoom within one whole zoom
//! moves them with the map and does not regroup them, and a view costs a check of each group's
//! position rather than a regrouping. At [`MAX_ZOOM`] there are no clusters, so every marker
//! can be reached.

use crate::projection::World;
use crate::viewport::{MAX_ZOOM, Screen, Viewport, scale_at};

/// From this many sites drawn on the map, an atlas is dense: the app paints its markers and region
/// outlines rather than making each an element, and clusters the markers where they crowd, as
/// `kharita render` does from this many point sites.
pub const DENSE_FROM_SITES: usize = 500;

/// How near another a marker must be, in CSS pixels at its level's zoom, to join its cluster:
/// the symbols are 14 to 18 px wide, and a cluster's count needs room of its own.
pub const RADIUS: f64 = 40.0;

/// How far beyond the screen's edges something is still drawn, in CSS pixels: the widest part of
/// a marker is its 13 px halo.
pub const EDGE: f64 = 16.0;

/// What is drawn for a group of markers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Drawn {
    /// A marker on its own: its index.
    Marker(usize),
    Cluster(Cluster),
}

/// Markers drawn as one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cluster {
    /// The mean of the markers' positions.
    pub at: World,
    pub count: usize,
}

/// The whole zoom whose groups `view` draws: the one at or below its own (as supercluster's
/// clusters are asked for), up to [`MAX_ZOOM`].
pub fn level(view: &Viewport) -> usize {
    level_of(view.zoom)
}

fn level_of(zoom: f64) -> usize {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a whole zoom from 0 to MAX_ZOOM"
    )]
    let level = zoom.clamp(0.0, MAX_ZOOM).floor() as usize;
    level
}

/// The groups of the shown markers at one whole zoom, over the whole world: what any view at
/// that level draws.
#[derive(Clone, Debug, Default)]
pub struct Level {
    /// Each group and where it is.
    groups: Vec<(World, Drawn)>,
}

impl Level {
    /// The groups at `level` of the markers at `points` that `shown` says are shown.
    pub fn new(points: &[World], shown: &[bool], level: usize) -> Self {
        let shown = points
            .iter()
            .zip(shown)
            .enumerate()
            .filter(|(_, (_, shown))| **shown)
            .map(|(index, (&at, _))| (index, at));
        let groups = if level >= level_of(MAX_ZOOM) {
            shown.map(|(index, _)| Drawn::Marker(index)).collect()
        } else {
            #[expect(clippy::cast_precision_loss, reason = "a whole zoom up to 12")]
            gather(shown, RADIUS / scale_at(level as f64))
        };
        let groups = groups
            .into_iter()
            .map(|drawn| match drawn {
                Drawn::Marker(index) => (points[index], drawn),
                Drawn::Cluster(cluster) => (cluster.at, drawn),
            })
            .collect();
        Self { groups }
    }

    /// What of this level lands on the screen at `view` (within [`EDGE`]). Each group's
    /// position is checked, a multiplication and an addition each way: for 100,000 markers a
    /// fraction of a millisecond, and no index to build.
    pub fn drawn(&self, view: &Viewport) -> Vec<Drawn> {
        let projector = view.projector();
        self.groups
            .iter()
            .filter(|(at, _)| on_screen(view, projector.to_screen(*at), EDGE))
            .map(|&(_, drawn)| drawn)
            .collect()
    }
}

/// The levels a map has drawn, each made the first time a view needs it, for one set of shown
/// markers: the app keeps one for its painted markers.
#[derive(Clone, Debug, Default)]
pub struct Levels {
    /// The markers shown when the levels were made.
    shown: Vec<bool>,
    made: Vec<Option<Level>>,
}

impl Levels {
    /// What to draw at `view` for the markers at `points` that `shown` says are shown, as
    /// [`drawn`] says: from the view's level, made now if no view needed it since the shown
    /// markers last changed.
    pub fn drawn(&mut self, points: &[World], shown: &[bool], view: &Viewport) -> Vec<Drawn> {
        if self.shown != shown {
            self.shown = shown.to_vec();
            self.made.clear();
        }
        let level = level(view);
        if self.made.len() <= level {
            self.made.resize(level + 1, None);
        }
        self.made[level]
            .get_or_insert_with(|| Level::new(points, shown, level))
            .drawn(view)
    }
}

/// What to draw at `view` for the markers at `points`, leaving out those `shown` says are
/// filtered out: each group of markers at the view's [`level`] as one [`Drawn`], and only what
/// lands on the screen (within [`EDGE`]).
pub fn drawn(points: &[World], shown: &[bool], view: &Viewport) -> Vec<Drawn> {
    Level::new(points, shown, level(view)).drawn(view)
}

/// Whether `at` is on the screen of `view`, or within `margin` CSS pixels of it.
pub fn on_screen(view: &Viewport, at: Screen, margin: f64) -> bool {
    (-margin..=view.width + margin).contains(&at.x)
        && (-margin..=view.height + margin).contains(&at.y)
}

/// Groups `points` greedily: each in turn, unless an earlier one took it, takes every point not
/// yet taken within `radius` (world units) of it. The points are sorted by their cell in a grid
/// of `radius`-sized squares, so that those near one are found in the three rows of three cells
/// around its own. (Sorted, not hashed nor a dense grid: the points may lie anywhere in the
/// world, and hashing cost the app's wasm 2 KB.)
fn gather(points: impl Iterator<Item = (usize, World)>, radius: f64) -> Vec<Drawn> {
    let points: Vec<(usize, World)> = points.collect();
    // A point's cell: its row, then its column.
    let cell_of = |at: World| [(at.y / radius).floor(), (at.x / radius).floor()];
    let before = |a: &[f64; 2], b: &[f64; 2]| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1]));
    let mut by_cell: Vec<([f64; 2], usize)> = points
        .iter()
        .enumerate()
        .map(|(position, &(_, at))| (cell_of(at), position))
        .collect();
    by_cell.sort_unstable_by(|(a, _), (b, _)| before(a, b));
    let mut taken = vec![false; points.len()];
    let mut groups = Vec::new();
    for (position, &(index, seed)) in points.iter().enumerate() {
        if taken[position] {
            continue;
        }
        let [row, column] = cell_of(seed);
        let (mut count, mut x, mut y) = (0_usize, 0.0, 0.0);
        for row in [row - 1.0, row, row + 1.0] {
            let first = [row, column - 1.0];
            let last = [row, column + 1.0];
            let from = by_cell.partition_point(|(cell, _)| before(cell, &first).is_lt());
            let to = by_cell.partition_point(|(cell, _)| before(cell, &last).is_le());
            for &(_, other) in &by_cell[from..to] {
                let at = points[other].1;
                let (dx, dy) = (at.x - seed.x, at.y - seed.y);
                if !taken[other] && dx * dx + dy * dy <= radius * radius {
                    taken[other] = true;
                    count += 1;
                    x += at.x;
                    y += at.y;
                }
            }
        }
        groups.push(if count == 1 {
            Drawn::Marker(index)
        } else {
            #[expect(clippy::cast_precision_loss, reason = "counts are far below 2⁵²")]
            let count_f = count as f64;
            Drawn::Cluster(Cluster {
                at: World {
                    x: x / count_f,
                    y: y / count_f,
                },
                count,
            })
        });
    }
    groups
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::projection::LonLat;

    fn libya(zoom: f64) -> Viewport {
        Viewport::new(LonLat::new(17.0, 27.0), zoom, 800.0, 600.0)
    }

    fn counts(drawn: &[Drawn]) -> usize {
        drawn
            .iter()
            .map(|drawn| match drawn {
                Drawn::Marker(_) => 1,
                Drawn::Cluster(cluster) => cluster.count,
            })
            .sum()
    }

    #[test]
    fn markers_far_apart_stay_markers_and_markers_on_top_of_each_other_are_one_cluster() {
        let jufra = LonLat::new(15.95, 29.2).project();
        let sirte = LonLat::new(16.59, 31.2).project();
        let next_to_jufra = LonLat::new(15.951, 29.201).project();
        let points = [jufra, sirte, next_to_jufra];
        let drawn = drawn(&points, &[true; 3], &libya(6.0));
        assert_eq!(drawn.len(), 2, "{drawn:?}");
        assert!(drawn.contains(&Drawn::Marker(1)), "Sirte alone: {drawn:?}");
        let Some(Drawn::Cluster(cluster)) = drawn.iter().find(|d| **d != Drawn::Marker(1)) else {
            panic!("Jufra and its neighbour make a cluster: {drawn:?}");
        };
        assert_eq!(cluster.count, 2);
        assert!((cluster.at.x - f64::midpoint(jufra.x, next_to_jufra.x)).abs() < 1e-12);
    }

    #[test]
    fn filtered_out_markers_are_not_counted() {
        let jufra = LonLat::new(15.95, 29.2).project();
        let points = [jufra, jufra, jufra];
        assert_eq!(
            drawn(&points, &[false, true, false], &libya(6.0)),
            [Drawn::Marker(1)]
        );
    }

    #[test]
    fn at_the_closest_zoom_every_marker_is_drawn_on_its_own() {
        let jufra = LonLat::new(15.95, 29.2).project();
        let mut view = libya(MAX_ZOOM);
        view.center = jufra;
        assert_eq!(
            drawn(&[jufra, jufra], &[true, true], &view),
            [Drawn::Marker(0), Drawn::Marker(1)]
        );
    }

    /// Points around Libya, as world coordinates.
    fn points() -> impl Strategy<Value = Vec<World>> {
        prop::collection::vec((9.0..26.0_f64, 19.0..34.0_f64), 0..300).prop_map(|points| {
            points
                .into_iter()
                .map(|(lon, lat)| LonLat::new(lon, lat).project())
                .collect()
        })
    }

    /// The same greedy grouping the slow way, every point against every other: the oracle.
    fn gathered_by_brute_force(points: &[World], radius: f64) -> Vec<Drawn> {
        let mut taken = vec![false; points.len()];
        let mut groups = Vec::new();
        for (index, seed) in points.iter().enumerate() {
            if taken[index] {
                continue;
            }
            let members: Vec<usize> = (0..points.len())
                .filter(|&other| {
                    let (dx, dy) = (points[other].x - seed.x, points[other].y - seed.y);
                    !taken[other] && dx * dx + dy * dy <= radius * radius
                })
                .collect();
            for &member in &members {
                taken[member] = true;
            }
            groups.push(if members.len() == 1 {
                Drawn::Marker(index)
            } else {
                #[expect(clippy::cast_precision_loss, reason = "small counts")]
                let count = members.len() as f64;
                Drawn::Cluster(Cluster {
                    at: World {
                        x: members.iter().map(|&m| points[m].x).sum::<f64>() / count,
                        y: members.iter().map(|&m| points[m].y).sum::<f64>() / count,
                    },
                    count: members.len(),
                })
            });
        }
        groups
    }

    proptest! {
        /// The grid finds exactly the groups that comparing every pair finds.
        #[test]
        fn the_grid_gathers_what_comparing_every_pair_gathers(
            points in points(),
            zoom in 3.0..9.0_f64,
        ) {
            let radius = RADIUS / scale_at(zoom);
            let fast = gather(points.iter().copied().enumerate(), radius);
            let slow = gathered_by_brute_force(&points, radius);
            prop_assert_eq!(fast.len(), slow.len());
            for (fast, slow) in fast.iter().zip(&slow) {
                if let (Drawn::Cluster(fast), Drawn::Cluster(slow)) = (fast, slow) {
                    prop_assert_eq!(fast.count, slow.count);
                    prop_assert!((fast.at.x - slow.at.x).abs() < 1e-9 && (fast.at.y - slow.at.y).abs() < 1e-9);
                } else {
                    prop_assert_eq!(fast, slow);
                }
            }
        }

        /// A marker drawn on its own is on the screen and drawn once; every marker well inside
        /// the screen is drawn, on its own or in a cluster within two radii (at its level) of
        /// it; no more markers are counted than there are; and a pan leaves the groups as they
        /// were.
        #[test]
        fn every_marker_on_screen_is_drawn_once_and_a_pan_keeps_the_groups(
            points in points(),
            zoom in 3.0..MAX_ZOOM,
            dx in -400.0..400.0_f64,
            dy in -300.0..300.0_f64,
        ) {
            let shown = vec![true; points.len()];
            let mut view = libya(zoom);
            view.pan(dx, dy);
            let drawn = drawn(&points, &shown, &view);
            let projector = view.projector();
            let inside = |at: World| on_screen(&view, projector.to_screen(at), EDGE);
            let mut alone: Vec<usize> = drawn.iter().filter_map(|d| match d {
                Drawn::Marker(index) => Some(*index),
                Drawn::Cluster(_) => None,
            }).collect();
            prop_assert!(alone.iter().all(|&index| inside(points[index])));
            let before = alone.len();
            alone.dedup();
            prop_assert_eq!(before, alone.len());
            #[expect(clippy::cast_precision_loss, reason = "a whole zoom")]
            let reach = 2.0 * RADIUS / scale_at(level(&view) as f64);
            for (index, &at) in points.iter().enumerate() {
                let screen = projector.to_screen(at);
                let margin = 4.0 * RADIUS;
                let well_inside = (margin..=view.width - margin).contains(&screen.x)
                    && (margin..=view.height - margin).contains(&screen.y);
                if !well_inside {
                    continue;
                }
                let found = drawn.iter().any(|d| match d {
                    Drawn::Marker(i) => *i == index,
                    Drawn::Cluster(c) => (c.at.x - at.x).hypot(c.at.y - at.y) <= reach + 1e-9,
                });
                prop_assert!(found, "marker {} at {:?} is drawn", index, screen);
            }
            prop_assert!(counts(&drawn) <= points.len());
            // Panning by a few pixels draws the same groups well inside the screen.
            let mut panned = view;
            panned.pan(7.0, -5.0);
            prop_assert_eq!(
                drawn_well_inside(&points, &view, &[view, panned]),
                drawn_well_inside(&points, &panned, &[view, panned])
            );
        }

        /// The levels a map keeps draw what a level made afresh draws, at any view, and are made
        /// again when the shown markers change.
        #[test]
        fn kept_levels_draw_what_levels_made_afresh_draw(
            points in points(),
            views in prop::collection::vec((2.0..MAX_ZOOM + 0.5, -400.0..400.0_f64, -300.0..300.0_f64), 1..6),
            hidden in 0..300_usize,
        ) {
            let mut levels = Levels::default();
            let all = vec![true; points.len()];
            let mut fewer = all.clone();
            if let Some(shown) = fewer.get_mut(hidden) {
                *shown = false;
            }
            for (zoom, dx, dy) in views {
                let mut view = libya(zoom);
                view.pan(dx, dy);
                for shown in [&all, &fewer] {
                    prop_assert_eq!(
                        levels.drawn(&points, shown, &view),
                        drawn(&points, shown, &view)
                    );
                }
            }
        }
    }

    #[test]
    fn a_zoom_within_a_whole_zoom_keeps_the_groups_and_the_next_one_splits_them() {
        let jufra = LonLat::new(15.95, 29.2).project();
        // 40 px apart at zoom 6.
        let neighbour = World {
            x: jufra.x + RADIUS / scale_at(6.0),
            y: jufra.y,
        };
        let points = [jufra, neighbour];
        let at = |zoom: f64| {
            let mut view = libya(zoom);
            view.center = jufra;
            drawn(&points, &[true; 2], &view)
        };
        assert!(matches!(
            at(6.0)[..],
            [Drawn::Cluster(Cluster { count: 2, .. })]
        ));
        assert_eq!(at(6.9), at(6.0));
        assert_eq!(at(7.0), [Drawn::Marker(0), Drawn::Marker(1)]);
    }

    /// The groups drawn at `view` whose position lies three radii inside the screen at each of
    /// `views`, which a small pan between them neither brings in nor takes out.
    fn drawn_well_inside(points: &[World], view: &Viewport, views: &[Viewport]) -> Vec<Drawn> {
        let margin = 3.0 * RADIUS;
        drawn(points, &vec![true; points.len()], view)
            .into_iter()
            .filter(|d| {
                let at = match d {
                    Drawn::Marker(i) => points[*i],
                    Drawn::Cluster(c) => c.at,
                };
                views.iter().all(|view| {
                    let at = view.to_screen(at);
                    (margin..=view.width - margin).contains(&at.x)
                        && (margin..=view.height - margin).contains(&at.y)
                })
            })
            .collect()
    }
}
