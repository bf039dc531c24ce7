//! The list view: every shown site as a list, equivalent to the map.

use std::sync::Arc;

use leptos::prelude::*;

use crate::data::Data;
use crate::i18n::{self, strings};
use crate::present::site_name;
use crate::ui::{Ui, tr};

/// Every shown site as a list, equivalent to the map: choosing one opens its panel. Rows are
/// keyed by site, so a change of filters adds and removes rows rather than redrawing the list.
#[component]
pub(crate) fn ListView() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let for_rows = data.clone();
    // The positions in `atlas.sites` of the shown sites.
    let rows = Memo::new(move |_| {
        ui.shown.with(|shown| {
            let sites = for_rows.atlas.sites().iter().enumerate();
            sites
                .filter(|(_, site)| shown.sites.contains(&site.id))
                .map(|(index, _)| index)
                .collect::<Vec<usize>>()
        })
    });
    view! {
        <section class="list-view" aria-labelledby="list-heading">
            <h2 id="list-heading">{tr(ui, |s| s.sites_heading)}</h2>
            <Show
                when=move || rows.with(|rows| !rows.is_empty())
                fallback=move || view! { <p class="hint">{move || strings(ui.lang.get()).no_matches}</p> }
            >
                <ul class="site-list">
                    <For each=move || rows.get() key=|index| *index let:index>
                        <SiteRow index=index />
                    </For>
                </ul>
            </Show>
        </section>
    }
}

/// One site of the list: its name, kind, precision, how many of its claims are shown, and
/// whether they disagree.
#[component]
fn SiteRow(index: usize) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let (site, facts) = (&data.atlas.sites()[index], &data.facts[index]);
    let (id, total, contested) = (site.id.clone(), facts.claim_ids.len(), facts.contested);
    let (selected_id, click_id) = (id.clone(), id.clone());
    let for_meta = data.clone();
    let meta = move || {
        let lang = ui.lang.get();
        let (site, facts) = (&for_meta.atlas.sites()[index], &for_meta.facts[index]);
        let count = ui.shown.with(|shown| {
            let shown_claims = facts.claim_ids.iter();
            shown_claims
                .filter(|id| shown.claims.contains(id.as_str()))
                .count()
        });
        view! {
            {i18n::kind(lang, site.kind)}" · "{i18n::precision(lang, site.precision)}" · "
            {i18n::claim_count(lang, count, total)}
            {contested.then(|| view! { " · "<span class="contested-badge">{strings(lang).contested}</span> })}
        }
    };
    let for_name = data.clone();
    view! {
        <li class="list-site">
            <button type="button" data-site-id=String::from(id)
                aria-pressed=move || (ui.site.get().as_deref() == Some(selected_id.as_str())).to_string()
                on:click=move |_| ui.select_site(Some(click_id.as_str().to_owned()))>
                {move || site_name(&for_name.atlas.sites()[index], ui.lang.get()).to_owned()}
            </button>
            <span class="list-meta">{meta}</span>
        </li>
    }
}
