//! Turning pointer, wheel and keyboard input into view changes, as a plain state machine.

use crate::math;
use crate::viewport::Screen;

/// A pointer that moves less than this (in pixels) between down and up made a click, not a drag.
pub const CLICK_SLOP: f64 = 4.0;
/// Pixels an arrow key pans the map by.
pub const KEY_PAN: f64 = 80.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Input {
    PointerDown {
        id: i32,
        at: Screen,
    },
    PointerMove {
        id: i32,
        at: Screen,
    },
    /// Pointer lifted or cancelled.
    PointerUp {
        id: i32,
    },
    /// A wheel turn; `delta_y` in pixels, positive to scroll down (zoom out).
    Wheel {
        at: Screen,
        delta_y: f64,
    },
    Key(Key),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Left,
    Right,
    Up,
    Down,
    ZoomIn,
    ZoomOut,
}

impl Key {
    /// The map key a `KeyboardEvent.key` stands for.
    pub fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "ArrowLeft" => Self::Left,
            "ArrowRight" => Self::Right,
            "ArrowUp" => Self::Up,
            "ArrowDown" => Self::Down,
            "+" | "=" => Self::ZoomIn,
            "-" | "_" => Self::ZoomOut,
            _ => return None,
        })
    }
}

/// What to do to the viewport.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Change {
    Pan {
        dx: f64,
        dy: f64,
    },
    Zoom {
        anchor: Screen,
        delta: f64,
    },
    /// A pinch: zoom about the fingers' midpoint and follow it.
    PanZoom {
        dx: f64,
        dy: f64,
        anchor: Screen,
        delta: f64,
    },
}

#[derive(Clone, Debug, Default)]
pub struct Gestures {
    /// Pointers currently down, with their last position.
    pointers: Vec<(i32, Screen)>,
    /// Longest distance any pointer has moved since the first went down.
    travelled: f64,
    /// Where the first pointer went down.
    start: Option<Screen>,
}

fn distance(a: Screen, b: Screen) -> f64 {
    math::hypot(a.x - b.x, a.y - b.y)
}

fn midpoint(a: Screen, b: Screen) -> Screen {
    Screen {
        x: f64::midpoint(a.x, b.x),
        y: f64::midpoint(a.y, b.y),
    }
}

impl Gestures {
    /// Feeds one input; returns the view change it causes, if any. `center` is the screen centre,
    /// the anchor for keyboard zoom.
    pub fn handle(&mut self, input: Input, center: Screen) -> Option<Change> {
        match input {
            Input::PointerDown { id, at } => {
                if self.pointers.is_empty() {
                    self.travelled = 0.0;
                    self.start = Some(at);
                }
                self.pointers.retain(|&(other, _)| other != id);
                self.pointers.push((id, at));
                None
            }
            Input::PointerMove { id, at } => self.pointer_move(id, at),
            Input::PointerUp { id } => {
                self.pointers.retain(|&(other, _)| other != id);
                None
            }
            Input::Wheel { at, delta_y } => Some(Change::Zoom {
                anchor: at,
                delta: (-delta_y / 250.0).clamp(-1.0, 1.0),
            }),
            Input::Key(key) => Some(match key {
                Key::Left => Change::Pan {
                    dx: KEY_PAN,
                    dy: 0.0,
                },
                Key::Right => Change::Pan {
                    dx: -KEY_PAN,
                    dy: 0.0,
                },
                Key::Up => Change::Pan {
                    dx: 0.0,
                    dy: KEY_PAN,
                },
                Key::Down => Change::Pan {
                    dx: 0.0,
                    dy: -KEY_PAN,
                },
                Key::ZoomIn => Change::Zoom {
                    anchor: center,
                    delta: 1.0,
                },
                Key::ZoomOut => Change::Zoom {
                    anchor: center,
                    delta: -1.0,
                },
            }),
        }
    }

    fn pointer_move(&mut self, id: i32, at: Screen) -> Option<Change> {
        let index = self.pointers.iter().position(|&(other, _)| other == id)?;
        if let Some(start) = self.start {
            self.travelled = self.travelled.max(distance(start, at));
        }
        let change = match self.pointers.as_slice() {
            [(_, previous)] => Some(Change::Pan {
                dx: at.x - previous.x,
                dy: at.y - previous.y,
            }),
            [(_, a), (_, b), ..] => {
                let (old_a, old_b) = (*a, *b);
                let (new_a, new_b) = if index == 0 { (at, old_b) } else { (old_a, at) };
                let (old_mid, new_mid) = (midpoint(old_a, old_b), midpoint(new_a, new_b));
                let ratio = distance(new_a, new_b) / distance(old_a, old_b).max(1.0);
                Some(Change::PanZoom {
                    dx: new_mid.x - old_mid.x,
                    dy: new_mid.y - old_mid.y,
                    anchor: new_mid,
                    delta: math::log2(ratio.max(f64::EPSILON)),
                })
            }
            [] => None,
        };
        self.pointers[index].1 = at;
        change
    }

    /// Whether the current (or last) pointer sequence moved far enough to be a drag, so that the
    /// click that ends it should not select anything.
    pub fn was_drag(&self) -> bool {
        self.travelled > CLICK_SLOP
    }

    pub fn is_active(&self) -> bool {
        !self.pointers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CENTER: Screen = Screen { x: 400.0, y: 300.0 };

    fn at(x: f64, y: f64) -> Screen {
        Screen { x, y }
    }

    #[test]
    fn one_pointer_drags_the_map() {
        let mut gestures = Gestures::default();
        assert_eq!(
            gestures.handle(
                Input::PointerDown {
                    id: 1,
                    at: at(10.0, 10.0)
                },
                CENTER
            ),
            None
        );
        let change = gestures.handle(
            Input::PointerMove {
                id: 1,
                at: at(25.0, 5.0),
            },
            CENTER,
        );
        assert_eq!(change, Some(Change::Pan { dx: 15.0, dy: -5.0 }));
        assert!(gestures.was_drag());
        gestures.handle(Input::PointerUp { id: 1 }, CENTER);
        assert!(!gestures.is_active());
    }

    #[test]
    fn a_tiny_movement_is_still_a_click() {
        let mut gestures = Gestures::default();
        gestures.handle(
            Input::PointerDown {
                id: 1,
                at: at(10.0, 10.0),
            },
            CENTER,
        );
        gestures.handle(
            Input::PointerMove {
                id: 1,
                at: at(12.0, 11.0),
            },
            CENTER,
        );
        gestures.handle(Input::PointerUp { id: 1 }, CENTER);
        assert!(!gestures.was_drag());
    }

    #[test]
    fn moves_of_unknown_pointers_are_ignored() {
        let mut gestures = Gestures::default();
        assert_eq!(
            gestures.handle(
                Input::PointerMove {
                    id: 7,
                    at: at(1.0, 1.0)
                },
                CENTER
            ),
            None
        );
    }

    #[test]
    fn spreading_two_fingers_zooms_in_about_their_midpoint() {
        let mut gestures = Gestures::default();
        gestures.handle(
            Input::PointerDown {
                id: 1,
                at: at(100.0, 100.0),
            },
            CENTER,
        );
        gestures.handle(
            Input::PointerDown {
                id: 2,
                at: at(200.0, 100.0),
            },
            CENTER,
        );
        let Some(Change::PanZoom {
            dx,
            dy,
            anchor,
            delta,
        }) = gestures.handle(
            Input::PointerMove {
                id: 2,
                at: at(300.0, 100.0),
            },
            CENTER,
        )
        else {
            panic!("a pinch");
        };
        assert!(
            (delta - 1.0).abs() < 1e-9,
            "doubling the spread zooms in one level: {delta}"
        );
        assert_eq!((dx, dy), (50.0, 0.0));
        assert_eq!(anchor, at(200.0, 100.0));
    }

    #[test]
    fn wheel_down_zooms_out_and_is_bounded() {
        let mut gestures = Gestures::default();
        let Some(Change::Zoom { delta, anchor }) = gestures.handle(
            Input::Wheel {
                at: at(5.0, 6.0),
                delta_y: 100.0,
            },
            CENTER,
        ) else {
            panic!("a zoom");
        };
        assert!(delta < 0.0 && anchor == at(5.0, 6.0));
        let Some(Change::Zoom { delta, .. }) = gestures.handle(
            Input::Wheel {
                at: CENTER,
                delta_y: -10_000.0,
            },
            CENTER,
        ) else {
            panic!("a zoom");
        };
        assert!((delta - 1.0).abs() < f64::EPSILON);
    }

    #[test]
    fn keys_pan_and_zoom_about_the_centre() {
        let mut gestures = Gestures::default();
        let key = |gestures: &mut Gestures, name| {
            gestures.handle(Input::Key(Key::from_key(name).unwrap()), CENTER)
        };
        assert_eq!(
            key(&mut gestures, "ArrowLeft"),
            Some(Change::Pan {
                dx: KEY_PAN,
                dy: 0.0
            })
        );
        assert_eq!(
            key(&mut gestures, "ArrowDown"),
            Some(Change::Pan {
                dx: 0.0,
                dy: -KEY_PAN
            })
        );
        assert_eq!(
            key(&mut gestures, "+"),
            Some(Change::Zoom {
                anchor: CENTER,
                delta: 1.0
            })
        );
        assert_eq!(
            key(&mut gestures, "-"),
            Some(Change::Zoom {
                anchor: CENTER,
                delta: -1.0
            })
        );
        assert_eq!(Key::from_key("Enter"), None);
    }
}
