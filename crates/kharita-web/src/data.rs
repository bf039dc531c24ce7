//! What the app fetches at start-up: the atlas (the `kharita export` GeoJSON) and the basemap
//! (`map.json`), read by [`crate::read`]. Articles and version notes
//! are fetched when needed.

use std::sync::Arc;

use gloo_net::http::{Request, Response};
use kharita_core::model::{Atlas, Precision};
use kharita_map::Basemap;
use kharita_map::paths::path_data;

use crate::present::SiteFacts;
use crate::read;

/// Everything fetched at start-up.
#[derive(Debug)]
pub(crate) struct Data {
    pub(crate) atlas: Atlas,
    /// `atlas.geojson` as fetched, from which downloads are cut.
    pub(crate) atlas_geojson: String,
    pub(crate) basemap: Basemap,
    /// The data version `atlas.geojson` is stamped with.
    pub(crate) version: Option<String>,
    /// Each site's side, contest and claims, in the order of `atlas.sites()`.
    pub(crate) facts: Vec<SiteFacts>,
    /// Each region site's outline as a path in world coordinates, made once from its geometry;
    /// `None` for other sites. In the order of `atlas.sites()`.
    pub(crate) region_paths: Vec<Option<String>>,
}

/// Gets `url`, with `headers` (a byte range, say). Requests carry no referrer: the map's server
/// learns nothing of the article or page the map is read in. An answer other than success is an
/// error naming the URL.
pub(crate) async fn get(url: &str, headers: &[(&str, &str)]) -> Result<Response, String> {
    let request = headers
        .iter()
        .fold(Request::get(url), |request, (name, value)| {
            request.header(name, value)
        });
    let response = request
        .referrer_policy(web_sys::ReferrerPolicy::NoReferrer)
        .send()
        .await
        .map_err(|error| error.to_string())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    Ok(response)
}

/// Fetches `url`'s text (see [`get`]), or takes it from the page when the page carries the
/// file (the one-file archive, which needs no network).
pub(crate) async fn fetch_text(url: &str) -> Result<String, String> {
    if let Some(text) = url
        .strip_prefix(&crate::dom::page_folder())
        .and_then(crate::dom::carried_file)
    {
        return Ok(text);
    }
    let response = get(url, &[]).await?;
    response.text().await.map_err(|error| error.to_string())
}

/// Fetches the atlas and the map shapes from the app's folder, `base`, side by side.
pub(crate) async fn load_data(base: String) -> Result<Arc<Data>, String> {
    let atlas_url = format!("{base}atlas.geojson");
    let map_url = format!("{base}map.json");
    let (atlas_geojson, shapes) = futures::join!(fetch_text(&atlas_url), fetch_text(&map_url));
    let atlas_geojson = atlas_geojson?;
    crate::dom::next_task().await;
    let (atlas, facts, version) =
        read::atlas(&atlas_geojson).map_err(|error| format!("atlas.geojson: {error}"))?;
    let basemap = read::basemap_from(&shapes?).map_err(|error| format!("map.json: {error}"))?;
    let region_paths = atlas
        .sites()
        .iter()
        .map(|site| match (&site.geometry, site.precision) {
            (Some(geometry), Precision::Region) => Some(path_data(geometry)),
            _ => None,
        })
        .collect();
    crate::dom::next_task().await;
    Ok(Arc::new(Data {
        atlas,
        atlas_geojson,
        basemap,
        version,
        facts,
        region_paths,
    }))
}
