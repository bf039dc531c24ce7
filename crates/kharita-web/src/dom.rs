//! The few browser calls that are not a component's own: where the page is and what it asks
//! for, the clipboard, files the reader downloads, and letting the browser in between the steps
//! of start-up.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::filter::Shown;
use crate::state::Lang;

/// The page's address, without its query and fragment.
pub(crate) fn page_address() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let end = href.find(['?', '#']).unwrap_or(href.len());
    href[..end].to_owned()
}

/// The address of the page's folder: where the map's files are, for the map and its embed page.
/// From the page's address, not its origin, which a page opened from disk does not have.
pub(crate) fn page_folder() -> String {
    let page = page_address();
    let end = page.rfind('/').map_or(page.len(), |slash| slash + 1);
    page[..end].to_owned()
}

/// Whether the page keeps the map's state in its fragment (`#site=…`) rather than its query:
/// the one-file archive does (`<body data-kharita-state="fragment">`), because a file opened
/// from disk or kept by an archive may lose its query.
pub(crate) fn state_in_fragment() -> bool {
    document()
        .body()
        .and_then(|body| body.get_attribute("data-kharita-state"))
        .is_some_and(|place| place == "fragment")
}

/// The map page's shell (`index.html`, written by the build): the map's frame, which `boot.js`
/// shows before it starts the app, and which the app replaces once its data is read.
pub(crate) fn shell() -> Option<web_sys::Element> {
    document().get_element_by_id("kharita-shell")
}

/// A file the page carries in itself, by its path in the map's folder: the one-file archive
/// holds every file the app reads in `<script type="application/json" id="kharita-files">`,
/// an object from path to text. `None` on any other page.
pub(crate) fn carried_file(path: &str) -> Option<String> {
    thread_local! {
        static FILES: Option<wasm_bindgen::JsValue> = document()
            .get_element_by_id("kharita-files")
            .and_then(|element| element.text_content())
            .and_then(|text| js_sys::JSON::parse(&text).ok());
    }
    FILES.with(|files| {
        js_sys::Reflect::get(files.as_ref()?, &path.into())
            .ok()?
            .as_string()
    })
}

/// Waits for a task of its own: the browser paints and handles input in between. Start-up awaits
/// it between reading the data and drawing it, so neither keeps the page from responding for
/// long (Lighthouse counts every task over 50 ms against the page).
pub(crate) async fn next_task() {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        let queued = web_sys::window()
            .is_some_and(|window| window.set_timeout_with_callback(&resolve).is_ok());
        if !queued {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(timer).await;
}

/// Waits until the browser has painted the page as it stands: a task queued from an animation
/// frame's callback runs after that frame is drawn.
pub(crate) async fn after_paint() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        if web_sys::window().is_some() {
            request_animation_frame(move || {
                let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
            });
        } else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(frame).await;
    next_task().await;
}

/// What the reader chose last time for `key` (the timeline folded, say), from the browser's
/// local storage; `None` when nothing was kept or storage is blocked.
pub(crate) fn remembered(key: &str) -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(key).ok()?
}

/// Keeps the reader's choice for `key` for their next visit; where storage is blocked, the
/// choice holds for this visit only.
pub(crate) fn remember(key: &str, value: &str) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(key, value);
    }
}

/// Whether the window is phone-sized: the width at which the stylesheet turns the site panel
/// into a bottom sheet.
pub(crate) fn is_phone_sized() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|width| width.as_f64())
        .is_some_and(|width| width <= 600.0)
}

/// The map's state as the page's address holds it: its query string, with its leading `?`, or
/// on a page that keeps the state in its fragment ([`state_in_fragment`]) the fragment, as a
/// query.
pub(crate) fn current_query() -> String {
    let location = web_sys::window().map(|w| w.location());
    let Some(location) = location else {
        return String::new();
    };
    if state_in_fragment() {
        let fragment = location.hash().unwrap_or_default();
        match fragment.strip_prefix('#') {
            Some(state) if !state.is_empty() => format!("?{state}"),
            _ => String::new(),
        }
    } else {
        location.search().unwrap_or_default()
    }
}

/// The interface language the browser asks for (see [`Lang::from_browser`]).
pub(crate) fn browser_lang() -> Lang {
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

/// What a thrown JavaScript value says: a string as it is, anything else as its `toString()`
/// (`TypeError: Failed to fetch`). Not `{:?}`, whose JSON-printing helper is ⅓ KB of glue.
pub(crate) fn js_error(error: &wasm_bindgen::JsValue) -> String {
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

/// The reader's selection as it starts in `container`: where it starts in the container's text
/// (in bytes of its UTF-8) and what it holds. A selection that starts or ends outside the
/// container gives a start and text that do not match the container's text: the caller checks.
pub(crate) fn selection_in(container: &web_sys::Element) -> Option<(usize, String)> {
    let range = web_sys::window()?
        .get_selection()
        .ok()??
        .get_range_at(0)
        .ok()?;
    // The text before the selection: from the container's start to the selection's.
    let before = range.clone_range();
    before.set_start(container, 0).ok()?;
    before
        .set_end(&range.start_container().ok()?, range.start_offset().ok()?)
        .ok()?;
    let start = String::from(before.to_string()).len();
    Some((start, range.to_string().into()))
}

/// Puts `text` on the clipboard; whether it got there.
pub(crate) async fn copy_to_clipboard(text: &str) -> bool {
    match web_sys::window() {
        Some(window) => JsFuture::from(window.navigator().clipboard().write_text(text))
            .await
            .is_ok(),
        None => false,
    }
}

/// Saves `body` as a file the browser downloads, without a round trip to a server.
pub(crate) fn download(
    file_name: &str,
    mime: &str,
    body: &str,
) -> Result<(), wasm_bindgen::JsValue> {
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

/// The exported atlas, `collection` (`atlas.geojson` as the browser parsed it), cut down to what
/// is shown: the shown sites' features with only their shown claims (and counts to match), and
/// the sources those claims come from, the rest of each as served. Done on the browser's parse
/// rather than by `kharita_core`'s writer, whose serialising code (with `csv`'s and the stamp's)
/// measured 20 KB of the gzipped wasm, which the map's 300 KB first load cannot hold (see `read`).
pub(crate) fn geojson_selection(
    collection: &wasm_bindgen::JsValue,
    shown: &Shown,
) -> Result<String, wasm_bindgen::JsValue> {
    use js_sys::{Array, JSON, Reflect};
    use wasm_bindgen::JsValue;
    let get = |object: &JsValue, key: &str| Reflect::get(object, &JsValue::from_str(key));
    let id_of = |object: &JsValue| {
        get(object, "id")
            .ok()
            .and_then(|id| id.as_string())
            .unwrap_or_default()
    };
    let features = Array::new();
    let mut sources = std::collections::BTreeSet::new();
    for feature in Array::from(&get(collection, "features")?).iter() {
        if !shown.sites.contains(id_of(&feature).as_str()) {
            continue;
        }
        let properties = get(&feature, "properties")?;
        let claims = Array::new();
        for claim in Array::from(&get(&properties, "claims")?).iter() {
            if shown.claims.contains(id_of(&claim).as_str()) {
                sources.insert(get(&claim, "source")?.as_string().unwrap_or_default());
                claims.push(&claim);
            }
        }
        Reflect::set(&properties, &"claim_count".into(), &claims.length().into())?;
        Reflect::set(&properties, &"claims".into(), &claims)?;
        features.push(&feature);
    }
    let kept_sources: Array = Array::from(&get(collection, "sources")?)
        .iter()
        .filter(|source| sources.contains(&id_of(source)))
        .collect();
    Reflect::set(collection, &"features".into(), &features)?;
    Reflect::set(collection, &"sources".into(), &kept_sources)?;
    let text = JSON::stringify_with_replacer_and_space(collection, &JsValue::NULL, &2.into())?;
    Ok(format!("{}\n", String::from(text)))
}
