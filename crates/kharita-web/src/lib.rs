//! Kharita's map: draws the atlas over a Natural Earth basemap and, for any claim, opens its
//! article with the passage highlighted.
//!
//! - [`mount`] and [`mount_embed`] start the app; [`App`] loads the data and shows the full map
//!   or the embed.
//! - `data` fetches what the app starts with and `read` reads it; `ui` is the state every component shares
//!   and its actions; `url_sync` keeps the URL in step with it; `dom` holds the few browser
//!   calls that are not a component's (clipboard, downloads).
//! - [`state`], [`filter`], [`timeline`], [`present`] and [`regions`] are plain logic, tested natively, as is
//!   the `kharita-map` crate (projection, viewport, gestures); [`i18n`] holds the interface text.
//! - `components` holds the views, one family per file.
//!
//! Text from data or the URL is always rendered as text, never as HTML.

#[allow(
    unreachable_pub,
    reason = "leptos's #[component] writes its props and function `pub` within a `pub(crate)` component"
)]
mod components;
mod data;
mod dom;
pub mod filter;
pub mod i18n;
pub mod present;
mod read;
pub mod regions;
pub mod state;
pub mod timeline;
mod ui;
mod url_sync;

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::FirstPaint;
use crate::components::embed::Embed;
use crate::components::full_map::FullMap;
use crate::data::{Data, fetch_claim_words, load_data};
use crate::i18n::strings;
use crate::state::{Lang, Theme, UrlState};
use crate::ui::Ui;

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
    /// What a deep link into the full map starts with, the state's query (without its `?`)
    /// following: `<base>?`, or in the one-file archive, which keeps its state in the fragment,
    /// the archive's own address and `#`.
    pub map_links: String,
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
    let base = dom::page_folder();
    let map_links = if dom::state_in_fragment() {
        format!("{}#", dom::page_address())
    } else {
        format!("{base}?")
    };
    let host = Host {
        mode,
        base,
        map_links,
        inline: false,
    };
    let url = UrlState::parse(&dom::current_query());
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
        map_links: format!("{base}?"),
        base,
        inline: true,
    };
    let url = UrlState::parse(query);
    leptos::mount::mount_to(root, move || view! { <App host url /> }).forget();
}

/// The root component: loads the data, then shows the atlas, starting from `url`'s state.
#[component]
pub fn App(host: Host, url: UrlState) -> impl IntoView {
    let lang = RwSignal::new(url.lang.unwrap_or_else(dom::browser_lang));
    // Set once, when everything has loaded (or failed to).
    let data = RwSignal::new(None::<Result<Arc<Data>, String>>);
    let base = host.base.clone();
    let inline = host.inline;
    // Until the data is read, the map page's shell (its frame, saying that it is loading) stands
    // in for the app, whose own loading line is hidden while it is there (see kharita.css).
    let shell = (!inline).then(dom::shell).flatten();
    leptos::task::spawn_local(async move {
        data.set(Some(load_data(base).await));
        if let Some(shell) = shell {
            shell.remove();
        }
    });
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
            Some(Ok(data)) => view! { <Loaded data=data lang=lang url=url.clone() /> }.into_any(),
        }}
    }
}

/// The atlas once loaded: the shared state made from the URL, then the full map or the embed.
#[component]
fn Loaded(data: Arc<Data>, lang: RwSignal<Lang>, url: UrlState) -> impl IntoView {
    let url = url.known_to(&data.atlas);
    let ui = Ui::new(&data, lang, &url);
    provide_context(ui);
    provide_context(FirstPaint::after_this_build());
    provide_context(data.clone());
    fetch_claim_words(ui, data.clone(), expect_context::<Host>().base);
    if expect_context::<Host>().mode == Mode::Embed {
        ui.centre_on_site_for_embed(&data);
        view! { <Embed theme=url.theme.unwrap_or(Theme::Auto) published=url.data.clone() /> }
            .into_any()
    } else {
        view! { <FullMap /> }.into_any()
    }
}
