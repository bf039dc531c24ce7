//! The map: the basemap and the region outlines in one world layer, the basemap's labels, the
//! sites' markers (elements while they are few, painted when they are many), the controls, the
//! scale, and the sites whose location is unknown. The world layer and painted markers are drawn
//! for the resting view ([`rest`]); labels and marker elements follow every frame.

mod input;
mod labels;
mod legend;
pub(crate) mod markers;
mod painted_regions;
mod rest;
mod sites;
#[cfg(feature = "external-layer")]
mod tiles;

use std::rc::Rc;
use std::sync::Arc;

use geo_types::Geometry;
use kharita_core::model::SiteId;
use kharita_map::cluster::DENSE_FROM_SITES;
use kharita_map::decimal::{fixed, push_short, short};
use kharita_map::gesture::{Input, Key};
use kharita_map::pick::EDGE_RADIUS;
use kharita_map::projection::{LonLat, World, metres_per_pixel};
use kharita_map::viewport::{Screen, Viewport};
use kharita_map::{DETAIL_FROM_ZOOM, Detail, Extent};
use leptos::prelude::*;

use self::input::MapInput;
use self::labels::PlaceLabels;
use self::legend::Legend;
use self::markers::{Marker, PaintedLayer, Picked};
use self::painted_regions::{PaintedRegions, side_path};
use self::rest::RestingView;
use self::sites::{Choose, MarkerButton, RegionArea, UnknownLocations};
use crate::components::AfterFirstPaint;
use crate::data::{Data, fetch_json};
use crate::i18n::strings;
use crate::present::{scale_bar, side_class, side_classes};
use crate::ui::{CollectErased, Ui, fit_sites, tr};
use crate::{Host, Mode, read};

/// The point sites, with what their markers show.
fn point_markers(data: &Data) -> Vec<Marker> {
    let sites = data.atlas.sites().iter().zip(&data.facts);
    sites
        .filter_map(|(site, facts)| match &site.geometry {
            Some(Geometry::Point(point)) => Some(Marker {
                id: site.id.clone(),
                kind: site.kind,
                precision: site.precision,
                side: side_class(facts.side),
                contested: facts.contested,
                at: LonLat::new(point.x(), point.y()).project(),
            }),
            _ => None,
        })
        .collect()
}

#[component]
pub(crate) fn MapView() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let embedded = expect_context::<Host>().mode == Mode::Embed;
    let ctrl_hint = RwSignal::new(false);
    let container = NodeRef::<leptos::html::Div>::new();
    let rest = RestingView::follow(ui);
    let input = MapInput::new(ui, container, rest);
    let choose = Choose(input);

    input.follow_size(data.clone());
    let detail = detail_once_zoomed_in(rest);
    let far_land = far_land_once_beyond(rest, data.basemap.covers);
    #[cfg(feature = "external-layer")]
    let external = tiles::external_layer();

    // With thousands of elements every pan frame is slow, and making them holds up the page:
    // past a point, paint the sites, markers and region outlines alike.
    let markers = point_markers(&data);
    let dense = markers.len() + data.regions.site_count() >= DENSE_FROM_SITES;
    let (marker_elements, painted) = if dense {
        (
            Vec::new(),
            Some(PaintedLayer::start(ui, rest, container, markers)),
        )
    } else {
        (markers, None)
    };
    let painted_for_labels = painted.clone();
    // Labels make way for the symbols drawn as elements, and for what the painted layer draws
    // where it rests: its clusters and the markers left on their own, not every site.
    let symbols: Vec<(SiteId, World)> = marker_elements
        .iter()
        .map(|marker| (marker.id.clone(), marker.at))
        .collect();
    view! {
        <section class="map" aria-label=tr(ui, |s| s.map_label) hidden=move || ui.list.get()>
            <div class="map-canvas" node_ref=container>
                <MapSurface input choose painted painted_regions=dense ctrl_hint>
                    // The page's heaviest drawing, and not what a reader looks for first.
                    <AfterFirstPaint>
                        // Under the world layer, whose land and borders then make way for it.
                        {
                            #[cfg(feature = "external-layer")]
                            {
                                move || external.get().map(|layer| view! {
                                    <svg class="world-svg external-world" aria-hidden="true"
                                        width=move || fixed(rest.get().grown(WORLD_MARGIN).width, 0)
                                        height=move || fixed(rest.get().grown(WORLD_MARGIN).height, 0)
                                        style:transform=move || rest.shift(&rest.get().grown(WORLD_MARGIN))>
                                        <g transform=move || rest.get().grown(WORLD_MARGIN).world_transform()>
                                            <tiles::ExternalTiles layer rest />
                                        </g>
                                    </svg>
                                })
                            }
                        }
                        <WorldLayer choose rest detail far_land painted_regions=dense />
                    </AfterFirstPaint>
                    <svg class="map-svg">
                        <PlaceLabels detail symbols painted=painted_for_labels />
                        <g class="markers">
                            {marker_elements
                                .into_iter()
                                .map(|marker| view! { <MarkerButton marker choose /> })
                                .collect_erased()}
                        </g>
                    </svg>
                    <PaintedPaths shown=dense rest />
                </MapSurface>
                <MapControls input />
                {move || ctrl_hint.get().then(|| view! { <p class="ctrl-hint" role="status">{tr(ui, |s| s.ctrl_to_zoom)}</p> })}
                <ScaleBar />
            </div>
            <p id="map-help" class="map-help">
                {move || {
                    let s = strings(ui.lang.get());
                    if dense { format!("{} {}", s.map_help, s.painted_sites_help) } else { s.map_help.to_owned() }
                }}
            </p>
            <UnknownLocations />
            {(!embedded).then(|| view! {
                <div class="map-notes">
                    <Legend />
                    <p class="attribution">
                        {tr(ui, |s| s.attribution)}
                        {
                            #[cfg(feature = "external-layer")]
                            {
                                move || external.get().map(|layer| format!(" {}", layer.attribution))
                            }
                        }
                    </p>
                </div>
            })}
        </section>
    }
}

/// Takes the map's pointer, wheel and key input; the layers inside (`children`) let the pointer
/// through but for the sites they draw. Painted markers, and painted regions under them, are
/// picked here, by position.
#[component]
fn MapSurface(
    input: MapInput,
    choose: Choose,
    painted: Option<PaintedLayer>,
    /// Whether the region outlines are painted (see [`PaintedRegions`]).
    painted_regions: bool,
    /// Shown when the wheel turns over an embedded map without Ctrl.
    ctrl_hint: RwSignal<bool>,
    children: Children,
) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    // In an embed the wheel scrolls the article; it zooms only with Ctrl, and a hint says so.
    let embedded = expect_context::<Host>().mode == Mode::Embed;
    let is_painted = painted.is_some() || painted_regions;
    let painted_at = move |at: Screen| {
        let view = ui.view.get_untracked();
        let marker = painted.as_ref().and_then(|layer| layer.at(&view, at));
        marker.or_else(|| {
            if !painted_regions {
                return None;
            }
            let (world, edge) = (view.to_world(at), EDGE_RADIUS / view.scale());
            let region = ui
                .shown
                .with_untracked(|shown| data.regions.at(shown, world, edge).cloned());
            region.map(|id| Picked::Site(id.to_string()))
        })
    };
    let over_painted = RwSignal::new(false);
    view! {
        <div
            class="map-surface"
            class:over-marker=move || over_painted.get()
            tabindex="0"
            role="group"
            aria-label=tr(ui, |s| s.map_label)
            aria-describedby="map-help"
            on:pointerdown=move |e: web_sys::PointerEvent| {
                input.feed(Input::PointerDown { id: e.pointer_id(), at: input.screen_of(&e) });
            }
            on:pointermove={
                let painted_at = painted_at.clone();
                move |e: web_sys::PointerEvent| {
                    let at = input.screen_of(&e);
                    input.feed(Input::PointerMove { id: e.pointer_id(), at });
                    // The painted layer lets the pointer through; the cursor still says what a click would pick.
                    if is_painted && e.buttons() == 0 {
                        let over = painted_at(at).is_some();
                        if over != over_painted.get_untracked() {
                            over_painted.set(over);
                        }
                    }
                }
            }
            on:click=move |e: web_sys::MouseEvent| {
                match painted_at(input.screen_of(&e)) {
                    Some(Picked::Site(id)) => choose.click(ui, &id),
                    Some(Picked::Cluster(at)) => choose.zoom_into(ui, at),
                    None => {}
                }
            }
            on:pointerup=move |e: web_sys::PointerEvent| input.feed(Input::PointerUp { id: e.pointer_id() })
            on:pointercancel=move |e: web_sys::PointerEvent| input.feed(Input::PointerUp { id: e.pointer_id() })
            on:pointerleave=move |e: web_sys::PointerEvent| input.feed(Input::PointerUp { id: e.pointer_id() })
            on:wheel=move |e: web_sys::WheelEvent| {
                if embedded && !e.ctrl_key() {
                    ctrl_hint.set(true);
                    set_timeout(move || ctrl_hint.set(false), std::time::Duration::from_millis(1500));
                    return;
                }
                e.prevent_default();
                input.feed(Input::Wheel { at: input.screen_of(&e), delta_y: e.delta_y() });
            }
            on:keydown=move |e: web_sys::KeyboardEvent| {
                // Keys on a site (Enter, Space) are the site's.
                let on_map = e.target() == e.current_target();
                if let (true, Some(key)) = (on_map, Key::from_key(&e.key())) {
                    e.prevent_default();
                    input.feed(Input::Key(key));
                }
            }
        >
            {children()}
        </div>
    }
}

/// How far the world layer reaches beyond each edge of the map, as a share of its width and
/// height: what a pan brings into sight before the layer is drawn again.
const WORLD_MARGIN: f64 = 0.5;

/// What the map adds when zoomed in (`detail.json`): fetched the first time the map comes to
/// rest at [`DETAIL_FROM_ZOOM`] or closer.
fn detail_once_zoomed_in(rest: RestingView) -> ReadSignal<Option<Arc<Detail>>> {
    let (detail, set_detail) = signal(None);
    fetch_once_at_rest(
        rest,
        "detail.json",
        Box::new(|view| view.zoom >= DETAIL_FROM_ZOOM),
        Box::new(move |tree| {
            set_detail.set(Some(Arc::new(read::detail_from(tree)?)));
            Ok(())
        }),
    );
    detail
}

/// The whole world's land (`world.json`): fetched the first time the map comes to
/// rest showing more than the land `map.json` covers (the margin of the world layer beyond the
/// map does not count: the first views of the seed atlas need no more).
fn far_land_once_beyond(rest: RestingView, covers: Extent) -> ReadSignal<Option<Arc<String>>> {
    let (far_land, set_far_land) = signal(None);
    fetch_once_at_rest(
        rest,
        "world.json",
        Box::new(move |view| !covers.holds(view)),
        Box::new(move |tree| {
            set_far_land.set(Some(Arc::new(read::far_land_from(tree)?)));
            Ok(())
        }),
    );
    far_land
}

/// Reads a fetched file, parsed, into the view; says why when it cannot.
type TakeJson = dyn Fn(&read::Json) -> Result<(), String>;

/// Fetches `file` the first time the map comes to rest at a view that `wanted`, and gives it,
/// parsed, to `take`. Until then, and if it cannot be fetched, the map is whole without it, only
/// coarser or smaller (the browser's console says why). Not during a gesture: new shapes in
/// the world layer while it is scaled by a zoom's transform had the browser paint it again at
/// that scale, and with 100,000 sites' areas it drew no frame for 2.9 s (bench); at rest the
/// layer is drawn again anyway. Boxed functions: one fetch's code serves every file.
fn fetch_once_at_rest(
    rest: RestingView,
    file: &'static str,
    wanted: Box<dyn Fn(&Viewport) -> bool>,
    take: Box<TakeJson>,
) {
    let url = format!("{}{file}", expect_context::<Host>().base);
    let take = Rc::new(take);
    let asked = StoredValue::new(false);
    Effect::new(move |_| {
        if asked.get_value() || !wanted(&rest.get()) {
            return;
        }
        asked.set_value(true);
        let (url, take) = (url.clone(), take.clone());
        leptos::task::spawn_local(async move {
            if let Err(error) = fetch_json(&url).await.and_then(|tree| take(&tree)) {
                leptos::logging::warn!("{file}: {error}");
            }
        });
    });
}

/// The basemap (land and borders) and the region outlines, in world
/// coordinates under one transform for the resting view grown by [`WORLD_MARGIN`].
#[component]
fn WorldLayer(
    choose: Choose,
    rest: RestingView,
    detail: ReadSignal<Option<Arc<Detail>>>,
    far_land: ReadSignal<Option<Arc<String>>>,
    /// Whether the region outlines are painted rather than elements of their own.
    painted_regions: bool,
) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    // What each side draws of the shown regions, each area once. Each side's vague areas are
    // hatched as one path, under their outlines: a pattern fill per area, with hundreds of
    // areas overlapping, made each pan frame of the bench's 10,000-site atlas take 134 ms at
    // the 95th percentile (one fill per side: 30 ms).
    let outlines = Memo::new({
        let data = data.clone();
        move |_| ui.shown.with(|shown| data.regions.outlines(shown))
    });
    let grown = Memo::new(move |_| rest.get().grown(WORLD_MARGIN));
    let basemap = &data.basemap;
    // The land in one piece (two pieces meeting would show a seam): in detail once it has come,
    // while the view rests among the sites; beyond them, the whole world's once it has come;
    // simplified until then.
    let (coarse_land, borders) = (basemap.land.clone(), basemap.borders.clone());
    let covers = basemap.covers;
    // Only its flip sets the land again: a resting view is not a reason to write the same
    // 40 KB path (the bench's 100,000-site page had it at every rest).
    let among_sites = Memo::new(move |_| covers.holds(&rest.get()));
    let land = move || {
        let among_sites = among_sites.get();
        match (detail.get(), far_land.get()) {
            (Some(detail), _) if among_sites => detail.land.clone(),
            (_, Some(world)) if !among_sites => world.to_string(),
            _ => coarse_land.clone(),
        }
    };
    // The hatching of vague areas: a pattern per side, kept 6 px apart on screen at every zoom.
    let hatch_transform = move || {
        let mut transform = String::from("scale(");
        push_short(&mut transform, 1.0 / grown.get().scale(), 9);
        transform.push_str(") rotate(45)");
        transform
    };
    view! {
        <svg
            class="world-svg"
            width=move || fixed(grown.get().width, 0)
            height=move || fixed(grown.get().height, 0)
            style:transform=move || rest.shift(&grown.get())
        >
            <g class="world" transform=move || grown.get().world_transform()>
                <defs>
                    {side_classes().map(|side| {
                        view! {
                            <pattern id=format!("hatch-{side}") class=format!("side-{side}") width="6" height="6"
                                patternUnits="userSpaceOnUse" patternTransform=hatch_transform>
                                <path class="hatch-line" d="M0 0V6" />
                            </pattern>
                        }
                    }).collect_erased()}
                </defs>
                <path class="land" d=land />
                <path class="border" d=move || detail.get().map_or_else(|| borders.clone(), |detail| detail.borders.clone()) />
                {side_classes()
                    .enumerate()
                    .map(|(index, side)| view! {
                        <path class="hatching" fill=format!("url(#hatch-{side})") d=side_path(outlines, index, true) aria-hidden="true" />
                    })
                    .collect_erased()}
                {if painted_regions {
                    vec![view! { <PaintedRegions outlines /> }.into_any()]
                } else {
                    data.regions
                        .sites()
                        .map(|(site, path)| view! {
                            <RegionArea id=site.id.clone() path=path.to_owned() side=site.side vague=site.vague choose />
                        })
                        .collect_erased()
                }}
            </g>
        </svg>
    }
}

/// The paths [`markers::PaintedMarkers`] paints, found by class: halos and symbols per side,
/// contest dots, clusters and their counts, and the selected symbol on top. Above the map,
/// letting the pointer through to it; hidden unless the markers are painted.
#[component]
fn PaintedPaths(shown: bool, rest: RestingView) -> impl IntoView {
    let shift = move || rest.shift(&rest.get()).filter(|_| shown);
    view! {
        <svg class="painted" aria-hidden="true" hidden=!shown style:transform=shift>
            {side_classes()
                .map(|side| view! {
                    <path class=format!("halo side-{side}")></path>
                    <path class=format!("symbol side-{side}")></path>
                })
                .collect_erased()}
            <path class="contest-dot"></path>
            <path class="cluster"></path>
            <g class="cluster-counts"></g>
            <path class="symbol selected"></path>
        </svg>
    }
}

/// Zoom in, zoom out, and show every site.
#[component]
fn MapControls(input: MapInput) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    view! {
        <div class="map-controls">
            <button type="button" aria-label=tr(ui, |s| s.zoom_in)
                on:click=move |_| input.feed(Input::Key(Key::ZoomIn))>"+"</button>
            <button type="button" aria-label=tr(ui, |s| s.zoom_out)
                on:click=move |_| input.feed(Input::Key(Key::ZoomOut))>"−"</button>
            <button type="button" aria-label=tr(ui, |s| s.fit_all)
                on:click=move |_| { ui.view.update(|v| fit_sites(v, &data.atlas)); ui.view_in_url.set(true); }>"⤢"</button>
        </div>
    }
}

/// A round distance and its length on screen at the view's centre.
#[component]
fn ScaleBar() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let scale = Memo::new(move |_| {
        let view = ui.view.get();
        scale_bar(
            metres_per_pixel(view.center_lon_lat().lat, view.zoom),
            120.0,
        )
    });
    view! {
        <div class="scale" aria-hidden="true">
            <span class="scale-bar" style:width=move || format!("{}px", fixed(scale.get().1, 0))></span>
            <span>{move || format!("{} {}", short(scale.get().0, 3), strings(ui.lang.get()).scale_km)}</span>
        </div>
    }
}
