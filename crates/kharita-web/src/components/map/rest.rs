//! The view as of when it last came to rest. What costs the browser more than a frame to draw
//! again (the basemap and the regions; painted markers) is drawn for this view, and in between
//! the compositor moves it: a CSS transform from the view it was drawn for to the view as it is.

use std::time::Duration;

use kharita_map::viewport::Viewport;
use leptos::prelude::*;

use crate::ui::Ui;

/// How long a gesture must leave the view still before the resting layers are drawn for it.
const VIEW_REST: Duration = Duration::from_millis(150);

/// The view the resting layers are drawn for. A change the map's gestures make (a drag, the
/// wheel, a pinch, a key) reaches it once the view has stayed still for [`VIEW_REST`]; any other
/// change (the map's size, a site chosen, the URL, "show every site") reaches it at once.
#[derive(Clone, Copy)]
pub(super) struct RestingView {
    /// The view as it is.
    view: RwSignal<Viewport>,
    drawn: RwSignal<Viewport>,
    changes: StoredValue<Changes>,
}

/// The view's changes since the map was made.
#[derive(Default)]
struct Changes {
    /// How many: a timer can tell whether another came after it.
    count: u64,
    /// Whether the next one is a gesture's.
    gesture_next: bool,
}

impl RestingView {
    pub(super) fn follow(ui: Ui) -> Self {
        let rest = Self {
            view: ui.view,
            drawn: RwSignal::new(ui.view.get_untracked()),
            changes: StoredValue::new(Changes::default()),
        };
        Effect::new(move |_| {
            let view = rest.view.get();
            let (change, gesture) = rest
                .changes
                .try_update_value(|changes| {
                    changes.count += 1;
                    (changes.count, std::mem::take(&mut changes.gesture_next))
                })
                .unwrap_or_default();
            let resized = rest
                .drawn
                .with_untracked(|drawn| (drawn.width, drawn.height) != (view.width, view.height));
            if !gesture || resized {
                rest.drawn.set(view);
                return;
            }
            set_timeout(
                move || {
                    if rest.changes.with_value(|changes| changes.count) == change {
                        rest.drawn.set(rest.view.get_untracked());
                    }
                },
                VIEW_REST,
            );
        });
        rest
    }

    /// Says that the next view change is a gesture's: the resting layers follow it once it rests.
    pub(super) fn gesture_follows(self) {
        self.changes
            .update_value(|changes| changes.gesture_next = true);
    }

    /// The view the resting layers are drawn for (tracked).
    pub(super) fn get(self) -> Viewport {
        self.drawn.get()
    }

    /// The CSS transform that moves a layer drawn for `drawn` (in its top-left corner's pixels)
    /// to where it belongs in the view as it is; none once the view is `drawn` (tracked).
    pub(super) fn shift(self, drawn: &Viewport) -> Option<String> {
        let view = self.view.get();
        (view != *drawn).then(|| view.shift_from(drawn).css())
    }
}
