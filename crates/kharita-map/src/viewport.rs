//! What part of the world the map shows: centre, zoom and the size of the screen.

use crate::decimal::push_fixed;
use crate::math;
use crate::projection::{LonLat, WORLD_SIZE, World};

pub const MIN_ZOOM: f64 = 2.0;
pub const MAX_ZOOM: f64 = 12.0;

/// A point on the screen, in CSS pixels from the map's top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Screen {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// The world point at the centre of the screen.
    pub center: World,
    pub zoom: f64,
    pub width: f64,
    pub height: f64,
}

/// How content drawn for one view moves to show another: scaled by `scale` about the screen's
/// top-left corner, then shifted by `offset`. Markers keep their size on screen, so this is
/// exact for their positions and only stretches their shapes while a zoom is under way.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shift {
    pub scale: f64,
    pub offset: Screen,
}

impl Shift {
    /// Where a point drawn at `drawn` belongs after the shift.
    pub fn apply(self, drawn: Screen) -> Screen {
        Screen {
            x: drawn.x * self.scale + self.offset.x,
            y: drawn.y * self.scale + self.offset.y,
        }
    }

    /// The CSS transform that makes the shift (with `transform-origin: 0 0`).
    pub fn css(self) -> String {
        let (scale, Screen { x, y }) = (self.scale, self.offset);
        function(
            "matrix",
            ',',
            &[(scale, 6), (0.0, 0), (0.0, 0), (scale, 6), (x, 2), (y, 2)],
        )
    }
}

/// World coordinates to screen pixels at one view (see [`Viewport::projector`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projector {
    scale: f64,
    offset: Screen,
}

impl Projector {
    pub fn to_screen(self, world: World) -> Screen {
        Screen {
            x: world.x * self.scale + self.offset.x,
            y: world.y * self.scale + self.offset.y,
        }
    }
}

impl Screen {
    /// The SVG transform that moves the origin here, to a tenth of a pixel.
    pub fn translate(self) -> String {
        function("translate", ' ', &[(self.x, 1), (self.y, 1)])
    }
}

/// A transform function, `name(a b …)`: each number to its decimals, `separator` between them.
fn function(name: &str, separator: char, numbers: &[(f64, usize)]) -> String {
    let mut out = String::new();
    out.push_str(name);
    out.push('(');
    for (index, &(value, decimals)) in numbers.iter().enumerate() {
        if index > 0 {
            out.push(separator);
        }
        push_fixed(&mut out, value, decimals);
    }
    out.push(')');
    out
}

impl Viewport {
    pub fn new(center: LonLat, zoom: f64, width: f64, height: f64) -> Self {
        let mut viewport = Self {
            center: center.project(),
            zoom,
            width,
            height,
        };
        viewport.clamp();
        viewport
    }

    /// Screen pixels per world unit.
    pub fn scale(&self) -> f64 {
        scale_at(self.zoom)
    }

    /// World to screen at this view, its scale worked out once: for drawing many points.
    pub fn projector(&self) -> Projector {
        let scale = self.scale();
        Projector {
            scale,
            offset: Screen {
                x: self.width / 2.0 - self.center.x * scale,
                y: self.height / 2.0 - self.center.y * scale,
            },
        }
    }

    pub fn to_screen(&self, world: World) -> Screen {
        self.projector().to_screen(world)
    }

    pub fn to_world(&self, screen: Screen) -> World {
        let scale = self.scale();
        World {
            x: (screen.x - self.width / 2.0) / scale + self.center.x,
            y: (screen.y - self.height / 2.0) / scale + self.center.y,
        }
    }

    pub fn center_lon_lat(&self) -> LonLat {
        self.center.unproject()
    }

    /// Moves the content by a screen offset, as a drag does.
    pub fn pan(&mut self, dx: f64, dy: f64) {
        let scale = self.scale();
        self.center.x -= dx / scale;
        self.center.y -= dy / scale;
        self.clamp();
    }

    /// Pans, when `world` is not on screen between `top` and `bottom` (screen pixels), so that
    /// it shows in the middle of that band: for a point a sheet over the map would hide.
    pub fn keep_in_band(&mut self, world: World, top: f64, bottom: f64) {
        let at = self.to_screen(world);
        if (0.0..=self.width).contains(&at.x) && (top..=bottom).contains(&at.y) {
            return;
        }
        self.pan(self.width / 2.0 - at.x, f64::midpoint(top, bottom) - at.y);
    }

    /// Zooms by `delta` levels keeping the world point under `anchor` where it is on screen.
    pub fn zoom_about(&mut self, anchor: Screen, delta: f64) {
        let fixed = self.to_world(anchor);
        self.zoom = (self.zoom + delta).clamp(MIN_ZOOM, MAX_ZOOM);
        let scale = self.scale();
        self.center = World {
            x: fixed.x - (anchor.x - self.width / 2.0) / scale,
            y: fixed.y - (anchor.y - self.height / 2.0) / scale,
        };
        self.clamp();
    }

    /// Keeps zoom in range and the centre on the world square.
    pub fn clamp(&mut self) {
        self.zoom = self.zoom.clamp(MIN_ZOOM, MAX_ZOOM);
        self.center.x = self.center.x.clamp(0.0, WORLD_SIZE);
        self.center.y = self.center.y.clamp(0.0, WORLD_SIZE);
    }

    /// Shows the box between two corners (south-west, north-east) with `padding` pixels around.
    pub fn fit(&mut self, south_west: LonLat, north_east: LonLat, padding: f64) {
        let (a, b) = (south_west.project(), north_east.project());
        let span_x = (b.x - a.x).abs().max(f64::EPSILON);
        let span_y = (b.y - a.y).abs().max(f64::EPSILON);
        let usable_x = (self.width - 2.0 * padding).max(1.0);
        let usable_y = (self.height - 2.0 * padding).max(1.0);
        self.zoom = math::log2((usable_x / span_x).min(usable_y / span_y));
        self.center = World {
            x: f64::midpoint(a.x, b.x),
            y: f64::midpoint(a.y, b.y),
        };
        self.clamp();
    }

    pub fn resize(&mut self, width: f64, height: f64) {
        self.width = width;
        self.height = height;
    }

    /// This view with `margin` more on every side, `margin` times its width to the left and the
    /// right, and times its height above and below: a layer drawn for it has content to show
    /// while a pan brings its edge into sight.
    #[must_use]
    pub fn grown(&self, margin: f64) -> Viewport {
        Viewport {
            width: self.width * (1.0 + 2.0 * margin),
            height: self.height * (1.0 + 2.0 * margin),
            ..*self
        }
    }

    /// The shift that carries what was drawn for `earlier` to where it is in this view.
    pub fn shift_from(&self, earlier: &Viewport) -> Shift {
        Shift {
            scale: self.scale() / earlier.scale(),
            offset: self.to_screen(earlier.to_world(Screen { x: 0.0, y: 0.0 })),
        }
    }

    /// The SVG transform that draws world coordinates at this view.
    pub fn world_transform(&self) -> String {
        let origin = self.to_screen(World { x: 0.0, y: 0.0 });
        let mut transform = function("translate", ' ', &[(origin.x, 2), (origin.y, 2)]);
        transform.push(' ');
        transform.push_str(&function("scale", ' ', &[(self.scale(), 6)]));
        transform
    }
}

/// Screen pixels per world unit at `zoom`: the world doubles in size with each zoom.
pub fn scale_at(zoom: f64) -> f64 {
    math::exp2(zoom)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    fn libya() -> Viewport {
        Viewport::new(LonLat::new(17.0, 27.0), 5.0, 800.0, 600.0)
    }

    #[test]
    fn a_point_under_the_sheet_is_brought_into_the_band_above_it() {
        let mut view = Viewport::new(LonLat::new(17.0, 27.0), 5.0, 390.0, 700.0);
        let jufra = LonLat::new(16.0, 29.2).project();
        let band = (0.0, 350.0);
        // On screen, above the sheet: the map does not move.
        let before = view;
        view.keep_in_band(jufra, band.0, band.1);
        assert_eq!(view, before);
        // Under the sheet: it comes to the middle of the band.
        let under = view.to_world(Screen { x: 200.0, y: 600.0 });
        view.keep_in_band(under, band.0, band.1);
        let at = view.to_screen(under);
        assert!(
            (at.x - 195.0).abs() < 1e-6 && (at.y - 175.0).abs() < 1e-6,
            "{at:?}"
        );
    }

    #[test]
    fn the_centre_is_drawn_at_the_middle_of_the_screen() {
        let view = libya();
        let middle = view.to_screen(LonLat::new(17.0, 27.0).project());
        assert!(close(middle.x, 400.0) && close(middle.y, 300.0));
    }

    #[test]
    fn screen_and_world_round_trip() {
        let view = libya();
        for (x, y) in [(0.0, 0.0), (799.0, 599.0), (123.4, 456.7)] {
            let back = view.to_screen(view.to_world(Screen { x, y }));
            assert!(close(back.x, x) && close(back.y, y));
        }
    }

    #[test]
    fn zooming_about_a_point_keeps_that_point_still() {
        let mut view = libya();
        let tripoli = LonLat::new(13.187, 32.887).project();
        let before = view.to_screen(tripoli);
        view.zoom_about(before, 1.5);
        let after = view.to_screen(tripoli);
        assert!(close(view.zoom, 6.5));
        assert!(
            close(before.x, after.x) && close(before.y, after.y),
            "{before:?} {after:?}"
        );
    }

    #[test]
    fn panning_moves_content_with_the_pointer() {
        let mut view = libya();
        let benghazi = LonLat::new(20.068, 32.115).project();
        let before = view.to_screen(benghazi);
        view.pan(30.0, -20.0);
        let after = view.to_screen(benghazi);
        assert!(close(after.x - before.x, 30.0) && close(after.y - before.y, -20.0));
    }

    #[test]
    fn a_shift_carries_points_drawn_for_one_view_to_another() {
        let earlier = libya();
        let mut later = earlier;
        later.pan(-140.0, 65.0);
        later.zoom_about(Screen { x: 210.0, y: 480.0 }, 1.25);
        // Jufra, Sirte and Tobruk, drawn for the earlier view, land where the later view puts them.
        for (lon, lat) in [(15.95, 29.2), (16.59, 31.21), (23.96, 32.08)] {
            let site = LonLat::new(lon, lat).project();
            let moved = later.shift_from(&earlier).apply(earlier.to_screen(site));
            let wanted = later.to_screen(site);
            assert!(
                close(moved.x, wanted.x) && close(moved.y, wanted.y),
                "{moved:?} {wanted:?}"
            );
        }
        let still = earlier.shift_from(&earlier);
        assert_eq!(still.css(), "matrix(1.000000,0,0,1.000000,0.00,0.00)");
        let panned = {
            let mut view = earlier;
            view.pan(12.5, -3.0);
            view.shift_from(&earlier)
        };
        assert_eq!(panned.css(), "matrix(1.000000,0,0,1.000000,12.50,-3.00)");
    }

    #[test]
    fn a_grown_view_draws_the_view_inside_its_margin() {
        let view = libya();
        let grown = view.grown(0.5);
        assert!(close(grown.width, 1600.0) && close(grown.height, 1200.0));
        let world = LonLat::new(20.0, 30.0).project();
        let (inner, outer) = (view.to_screen(world), grown.to_screen(world));
        assert!(close(outer.x - inner.x, 400.0) && close(outer.y - inner.y, 300.0));
        // A layer drawn for the grown view, in its own corner's pixels, shifted to the view.
        let shifted = view.shift_from(&grown).apply(outer);
        assert!(close(shifted.x, inner.x) && close(shifted.y, inner.y));
    }

    #[test]
    fn transforms_write_their_numbers_to_fixed_places() {
        let view = libya();
        let origin = view.to_screen(World { x: 0.0, y: 0.0 });
        assert_eq!(
            view.world_transform(),
            format!(
                "translate({:.2} {:.2}) scale({:.6})",
                origin.x,
                origin.y,
                view.scale()
            )
        );
        assert_eq!(
            Screen { x: 12.34, y: -5.67 }.translate(),
            "translate(12.3 -5.7)"
        );
    }

    #[test]
    fn zoom_and_centre_are_clamped() {
        let mut view = libya();
        view.zoom_about(Screen { x: 400.0, y: 300.0 }, 40.0);
        assert!(close(view.zoom, MAX_ZOOM));
        view.zoom_about(Screen { x: 400.0, y: 300.0 }, -40.0);
        assert!(close(view.zoom, MIN_ZOOM));
        view.pan(1e9, 1e9);
        assert!(close(view.center.x, 0.0) && close(view.center.y, 0.0));
    }

    #[test]
    fn fitting_a_box_shows_all_of_it() {
        let mut view = libya();
        let (south_west, north_east) = (LonLat::new(9.3, 19.5), LonLat::new(25.2, 33.2));
        view.fit(south_west, north_east, 20.0);
        for corner in [south_west, north_east] {
            let at = view.to_screen(corner.project());
            assert!(
                (19.9..=780.1).contains(&at.x) && (19.9..=580.1).contains(&at.y),
                "{at:?}"
            );
        }
        let center = view.center_lon_lat();
        assert!(close(center.lon, 17.25));
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;
        use crate::projection::MAX_LATITUDE;

        /// Any view the map can show: a centre anywhere on the world square, any zoom in range,
        /// a phone's screen to a wide desktop's.
        fn view() -> impl Strategy<Value = Viewport> {
            (
                -180.0..180.0_f64,
                -MAX_LATITUDE..MAX_LATITUDE,
                MIN_ZOOM..=MAX_ZOOM,
                280.0..2600.0_f64,
                280.0..1600.0_f64,
            )
                .prop_map(|(lon, lat, zoom, width, height)| {
                    Viewport::new(LonLat::new(lon, lat), zoom, width, height)
                })
        }

        fn unclamped(view: &Viewport) -> bool {
            (MIN_ZOOM..=MAX_ZOOM).contains(&view.zoom)
                && (0.0..=WORLD_SIZE).contains(&view.center.x)
                && (0.0..=WORLD_SIZE).contains(&view.center.y)
        }

        fn near(a: f64, b: f64) -> bool {
            (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
        }

        proptest! {
            #[test]
            fn zooming_about_a_point_keeps_it_still_and_zooming_back_undoes_it(
                view in view(), x in 0.0..1.0_f64, y in 0.0..1.0_f64, delta in -4.0..4.0_f64,
            ) {
                let anchor = Screen { x: x * view.width, y: y * view.height };
                let under = view.to_world(anchor);
                let mut zoomed = view;
                zoomed.zoom_about(anchor, delta);
                prop_assert!(unclamped(&zoomed));
                let target = view.zoom + delta;
                // Unless the zoom or the centre met a limit, the point stays under the anchor.
                let centre_free = {
                    let scale = target.exp2();
                    let x = under.x - (anchor.x - view.width / 2.0) / scale;
                    let y = under.y - (anchor.y - view.height / 2.0) / scale;
                    (0.0..=WORLD_SIZE).contains(&x) && (0.0..=WORLD_SIZE).contains(&y)
                };
                if (MIN_ZOOM..=MAX_ZOOM).contains(&target) && centre_free {
                    let still = zoomed.to_screen(under);
                    prop_assert!(near(still.x, anchor.x) && near(still.y, anchor.y), "{:?} {:?}", still, anchor);
                    let mut back = zoomed;
                    back.zoom_about(anchor, -delta);
                    prop_assert!(near(back.zoom, view.zoom));
                    prop_assert!(near(back.center.x, view.center.x) && near(back.center.y, view.center.y));
                }
            }

            #[test]
            fn a_pan_and_its_opposite_come_back_unless_the_edge_stopped_it(
                view in view(), dx in -3000.0..3000.0_f64, dy in -3000.0..3000.0_f64,
            ) {
                let mut panned = view;
                panned.pan(dx, dy);
                prop_assert!(unclamped(&panned));
                let scale = view.scale();
                let free_x = (0.0..=WORLD_SIZE).contains(&(view.center.x - dx / scale));
                let free_y = (0.0..=WORLD_SIZE).contains(&(view.center.y - dy / scale));
                let mut back = panned;
                back.pan(-dx, -dy);
                if free_x {
                    prop_assert!(near(back.center.x, view.center.x));
                }
                if free_y {
                    prop_assert!(near(back.center.y, view.center.y));
                }
            }

            #[test]
            fn clamping_any_view_lands_on_the_world_and_a_second_clamp_changes_nothing(
                x in -1e6..1e6_f64, y in -1e6..1e6_f64, zoom in -50.0..50.0_f64,
            ) {
                let mut view = Viewport { center: World { x, y }, zoom, width: 800.0, height: 600.0 };
                view.clamp();
                prop_assert!(unclamped(&view));
                let once = view;
                view.clamp();
                prop_assert_eq!(view, once);
            }

            #[test]
            fn screen_and_world_and_longitude_latitude_round_trip(
                view in view(), x in -500.0..3000.0_f64, y in -500.0..2000.0_f64,
            ) {
                let screen = Screen { x, y };
                let back = view.to_screen(view.to_world(screen));
                prop_assert!((back.x - x).abs() < 1e-6 && (back.y - y).abs() < 1e-6);
                let centre = view.center_lon_lat().project();
                prop_assert!((centre.x - view.center.x).abs() < 1e-9 && (centre.y - view.center.y).abs() < 1e-9);
            }
        }
    }
}
