//! The article reader: a claim's article with its passage marked and scrolled into view, and
//! the article's other claims a step away.

use std::sync::Arc;

use kharita_core::model::{Basis, Claim, ClaimId, SourceId};
use leptos::prelude::*;

use crate::Host;
use crate::data::{Data, fetch_text};
use crate::i18n::{self, strings};
use crate::present::{format_dating, source_title, split_passage};
use crate::ui::{Ui, tr};

/// Fetches the open claim's article the first time one of its passages is opened, into
/// `ui.articles`.
fn fetch_articles(ui: Ui, data: Arc<Data>, base: String) {
    Effect::new(move |_| {
        let claim = ui.claim.get();
        let Some(source) = claim
            .and_then(|id| data.atlas.claim(&id))
            .and_then(|claim| data.atlas.source(&claim.source))
        else {
            return;
        };
        if ui
            .articles
            .with_untracked(|articles| articles.contains_key(&source.id))
        {
            return;
        }
        let (id, url) = (source.id.clone(), format!("{base}{}", source.file));
        leptos::task::spawn_local(async move {
            let text = fetch_text(&url).await;
            ui.articles.update(|articles| {
                articles.insert(id, text);
            });
        });
    });
}

/// The writing direction of a text in the language `tag` (BCP 47).
fn direction(tag: &str) -> &'static str {
    let language = tag.split('-').next().unwrap_or_default();
    if matches!(language, "ar" | "fa" | "he" | "ur") {
        "rtl"
    } else {
        "ltr"
    }
}

#[component]
pub(crate) fn Reader() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let mark = NodeRef::<leptos::html::Mark>::new();
    fetch_articles(ui, data.clone(), expect_context::<Host>().base);
    // Scroll the passage into view once it is drawn: when another claim is opened, or its
    // article arrives.
    Effect::new(move |_| {
        ui.articles.track();
        if ui.claim.get().is_some() {
            request_animation_frame(move || {
                if let Some(mark) = mark.get_untracked() {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Center);
                    mark.scroll_into_view_with_scroll_into_view_options(&options);
                    let _ = mark.focus();
                }
            });
        }
    });
    move || {
        let claim = ui
            .claim
            .get()
            .and_then(|id| data.atlas.claim(&id).cloned())?;
        let source = data.atlas.source(&claim.source)?.clone();
        let (start, end) = claim.target.range()?;
        let split = ui.articles.with(|articles| {
            let fetched = articles.get(&source.id)?;
            Some(
                fetched
                    .as_ref()
                    .map(|text| split_passage(text, start, end))
                    .map_err(Clone::clone),
            )
        });
        let (before, passage, after) = match split {
            None => {
                return Some(view! { <section class="reader"><p class="status" role="status">{tr(ui, |s| s.loading)}</p></section> }.into_any());
            }
            Some(Err(error)) => {
                return Some(view! { <section class="reader"><p class="status error" role="alert">{tr(ui, |s| s.load_failed)}": "{error}</p></section> }.into_any());
            }
            Some(Ok(split)) => split,
        };
        let lang = ui.lang.get();
        let text_strings = strings(lang);
        let outlet = source.outlet.name.clone().map_or_else(
            || text_strings.outlet_unknown.to_owned(),
            |name| {
                if source.outlet.basis == Basis::Inferred {
                    format!("{name} ({})", i18n::basis(lang, Basis::Inferred))
                } else {
                    name
                }
            },
        );
        Some(view! {
            <section class="reader" aria-labelledby="reader-title">
                <header class="reader-header">
                    <h2 id="reader-title">{text_strings.reading}": "<cite>{source_title(&source, lang)}</cite></h2>
                    <button type="button" class="close" aria-label=text_strings.close on:click=move |_| ui.close_reader()>"×"</button>
                </header>
                <p class="reader-meta">
                    {text_strings.outlet}": "{outlet}" · "{text_strings.published}": "{format_dating(&source.published, lang)}
                </p>
                <ReaderNav claim=claim.id.clone() source=source.id.clone() />
                <div class="article-text" lang=source.language.clone() dir=direction(&source.language)>
                    {before}<mark tabindex="-1" node_ref=mark data-claim-id=claim.id.as_str().to_owned()>{passage}</mark>{after}
                </div>
            </section>
        }.into_any())
    }
}

/// Steps to the previous and next claim of the same article.
#[component]
fn ReaderNav(claim: ClaimId, source: SourceId) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let siblings: Vec<&Claim> = data.atlas.claims_from(&source).collect();
    let index = siblings
        .iter()
        .position(|c| c.id == claim)
        .unwrap_or_default();
    let previous = index
        .checked_sub(1)
        .and_then(|i| siblings.get(i))
        .map(|c| (*c).clone());
    let next = siblings.get(index + 1).map(|c| (*c).clone());
    let count = siblings.len();
    view! {
        <nav class="reader-nav">
            <button type="button" class="previous-claim" disabled=previous.is_none()
                on:click={ let previous = previous.clone(); move |_| if let Some(c) = &previous { ui.open_claim(c) } }>
                {tr(ui, |s| s.previous_claim)}
            </button>
            <span class="position">{format!("{} / {count}", index + 1)}</span>
            <button type="button" class="next-claim" disabled=next.is_none()
                on:click={ let next = next.clone(); move |_| if let Some(c) = &next { ui.open_claim(c) } }>
                {tr(ui, |s| s.next_claim)}
            </button>
        </nav>
    }
}
