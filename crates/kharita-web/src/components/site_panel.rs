//! The site panel: the selected site's names, kind, location with its precision and source, and
//! its claims (see [`super::claims`]).

use std::sync::Arc;

use geo_types::Geometry;
use kharita_core::model::Site;
use kharita_map::decimal::fixed;
use kharita_map::projection::{LonLat, World};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::claims::ClaimList;
use crate::data::Data;
use crate::dom;
use crate::i18n::{self, strings};
use crate::present::{bounds, elsewhere, site_name};
use crate::ui::{CollectErased, Ui, tr};

fn coordinates_text(site: &Site) -> Option<String> {
    match site.geometry.as_ref()? {
        Geometry::Point(p) => Some(format!("{}°N, {}°E", fixed(p.y(), 4), fixed(p.x(), 4))),
        area @ (Geometry::Polygon(_) | Geometry::MultiPolygon(_)) => {
            let [w, s, e, n] = bounds([area])?;
            Some(format!(
                "{}…{}°N, {}…{}°E",
                fixed(s, 2),
                fixed(n, 2),
                fixed(w, 2),
                fixed(e, 2)
            ))
        }
        _ => None,
    }
}

/// How much of a phone's screen the site sheet takes; the map stays usable above it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sheet {
    /// The site's name and kind.
    Peek,
    Half,
    Full,
}

impl Sheet {
    fn bigger(self) -> Self {
        match self {
            Self::Peek => Self::Half,
            Self::Half | Self::Full => Self::Full,
        }
    }

    fn smaller(self) -> Self {
        match self {
            Self::Full => Self::Half,
            Self::Half | Self::Peek => Self::Peek,
        }
    }

    /// The next size a tap on the handle gives: up to full, then back down to a peek.
    fn next(self) -> Self {
        match self {
            Self::Peek => Self::Half,
            Self::Half => Self::Full,
            Self::Full => Self::Peek,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Self::Peek => "sheet-peek",
            Self::Half => "sheet-half",
            Self::Full => "sheet-full",
        }
    }
}

/// How far, in CSS pixels, the handle must be dragged to resize the sheet rather than tap it.
const SHEET_DRAG: i32 = 24;

/// The handle of the phone's site sheet (hidden on wider screens): dragged up or down, it makes
/// the sheet bigger or smaller; a tap steps through its sizes; so do the arrow keys.
#[component]
fn SheetHandle(sheet: RwSignal<Sheet>) -> impl IntoView {
    let ui = expect_context::<Ui>();
    // Where a drag began, and whether it moved far enough to be a drag (then the click that
    // follows the pointer's release is not a tap).
    let drag_from = StoredValue::new(None::<i32>);
    let dragged = StoredValue::new(false);
    let label = move || {
        let s = strings(ui.lang.get());
        let size = match sheet.get() {
            Sheet::Peek => s.sheet_peek,
            Sheet::Half => s.sheet_half,
            Sheet::Full => s.sheet_full,
        };
        format!("{}: {size}", s.sheet_size)
    };
    view! {
        <button
            type="button"
            class="sheet-handle"
            aria-label=label
            on:pointerdown=move |e: web_sys::PointerEvent| {
                drag_from.set_value(Some(e.client_y()));
                dragged.set_value(false);
                // The release may come far from the handle: it still reaches the handle.
                if let Some(handle) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    let _ = handle.set_pointer_capture(e.pointer_id());
                }
            }
            on:pointerup=move |e: web_sys::PointerEvent| {
                if let Some(from) = drag_from.get_value() {
                    let moved = e.client_y() - from;
                    if moved.abs() >= SHEET_DRAG {
                        dragged.set_value(true);
                        sheet.update(|s| *s = if moved < 0 { s.bigger() } else { s.smaller() });
                    }
                }
                drag_from.set_value(None);
            }
            on:click=move |_| {
                if !dragged.get_value() {
                    sheet.update(|s| *s = s.next());
                }
                dragged.set_value(false);
            }
            on:keydown=move |e: web_sys::KeyboardEvent| {
                let resized = match e.key().as_str() {
                    "ArrowUp" => Some(sheet.get_untracked().bigger()),
                    "ArrowDown" => Some(sheet.get_untracked().smaller()),
                    _ => None,
                };
                if let Some(size) = resized {
                    e.prevent_default();
                    sheet.set(size);
                }
            }
        />
    }
}

/// Pans the map, if need be, so that `point` shows above the phone's site sheet.
fn keep_clear_of_sheet(ui: Ui, point: World) {
    let top = |selector: &str| {
        document()
            .query_selector(selector)
            .ok()
            .flatten()
            .map(|element| element.get_bounding_client_rect().top())
    };
    if let (Some(sheet), Some(map)) = (top(".panel"), top(".map-canvas")) {
        let margin = 24.0;
        ui.view
            .update(|view| view.keep_in_band(point, margin, sheet - map - margin));
    }
}

#[component]
pub(crate) fn SitePanel() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let heading = NodeRef::<leptos::html::H2>::new();
    // On a phone, each newly chosen site opens the sheet at half the screen, and the map moves
    // the site out from under it.
    let sheet = RwSignal::new(Sheet::Half);
    let atlas_for_sheet = data.clone();
    Effect::new(move |_| {
        let site = ui.site.get();
        sheet.set(Sheet::Half);
        let point = site
            .and_then(|id| atlas_for_sheet.atlas.site(&id))
            .and_then(|site| match &site.geometry {
                Some(Geometry::Point(point)) => Some(LonLat::new(point.x(), point.y()).project()),
                _ => None,
            });
        if let Some(point) = point.filter(|_| dom::is_phone_sized()) {
            // Once the sheet is drawn, and after the map has fitted its first view.
            request_animation_frame(move || keep_clear_of_sheet(ui, point));
        }
    });
    // Keyboard users land on the panel after choosing a site.
    Effect::new(move |previous: Option<Option<String>>| {
        let site = ui.site.get();
        if previous.is_some_and(|p| p != site)
            && site.is_some()
            && ui.claim.get_untracked().is_none()
        {
            request_animation_frame(move || {
                if let Some(h) = heading.get_untracked() {
                    let _ = h.focus();
                }
            });
        }
        site
    });
    view! {
        <aside class=move || format!("panel {}", sheet.get().class()) aria-labelledby="panel-heading">
            {move || {
                let Some(site) = ui.site.get().and_then(|id| data.atlas.site(&id).cloned()) else {
                    return view! {
                        <h2 id="panel-heading" class="visually-hidden" node_ref=heading>{tr(ui, |s| s.claims)}</h2>
                        <p class="hint">{tr(ui, |s| s.no_selection)}</p>
                    }.into_any();
                };
                let for_counts = data.clone();
                let id = site.id.clone();
                // How many of the site's claims are shown, and how many the filters hide.
                let counts = move || {
                    let claims = for_counts.atlas.claims_about(&id);
                    ui.shown.with(|shown| {
                        claims.fold((0, 0), |(shown_count, hidden), claim| {
                            if shown.claims.contains(&claim.id) { (shown_count + 1, hidden) } else { (shown_count, hidden + 1) }
                        })
                    })
                };
                let hidden_counts = counts.clone();
                let lang = move || ui.lang.get();
                view! {
                    <SheetHandle sheet />
                    <header class="site-header">
                        <h2 id="panel-heading" tabindex="-1" node_ref=heading>{
                            let site = site.clone();
                            move || site_name(&site, lang()).to_owned()
                        }</h2>
                        <button type="button" class="close" aria-label=tr(ui, |s| s.close) on:click=move |_| ui.select_site(None)>"×"</button>
                    </header>
                    <p class="site-kind">{move || i18n::kind(lang(), site.kind)}</p>
                    <dl class="site-facts">
                        <dt>{tr(ui, |s| s.arabic_names)}</dt>
                        <dd lang="ar" dir="rtl">{site.names_ar.join(" · ")}</dd>
                        <dt>{tr(ui, |s| s.coordinates)}</dt>
                        <dd>
                            <span class="precision">{move || i18n::precision(lang(), site.precision)}</span>
                            {coordinates_text(&site).map(|c| view! { <span class="coords" dir="ltr">{c}</span> })}
                        </dd>
                        {site.coordinate_source.clone().map(|source| view! { <dt>{tr(ui, |s| s.coordinate_source)}</dt><dd dir="ltr" lang="en">{source}</dd> })}
                        {let links = elsewhere(&site); (!links.is_empty()).then(|| view! {
                            <dt>{tr(ui, |s| s.see_elsewhere)}</dt>
                            <dd class="elsewhere" dir="ltr">
                                {links.into_iter().map(|(name, href)| view! {
                                    <a href=href target="_blank" rel="noopener noreferrer">{name}</a>
                                }).collect_erased()}
                            </dd>
                        })}
                        {site.location_note.clone().map(|note| view! { <dd class="note" lang="en" dir="ltr">{note}</dd> })}
                    </dl>
                    <h3>{move || format!("{} ({})", strings(lang()).claims, counts().0)}</h3>
                    {move || {
                        let hidden = hidden_counts().1;
                        (hidden > 0).then(|| view! { <p class="hidden-claims">{strings(lang()).hidden_by_filters}": "{hidden}</p> })
                    }}
                    <ClaimList site=site.id.clone() />
                }
                .into_any()
            }}
        </aside>
    }
}
