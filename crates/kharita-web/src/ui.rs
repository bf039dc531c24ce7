//! The interface state every component shares, [`Ui`], with the actions that change it, and the
//! small helpers components use to show it.

use std::collections::BTreeMap;

use geo_types::Geometry;
use kharita_core::model::{Atlas, Claim, SourceId};
use kharita_map::projection::LonLat;
use kharita_map::viewport::Viewport;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::data::{Data, WordFiles};
use crate::filter::{Filters, Shown};
use crate::i18n::{Strings, strings};
use crate::present::bounds;
use crate::state::{Lang, UrlState, View};

/// The interface state shared by all components. The URL mirrors it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ui {
    pub(crate) lang: RwSignal<Lang>,
    // The selection holds ids as the URL does, as strings: a signal is generic, and signals of
    // `SiteId` and `ClaimId` added their own copies of the reactive code to the wasm (0.6 KB
    // gzipped, measured 2026-12-05).
    pub(crate) site: RwSignal<Option<String>>,
    pub(crate) claim: RwSignal<Option<String>>,
    pub(crate) view: RwSignal<Viewport>,
    /// Whether the view belongs in the URL (given there, or moved by the user).
    pub(crate) view_in_url: RwSignal<bool>,
    /// What screen readers are told after a selection.
    pub(crate) announcement: RwSignal<String>,
    pub(crate) filters: RwSignal<Filters>,
    /// The list view instead of the map.
    pub(crate) list: RwSignal<bool>,
    /// What the filters let through.
    pub(crate) shown: Memo<Shown>,
    /// Article texts fetched so far (or why they could not be), by source id.
    pub(crate) articles: RwSignal<BTreeMap<SourceId, Result<String, String>>>,
    /// The words of claims fetched so far ([`crate::data::fetch_claim_words`]).
    pub(crate) claim_words: RwSignal<WordFiles>,
}

impl Ui {
    /// The state at start-up: `url`'s (checked against the atlas), the view it gives or all
    /// sites fitted in, and the claim it opens.
    pub(crate) fn new(data: &std::sync::Arc<Data>, lang: RwSignal<Lang>, url: &UrlState) -> Self {
        let filters = RwSignal::new(Filters::default());
        let for_filters = data.clone();
        let ui = Self {
            lang,
            site: RwSignal::new(None),
            claim: RwSignal::new(None),
            view: RwSignal::new(initial_viewport(&data.atlas, url)),
            view_in_url: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
            filters,
            list: RwSignal::new(false),
            shown: Memo::new(move |_| filters.with(|f| f.shown(&for_filters.atlas))),
            articles: RwSignal::new(BTreeMap::new()),
            claim_words: RwSignal::new(BTreeMap::new()),
        };
        ui.apply(url);
        if let Some(claim) = url.claim.as_deref().and_then(|id| data.atlas.claim(id)) {
            ui.open_claim(claim);
        }
        ui
    }

    /// An embed without a view of its own centres on its site, when that is a point.
    pub(crate) fn centre_on_site_for_embed(self, data: &Data) {
        let site = self.site.get_untracked();
        if let Some(site) = site.as_deref().and_then(|id| data.atlas.site(id))
            && !self.view_in_url.get_untracked()
            && let Some(Geometry::Point(point)) = &site.geometry
        {
            self.view.update(|v| {
                *v = Viewport::new(LonLat::new(point.x(), point.y()), 6.0, v.width, v.height);
            });
            self.view_in_url.set(true);
        }
    }

    pub(crate) fn select_site(self, id: Option<String>) {
        self.claim.set(None);
        self.site.set(id);
    }

    pub(crate) fn open_claim(self, claim: &Claim) {
        if self
            .site
            .get_untracked()
            .is_none_or(|site| !claim.is_about(&site))
        {
            self.site
                .set(claim.sites.first().map(|site| site.as_str().to_owned()));
        }
        self.claim.set(Some(claim.id.as_str().to_owned()));
    }

    /// Closes the reader and gives focus back to the claim's "Show in source" button.
    pub(crate) fn close_reader(self) {
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

    pub(crate) fn url_state(self) -> UrlState {
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

    pub(crate) fn apply(self, url: &UrlState) {
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
pub(crate) fn tr(
    ui: Ui,
    pick: fn(&'static Strings) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || pick(strings(ui.lang.get()))
}

/// Puts `text` on the clipboard, says so (in the words `copied` picks) or that the browser
/// blocked it, and keeps it in `shown` with the outcome, to show it for copying by hand. One
/// function for every copy, so that their async code is linked once.
pub(crate) fn copy_and_show(
    ui: Ui,
    text: String,
    copied: fn(&'static Strings) -> &'static str,
    shown: RwSignal<Option<(bool, String)>>,
) {
    leptos::task::spawn_local(async move {
        let ok = crate::dom::copy_to_clipboard(&text).await;
        let words = strings(ui.lang.get_untracked());
        let said = if ok { copied(words) } else { words.copy_failed };
        ui.announcement.set(said.to_owned());
        shown.set(Some((ok, text)));
    });
}

/// Collects a list of views erased, as `AnyView`s: every list in the app is then one type, and
/// the code that builds and updates a list is linked once, not once for each kind of item
/// (about 1 KB of wasm each).
pub(crate) trait CollectErased {
    fn collect_erased(self) -> Vec<AnyView>;
}

impl<Items: IntoIterator<Item: IntoAny>> CollectErased for Items {
    fn collect_erased(self) -> Vec<AnyView> {
        self.into_iter().map(IntoAny::into_any).collect()
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

pub(crate) fn fit_sites(viewport: &mut Viewport, atlas: &Atlas) {
    if let Some([west, south, east, north]) =
        bounds(atlas.sites().iter().filter_map(|s| s.geometry.as_ref()))
    {
        viewport.fit(LonLat::new(west, south), LonLat::new(east, north), 24.0);
    }
}
