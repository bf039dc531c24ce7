//! The external raster layer the author may turn on (`assets/map.toml`; the app is then built
//! with the feature `external-layer`): tiles from a URL template, or from a `PMTiles` archive
//! read by HTTP range requests, drawn over the land and under the regions and sites. The page
//! asks its host for nothing else, and nothing at all when the layer is off.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use kharita_map::tiles::{
    Entry, ExternalLayer, Found, PMTILES_FIRST_BYTES, PmtilesHeader, Tile, TileSource, covering,
    find,
};
use leptos::prelude::*;

use super::WORLD_MARGIN;
use super::rest::RestingView;
use crate::Host;
use crate::data::{fetch_text, get};

/// The layer's settings (`layer.json`, written by the build), fetched once; `None` until then,
/// and if they cannot be read (the console says why). A source given as a path is beside the
/// app, wherever the app is shown.
pub(super) fn external_layer() -> ReadSignal<Option<Arc<ExternalLayer>>> {
    let (layer, set_layer) = signal(None);
    let base = expect_context::<Host>().base;
    let url = format!("{base}layer.json");
    leptos::task::spawn_local(async move {
        let read = fetch_text(&url).await.and_then(|text| {
            serde_json::from_str::<ExternalLayer>(&text).map_err(|error| error.to_string())
        });
        match read {
            Ok(mut settings) => {
                let (TileSource::Pmtiles(url) | TileSource::Template(url)) = &mut settings.source;
                if !url.contains("://") {
                    *url = format!("{base}{url}");
                }
                set_layer.set(Some(Arc::new(settings)));
            }
            Err(error) => leptos::logging::warn!("layer.json: {error}"),
        }
    });
    layer
}

/// The tiles that cover the world layer at rest, each drawn once it has come.
#[component]
pub(super) fn ExternalTiles(layer: Arc<ExternalLayer>, rest: RestingView) -> impl IntoView {
    // Local to this thread (its requests are futures of the page's): kept where views reach it.
    let archive = StoredValue::new_local(match &layer.source {
        TileSource::Pmtiles(url) => Some(Rc::new(Archive::open(url.clone()))),
        TileSource::Template(_) => None,
    });
    let max_zoom = layer.max_zoom;
    let tiles = Memo::new(move |_| covering(&rest.get().grown(WORLD_MARGIN), max_zoom));
    view! {
        <g class="external-tiles" aria-hidden="true">
            <For each=move || tiles.get() key=|tile| *tile let:tile>
                <TileImage tile source=layer.source.clone() archive=archive.get_value() />
            </For>
        </g>
    }
}

/// One tile, in world coordinates.
#[component]
fn TileImage(tile: Tile, source: TileSource, archive: Option<Rc<Archive>>) -> impl IntoView {
    let href = RwSignal::new(None::<String>);
    match (source, archive) {
        (TileSource::Template(template), _) => href.set(Some(tile.url(&template))),
        (TileSource::Pmtiles(_), Some(archive)) => {
            leptos::task::spawn_local(async move {
                match archive.tile(tile).await {
                    Ok(Some(url)) => href.set(Some(url)),
                    // The archive has no tile there: the basemap shows through.
                    Ok(None) => {}
                    Err(error) => leptos::logging::warn!("{}: {error}", archive.url),
                }
            });
            // A tile read from the archive is a blob the page made: let it go with the tile.
            on_cleanup(move || {
                if let Some(url) = href.get_untracked() {
                    let _ = web_sys::Url::revoke_object_url(&url);
                }
            });
        }
        (TileSource::Pmtiles(_), None) => {}
    }
    let size = tile.size();
    view! {
        <image
            class="tile"
            x=f64::from(tile.x) * size
            y=f64::from(tile.y) * size
            width=size
            height=size
            preserveAspectRatio="none"
            href=move || href.get()
        />
    }
}

/// A `PMTiles` archive over HTTP: its header and root directory fetched once, its leaf
/// directories as tiles need them.
struct Archive {
    url: String,
    root: Shared<LocalBoxFuture<'static, Result<Rc<Root>, String>>>,
    leaves: RefCell<HashMap<u64, Rc<Vec<Entry>>>>,
}

struct Root {
    header: PmtilesHeader,
    entries: Vec<Entry>,
}

impl Archive {
    fn open(url: String) -> Self {
        let root = {
            let url = url.clone();
            async move {
                let first = range(&url, 0, PMTILES_FIRST_BYTES).await?;
                let header = PmtilesHeader::parse(&first).map_err(|error| error.to_string())?;
                let (offset, length) = header.root;
                let stored = match first.get(to_index(offset)?..to_index(offset + length)?) {
                    Some(stored) => stored.to_vec(),
                    None => range(&url, offset, length).await?,
                };
                let entries = header.directory(&stored).map_err(|e| e.to_string())?;
                Ok(Rc::new(Root { header, entries }))
            }
            .boxed_local()
            .shared()
        };
        Self {
            url,
            root,
            leaves: RefCell::default(),
        }
    }

    /// The tile as a URL the page can draw (a blob), or `None` where the archive has none.
    async fn tile(&self, tile: Tile) -> Result<Option<String>, String> {
        let root = self.root.clone().await?;
        let id = tile.pmtiles_id();
        let mut found = find(&root.entries, id);
        // The spec allows leaves under leaves; writers use one level, readers stop at a few.
        for _ in 0..4 {
            let Some(Found::Leaf { offset, length }) = found else {
                break;
            };
            let at = root.header.leaves_offset + offset;
            let cached = self.leaves.borrow().get(&at).cloned();
            let leaf = if let Some(leaf) = cached {
                leaf
            } else {
                let stored = range(&self.url, at, length).await?;
                let leaf = Rc::new(root.header.directory(&stored).map_err(|e| e.to_string())?);
                self.leaves.borrow_mut().insert(at, leaf.clone());
                leaf
            };
            found = find(&leaf, id);
        }
        let Some(Found::Tile { offset, length }) = found else {
            return Ok(None);
        };
        let bytes = range(&self.url, root.header.data_offset + offset, length).await?;
        blob_url(&bytes, root.header.mime_type()).map(Some)
    }
}

/// `length` bytes of `url` from `start`, by an HTTP range request.
async fn range(url: &str, start: u64, length: u64) -> Result<Vec<u8>, String> {
    let bytes = format!("bytes={start}-{}", start + length.max(1) - 1);
    let response = get(url, &[("Range", &bytes)]).await?;
    response.binary().await.map_err(|error| error.to_string())
}

fn to_index(offset: u64) -> Result<usize, String> {
    usize::try_from(offset).map_err(|_| format!("offset {offset} is out of reach"))
}

/// An object URL for `bytes` of the image type `mime`.
fn blob_url(bytes: &[u8], mime: &str) -> Result<String, String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob))
        .map_err(|error| crate::dom::js_error(&error))
}
