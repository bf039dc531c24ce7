//! Spherical Web Mercator (EPSG:3857), the projection of every web map.
//!
//! World coordinates are pixels at zoom 0: the whole world is a [`WORLD_SIZE`]² square, x east
//! from the antimeridian, y south from the top (about 85.05° N).

use crate::math;
use std::f64::consts::PI;

/// Side of the world square at zoom 0, in pixels.
pub const WORLD_SIZE: f64 = 256.0;
/// The latitude at which Web Mercator's square ends.
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;
/// Equatorial circumference of the WGS 84 ellipsoid, in metres.
const EARTH_CIRCUMFERENCE: f64 = 40_075_016.686;

/// A point in world coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct World {
    pub x: f64,
    pub y: f64,
}

/// Longitude and latitude in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LonLat {
    pub lon: f64,
    pub lat: f64,
}

impl LonLat {
    pub fn new(lon: f64, lat: f64) -> Self {
        Self { lon, lat }
    }

    /// Projects to world coordinates, clamping latitude to Web Mercator's range.
    pub fn project(self) -> World {
        let lat = self.lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
        World {
            x: (self.lon + 180.0) / 360.0 * WORLD_SIZE,
            y: (1.0 - math::ln(math::tan(lat) + 1.0 / math::cos(lat)) / PI) / 2.0 * WORLD_SIZE,
        }
    }
}

impl World {
    pub fn unproject(self) -> LonLat {
        let n = PI * (1.0 - 2.0 * self.y / WORLD_SIZE);
        LonLat {
            lon: self.x / WORLD_SIZE * 360.0 - 180.0,
            lat: math::atan(math::sinh(n)).to_degrees(),
        }
    }
}

/// Ground metres covered by one screen pixel at a latitude and zoom.
pub fn metres_per_pixel(lat: f64, zoom: f64) -> f64 {
    EARTH_CIRCUMFERENCE * math::cos(lat.to_radians()) / (WORLD_SIZE * math::exp2(zoom))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn known_points_land_where_web_mercator_puts_them() {
        let origin = LonLat::new(0.0, 0.0).project();
        assert!(close(origin.x, 128.0, 1e-9) && close(origin.y, 128.0, 1e-9));
        let corner = LonLat::new(-180.0, MAX_LATITUDE).project();
        assert!(close(corner.x, 0.0, 1e-9) && close(corner.y, 0.0, 1e-6));
        // Al Jufra air base against EPSG:3857 metres from the ellipsoidal-radius formula
        // x = R·λ, y = R·ln tan(π/4 + φ/2) with R = 6 378 137 m, scaled to 256 px.
        let jufra = LonLat::new(16.001, 29.1981).project();
        let metres_to_world = |m: f64| f64::midpoint(m / 20_037_508.342_789_244, 1.0) * WORLD_SIZE;
        assert!(
            close(jufra.x, metres_to_world(1_781_223.17), 1e-3),
            "{jufra:?}"
        );
        assert!(
            close(jufra.y, WORLD_SIZE - metres_to_world(3_400_883.97), 1e-3),
            "{jufra:?}"
        );
    }

    #[test]
    fn project_then_unproject_round_trips() {
        for (lon, lat) in [
            (13.187, 32.887),
            (-13.2, 27.6),
            (37.6, 55.75),
            (21.83, 21.69),
            (-179.9, -84.0),
        ] {
            let back = LonLat::new(lon, lat).project().unproject();
            assert!(
                close(back.lon, lon, 1e-9) && close(back.lat, lat, 1e-9),
                "{lon},{lat} -> {back:?}"
            );
        }
    }

    #[test]
    fn scale_halves_with_each_zoom_level_and_shrinks_towards_the_poles() {
        assert!(close(metres_per_pixel(0.0, 0.0), 156_543.03, 0.01));
        assert!(close(
            metres_per_pixel(0.0, 1.0) * 2.0,
            metres_per_pixel(0.0, 0.0),
            1e-6
        ));
        assert!(close(
            metres_per_pixel(60.0, 3.0),
            metres_per_pixel(0.0, 3.0) / 2.0,
            1e-6
        ));
    }
}
