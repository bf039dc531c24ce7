//! The timeline view: claims on a time axis, and the brush and handles that set the date filter.
//! Its arithmetic is in [`crate::timeline`].

use std::sync::Arc;

use kharita_core::model::{Basis, ClaimId};
use kharita_map::decimal::short;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::AfterFirstPaint;
use crate::data::Data;
use crate::dom;
use crate::filter::TimeAxis;
use crate::i18n::strings;
use crate::timeline::{
    Dated, Handle, Mark, Month, MonthRange, StackedMark, TimeScale, month_text, span_months,
    stack_marks,
};
use crate::ui::{CollectErased, Ui, tr};

/// Room on the timeline's start for the row names.
const TIMELINE_GUTTER: f64 = 64.0;
const TIMELINE_ROW_Y: [f64; 2] = [26.0, 52.0];
const TIMELINE_HEIGHT: f64 = 76.0;
/// Where the reader's choice to fold the timeline is kept (see [`dom::remember`]).
const FOLDED_KEY: &str = "kharita.timeline";

/// A coordinate for an SVG attribute, to a tenth of a pixel, written by [`short`] as the map's
/// other numbers are: `f64` attribute values would be written by float formatting, to 17 digits.
fn svg_number(value: f64) -> String {
    short(value, 1)
}

/// The date filter as the timeline sets it: by a drag across the timeline (`preview` while it
/// lasts, from `anchor`), or by its two handles.
#[derive(Clone, Copy)]
struct Brush {
    ui: Ui,
    scale: Memo<Option<TimeScale>>,
    preview: RwSignal<Option<MonthRange>>,
    anchor: StoredValue<Option<Month>>,
}

impl Brush {
    /// The range shown: the one being dragged, else the filter's.
    fn range(self) -> Option<MonthRange> {
        self.preview
            .get()
            .or_else(|| self.ui.filters.with(|f| f.dates))
    }

    /// The range shown, or all the timeline when no range is set.
    fn range_or_all(self, scale: TimeScale) -> MonthRange {
        self.range().unwrap_or(MonthRange {
            from: scale.first,
            to: scale.last,
        })
    }

    fn start(self, month: Month) {
        self.anchor.set_value(Some(month));
        self.preview.set(Some(MonthRange::between(month, month)));
    }

    fn extend(self, month: Month) {
        if let Some(start) = self.anchor.get_value() {
            self.preview.set(Some(MonthRange::between(start, month)));
        }
    }

    fn commit(self) {
        if let Some(range) = self.preview.get_untracked() {
            self.ui.filters.update(|f| f.dates = Some(range));
        }
        self.cancel();
    }

    fn cancel(self) {
        self.preview.set(None);
        self.anchor.set_value(None);
    }

    /// Moves a handle by the key pressed on it (see [`TimeScale::nudge`]).
    fn nudge(self, event: &web_sys::KeyboardEvent, handle: Handle) {
        let Some(scale) = self.scale.get_untracked() else {
            return;
        };
        let current = self
            .ui
            .filters
            .with_untracked(|f| f.dates)
            .unwrap_or(MonthRange {
                from: scale.first,
                to: scale.last,
            });
        if let Some(next) = scale.nudge(current, handle, &event.key()) {
            event.prevent_default();
            self.ui.filters.update(|f| f.dates = Some(next));
        }
    }
}

/// Where a timeline x (from the start of its marks) is drawn: after the row names.
fn x(px: f64) -> f64 {
    px + TIMELINE_GUTTER
}

/// Each claim's dates, row by row (see [`TimeAxis`]).
fn claim_dates(atlas: &kharita_core::Atlas) -> Vec<(ClaimId, Dated)> {
    let mut dates = Vec::new();
    for claim in atlas.claims() {
        for (row, &axis) in TimeAxis::ALL.iter().enumerate() {
            if let Some((span, basis)) = axis.date(atlas, claim) {
                let (start, end) = span_months(span);
                let stated = basis == Basis::Stated;
                let mark = Dated {
                    row,
                    start,
                    end,
                    stated,
                };
                dates.push((claim.id.clone(), mark));
            }
        }
    }
    dates
}

/// Claims on a time axis, one row for when each was said and one for when its event happened;
/// a filled mark is a date stated in the text, a hollow one an inferred date. Dragging across it,
/// or moving its two handles with the keyboard, sets the date filter.
#[component]
pub(crate) fn Timeline() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let container = NodeRef::<leptos::html::Div>::new();
    let width = RwSignal::new(800.0);
    let measure = move || {
        if let Some(element) = container.get_untracked() {
            let w = element.get_bounding_client_rect().width();
            if w > 0.0 {
                width.set(w);
            }
        }
    };
    container.on_load(move |_| request_animation_frame(measure));
    // Folded to its title row, as the reader left it; on a phone it starts folded.
    let folded = RwSignal::new(
        dom::remembered(FOLDED_KEY).map_or_else(dom::is_phone_sized, |kept| kept == "folded"),
    );
    // Opened again, it is measured again: folded, it had no width.
    Effect::new(move |_| {
        if !folded.get() {
            request_animation_frame(measure);
        }
    });
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let dates = claim_dates(&data.atlas);
    let months: Vec<Month> = dates
        .iter()
        .flat_map(|(_, dated)| [Some(dated.start), dated.end])
        .flatten()
        .collect();
    let scale = Memo::new(move |_| {
        TimeScale::covering(
            months.iter().copied(),
            (width.get() - TIMELINE_GUTTER - 8.0).max(100.0),
        )
    });
    let marks = stack_marks(dates);
    let brush = Brush {
        ui,
        scale,
        preview: RwSignal::new(None),
        anchor: StoredValue::new(None),
    };
    let month_at = move |event: &web_sys::PointerEvent| {
        let left = container
            .get_untracked()
            .map_or(0.0, |c| c.get_bounding_client_rect().left());
        scale
            .get_untracked()
            .map(|s| s.month_at(f64::from(event.client_x()) - left - TIMELINE_GUTTER))
    };

    view! {
        <section class="timeline" class:folded=move || folded.get() dir="ltr" aria-labelledby="timeline-title">
            <TimelineHead brush>
                <FoldButton folded />
            </TimelineHead>
            <div id="timeline-canvas" class="timeline-canvas" node_ref=container hidden=move || folded.get()>
                <svg
                    class="timeline-svg"
                    role="group"
                    aria-labelledby="timeline-title"
                    aria-describedby="timeline-help"
                    height=svg_number(TIMELINE_HEIGHT)
                    on:pointerdown=move |e: web_sys::PointerEvent| {
                        if e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|t| t.class_list().contains("handle")) {
                            return;
                        }
                        if let Some(month) = month_at(&e) {
                            brush.start(month);
                            if let Some(svg) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                                let _ = svg.set_pointer_capture(e.pointer_id());
                            }
                        }
                    }
                    on:pointermove=move |e: web_sys::PointerEvent| {
                        if let Some(month) = month_at(&e) {
                            brush.extend(month);
                        }
                    }
                    on:pointerup=move |_| brush.commit()
                    on:pointercancel=move |_| brush.cancel()
                >
                    // The marks can wait for the first paint: the timeline's height is fixed.
                    <AfterFirstPaint>
                        {let marks = marks.clone(); move || scale.get().map(|scale| view! { <Marks scale marks=marks.clone() /> })}
                    </AfterFirstPaint>
                    {move || brush.range().zip(scale.get()).map(|(r, scale)| view! {
                        <rect class="brush" aria-hidden="true" x=svg_number(x(scale.x_of(r.from))) y="2"
                            width=svg_number(scale.x_after(r.to) - scale.x_of(r.from)) height=svg_number(TIMELINE_HEIGHT - 4.0) />
                    })}
                    <BrushHandle brush handle=Handle::From />
                    <BrushHandle brush handle=Handle::To />
                </svg>
            </div>
            <p id="timeline-help" class="visually-hidden">{tr(ui, |s| s.timeline_help)}</p>
        </section>
    }
}

/// Folds the timeline to its title row, or opens it; the choice is kept for the next visit.
#[component]
fn FoldButton(folded: RwSignal<bool>) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let fold = move |_| {
        let now_folded = !folded.get_untracked();
        folded.set(now_folded);
        dom::remember(FOLDED_KEY, if now_folded { "folded" } else { "open" });
    };
    view! {
        <button type="button" class="timeline-fold" aria-controls="timeline-canvas"
            aria-expanded=move || (!folded.get()).to_string() on:click=fold>
            {move || {
                let s = strings(ui.lang.get());
                if folded.get() { s.unfold_timeline } else { s.fold_timeline }
            }}
        </button>
    }
}

/// The timeline's title, its fold button (`children`), which date it places claims by, the range
/// set, and its key.
#[component]
fn TimelineHead(brush: Brush, children: Children) -> impl IntoView {
    let ui = brush.ui;
    view! {
        <div class="timeline-head">
            <h2 class="timeline-title" id="timeline-title">{tr(ui, |s| s.timeline)}</h2>
            {children()}
            <fieldset class="axis">
                <legend>{tr(ui, |s| s.axis_label)}</legend>
                {TimeAxis::ALL.iter().map(|&axis| view! {
                    <label class="check">
                        <input type="radio" name="time-axis" value=axis.code()
                            prop:checked=move || ui.filters.with(|f| f.axis == axis)
                            on:change=move |_| ui.filters.update(|f| f.axis = axis) />
                        {tr(ui, if axis == TimeAxis::Said { |s| s.axis_said } else { |s| s.axis_event })}
                    </label>
                }).collect_erased()}
            </fieldset>
            <p class="timeline-range">
                {move || brush.range().map_or_else(
                    || strings(ui.lang.get()).all_dates.to_owned(),
                    |r| format!("{} – {}", month_text(r.from), month_text(r.to)),
                )}
            </p>
            {move || ui.filters.with(|f| f.dates.is_some()).then(|| view! {
                <button type="button" class="clear-dates" on:click=move |_| ui.filters.update(|f| f.dates = None)>
                    {tr(ui, |s| s.all_dates)}
                </button>
            })}
            <span class="timeline-key" aria-hidden="true">
                <svg viewBox="-6 -6 12 12"><circle class="stated" r="4" /></svg>{tr(ui, |s| s.stated_mark)}
                <svg viewBox="-6 -6 12 12"><circle class="inferred" r="4" /></svg>{tr(ui, |s| s.inferred_mark)}
            </span>
        </div>
    }
}

/// The years, the row names and the claims' marks, dimmed where none of their claims is shown.
#[component]
fn Marks(scale: TimeScale, marks: Vec<StackedMark>) -> impl IntoView {
    let ui = expect_context::<Ui>();
    view! {
        <g class="axis-ticks" aria-hidden="true">
            {scale.years().map(|(year, at)| view! {
                <line x1=svg_number(x(at)) x2=svg_number(x(at)) y1="4" y2=svg_number(TIMELINE_HEIGHT - 12.0) />
                <text x=svg_number(x(at) + 3.0) y=svg_number(TIMELINE_HEIGHT - 2.0)>{year}</text>
            }).collect_erased()}
            <text class="row-name" x="2" y=svg_number(TIMELINE_ROW_Y[0] + 4.0)>{tr(ui, |s| s.said)}</text>
            <text class="row-name" x="2" y=svg_number(TIMELINE_ROW_Y[1] + 4.0)>{tr(ui, |s| s.event)}</text>
        </g>
        <g class="marks" aria-hidden="true">
            {marks.into_iter().map(|(Mark { dated, level }, ids)| {
                let left = x(scale.x_of(dated.start));
                let right = x(scale.x_after(dated.end.unwrap_or(scale.last)));
                #[allow(clippy::cast_precision_loss)]
                let y = TIMELINE_ROW_Y[dated.row] - 3.0 - 5.0 * (level as f64);
                view! {
                    <rect
                        class=if dated.stated { "mark stated" } else { "mark inferred" }
                        class:dim=move || ui.shown.with(|s| !ids.iter().any(|id| s.claims.contains(id.as_str())))
                        x=svg_number(left) y=svg_number(y) width=svg_number((right - left).max(6.0)) height="6" rx="3"
                    />
                }
            }).collect_erased()}
        </g>
    }
}

/// One end of the date range, a slider the keyboard moves.
#[component]
fn BrushHandle(brush: Brush, handle: Handle) -> impl IntoView {
    let ui = brush.ui;
    let scale = brush.scale;
    let month = move || {
        let scale = scale.get()?;
        let range = brush.range_or_all(scale);
        Some((
            scale,
            if handle == Handle::From {
                range.from
            } else {
                range.to
            },
        ))
    };
    let at = move || {
        month().map_or(0.0, |(scale, m)| {
            let edge = if handle == Handle::From {
                scale.x_of(m)
            } else {
                scale.x_after(m)
            };
            x(edge) - 5.0
        })
    };
    view! {
        <rect
            class="handle"
            role="slider"
            tabindex="0"
            width="10"
            height=svg_number(TIMELINE_HEIGHT - 8.0)
            y="4"
            rx="3"
            x=move || svg_number(at())
            aria-label=tr(ui, if handle == Handle::From { |s| s.date_from } else { |s| s.date_to })
            aria-valuemin=move || scale.get().map(|s| s.first)
            aria-valuemax=move || scale.get().map(|s| s.last)
            aria-valuenow=move || month().map(|(_, m)| m)
            aria-valuetext=move || month().map(|(_, m)| month_text(m))
            on:keydown=move |e| brush.nudge(&e, handle)
        />
    }
}
