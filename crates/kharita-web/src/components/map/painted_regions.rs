//! Region outlines when the map paints its sites (see [`super::markers`]): each side's areas as
//! two paths in the world layer, its drawn boundaries and its vague areas, each area once
//! ([`crate::regions`]), and the selected region on top. They let the pointer through: the map
//! picks them by position ([`crate::regions::Regions::at`]), and the list view lists them.

use std::sync::Arc;

use leptos::prelude::*;

use crate::data::Data;
use crate::present::side_classes;
use crate::regions::SideOutlines;
use crate::ui::{CollectErased, Ui};

/// The path data of one side's shown areas, following the filters: its vague ones, or those
/// with a drawn boundary. `side` is the side's place in [`side_classes`].
pub(super) fn side_path(
    outlines: Memo<Vec<SideOutlines>>,
    side: usize,
    vague: bool,
) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    move || {
        outlines.with(|sides| {
            let side = &sides[side];
            if vague {
                side.vague.clone()
            } else {
                side.crisp.clone()
            }
        })
    }
}

#[component]
pub(super) fn PaintedRegions(outlines: Memo<Vec<SideOutlines>>) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    // The selected region, when it is shown: its side, whether it is vague, and its area.
    let selected = move || {
        let id = ui.site.get()?;
        if !ui.shown.with(|shown| shown.sites.contains(id.as_str())) {
            return None;
        }
        let (site, path) = data.regions.site(&id)?;
        let class = format!(
            "region selected side-{}{}",
            site.side,
            if site.vague { " vague" } else { "" }
        );
        Some(view! {
            <g class=class data-selected=id>
                <path d=path.to_owned() />
            </g>
        })
    };
    view! {
        <g class="painted-regions" aria-hidden="true">
            {side_classes()
                .enumerate()
                .map(|(index, side)| view! {
                    <g class=format!("region side-{side}")><path d=side_path(outlines, index, false) /></g>
                    <g class=format!("region side-{side} vague")><path d=side_path(outlines, index, true) /></g>
                })
                .collect_erased()}
            {selected}
        </g>
    }
}
