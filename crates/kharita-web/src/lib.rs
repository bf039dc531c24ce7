//! Kharita's map: draws the atlas over a Natural Earth basemap and, for any claim, opens its
//! article with the passage highlighted.
//!
//! Logic lives in plain code tested natively: the `kharita-map` crate (projection, viewport,
//! gestures) and the [`state`] and [`present`] modules; this file holds the leptos components. Text from data or the
//! URL is always rendered as text, never as HTML.

pub mod i18n;
pub mod present;
pub mod state;

use std::collections::HashMap;
use std::sync::Arc;

use geo_types::Geometry;
use kharita_core::model::{Atlas, Basis, Claim, Dating, Precision, Site, SiteKind, Source, Stance};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use kharita_map::gesture::{Change, Gestures, Input, Key};
use kharita_map::projection::{LonLat, World, metres_per_pixel};
use kharita_map::viewport::{Screen, Viewport};
use kharita_map::{Basemap, Label, MapData};

use crate::i18n::strings;
use crate::present::{
    LabelBox, bounds, declutter, marker_side, scale_bar, side_class, split_passage,
};
use crate::state::{Lang, UrlState, View};

/// Everything fetched at start-up.
#[derive(Debug)]
pub struct Data {
    pub atlas: Atlas,
    pub basemap: Basemap,
    /// Article texts by source id.
    pub texts: HashMap<String, String>,
    /// Outline paths of region sites, by site id, in world coordinates.
    pub region_paths: std::collections::BTreeMap<String, String>,
}

/// The interface state shared by all components. The URL mirrors it.
#[derive(Clone, Copy, Debug)]
struct Ui {
    lang: RwSignal<Lang>,
    site: RwSignal<Option<String>>,
    claim: RwSignal<Option<String>>,
    view: RwSignal<Viewport>,
    /// Whether the view belongs in the URL (given there, or moved by the user).
    view_in_url: RwSignal<bool>,
    /// What screen readers are told after a selection.
    announcement: RwSignal<String>,
}

impl Ui {
    fn select_site(self, id: Option<String>) {
        self.claim.set(None);
        self.site.set(id);
    }

    fn open_claim(self, claim: &Claim) {
        if self
            .site
            .get_untracked()
            .is_none_or(|site| !claim.sites.contains(&site))
        {
            self.site.set(claim.sites.first().cloned());
        }
        self.claim.set(Some(claim.id.clone()));
    }

    /// Closes the reader and gives focus back to the claim's "Show in source" button.
    fn close_reader(self) {
        let Some(claim) = self.claim.get_untracked() else {
            return;
        };
        self.claim.set(None);
        // Claim ids are checked ids (letters, digits, hyphens), safe inside a selector.
        let selector = format!("[data-claim-id=\"{claim}\"] .show-source");
        request_animation_frame(move || {
            let button = document()
                .query_selector(&selector)
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(button) = button {
                let _ = button.focus();
            }
        });
    }

    fn url_state(self) -> UrlState {
        let view = self.view.get();
        let center = view.center_lon_lat();
        UrlState {
            site: self.site.get(),
            claim: self.claim.get(),
            lang: Some(self.lang.get()),
            view: self.view_in_url.get().then_some(View {
                zoom: view.zoom,
                lat: center.lat,
                lon: center.lon,
            }),
        }
    }

    fn apply(self, url: &UrlState) {
        self.site.set(url.site.clone());
        self.claim.set(url.claim.clone());
        if let Some(lang) = url.lang {
            self.lang.set(lang);
        }
        if let Some(view) = url.view {
            self.view.update(|v| {
                *v = Viewport::new(
                    LonLat::new(view.lon, view.lat),
                    view.zoom,
                    v.width,
                    v.height,
                );
            });
            self.view_in_url.set(true);
        }
    }
}

fn js_error(error: &wasm_bindgen::JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

/// Starts fetching `url` at once (not when first awaited, as an `async fn` would), so several
/// requests run side by side; the future resolves to the response text.
fn fetch_text(url: &str) -> impl Future<Output = Result<String, String>> {
    let request = web_sys::window().map(|window| JsFuture::from(window.fetch_with_str(url)));
    let url = url.to_owned();
    async move {
        let response: web_sys::Response = request
            .ok_or("no window")?
            .await
            .map_err(|e| js_error(&e))?
            .dyn_into()
            .map_err(|e| js_error(&e))?;
        if !response.ok() {
            return Err(format!("{url}: HTTP {}", response.status()));
        }
        let text = JsFuture::from(response.text().map_err(|e| js_error(&e))?)
            .await
            .map_err(|e| js_error(&e))?;
        text.as_string().ok_or_else(|| format!("{url}: not text"))
    }
}

/// Fetches the atlas (the `kharita export` GeoJSON), the map shapes and every article, relative
/// to the page so any sub-path works.
async fn load_data() -> Result<Arc<Data>, String> {
    let (atlas, shapes) = (fetch_text("atlas.geojson"), fetch_text("map.json"));
    let atlas = Atlas::from_geojson(&atlas.await?).map_err(|e| format!("atlas.geojson: {e}"))?;
    let articles: Vec<_> = atlas
        .sources
        .iter()
        .map(|source| (source.id.clone(), fetch_text(&source.file)))
        .collect();
    let MapData {
        basemap,
        region_paths,
    } = serde_json::from_str(&shapes.await?).map_err(|e| format!("map.json: {e}"))?;
    let mut texts = HashMap::new();
    for (id, text) in articles {
        texts.insert(id, text.await?);
    }
    Ok(Arc::new(Data {
        atlas,
        basemap,
        texts,
        region_paths,
    }))
}

fn current_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

fn browser_lang() -> Lang {
    let languages: Vec<String> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|l| l.as_string())
                .collect()
        })
        .unwrap_or_default();
    Lang::from_browser(languages.iter().map(String::as_str))
}

/// The root component: loads the data, then shows the atlas.
#[component]
pub fn App() -> impl IntoView {
    let url = UrlState::parse(&current_query());
    let lang = RwSignal::new(url.lang.unwrap_or_else(browser_lang));
    let data = LocalResource::new(load_data);
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
            let _ = root.set_attribute("dir", lang.dir());
        }
        document().set_title(&format!(
            "{} · {}",
            strings(lang).app_title,
            strings(lang).tagline
        ));
    });
    view! {
        {move || match data.get() {
            None => view! { <p class="status" role="status">{move || strings(lang.get()).loading}</p> }.into_any(),
            Some(Err(error)) => view! {
                <p class="status error" role="alert">{move || strings(lang.get()).load_failed}": "{error}</p>
            }
            .into_any(),
            Some(Ok(data)) => view! { <Atlas data=data lang=lang url=url.clone() /> }.into_any(),
        }}
    }
}

/// Initial view: the URL's, or all drawn sites fitted into the screen.
fn initial_viewport(atlas: &Atlas, url: &UrlState) -> Viewport {
    let (width, height) = (960.0, 640.0);
    if let Some(view) = url.view {
        return Viewport::new(LonLat::new(view.lon, view.lat), view.zoom, width, height);
    }
    let mut viewport = Viewport::new(LonLat::new(17.0, 27.0), 5.0, width, height);
    fit_sites(&mut viewport, atlas);
    viewport
}

fn fit_sites(viewport: &mut Viewport, atlas: &Atlas) {
    if let Some([west, south, east, north]) =
        bounds(atlas.sites.iter().filter_map(|s| s.geometry.as_ref()))
    {
        viewport.fit(LonLat::new(west, south), LonLat::new(east, north), 24.0);
    }
}

#[component]
fn Atlas(data: Arc<Data>, lang: RwSignal<Lang>, url: UrlState) -> impl IntoView {
    let ui = Ui {
        lang,
        site: RwSignal::new(None),
        claim: RwSignal::new(None),
        view: RwSignal::new(initial_viewport(&data.atlas, &url)),
        view_in_url: RwSignal::new(false),
        announcement: RwSignal::new(String::new()),
    };
    let url = url.known_to(&data.atlas);
    ui.apply(&url);
    if let Some(claim) = url.claim.as_deref().and_then(|id| data.atlas.claim(id)) {
        ui.open_claim(claim);
    }
    provide_context(ui);
    provide_context(data.clone());

    // The URL follows the state: selections push history entries, view changes replace them.
    let last_selection = StoredValue::new((ui.site.get_untracked(), ui.claim.get_untracked()));
    Effect::new(move |_| {
        let query = ui.url_state().to_query();
        let selection = (ui.site.get(), ui.claim.get());
        let Some(window) = web_sys::window() else {
            return;
        };
        if window.location().search().ok().as_deref() == Some(query.as_str()) {
            return;
        }
        let path = window.location().pathname().unwrap_or_default();
        let Ok(history) = window.history() else {
            return;
        };
        let target = format!("{path}{query}");
        let pushed = last_selection.get_value() != selection;
        last_selection.set_value(selection);
        let _ = if pushed {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target))
        };
    });
    // Back and forward restore the state the URL holds.
    let atlas_for_history = data.clone();
    let popstate = window_event_listener(ev::popstate, move |_| {
        let url = UrlState::parse(&current_query()).known_to(&atlas_for_history.atlas);
        last_selection.set_value((url.site.clone(), url.claim.clone()));
        ui.apply(&url);
    });
    on_cleanup(move || popstate.remove());
    // Escape closes the reader, then the site panel.
    let escape = window_event_listener(ev::keydown, move |e| {
        if e.key() != "Escape" {
            return;
        }
        if ui.claim.get_untracked().is_some() {
            ui.close_reader();
        } else if ui.site.get_untracked().is_some() {
            ui.select_site(None);
        }
    });
    on_cleanup(move || escape.remove());

    // Tell screen readers what was selected.
    let atlas_for_announce = data.clone();
    Effect::new(move |_| {
        let lang = ui.lang.get();
        let text = ui.site.get().and_then(|id| {
            atlas_for_announce.atlas.site(&id).map(|site| {
                let count = atlas_for_announce.atlas.claims_about(&site.id).count();
                format!(
                    "{}: {} ({count})",
                    strings(lang).selected,
                    site_name(site, lang)
                )
            })
        });
        ui.announcement.set(text.unwrap_or_default());
    });

    view! {
        <div class="app" class:reading=move || ui.claim.get().is_some()>
            <header class="bar">
                <h1>
                    <span class="brand">{move || strings(ui.lang.get()).app_title}</span>
                    <span class="tagline">{move || strings(ui.lang.get()).tagline}</span>
                </h1>
                <button
                    class="language"
                    type="button"
                    lang=move || ui.lang.get().other().code()
                    aria-label=move || strings(ui.lang.get()).switch_language_label
                    on:click=move |_| ui.lang.update(|lang| *lang = lang.other())
                >
                    {move || strings(ui.lang.get()).other_language}
                </button>
            </header>
            <main class="layout">
                <MapView />
                <SitePanel />
                <Reader />
            </main>
            <p class="visually-hidden" aria-live="polite">{move || ui.announcement.get()}</p>
        </div>
    }
}

fn site_name(site: &Site, lang: Lang) -> String {
    match lang {
        Lang::En => site.name_en.clone(),
        Lang::Ar => site
            .names_ar
            .first()
            .cloned()
            .unwrap_or_else(|| site.name_en.clone()),
    }
}

/// A drawn point site, with what its marker needs.
#[derive(Clone, Debug)]
struct Marker {
    id: String,
    kind: SiteKind,
    precision: Precision,
    side: &'static str,
    contested: bool,
    at: LonLat,
}

fn kind_class(kind: SiteKind) -> &'static str {
    match kind {
        SiteKind::AirBase => "air-base",
        SiteKind::NavalBase => "naval-base",
        SiteKind::Port => "port",
        SiteKind::Airfield => "airfield",
        SiteKind::City => "city",
        SiteKind::Region => "region",
        SiteKind::Country => "country",
    }
}

/// The marker symbol for a kind, centred on the origin.
fn marker_shape(kind: SiteKind) -> &'static str {
    match kind {
        SiteKind::AirBase | SiteKind::Airfield => "M0 -9L8 6H-8Z",
        SiteKind::NavalBase | SiteKind::Port => "M-7 -7H7V7H-7Z",
        _ => "M-7 0A7 7 0 1 0 7 0A7 7 0 1 0 -7 0Z",
    }
}

#[component]
fn MapView() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let container = NodeRef::<leptos::html::Div>::new();
    let gestures = StoredValue::new(Gestures::default());

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
    let atlas_for_fit = data.clone();
    container.on_load(move |_| {
        let had_view = ui.view_in_url.get_untracked();
        request_animation_frame(move || {
            measure();
            if !had_view {
                ui.view.update(|view| fit_sites(view, &atlas_for_fit.atlas));
            }
        });
    });
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let apply = move |change: Change| {
        ui.view.update(|view| match change {
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
        ui.view_in_url.set(true);
    };
    let feed = move |input: Input| {
        let view = ui.view.get_untracked();
        let center = Screen {
            x: view.width / 2.0,
            y: view.height / 2.0,
        };
        if let Some(change) = gestures
            .try_update_value(|g| g.handle(input, center))
            .flatten()
        {
            apply(change);
        }
    };
    // Relative to the map, whatever element (a marker, a label) the pointer is over.
    let screen_of = move |event: &web_sys::MouseEvent| {
        let rect = container
            .get_untracked()
            .map(|c| c.get_bounding_client_rect());
        let (left, top) = rect.map_or((0.0, 0.0), |r| (r.left(), r.top()));
        Screen {
            x: f64::from(event.client_x()) - left,
            y: f64::from(event.client_y()) - top,
        }
    };

    let markers: Vec<Marker> = data
        .atlas
        .sites
        .iter()
        .filter_map(|site| match &site.geometry {
            Some(Geometry::Point(point)) => Some(Marker {
                id: site.id.clone(),
                kind: site.kind,
                precision: site.precision,
                side: side_class(marker_side(&data.atlas, &site.id)),
                contested: data.atlas.is_contested(&site.id),
                at: LonLat::new(point.x(), point.y()),
            }),
            _ => None,
        })
        .collect();
    let regions: Vec<(String, String, &'static str)> = data
        .atlas
        .sites
        .iter()
        .filter_map(|site| {
            let path = data.region_paths.get(&site.id)?;
            Some((
                site.id.clone(),
                path.clone(),
                side_class(marker_side(&data.atlas, &site.id)),
            ))
        })
        .collect();
    let unknown: Vec<Site> = data
        .atlas
        .sites
        .iter()
        .filter(|s| s.precision == Precision::Unknown)
        .cloned()
        .collect();

    let data_for_names = data.clone();
    let name_of = move |id: &str| {
        data_for_names
            .atlas
            .site(id)
            .map(|s| site_name(s, ui.lang.get()))
            .unwrap_or_default()
    };
    let name_of_region = name_of.clone();
    let name_of_unknown = name_of.clone();
    let Basemap {
        land,
        beyond,
        coast,
        borders,
        countries,
        cities,
    } = data.basemap.clone();
    // Countries first: they win when a city's label would overlap theirs.
    let places: Arc<[(Label, &'static str)]> = countries
        .into_iter()
        .map(|label| (label, "country"))
        .chain(cities.into_iter().map(|label| (label, "city")))
        .collect();
    let labels_for_layout = places.clone();
    let label_visibility =
        Memo::new(move |_| shown_labels(&labels_for_layout, &ui.view.get(), ui.lang.get()));

    let select = move |id: String| {
        if !gestures.with_value(Gestures::was_drag) {
            ui.select_site(Some(id));
        }
    };
    let on_activate_key = move |event: &web_sys::KeyboardEvent, id: &str| {
        if event.key() == "Enter" || event.key() == " " {
            event.prevent_default();
            ui.select_site(Some(id.to_owned()));
        }
    };

    let scale = Memo::new(move |_| {
        let view = ui.view.get();
        scale_bar(
            metres_per_pixel(view.center_lon_lat().lat, view.zoom),
            120.0,
        )
    });

    view! {
        <section class="map" aria-label=move || strings(ui.lang.get()).map_label>
            <div class="map-canvas" node_ref=container>
                <svg
                    class="map-svg"
                    tabindex="0"
                    role="group"
                    aria-label=move || strings(ui.lang.get()).map_label
                    aria-describedby="map-help"
                    on:pointerdown=move |e: web_sys::PointerEvent| {
                        feed(Input::PointerDown { id: e.pointer_id(), at: screen_of(&e) });
                    }
                    on:pointermove=move |e: web_sys::PointerEvent| {
                        feed(Input::PointerMove { id: e.pointer_id(), at: screen_of(&e) });
                    }
                    on:pointerup=move |e: web_sys::PointerEvent| feed(Input::PointerUp { id: e.pointer_id() })
                    on:pointercancel=move |e: web_sys::PointerEvent| feed(Input::PointerUp { id: e.pointer_id() })
                    on:pointerleave=move |e: web_sys::PointerEvent| feed(Input::PointerUp { id: e.pointer_id() })
                    on:wheel=move |e: web_sys::WheelEvent| {
                        e.prevent_default();
                        feed(Input::Wheel { at: screen_of(&e), delta_y: e.delta_y() });
                    }
                    on:keydown=move |e: web_sys::KeyboardEvent| {
                        let on_map = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .is_some_and(|t| t.class_list().contains("map-svg"));
                        if let (true, Some(key)) = (on_map, Key::from_key(&e.key())) {
                            e.prevent_default();
                            feed(Input::Key(key));
                        }
                    }
                >
                    <g class="world" transform=move || ui.view.get().world_transform()>
                        <path class="land" d=land />
                        <path class="beyond-basemap" d=beyond fill-rule="evenodd" />
                        <path class="coast" d=coast />
                        <path class="border" d=borders />
                        {regions
                            .into_iter()
                            .map(|(id, path, side)| {
                                let selected_id = id.clone();
                                let key_id = id.clone();
                                let click_id = id.clone();
                                let label_id = id.clone();
                                let name_of_region = name_of_region.clone();
                                let (title_name, title_id) = (name_of_region.clone(), id.clone());
                                view! {
                                    <path
                                        class=format!("region side-{side}")
                                        class:selected=move || ui.site.get().as_deref() == Some(selected_id.as_str())
                                        d=path
                                        tabindex="0"
                                        role="button"
                                        data-site-id=id
                                        aria-label=move || name_of_region(&label_id)
                                        on:click=move |_| select(click_id.clone())
                                        on:keydown=move |e| on_activate_key(&e, &key_id)
                                    >
                                        // A tooltip for pointer users; screen readers have the aria-label.
                                        <title>{move || title_name(&title_id)}</title>
                                    </path>
                                }
                            })
                            .collect_view()}
                    </g>
                    <g class="labels" aria-hidden="true">
                        {places
                            .iter()
                            .cloned()
                            .enumerate()
                            .map(|(index, (label, class))| view! { <PlaceLabel label=label class=class index=index visibility=label_visibility /> })
                            .collect_view()}
                    </g>
                    <g class="markers">
                        {markers
                            .into_iter()
                            .map(|marker| {
                                let world = marker.at.project();
                                let position = move || ui.view.get().to_screen(world);
                                let id = marker.id.clone();
                                let selected_id = id.clone();
                                let key_id = id.clone();
                                let label_id = id.clone();
                                let name_of = name_of.clone();
                                let (title_name, title_id) = (name_of.clone(), id.clone());
                                view! {
                                    <g
                                        class=format!("marker kind-{} side-{}", kind_class(marker.kind), marker.side)
                                        class:town=marker.precision == Precision::Town
                                        class:contested=marker.contested
                                        class:selected=move || ui.site.get().as_deref() == Some(selected_id.as_str())
                                        transform=move || { let p = position(); format!("translate({:.1} {:.1})", p.x, p.y) }
                                        tabindex="0"
                                        role="button"
                                        data-site-id=id.clone()
                                        aria-label=move || name_of(&label_id)
                                        on:click=move |_| select(id.clone())
                                        on:keydown=move |e| on_activate_key(&e, &key_id)
                                    >
                                        <title>{move || title_name(&title_id)}</title>
                                        {(marker.precision == Precision::Town).then(|| view! { <circle class="halo" r="13" /> })}
                                        <path class="symbol" d=marker_shape(marker.kind) />
                                        {marker.contested.then(|| view! { <circle class="contest-dot" cx="8" cy="-8" r="3.5" /> })}
                                    </g>
                                }
                            })
                            .collect_view()}
                    </g>
                </svg>
                <div class="map-controls">
                    <button type="button" aria-label=move || strings(ui.lang.get()).zoom_in
                        on:click=move |_| feed(Input::Key(Key::ZoomIn))>"+"</button>
                    <button type="button" aria-label=move || strings(ui.lang.get()).zoom_out
                        on:click=move |_| feed(Input::Key(Key::ZoomOut))>"−"</button>
                    <button type="button" aria-label=move || strings(ui.lang.get()).fit_all
                        on:click={
                            let atlas = data.clone();
                            move |_| { ui.view.update(|v| fit_sites(v, &atlas.atlas)); ui.view_in_url.set(true); }
                        }>"⤢"</button>
                </div>
                <div class="scale" aria-hidden="true">
                    <span class="scale-bar" style:width=move || format!("{:.0}px", scale.get().1)></span>
                    <span>{move || format!("{} {}", scale.get().0, strings(ui.lang.get()).scale_km)}</span>
                </div>
            </div>
            <p id="map-help" class="map-help">{move || strings(ui.lang.get()).map_help}</p>
            <div class="unknown">
                <h2>{move || strings(ui.lang.get()).unknown_locations}</h2>
                <ul>
                    {unknown
                        .into_iter()
                        .map(|site| {
                            let id = site.id.clone();
                            let label_id = id.clone();
                            let name_of = name_of_unknown.clone();
                            view! {
                                <li>
                                    <button type="button" data-site-id=site.id.clone()
                                        class:selected=move || ui.site.get().as_deref() == Some(site.id.as_str())
                                        on:click=move |_| ui.select_site(Some(id.clone()))>
                                        {move || name_of(&label_id)}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
            <Legend />
            <p class="attribution">{move || strings(ui.lang.get()).attribution}</p>
        </section>
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
            transform=move || { let p = ui.view.get().to_screen(at); format!("translate({:.1} {:.1})", p.x, p.y) }
        >
            {dot}
            <text x=if class == "city" { "5" } else { "0" } y="-4">
                {move || if ui.lang.get() == Lang::Ar { label.name_ar.clone() } else { label.name_en.clone() }}
            </text>
        </g>
    }
}

#[component]
fn Legend() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let kinds = [SiteKind::AirBase, SiteKind::Port, SiteKind::City];
    let sides = [
        (
            "russia",
            "Russia / Wagner / Africa Corps",
            "روسيا / فاغنر / الفيلق الأفريقي",
        ),
        (
            "united-states",
            "United States / AFRICOM",
            "الولايات المتحدة / أفريكوم",
        ),
        ("lna", "LNA / Haftar", "الجيش الوطني / حفتر"),
        ("tripoli", "Tripoli authorities", "سلطات طرابلس"),
        ("turkey", "Turkey", "تركيا"),
        ("other", "Other", "أخرى"),
    ];
    view! {
        <details class="legend">
            <summary>{move || strings(ui.lang.get()).legend}</summary>
            <ul>
                {kinds.into_iter().map(|kind| view! {
                    <li><svg class="legend-symbol" viewBox="-10 -10 20 20" aria-hidden="true"><path d=marker_shape(kind) /></svg>
                    {move || i18n::kind(ui.lang.get(), kind)}</li>
                }).collect_view()}
                <li><svg class="legend-symbol" viewBox="-15 -15 30 30" aria-hidden="true"><circle class="halo" r="13" /><path d=marker_shape(SiteKind::City) /></svg>
                    {move || i18n::precision(ui.lang.get(), Precision::Town)}</li>
                <li><svg class="legend-symbol region-swatch" viewBox="0 0 20 20" aria-hidden="true"><rect x="2" y="2" width="16" height="16" /></svg>
                    {move || i18n::precision(ui.lang.get(), Precision::Region)}</li>
                <li><svg class="legend-symbol beyond-swatch" viewBox="0 0 20 20" aria-hidden="true"><rect x="2" y="2" width="16" height="16" /></svg>
                    {move || strings(ui.lang.get()).beyond_basemap}</li>
                <li><svg class="legend-symbol" viewBox="-10 -10 20 20" aria-hidden="true"><circle class="contest-dot" r="4" /></svg>
                    {move || strings(ui.lang.get()).contested}</li>
                {sides.into_iter().map(|(class, en, ar)| view! {
                    <li><span class=format!("swatch side-{class}")></span>{move || if ui.lang.get() == Lang::Ar { ar } else { en }}</li>
                }).collect_view()}
            </ul>
        </details>
    }
}

fn format_dating(dating: &Dating, lang: Lang) -> String {
    let value = dating.value.map(|v| v.to_string());
    let words = dating.as_written.as_ref().map(|w| format!("«{w}»"));
    let shown = [value, words]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let basis = i18n::basis(lang, dating.basis);
    if shown.is_empty() {
        basis.to_owned()
    } else {
        format!("{shown} ({basis})")
    }
}

fn coordinates_text(site: &Site) -> Option<String> {
    match site.geometry.as_ref()? {
        Geometry::Point(p) => Some(format!("{:.4}°N, {:.4}°E", p.y(), p.x())),
        polygon @ Geometry::Polygon(_) => {
            let [w, s, e, n] = bounds([polygon])?;
            Some(format!("{s:.2}…{n:.2}°N, {w:.2}…{e:.2}°E"))
        }
        _ => None,
    }
}

#[component]
fn SitePanel() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let heading = NodeRef::<leptos::html::H2>::new();
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
        <aside class="panel" aria-labelledby="panel-heading">
            {move || {
                let lang = ui.lang.get();
                let Some(site) = ui.site.get().and_then(|id| data.atlas.site(&id).cloned()) else {
                    return view! { <h2 id="panel-heading" class="visually-hidden" node_ref=heading>{strings(lang).claims}</h2><p class="hint">{strings(lang).no_selection}</p> }.into_any();
                };
                let claims: Vec<Claim> = data.atlas.claims_about(&site.id).cloned().collect();
                view! {
                    <header class="site-header">
                        <h2 id="panel-heading" tabindex="-1" node_ref=heading>{site_name(&site, lang)}</h2>
                        <button type="button" class="close" aria-label=strings(lang).close on:click=move |_| ui.select_site(None)>"×"</button>
                    </header>
                    <p class="site-kind">{i18n::kind(lang, site.kind)}</p>
                    <dl class="site-facts">
                        <dt>{strings(lang).arabic_names}</dt>
                        <dd lang="ar" dir="rtl">{site.names_ar.join(" · ")}</dd>
                        <dt>{strings(lang).coordinates}</dt>
                        <dd>
                            <span class="precision">{i18n::precision(lang, site.precision)}</span>
                            {coordinates_text(&site).map(|c| view! { <span class="coords" dir="ltr">{c}</span> })}
                        </dd>
                        {site.coordinate_source.clone().map(|source| view! { <dt>{strings(lang).coordinate_source}</dt><dd dir="ltr" lang="en">{source}</dd> })}
                        {site.location_note.clone().map(|note| view! { <dd class="note" lang="en" dir="ltr">{note}</dd> })}
                    </dl>
                    <h3>{strings(lang).claims}" ("{claims.len()}")"</h3>
                    <ClaimList claims=claims />
                }
                .into_any()
            }}
        </aside>
    }
}

/// Claims in reading order, with each contested claim set side by side with those opposing it.
#[component]
fn ClaimList(claims: Vec<Claim>) -> impl IntoView {
    let data = expect_context::<Arc<Data>>();
    let mut shown: Vec<String> = Vec::new();
    let mut blocks = Vec::new();
    for claim in &claims {
        if shown.contains(&claim.id) {
            continue;
        }
        if claim.opposes.is_empty() {
            shown.push(claim.id.clone());
            blocks.push(view! { <ClaimCard claim=claim.clone() /> }.into_any());
            continue;
        }
        let mut group: Vec<Claim> = vec![claim.clone()];
        group.extend(
            claim
                .opposes
                .iter()
                .filter_map(|id| data.atlas.claim(id).cloned()),
        );
        shown.extend(group.iter().map(|c| c.id.clone()));
        let (affirming, denying): (Vec<Claim>, Vec<Claim>) =
            group.into_iter().partition(|c| c.stance != Stance::Denies);
        blocks.push(view! { <Contest affirming=affirming denying=denying /> }.into_any());
    }
    view! { <div class="claims">{blocks}</div> }
}

#[component]
fn Contest(affirming: Vec<Claim>, denying: Vec<Claim>) -> impl IntoView {
    let ui = expect_context::<Ui>();
    view! {
        <section class="contest" aria-label=move || strings(ui.lang.get()).contested>
            <p class="contest-title"><strong>{move || strings(ui.lang.get()).contested}</strong>" · "{move || strings(ui.lang.get()).contested_note}</p>
            <div class="contest-sides">
                <div class="contest-side">{affirming.into_iter().map(|claim| view! { <ClaimCard claim=claim /> }).collect_view()}</div>
                <div class="contest-side">{denying.into_iter().map(|claim| view! { <ClaimCard claim=claim /> }).collect_view()}</div>
            </div>
        </section>
    }
}

fn source_title(source: &Source, lang: Lang) -> String {
    match (lang, &source.title) {
        (Lang::Ar, Some(title)) => title.clone(),
        _ => source.title_en.clone(),
    }
}

#[component]
fn ClaimCard(claim: Claim) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let source = data.atlas.source(&claim.source).cloned();
    let stance_class = match claim.stance {
        Stance::Asserts => "asserts",
        Stance::Denies => "denies",
        Stance::Hedged => "hedged",
        Stance::CallsFor => "calls-for",
    };
    let open = claim.clone();
    let is_open = {
        let id = claim.id.clone();
        move || ui.claim.get().as_deref() == Some(id.as_str())
    };
    view! {
        <article class="claim" data-claim-id=claim.id.clone() class:open=is_open>
            <p class="claim-meta">
                <span class=format!("stance stance-{stance_class}")>{move || i18n::stance(ui.lang.get(), claim.stance)}</span>
                " "
                <span class="topic">{move || i18n::topic(ui.lang.get(), claim.topic)}</span>
            </p>
            {
                let claim = claim.clone();
                move || {
                    let lang = ui.lang.get();
                    let summary = if lang == Lang::Ar { claim.summary_ar.clone() } else { claim.summary_en.clone() };
                    let chain: Vec<String> = std::iter::once(&claim.claimant).chain(&claim.via).map(|actor| match (lang, &actor.name_ar) {
                        (Lang::Ar, Some(name)) => name.clone(),
                        _ => actor.name_en.clone(),
                    }).collect();
                    let text = strings(lang);
                    view! {
                        <p class="summary">{summary}</p>
                        <blockquote class="quote" lang="ar" dir="rtl">{claim.target.exact().to_owned()}</blockquote>
                        <p class="chain">
                            <span class="label">{text.claimant}": "</span>
                            {chain.join(&format!(" ← {} ", text.via))}
                        </p>
                        {claim.hedge.clone().map(|hedge| view! { <p class="hedge"><span class="label">{text.hedge}": "</span><span lang="ar">{hedge}</span></p> })}
                        {claim.said.as_ref().map(|d| view! { <p class="date"><span class="label">{text.said}": "</span>{format_dating(d, lang)}</p> })}
                        {claim.event.as_ref().map(|d| view! { <p class="date"><span class="label">{text.event}": "</span>{format_dating(d, lang)}</p> })}
                        {claim.note.clone().map(|note| view! { <p class="note" lang="en" dir="ltr">{note}</p> })}
                    }
                }
            }
            <p class="claim-source">
                {move || strings(ui.lang.get()).in_article}" "
                <cite>{
                    let source = source.clone();
                    move || source.as_ref().map(|s| source_title(s, ui.lang.get())).unwrap_or_default()
                }</cite>
            </p>
            <button type="button" class="show-source" on:click=move |_| ui.open_claim(&open)>
                {move || strings(ui.lang.get()).show_in_source}
            </button>
        </article>
    }
}

#[component]
fn Reader() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let mark = NodeRef::<leptos::html::Mark>::new();
    // Scroll the passage into view once it is drawn, and whenever another claim is opened.
    Effect::new(move |_| {
        if ui.claim.get().is_some() {
            request_animation_frame(move || {
                if let Some(mark) = mark.get_untracked() {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Center);
                    mark.scroll_into_view_with_scroll_into_view_options(&options);
                    let _ = mark.focus();
                }
            });
        }
    });
    move || {
        let claim = ui
            .claim
            .get()
            .and_then(|id| data.atlas.claim(&id).cloned())?;
        let source = data.atlas.source(&claim.source)?.clone();
        let text = data.texts.get(&source.id)?;
        let (start, end) = claim.target.range()?;
        let (before, passage, after) = split_passage(text, start, end);
        let siblings: Vec<&Claim> = data.atlas.claims_from(&source.id).collect();
        let index = siblings.iter().position(|c| c.id == claim.id)?;
        let previous = index
            .checked_sub(1)
            .and_then(|i| siblings.get(i))
            .map(|c| (*c).clone());
        let next = siblings.get(index + 1).map(|c| (*c).clone());
        let lang = ui.lang.get();
        let text_strings = strings(lang);
        let outlet = source.outlet.name.clone().map_or_else(
            || text_strings.outlet_unknown.to_owned(),
            |name| {
                if source.outlet.basis == Basis::Inferred {
                    format!("{name} ({})", i18n::basis(lang, Basis::Inferred))
                } else {
                    name
                }
            },
        );
        Some(view! {
            <section class="reader" aria-labelledby="reader-title">
                <header class="reader-header">
                    <h2 id="reader-title">{text_strings.reading}": "<cite>{source_title(&source, lang)}</cite></h2>
                    <button type="button" class="close" aria-label=text_strings.close on:click=move |_| ui.close_reader()>"×"</button>
                </header>
                <p class="reader-meta">
                    {text_strings.outlet}": "{outlet}" · "{text_strings.published}": "{format_dating(&source.published, lang)}
                </p>
                <nav class="reader-nav">
                    <button type="button" class="previous-claim" disabled=previous.is_none()
                        on:click={ let previous = previous.clone(); move |_| if let Some(c) = &previous { ui.open_claim(c) } }>
                        {text_strings.previous_claim}
                    </button>
                    <span class="position">{format!("{} / {}", index + 1, siblings.len())}</span>
                    <button type="button" class="next-claim" disabled=next.is_none()
                        on:click={ let next = next.clone(); move |_| if let Some(c) = &next { ui.open_claim(c) } }>
                        {text_strings.next_claim}
                    </button>
                </nav>
                <div class="article-text" lang=source.language.clone() dir="rtl">
                    {before}<mark tabindex="-1" node_ref=mark data-claim-id=claim.id.clone()>{passage}</mark>{after}
                </div>
            </section>
        })
    }
}
