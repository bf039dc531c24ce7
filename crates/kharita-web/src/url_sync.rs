//! The full map's URL follows its state, and the state follows the URL: selections push
//! history entries, view and filter changes replace them, Back and Forward restore them. Escape
//! closes the reader, then the site panel. (Embeds touch none of the host page's history or
//! keys, so they do not call this.)

use std::sync::Arc;
use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;

use crate::data::Data;
use crate::dom::{current_query, page_address, state_in_fragment};
use crate::state::UrlState;
use crate::ui::Ui;

/// How long the view must stay still before the URL follows it.
const URL_REST: Duration = Duration::from_millis(250);

/// Keeps the URL and `ui` in step, and closes panels on Escape, for as long as the calling
/// component lives.
pub(crate) fn follow(ui: Ui, data: Arc<Data>) {
    // The URL follows the state: selections push history entries, other changes replace them,
    // and a view that moves does so once it rests: Chromium takes milliseconds to replace an
    // entry, too long to spend in every frame of a pan. `written` is what the URL holds: the
    // state last written, or the one Back or Forward went to.
    let written = StoredValue::new(untrack(|| ui.url_state()));
    let moves = StoredValue::new(0_u64);
    let write = move |state: UrlState| {
        let pushed = written
            .with_value(|written| (&written.site, &written.claim) != (&state.site, &state.claim));
        write_url(&state.to_query(), pushed);
        written.set_value(state);
    };
    Effect::new(move |_| {
        let state = ui.url_state();
        let only_the_view_moved = written.with_value(|written| {
            written.view != state.view
                && UrlState {
                    view: written.view,
                    ..state.clone()
                } == *written
        });
        moves.update_value(|moves| *moves += 1);
        if !only_the_view_moved {
            write(state);
            return;
        }
        let this_move = moves.get_value();
        set_timeout(
            move || {
                if moves.get_value() == this_move {
                    write(untrack(|| ui.url_state()));
                }
            },
            URL_REST,
        );
    });
    // Back and forward restore the state the URL holds.
    let popstate = window_event_listener(ev::popstate, move |_| {
        let url = UrlState::parse(&current_query()).known_to(&data.atlas);
        written.set_value(url.clone());
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

/// Puts `query` in the address bar (or its fragment, where the page keeps its state there),
/// as a new history entry when `pushed`, in place of the current one otherwise.
fn write_url(query: &str, pushed: bool) {
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
    let _ = if pushed {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target))
    } else {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target))
    };
}
