//! Sites drawn as elements of their own, which the keyboard reaches: region outlines in the
//! world layer, and point markers (while there are few; see [`super::markers`]).

use std::sync::Arc;

use kharita_core::model::{Precision, SiteId};
use kharita_map::projection::World;
use kharita_map::viewport::MAX_ZOOM;
use leptos::prelude::*;

use super::input::MapInput;
use super::markers::{Marker, marker_shape};
use crate::data::Data;
use crate::present::site_name;
use crate::ui::{CollectErased, Ui, tr};

/// What a drawn site does when chosen: selects it, unless the pointer was dragging the map.
#[derive(Clone, Copy)]
pub(super) struct Choose(pub(super) MapInput);

impl Choose {
    pub(super) fn click(self, ui: Ui, id: &str) {
        if !self.0.was_drag() {
            ui.select_site(Some(id.to_owned()));
        }
    }

    /// A cluster chosen: the map zooms in two steps, centred on it, where it splits.
    pub(super) fn zoom_into(self, ui: Ui, at: World) {
        if !self.0.was_drag() {
            ui.view.update(|view| {
                view.center = at;
                view.zoom = (view.zoom + 2.0).min(MAX_ZOOM);
            });
            ui.view_in_url.set(true);
        }
    }

    /// Enter and Space choose a focused site, as they press a button.
    fn key(ui: Ui, event: &web_sys::KeyboardEvent, id: &str) {
        if event.key() == "Enter" || event.key() == " " {
            event.prevent_default();
            ui.select_site(Some(id.to_owned()));
        }
    }
}

/// The site's name in the interface language, following it.
fn name_in_language(ui: Ui, data: Arc<Data>, id: SiteId) -> impl Fn() -> String + Clone {
    move || {
        data.atlas
            .site(&id)
            .map(|site| site_name(site, ui.lang.get()).to_owned())
            .unwrap_or_default()
    }
}

/// A drawn site as a button the keyboard reaches: named, chosen by a click, Enter or Space,
/// marked when selected and hidden when the filters leave its site out. `class` says what it
/// draws; a point's marker is placed on the screen for the current view (`at`), a region is drawn
/// in world coordinates.
#[component]
fn SiteButton(
    id: SiteId,
    class: String,
    #[prop(optional)] at: Option<World>,
    choose: Choose,
    children: Children,
) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let name = name_in_language(ui, expect_context::<Arc<Data>>(), id.clone());
    let (selected_id, shown_id, click_id, key_id) =
        (id.clone(), id.clone(), id.clone(), id.clone());
    let title = name.clone();
    view! {
        <g
            class=class
            class:filtered-out=move || !ui.shown.with(|s| s.sites.contains(shown_id.as_str()))
            class:selected=move || ui.site.get().as_deref() == Some(selected_id.as_str())
            transform=at.map(|at| move || ui.view.get().to_screen(at).translate())
            tabindex="0"
            role="button"
            data-site-id=String::from(id)
            aria-label=name
            on:click=move |_| choose.click(ui, &click_id)
            on:keydown=move |e| Choose::key(ui, &e, &key_id)
        >
            // A tooltip for pointer users; screen readers have the aria-label.
            <title>{title}</title>
            {children()}
        </g>
    }
}

/// A region's outline, in world coordinates, coloured by its side; `vague` (an area the text
/// gives no boundary for) with no crisp edge, over its side's hatching.
#[component]
pub(super) fn RegionArea(
    id: SiteId,
    path: String,
    side: &'static str,
    vague: bool,
    choose: Choose,
) -> impl IntoView {
    let class = format!("region side-{side}{}", if vague { " vague" } else { "" });
    view! {
        <SiteButton id class choose>
            <path d=path />
        </SiteButton>
    }
}

/// A point site's marker: its symbol by kind, a ring for a town-level point, a dot when its
/// claims disagree.
#[component]
pub(super) fn MarkerButton(marker: Marker, choose: Choose) -> impl IntoView {
    let Marker {
        id,
        kind,
        precision,
        side,
        contested,
        at,
    } = marker;
    let town = precision == Precision::Town;
    let class = format!(
        "marker kind-{} side-{side}{}{}",
        kind.code(),
        if town { " town" } else { "" },
        if contested { " contested" } else { "" }
    );
    view! {
        <SiteButton id class at choose>
            {town.then(|| view! { <circle class="halo" r="13" /> })}
            <path class="symbol" d=marker_shape(kind) />
            {contested.then(|| view! { <circle class="contest-dot" cx="8" cy="-8" r="3.5" /> })}
        </SiteButton>
    }
}

/// The sites whose location is unknown: never drawn, listed beside the map.
#[component]
pub(super) fn UnknownLocations() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let unknown: Vec<SiteId> = data
        .atlas
        .sites()
        .iter()
        .filter(|site| site.precision == Precision::Unknown)
        .map(|site| site.id.clone())
        .collect();
    let none = unknown.is_empty();
    view! {
        <div class="unknown" hidden=none>
            <h2>{tr(ui, |s| s.unknown_locations)}</h2>
            <ul>
                {unknown
                    .into_iter()
                    .map(|id| {
                        let name = name_in_language(ui, data.clone(), id.clone());
                        let (shown_id, selected_id, click_id) = (id.clone(), id.clone(), id.clone());
                        view! {
                            <li class:filtered-out=move || !ui.shown.with(|s| s.sites.contains(shown_id.as_str()))>
                                <button type="button" data-site-id=String::from(id)
                                    class:selected=move || ui.site.get().as_deref() == Some(selected_id.as_str())
                                    on:click=move |_| ui.select_site(Some(click_id.as_str().to_owned()))>
                                    {name}
                                </button>
                            </li>
                        }
                    })
                    .collect_erased()}
            </ul>
        </div>
    }
}
