//! The views, one family per file: the full map's frame ([`full_map`]), the map itself
//! ([`map`]), the site panel and its claims, the article reader, the filters and downloads
//! ([`explore`]), the timeline, the list view and the embed.

pub(crate) mod claims;
pub(crate) mod embed;
pub(crate) mod explore;
pub(crate) mod full_map;
pub(crate) mod list;
pub(crate) mod map;
pub(crate) mod reader;
pub(crate) mod site_panel;
pub(crate) mod timeline;

use leptos::prelude::*;

/// Draws its children once the page has first been painted. The map's sites are what a reader
/// looks for first; the parts around them that take long to build (the world's outlines, the
/// site panel, the timeline) wait for a task of their own, in space the page already holds for
/// them, so the map shows sooner and nothing moves when they come.
#[component]
pub(crate) fn AfterFirstPaint(children: ChildrenFn) -> impl IntoView {
    let painted = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::dom::after_paint().await;
        painted.set(true);
    });
    move || painted.get().then(|| children())
}
