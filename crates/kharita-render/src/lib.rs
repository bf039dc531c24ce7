//! The static map: the atlas, or one site (and optionally one of its claims), drawn without a
//! browser, for print, newsletters, social cards and the embeds' fallbacks when scripts are off;
//! and [`claims_html`], the claims as plain HTML for the same fallbacks.
//!
//! [`archive`] puts the whole map, app and data, in one HTML file that needs no server.
//!
//! [`svg`] writes the map as SVG with real `<text>` (searchable, selectable); [`png`] rasterises
//! that SVG with resvg, which shapes Arabic with the `harfrust` shaper from the Noto-based font
//! bundled in `assets/fonts`, so the picture does not depend on the machine's fonts.

use std::fmt::Write;
use std::sync::Arc;

pub mod archive;

use kharita_core::Atlas;
use kharita_core::model::{Claim, ClaimId, Dating, Precision, Site, SiteId};
use kharita_i18n::{self as i18n, Lang};
use kharita_map::Basemap;
use kharita_map::cluster::{self, DENSE_FROM_SITES, Drawn};
use kharita_map::projection::{LonLat, World};
use kharita_map::viewport::{MIN_ZOOM, Screen, Viewport};
use resvg::{tiny_skia, usvg};

/// Noto Sans Arabic with Noto Sans's Latin merged in (SIL Open Font License 1.1; how it is made
/// is in `assets/fonts/README.md`).
const FONT: &[u8] = include_bytes!("../../../assets/fonts/KharitaSans-Regular.ttf");
/// Browsers showing the SVG use the Noto fonts when installed.
const FONT_FAMILY: &str = "'Kharita Sans', 'Noto Sans Arabic', 'Noto Sans', sans-serif";

pub const MIN_WIDTH: u32 = 240;
pub const MAX_WIDTH: u32 = 4096;

/// Libya, where the atlas's sites are: the view unless the site lies outside it.
const FOCUS_WEST_SOUTH: LonLat = LonLat {
    lon: 9.0,
    lat: 19.3,
};
const FOCUS_EAST_NORTH: LonLat = LonLat {
    lon: 25.5,
    lat: 33.5,
};

/// Why a picture cannot be drawn. The messages say what is wrong with the request, not how a
/// program asked for it: the CLI adds its own help.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown site `{0}`")]
    UnknownSite(String),
    #[error("unknown claim `{0}`")]
    UnknownClaim(String),
    #[error("claim `{0}` is drawn at one of its sites, and no site was named")]
    ClaimWithoutSite(String),
    #[error("claim `{claim}` is not about site `{site}`")]
    ClaimNotAboutSite { claim: ClaimId, site: SiteId },
    #[error("width {0} is out of range: {MIN_WIDTH} to {MAX_WIDTH} pixels")]
    Width(u32),
    #[error(
        "height {height} leaves too little room for the map: the text above it takes {text} pixels"
    )]
    Height { height: u32, text: u32 },
    #[error("the drawing is not an SVG that resvg reads")]
    Svg(#[from] usvg::Error),
    #[error("no memory for a picture of {width}×{height} pixels")]
    Pixmap { width: u32, height: u32 },
    #[error("encoding the PNG failed")]
    EncodePng(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// What to draw.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The site to single out; `None` draws every site alike.
    pub site: Option<&'a str>,
    pub claim: Option<&'a str>,
    pub lang: Lang,
    /// The picture's width in pixels.
    pub width: u32,
    /// The picture's height in pixels (a social card's 630, say), the map taking what the text
    /// leaves; `None` for a map in the proportions of the region, below the text it carries.
    pub height: Option<u32>,
}

/// Draws the request as a standalone SVG document.
pub fn svg(atlas: &Atlas, basemap: &Basemap, request: &Request) -> Result<String, Error> {
    if !(MIN_WIDTH..=MAX_WIDTH).contains(&request.width) {
        return Err(Error::Width(request.width));
    }
    let site = request
        .site
        .map(|id| {
            atlas
                .site(id)
                .ok_or_else(|| Error::UnknownSite(id.to_owned()))
        })
        .transpose()?;
    let claim = match (request.claim, site) {
        (None, _) => None,
        (Some(id), None) => return Err(Error::ClaimWithoutSite(id.to_owned())),
        (Some(id), Some(site)) => {
            let claim = atlas
                .claim(id)
                .ok_or_else(|| Error::UnknownClaim(id.to_owned()))?;
            if !claim.is_about(&site.id) {
                return Err(Error::ClaimNotAboutSite {
                    claim: claim.id.clone(),
                    site: site.id.clone(),
                });
            }
            Some(claim)
        }
    };
    let lang = request.lang;
    let layout = Layout::new(f64::from(request.width));

    let header = header_lines(atlas, site, claim, lang, &layout);
    let attribution = match lang {
        Lang::Ar => "خريطة (Kharita) · الخريطة الأساسية: Natural Earth، GeoNames · الخط: Noto (OFL)",
        Lang::En => "Kharita · basemap: Natural Earth, GeoNames · font: Noto (OFL)",
    };

    let header_height = layout.margin * 2.0 + header.iter().map(|l| l.height(&layout)).sum::<f64>();
    let map_top = header_height;
    let footer = layout.font * 2.0;
    let (map_height, height) = map_and_picture_heights(request.height, &layout, map_top, footer)?;
    let view = view(site, layout.width, map_height);

    let mut out = String::new();
    let title = escape(
        &header
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" — "),
    );
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" viewBox="0 0 {w} {height}" role="img" aria-label="{title}" font-family="{FONT_FAMILY}" lang="{code}"><title>{title}</title>"#,
        w = layout.width,
        code = lang.code(),
    );
    let _ = write!(
        out,
        r##"<rect width="100%" height="100%" fill="#fbfaf7"/>"##
    );
    let _ = write!(
        out,
        r##"<svg x="0" y="{map_top}" width="{w}" height="{map_height}"><rect width="100%" height="100%" fill="#dde8ef"/>"##,
        w = layout.width
    );
    draw_map(&mut out, atlas, basemap, site, lang, &layout, &view);
    out.push_str("</svg>");

    let mut y = layout.margin;
    for line in &header {
        y += line.height(&layout);
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="{}" text-anchor="{}"{}>{}</text>"#,
            layout.start_x(lang),
            y - line.height(&layout) * 0.3,
            line.size * layout.font,
            line.colour,
            Layout::anchor(lang),
            font_weight(line.bold),
            content(lang, &line.text)
        );
    }
    let _ = write!(
        out,
        r##"<text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="#5b6270" text-anchor="{}">{}</text></svg>"##,
        layout.start_x(lang),
        height - footer * 0.35,
        layout.font * 0.7,
        Layout::anchor(lang),
        content(lang, attribution)
    );
    Ok(out)
}

/// The map's height and the picture's, in pixels: the picture a fixed `height`, the map taking
/// what the text above it (`map_top`) and the footer leave; or the map in the proportions of
/// the region and the picture as tall as it takes.
fn map_and_picture_heights(
    height: Option<u32>,
    layout: &Layout,
    map_top: f64,
    footer: f64,
) -> Result<(f64, f64), Error> {
    let Some(height) = height else {
        let map_height = (layout.width * 0.62).round();
        return Ok((map_height, (map_top + map_height + footer).round()));
    };
    let map_height = (f64::from(height) - map_top - footer).round();
    // At least a third of the picture is map, or it is a picture of text.
    if map_height < f64::from(height) / 3.0 {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a few lines of text, far from u32::MAX"
        )]
        let text = (map_top + footer).round() as u32;
        return Err(Error::Height { height, text });
    }
    Ok((map_height, f64::from(height)))
}

/// The lines above the map: the site, what it is, and the claim with its article.
fn header_lines(
    atlas: &Atlas,
    site: Option<&Site>,
    claim: Option<&Claim>,
    lang: Lang,
    layout: &Layout,
) -> Vec<Line> {
    let Some(site) = site else {
        let title = match lang {
            Lang::Ar => "خريطة",
            Lang::En => "Kharita",
        };
        let counts = format!(
            "{} · {}",
            i18n::sites_count(lang, atlas.sites().len()),
            i18n::claims_count(lang, atlas.claims().len())
        );
        return vec![Line::title(title), Line::body(&counts)];
    };
    let mut header = vec![Line::title(i18n::site_name(site, lang))];
    let count = atlas.claims_about(&site.id).count();
    header.push(Line::body(&format!(
        "{} · {} · {}",
        i18n::kind(lang, site.kind),
        i18n::precision(lang, site.precision),
        i18n::claims_count(lang, count)
    )));
    if let Some(claim) = claim {
        let stance = i18n::stance(lang, claim.stance);
        let said = format!(
            "{} ({stance}): {}",
            i18n::claimant_and_relays(claim, lang),
            i18n::summary(claim, lang)
        );
        header.extend(layout.wrap(&said).into_iter().map(|text| Line::body(&text)));
        if let Some(source) = atlas.source(&claim.source) {
            let outlet = source.outlet.name.as_deref().unwrap_or_default();
            let cited = format!(
                "{}{}{} · {}",
                i18n::source_title(source, lang),
                if outlet.is_empty() { "" } else { " · " },
                outlet,
                left_to_right(lang, &i18n::format_dating(&source.published, lang))
            );
            header.extend(layout.wrap(&cited).into_iter().map(|t| Line::muted(&t)));
        }
    }
    header
}

/// Every claim as text, site by site, each linking to its passage in the full map at
/// `map_address` (which ends in `/`). An HTML fragment in one language, all of it escaped; a
/// page that frames it sets where its links open (`<base target="_blank">`).
pub fn claims_html(atlas: &Atlas, lang: Lang, map_address: &str) -> String {
    let (heading, unknown) = match lang {
        Lang::Ar => ("الادعاءات، موقعًا موقعًا", "الموقع غير معروف"),
        Lang::En => ("The claims, site by site", "location unknown"),
    };
    let mut out = format!(
        r#"<section class="fallback-claims" lang="{code}" dir="{dir}"><h2>{heading}</h2>"#,
        code = lang.code(),
        dir = lang.dir()
    );
    for site in atlas.sites() {
        if atlas.claims_about(&site.id).next().is_none() {
            continue;
        }
        let _ = write!(out, "<h3>{}", escape(i18n::site_name(site, lang)));
        if site.geometry.is_none() {
            let _ = write!(out, " ({unknown})");
        }
        out.push_str("</h3>");
        out.push_str(&site_claims_html(atlas, site, lang, map_address));
    }
    out.push_str("</section>");
    out
}

/// The claims about `site` as a list: each with its stance, summary, who makes it and through
/// whom, its article and date, and a link to its passage in the full map at `map_address`. An
/// HTML fragment in one language, all of it escaped.
pub fn site_claims_html(atlas: &Atlas, site: &Site, lang: Lang, map_address: &str) -> String {
    let (passage, comma) = match lang {
        Lang::Ar => ("المقطع في المقال", "، "),
        Lang::En => ("the passage", ", "),
    };
    let mut out = String::from("<ul>");
    for claim in atlas.claims_about(&site.id) {
        let _ = write!(
            out,
            "<li><b>{}</b> {} — {}",
            escape(i18n::stance(lang, claim.stance)),
            escape(i18n::summary(claim, lang)),
            escape(&i18n::claimant_and_relays(claim, lang)),
        );
        if let Some(source) = atlas.source(&claim.source) {
            let _ = write!(
                out,
                "{comma}<cite>{}</cite> ({})",
                escape(&i18n::source_title(source, lang)),
                dating_html(&source.published, lang)
            );
        }
        // Ids are checked ids (letters, digits, hyphens): safe in a URL as they are. The map
        // finds the claim's site itself.
        let _ = write!(
            out,
            r#" <a href="{}?claim={}&amp;lang={}">{passage}</a></li>"#,
            escape(map_address),
            claim.id,
            lang.code()
        );
    }
    out.push_str("</ul>");
    out
}

/// The basemap, region outlines, cities and sites, with the requested site marked and labelled.
fn draw_map(
    out: &mut String,
    atlas: &Atlas,
    basemap: &Basemap,
    site: Option<&Site>,
    lang: Lang,
    layout: &Layout,
    view: &Viewport,
) {
    let _ = write!(out, r#"<g transform="{}">"#, view.world_transform());
    let hairline = 1.0 / view.scale();
    let _ = write!(
        out,
        r##"<path d="{}" fill="#f3efe6" stroke="#8ca3b3" stroke-width="{:.5}" paint-order="stroke"/><path d="{}" fill="none" stroke="#9aa3ad" stroke-width="{hairline:.5}" stroke-dasharray="{:.5} {:.5}"/>"##,
        // The basemap whole: a static map is often of one site, zoomed in.
        basemap.detail.land,
        // Stroked under the fill: half of it shows, over the sea only (not where the land's
        // pieces meet at the edge of the detailed box).
        2.0 * hairline,
        basemap.detail.borders,
        4.0 * hairline,
        3.0 * hairline
    );
    for other in atlas
        .sites()
        .iter()
        .filter(|s| s.precision == Precision::Region)
    {
        if let Some(geometry) = &other.geometry {
            let focused = site.is_some_and(|site| other.id == site.id);
            let colour = if focused { "#b45309" } else { "#4b5563" };
            let _ = write!(
                out,
                r#"<path d="{}" fill="{colour}" fill-opacity="{}" stroke="{colour}" stroke-width="{:.5}" stroke-dasharray="{:.5} {:.5}"/>"#,
                kharita_map::paths::path_data(geometry),
                if focused { 0.15 } else { 0.0 },
                (if focused { 2.0 } else { 1.0 }) * hairline,
                3.0 * hairline,
                3.0 * hairline
            );
        }
    }
    out.push_str("</g>");
    let font = layout.font;
    for city in &basemap.cities {
        let at = view.to_screen(World {
            x: city.x,
            y: city.y,
        });
        let name = match lang {
            Lang::Ar => &city.name_ar,
            Lang::En => &city.name_en,
        };
        let _ = write!(
            out,
            r##"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="#5b6270"/>{}"##,
            at.x,
            at.y,
            font * 0.15,
            label(lang, at, name, font * 0.75, "#5b6270", false)
        );
    }
    draw_other_sites(out, atlas, site, view, font);
    let Some(site) = site else { return };
    if let Some(at) = point(site).map(|p| view.to_screen(p)) {
        let _ = write!(
            out,
            r##"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="#b45309" stroke="#1c1f24" stroke-width="2"/>{}"##,
            at.x,
            at.y,
            font * 0.5,
            label(lang, at, i18n::site_name(site, lang), font, "#1c1f24", true)
        );
    } else {
        let unknown = match lang {
            Lang::Ar => "الموقع غير معروف: لا يُرسم على الخريطة",
            Lang::En => "Location unknown: not drawn on the map",
        };
        let at = Screen {
            x: layout.width / 2.0,
            y: view.height / 2.0,
        };
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="{font:.1}" text-anchor="middle" fill="#1c1f24">{}</text>"##,
            at.x,
            at.y,
            content(lang, unknown)
        );
    }
}

/// Every site but `site`, alike: a dot each, or, in a dense atlas, one circle holding the
/// number of those crowding together ([`cluster`]).
fn draw_other_sites(
    out: &mut String,
    atlas: &Atlas,
    site: Option<&Site>,
    view: &Viewport,
    font: f64,
) {
    let others: Vec<World> = atlas
        .sites()
        .iter()
        .filter(|other| site.is_none_or(|site| other.id != site.id))
        .filter_map(point)
        .collect();
    let drawn = if others.len() >= DENSE_FROM_SITES {
        cluster::drawn(&others, &vec![true; others.len()], view)
    } else {
        (0..others.len()).map(Drawn::Marker).collect()
    };
    for drawn in drawn {
        match drawn {
            Drawn::Marker(index) => {
                let at = view.to_screen(others[index]);
                let _ = write!(
                    out,
                    r##"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="#4b5563" stroke="#fff" stroke-width="1"/>"##,
                    at.x,
                    at.y,
                    font * 0.3
                );
            }
            Drawn::Cluster(cluster) => {
                let at = view.to_screen(cluster.at);
                let count = cluster.count.to_string();
                // Wide enough for its number.
                #[expect(clippy::cast_precision_loss, reason = "a handful of digits")]
                let radius = font * (0.3 + 0.14 * count.len() as f64);
                let _ = write!(
                    out,
                    r##"<circle cx="{:.1}" cy="{:.1}" r="{radius:.1}" fill="#4b5563" stroke="#fff" stroke-width="1.5"/><text x="{:.1}" y="{:.1}" font-size="{:.1}" text-anchor="middle" fill="#fff">{count}</text>"##,
                    at.x,
                    at.y,
                    at.x,
                    at.y + font * 0.16,
                    font * 0.45,
                );
            }
        }
    }
}

/// Rasterises an SVG from [`svg`] at its own size.
pub fn png(svg: &str) -> Result<Vec<u8>, Error> {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(FONT.to_vec());
    let options = usvg::Options {
        fontdb: Arc::new(fonts),
        font_family: "Kharita Sans".to_owned(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or(Error::Pixmap {
        width: size.width(),
        height: size.height(),
    })?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|error| Error::EncodePng(error.into()))
}

/// Sizes and margins, in pixels, all following the picture's width.
#[derive(Debug)]
struct Layout {
    width: f64,
    font: f64,
    margin: f64,
}

impl Layout {
    fn new(width: f64) -> Self {
        let font = (width / 42.0).clamp(11.0, 40.0);
        Self {
            width,
            font,
            margin: font,
        }
    }

    fn start_x(&self, lang: Lang) -> f64 {
        match lang {
            Lang::Ar => self.width - self.margin,
            Lang::En => self.margin,
        }
    }

    /// resvg lays every line out left to right, so right-to-left lines anchor their end at the
    /// right margin rather than relying on `direction`.
    fn anchor(lang: Lang) -> &'static str {
        match lang {
            Lang::Ar => "end",
            Lang::En => "start",
        }
    }

    /// Breaks text into lines at spaces, by an estimate of 0.55 em per character: every word is
    /// kept, however many lines it takes.
    fn wrap(&self, text: &str) -> Vec<String> {
        let per_line = ((self.width - 2.0 * self.margin) / (self.font * 0.55)).max(10.0);
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        for word in text.split_whitespace() {
            if !current.is_empty()
                && f64::from(
                    u32::try_from(current.chars().count() + 1 + word.chars().count())
                        .unwrap_or(u32::MAX),
                ) > per_line
            {
                lines.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        if !current.is_empty() {
            lines.push(current);
        }
        lines
    }
}

/// One line of the header.
#[derive(Debug)]
struct Line {
    text: String,
    /// In units of the layout's font size.
    size: f64,
    colour: &'static str,
    bold: bool,
}

impl Line {
    fn title(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            size: 1.5,
            colour: "#1c1f24",
            bold: true,
        }
    }

    fn body(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            size: 1.0,
            colour: "#1c1f24",
            bold: false,
        }
    }

    fn muted(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            size: 0.85,
            colour: "#5b6270",
            bold: false,
        }
    }

    fn height(&self, layout: &Layout) -> f64 {
        self.size * layout.font * 1.5
    }
}

/// Where the map looks: Libya with a margin of 5% of the map's shorter side, centred on the site
/// instead when it lies east or west of Libya.
fn view(site: Option<&Site>, width: f64, height: f64) -> Viewport {
    let mut view = Viewport::new(FOCUS_WEST_SOUTH, MIN_ZOOM, width, height);
    view.fit(FOCUS_WEST_SOUTH, FOCUS_EAST_NORTH, 0.05 * width.min(height));
    let (west, east) = (FOCUS_WEST_SOUTH.project().x, FOCUS_EAST_NORTH.project().x);
    if let Some(at) = site.and_then(point)
        && !(west..=east).contains(&at.x)
    {
        view.center = at;
    }
    view
}

/// A site's point on the map: its point, or the middle of its region's bounding box.
fn point(site: &Site) -> Option<World> {
    let [west, south, east, north] = kharita_map::bounds(site.geometry.as_ref())?;
    Some(LonLat::new(f64::midpoint(west, east), f64::midpoint(south, north)).project())
}

fn font_weight(bold: bool) -> &'static str {
    if bold { r#" font-weight="bold""# } else { "" }
}

/// A label beside a marker: to its left in Arabic, to its right in English, with a paper halo.
fn label(lang: Lang, at: Screen, text: &str, size: f64, colour: &str, bold: bool) -> String {
    let (x, anchor) = match lang {
        Lang::Ar => (at.x - size * 0.7, "end"),
        Lang::En => (at.x + size * 0.7, "start"),
    };
    let weight = font_weight(bold);
    format!(
        r##"<text x="{x:.1}" y="{:.1}" font-size="{size:.1}" fill="{colour}" text-anchor="{anchor}" stroke="#fbfaf7" stroke-width="{:.1}" paint-order="stroke"{weight}>{}</text>"##,
        at.y + size * 0.35,
        size * 0.25,
        content(lang, text)
    )
}

/// A `<text>` element's content: escaped, and for right-to-left lines wrapped in an embedding so
/// that both resvg (whose paragraphs are always left to right) and browsers order their runs as
/// an Arabic reader expects.
fn content(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Ar => format!("\u{202B}{}\u{202C}", escape(text)),
        Lang::En => escape(text),
    }
}

/// Keeps the digits and separators of dates (`2020-05/2020-06`) in their order inside Arabic
/// lines, which resvg's bidi pass would otherwise reverse run by run.
fn left_to_right(lang: Lang, text: &str) -> String {
    if lang == Lang::En {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut in_number = false;
    for c in text.chars() {
        let numeric = c.is_ascii_digit() || (in_number && matches!(c, '-' | '/' | '.'));
        if numeric != in_number {
            out.push(if numeric { '\u{202A}' } else { '\u{202C}' });
            in_number = numeric;
        }
        out.push(c);
    }
    if in_number {
        out.push('\u{202C}');
    }
    out
}

/// A date as HTML, escaped, its value isolated left to right (see [`i18n::dating_parts`]): in
/// an Arabic page `2023-09-26/..` stays "from 26 September 2023 on".
pub fn dating_html(dating: &Dating, lang: Lang) -> String {
    match i18n::dating_parts(dating, lang) {
        (Some(value), rest) => format!(
            r#"<bdi dir="ltr">{}</bdi> {}"#,
            escape(&value),
            escape(&rest)
        ),
        (None, rest) => escape(&rest),
    }
}

/// Text for XML and HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all, even as references: the control
            // characters but tab and the line ends, and U+FFFE and U+FFFF.
            c if (c.is_control() && !matches!(c, '\t' | '\n' | '\r') && c < '\u{7F}')
                || matches!(c, '\u{FFFE}' | '\u{FFFF}') =>
            {
                out.push('\u{FFFD}');
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atlas() -> Atlas {
        let text = include_str!("../../../tests/fixtures/small-atlas.geojson");
        Atlas::from_geojson(text).expect("the fixture atlas")
    }

    #[test]
    fn dates_in_the_html_lists_are_isolated_left_to_right() {
        let open = Dating {
            basis: kharita_core::model::Basis::Inferred,
            value: Some("2023-09-26/..".parse().expect("a date span")),
            as_written: Some("26 سبتمبر <2023>".to_owned()),
            evidence: None,
        };
        assert_eq!(
            dating_html(&open, Lang::Ar),
            r#"<bdi dir="ltr">2023-09-26/..</bdi> «26 سبتمبر &lt;2023&gt;» (مستنتج)"#
        );
        let list = claims_html(&atlas(), Lang::Ar, "../");
        assert!(
            list.contains(r#"(<bdi dir="ltr">2020-05</bdi> (مذكور في النص))"#),
            "{list}"
        );
    }

    /// The fixture's Jufra, in English, over an empty basemap.
    fn english_jufra(atlas: &Atlas) -> String {
        let request = Request {
            site: Some("jufra"),
            claim: None,
            lang: Lang::En,
            width: 400,
            height: None,
        };
        svg(atlas, &Basemap::default(), &request).expect("an SVG")
    }

    #[test]
    fn a_card_is_exactly_the_size_asked_and_refuses_one_with_no_room_for_the_map() {
        let atlas = atlas();
        let card = Request {
            site: Some("jufra"),
            claim: None,
            lang: Lang::Ar,
            width: 1200,
            height: Some(630),
        };
        let png = png(&svg(&atlas, &Basemap::default(), &card).unwrap()).unwrap();
        let drawn = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        assert_eq!((drawn.width(), drawn.height()), (1200, 630));
        let too_low = Request {
            height: Some(120),
            ..card
        };
        assert!(matches!(
            svg(&atlas, &Basemap::default(), &too_low),
            Err(Error::Height { height: 120, .. })
        ));
    }

    fn word_png(text: &str) -> Vec<u8> {
        png(&format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="190" y="40" font-size="28" text-anchor="end">{text}</text></svg>"#
        ))
        .expect("a PNG")
    }

    #[test]
    fn arabic_letters_join_into_their_contextual_forms() {
        // The same letters kept apart by zero-width non-joiners must draw differently: if they
        // did not, the shaper would be drawing isolated letters.
        let joined = word_png("الجفرة");
        let apart = word_png("ا\u{200C}ل\u{200C}ج\u{200C}ف\u{200C}ر\u{200C}ة");
        assert_ne!(joined, apart);
        assert_ne!(joined, word_png(""), "the word drew nothing");
    }

    /// The fixture with `count` more sites, all within a few hundred metres in the desert
    /// south of Benghazi, about which no claim is made yet.
    fn crowded(count: usize) -> Atlas {
        let text = include_str!("../../../tests/fixtures/small-atlas.geojson");
        let mut collection: serde_json::Value = serde_json::from_str(text).expect("JSON");
        let template = collection["features"][1].clone();
        let features = collection["features"].as_array_mut().expect("features");
        for index in 0..count {
            let mut site = template.clone();
            site["id"] = format!("crowd-{index}").into();
            #[expect(clippy::cast_precision_loss, reason = "small numbers")]
            let (lon, lat) = (
                20.0 + (index % 20) as f64 * 1e-3,
                30.0 + (index / 20) as f64 * 1e-3,
            );
            site["geometry"]["coordinates"] = serde_json::json!([lon, lat]);
            site["properties"]["claims"] = serde_json::json!([]);
            site["properties"]["claim_count"] = 0.into();
            features.push(site);
        }
        Atlas::from_geojson(&collection.to_string()).expect("the crowded atlas")
    }

    #[test]
    fn a_dense_atlas_counts_its_crowded_sites_in_one_circle_and_a_sparse_one_draws_each() {
        let request = Request {
            site: None,
            claim: None,
            lang: Lang::En,
            width: 640,
            height: None,
        };
        let dense = svg(&crowded(DENSE_FROM_SITES), &Basemap::default(), &request).expect("SVG");
        assert!(
            dense.contains(&format!(">{DENSE_FROM_SITES}</text>")),
            "the crowd is one circle counting its {DENSE_FROM_SITES} sites"
        );
        assert!(
            dense.matches("<circle").count() < 10,
            "not a circle per site: {} circles",
            dense.matches("<circle").count()
        );
        let sparse = svg(&crowded(3), &Basemap::default(), &request).expect("SVG");
        assert_eq!(
            sparse.matches("<circle").count(),
            5,
            "below {DENSE_FROM_SITES} sites each is drawn, even on top of another"
        );
    }

    #[test]
    fn hostile_names_are_escaped_into_text() {
        let (sources, mut sites, claims) = atlas().into_parts();
        sites[0].name_en = r#"<script>alert("x")</script> & co"#.into();
        let atlas = Atlas::new(sources, sites, claims);
        let svg = english_jufra(&atlas);
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"));
        png(&svg).expect("the escaped SVG still parses");
    }

    #[test]
    fn wrapping_keeps_every_word() {
        let layout = Layout::new(300.0);
        let text = "one two three four five six seven eight nine ten eleven twelve thirteen";
        let lines = layout.wrap(text);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn an_unknown_location_is_said_not_drawn() {
        let (sources, mut sites, claims) = atlas().into_parts();
        sites[0].geometry = None;
        sites[0].precision = Precision::Unknown;
        let atlas = Atlas::new(sources, sites, claims);
        let svg = english_jufra(&atlas);
        assert!(svg.contains("Location unknown: not drawn on the map"));
        assert!(
            !svg.contains(r##"fill="#b45309" stroke="#1c1f24""##),
            "a marker was drawn"
        );
    }
}
