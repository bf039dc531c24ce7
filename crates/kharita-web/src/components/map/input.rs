//! Input on the map: its size, where a pointer event is on it, and the view change the gesture
//! state machine ([`kharita_map::gesture`]) makes of pointer, wheel and key input.

use std::sync::Arc;

use kharita_map::gesture::{Change, Gestures, Input};
use kharita_map::viewport::Screen;
use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;

use super::rest::RestingView;
use crate::data::Data;
use crate::ui::{Ui, fit_sites};

/// The map's input: its gestures under way, and the element events are measured against.
#[derive(Clone, Copy)]
pub(super) struct MapInput {
    ui: Ui,
    gestures: StoredValue<Gestures>,
    container: NodeRef<Div>,
    rest: RestingView,
}

impl MapInput {
    pub(super) fn new(ui: Ui, container: NodeRef<Div>, rest: RestingView) -> Self {
        Self {
            ui,
            gestures: StoredValue::new(Gestures::default()),
            container,
            rest,
        }
    }

    /// Keeps the view's size the map's, from when it is mounted; without a view from the URL,
    /// the view then fits every site.
    pub(super) fn follow_size(self, data: Arc<Data>) {
        let (ui, container) = (self.ui, self.container);
        let measure = move || {
            if let Some(element) = container.get_untracked() {
                let rect = element.get_bounding_client_rect();
                if rect.width() > 0.0 && rect.height() > 0.0 {
                    ui.view.update(|view| {
                        let center = view.center;
                        view.resize(rect.width(), rect.height());
                        view.center = center;
                    });
                }
            }
        };
        container.on_load(move |_| {
            let had_view = ui.view_in_url.get_untracked();
            request_animation_frame(move || {
                measure();
                if !had_view {
                    ui.view.update(|view| fit_sites(view, &data.atlas));
                }
            });
        });
        let resize = window_event_listener(ev::resize, move |_| measure());
        on_cleanup(move || resize.remove());
    }

    /// Hands `input` to the gestures and applies the view change they make of it.
    pub(super) fn feed(self, input: Input) {
        let view = self.ui.view.get_untracked();
        let center = Screen {
            x: view.width / 2.0,
            y: view.height / 2.0,
        };
        let change = self
            .gestures
            .try_update_value(|g| g.handle(input, center))
            .flatten();
        let Some(change) = change else {
            return;
        };
        self.rest.gesture_follows();
        self.ui.view.update(|view| match change {
            Change::Pan { dx, dy } => view.pan(dx, dy),
            Change::Zoom { anchor, delta } => view.zoom_about(anchor, delta),
            Change::PanZoom {
                dx,
                dy,
                anchor,
                delta,
            } => {
                view.pan(dx, dy);
                view.zoom_about(anchor, delta);
            }
        });
        self.ui.view_in_url.set(true);
    }

    /// Whether the pointer that just came up had dragged the map (so its click selects nothing).
    pub(super) fn was_drag(self) -> bool {
        self.gestures.with_value(Gestures::was_drag)
    }

    /// Where `event` is, relative to the map, whatever element (a marker, a label) it is over.
    pub(super) fn screen_of(self, event: &web_sys::MouseEvent) -> Screen {
        let rect = self
            .container
            .get_untracked()
            .map(|c| c.get_bounding_client_rect());
        let (left, top) = rect.map_or((0.0, 0.0), |r| (r.left(), r.top()));
        Screen {
            x: f64::from(event.client_x()) - left,
            y: f64::from(event.client_y()) - top,
        }
    }
}
