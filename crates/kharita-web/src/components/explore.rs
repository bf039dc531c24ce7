//! The bar above the map: how many claims are shown, the filters, the map/list switch and the
//! downloads of what is shown.

use std::sync::Arc;

use kharita_core::export::claims_to_csv;
use kharita_core::model::{Claim, Side, SiteKind, Stance};
use leptos::prelude::*;

use crate::Host;
use crate::components::AfterFirstPaint;
use crate::data::{Data, atlas_url, fetch_text};
use crate::dom::{download, geojson_selection, js_error};
use crate::filter::{Filters, Shown};
use crate::i18n::{self, Strings};
use crate::present::{actor_name, source_title};
use crate::read;
use crate::state::Lang;
use crate::ui::{CollectErased, Ui, tr};

/// A multiple-choice filter's chosen values, to read them and to change them.
#[derive(Clone, Copy)]
struct Choice<T: 'static> {
    read: fn(&Filters) -> &[T],
    write: fn(&mut Filters) -> &mut Vec<T>,
    order: &'static [T],
}

/// A group of checkboxes for one multiple-choice filter.
fn filter_checks<T>(
    name: &'static str,
    values: Vec<T>,
    label: fn(Lang, T) -> &'static str,
    code: fn(T) -> &'static str,
    choice: Choice<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let ui = expect_context::<Ui>();
    values
        .into_iter()
        .map(|value| {
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        name=name
                        value=code(value)
                        prop:checked=move || ui.filters.with(|f| (choice.read)(f).contains(&value))
                        on:change=move |_| ui.filters.update(|f| Filters::toggle((choice.write)(f), value, choice.order))
                    />
                    {move || label(ui.lang.get(), value)}
                </label>
            }
        })
        .collect_erased()
}

/// A single-choice filter's value, to read it and to change it.
#[derive(Clone, Copy)]
struct OneOf {
    read: fn(&Filters) -> Option<&str>,
    write: fn(&mut Filters) -> &mut Option<String>,
}

/// An option of a drop-down, labelled in both languages.
struct SelectOption {
    value: String,
    en: String,
    ar: String,
}

/// A drop-down for one single-choice filter: "any", then the options.
fn filter_select(
    name: &'static str,
    label: fn(&'static Strings) -> &'static str,
    options: Vec<SelectOption>,
    one_of: OneOf,
) -> impl IntoView {
    let ui = expect_context::<Ui>();
    view! {
        <label>
            <span>{tr(ui, label)}</span>
            <select name=name on:change=move |e| {
                let value = event_target_value(&e);
                ui.filters.update(|f| *(one_of.write)(f) = (!value.is_empty()).then_some(value));
            }>
                <option value="" selected=move || ui.filters.with(|f| (one_of.read)(f).is_none())>{tr(ui, |s| s.any)}</option>
                {options.into_iter().map(|SelectOption { value, en, ar }| {
                    let chosen = value.clone();
                    view! {
                        <option value=value selected=move || ui.filters.with(|f| (one_of.read)(f) == Some(chosen.as_str()))>
                            {move || if ui.lang.get() == Lang::Ar { ar.clone() } else { en.clone() }}
                        </option>
                    }
                }).collect_erased()}
            </select>
        </label>
    }
}

/// The count of shown claims, the filters, the map/list switch and the downloads.
#[component]
pub(crate) fn Explore() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let total = expect_context::<Arc<Data>>().atlas.claims().len();
    let open = RwSignal::new(false);
    view! {
        <section class="explore" aria-label=tr(ui, |s| s.filters)>
            <div class="explore-bar">
                <p class="count" role="status">
                    {move || i18n::claim_count(ui.lang.get(), ui.shown.with(|s| s.claims.len()), total)}
                </p>
                <button type="button" class="filters-toggle" aria-controls="filter-panel"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>
                    {tr(ui, |s| s.filters)}
                </button>
                {move || ui.filters.with(Filters::is_active).then(|| view! {
                    <button type="button" class="clear-filters"
                        on:click=move |_| ui.filters.update(|f| *f = f.cleared())>
                        {tr(ui, |s| s.clear_filters)}
                    </button>
                })}
                <div class="views" role="group" aria-label=tr(ui, |s| s.view_label)>
                    <button type="button" class="show-map" aria-pressed=move || (!ui.list.get()).to_string()
                        on:click=move |_| ui.list.set(false)>{tr(ui, |s| s.map_view)}</button>
                    <button type="button" class="show-list" aria-pressed=move || ui.list.get().to_string()
                        on:click=move |_| ui.list.set(true)>{tr(ui, |s| s.list_view)}</button>
                </div>
                <Downloads />
            </div>
            <FilterPanel open />
        </section>
    }
}

/// Downloads what `shown` lets through of `atlas` (the whole atlas's text, as served), as
/// GeoJSON or CSV. Not inlined into the download's async code, whose state machine held a copy
/// of it all.
#[inline(never)]
fn save_selection(atlas: String, shown: &Shown, geojson: bool) -> Result<(), String> {
    if geojson {
        // Cut from the browser's parse of it, to keep every member as served.
        return js_sys::JSON::parse(&atlas)
            .and_then(|atlas| geojson_selection(&atlas, shown))
            .and_then(|text| download("kharita-selection.geojson", "application/geo+json", &text))
            .map_err(|error| js_error(&error));
    }
    let atlas = read::Json::parse(atlas).map_err(|error| format!("atlas.geojson: {error}"))?;
    let (atlas, ..) = read::atlas(&atlas)?;
    let shown_claims: Vec<&Claim> = atlas
        .claims()
        .iter()
        .filter(|claim| shown.claims.contains(&claim.id))
        .collect();
    download(
        "kharita-selection.csv",
        "text/csv",
        &claims_to_csv(&atlas, &shown_claims),
    )
    .map_err(|error| js_error(&error))
}

/// The shown claims downloaded in the `kharita export` formats: GeoJSON or CSV.
#[component]
fn Downloads() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let atlas_url = atlas_url(&expect_context::<Host>().base);
    // Cut from the whole atlas as served, fetched when asked for (the app itself reads its
    // index, without the claims' words), and not kept: for 100,000 sites it is 70 MB.
    let save = move |geojson: bool| {
        let (url, shown) = (atlas_url.clone(), ui.shown.get_untracked());
        leptos::task::spawn_local(async move {
            let saved = fetch_text(&url)
                .await
                .and_then(|atlas| save_selection(atlas, &shown, geojson));
            if let Err(error) = saved {
                ui.announcement.set(error);
            }
        });
    };
    view! {
        <div class="downloads" role="group" aria-label=tr(ui, |s| s.download_label)>
            <span class="label" aria-hidden="true">{tr(ui, |s| s.download_label)}":"</span>
            <button type="button" class="download-geojson" on:click={ let save = save.clone(); move |_| save(true) }>
                {tr(ui, |s| s.download_geojson)}
            </button>
            <button type="button" class="download-csv" on:click=move |_| save(false)>
                {tr(ui, |s| s.download_csv)}
            </button>
        </div>
    }
}

/// The filters, folded away until the reader opens them; their fields are built after the first
/// paint.
#[component]
fn FilterPanel(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <div id="filter-panel" class="filter-panel" hidden=move || !open.get()>
            <AfterFirstPaint><FilterFields /></AfterFirstPaint>
        </div>
    }
}

/// The filters, each offering only the values the atlas has.
#[component]
fn FilterFields() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let atlas = &data.atlas;
    let sides: Vec<Side> = Side::ALL
        .iter()
        .copied()
        .filter(|side| atlas.claims().iter().any(|c| c.actors.contains(side)))
        .collect();
    let kinds: Vec<SiteKind> = SiteKind::ALL
        .iter()
        .copied()
        .filter(|kind| atlas.sites().iter().any(|s| s.kind == *kind))
        .collect();
    let mut claimants: Vec<&kharita_core::Actor> = Vec::new();
    for claim in atlas.claims() {
        if !claimants.iter().any(|a| a.id == claim.claimant.id) {
            claimants.push(&claim.claimant);
        }
    }
    claimants.sort_by(|a, b| a.name_en.cmp(&b.name_en));
    let claimants: Vec<SelectOption> = claimants
        .into_iter()
        .map(|actor| SelectOption {
            value: actor.id.clone(),
            en: actor_name(actor, Lang::En),
            ar: actor_name(actor, Lang::Ar),
        })
        .collect();
    let sources: Vec<SelectOption> = atlas
        .sources()
        .iter()
        .map(|source| SelectOption {
            value: source.id.as_str().to_owned(),
            en: source_title(source, Lang::En),
            ar: source_title(source, Lang::Ar),
        })
        .collect();
    view! {
        <fieldset>
            <legend>{tr(ui, |s| s.actor)}</legend>
            {filter_checks("actor", sides, i18n::side, Side::code, Choice { read: |f| &f.actors, write: |f| &mut f.actors, order: Side::ALL })}
        </fieldset>
        <fieldset>
            <legend>{tr(ui, |s| s.stance_filter)}</legend>
            {filter_checks("stance", Stance::ALL.to_vec(), i18n::stance, Stance::code, Choice { read: |f| &f.stances, write: |f| &mut f.stances, order: Stance::ALL })}
        </fieldset>
        <fieldset>
            <legend>{tr(ui, |s| s.kind_filter)}</legend>
            {filter_checks("kind", kinds, i18n::kind, SiteKind::code, Choice { read: |f| &f.kinds, write: |f| &mut f.kinds, order: SiteKind::ALL })}
        </fieldset>
        <fieldset class="choices">
            {filter_select("claimant", |s| s.claimant_filter, claimants, OneOf { read: |f| f.claimant.as_deref(), write: |f| &mut f.claimant })}
            {filter_select("source", |s| s.source_filter, sources, OneOf { read: |f| f.source.as_deref(), write: |f| &mut f.source })}
            <label class="check">
                <input type="checkbox" name="contested" prop:checked=move || ui.filters.with(|f| f.contested)
                    on:change=move |_| ui.filters.update(|f| f.contested = !f.contested) />
                {tr(ui, |s| s.contested_only)}
            </label>
        </fieldset>
    }
}
