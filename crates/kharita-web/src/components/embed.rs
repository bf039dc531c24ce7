//! The compact map that articles embed, what it says when its data changed since it was
//! published, and the full map's "Embed" button that writes the code for it.

use std::sync::Arc;

use kharita_core::model::ClaimId;
use kharita_core::publish::embed_snippet;
use kharita_core::version::{self, ChangeKind};
use leptos::prelude::*;

use crate::Host;
use crate::components::map::MapView;
use crate::data::{Data, Words, fetch_json, with_words};
use crate::i18n::{self, strings};
use crate::present::{claimant_and_relays, site_name, source_title, summary};
use crate::read;
use crate::state::{Lang, Theme, claim_link};
use crate::ui::{CollectErased, Ui, copy_and_show, tr};

/// The compact map for articles: the map, the selected site's claims with links into the full
/// map, attribution, and whether the data changed since the embed was published (`published`,
/// the version its code pins). No filters, timeline or reader, and nothing that touches the host
/// page.
#[component]
pub(crate) fn Embed(theme: Theme, published: Option<String>) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let data = expect_context::<Arc<Data>>();
    let Host {
        base, map_links, ..
    } = expect_context::<Host>();
    let claims = Memo::new({
        let data = data.clone();
        move |_| {
            let site = ui.site.get()?;
            let (shown, focus) = (ui.shown.get(), ui.claim.get());
            // Ids: the memo compares them, not whole claims.
            let claims: Vec<ClaimId> = data
                .atlas
                .claims_about(&site)
                .filter(|claim| shown.claims.contains(&claim.id))
                .filter(|claim| focus.as_ref().is_none_or(|id| claim.id == id.as_str()))
                .map(|claim| claim.id.clone())
                .collect();
            Some((site, claims))
        }
    });
    let full_map = {
        let base = base.clone();
        move || {
            let mut state = ui.url_state();
            state.view = None;
            format!("{base}{}", state.to_query())
        }
    };
    let updated = published.filter(|pinned| data.version.as_ref() != Some(pinned));
    view! {
        <main
            class=format!("embed theme-{}", theme.code())
            lang=move || ui.lang.get().code()
            dir=move || ui.lang.get().dir()
        >
            <h1 class="visually-hidden">{tr(ui, |s| s.app_title)}</h1>
            {updated.map(|pinned| view! { <Updated published=pinned /> })}
            <MapView />
            <section class="embed-claims" aria-live="polite">
                {move || match claims.get() {
                    None => view! { <p class="embed-hint">{tr(ui, |s| s.pick_a_site)}</p> }.into_any(),
                    Some((site, claims)) => {
                        let lang = ui.lang.get();
                        let name = data.atlas.site(&site).map(|s| site_name(s, lang).to_owned()).unwrap_or_default();
                        view! {
                            <h2>{name}</h2>
                            <ul>
                                {claims.iter().filter_map(|id| data.atlas.claim(id)).filter_map(|claim| {
                                    let claim = match ui.claim_words.with(|files| with_words(&data.atlas, files, claim)) {
                                        Words::Coming => return None,
                                        Words::Come(claim) => *claim,
                                        Words::Failed(error) => return Some(view! {
                                            <li class="status error" role="alert">{strings(lang).claim_words_failed}": "{error}</li>
                                        }.into_any()),
                                    };
                                    let source = data.atlas.source(&claim.source).map(|s| source_title(s, lang)).unwrap_or_default();
                                    Some(view! {
                                        <li class="embed-claim" data-claim-id=claim.id.as_str().to_owned()>
                                            <span class=format!("stance stance-{}", claim.stance.code())>{i18n::stance(lang, claim.stance)}</span>
                                            " "<span class="summary">{summary(&claim, lang).to_owned()}</span>
                                            <span class="chain">" — "{claimant_and_relays(&claim, lang)}", "<cite>{source}</cite>" "</span>
                                            <a href=claim_link(&map_links, &claim, lang) target="_blank" rel="noopener">{strings(lang).read_passage}</a>
                                        </li>
                                    }.into_any())
                                }).collect_erased()}
                            </ul>
                        }.into_any()
                    }
                }}
            </section>
            <footer class="embed-footer">
                <p class="attribution">{tr(ui, |s| s.attribution)}</p>
                <a class="open-full-map" href=full_map target="_blank" rel="noopener">{tr(ui, |s| s.open_full_map)}</a>
            </footer>
        </main>
    }
}

/// "Updated since publication", and on request what changed since the published version for
/// the embed's site (or every site when it has none), as the build wrote it in `versions/`.
#[component]
fn Updated(published: String) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let base = expect_context::<Host>().base;
    let changes = RwSignal::new(None::<Result<Vec<version::Change>, String>>);
    let open = RwSignal::new(false);
    let site = ui.site.get_untracked();
    let show = move |_| {
        open.update(|open| *open = !*open);
        if changes.get_untracked().is_some() {
            return;
        }
        let url = format!("{base}versions/{published}.json");
        let site = site.clone();
        leptos::task::spawn_local(async move {
            let found = fetch_json(&url)
                .await
                .and_then(|tree| read::changes(&tree))
                .map(|all: Vec<version::Change>| {
                    all.into_iter()
                        .filter(|change| {
                            site.as_ref()
                                .is_none_or(|site| change.sites.iter().any(|s| s == site.as_str()))
                        })
                        .collect()
                });
            changes.set(Some(found));
        });
    };
    let list = move || {
        let lang = ui.lang.get();
        let strings = strings(lang);
        let changes = match changes.get()? {
            Ok(changes) if changes.is_empty() => {
                return Some(view! { <p>{strings.nothing_changed_here}</p> }.into_any());
            }
            Ok(changes) => changes,
            Err(_) => return Some(view! { <p>{strings.version_not_on_record}</p> }.into_any()),
        };
        let items = changes.into_iter().map(|change| {
            let what = match change.kind {
                ChangeKind::Added => strings.change_added,
                ChangeKind::Revised => strings.change_revised,
                ChangeKind::Removed => strings.change_removed,
                ChangeKind::Relocated => strings.change_relocated,
            };
            let text = match lang {
                Lang::Ar => change.text_ar,
                Lang::En => change.text_en,
            };
            view! { <li><b>{what}</b>": "{text}</li> }
        });
        Some(view! { <ul>{items.collect_erased()}</ul> }.into_any())
    };
    view! {
        <aside class="updated" aria-labelledby="updated-label">
            <p id="updated-label">{tr(ui, |s| s.updated_since)}</p>
            <button type="button" aria-expanded=move || open.get().to_string() on:click=show>
                {tr(ui, |s| s.what_changed)}
            </button>
            <div class="changes" role="status" hidden=move || !open.get()>{list}</div>
        </aside>
    }
}

/// The "Embed" button: the iframe snippet for the current view, shown and copied.
#[component]
pub(crate) fn EmbedCode() -> impl IntoView {
    let ui = expect_context::<Ui>();
    // The snippet pins the data as shown now, so that the embed can say when it changes.
    let data_version = expect_context::<Arc<Data>>().version.clone();
    let base = expect_context::<Host>().base;
    // The iframe code and the link to paste instead, while the dialog is open.
    let snippet = RwSignal::new(None::<(String, String)>);
    // Whether the code reached the clipboard, once it is copied.
    let copied = RwSignal::new(None::<(bool, String)>);
    let make = move |_| {
        let lang = ui.lang.get_untracked();
        let mut state = ui.url_state();
        state.list = false;
        state.data.clone_from(&data_version);
        let title = strings(lang).embed_title;
        let code = embed_snippet(&base, &state.to_query(), title);
        // The site's page with its preview card, or the map's own page, which has the atlas's.
        let link = state
            .site
            .as_ref()
            .map_or_else(|| base.clone(), |site| format!("{base}site/{site}.html"));
        copied.set(None);
        snippet.set(Some((code.clone(), link)));
        copy_and_show(ui, code, |s| s.embed_copied, copied);
    };
    view! {
        <button type="button" class="embed-button" aria-expanded=move || snippet.get().is_some().to_string() on:click=make>
            {tr(ui, |s| s.embed)}
        </button>
        {move || snippet.get().map(|(code, link)| view! {
            <div class="embed-code" role="dialog" aria-labelledby="embed-code-label">
                <p id="embed-code-label">{tr(ui, |s| s.embed_help)}</p>
                <textarea readonly rows="5" dir="ltr" aria-labelledby="embed-code-label">{code}</textarea>
                <p id="embed-link-label">{tr(ui, |s| s.embed_link)}</p>
                <input type="url" readonly dir="ltr" aria-labelledby="embed-link-label" prop:value=link />
                <p class="copy-status" role="status">{move || copied.get().map(|(ok, _)| {
                    let words = strings(ui.lang.get());
                    if ok { words.embed_copied } else { words.copy_failed }
                })}</p>
                <button type="button" on:click=move |_| snippet.set(None)>{tr(ui, |s| s.close)}</button>
            </div>
        })}
    }
}
