//! Link previews: for the atlas and for each site, the tags that a chat, a social network or a
//! CMS reads when a link to it is pasted (title, description, canonical address, Open Graph and
//! Twitter card, oEmbed discovery), the 1200×630 card they show (drawn by `kharita render`, in
//! Arabic), and the oEmbed answer that embeds the map by its link. The atlas's tags go into the
//! map's own page; each site gets a page of its own, `site/<id>.html`, which shows its claims
//! and opens the map at it.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use kharita_core::Atlas;
use kharita_core::model::Site;
use kharita_core::publish::{EMBED_HEIGHT, Publication, embed_snippet};
use kharita_i18n::{self as i18n, Lang};
use kharita_render::escape;
use rayon::prelude::*;

/// The cards' size: what Open Graph and Twitter's large card show best.
pub(crate) const CARD_WIDTH: u32 = 1200;
pub(crate) const CARD_HEIGHT: u32 = 630;
/// The width the oEmbed answer gives the embed: a column's, at least.
const EMBED_WIDTH: u32 = 640;

/// One thing a link can point at: the whole atlas, or one of its sites.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Subject<'a> {
    Atlas,
    Site(&'a Site),
}

impl Subject<'_> {
    /// `atlas`, or the site's id: the name of its card and oEmbed answer.
    fn stem(self) -> String {
        match self {
            Self::Atlas => "atlas".to_owned(),
            Self::Site(site) => site.id.to_string(),
        }
    }

    /// Its page, relative to `dist/`.
    pub(crate) fn page(self) -> String {
        match self {
            Self::Atlas => String::new(),
            Self::Site(site) => format!("site/{}.html", site.id),
        }
    }

    pub(crate) fn card(self) -> String {
        format!("cards/{}.png", self.stem())
    }

    pub(crate) fn oembed(self) -> String {
        format!("oembed/{}.json", self.stem())
    }

    /// The map's query that shows it.
    fn query(self) -> String {
        match self {
            Self::Atlas => String::new(),
            Self::Site(site) => format!("?site={}", site.id),
        }
    }

    /// The title a preview shows, in both languages.
    pub(crate) fn title(self) -> String {
        match self {
            Self::Atlas => "خريطة · Kharita".to_owned(),
            Self::Site(site) => format!("{} — Kharita", both_names(site)),
        }
    }

    /// What it is and how many claims there are, in `lang`.
    fn facts(self, atlas: &Atlas, lang: Lang) -> String {
        match self {
            Self::Atlas => format!(
                "{} · {}",
                i18n::sites_count(lang, atlas.sites().len()),
                i18n::claims_count(lang, atlas.claims().len())
            ),
            Self::Site(site) => format!(
                "{} · {} · {}",
                i18n::kind(lang, site.kind),
                i18n::precision(lang, site.precision),
                i18n::claims_count(lang, atlas.claims_about(&site.id).count())
            ),
        }
    }

    /// The description a preview shows, in both languages.
    pub(crate) fn description(self, atlas: &Atlas) -> String {
        format!(
            "{}، وكل ادعاء مربوط بمقطعه في المقال. {}; every claim links to its passage in the article.",
            self.facts(atlas, Lang::Ar),
            self.facts(atlas, Lang::En)
        )
    }
}

/// A site's names in both languages, Arabic first: `قاعدة الجفرة · Al Jufra Air Base`.
fn both_names(site: &Site) -> String {
    format!(
        "{} · {}",
        i18n::site_name(site, Lang::Ar),
        i18n::site_name(site, Lang::En)
    )
}

/// The `<head>` tags of `subject`'s page that link previews read: canonical address, Open Graph,
/// Twitter card and oEmbed discovery, every address absolute.
pub(crate) fn head_tags(subject: Subject, atlas: &Atlas, publication: &Publication) -> String {
    let base = &publication.base_url;
    let title = escape(&subject.title());
    let description = escape(&subject.description(atlas));
    let page = base.join(&subject.page());
    let card = base.join(&subject.card());
    let alt = escape(&match subject {
        Subject::Atlas => {
            "خريطة المواقع التي تذكرها المقالات · Map of the sites the articles name".to_owned()
        }
        Subject::Site(site) => both_names(site),
    });
    let oembed = base.join(&subject.oembed());
    [
        format!(r#"<link rel="canonical" href="{page}">"#),
        r#"<meta property="og:type" content="website">"#.to_owned(),
        r#"<meta property="og:site_name" content="Kharita">"#.to_owned(),
        format!(r#"<meta property="og:title" content="{title}">"#),
        format!(r#"<meta property="og:description" content="{description}">"#),
        format!(r#"<meta property="og:url" content="{page}">"#),
        format!(r#"<meta property="og:image" content="{card}">"#),
        format!(r#"<meta property="og:image:width" content="{CARD_WIDTH}">"#),
        format!(r#"<meta property="og:image:height" content="{CARD_HEIGHT}">"#),
        format!(r#"<meta property="og:image:alt" content="{alt}">"#),
        r#"<meta property="og:locale" content="ar_AR">"#.to_owned(),
        r#"<meta property="og:locale:alternate" content="en_US">"#.to_owned(),
        r#"<meta name="twitter:card" content="summary_large_image">"#.to_owned(),
        format!(r#"<meta name="twitter:title" content="{title}">"#),
        format!(r#"<meta name="twitter:description" content="{description}">"#),
        format!(r#"<meta name="twitter:image" content="{card}">"#),
        format!(r#"<meta name="twitter:image:alt" content="{alt}">"#),
        format!(
            r#"<link rel="alternate" type="application/json+oembed" href="{oembed}" title="{title}">"#
        ),
    ]
    .join("\n    ")
}

/// Writes every card, site page and oEmbed answer into `staging`.
pub(crate) fn write(
    atlas: &Atlas,
    basemap: &kharita_map::Basemap,
    publication: &Publication,
    data_version: &str,
    staging: &Path,
) -> Result<()> {
    for folder in ["cards", "site", "oembed"] {
        std::fs::create_dir_all(staging.join(folder))?;
    }
    let subjects: Vec<Subject> = std::iter::once(Subject::Atlas)
        .chain(atlas.sites().iter().map(Subject::Site))
        .collect();
    subjects.par_iter().try_for_each(|&subject| -> Result<()> {
        let request = kharita_render::Request {
            site: match subject {
                Subject::Atlas => None,
                Subject::Site(site) => Some(site.id.as_str()),
            },
            claim: None,
            lang: Lang::Ar,
            width: CARD_WIDTH,
            height: Some(CARD_HEIGHT),
        };
        let svg = kharita_render::svg(atlas, basemap, &request)?;
        std::fs::write(staging.join(subject.card()), kharita_render::png(&svg)?)?;
        std::fs::write(
            staging.join(subject.oembed()),
            oembed(subject, publication, data_version),
        )?;
        if let Subject::Site(site) = subject {
            std::fs::write(
                staging.join(subject.page()),
                site_page(site, atlas, publication),
            )?;
        }
        Ok(())
    })
}

/// The oEmbed answer (oEmbed 1.0, type `rich`) for `subject`: the embed's snippet, pinned to
/// the data version as the Embed button pins it, its size, title, provider and card.
fn oembed(subject: Subject, publication: &Publication, data_version: &str) -> String {
    let base = publication.base_url.as_str();
    let query = match subject.query().as_str() {
        "" => format!("?data={data_version}"),
        query => format!("{query}&data={data_version}"),
    };
    let title = subject.title();
    let answer = serde_json::json!({
        "version": "1.0",
        "type": "rich",
        "title": title,
        "provider_name": "Kharita",
        "provider_url": base,
        "author_name": publication.creator,
        "html": embed_snippet(base, &query, &escape(&title)),
        "width": EMBED_WIDTH,
        "height": EMBED_HEIGHT,
        "thumbnail_url": publication.base_url.join(&subject.card()),
        "thumbnail_width": CARD_WIDTH,
        "thumbnail_height": CARD_HEIGHT,
    });
    serde_json::to_string_pretty(&answer).expect("JSON") + "\n"
}

/// `site`'s page: its preview tags, its card, what it is, its claims in both languages with
/// links to their passages, and the way into the map at it.
fn site_page(site: &Site, atlas: &Atlas, publication: &Publication) -> String {
    let subject = Subject::Site(site);
    let id = &site.id;
    let mut body = String::new();
    for lang in [Lang::Ar, Lang::En] {
        let (open_map, claims, articles) = match lang {
            Lang::Ar => ("افتح الخريطة عند هذا الموقع", "الادعاءات", "المقالات"),
            Lang::En => ("Open the map at this site", "The claims", "The articles"),
        };
        let code = lang.code();
        let text = match lang {
            Lang::Ar => "النص",
            Lang::En => "the text",
        };
        let mut sources = String::new();
        for source in atlas.sources().iter().filter(|source| {
            atlas
                .claims_about(id)
                .any(|claim| claim.source == source.id)
        }) {
            let _ = write!(
                sources,
                r#"<li><cite>{}</cite> ({}) · <a href="../{}">{text}</a></li>"#,
                escape(&i18n::source_title(source, lang)),
                kharita_render::dating_html(&source.published, lang),
                escape(&source.file),
            );
        }
        let _ = write!(
            body,
            r#"
      <section lang="{code}" dir="{dir}">
        <h1>{name}</h1>
        <p>{facts}</p>
        <p><a class="open-map" href="../?site={id}&amp;lang={code}">{open_map}</a></p>
        <h2>{claims}</h2>
        {list}
        <h2>{articles}</h2>
        <ul>{sources}</ul>
      </section>"#,
            dir = lang.dir(),
            name = escape(i18n::site_name(site, lang)),
            facts = escape(&subject.facts(atlas, lang)),
            list = kharita_render::site_claims_html(atlas, site, lang, "../"),
        );
    }
    format!(
        r#"<!doctype html>
<html lang="ar" dir="rtl">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{title}</title>
    <meta name="description" content="{description}">
    {tags}
    <link rel="icon" href="../favicon.svg" type="image/svg+xml">
    <link rel="stylesheet" href="../kharita.css">
  </head>
  <body>
    <main class="fallback site-page">
      <figure class="fallback-map"><img src="../{card}" alt="{alt}" width="{CARD_WIDTH}" height="{CARD_HEIGHT}"></figure>{body}
      <p class="attribution">Kharita · Natural Earth · GeoNames · <a href="../atlas.geojson">atlas.geojson</a></p>
    </main>
  </body>
</html>
"#,
        title = escape(&subject.title()),
        description = escape(&subject.description(atlas)),
        tags = head_tags(subject, atlas, publication),
        card = subject.card(),
        alt = escape(&both_names(site)),
    )
}
