//! The full map's URL follows its state, and the state follows the URL: selections push
//! history entries, view and filter changes replace them, Back and Forward restore them. Escape
//! closes the reader, then the site panel. (Embeds touch none of the host page's history or
//! keys, so they do not call this.)

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;

use crate::data::Data;
use crate::dom::{current_query, page_address, state_in_fragment};
use crate::state::UrlState;
use crate::ui::Ui;

/// Keeps the URL and `ui` in step, and closes panels on Escape, for as long as the calling
/// component lives.
pub(crate) fn follow(ui: Ui, data: Arc<Data>) {
    // The URL follows the state: selections push history entries, view changes replace them.
    let last_selection = StoredValue::new((ui.site.get_untracked(), ui.claim.get_untracked()));
    Effect::new(move |_| {
        let query = ui.url_state().to_query();
        let selection = (ui.site.get(), ui.claim.get());
        let Some(window) = web_sys::window() else {
            return;
        };
        if current_query() == query {
            return;
        }
        let Ok(history) = window.history() else {
            return;
        };
        let target = match (state_in_fragment(), query.strip_prefix('?')) {
            (true, Some(state)) => format!("{}#{state}", page_address()),
            (true, None) => page_address(),
            (false, _) => format!(
                "{}{query}",
                window.location().pathname().unwrap_or_default()
            ),
        };
        let pushed = last_selection.get_value() != selection;
        last_selection.set_value(selection);
        let _ = if pushed {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target))
        };
    });
    // Back and forward restore the state the URL holds.
    let popstate = window_event_listener(ev::popstate, move |_| {
        let url = UrlState::parse(&current_query()).known_to(&data.atlas);
        last_selection.set_value((url.site.clone(), url.claim.clone()));
        ui.apply(&url);
    });
    on_cleanup(move || popstate.remove());
    // Escape closes the reader, then the site panel.
    let escape = window_event_listener(ev::keydown, move |e| {
        if e.key() != "Escape" {
            return;
        }
        if ui.claim.get_untracked().is_some() {
            ui.close_reader();
        } else if ui.site.get_untracked().is_some() {
            ui.select_site(None);
        }
    });
    on_cleanup(move || escape.remove());
}
