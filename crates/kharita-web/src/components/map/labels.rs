//! Basemap labels, countries, then cities, then (zoomed in) towns, in the interface language: a
//! label is hidden where it would overlap a more important one.

use std::sync::Arc;

use kharita_core::model::SiteId;
use kharita_map::projection::World;
use kharita_map::viewport::Viewport;
use kharita_map::{Basemap, DETAIL_FROM_ZOOM, Detail, Label};
use leptos::prelude::*;

use crate::data::Data;
use crate::present::{LabelBox, declutter};
use crate::state::Lang;
use crate::ui::{CollectErased, Ui};

/// Every basemap label, each shown or hidden as the view and language allow, and where no site's
/// symbol is (`symbols`: the sites drawn as marker elements, and where). Towns come with the
/// map's `detail`, once the reader zooms in.
#[component]
pub(super) fn PlaceLabels(
    detail: ReadSignal<Option<Arc<Detail>>>,
    symbols: Vec<(SiteId, World)>,
) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let Basemap {
        countries, cities, ..
    } = expect_context::<Arc<Data>>().basemap.clone();
    // Countries first: they win when a city's label would overlap theirs; towns come last.
    let places: Arc<[(Label, &'static str)]> = countries
        .into_iter()
        .map(|label| (label, "country"))
        .chain(cities.into_iter().map(|label| (label, "city")))
        .collect();
    let labels_for_layout = places.clone();
    let visibility = Memo::new(move |_| {
        let view = ui.view.get();
        detail.with(|detail| {
            let towns = match detail {
                Some(detail) if view.zoom >= DETAIL_FROM_ZOOM => &detail.towns[..],
                _ => &[],
            };
            let all = labels_for_layout
                .iter()
                .map(|(label, class)| (label, *class))
                .chain(towns.iter().map(|label| (label, "town")));
            let symbols_on_screen: Vec<(f64, f64)> = ui.shown.with(|shown| {
                symbols
                    .iter()
                    .filter(|(id, _)| shown.sites.contains(id.as_str()))
                    .map(|&(_, at)| view.to_screen(at))
                    .map(|at| (at.x, at.y))
                    .collect()
            });
            shown_labels(all, &symbols_on_screen, &view, ui.lang.get())
        })
    });
    let first_town = places.len();
    view! {
        <g class="labels" aria-hidden="true">
            {places
                .iter()
                .cloned()
                .enumerate()
                .map(|(index, (label, class))| view! { <PlaceLabel label=label class=class index=index visibility=visibility /> })
                .collect_erased()}
            {move || detail.get()
                .map(|detail| detail.towns.clone())
                .unwrap_or_default()
                .into_iter()
                .enumerate()
                .map(|(index, label)| view! { <PlaceLabel label=label class="town" index=first_town + index visibility=visibility /> })
                .collect_erased()}
        </g>
    }
}

/// Font sizes of basemap labels; `kharita.css` uses the same.
const COUNTRY_LABEL_PX: f64 = 14.0;
const CITY_LABEL_PX: f64 = 11.0;
const TOWN_LABEL_PX: f64 = 10.0;

/// Which of `labels` (each with its class, most important first) are drawn at this view and
/// language: a label is hidden when it would overlap a site's symbol or a more important label
/// (see [`declutter`]).
fn shown_labels<'a>(
    labels: impl Iterator<Item = (&'a Label, &'static str)>,
    symbols: &[(f64, f64)],
    view: &Viewport,
    lang: Lang,
) -> Vec<bool> {
    let boxes: Vec<LabelBox> = labels
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
            LabelBox {
                x: at.x,
                y: at.y,
                chars: name.chars().count(),
                font_px: match class {
                    "country" => COUNTRY_LABEL_PX,
                    "city" => CITY_LABEL_PX,
                    _ => TOWN_LABEL_PX,
                },
                centred: class == "country",
            }
        })
        .collect();
    declutter(&boxes, symbols)
}

/// A basemap label: a country (no dot), a city or a town, in the interface language.
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
    let dotted = class != "country";
    let dot = dotted.then(|| view! { <circle r=if class == "city" { "2" } else { "1.5" } /> });
    view! {
        <g
            class=class
            class:hidden=move || !visibility.with(|shown| shown.get(index).copied().unwrap_or(false))
            transform=move || ui.view.get().to_screen(at).translate()
        >
            {dot}
            <text x=if dotted { "5" } else { "0" } y="-4">
                {move || if ui.lang.get() == Lang::Ar { label.name_ar.clone() } else { label.name_en.clone() }}
            </text>
        </g>
    }
}
