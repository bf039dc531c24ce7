//! The map's labels, in the interface language: the sites' names beside their symbols (the
//! selected site's strongest), then the basemap's, countries, then cities, then (zoomed in)
//! towns. A label is hidden where it would overlap a more important one or a site's symbol.

use std::sync::Arc;

use kharita_core::model::{Atlas, SiteId};
use kharita_map::decimal::fixed;
use kharita_map::projection::World;
use kharita_map::viewport::Viewport;
use kharita_map::{Basemap, DETAIL_FROM_ZOOM, Detail, Label};
use leptos::prelude::*;

use super::markers::PaintedLayer;
use crate::data::Data;
use crate::filter::Shown;
use crate::present::{LabelBox, Mark, declutter, site_name};
use crate::state::Lang;
use crate::ui::{CollectErased, Ui};

/// Every basemap label, each shown or hidden as the view and language allow, and where no site's
/// symbol is (`symbols`: the sites drawn as marker elements, and where) nor anything `painted`
/// (markers and their clusters, in an atlas of thousands of sites). Towns come with the map's
/// `detail`, once the reader zooms in.
#[component]
pub(super) fn PlaceLabels(
    detail: ReadSignal<Option<Arc<Detail>>>,
    symbols: Vec<(SiteId, World)>,
    painted: Option<PaintedLayer>,
) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let Basemap {
        countries, cities, ..
    } = data.basemap.clone();
    let sites = SiteLabel::of_symbols(&data.atlas, &symbols);
    let sites_for_layout = sites.clone();
    // Countries first: they win when a city's label would overlap theirs; towns come last.
    let places: Arc<[(Label, &'static str)]> = countries
        .into_iter()
        .map(|label| (label, "country"))
        .chain(cities.into_iter().map(|label| (label, "city")))
        .collect();
    let labels_for_layout = places.clone();
    let layout = Memo::new(move |_| {
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
            let mut marks: Vec<Mark> = ui.shown.with(|shown| {
                symbols
                    .iter()
                    .filter(|(id, _)| shown.sites.contains(id.as_str()))
                    .map(|&(_, at)| view.to_screen(at))
                    .map(|at| Mark::symbol(at.x, at.y))
                    .collect()
            });
            if let Some(painted) = &painted {
                marks.extend(painted.marks(&view));
            }
            let lang = ui.lang.get();
            let selected = ui.site.get();
            let places = place_boxes(all, &view, lang);

            let (site_boxes, left) = ui.shown.with(|shown| {
                let selected = selected.as_deref();
                site_name_boxes(
                    &sites_for_layout,
                    shown,
                    &view,
                    lang,
                    selected,
                    &marks,
                    &places,
                )
            });
            Layout {
                shown: shown_labels(
                    &site_boxes,
                    selected.as_deref(),
                    &sites_for_layout,
                    places,
                    &marks,
                ),
                left,
            }
        })
    });
    let site_count = sites.len();
    let visibility = Memo::new(move |_| layout.with(|layout| layout.shown.clone()));
    let on_left = Memo::new(move |_| layout.with(|layout| layout.left.clone()));
    let first_town = site_count + places.len();
    view! {
        <g class="labels" aria-hidden="true">
            {places
                .iter()
                .cloned()
                .enumerate()
                .map(|(index, (label, class))| view! { <PlaceLabel label=label class=class index=site_count + index visibility=visibility /> })
                .collect_erased()}
            // After the basemap's, so that they are drawn over them.
            {sites
                .iter()
                .cloned()
                .enumerate()
                .map(|(index, site)| view! { <SiteName site index visibility on_left /> })
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

/// Font sizes of labels; `kharita.css` uses the same.
const SITE_LABEL_PX: f64 = 12.0;
const SELECTED_SITE_LABEL_PX: f64 = 14.0;
const COUNTRY_LABEL_PX: f64 = 14.0;
const CITY_LABEL_PX: f64 = 11.0;
const TOWN_LABEL_PX: f64 = 10.0;
/// Where a site's name starts, right of its symbol's centre, clear of the symbol (its ring
/// included, [`crate::present::SYMBOL_HALF_PX`]).
const SITE_LABEL_START_PX: f64 = 17.0;

/// A site's name beside its symbol.
#[derive(Clone, Debug)]
struct SiteLabel {
    id: SiteId,
    at: World,
    name_en: String,
    name_ar: String,
}

impl SiteLabel {
    /// The names of the sites drawn as symbols, at their symbols. On the map, a name without
    /// what its brackets add ("Tobruk (port; …)"): the panel says it all.
    fn of_symbols(atlas: &Atlas, symbols: &[(SiteId, World)]) -> Arc<[Self]> {
        symbols
            .iter()
            .filter_map(|(id, at)| {
                let site = atlas.site(id)?;
                let short = |lang| {
                    let name = site_name(site, lang);
                    name.split(" (").next().unwrap_or(name).to_owned()
                };
                Some(Self {
                    id: id.clone(),
                    at: *at,
                    name_en: short(Lang::En),
                    name_ar: short(Lang::Ar),
                })
            })
            .collect()
    }

    fn name(&self, lang: Lang) -> &str {
        if lang == Lang::Ar {
            &self.name_ar
        } else {
            &self.name_en
        }
    }

    /// Where its name stands on screen, right of the symbol or left of it: from
    /// [`SITE_LABEL_START_PX`] off the symbol's centre, its middle level with it.
    fn label_box(&self, view: &Viewport, lang: Lang, selected: bool, left: bool) -> LabelBox {
        let at = view.to_screen(self.at);
        let font_px = if selected {
            SELECTED_SITE_LABEL_PX
        } else {
            SITE_LABEL_PX
        };
        let mut label = LabelBox {
            x: at.x,
            y: at.y + font_px / 2.0,
            chars: self.name(lang).chars().count(),
            font_px,
            centred: false,
        };
        // `LabelBox` places an uncentred name 5 px after its point.
        label.x += if left {
            -SITE_LABEL_START_PX - label.width() - 5.0
        } else {
            SITE_LABEL_START_PX - 5.0
        };
        label
    }
}

/// Where each site's name stands (`None` for a site the filters hide), and whether it goes left
/// of its symbol ([`goes_left`]).
fn site_name_boxes(
    sites: &[SiteLabel],
    shown: &Shown,
    view: &Viewport,
    lang: Lang,
    selected: Option<&str>,
    marks: &[Mark],
    places: &[LabelBox],
) -> (Vec<Option<LabelBox>>, Vec<bool>) {
    sites
        .iter()
        .map(|site| {
            if !shown.sites.contains(site.id.as_str()) {
                return (None, false);
            }
            let is_selected = selected == Some(site.id.as_str());
            let right = site.label_box(view, lang, is_selected, false);
            let left = site.label_box(view, lang, is_selected, true);
            if goes_left(&right, &left, marks, places, view.width) {
                (Some(left), true)
            } else {
                (Some(right), false)
            }
        })
        .unzip()
}

/// Whether a site's name goes left of its symbol rather than right: where the left stays within
/// the map (`width` pixels wide) and the right would run off its edge, or failing that where the
/// left clears another site's symbol that the right would cover, or hides fewer of the basemap's
/// names (`places`: the towns around a base, say).
fn goes_left(
    right: &LabelBox,
    left: &LabelBox,
    marks: &[Mark],
    places: &[LabelBox],
    width: f64,
) -> bool {
    let cost = |label: &LabelBox| {
        let on_symbol = marks.iter().any(|&mark| label.overlaps_mark(mark));
        (
            label.runs_off(width),
            on_symbol,
            places.iter().filter(|place| label.overlaps(place)).count(),
        )
    };
    cost(left) < cost(right)
}

/// Which labels are drawn, and on which side of its symbol each site's name goes.
#[derive(Clone, Debug, Default, PartialEq)]
struct Layout {
    /// In the map's order: the sites', then the basemap's.
    shown: Vec<bool>,
    /// For each site, whether its name goes left of its symbol.
    left: Vec<bool>,
}

/// The basemap's labels (each with its class, most important first) as they stand on screen.
fn place_boxes<'a>(
    labels: impl Iterator<Item = (&'a Label, &'static str)>,
    view: &Viewport,
    lang: Lang,
) -> Vec<LabelBox> {
    labels
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
        .collect()
}

/// Which labels are drawn, in their order on the map: the sites' (`None` for a site the filters
/// hide), then the basemap's. The selected site's name is placed first, then the other sites',
/// then the basemap's in their order; each is hidden when it would overlap a site's symbol or a
/// label placed before it (see [`declutter`]).
fn shown_labels(
    sites: &[Option<LabelBox>],
    selected: Option<&str>,
    site_labels: &[SiteLabel],
    places: Vec<LabelBox>,
    marks: &[Mark],
) -> Vec<bool> {
    let is_selected =
        |index: usize| selected.is_some_and(|id| site_labels[index].id.as_str() == id);
    // Indices into the map's order, most important first.
    let mut order: Vec<usize> = (0..sites.len()).filter(|&i| is_selected(i)).collect();
    order.extend((0..sites.len()).filter(|&i| !is_selected(i)));
    order.retain(|&i| sites[i].is_some());
    let mut boxes: Vec<LabelBox> = order.iter().filter_map(|&i| sites[i]).collect();
    order.extend((0..places.len()).map(|i| sites.len() + i));
    let mut shown = vec![false; sites.len() + places.len()];
    boxes.extend(places);
    for (index, visible) in order.into_iter().zip(declutter(&boxes, marks)) {
        shown[index] = visible;
    }
    shown
}

/// A site's name beside its symbol, in the interface language; the selected site's is the
/// strongest text on the map.
#[component]
fn SiteName(
    site: SiteLabel,
    /// This label's place in the visibility list of all labels, and in `on_left`'s.
    index: usize,
    visibility: Memo<Vec<bool>>,
    on_left: Memo<Vec<bool>>,
) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let (id, at) = (site.id.clone(), site.at);
    let left = move || on_left.with(|left| left.get(index).copied().unwrap_or(false));
    view! {
        <g
            class="site-name"
            class:selected=move || ui.site.with(|selected| selected.as_deref() == Some(id.as_str()))
            class:hidden=move || !visibility.with(|shown| shown.get(index).copied().unwrap_or(false))
            transform=move || ui.view.get().to_screen(at).translate()
        >
            // Not `f64::to_string`: Rust's float printing is 8 KB of wasm.
            <text
                x=move || fixed(if left() { -SITE_LABEL_START_PX } else { SITE_LABEL_START_PX }, 0)
                text-anchor=move || if left() { "end" } else { "start" }
                y="4"
            >
                {move || site.name(ui.lang.get()).to_owned()}
            </text>
        </g>
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn name_at(x: f64, y: f64, chars: usize) -> LabelBox {
        LabelBox {
            x,
            y,
            chars,
            font_px: SITE_LABEL_PX,
            centred: false,
        }
    }

    /// The map's width in these tests: room for a name on either side.
    const WIDE: f64 = 800.0;

    /// Regression: on a phone, "Maaten al-Sarra Air Base" ran off the map's right edge, cut,
    /// where it fitted left of its symbol.
    #[test]
    fn a_sites_name_goes_left_rather_than_run_off_the_map() {
        let (right, left) = (name_at(260.0, 6.0, 24), name_at(60.0, 6.0, 24));
        assert!(right.runs_off(412.0) && !left.runs_off(412.0));
        assert!(goes_left(&right, &left, &[], &[], 412.0));
        let town = LabelBox {
            font_px: TOWN_LABEL_PX,
            ..name_at(100.0, 16.0, 6)
        };
        assert!(
            goes_left(&right, &left, &[Mark::symbol(120.0, 0.0)], &[town], 412.0),
            "even over a symbol or a town: a cut name is read by no one"
        );
        assert!(
            !goes_left(&right, &left, &[], &[], WIDE),
            "right where it fits"
        );
    }

    /// Regression: zoomed in on Jufra, its name took the place of Waddān's, east of it.
    #[test]
    fn a_sites_name_goes_left_rather_than_hide_a_town_or_cover_a_symbol() {
        let (right, left) = (name_at(212.0, 6.0, 17), name_at(60.0, 6.0, 17));
        let waddan = LabelBox {
            font_px: TOWN_LABEL_PX,
            ..name_at(250.0, 16.0, 6)
        };
        assert!(
            !goes_left(&right, &left, &[], &[], WIDE),
            "right, all else equal"
        );
        assert!(
            goes_left(&right, &left, &[], &[waddan], WIDE),
            "left, to keep the town"
        );
        assert!(
            goes_left(&right, &left, &[Mark::symbol(260.0, 0.0)], &[], WIDE),
            "left, off another symbol"
        );
        assert!(
            !goes_left(
                &right,
                &left,
                &[Mark::symbol(260.0, 0.0), Mark::symbol(140.0, 0.0)],
                &[],
                WIDE
            ),
            "right when both sides cover a symbol and neither hides a name"
        );
    }
}
