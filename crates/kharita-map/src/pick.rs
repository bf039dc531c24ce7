//! Which marker a pointer is on, when markers are painted together as a few paths rather than
//! being elements of their own that the browser hit-tests.

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::LonLat;
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
