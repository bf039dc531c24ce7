//! Point sites on the map. While there are few, each is an SVG element of its own: a button the
//! keyboard reaches, moved by its own transform. When there are many, they are painted: one path
//! per side holding every symbol of that side, in a layer of their own drawn for the resting view
//! ([`super::rest`]), so a pan or zoom frame redraws nothing. Where painted markers crowd, they
//! are drawn as clusters that count them ([`kharita_map::cluster`]); a click on one zooms in.
//! Painted markers and clusters are picked by position ([`kharita_map::pick`]) among those drawn;
//! the list view lists every site either way.

use std::sync::Arc;

use kharita_core::model::{Precision, SiteId, SiteKind};
use kharita_map::cluster::{self, Drawn, Levels};
use kharita_map::decimal::push_short;
use kharita_map::math;
use kharita_map::pick::{PICK_RADIUS, marker_at};
use kharita_map::projection::World;
use kharita_map::viewport::{Screen, Viewport};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::Element;

use super::rest::RestingView;
use crate::dom::js_error;
use crate::filter::Shown;
use crate::present::{MARKER_SIDES, Mark, side_classes};
use crate::ui::Ui;

/// A drawn point site, with what its marker needs.
#[derive(Clone, Debug)]
pub(crate) struct Marker {
    pub(crate) id: SiteId,
    pub(crate) kind: SiteKind,
    pub(crate) precision: Precision,
    /// The side's CSS class suffix.
    pub(crate) side: &'static str,
    pub(crate) contested: bool,
    pub(crate) at: World,
}

/// The three marker symbols: air bases and airfields, naval bases and ports, everything else.
#[derive(Clone, Copy)]
enum Shape {
    Triangle,
    Square,
    Circle,
}

impl Shape {
    fn of(kind: SiteKind) -> Self {
        match kind {
            SiteKind::AirBase | SiteKind::Airfield => Self::Triangle,
            SiteKind::NavalBase | SiteKind::Port => Self::Square,
            _ => Self::Circle,
        }
    }
}

/// The marker symbol for a kind, centred on the origin, as SVG path data; [`PaintedMarkers`]
/// draws the same shapes.
pub(crate) fn marker_shape(kind: SiteKind) -> &'static str {
    match Shape::of(kind) {
        Shape::Triangle => "M0 -9L8 6H-8Z",
        Shape::Square => "M-7 -7H7V7H-7Z",
        Shape::Circle => "M-7 0A7 7 0 1 0 7 0A7 7 0 1 0 -7 0Z",
    }
}

/// Appends a moveto to `(x, y)` and then `rest`, path commands relative to that point.
fn push_shape(out: &mut String, x: f64, y: f64, rest: &str) {
    out.push('M');
    push_short(out, x, 1);
    out.push(' ');
    push_short(out, y, 1);
    out.push_str(rest);
}

/// Appends the symbol for `kind` centred on `at`: the shapes of [`marker_shape`].
fn push_symbol(out: &mut String, kind: SiteKind, at: Screen) {
    match Shape::of(kind) {
        Shape::Triangle => push_shape(out, at.x, at.y - 9.0, "l8 15h-16z"),
        Shape::Square => push_shape(out, at.x - 7.0, at.y - 7.0, "h14v14h-14z"),
        Shape::Circle => push_circle(out, at, SYMBOL_CIRCLE),
    }
}

/// Circles the paths draw: the radius, and the two arcs that draw it from its leftmost point.
type Circle = (f64, &'static str);
const SYMBOL_CIRCLE: Circle = (7.0, "a7 7 0 1 0 14 0a7 7 0 1 0-14 0z");
const HALO: Circle = (13.0, "a13 13 0 1 0 26 0a13 13 0 1 0-26 0z");
const CONTEST_DOT: Circle = (3.5, "a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0z");

fn push_circle(out: &mut String, centre: Screen, (radius, arcs): Circle) {
    push_shape(out, centre.x - radius, centre.y, arcs);
}

/// A cluster's circle: wide enough for its count.
fn cluster_radius(count: usize) -> f64 {
    let digits = count.checked_ilog10().unwrap_or(0) + 1;
    9.0 + 3.0 * f64::from(digits)
}

/// Appends a circle of any radius centred on `centre`.
fn push_round(out: &mut String, centre: Screen, radius: f64) {
    push_shape(out, centre.x - radius, centre.y, "a");
    for (index, dx) in [2.0 * radius, -2.0 * radius].into_iter().enumerate() {
        if index > 0 {
            out.push('a');
        }
        push_short(out, radius, 1);
        out.push(' ');
        push_short(out, radius, 1);
        out.push_str(" 0 1 0 ");
        push_short(out, dx, 1);
        out.push_str(" 0");
    }
    out.push('z');
}

/// One side's painted markers at one view.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct SidePaths {
    pub(crate) symbols: String,
    /// The dashed rings of town-level locations.
    pub(crate) halos: String,
}

/// Everything painted at one view, as SVG path data in screen pixels.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Painted {
    /// In [`MARKER_SIDES`] order.
    pub(crate) sides: Vec<SidePaths>,
    /// The dots of contested sites.
    pub(crate) contested: String,
    /// The selected site's symbol, drawn on top, with its side.
    pub(crate) selected: Option<(SiteId, &'static str, String)>,
    /// The circles of clusters, and where each count goes.
    pub(crate) clusters: String,
    pub(crate) counts: Vec<(Screen, usize)>,
    /// How many markers are drawn, on their own or counted in a cluster.
    pub(crate) count: usize,
}

impl Painted {
    /// Writes the paths into the painted layer, which holds, each found by its classes:
    /// `halo side-X` and `symbol side-X` for every side of [`side_classes`], `contest-dot`, and
    /// `symbol selected`. The layer then says what it shows: `data-painted` (how many markers)
    /// and `data-selected` (the selected site, when drawn).
    pub(crate) fn apply(&self, layer: &Element) -> Result<(), JsValue> {
        let path = |selector: &str| {
            layer
                .query_selector(selector)?
                .ok_or_else(|| JsValue::from(format!("the painted layer has no {selector}")))
        };
        for (side, paths) in side_classes().zip(&self.sides) {
            path(&format!(".halo.side-{side}"))?.set_attribute("d", &paths.halos)?;
            path(&format!(".symbol.side-{side}"))?.set_attribute("d", &paths.symbols)?;
        }
        path(".contest-dot")?.set_attribute("d", &self.contested)?;
        path(".cluster")?.set_attribute("d", &self.clusters)?;
        // A text element per count, made with the DOM's own calls: a count is a number, but
        // nothing here is written as markup.
        let counts = path(".cluster-counts")?;
        counts.set_text_content(None);
        let document = web_sys::window()
            .and_then(|window| window.document())
            .ok_or_else(|| JsValue::from("no document"))?;
        for (at, count) in &self.counts {
            let text = document.create_element_ns(Some("http://www.w3.org/2000/svg"), "text")?;
            text.set_attribute("x", &kharita_map::decimal::short(at.x, 1))?;
            text.set_attribute("y", &kharita_map::decimal::short(at.y, 1))?;
            text.set_text_content(Some(&count.to_string()));
            counts.append_child(&text)?;
        }
        let selected = path(".symbol.selected")?;
        let (id, class, symbol) = match &self.selected {
            Some((id, side, symbol)) => (
                Some(id),
                format!("symbol selected side-{side}"),
                symbol.as_str(),
            ),
            None => (None, "symbol selected".to_owned(), ""),
        };
        selected.set_attribute("class", &class)?;
        selected.set_attribute("d", symbol)?;
        layer.set_attribute("data-painted", &self.count.to_string())?;
        match id {
            Some(id) => layer.set_attribute("data-selected", id),
            None => layer.remove_attribute("data-selected"),
        }
    }
}

/// What a click on the painted layer lands on.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Picked {
    Site(String),
    /// A cluster, at its position.
    Cluster(World),
}

/// Markers painted as a few paths, grouped by side so that each side is one path.
#[derive(Debug)]
pub(crate) struct PaintedMarkers {
    markers: Vec<Marker>,
    /// Where each marker is.
    points: Vec<World>,
    /// Each marker's side, as its place in [`MARKER_SIDES`].
    sides: Vec<usize>,
}

impl PaintedMarkers {
    pub(crate) fn new(markers: Vec<Marker>) -> Self {
        let sides = markers
            .iter()
            .map(|marker| {
                let side = side_classes().position(|side| side == marker.side);
                side.unwrap_or(MARKER_SIDES.len() - 1)
            })
            .collect();
        let points = markers.iter().map(|marker| marker.at).collect();
        Self {
            markers,
            points,
            sides,
        }
    }

    /// For each marker, whether the filters show it.
    pub(crate) fn shown(&self, shown: &Shown) -> Vec<bool> {
        self.markers
            .iter()
            .map(|marker| shown.sites.contains(&marker.id))
            .collect()
    }

    /// What is drawn at `view`: the shown markers on the screen, where they crowd in clusters,
    /// from `levels` (the groups made for earlier views, kept for the next).
    pub(crate) fn drawn(&self, levels: &mut Levels, view: &Viewport, shown: &[bool]) -> Vec<Drawn> {
        levels.drawn(&self.points, shown, view)
    }

    /// What of `drawn` (drawn for the view it was drawn at) is under `at` at `view`: a cluster
    /// within its circle, or the nearest marker within [`PICK_RADIUS`].
    pub(crate) fn at(&self, view: &Viewport, drawn: &[Drawn], at: Screen) -> Option<Picked> {
        let projector = view.projector();
        let cluster = drawn.iter().find_map(|drawn| match drawn {
            Drawn::Cluster(cluster) => {
                let centre = projector.to_screen(cluster.at);
                let radius = cluster_radius(cluster.count);
                (math::hypot(centre.x - at.x, centre.y - at.y) <= radius).then_some(cluster.at)
            }
            Drawn::Marker(_) => None,
        });
        if let Some(at) = cluster {
            return Some(Picked::Cluster(at));
        }
        let markers = drawn.iter().filter_map(|drawn| match drawn {
            Drawn::Marker(index) => Some(*index),
            Drawn::Cluster(_) => None,
        });
        let markers: Vec<usize> = markers.collect();
        let centres = markers
            .iter()
            .map(|&index| Some(projector.to_screen(self.points[index])));
        let nearest = marker_at(centres, at, PICK_RADIUS)?;
        Some(Picked::Site(self.markers[markers[nearest]].id.to_string()))
    }

    /// Where each of `drawn` stands at `view`, and the room it takes.
    pub(crate) fn marks(&self, view: &Viewport, drawn: &[Drawn]) -> Vec<Mark> {
        let projector = view.projector();
        drawn
            .iter()
            .map(|drawn| match *drawn {
                Drawn::Marker(index) => {
                    let at = projector.to_screen(self.points[index]);
                    Mark::symbol(at.x, at.y)
                }
                Drawn::Cluster(cluster) => {
                    let at = projector.to_screen(cluster.at);
                    Mark {
                        x: at.x,
                        y: at.y,
                        half: cluster_radius(cluster.count),
                    }
                }
            })
            .collect()
    }

    /// The paths for `drawn` at `view`, and the selected marker on top, when it is shown and on
    /// the screen (in a cluster too).
    pub(crate) fn paint(
        &self,
        view: &Viewport,
        drawn: &[Drawn],
        shown: &[bool],
        selected: Option<&str>,
    ) -> Painted {
        let projector = view.projector();
        let mut painted = Painted {
            sides: vec![SidePaths::default(); MARKER_SIDES.len()],
            ..Painted::default()
        };
        for drawn in drawn {
            match *drawn {
                Drawn::Marker(index) => {
                    let (marker, at) = (
                        &self.markers[index],
                        projector.to_screen(self.points[index]),
                    );
                    let paths = &mut painted.sides[self.sides[index]];
                    push_symbol(&mut paths.symbols, marker.kind, at);
                    if marker.precision == Precision::Town {
                        push_circle(&mut paths.halos, at, HALO);
                    }
                    if marker.contested {
                        let dot = Screen {
                            x: at.x + 8.0,
                            y: at.y - 8.0,
                        };
                        push_circle(&mut painted.contested, dot, CONTEST_DOT);
                    }
                    painted.count += 1;
                }
                Drawn::Cluster(cluster) => {
                    let at = projector.to_screen(cluster.at);
                    push_round(&mut painted.clusters, at, cluster_radius(cluster.count));
                    painted.counts.push((at, cluster.count));
                    painted.count += cluster.count;
                }
            }
        }
        painted.selected = selected.and_then(|id| {
            let index = self.markers.iter().position(|m| m.id == id)?;
            let (marker, at) = (
                &self.markers[index],
                projector.to_screen(self.points[index]),
            );
            if !shown[index] || !cluster::on_screen(view, at, cluster::EDGE) {
                return None;
            }
            let mut symbol = String::new();
            push_symbol(&mut symbol, marker.kind, at);
            Some((marker.id.clone(), marker.side, symbol))
        });
        painted
    }
}

/// Painted markers in the app: painted into the map's `.painted` layer for the resting view, and
/// again when the selection or filters change; while the view moves, the compositor moves the
/// layer, since painting thousands of markers takes the browser far longer than a frame.
#[derive(Clone, Debug)]
pub(crate) struct PaintedLayer {
    markers: Arc<PaintedMarkers>,
    /// What was last painted: markers and clusters, drawn for the resting view.
    drawn: RwSignal<Vec<Drawn>>,
    /// The markers' groups at each whole zoom a view has rested at, for the filters as they are.
    levels: StoredValue<Levels>,
}

impl PaintedLayer {
    /// Starts painting `markers` into the `.painted` layer inside `container`.
    pub(super) fn start(
        ui: Ui,
        rest: RestingView,
        container: NodeRef<Div>,
        markers: Vec<Marker>,
    ) -> Self {
        let layer = Self {
            markers: Arc::new(PaintedMarkers::new(markers)),
            drawn: RwSignal::new(Vec::new()),
            levels: StoredValue::new(Levels::default()),
        };
        let (markers, drawn, levels) = (layer.markers.clone(), layer.drawn, layer.levels);
        // For each painted marker, whether the filters show it.
        let shown = Memo::new({
            let markers = markers.clone();
            move |_| ui.shown.with(|shown| markers.shown(shown))
        });
        Effect::new(move |_| {
            let (view, selected) = (rest.get(), ui.site.get());
            // The layer is there once the map is mounted.
            let element = container
                .get()
                .and_then(|container| container.query_selector(".painted").ok().flatten());
            if let Some(element) = element {
                let paths = shown.with(|shown| {
                    let now = levels
                        .try_update_value(|levels| markers.drawn(levels, &view, shown))
                        .unwrap_or_default();
                    let paths = markers.paint(&view, &now, shown, selected.as_deref());
                    drawn.set(now);
                    paths
                });
                if let Err(error) = paths.apply(&element) {
                    leptos::logging::error!("painting the markers failed: {}", js_error(&error));
                }
            }
        });
        layer
    }

    /// What is painted under `at`, at the current view.
    pub(crate) fn at(&self, view: &Viewport, at: Screen) -> Option<Picked> {
        self.drawn
            .with_untracked(|drawn| self.markers.at(view, drawn, at))
    }

    /// Where what is painted stands at `view`, for labels to keep clear of (tracked: it changes
    /// when the layer is painted again).
    pub(crate) fn marks(&self, view: &Viewport) -> Vec<Mark> {
        self.drawn.with(|drawn| self.markers.marks(view, drawn))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kharita_map::projection::LonLat;

    fn marker(id: &str, kind: SiteKind, side: &'static str, lon: f64, lat: f64) -> Marker {
        Marker {
            id: id.into(),
            kind,
            precision: Precision::Runway,
            side,
            contested: false,
            at: LonLat::new(lon, lat).project(),
        }
    }

    fn libya() -> Viewport {
        Viewport::new(LonLat::new(17.0, 27.0), 6.0, 800.0, 600.0)
    }

    #[test]
    fn painted_symbols_are_the_element_shapes_at_the_marker() {
        let at = Screen { x: 100.0, y: 50.0 };
        for kind in [SiteKind::AirBase, SiteKind::Port, SiteKind::City] {
            let mut painted = String::new();
            push_symbol(&mut painted, kind, at);
            let shape = first_point(marker_shape(kind));
            let drawn = first_point(&painted);
            assert_eq!(
                drawn.map(|(x, y)| (x - at.x, y - at.y)),
                shape,
                "{kind:?}: {painted} starts where {} does",
                marker_shape(kind)
            );
        }
    }

    /// The point path data starts at (both forms start with an absolute moveto).
    fn first_point(path: &str) -> Option<(f64, f64)> {
        let mut numbers = path
            .trim_start_matches('M')
            .split(|c: char| c.is_ascii_alphabetic())
            .next()?
            .split_whitespace()
            .map(|n| n.parse::<f64>().ok());
        Some((numbers.next()??, numbers.next()??))
    }

    #[test]
    fn each_side_is_one_path_of_the_shown_markers_in_view() {
        let layer = PaintedMarkers::new(vec![
            marker("jufra", SiteKind::AirBase, "russia", 15.95, 29.2),
            marker("sirte", SiteKind::City, "russia", 16.59, 31.2),
            marker("wattiya", SiteKind::AirBase, "turkey", 12.02, 32.47),
            marker("far-away", SiteKind::Port, "turkey", 100.0, 0.0),
        ]);
        let view = libya();
        let shown = [true, false, true, true];
        let painted = layer.paint(
            &view,
            &layer.drawn(&mut Levels::default(), &view, &shown),
            &shown,
            Some("jufra"),
        );
        assert_eq!(
            painted.count, 2,
            "Sirte is filtered out and the far port is out of view"
        );
        let drawn: Vec<usize> = painted
            .sides
            .iter()
            .map(|side| side.symbols.matches('M').count())
            .collect();
        assert_eq!(
            drawn,
            [1, 0, 0, 0, 1, 0],
            "one Russian and one Turkish marker"
        );
        let (id, side, symbol) = painted.selected.expect("Jufra is selected and drawn");
        assert_eq!((id.as_str(), side), ("jufra", "russia"));
        assert_eq!(
            symbol, painted.sides[0].symbols,
            "the selection is drawn again on top"
        );
        assert_eq!(
            layer
                .paint(
                    &view,
                    &layer.drawn(&mut Levels::default(), &view, &[true; 4]),
                    &[true; 4],
                    Some("far-away")
                )
                .selected,
            None,
            "a selection out of view is not drawn"
        );
    }

    #[test]
    fn every_side_a_marker_can_have_has_a_painted_group() {
        let sides = kharita_core::model::Side::ALL
            .iter()
            .map(|&side| Some(side));
        for side in sides.chain([None]) {
            let class = crate::present::side_class(side);
            assert!(
                side_classes().any(|painted| painted == class),
                "{side:?} is painted as {class}"
            );
        }
    }

    #[test]
    fn towns_get_a_halo_and_contested_sites_a_dot() {
        let mut town = marker("sirte", SiteKind::City, "russia", 16.59, 31.2);
        town.precision = Precision::Town;
        town.contested = true;
        let layer = PaintedMarkers::new(vec![town]);
        let view = libya();
        let painted = layer.paint(
            &view,
            &layer.drawn(&mut Levels::default(), &view, &[true]),
            &[true],
            None,
        );
        assert!(
            painted.sides[0].halos.contains("a13 13"),
            "{:?}",
            painted.sides[0]
        );
        assert!(
            painted.contested.contains("a3.5 3.5"),
            "{}",
            painted.contested
        );
    }

    #[test]
    fn a_click_on_a_painted_marker_picks_it_unless_it_is_filtered_out() {
        let layer = PaintedMarkers::new(vec![
            marker("jufra", SiteKind::AirBase, "russia", 15.95, 29.2),
            marker("wattiya", SiteKind::AirBase, "turkey", 12.02, 32.47),
        ]);
        let view = libya();
        let jufra = view.to_screen(LonLat::new(15.95, 29.2).project());
        let all = layer.drawn(&mut Levels::default(), &view, &[true, true]);
        assert_eq!(
            layer.at(&view, &all, jufra),
            Some(Picked::Site("jufra".into()))
        );
        let without_jufra = layer.drawn(&mut Levels::default(), &view, &[false, true]);
        assert_eq!(layer.at(&view, &without_jufra, jufra), None);
    }

    #[test]
    fn crowded_markers_are_painted_as_one_counted_cluster_that_a_click_picks() {
        let mut crowd: Vec<Marker> = (0..12_u32)
            .map(|index| {
                let lon = 13.0 + f64::from(index) * 0.001;
                marker(
                    &format!("crowd-{index}"),
                    SiteKind::Port,
                    "turkey",
                    lon,
                    32.8,
                )
            })
            .collect();
        crowd.push(marker("jufra", SiteKind::AirBase, "russia", 15.95, 29.2));
        let layer = PaintedMarkers::new(crowd);
        let (view, shown) = (libya(), [true; 13]);
        let drawn = layer.drawn(&mut Levels::default(), &view, &shown);
        let painted = layer.paint(&view, &drawn, &shown, Some("crowd-3"));
        assert_eq!(painted.count, 13, "every marker is counted");
        assert_eq!(painted.counts.len(), 1, "one cluster: {:?}", painted.counts);
        let (centre, count) = painted.counts[0];
        assert_eq!(count, 12);
        assert_eq!(painted.clusters.matches('M').count(), 1);
        assert_eq!(
            painted.sides[4].symbols, "",
            "the crowd's symbols are not drawn"
        );
        assert!(
            painted.selected.is_some(),
            "a selected site is drawn on top of its cluster"
        );
        let Some(Picked::Cluster(at)) = layer.at(&view, &drawn, centre) else {
            panic!("a click on the cluster picks it");
        };
        assert!((view.to_screen(at).x - centre.x).abs() < 1e-9);
        let mut closer = view;
        closer.center = at;
        closer.zoom = kharita_map::viewport::MAX_ZOOM;
        let split = layer.paint(
            &closer,
            &layer.drawn(&mut Levels::default(), &closer, &shown),
            &shown,
            None,
        );
        assert!(
            split.counts.is_empty(),
            "at the closest zoom every marker is drawn"
        );
    }

    #[test]
    fn a_cluster_circle_is_the_path_of_a_circle_of_its_radius() {
        let mut path = String::new();
        push_round(&mut path, Screen { x: 100.0, y: 50.0 }, 12.0);
        assert_eq!(path, "M88 50a12 12 0 1 0 24 0a12 12 0 1 0 -24 0z");
        assert!((cluster_radius(7) - 12.0).abs() < 1e-12, "one digit");
        assert!((cluster_radius(100_000) - 27.0).abs() < 1e-12, "six digits");
    }
}
