//! What the app fetches at start-up: the atlas's index (the `kharita export` GeoJSON without
//! the words of its claims) and the basemap (`map.json`), read by [`crate::read`]. The words of
//! claims ([`fetch_claim_words`]), articles and version notes are fetched when needed.

use std::sync::Arc;

use gloo_net::http::{Request, Response};
use kharita_core::export::{APP_INDEX_FILE, CLAIM_TEXTS_PER_FILE, claim_texts_path};
use kharita_core::model::{Atlas, Claim, Selector};
use kharita_map::Basemap;
use leptos::prelude::*;

use crate::present::SiteFacts;
use crate::read;
use crate::regions::Regions;

/// Everything fetched at start-up.
#[derive(Debug)]
pub(crate) struct Data {
    pub(crate) atlas: Atlas,
    pub(crate) basemap: Basemap,
    /// The data version the atlas is stamped with.
    pub(crate) version: Option<String>,
    /// Each site's side, contest and claims, in the order of `atlas.sites()`.
    pub(crate) facts: Vec<SiteFacts>,
    /// The region sites, and each distinct area of theirs as the map draws and picks it.
    pub(crate) regions: Regions,
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
        .map_err(|error| failure(url, error))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    Ok(response)
}

/// Why a request for `url` failed, in the browser's words. (gloo's own `Display` would bring
/// `serde_json`'s error messages into the wasm, 0.4 KB gzipped, for the one variant below.)
fn failure(url: &str, error: gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(error) => format!("{url}: {}", error.message),
        gloo_net::Error::GlooError(message) => format!("{url}: {message}"),
        // Made only by gloo's reading of JSON, which the app does not use.
        gloo_net::Error::SerdeError(_) => format!("{url}: the request failed"),
    }
}

/// The text of `url` when the page carries the file (the one-file archive, which needs no
/// network).
fn carried(url: &str) -> Option<String> {
    url.strip_prefix(&crate::dom::page_folder())
        .and_then(crate::dom::carried_file)
}

/// Fetches `url`'s text (see [`get`]), or takes it from the page when the page carries the
/// file ([`carried`]). The bytes come into the wasm as they came: asking the browser for text
/// would decode them into a JavaScript string, to be encoded again on the way in (for the index
/// of 10,000 sites, 10 MB, about 70 ms more before the first paint).
pub(crate) async fn fetch_text(url: &str) -> Result<String, String> {
    if let Some(text) = carried(url) {
        return Ok(text);
    }
    let bytes = get(url, &[])
        .await?
        .binary()
        .await
        .map_err(|error| failure(url, error))?;
    String::from_utf8(bytes).map_err(|_| format!("{url}: not UTF-8 text"))
}

/// Fetches `url` (see [`fetch_text`]) and checks it is JSON, to be read by [`crate::read`].
pub(crate) async fn fetch_json(url: &str) -> Result<read::Json, String> {
    let text = fetch_text(url).await?;
    read::Json::parse(text).map_err(|error| format!("{url}: not JSON: {error}"))
}

/// The URL of the whole atlas, `atlas.geojson`, in the app's folder `base`: what downloads are
/// cut from.
pub(crate) fn atlas_url(base: &str) -> String {
    format!("{base}atlas.geojson")
}

/// Fetches the atlas's index and the map shapes from the app's folder, `base`, side by side.
pub(crate) async fn load_data(base: String) -> Result<Arc<Data>, String> {
    let (index_url, map_url) = (format!("{base}{APP_INDEX_FILE}"), format!("{base}map.json"));
    let (index, shapes) = futures::join!(fetch_json(&index_url), fetch_json(&map_url));
    let index = index?;
    crate::dom::next_task().await;
    let (atlas, facts, version) =
        read::atlas(&index).map_err(|error| format!("{APP_INDEX_FILE}: {error}"))?;
    let basemap = read::basemap_from(&shapes?).map_err(|error| format!("map.json: {error}"))?;
    let regions = Regions::new(&atlas, &facts);
    crate::dom::next_task().await;
    Ok(Arc::new(Data {
        atlas,
        basemap,
        version,
        facts,
        regions,
    }))
}

/// A claim's words, which the atlas's index leaves out: a row of a `claim-texts/<n>.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ClaimWords {
    pub(crate) id: String,
    pub(crate) summary_en: String,
    pub(crate) summary_ar: String,
    pub(crate) quote: String,
}

/// The files of claims' words asked for, by number: each file's rows once it has come (an
/// empty list until then: no file is empty), or why it could not be had.
pub(crate) type WordFiles = std::collections::BTreeMap<usize, Result<Vec<ClaimWords>, String>>;

/// Fetches the words of the claims about the chosen site, and of the opened claim, the first
/// time they are wanted: the file (or files) they are in, into `ui.claim_words`.
pub(crate) fn fetch_claim_words(ui: crate::ui::Ui, data: Arc<Data>, base: String) {
    Effect::new(move |_| {
        let site = ui.site.get();
        let about_site = site.iter().flat_map(|id| data.atlas.claims_about(id));
        let opened = ui.claim.get();
        let opened = opened.iter().filter_map(|id| data.atlas.claim(id));
        let mut wanted: Vec<usize> = about_site
            .chain(opened)
            .filter_map(|claim| data.atlas.claim_place(&claim.id))
            .map(|place| place / CLAIM_TEXTS_PER_FILE)
            .collect();
        wanted.dedup();
        for number in wanted {
            if ui
                .claim_words
                .with_untracked(|files| files.contains_key(&number))
            {
                continue;
            }
            // Asked for: while it comes, the claims wait for it.
            ui.claim_words.update(|files| {
                files.insert(number, Ok(Vec::new()));
            });
            let url = format!("{base}{}", claim_texts_path(number));
            leptos::task::spawn_local(async move {
                let words = fetch_json(&url)
                    .await
                    .and_then(|tree| read::claim_texts(&tree))
                    .map_err(|error| format!("{url}: {error}"));
                ui.claim_words.update(|files| {
                    files.insert(number, words);
                });
            });
        }
    });
}

/// What is known of a claim's words.
pub(crate) enum Words {
    /// Not come yet.
    Coming,
    /// The claim with its words.
    Come(Box<Claim>),
    /// Why they could not be had.
    Failed(String),
}

/// `claim` (from `atlas`, the index) with its words, once their file has come: its summaries
/// and its quote, a `TextQuoteSelector` before the index's `TextPositionSelector`. The quote's
/// context (`prefix`, `suffix`) stays out: the app finds a passage by its position. Reactive
/// when `files` is read from `ui.claim_words`, which [`fetch_claim_words`] fills.
pub(crate) fn with_words(atlas: &Atlas, files: &WordFiles, claim: &Claim) -> Words {
    let Some(place) = atlas.claim_place(&claim.id) else {
        return Words::Failed(format!("unknown claim {}", claim.id));
    };
    match files.get(&(place / CLAIM_TEXTS_PER_FILE)) {
        None => Words::Coming,
        Some(Err(error)) => Words::Failed(error.clone()),
        Some(Ok(rows)) if rows.is_empty() => Words::Coming,
        Some(Ok(rows)) => match rows.get(place % CLAIM_TEXTS_PER_FILE) {
            Some(words) if words.id == claim.id.as_str() => {
                let mut claim = claim.clone();
                claim.summary_en.clone_from(&words.summary_en);
                claim.summary_ar.clone_from(&words.summary_ar);
                let quote = Selector::TextQuoteSelector {
                    exact: words.quote.clone(),
                    prefix: String::new(),
                    suffix: String::new(),
                };
                claim.target.selector.insert(0, quote);
                Words::Come(Box::new(claim))
            }
            _ => Words::Failed(format!(
                "{}: claim {} is not where the index puts it",
                claim_texts_path(place / CLAIM_TEXTS_PER_FILE),
                claim.id
            )),
        },
    }
}
