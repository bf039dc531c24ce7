//! The full map's frame: the top bar, the filters, the map beside the site panel or the reader,
//! and the timeline along the bottom. Its state lives in the URL (see `url_sync`).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::embed::EmbedCode;
use crate::components::explore::Explore;
use crate::components::list::ListView;
use crate::components::map::MapView;
use crate::components::reader::Reader;
use crate::components::site_panel::SitePanel;
use crate::components::timeline::Timeline;
use crate::data::Data;
use crate::i18n::strings;
use crate::present::site_name;
use crate::ui::{Ui, tr};
use crate::url_sync;

#[component]
pub(crate) fn FullMap() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    url_sync::follow(ui, data.clone());

    // Tell screen readers what was selected.
    let atlas_for_announce = data;
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
        <div class="app" class:chosen=move || ui.site.get().is_some() class:reading=move || ui.claim.get().is_some()>
            <header class="bar">
                <h1>
                    <span class="brand">{tr(ui, |s| s.app_title)}</span>
                    <span class="tagline">{tr(ui, |s| s.tagline)}</span>
                </h1>
                // Named by what it shows, in its own language; the hint is in the page's.
                <button
                    class="language"
                    type="button"
                    title=tr(ui, |s| s.switch_language_hint)
                    on:click=move |_| ui.lang.update(|lang| *lang = lang.other())
                >
                    <span lang=move || ui.lang.get().other().code()>{tr(ui, |s| s.other_language)}</span>
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
            <Timeline />
            <p class="visually-hidden" aria-live="polite">{move || ui.announcement.get()}</p>
        </div>
    }
}
