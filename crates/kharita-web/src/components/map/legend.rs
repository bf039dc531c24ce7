//! The legend: what each marker symbol, precision and colour stands for.

use kharita_core::model::{Precision, SiteKind};
use leptos::prelude::*;

use super::markers::marker_shape;
use crate::components::AfterFirstPaint;
use crate::i18n;
use crate::present::{MARKER_SIDES, side_class};
use crate::ui::{CollectErased, Ui, tr};

#[component]
pub(super) fn Legend() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let kinds = [SiteKind::AirBase, SiteKind::Port, SiteKind::City];
    view! {
        <details class="legend">
            <summary>{tr(ui, |s| s.legend)}</summary>
            // Folded at first: its entries can wait until the map has been painted.
            <AfterFirstPaint><ul>
                {kinds.into_iter().map(|kind| view! {
                    <li><svg class="legend-symbol" viewBox="-10 -10 20 20" aria-hidden="true"><path d=marker_shape(kind) /></svg>
                    {move || i18n::kind(ui.lang.get(), kind)}</li>
                }).collect_erased()}
                <li><svg class="legend-symbol" viewBox="-15 -15 30 30" aria-hidden="true"><circle class="halo" r="13" /><path d=marker_shape(SiteKind::City) /></svg>
                    {move || i18n::precision(ui.lang.get(), Precision::Town)}</li>
                <li><svg class="legend-symbol region-swatch" viewBox="0 0 20 20" aria-hidden="true"><rect x="2" y="2" width="16" height="16" /></svg>
                    {move || i18n::precision(ui.lang.get(), Precision::Region)}</li>
                <li><svg class="legend-symbol vague-swatch" viewBox="0 0 20 20" aria-hidden="true"><path d="M2 10L10 2M2 18L18 2M10 18L18 10" /></svg>
                    {tr(ui, |s| s.vague_area)}</li>
                <li><svg class="legend-symbol" viewBox="-10 -10 20 20" aria-hidden="true"><circle class="contest-dot" r="4" /></svg>
                    {tr(ui, |s| s.contested)}</li>
                {MARKER_SIDES.into_iter().map(|side| view! {
                    <li><span class=format!("swatch side-{}", side_class(Some(side)))></span>{move || i18n::side(ui.lang.get(), side)}</li>
                }).collect_erased()}
            </ul></AfterFirstPaint>
        </details>
    }
}
