//! Kharita's map: draws the atlas over a Natural Earth basemap and, for any claim, opens its
//! article with the passage highlighted.
//!
//! Logic lives in plain code tested natively: the `kharita-map` crate (projection, viewport,
//! gestures) and the [`state`] and [`present`] modules; this file holds the leptos components. Text from data or the
//! URL is always rendered as text, never as HTML.

pub mod filter;
pub mod i18n;
mod markers;
pub mod present;
mod read;
pub mod state;
pub mod timeline;

use std::collections::BTreeMap;
use std::sync::Arc;

use geo_types::Geometry;
use kharita_core::model::{
    Atlas, Basis, Claim, Precision, Side, Site, SiteIndex, SiteKind, Stance,
};
use kharita_core::version::{self, ChangeKind};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use kharita_map::decimal::{fixed, short};
use kharita_map::gesture::{Change, Gestures, Input, Key};
use kharita_map::projection::{LonLat, World, metres_per_pixel};
use kharita_map::viewport::{Screen, Viewport};
use kharita_map::{Basemap, Label, MapData};

use crate::filter::{Filters, Shown, TimeAxis};
use crate::i18n::{Strings, strings};
use crate::markers::{Marker, PAINT_FROM_SITES, PaintedMarkers, marker_shape};
use crate::present::{
    LabelBox, MARKER_SIDES, SiteFacts, actor_name, bounds, citation, claim_chain, declutter,
    format_dating, scale_bar, side_class, site_name, source_title, split_passage, summary,
};
use crate::state::{Lang, Theme, UrlState, View};
use crate::timeline::{
    Dated, Handle, Mark, Month, MonthRange, TimeScale, month_text, span_months, stack_marks,
};

/// What the app shows: the full map, or the compact map articles embed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Full,
    Embed,
}

/// Where the app runs, fixed at mount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host {
    pub mode: Mode,
    /// The address of the folder holding the app's files, ending in `/`: where data is
    /// fetched from and where the full map is.
    pub base: String,
    /// Mounted inside another site's page (the script embed): that page's URL, title, history
    /// and keys are its own.
    pub inline: bool,
}

/// Mounts the app into the page's body when the page is one of ours: `<body
/// data-kharita-page="map">` (`index.html`) or `"embed"` (`embed.html`). On another site's page,
/// which loads the app through `embed.js`, it does nothing: `embed.js` calls [`mount_embed`].
pub fn mount() {
    let page = document()
        .body()
        .and_then(|body| body.get_attribute("data-kharita-page"));
    let mode = match page.as_deref() {
        Some("map") => Mode::Full,
        Some("embed") => Mode::Embed,
        _ => return,
    };
    let host = Host {
        mode,
        base: page_folder(),
        inline: false,
    };
    let url = UrlState::parse(&current_query());
    leptos::mount::mount_to_body(move || view! { <App host url /> });
}

/// Mounts an embed into `root`, an element in a shadow root on another site's page (see
/// `embed.js`). `base` is the address of the folder holding the app's files; `query` is made
/// from the host element's `data-` attributes and read like the embed page's URL, so hostile
/// values are dropped the same way.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = mountEmbed)]
pub fn mount_embed(root: web_sys::HtmlElement, base: String, query: &str) {
    let host = Host {
        mode: Mode::Embed,
        base,
        inline: true,
    };
    let url = UrlState::parse(query);
    leptos::mount::mount_to(root, move || view! { <App host url /> }).forget();
}

/// Everything fetched at start-up.
#[derive(Debug)]
pub struct Data {
    pub atlas: Atlas,
    /// `atlas.geojson` as fetched, from which downloads are cut.
    pub atlas_geojson: String,
    pub basemap: Basemap,
    /// The data version `atlas.geojson` is stamped with.
    pub version: Option<String>,
    /// Outline paths of region sites, by site id, in world coordinates.
    pub region_paths: BTreeMap<String, String>,
    /// Each site's side, contest and claims, in the order of `atlas.sites`.
    pub facts: Vec<SiteFacts>,
    /// `atlas`'s sites by id: the interface looks sites up by id for every region, listed site
    /// and selection, which [`Atlas::site`] would do by looking through them all.
    site_index: SiteIndex,
}

impl Data {
    fn site(&self, id: &str) -> Option<&Site> {
        self.site_index.site(&self.atlas, id)
    }
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
    filters: RwSignal<Filters>,
    /// The list view instead of the map.
    list: RwSignal<bool>,
    /// What the filters let through.
    shown: Memo<Shown>,
    /// Article texts fetched so far (or why they could not be), by source id.
    articles: RwSignal<BTreeMap<String, Result<String, String>>>,
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
            filters: self.filters.get(),
            list: self.list.get(),
            theme: None,
            data: None,
        }
    }

    fn apply(self, url: &UrlState) {
        self.site.set(url.site.clone());
        self.claim.set(url.claim.clone());
        self.filters.set(url.filters.clone());
        self.list.set(url.list);
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

/// Interface text that follows the language. Every use shares this one closure type, where
/// `move || strings(…).field` at each use would give each its own copy of leptos' rendering
/// code in the wasm.
fn tr(
    ui: Ui,
    pick: fn(&'static Strings) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || pick(strings(ui.lang.get()))
}

/// Collects a list of views erased, as `AnyView`s: every list in the app is then one type, and
/// the code that builds and updates a list is linked once, not once for each kind of item
/// (about 1 KB of wasm each).
trait CollectErased {
    fn collect_erased(self) -> Vec<AnyView>;
}

impl<Items: IntoIterator<Item: IntoAny>> CollectErased for Items {
    fn collect_erased(self) -> Vec<AnyView> {
        self.into_iter().map(IntoAny::into_any).collect()
    }
}

/// What a thrown JavaScript value says: a string as it is, anything else as its `toString()`
/// (`TypeError: Failed to fetch`). Not `{:?}`, whose JSON-printing helper is ⅓ KB of glue.
fn js_error(error: &wasm_bindgen::JsValue) -> String {
    if error.is_null() || error.is_undefined() {
        return "an unknown error".to_owned();
    }
    error.as_string().unwrap_or_else(|| {
        js_sys::Object::from(error.clone())
            .to_string()
            .as_string()
            .unwrap_or_default()
    })
}

/// Starts fetching `url` at once (not when first awaited, as an `async fn` would), so several
/// requests run side by side; the future resolves to the response text. Requests carry no
/// referrer: the map's server learns nothing of the article or page it is read in.
fn fetch_text(url: &str) -> impl Future<Output = Result<String, String>> + use<> {
    let init = web_sys::RequestInit::new();
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    let request =
        web_sys::window().map(|window| JsFuture::from(window.fetch_with_str_and_init(url, &init)));
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

/// Fetches the atlas (the `kharita export` GeoJSON) and the map shapes from the app's folder,
/// `base`. Articles are fetched when a passage is first opened.
async fn load_data(base: String) -> Result<Arc<Data>, String> {
    let (atlas, shapes) = (
        fetch_text(&format!("{base}atlas.geojson")),
        fetch_text(&format!("{base}map.json")),
    );
    let atlas_geojson = atlas.await?;
    let (atlas, facts, version) =
        read::atlas(&atlas_geojson).map_err(|e| format!("atlas.geojson: {e}"))?;
    let MapData {
        basemap,
        region_paths,
    } = read::map_data(&shapes.await?).map_err(|e| format!("map.json: {e}"))?;
    let site_index = SiteIndex::new(&atlas);
    Ok(Arc::new(Data {
        atlas,
        atlas_geojson,
        basemap,
        version,
        region_paths,
        facts,
        site_index,
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

/// The root component: loads the data, then shows the atlas, starting from `url`'s state.
#[component]
pub fn App(host: Host, url: UrlState) -> impl IntoView {
    let lang = RwSignal::new(url.lang.unwrap_or_else(browser_lang));
    // Set once, when everything has loaded (or failed to).
    let data = RwSignal::new(None::<Result<Arc<Data>, String>>);
    let base = host.base.clone();
    leptos::task::spawn_local(async move { data.set(Some(load_data(base).await)) });
    let inline = host.inline;
    provide_context(host);
    Effect::new(move |_| {
        // An inline embed's language is set on its own element; the page is the host's.
        if inline {
            return;
        }
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
    let filters = RwSignal::new(Filters::default());
    let atlas_for_filters = data.clone();
    let ui = Ui {
        lang,
        site: RwSignal::new(None),
        claim: RwSignal::new(None),
        view: RwSignal::new(initial_viewport(&data.atlas, &url)),
        view_in_url: RwSignal::new(false),
        announcement: RwSignal::new(String::new()),
        filters,
        list: RwSignal::new(false),
        shown: Memo::new(move |_| {
            filters.with(|f| f.shown(&atlas_for_filters.atlas, &atlas_for_filters.site_index))
        }),
        articles: RwSignal::new(BTreeMap::new()),
    };
    let url = url.known_to(&data.atlas);
    ui.apply(&url);
    if let Some(claim) = url.claim.as_deref().and_then(|id| data.atlas.claim(id)) {
        ui.open_claim(claim);
    }
    provide_context(ui);
    provide_context(data.clone());
    if expect_context::<Host>().mode == Mode::Embed {
        // An embed leaves the host page's history and keys alone.
        if let Some(site) = url.site.as_deref().and_then(|id| data.site(id))
            && !ui.view_in_url.get_untracked()
            && let Some(Geometry::Point(point)) = &site.geometry
        {
            ui.view.update(|v| {
                *v = Viewport::new(LonLat::new(point.x(), point.y()), 6.0, v.width, v.height);
            });
            ui.view_in_url.set(true);
        }
        return view! { <Embed theme=url.theme.unwrap_or(Theme::Auto) published=url.data.clone() /> }
            .into_any();
    }

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
            atlas_for_announce.site(&id).map(|site| {
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
                    <span class="brand">{tr(ui, |s| s.app_title)}</span>
                    <span class="tagline">{tr(ui, |s| s.tagline)}</span>
                </h1>
                <button
                    class="language"
                    type="button"
                    lang=move || ui.lang.get().other().code()
                    aria-label=tr(ui, |s| s.switch_language_label)
                    on:click=move |_| ui.lang.update(|lang| *lang = lang.other())
                >
                    {tr(ui, |s| s.other_language)}
                </button>
                <EmbedCode />
            </header>
            <Explore />
            <main class="layout">
                <MapView />
                {move || ui.list.get().then(|| view! { <ListView /> })}
                <SitePanel />
                <Reader />
            </main>
            <p class="visually-hidden" aria-live="polite">{move || ui.announcement.get()}</p>
        </div>
    }
    .into_any()
}

/// The compact map for articles: the map, the selected site's claims with links into the full
/// map, attribution, and whether the data changed since the embed was published (`published`,
/// the version its code pins). No filters, timeline or reader, and nothing that touches the host
/// page.
#[component]
fn Embed(theme: Theme, published: Option<String>) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let base = expect_context::<Host>().base;
    let claims = Memo::new({
        let data = data.clone();
        move |_| {
            let site = ui.site.get()?;
            let (shown, focus) = (ui.shown.get(), ui.claim.get());
            let claims: Vec<Claim> = data
                .atlas
                .claims_about(&site)
                .filter(|claim| shown.claims.contains(&claim.id))
                .filter(|claim| focus.as_ref().is_none_or(|id| *id == claim.id))
                .cloned()
                .collect();
            Some((site, claims))
        }
    });
    let full_map = {
        let base = base.clone();
        move || {
            let mut state = ui.url_state();
            state.view = None;
            format!("{base}{}", state.to_query())
        }
    };
    let updated = published.filter(|pinned| data.version.as_ref() != Some(pinned));
    view! {
        <main
            class=format!("embed theme-{}", theme.code())
            lang=move || ui.lang.get().code()
            dir=move || ui.lang.get().dir()
        >
            <h1 class="visually-hidden">{tr(ui, |s| s.app_title)}</h1>
            {updated.map(|pinned| view! { <Updated published=pinned /> })}
            <MapView />
            <section class="embed-claims" aria-live="polite">
                {move || match claims.get() {
                    None => view! { <p class="embed-hint">{tr(ui, |s| s.pick_a_site)}</p> }.into_any(),
                    Some((site, claims)) => {
                        let lang = ui.lang.get();
                        let name = data.site(&site).map(|s| site_name(s, lang).to_owned()).unwrap_or_default();
                        view! {
                            <h2>{name}</h2>
                            <ul>
                                {claims.into_iter().map(|claim| {
                                    let source = data.atlas.source(&claim.source).map(|s| source_title(s, lang)).unwrap_or_default();
                                    view! {
                                        <li class="embed-claim" data-claim-id=claim.id.clone()>
                                            <span class=format!("stance stance-{}", claim.stance.code())>{i18n::stance(lang, claim.stance)}</span>
                                            " "<span class="summary">{summary(&claim, lang).to_owned()}</span>
                                            <span class="chain">" — "{claim_chain(&claim, lang)}", "<cite>{source}</cite>" "</span>
                                            <a href=claim_link(&base, &claim, lang) target="_blank" rel="noopener">{strings(lang).read_passage}</a>
                                        </li>
                                    }
                                }).collect_erased()}
                            </ul>
                        }.into_any()
                    }
                }}
            </section>
            <footer class="embed-footer">
                <p class="attribution">{tr(ui, |s| s.attribution)}</p>
                <a class="open-full-map" href=full_map target="_blank" rel="noopener">{tr(ui, |s| s.open_full_map)}</a>
            </footer>
        </main>
    }
}

/// "Updated since publication", and on request what changed since the published version for
/// the embed's site (or every site when it has none), as the build wrote it in `versions/`.
#[component]
fn Updated(published: String) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let base = expect_context::<Host>().base;
    let changes = RwSignal::new(None::<Result<Vec<version::Change>, String>>);
    let open = RwSignal::new(false);
    let site = ui.site.get_untracked();
    let show = move |_| {
        open.update(|open| *open = !*open);
        if changes.get_untracked().is_some() {
            return;
        }
        let fetched = fetch_text(&format!("{base}versions/{published}.json"));
        let site = site.clone();
        leptos::task::spawn_local(async move {
            let found = fetched
                .await
                .and_then(|text| read::changes(&text))
                .map(|all| {
                    all.into_iter()
                        .filter(|change| {
                            site.as_ref().is_none_or(|site| change.sites.contains(site))
                        })
                        .collect()
                });
            changes.set(Some(found));
        });
    };
    let list = move || {
        let lang = ui.lang.get();
        let strings = strings(lang);
        let changes = match changes.get()? {
            Ok(changes) if changes.is_empty() => {
                return Some(view! { <p>{strings.nothing_changed_here}</p> }.into_any());
            }
            Ok(changes) => changes,
            Err(_) => return Some(view! { <p>{strings.version_not_on_record}</p> }.into_any()),
        };
        let items = changes.into_iter().map(|change| {
            let what = match change.kind {
                ChangeKind::Added => strings.change_added,
                ChangeKind::Revised => strings.change_revised,
                ChangeKind::Removed => strings.change_removed,
                ChangeKind::Relocated => strings.change_relocated,
            };
            let text = match lang {
                Lang::Ar => change.text_ar,
                Lang::En => change.text_en,
            };
            view! { <li><b>{what}</b>": "{text}</li> }
        });
        Some(view! { <ul>{items.collect_erased()}</ul> }.into_any())
    };
    view! {
        <aside class="updated" aria-labelledby="updated-label">
            <p id="updated-label">{tr(ui, |s| s.updated_since)}</p>
            <button type="button" aria-expanded=move || open.get().to_string() on:click=show>
                {tr(ui, |s| s.what_changed)}
            </button>
            <div class="changes" role="status" hidden=move || !open.get()>{list}</div>
        </aside>
    }
}

/// Puts `text` on the clipboard; whether it got there.
async fn copy_to_clipboard(text: &str) -> bool {
    match web_sys::window() {
        Some(window) => JsFuture::from(window.navigator().clipboard().write_text(text))
            .await
            .is_ok(),
        None => false,
    }
}

/// The "Embed" button: the iframe snippet for the current view, shown and copied.
#[component]
fn EmbedCode() -> impl IntoView {
    let ui = expect_context::<Ui>();
    // The snippet pins the data as shown now, so that the embed can say when it changes.
    let data_version = expect_context::<Arc<Data>>().version.clone();
    let base = expect_context::<Host>().base;
    let snippet = RwSignal::new(None::<String>);
    let copied = RwSignal::new(false);
    let make = move |_| {
        let lang = ui.lang.get_untracked();
        let mut state = ui.url_state();
        state.list = false;
        state.data.clone_from(&data_version);
        let title = strings(lang).embed_title;
        let code = format!(
            "<iframe data-kharita src=\"{base}embed.html{query}\" title=\"{title}\" width=\"100%\" height=\"520\" loading=\"lazy\" referrerpolicy=\"no-referrer\" sandbox=\"allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox\"></iframe>\n<script type=\"module\" src=\"{base}embed.js\" referrerpolicy=\"no-referrer\"></script>",
            query = state.to_query().replace('&', "&amp;"),
        );
        copied.set(false);
        snippet.set(Some(code.clone()));
        leptos::task::spawn_local(async move {
            let ok = copy_to_clipboard(&code).await;
            copied.set(ok);
            if ok {
                ui.announcement.set(strings(lang).embed_copied.to_owned());
            }
        });
    };
    view! {
        <button type="button" class="embed-button" aria-expanded=move || snippet.get().is_some().to_string() on:click=make>
            {tr(ui, |s| s.embed)}
        </button>
        {move || snippet.get().map(|code| view! {
            <div class="embed-code" role="dialog" aria-labelledby="embed-code-label">
                <p id="embed-code-label">{tr(ui, |s| s.embed_help)}</p>
                <textarea readonly rows="5" dir="ltr" aria-labelledby="embed-code-label">{code}</textarea>
                <p class="copy-status" role="status">{move || copied.get().then(|| strings(ui.lang.get()).embed_copied)}</p>
                <button type="button" on:click=move |_| snippet.set(None)>{tr(ui, |s| s.close)}</button>
            </div>
        })}
    }
}

#[component]
fn MapView() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let embedded = expect_context::<Host>().mode == Mode::Embed;
    // In an embed the wheel scrolls the article; it zooms only with Ctrl, and a hint says so.
    let ctrl_hint = RwSignal::new(false);
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
        .zip(&data.facts)
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
        .collect();
    // With thousands of marker elements every pan frame is slow: past a point, paint them.
    let (marker_elements, painted) = if markers.len() >= PAINT_FROM_SITES {
        (Vec::new(), Some(Arc::new(PaintedMarkers::new(markers))))
    } else {
        (markers, None)
    };
    let is_painted = painted.is_some();
    let painting = StoredValue::new(Painting::default());
    let painted_layer = move || {
        let map = container.get_untracked()?;
        map.query_selector(".painted").ok().flatten()
    };
    if let Some(painted) = painted.clone() {
        // Painting thousands of markers takes the browser far longer than a frame, so it
        // happens when the view rests or the selection or filters change; in between, the
        // painted layer (a compositor layer of its own) is moved, not painted again.
        let shown_of = painted.clone();
        let paint = move || {
            let Some(layer) = painted_layer() else {
                return;
            };
            let view = ui.view.get_untracked();
            let selected = ui.site.get_untracked();
            let paths =
                painting.with_value(|p| painted.paint(&view, &p.shown, selected.as_deref()));
            if let Err(error) = paths.apply(&layer) {
                leptos::logging::error!("painting the markers failed: {}", js_error(&error));
            }
            painting.update_value(|p| p.view = Some(view));
        };
        let paint_now = paint.clone();
        Effect::new(move |previous: Option<Filters>| {
            // The layer is there once the map is mounted.
            container.track();
            let filters = ui.filters.get();
            ui.site.track();
            if previous.as_ref() != Some(&filters) {
                let shown = ui.shown.with_untracked(|shown| shown_of.shown(shown));
                painting.update_value(|p| p.shown = shown);
            }
            paint_now();
            filters
        });
        Effect::new(move |_| {
            let view = ui.view.get();
            let Some((drawn, moves)) = painting
                .try_update_value(|p| {
                    p.moves += 1;
                    Some((p.view?, p.moves))
                })
                .flatten()
            else {
                return;
            };
            // Even back at the painted view: the shift of the move before must go.
            if let Some(layer) = painted_layer() {
                let shift = format!("transform:{}", view.shift_from(&drawn).css());
                let _ = layer.set_attribute("style", &shift);
                // Painted again once no other move follows within VIEW_REST.
                let paint = paint.clone();
                set_timeout(
                    move || {
                        if painting.with_value(|p| p.moves) == moves {
                            paint();
                        }
                    },
                    VIEW_REST,
                );
            }
        });
    }
    let painted_at = move |at: Screen| -> Option<String> {
        let painted = painted.as_ref()?;
        painting.with_value(|p| {
            painted
                .at(&ui.view.get_untracked(), &p.shown, at)
                .map(str::to_owned)
        })
    };
    let over_painted = RwSignal::new(false);
    let regions: Vec<(String, String, &'static str)> = data
        .atlas
        .sites
        .iter()
        .zip(&data.facts)
        .filter_map(|(site, facts)| {
            let path = data.region_paths.get(&site.id)?;
            Some((site.id.clone(), path.clone(), side_class(facts.side)))
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
            .site(id)
            .map(|s| site_name(s, ui.lang.get()).to_owned())
            .unwrap_or_default()
    };
    let name_of_region = name_of.clone();
    let name_of_unknown = name_of.clone();
    let Basemap {
        land,
        beyond,
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
        <section class="map" aria-label=tr(ui, |s| s.map_label) hidden=move || ui.list.get()>
            <div class="map-canvas" node_ref=container>
                <svg
                    class="map-svg"
                    class:over-marker=move || over_painted.get()
                    tabindex="0"
                    role="group"
                    aria-label=tr(ui, |s| s.map_label)
                    aria-describedby="map-help"
                    on:pointerdown=move |e: web_sys::PointerEvent| {
                        feed(Input::PointerDown { id: e.pointer_id(), at: screen_of(&e) });
                    }
                    on:pointermove={
                        let painted_at = painted_at.clone();
                        move |e: web_sys::PointerEvent| {
                            let at = screen_of(&e);
                            feed(Input::PointerMove { id: e.pointer_id(), at });
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
                        if let Some(id) = painted_at(screen_of(&e)) {
                            select(id);
                        }
                    }
                    on:pointerup=move |e: web_sys::PointerEvent| feed(Input::PointerUp { id: e.pointer_id() })
                    on:pointercancel=move |e: web_sys::PointerEvent| feed(Input::PointerUp { id: e.pointer_id() })
                    on:pointerleave=move |e: web_sys::PointerEvent| feed(Input::PointerUp { id: e.pointer_id() })
                    on:wheel=move |e: web_sys::WheelEvent| {
                        if embedded && !e.ctrl_key() {
                            ctrl_hint.set(true);
                            set_timeout(move || ctrl_hint.set(false), std::time::Duration::from_millis(1500));
                            return;
                        }
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
                        <path class="border" d=borders />
                        {regions
                            .into_iter()
                            .map(|(id, path, side)| {
                                let selected_id = id.clone();
                                let shown_id = id.clone();
                                let key_id = id.clone();
                                let click_id = id.clone();
                                let label_id = id.clone();
                                let name_of_region = name_of_region.clone();
                                let (title_name, title_id) = (name_of_region.clone(), id.clone());
                                view! {
                                    <path
                                        class=format!("region side-{side}")
                                        class:selected=move || ui.site.get().as_deref() == Some(selected_id.as_str())
                                        class:filtered-out=move || !ui.shown.with(|s| s.sites.contains(&shown_id))
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
                            .collect_erased()}
                    </g>
                    <g class="labels" aria-hidden="true">
                        {places
                            .iter()
                            .cloned()
                            .enumerate()
                            .map(|(index, (label, class))| view! { <PlaceLabel label=label class=class index=index visibility=label_visibility /> })
                            .collect_erased()}
                    </g>
                    <g class="markers">
                        {marker_elements
                            .into_iter()
                            .map(|marker| {
                                let world = marker.at;
                                let position = move || ui.view.get().to_screen(world);
                                let id = marker.id.clone();
                                let selected_id = id.clone();
                                let shown_id = id.clone();
                                let key_id = id.clone();
                                let label_id = id.clone();
                                let name_of = name_of.clone();
                                let (title_name, title_id) = (name_of.clone(), id.clone());
                                view! {
                                    <g
                                        class=format!("marker kind-{} side-{}", marker.kind.code(), marker.side)
                                        class:town=marker.precision == Precision::Town
                                        class:contested=marker.contested
                                        class:filtered-out=move || !ui.shown.with(|s| s.sites.contains(&shown_id))
                                        class:selected=move || ui.site.get().as_deref() == Some(selected_id.as_str())
                                        transform=move || position().translate()
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
                            .collect_erased()}
                    </g>
                </svg>
                // The paths PaintedMarkers paints, found by class: halos and symbols per side,
                // contest dots, and the selected symbol on top. Above the map, letting the pointer
                // through to it.
                <svg class="painted" aria-hidden="true" hidden=!is_painted>
                    {markers::side_classes()
                        .map(|side| view! {
                            <path class=format!("halo side-{side}")></path>
                            <path class=format!("symbol side-{side}")></path>
                        })
                        .collect_erased()}
                    <path class="contest-dot"></path>
                    <path class="symbol selected"></path>
                </svg>
                <div class="map-controls">
                    <button type="button" aria-label=tr(ui, |s| s.zoom_in)
                        on:click=move |_| feed(Input::Key(Key::ZoomIn))>"+"</button>
                    <button type="button" aria-label=tr(ui, |s| s.zoom_out)
                        on:click=move |_| feed(Input::Key(Key::ZoomOut))>"−"</button>
                    <button type="button" aria-label=tr(ui, |s| s.fit_all)
                        on:click={
                            let atlas = data.clone();
                            move |_| { ui.view.update(|v| fit_sites(v, &atlas.atlas)); ui.view_in_url.set(true); }
                        }>"⤢"</button>
                </div>
                {move || ctrl_hint.get().then(|| view! { <p class="ctrl-hint" role="status">{tr(ui, |s| s.ctrl_to_zoom)}</p> })}
                <div class="scale" aria-hidden="true">
                    <span class="scale-bar" style:width=move || format!("{}px", fixed(scale.get().1, 0))></span>
                    <span>{move || format!("{} {}", short(scale.get().0, 3), strings(ui.lang.get()).scale_km)}</span>
                </div>
            </div>
            <p id="map-help" class="map-help">
                {move || {
                    let s = strings(ui.lang.get());
                    if is_painted { format!("{} {}", s.map_help, s.painted_markers_help) } else { s.map_help.to_owned() }
                }}
            </p>
            <div class="unknown">
                <h2>{tr(ui, |s| s.unknown_locations)}</h2>
                <ul>
                    {unknown
                        .into_iter()
                        .map(|site| {
                            let id = site.id.clone();
                            let label_id = id.clone();
                            let shown_id = id.clone();
                            let name_of = name_of_unknown.clone();
                            view! {
                                <li class:filtered-out=move || !ui.shown.with(|s| s.sites.contains(&shown_id))>
                                    <button type="button" data-site-id=site.id.clone()
                                        class:selected=move || ui.site.get().as_deref() == Some(site.id.as_str())
                                        on:click=move |_| ui.select_site(Some(id.clone()))>
                                        {move || name_of(&label_id)}
                                    </button>
                                </li>
                            }
                        })
                        .collect_erased()}
                </ul>
            </div>
            {(!embedded).then(|| view! {
                <Legend />
                <p class="attribution">{tr(ui, |s| s.attribution)}</p>
            })}
        </section>
    }
}

/// The painted markers' bookkeeping between frames.
#[derive(Default)]
struct Painting {
    /// For each painted marker, whether the filters show it.
    shown: Vec<bool>,
    /// The view the markers were last painted at.
    view: Option<Viewport>,
    /// Counts view changes, so that a timer can tell whether another came after it.
    moves: u64,
}

/// How long the view must stay still before painted markers are painted again for it.
const VIEW_REST: std::time::Duration = std::time::Duration::from_millis(150);

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

#[component]
fn Legend() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let kinds = [SiteKind::AirBase, SiteKind::Port, SiteKind::City];
    view! {
        <details class="legend">
            <summary>{tr(ui, |s| s.legend)}</summary>
            <ul>
                {kinds.into_iter().map(|kind| view! {
                    <li><svg class="legend-symbol" viewBox="-10 -10 20 20" aria-hidden="true"><path d=marker_shape(kind) /></svg>
                    {move || i18n::kind(ui.lang.get(), kind)}</li>
                }).collect_erased()}
                <li><svg class="legend-symbol" viewBox="-15 -15 30 30" aria-hidden="true"><circle class="halo" r="13" /><path d=marker_shape(SiteKind::City) /></svg>
                    {move || i18n::precision(ui.lang.get(), Precision::Town)}</li>
                <li><svg class="legend-symbol region-swatch" viewBox="0 0 20 20" aria-hidden="true"><rect x="2" y="2" width="16" height="16" /></svg>
                    {move || i18n::precision(ui.lang.get(), Precision::Region)}</li>
                <li><svg class="legend-symbol beyond-swatch" viewBox="0 0 20 20" aria-hidden="true"><rect x="2" y="2" width="16" height="16" /></svg>
                    {tr(ui, |s| s.beyond_basemap)}</li>
                <li><svg class="legend-symbol" viewBox="-10 -10 20 20" aria-hidden="true"><circle class="contest-dot" r="4" /></svg>
                    {tr(ui, |s| s.contested)}</li>
                {MARKER_SIDES.into_iter().map(|side| view! {
                    <li><span class=format!("swatch side-{}", side_class(Some(side)))></span>{move || i18n::side(ui.lang.get(), side)}</li>
                }).collect_erased()}
            </ul>
        </details>
    }
}

fn coordinates_text(site: &Site) -> Option<String> {
    match site.geometry.as_ref()? {
        Geometry::Point(p) => Some(format!("{}°N, {}°E", fixed(p.y(), 4), fixed(p.x(), 4))),
        polygon @ Geometry::Polygon(_) => {
            let [w, s, e, n] = bounds([polygon])?;
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
                let Some(site) = ui.site.get().and_then(|id| data.site(&id).cloned()) else {
                    return view! { <h2 id="panel-heading" class="visually-hidden" node_ref=heading>{strings(lang).claims}</h2><p class="hint">{strings(lang).no_selection}</p> }.into_any();
                };
                let about = data.atlas.claims_about(&site.id).count();
                let claims: Vec<Claim> = ui.shown.with(|shown| {
                    data.atlas.claims_about(&site.id).filter(|c| shown.claims.contains(&c.id)).cloned().collect()
                });
                let hidden = about - claims.len();
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
                    {(hidden > 0).then(|| view! { <p class="hidden-claims">{strings(lang).hidden_by_filters}": "{hidden}</p> })}
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
        <section class="contest" aria-label=tr(ui, |s| s.contested)>
            <p class="contest-title"><strong>{tr(ui, |s| s.contested)}</strong>" · "{tr(ui, |s| s.contested_note)}</p>
            <div class="contest-sides">
                <div class="contest-side">{affirming.into_iter().map(|claim| view! { <ClaimCard claim=claim /> }).collect_erased()}</div>
                <div class="contest-side">{denying.into_iter().map(|claim| view! { <ClaimCard claim=claim /> }).collect_erased()}</div>
            </div>
        </section>
    }
}

#[component]
fn ClaimCard(claim: Claim) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let source = data.atlas.source(&claim.source).cloned();
    let stance_class = claim.stance.code();
    let open = claim.clone();
    let to_cite = claim.clone();
    let atlas_for_citation = data.clone();
    // Whether the last copy reached the clipboard, and the citation, shown for copying by hand.
    let copied = RwSignal::new(None::<(bool, String)>);
    let base = expect_context::<Host>().base;
    let copy_citation = move |_| {
        let lang = ui.lang.get_untracked();
        let text = citation(
            &atlas_for_citation.atlas,
            &to_cite,
            lang,
            &claim_link(&base, &to_cite, lang),
        );
        leptos::task::spawn_local(async move {
            let ok = copy_to_clipboard(&text).await;
            let strings = strings(lang);
            ui.announcement.set(
                if ok {
                    strings.citation_copied
                } else {
                    strings.citation_copy_failed
                }
                .to_owned(),
            );
            copied.set(Some((ok, text)));
        });
    };
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
                    let summary = summary(&claim, lang).to_owned();
                    let text = strings(lang);
                    view! {
                        <p class="summary">{summary}</p>
                        <blockquote class="quote" lang="ar" dir="rtl">{claim.target.exact().to_owned()}</blockquote>
                        <p class="chain">
                            <span class="label">{text.claimant}": "</span>
                            {claim_chain(&claim, lang)}
                        </p>
                        {claim.hedge.clone().map(|hedge| view! { <p class="hedge"><span class="label">{text.hedge}": "</span><span lang="ar">{hedge}</span></p> })}
                        {claim.said.as_ref().map(|d| view! { <p class="date"><span class="label">{text.said}": "</span>{format_dating(d, lang)}</p> })}
                        {claim.event.as_ref().map(|d| view! { <p class="date"><span class="label">{text.event}": "</span>{format_dating(d, lang)}</p> })}
                        {claim.note.clone().map(|note| view! { <p class="note" lang="en" dir="ltr">{note}</p> })}
                    }
                }
            }
            <p class="claim-source">
                {tr(ui, |s| s.in_article)}" "
                <cite>{
                    let source = source.clone();
                    move || source.as_ref().map(|s| source_title(s, ui.lang.get())).unwrap_or_default()
                }</cite>
            </p>
            <div class="claim-actions">
                <button type="button" class="show-source" on:click=move |_| ui.open_claim(&open)>
                    {tr(ui, |s| s.show_in_source)}
                </button>
                <button type="button" class="copy-citation" on:click=copy_citation>
                    {tr(ui, |s| s.copy_citation)}
                </button>
            </div>
            {move || copied.get().map(|(ok, text)| view! {
                <p class="copy-status" class:failed=!ok>{tr(ui, if ok { |s| s.citation_copied } else { |s| s.citation_copy_failed })}</p>
                <pre class="citation" dir="auto">{text}</pre>
            })}
        </article>
    }
}

#[component]
fn Reader() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let base = expect_context::<Host>().base;
    let mark = NodeRef::<leptos::html::Mark>::new();
    // Fetch the open claim's article the first time one of its passages is opened.
    let atlas_for_fetch = data.clone();
    Effect::new(move |_| {
        let claim = ui.claim.get();
        let Some(source) = claim
            .and_then(|id| atlas_for_fetch.atlas.claim(&id))
            .and_then(|claim| atlas_for_fetch.atlas.source(&claim.source))
        else {
            return;
        };
        if ui
            .articles
            .with_untracked(|articles| articles.contains_key(&source.id))
        {
            return;
        }
        let (id, text) = (
            source.id.clone(),
            fetch_text(&format!("{base}{}", source.file)),
        );
        leptos::task::spawn_local(async move {
            let text = text.await;
            ui.articles.update(|articles| {
                articles.insert(id, text);
            });
        });
    });
    // Scroll the passage into view once it is drawn: when another claim is opened, or its
    // article arrives.
    Effect::new(move |_| {
        ui.articles.track();
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
        let (start, end) = claim.target.range()?;
        let split = ui.articles.with(|articles| {
            let fetched = articles.get(&source.id)?;
            Some(
                fetched
                    .as_ref()
                    .map(|text| split_passage(text, start, end))
                    .map_err(Clone::clone),
            )
        });
        let (before, passage, after) = match split {
            None => {
                return Some(view! { <section class="reader"><p class="status" role="status">{tr(ui, |s| s.loading)}</p></section> }.into_any());
            }
            Some(Err(error)) => {
                return Some(view! { <section class="reader"><p class="status error" role="alert">{tr(ui, |s| s.load_failed)}": "{error}</p></section> }.into_any());
            }
            Some(Ok(split)) => split,
        };
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
        }.into_any())
    }
}

/// The address of the page's folder: where the map's files are, for the map and its embed page.
fn page_folder() -> String {
    web_sys::window()
        .map(|w| {
            let location = w.location();
            let path = location.pathname().unwrap_or_default();
            let folder = path.rfind('/').map_or("/", |slash| &path[..=slash]);
            format!("{}{folder}", location.origin().unwrap_or_default())
        })
        .unwrap_or_default()
}

/// The deep link that opens a claim at its passage in the full map (at `base`), in the given
/// language.
fn claim_link(base: &str, claim: &Claim, lang: Lang) -> String {
    let state = UrlState {
        site: claim.sites.first().cloned(),
        claim: Some(claim.id.clone()),
        lang: Some(lang),
        ..UrlState::default()
    };
    format!("{base}{}", state.to_query())
}

/// The exported atlas cut down to what is shown: the shown sites' features with only their
/// shown claims (and counts to match), and the sources those claims come from. Done on the
/// parsed JSON in the browser, so that the app carries no GeoJSON writer of its own.
fn geojson_selection(atlas_geojson: &str, shown: &Shown) -> Result<String, wasm_bindgen::JsValue> {
    use js_sys::{Array, JSON, Reflect};
    use wasm_bindgen::JsValue;
    let get = |object: &JsValue, key: &str| Reflect::get(object, &JsValue::from_str(key));
    let id_of = |object: &JsValue| {
        get(object, "id")
            .ok()
            .and_then(|id| id.as_string())
            .unwrap_or_default()
    };
    let collection = JSON::parse(atlas_geojson)?;
    let features = Array::new();
    let mut sources = std::collections::BTreeSet::new();
    for feature in Array::from(&get(&collection, "features")?).iter() {
        if !shown.sites.contains(&id_of(&feature)) {
            continue;
        }
        let properties = get(&feature, "properties")?;
        let claims = Array::new();
        for claim in Array::from(&get(&properties, "claims")?).iter() {
            if shown.claims.contains(&id_of(&claim)) {
                sources.insert(get(&claim, "source")?.as_string().unwrap_or_default());
                claims.push(&claim);
            }
        }
        Reflect::set(&properties, &"claim_count".into(), &claims.length().into())?;
        Reflect::set(&properties, &"claims".into(), &claims)?;
        features.push(&feature);
    }
    let kept_sources: Array = Array::from(&get(&collection, "sources")?)
        .iter()
        .filter(|source| sources.contains(&id_of(source)))
        .collect();
    Reflect::set(&collection, &"features".into(), &features)?;
    Reflect::set(&collection, &"sources".into(), &kept_sources)?;
    let text = JSON::stringify_with_replacer_and_space(&collection, &JsValue::NULL, &2.into())?;
    Ok(format!("{}\n", String::from(text)))
}

/// Saves `body` as a file the browser downloads, without a round trip to a server.
fn download(file_name: &str, mime: &str, body: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(body));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The download has started from the URL by the next task; then it can go.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(1),
    );
    Ok(())
}

/// A multiple-choice filter's chosen values, to read them and to change them.
#[derive(Clone, Copy)]
struct Choice<T: 'static> {
    read: fn(&Filters) -> &[T],
    write: fn(&mut Filters) -> &mut Vec<T>,
    order: &'static [T],
}

/// A group of checkboxes for one multiple-choice filter.
fn filter_checks<T>(
    name: &'static str,
    values: Vec<T>,
    label: fn(Lang, T) -> &'static str,
    code: fn(T) -> &'static str,
    choice: Choice<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let ui = expect_context::<Ui>();
    values
        .into_iter()
        .map(|value| {
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        name=name
                        value=code(value)
                        prop:checked=move || ui.filters.with(|f| (choice.read)(f).contains(&value))
                        on:change=move |_| ui.filters.update(|f| Filters::toggle((choice.write)(f), value, choice.order))
                    />
                    {move || label(ui.lang.get(), value)}
                </label>
            }
        })
        .collect_erased()
}

/// A single-choice filter's value, to read it and to change it.
#[derive(Clone, Copy)]
struct OneOf {
    read: fn(&Filters) -> Option<&str>,
    write: fn(&mut Filters) -> &mut Option<String>,
}

/// An option of a drop-down, labelled in both languages.
struct SelectOption {
    value: String,
    en: String,
    ar: String,
}

/// A drop-down for one single-choice filter: "any", then the options.
fn filter_select(
    name: &'static str,
    label: fn(&'static Strings) -> &'static str,
    options: Vec<SelectOption>,
    one_of: OneOf,
) -> impl IntoView {
    let ui = expect_context::<Ui>();
    view! {
        <label>
            <span>{tr(ui, label)}</span>
            <select name=name on:change=move |e| {
                let value = event_target_value(&e);
                ui.filters.update(|f| *(one_of.write)(f) = (!value.is_empty()).then_some(value));
            }>
                <option value="" selected=move || ui.filters.with(|f| (one_of.read)(f).is_none())>{tr(ui, |s| s.any)}</option>
                {options.into_iter().map(|SelectOption { value, en, ar }| {
                    let chosen = value.clone();
                    view! {
                        <option value=value selected=move || ui.filters.with(|f| (one_of.read)(f) == Some(chosen.as_str()))>
                            {move || if ui.lang.get() == Lang::Ar { ar.clone() } else { en.clone() }}
                        </option>
                    }
                }).collect_erased()}
            </select>
        </label>
    }
}

/// The count of shown claims, the filters, the map/list switch, downloads and the timeline.
#[component]
fn Explore() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let atlas = &data.atlas;
    let total = atlas.claims.len();
    let open = RwSignal::new(false);

    let sides: Vec<Side> = Side::ALL
        .iter()
        .copied()
        .filter(|side| atlas.claims.iter().any(|c| c.actors.contains(side)))
        .collect();
    let kinds: Vec<SiteKind> = SiteKind::ALL
        .iter()
        .copied()
        .filter(|kind| atlas.sites.iter().any(|s| s.kind == *kind))
        .collect();
    let mut claimants: Vec<kharita_core::Actor> = Vec::new();
    for claim in &atlas.claims {
        if !claimants.iter().any(|a| a.id == claim.claimant.id) {
            claimants.push(claim.claimant.clone());
        }
    }
    claimants.sort_by(|a, b| a.name_en.cmp(&b.name_en));
    let claimants: Vec<SelectOption> = claimants
        .iter()
        .map(|actor| SelectOption {
            value: actor.id.clone(),
            en: actor_name(actor, Lang::En),
            ar: actor_name(actor, Lang::Ar),
        })
        .collect();
    let sources: Vec<SelectOption> = atlas
        .sources
        .iter()
        .map(|source| SelectOption {
            value: source.id.clone(),
            en: source_title(source, Lang::En),
            ar: source_title(source, Lang::Ar),
        })
        .collect();

    let atlas_for_download = data.clone();
    let save = move |geojson: bool| {
        let data = &atlas_for_download;
        let result = ui.shown.with_untracked(|shown| {
            if geojson {
                geojson_selection(&data.atlas_geojson, shown).and_then(|text| {
                    download("kharita-selection.geojson", "application/geo+json", &text)
                })
            } else {
                let csv = shown.selection(&data.atlas).to_csv();
                download("kharita-selection.csv", "text/csv", &csv)
            }
        });
        if let Err(error) = result {
            ui.announcement.set(js_error(&error));
        }
    };

    view! {
        <section class="explore" aria-label=tr(ui, |s| s.filters)>
            <div class="explore-bar">
                <p class="count" role="status">
                    {move || i18n::claim_count(ui.lang.get(), ui.shown.with(|s| s.claims.len()), total)}
                </p>
                <button type="button" class="filters-toggle" aria-controls="filter-panel"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>
                    {tr(ui, |s| s.filters)}
                </button>
                {move || ui.filters.with(Filters::is_active).then(|| view! {
                    <button type="button" class="clear-filters"
                        on:click=move |_| ui.filters.update(|f| *f = f.cleared())>
                        {tr(ui, |s| s.clear_filters)}
                    </button>
                })}
                <div class="views" role="group" aria-label=tr(ui, |s| s.view_label)>
                    <button type="button" class="show-map" aria-pressed=move || (!ui.list.get()).to_string()
                        on:click=move |_| ui.list.set(false)>{tr(ui, |s| s.map_view)}</button>
                    <button type="button" class="show-list" aria-pressed=move || ui.list.get().to_string()
                        on:click=move |_| ui.list.set(true)>{tr(ui, |s| s.list_view)}</button>
                </div>
                <div class="downloads" role="group" aria-label=tr(ui, |s| s.download_label)>
                    <span class="label" aria-hidden="true">{tr(ui, |s| s.download_label)}":"</span>
                    <button type="button" class="download-geojson" on:click={ let save = save.clone(); move |_| save(true) }>
                        {tr(ui, |s| s.download_geojson)}
                    </button>
                    <button type="button" class="download-csv" on:click=move |_| save(false)>
                        {tr(ui, |s| s.download_csv)}
                    </button>
                </div>
            </div>
            <div id="filter-panel" class="filter-panel" hidden=move || !open.get()>
                <fieldset>
                    <legend>{tr(ui, |s| s.actor)}</legend>
                    {filter_checks("actor", sides, i18n::side, Side::code, Choice { read: |f| &f.actors, write: |f| &mut f.actors, order: Side::ALL })}
                </fieldset>
                <fieldset>
                    <legend>{tr(ui, |s| s.stance_filter)}</legend>
                    {filter_checks("stance", Stance::ALL.to_vec(), i18n::stance, Stance::code, Choice { read: |f| &f.stances, write: |f| &mut f.stances, order: Stance::ALL })}
                </fieldset>
                <fieldset>
                    <legend>{tr(ui, |s| s.kind_filter)}</legend>
                    {filter_checks("kind", kinds, i18n::kind, SiteKind::code, Choice { read: |f| &f.kinds, write: |f| &mut f.kinds, order: SiteKind::ALL })}
                </fieldset>
                <fieldset class="choices">
                    {filter_select("claimant", |s| s.claimant_filter, claimants, OneOf { read: |f| f.claimant.as_deref(), write: |f| &mut f.claimant })}
                    {filter_select("source", |s| s.source_filter, sources, OneOf { read: |f| f.source.as_deref(), write: |f| &mut f.source })}
                    <label class="check">
                        <input type="checkbox" name="contested" prop:checked=move || ui.filters.with(|f| f.contested)
                            on:change=move |_| ui.filters.update(|f| f.contested = !f.contested) />
                        {tr(ui, |s| s.contested_only)}
                    </label>
                </fieldset>
            </div>
            <Timeline />
        </section>
    }
}

/// Room on the timeline's start for the row names.
const TIMELINE_GUTTER: f64 = 64.0;
const TIMELINE_ROW_Y: [f64; 2] = [26.0, 52.0];
const TIMELINE_HEIGHT: f64 = 76.0;

/// A coordinate for an SVG attribute, to a tenth of a pixel, written by [`short`] as the map's
/// other numbers are: `f64` attribute values would be written by float formatting, to 17 digits.
fn svg_number(value: f64) -> String {
    short(value, 1)
}

/// Claims on a time axis, one row for when each was said and one for when its event happened;
/// a filled mark is a date stated in the text, a hollow one an inferred date. Dragging across it,
/// or moving its two handles with the keyboard, sets the date filter.
#[component]
fn Timeline() -> impl IntoView {
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
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // Each claim's dates, row by row.
    let mut dates: Vec<(String, Dated)> = Vec::new();
    for claim in &data.atlas.claims {
        for (row, &axis) in TimeAxis::ALL.iter().enumerate() {
            if let Some((span, basis)) = axis.date(&data.atlas, claim) {
                let (start, end) = span_months(span);
                let stated = basis == Basis::Stated;
                dates.push((
                    claim.id.clone(),
                    Dated {
                        row,
                        start,
                        end,
                        stated,
                    },
                ));
            }
        }
    }
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
    let x = move |px: f64| px + TIMELINE_GUTTER;
    let marks = stack_marks(dates);

    let preview = RwSignal::new(None::<MonthRange>);
    let anchor = StoredValue::new(None::<Month>);
    let range = move || preview.get().or_else(|| ui.filters.with(|f| f.dates));
    let month_at = move |event: &web_sys::PointerEvent| {
        let left = container
            .get_untracked()
            .map_or(0.0, |c| c.get_bounding_client_rect().left());
        scale
            .get_untracked()
            .map(|s| s.month_at(f64::from(event.client_x()) - left - TIMELINE_GUTTER))
    };
    let commit = move || {
        if let Some(range) = preview.get_untracked() {
            ui.filters.update(|f| f.dates = Some(range));
        }
        preview.set(None);
        anchor.set_value(None);
    };
    let on_handle_key = move |event: web_sys::KeyboardEvent, handle: Handle| {
        let Some(scale) = scale.get_untracked() else {
            return;
        };
        let current = ui
            .filters
            .with_untracked(|f| f.dates)
            .unwrap_or(MonthRange {
                from: scale.first,
                to: scale.last,
            });
        if let Some(next) = scale.nudge(current, handle, &event.key()) {
            event.prevent_default();
            ui.filters.update(|f| f.dates = Some(next));
        }
    };
    let handle = move |handle: Handle| {
        let month = move || {
            let scale = scale.get()?;
            let range = range().unwrap_or(MonthRange {
                from: scale.first,
                to: scale.last,
            });
            Some((
                scale,
                if handle == Handle::From {
                    range.from
                } else {
                    range.to
                },
            ))
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
                x=move || svg_number(month().map_or(0.0, |(scale, m)| if handle == Handle::From { x(scale.x_of(m)) - 5.0 } else { x(scale.x_after(m)) - 5.0 }))
                aria-label=tr(ui, if handle == Handle::From { |s| s.date_from } else { |s| s.date_to })
                aria-valuemin=move || scale.get().map(|s| s.first)
                aria-valuemax=move || scale.get().map(|s| s.last)
                aria-valuenow=move || month().map(|(_, m)| m)
                aria-valuetext=move || month().map(|(_, m)| month_text(m))
                on:keydown=move |e| on_handle_key(e, handle)
            />
        }
    };

    view! {
        <div class="timeline" dir="ltr">
            <div class="timeline-head">
                <h2 class="timeline-title" id="timeline-title">{tr(ui, |s| s.timeline)}</h2>
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
                    {move || range().map_or_else(
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
            <div class="timeline-canvas" node_ref=container>
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
                            anchor.set_value(Some(month));
                            preview.set(Some(MonthRange::between(month, month)));
                            if let Some(svg) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                                let _ = svg.set_pointer_capture(e.pointer_id());
                            }
                        }
                    }
                    on:pointermove=move |e: web_sys::PointerEvent| {
                        if let (Some(start), Some(month)) = (anchor.get_value(), month_at(&e)) {
                            preview.set(Some(MonthRange::between(start, month)));
                        }
                    }
                    on:pointerup=move |_| commit()
                    on:pointercancel=move |_| { preview.set(None); anchor.set_value(None); }
                >
                    {move || scale.get().map(|scale| view! {
                        <g class="axis-ticks" aria-hidden="true">
                            {scale.years().map(|(year, at)| view! {
                                <line x1=svg_number(x(at)) x2=svg_number(x(at)) y1="4" y2=svg_number(TIMELINE_HEIGHT - 12.0) />
                                <text x=svg_number(x(at) + 3.0) y=svg_number(TIMELINE_HEIGHT - 2.0)>{year}</text>
                            }).collect_erased()}
                            <text class="row-name" x="2" y=svg_number(TIMELINE_ROW_Y[0] + 4.0)>{tr(ui, |s| s.said)}</text>
                            <text class="row-name" x="2" y=svg_number(TIMELINE_ROW_Y[1] + 4.0)>{tr(ui, |s| s.event)}</text>
                        </g>
                        <g class="marks" aria-hidden="true">
                            {marks.iter().map(|(Mark { dated, level }, ids)| {
                                let ids = ids.clone();
                                let left = x(scale.x_of(dated.start));
                                let right = x(scale.x_after(dated.end.unwrap_or(scale.last)));
                                #[allow(clippy::cast_precision_loss)]
                                let y = TIMELINE_ROW_Y[dated.row] - 3.0 - 5.0 * (*level as f64);
                                view! {
                                    <rect
                                        class=if dated.stated { "mark stated" } else { "mark inferred" }
                                        class:dim=move || ui.shown.with(|s| !ids.iter().any(|id| s.claims.contains(id)))
                                        x=svg_number(left) y=svg_number(y) width=svg_number((right - left).max(6.0)) height="6" rx="3"
                                    />
                                }
                            }).collect_erased()}
                        </g>
                    })}
                    {move || range().zip(scale.get()).map(|(r, scale)| view! {
                        <rect class="brush" aria-hidden="true" x=svg_number(x(scale.x_of(r.from))) y="2"
                            width=svg_number(scale.x_after(r.to) - scale.x_of(r.from)) height=svg_number(TIMELINE_HEIGHT - 4.0) />
                    })}
                    {handle(Handle::From)}
                    {handle(Handle::To)}
                </svg>
            </div>
            <p id="timeline-help" class="visually-hidden">{tr(ui, |s| s.timeline_help)}</p>
        </div>
    }
}

/// Every shown site as a list, equivalent to the map: choosing one opens its panel.
#[component]
fn ListView() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    view! {
        <section class="list-view" aria-labelledby="list-heading">
            <h2 id="list-heading">{tr(ui, |s| s.sites_heading)}</h2>
            {move || {
                let lang = ui.lang.get();
                let shown = ui.shown.get();
                let items: Vec<_> = data
                    .atlas
                    .sites
                    .iter()
                    .zip(&data.facts)
                    .filter(|(site, _)| shown.sites.contains(&site.id))
                    .map(|(site, facts)| {
                        let total = facts.claim_ids.len();
                        let count = facts.claim_ids.iter().filter(|id| shown.claims.contains(*id)).count();
                        let id = site.id.clone();
                        let selected_id = id.clone();
                        let contested = facts.contested;
                        view! {
                            <li class="list-site">
                                <button type="button" data-site-id=site.id.clone()
                                    aria-pressed=move || (ui.site.get().as_deref() == Some(selected_id.as_str())).to_string()
                                    on:click=move |_| ui.select_site(Some(id.clone()))>
                                    {site_name(site, lang)}
                                </button>
                                <span class="list-meta">
                                    {i18n::kind(lang, site.kind)}" · "{i18n::precision(lang, site.precision)}" · "
                                    {i18n::claim_count(lang, count, total)}
                                    {contested.then(|| view! { " · "<span class="contested-badge">{strings(lang).contested}</span> })}
                                </span>
                            </li>
                        }
                    })
                    .collect();
                if items.is_empty() {
                    view! { <p class="hint">{strings(lang).no_matches}</p> }.into_any()
                } else {
                    view! { <ul class="site-list">{items}</ul> }.into_any()
                }
            }}
        </section>
    }
}
