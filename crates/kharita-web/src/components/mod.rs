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

/// Whether the page has been painted since the atlas was drawn: what [`AfterFirstPaint`] waits
/// for. One signal for the page, so that everything held back comes in the same update.
#[derive(Clone, Copy)]
pub(crate) struct FirstPaint(ReadSignal<bool>);

impl FirstPaint {
    /// Starts waiting for the paint of what is being built now.
    pub(crate) fn after_this_build() -> Self {
        let (painted, set_painted) = signal(false);
        leptos::task::spawn_local(async move {
            crate::dom::after_paint().await;
            set_painted.set(true);
        });
        Self(painted)
    }
}

/// Draws its children once the page has first been painted. The map's sites are what a reader
/// looks for first; the parts around them that take long to build and that no one reads in the
/// first frame (the world's outlines, the folded filters and legend, the timeline's marks) wait
/// for a task of their own, in space the page already holds for them, so the map shows sooner
/// and nothing moves when they come.
#[component]
pub(crate) fn AfterFirstPaint(children: ChildrenFn) -> impl IntoView {
    let FirstPaint(painted) = expect_context::<FirstPaint>();
    move || painted.get().then(|| children())
}
