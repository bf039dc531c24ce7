//! The article reader: a claim's article with its passage marked and scrolled into view, and
//! the article's other claims a step away.

use std::sync::Arc;

use kharita_core::draft::{DraftClaim, context};
use kharita_core::model::{Basis, Claim, ClaimId, SiteId, SourceId};
use leptos::prelude::*;

use crate::Host;
use crate::components::claims::dated;
use crate::data::{Data, fetch_text};
use crate::dom::selection_in;
use crate::i18n::{self, strings};
use crate::present::{direction, source_title, split_passage};
use crate::ui::{Ui, copy_and_show, tr};

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

#[component]
pub(crate) fn Reader() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let mark = NodeRef::<leptos::html::Mark>::new();
    let article = NodeRef::<leptos::html::Div>::new();
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
        let id = ui.claim.get()?;
        let claim = data.atlas.claim(&id)?;
        let source = data.atlas.source(&claim.source)?;
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
                    <h2 id="reader-title">{text_strings.reading}": "<cite>{source_title(source, lang)}</cite></h2>
                    <button type="button" class="close" aria-label=text_strings.close on:click=move |_| ui.close_reader()>"×"</button>
                </header>
                <p class="reader-meta">
                    {text_strings.outlet}": "{outlet}" · "{text_strings.published}": "{dated(&source.published, lang)}
                </p>
                <ReaderNav claim=claim.id.clone() source=source.id.clone() />
                <DraftFromSelection claim=claim.id.clone() article=article />
                <div class="article-text" node_ref=article lang=source.language.clone() dir=direction(&source.language)>
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

/// "Draft a claim": the passage the reader selected in the article, as a draft `[[claim]]`
/// block for the article's metadata file, copied and shown for copying by hand. The quote is the
/// selection exactly as the text has it (with the words around it when it occurs more than
/// once), so that `kharita check` anchors it.
#[component]
fn DraftFromSelection(claim: ClaimId, article: NodeRef<leptos::html::Div>) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    // Whether the last copy reached the clipboard, and the block.
    let drafted = RwSignal::new(None::<(bool, String)>);
    let draft = move |_| {
        let block = article.get_untracked().and_then(|element| {
            let (start, selected) = selection_in(&element)?;
            let reading = data.atlas.claim(&claim)?;
            ui.articles.with_untracked(|articles| {
                let article = articles.get(&reading.source)?.as_ref().ok()?;
                draft_block(article, reading, start, &selected)
            })
        });
        if let Some(block) = block {
            copy_and_show(ui, block, |s| s.draft_copied, drafted);
        } else {
            drafted.set(None);
            let text = strings(ui.lang.get_untracked());
            ui.announcement.set(text.draft_select_first.to_owned());
        }
    };
    view! {
        <div class="draft-claim">
            <button type="button" class="draft-claim-button" on:click=draft>{tr(ui, |s| s.draft_claim)}</button>
            {move || drafted.get().map(|(ok, text)| view! {
                <p class="copy-status" class:failed=!ok>{tr(ui, if ok { |s| s.draft_copied } else { |s| s.copy_failed })}</p>
                <pre class="draft-block" dir="auto">{text}</pre>
            })}
        </div>
    }
}

/// The draft block for the selection `selected` that starts at byte `start` of the article
/// `text`: trimmed of outer spaces, about the sites of the claim being read. `None` when the
/// selection is not the text at that place, or only spaces.
fn draft_block(text: &str, reading: &Claim, start: usize, selected: &str) -> Option<String> {
    if text.get(start..start + selected.len())? != selected {
        return None;
    }
    let quote = selected.trim();
    if quote.is_empty() {
        return None;
    }
    let start = start + (selected.len() - selected.trim_start().len());
    let end = start + quote.len();
    let source = reading.source.as_str();
    let number = source.split('_').next().unwrap_or(source);
    let id = format!("c{number}-draft-{}", text[..start].chars().count());
    let sites: Vec<&str> = reading.sites.iter().map(SiteId::as_str).collect();
    // A byte-by-byte comparison: str::matches would bring the Two-Way searcher (1 KB) for this.
    let bytes = text.as_bytes();
    let repeated = (0..bytes.len())
        .filter(|&at| bytes[at..].starts_with(quote.as_bytes()))
        .nth(1)
        .is_some();
    let draft = DraftClaim {
        id: &id,
        sites: &sites,
        quote,
        context: repeated.then(|| context(text, start, end)),
    };
    Some(draft.to_toml())
}
