//! Claims as cards: what the claim says, its passage, who makes it and through whom, its dates,
//! and the actions on it (open it in its article, copy a citation). Claims that contradict each
//! other are set side by side.

use std::sync::Arc;

use kharita_core::model::{Atlas, Claim, ClaimId, Dating, SiteId, Stance};
use leptos::prelude::*;

use crate::Host;
use crate::data::{Data, Words, with_words};
use crate::filter::Shown;
use crate::i18n::{self, strings};
use crate::present::{
    QUOTE_IN_CARD, citation, claimant_and_relays, dating_parts, direction, excerpt, source_title,
    summary,
};
use crate::state::{Lang, claim_link};
use crate::ui::{CollectErased, Ui, copy_and_show, tr};

/// A date as text, its value isolated left to right (see [`dating_parts`]): in Arabic, an open
/// interval `2023-09-26/..` would otherwise read `../2023-09-26`, "until" where it says "from".
pub(crate) fn dated(dating: &Dating, lang: Lang) -> impl IntoView + use<> {
    let (value, rest) = dating_parts(dating, lang);
    (
        value.map(|value| view! { <bdi dir="ltr">{value}</bdi>" " }),
        rest,
    )
}

/// A claim alone, or a contested claim with those it contradicts, by id: a memo of blocks
/// compares ids, not whole claims.
#[derive(Clone, Debug, PartialEq)]
enum Block {
    Single(ClaimId),
    Contest {
        affirming: Vec<ClaimId>,
        denying: Vec<ClaimId>,
    },
}

impl Block {
    /// The id of the claim the block starts from, unique in a list.
    fn key(&self) -> String {
        match self {
            Self::Single(claim) => claim.as_str().to_owned(),
            Self::Contest {
                affirming, denying, ..
            } => affirming
                .iter()
                .chain(denying)
                .map(ClaimId::as_str)
                .collect(),
        }
    }

    fn view(self, atlas: &Atlas) -> AnyView {
        let claims = |ids: Vec<ClaimId>| -> Vec<Claim> {
            ids.iter()
                .filter_map(|id| atlas.claim(id))
                .cloned()
                .collect()
        };
        match self {
            Self::Single(id) => atlas
                .claim(&id)
                .cloned()
                .map(|claim| view! { <ClaimCard claim=claim /> })
                .into_any(),
            Self::Contest { affirming, denying } => {
                view! { <Contest affirming=claims(affirming) denying=claims(denying) /> }.into_any()
            }
        }
    }
}

/// The shown claims about `site` in reading order, each contested claim with the claims it
/// contradicts (shown or not).
fn blocks(atlas: &kharita_core::Atlas, site: &str, shown: &Shown) -> Vec<Block> {
    // Only claims that oppose others are placed in a group: opposition goes both ways (the loader
    // makes it so), so a claim that opposes none is in no group, and the list stays linear.
    let mut placed: Vec<&str> = Vec::new();
    let mut blocks = Vec::new();
    for claim in atlas.claims_about(site) {
        if !shown.claims.contains(&claim.id) {
            continue;
        }
        if claim.opposes.is_empty() {
            blocks.push(Block::Single(claim.id.clone()));
            continue;
        }
        if placed.contains(&claim.id.as_str()) {
            continue;
        }
        let opposing = claim.opposes.iter().filter_map(|id| atlas.claim(id));
        let group: Vec<&Claim> = std::iter::once(claim).chain(opposing).collect();
        placed.extend(group.iter().map(|c| c.id.as_str()));
        let (affirming, denying): (Vec<&Claim>, Vec<&Claim>) =
            group.into_iter().partition(|c| c.stance != Stance::Denies);
        let ids = |claims: Vec<&Claim>| claims.iter().map(|c| c.id.clone()).collect();
        blocks.push(Block::Contest {
            affirming: ids(affirming),
            denying: ids(denying),
        });
    }
    blocks
}

/// How many blocks of claims a site's list draws until the reader asks for them all: a site
/// with thousands of claims opens at once.
const BLOCKS_AT_FIRST: usize = 50;

/// The claims about `site` that the filters show, keyed by claim: a change of filters adds and
/// removes cards rather than drawing the list again. A long list is drawn in part, with a button
/// that draws the rest.
#[component]
pub(crate) fn ClaimList(site: SiteId) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let for_blocks = data.clone();
    let blocks = Memo::new(move |_| {
        ui.shown
            .with(|shown| blocks(&for_blocks.atlas, &site, shown))
    });
    let every_block = RwSignal::new(false);
    let drawn = move || {
        let mut drawn = blocks.get();
        if !every_block.get() {
            drawn.truncate(BLOCKS_AT_FIRST);
        }
        drawn
    };
    let more = move || !every_block.get() && blocks.with(Vec::len) > BLOCKS_AT_FIRST;
    view! {
        <div class="claims">
            <For each=drawn key=Block::key children=move |block| block.view(&data.atlas) />
            {move || more().then(|| view! {
                <button type="button" class="more-claims" on:click=move |_| every_block.set(true)>
                    {tr(ui, |s| s.every_claim)}
                </button>
            })}
        </div>
    }
}

#[component]
fn Contest(affirming: Vec<Claim>, denying: Vec<Claim>) -> impl IntoView {
    let ui = expect_context::<Ui>();
    view! {
        <section class="contest" aria-label=tr(ui, |s| s.contested)>
            <p class="contest-title"><strong>{tr(ui, |s| s.contested)}</strong>" · "{tr(ui, |s| s.contested_note)}</p>
            <div class="contest-sides">
                <div class="contest-side">{affirming.into_iter().map(|claim| view! { <ClaimCard claim=claim /> }).collect_erased()}</div>
                <div class="contest-side">{denying.into_iter().map(|claim| view! { <ClaimCard claim=claim /> }).collect_erased()}</div>
            </div>
        </section>
    }
}

/// A claim from the atlas's index, shown once its words have come.
#[component]
fn ClaimCard(claim: Claim) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    move || match ui
        .claim_words
        .with(|files| with_words(&data.atlas, files, &claim))
    {
        Words::Coming => None,
        Words::Come(claim) => Some(view! { <ClaimWithWords claim=*claim /> }.into_any()),
        Words::Failed(error) => {
            let failed = tr(ui, |s| s.claim_words_failed);
            Some(view! { <p class="status error" role="alert">{failed}": "{error}</p> }.into_any())
        }
    }
}

#[component]
fn ClaimWithWords(claim: Claim) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let (stance, topic) = (claim.stance, claim.topic);
    let stance_class = stance.code();
    // The quote is in its article's language, which may be English as well as Arabic.
    let source = data.atlas.source(&claim.source).cloned();
    let quote_lang = source
        .as_ref()
        .map_or_else(|| "ar".to_owned(), |s| s.language.clone());
    // Shared by the card's closures: a card holds one copy of its claim.
    let claim = Arc::new(claim);
    let open = claim.clone();
    let to_cite = claim.clone();
    let atlas_for_citation = data.clone();
    // Whether the last copy reached the clipboard, and the citation, shown for copying by hand.
    let copied = RwSignal::new(None::<(bool, String)>);
    let map_links = expect_context::<Host>().map_links;
    let copy_citation = move |_| {
        let lang = ui.lang.get_untracked();
        let text = citation(
            &atlas_for_citation.atlas,
            &to_cite,
            lang,
            &claim_link(&map_links, &to_cite, lang),
        );
        copy_and_show(ui, text, |s| s.citation_copied, copied);
    };
    let is_open = {
        let id = claim.id.clone();
        move || ui.claim.get().as_deref() == Some(id.as_str())
    };
    view! {
        <article class="claim" data-claim-id=claim.id.as_str().to_owned() class:open=is_open>
            <p class="claim-meta">
                <span class=format!("stance stance-{stance_class}")>{move || i18n::stance(ui.lang.get(), stance)}</span>
                " "
                <span class="topic">{move || i18n::topic(ui.lang.get(), topic)}</span>
            </p>
            {
                let claim = claim.clone();
                move || {
                    let lang = ui.lang.get();
                    let summary = summary(&claim, lang).to_owned();
                    let text = strings(lang);
                    view! {
                        <p class="summary">{summary}</p>
                        <blockquote class="quote" lang=quote_lang.clone() dir=direction(&quote_lang)>{excerpt(claim.target.exact(), QUOTE_IN_CARD)}</blockquote>
                        <p class="chain">
                            <span class="label">{text.claimant}": "</span>
                            {claimant_and_relays(&claim, lang)}
                        </p>
                        {claim.hedge.clone().map(|hedge| view! { <p class="hedge"><span class="label">{text.hedge}": "</span><span lang="ar">{hedge}</span></p> })}
                        {claim.said.as_ref().map(|d| view! { <p class="date"><span class="label">{text.said}": "</span>{dated(d, lang)}</p> })}
                        {claim.event.as_ref().map(|d| view! { <p class="date"><span class="label">{text.event}": "</span>{dated(d, lang)}</p> })}
                        {claim.note.clone().map(|note| view! { <p class="note" lang="en" dir="ltr">{note}</p> })}
                    }
                }
            }
            <p class="claim-source">
                {tr(ui, |s| s.in_article)}" "
                <cite>{
                    let source = source.clone();
                    move || source.as_ref().map(|s| source_title(s, ui.lang.get())).unwrap_or_default()
                }</cite>
            </p>
            <div class="claim-actions">
                <button type="button" class="show-source" on:click=move |_| ui.open_claim(&open)>
                    {tr(ui, |s| s.show_in_source)}
                </button>
                <button type="button" class="copy-citation" on:click=copy_citation>
                    {tr(ui, |s| s.copy_citation)}
                </button>
            </div>
            {move || copied.get().map(|(ok, text)| view! {
                <p class="copy-status" class:failed=!ok>{tr(ui, if ok { |s| s.citation_copied } else { |s| s.copy_failed })}</p>
                <pre class="citation" dir="auto">{text}</pre>
            })}
        </article>
    }
}
