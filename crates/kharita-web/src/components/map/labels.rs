//! Basemap labels, countries then cities, in the interface language: a label is hidden where it
//! would overlap a more important one.

use std::sync::Arc;

use kharita_map::projection::World;
use kharita_map::viewport::Viewport;
use kharita_map::{Basemap, Label};
use leptos::prelude::*;

use crate::data::Data;
use crate::present::{LabelBox, declutter};
use crate::state::Lang;
use crate::ui::{CollectErased, Ui};

/// Every basemap label, each shown or hidden as the view and language allow.
#[component]
pub(super) fn PlaceLabels() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let Basemap {
        countries, cities, ..
    } = expect_context::<Arc<Data>>().basemap.clone();
    // Countries first: they win when a city's label would overlap theirs.
    let places: Arc<[(Label, &'static str)]> = countries
        .into_iter()
        .map(|label| (label, "country"))
        .chain(cities.into_iter().map(|label| (label, "city")))
        .collect();
    let labels_for_layout = places.clone();
    let visibility =
        Memo::new(move |_| shown_labels(&labels_for_layout, &ui.view.get(), ui.lang.get()));
    view! {
        <g class="labels" aria-hidden="true">
            {places
                .iter()
                .cloned()
                .enumerate()
                .map(|(index, (label, class))| view! { <PlaceLabel label=label class=class index=index visibility=visibility /> })
                .collect_erased()}
        </g>
    }
}

/// Font sizes of basemap labels; `kharita.css` uses the same.
const COUNTRY_LABEL_PX: f64 = 14.0;
const CITY_LABEL_PX: f64 = 11.0;

/// Which basemap labels are drawn at this view and language: a label is hidden when it would
/// overlap a more important one (see [`declutter`]).
fn shown_labels(places: &[(Label, &'static str)], view: &Viewport, lang: Lang) -> Vec<bool> {
    let boxes: Vec<LabelBox> = places
        .iter()
        .map(|(label, class)| {
            let at = view.to_screen(World {
                x: label.x,
                y: label.y,
            });
            let name = if lang == Lang::Ar {
                &label.name_ar
            } else {
                &label.name_en
            };
            let country = *class == "country";
            LabelBox {
                x: at.x,
                y: at.y,
                chars: name.chars().count(),
                font_px: if country {
                    COUNTRY_LABEL_PX
                } else {
                    CITY_LABEL_PX
                },
                centred: country,
            }
        })
        .collect();
    declutter(&boxes)
}

/// A basemap label: a country (no dot) or a city, in the interface language.
#[component]
fn PlaceLabel(
    label: Label,
    class: &'static str,
    /// This label's place in the visibility list of all labels.
    index: usize,
    visibility: Memo<Vec<bool>>,
) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let at = World {
        x: label.x,
        y: label.y,
    };
    let dot = (class == "city").then(|| view! { <circle r="2" /> });
    view! {
        <g
            class=class
            class:hidden=move || !visibility.with(|shown| shown[index])
            transform=move || ui.view.get().to_screen(at).translate()
        >
            {dot}
            <text x=if class == "city" { "5" } else { "0" } y="-4">
                {move || if ui.lang.get() == Lang::Ar { label.name_ar.clone() } else { label.name_en.clone() }}
            </text>
        </g>
    }
}
