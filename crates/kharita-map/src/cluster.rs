//! Level of detail for painted markers. Where markers crowd the screen, the markers within
//! [`RADIUS`] of one are drawn as one cluster, with their count: each marker in turn, in the
//! order given, gathers those near it that no earlier one took (as supercluster does at each
//! zoom). Distances are measured in the world scaled to the view, so a pan moves clusters with
//! the map and does not regroup them; a zoom in splits them; at [`MAX_ZOOM`] there are none, so
//! every marker can be reached.

use crate::projection::World;
use crate::viewport::{MAX_ZOOM, Screen, Viewport};

/// From this many point sites on, an atlas is dense: the app paints its markers rather than
/// making each an element, and both the app and `kharita render` cluster them where they crowd.
pub const DENSE_FROM_SITES: usize = 500;

/// How near another a marker must be, in CSS pixels, to join its cluster: the symbols are 14 to
/// 18 px wide, and a cluster's count needs room of its own.
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

/// What to draw at `view` for the markers at `points`, leaving out those `shown` says are
/// filtered out: each group of markers as one [`Drawn`], in the order of the marker that
/// gathered it, and only what lands on the screen (within [`EDGE`]). Markers up to two radii
/// beyond the screen take part, so that a group at the edge does not change as a pan brings
/// its members in.
pub fn drawn(points: &[World], shown: &[bool], view: &Viewport) -> Vec<Drawn> {
    let projector = view.projector();
    let within = |at: Screen, margin: f64| on_screen(view, at, margin);
    let taking_part = points
        .iter()
        .zip(shown)
        .enumerate()
        .filter(|(_, (at, shown))| {
            **shown && within(projector.to_screen(**at), EDGE + 2.0 * RADIUS)
        })
        .map(|(index, (&at, _))| (index, at));
    let groups = if view.zoom >= MAX_ZOOM {
        taking_part.map(|(index, _)| Drawn::Marker(index)).collect()
    } else {
        gather(taking_part, RADIUS / view.scale())
    };
    groups
        .into_iter()
        .filter(|drawn| {
            let at = match drawn {
                Drawn::Marker(index) => points[*index],
                Drawn::Cluster(cluster) => cluster.at,
            };
            within(projector.to_screen(at), EDGE)
        })
        .collect()
}

/// Whether `at` is on the screen of `view`, or within `margin` CSS pixels of it.
pub fn on_screen(view: &Viewport, at: Screen, margin: f64) -> bool {
    (-margin..=view.width + margin).contains(&at.x)
        && (-margin..=view.height + margin).contains(&at.y)
}

/// Groups `points` greedily: each in turn, unless an earlier one took it, takes every point not
/// yet taken within `radius` (world units) of it. A grid of `radius`-sized cells over the points
/// finds those near one in the nine cells around it. (A grid rather than a hash map: the points
/// are those near one screen, so the grid is small, and hashing cost the app's wasm 2 KB.)
fn gather(points: impl Iterator<Item = (usize, World)>, radius: f64) -> Vec<Drawn> {
    let points: Vec<(usize, World)> = points.collect();
    let cell_of = |at: World| ((at.x / radius).floor(), (at.y / radius).floor());
    let (mut left, mut top) = (f64::INFINITY, f64::INFINITY);
    let (mut right, mut bottom) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &(_, at) in &points {
        let (column, row) = cell_of(at);
        (left, right) = (left.min(column), right.max(column));
        (top, bottom) = (top.min(row), bottom.max(row));
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "whole numbers from 0 to the grid's size, which is a screen's worth of cells"
    )]
    let count = |cells: f64| (cells + 1.0).max(0.0) as usize;
    let (columns, rows) = (count(right - left), count(bottom - top));
    // The cell at (column, row), when it is in the grid.
    let place = |column: f64, row: f64| {
        let inside = (left..=right).contains(&column) && (top..=bottom).contains(&row);
        inside.then(|| count(row - top - 1.0) * columns + count(column - left - 1.0))
    };
    let mut cells: Vec<Vec<usize>> = vec![Vec::new(); columns * rows];
    for (position, &(_, at)) in points.iter().enumerate() {
        let (column, row) = cell_of(at);
        if let Some(place) = place(column, row) {
            cells[place].push(position);
        }
    }
    let mut taken = vec![false; points.len()];
    let mut groups = Vec::new();
    for (position, &(index, seed)) in points.iter().enumerate() {
        if taken[position] {
            continue;
        }
        let (column, row) = cell_of(seed);
        let (mut count, mut x, mut y) = (0_usize, 0.0, 0.0);
        for (dx, dy) in (-1..=1).flat_map(|dx| (-1..=1).map(move |dy| (dx, dy))) {
            let Some(place) = place(column + f64::from(dx), row + f64::from(dy)) else {
                continue;
            };
            for &other in &cells[place] {
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
            let radius = RADIUS / zoom.exp2();
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
        /// the screen is drawn, on its own or in a cluster within two radii of it; no more
        /// markers are counted than there are; and a pan leaves the groups as they were.
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
            let reach = 2.0 * RADIUS / view.scale();
            for (index, &at) in points.iter().enumerate() {
                let screen = projector.to_screen(at);
                let well_inside = (2.0 * RADIUS..=view.width - 2.0 * RADIUS).contains(&screen.x)
                    && (2.0 * RADIUS..=view.height - 2.0 * RADIUS).contains(&screen.y);
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
