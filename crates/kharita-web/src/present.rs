//! What the interface derives from the atlas: marker styles, reader segments, the
//! scale bar, dates as shown and citations. Plain functions, tested natively.

use geo_types::Geometry;
use kharita_core::model::{Atlas, Claim, ClaimId, Precision, Side, Site, Stance, Topic, contested};
pub use kharita_i18n::{
    actor_name, claimant_and_relays, dating_parts, format_dating, site_name, source_title, summary,
};
pub use kharita_map::bounds;
use kharita_map::decimal::fixed;
use kharita_map::math;

use crate::i18n::strings;
use crate::state::Lang;

/// What the map shows of a site at a glance, worked out once per site when the atlas is read
/// (each feature of `atlas.geojson` lists its claims), so that drawing and listing thousands of
/// sites never scans every claim per site.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteFacts {
    /// The side its marker is coloured by (see [`marker_side`]).
    pub side: Option<Side>,
    /// Whether its claims disagree ([`kharita_core::model::contested`]).
    pub contested: bool,
    /// The ids of its claims.
    pub claim_ids: Vec<ClaimId>,
}

impl SiteFacts {
    /// The facts of a site with these claims about it.
    pub fn of(claims: &[&Claim]) -> Self {
        Self {
            side: marker_side(claims),
            contested: contested(claims.iter().copied()),
            claim_ids: claims.iter().map(|claim| claim.id.clone()).collect(),
        }
    }
}

/// The side a site's marker is coloured by, from the claims about it: the side most often placed
/// there by claims about presence, use, equipment or building that assert it (hedged included);
/// failing that, the side most often named by any claim. Ties go to the side listed first in
/// [`Side`].
pub fn marker_side(claims: &[&Claim]) -> Option<Side> {
    let placing = |claim: &&&Claim| {
        matches!(claim.stance, Stance::Asserts | Stance::Hedged)
            && matches!(
                claim.topic,
                Topic::Presence | Topic::Use | Topic::Equipment | Topic::Construction
            )
    };
    // Counts by position in `Side::ALL`, whose order is the order of `Side`.
    let most_common = |claims: Vec<&&Claim>| {
        let mut counts = [0_usize; Side::ALL.len()];
        for claim in claims {
            for side in &claim.actors {
                counts[*side as usize] += 1;
            }
        }
        let (index, &count) = counts
            .iter()
            .enumerate()
            .rev()
            .max_by_key(|(_, count)| **count)?;
        (count > 0).then(|| Side::ALL[index])
    };
    most_common(claims.iter().filter(placing).collect())
        .or_else(|| most_common(claims.iter().collect()))
}

/// The sides markers are coloured by, in the order the legend lists them and the painted layer
/// draws them; [`side_class`] draws every other side as [`Side::Other`].
pub const MARKER_SIDES: [Side; 6] = [
    Side::Russia,
    Side::UnitedStates,
    Side::Lna,
    Side::Tripoli,
    Side::Turkey,
    Side::Other,
];

/// The CSS class suffixes of [`MARKER_SIDES`], in their order: the painted layers hold their
/// paths for each side in this order.
pub fn side_classes() -> impl Iterator<Item = &'static str> {
    MARKER_SIDES.iter().map(|&side| side_class(Some(side)))
}

/// CSS class suffix for a side.
pub fn side_class(side: Option<Side>) -> &'static str {
    match side {
        Some(Side::Russia) => "russia",
        Some(Side::UnitedStates) => "united-states",
        Some(Side::Lna) => "lna",
        Some(Side::Tripoli) => "tripoli",
        Some(Side::Turkey) => "turkey",
        _ => "other",
    }
}

/// Splits a text at code point positions into what precedes a passage, the passage, and the rest.
pub fn split_passage(text: &str, start: usize, end: usize) -> (String, String, String) {
    let mut before = String::new();
    let mut passage = String::new();
    let mut after = String::new();
    for (i, c) in text.chars().enumerate() {
        if i < start {
            before.push(c);
        } else if i < end {
            passage.push(c);
        } else {
            after.push(c);
        }
    }
    (before, passage, after)
}

/// A plain-text citation of a claim: who makes it and through whom, what they say, the article,
/// its outlet and date, when it was said, the exact passage, and the link that opens it.
pub fn citation(atlas: &Atlas, claim: &Claim, lang: Lang, link: &str) -> String {
    let text = strings(lang);
    let who = claimant_and_relays(claim, lang);
    let summary = summary(claim, lang);
    let mut lines = vec![format!("{who}: \"{summary}\"")];
    if let Some(source) = atlas.source(&claim.source) {
        let outlet = source
            .outlet
            .name
            .clone()
            .unwrap_or_else(|| format!("{}: {}", text.outlet, text.outlet_unknown));
        lines.push(format!(
            "{} \"{}\", {outlet}, {}: {}",
            text.in_article,
            source_title(source, lang),
            text.published,
            format_dating(&source.published, lang)
        ));
    }
    if let Some(said) = &claim.said {
        lines.push(format!("{}: {}", text.said, format_dating(said, lang)));
    }
    lines.push(format!("«{}»", claim.target.exact()));
    lines.push(link.to_owned());
    lines.join("\n")
}

/// A scale bar no longer than `max_px`: a round distance (1, 2 or 5 × 10ⁿ km) and its length.
pub fn scale_bar(metres_per_pixel: f64, max_px: f64) -> (f64, f64) {
    let max_km = metres_per_pixel * max_px / 1000.0;
    let magnitude = math::powf(10.0, math::log10(max_km).floor());
    let km = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&km| km <= max_km)
        .unwrap_or(magnitude);
    (km, km * 1000.0 / metres_per_pixel)
}

/// A basemap label's place and text, for decluttering: `x, y` is the anchor point on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBox {
    pub x: f64,
    pub y: f64,
    pub chars: usize,
    pub font_px: f64,
    /// Country names are centred on their point; city names start just after their dot.
    pub centred: bool,
}

impl LabelBox {
    /// Its width on screen, estimating a character at 0.6 em wide.
    pub fn width(&self) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "label lengths are small")]
        let width = self.chars as f64 * self.font_px * 0.6;
        width
    }

    /// Whether the two overlap on screen.
    pub fn overlaps(&self, other: &Self) -> bool {
        !disjoint(self.extent(), other.extent())
    }

    /// Whether it overlaps `mark`.
    pub fn overlaps_mark(&self, mark: Mark) -> bool {
        !disjoint(self.extent(), mark.extent())
    }

    /// Whether part of it lies beyond the left or right edge of a map `width` pixels wide, where
    /// the map cuts it.
    pub fn runs_off(&self, width: f64) -> bool {
        let [left, _, right, _] = self.extent();
        left < 0.0 || right > width
    }

    /// Left, top, right, bottom on screen.
    fn extent(&self) -> [f64; 4] {
        let width = self.width();
        let left = if self.centred {
            self.x - width / 2.0
        } else {
            self.x + 5.0
        };
        [left, self.y - 4.0 - self.font_px, left + width, self.y]
    }
}

/// Half the width of the room a site's symbol takes on screen, in pixels: the symbol, its halo
/// and its contest dot.
pub const SYMBOL_HALF_PX: f64 = 14.0;

/// What labels keep clear of: a site's symbol, or a cluster's circle, centred on screen at
/// `(x, y)` and reaching `half` pixels from it each way.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    pub x: f64,
    pub y: f64,
    pub half: f64,
}

impl Mark {
    /// A site's symbol centred at `(x, y)`.
    pub fn symbol(x: f64, y: f64) -> Self {
        Self {
            x,
            y,
            half: SYMBOL_HALF_PX,
        }
    }

    /// Left, top, right, bottom on screen.
    fn extent(self) -> [f64; 4] {
        let Self { x, y, half } = self;
        [x - half, y - half, x + half, y + half]
    }
}

/// Which labels to draw: in the order given (most important first), each label is shown unless
/// it overlaps one of `marks` (the sites' symbols, the clusters' circles) or a label already
/// shown. Keeps the map readable at every zoom without hand placement, and no label hides a site.
pub fn declutter(labels: &[LabelBox], marks: &[Mark]) -> Vec<bool> {
    let mut shown: Vec<[f64; 4]> = marks.iter().map(|mark| mark.extent()).collect();
    labels
        .iter()
        .map(|label| {
            let extent = label.extent();
            let free = shown.iter().all(|&other| disjoint(extent, other));
            if free {
                shown.push(extent);
            }
            free
        })
        .collect()
}

/// Whether two screen boxes (left, top, right, bottom) do not overlap.
fn disjoint([l, t, r, b]: [f64; 4], [l2, t2, r2, b2]: [f64; 4]) -> bool {
    r <= l2 || r2 <= l || b <= t2 || b2 <= t
}

/// Where else to look at a site placed on its runway or its town: OpenStreetMap and Sentinel-2
/// imagery in the Copernicus Browser, at the point and a zoom for its precision, each as a name
/// and an address. Only links: the page never loads them. None for regions and unknown places,
/// whose point would say more than the text does.
pub fn elsewhere(site: &Site) -> Vec<(&'static str, String)> {
    let (Some(Geometry::Point(point)), Some(zoom)) = (
        site.geometry.as_ref(),
        match site.precision {
            Precision::Runway => Some(15),
            Precision::Town => Some(13),
            Precision::Region | Precision::Unknown => None,
        },
    ) else {
        return Vec::new();
    };
    let (lat, lon) = (fixed(point.y(), 5), fixed(point.x(), 5));
    vec![
        (
            "OpenStreetMap",
            format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={zoom}/{lat}/{lon}"),
        ),
        (
            "Copernicus Browser (Sentinel-2)",
            format!("https://browser.dataspace.copernicus.eu/?zoom={zoom}&lat={lat}&lng={lon}"),
        ),
    ]
}

/// How much of a quote a claim card shows: a passage runs a few sentences; a longer one is cut
/// here, and read whole in its article.
pub(crate) const QUOTE_IN_CARD: usize = 600;

/// The first `most` characters of `text`, and an ellipsis when there were more.
pub(crate) fn excerpt(text: &str, most: usize) -> String {
    match text.char_indices().nth(most) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// The writing direction of a text in the language `tag` (BCP 47): Arabic articles read right to
/// left, English ones left to right.
pub(crate) fn direction(tag: &str) -> &'static str {
    let language = tag.split('-').next().unwrap_or_default();
    if matches!(language, "ar" | "fa" | "he" | "ur") {
        "rtl"
    } else {
        "ltr"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_too_long_for_a_card_is_cut_at_a_character_with_an_ellipsis() {
        assert_eq!(excerpt("قاعدة", 10), "قاعدة");
        assert_eq!(excerpt("قاعدة", 5), "قاعدة");
        assert_eq!(excerpt("قاعدة الجفرة", 5), "قاعدة…");
    }

    #[test]
    fn english_articles_read_left_to_right_and_arabic_ones_right_to_left() {
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("ar-LY"), "rtl");
        assert_eq!(direction("en"), "ltr");
        assert_eq!(direction("en-GB"), "ltr");
    }
    use kharita_core::model::Actor;

    #[test]
    fn elsewhere_links_runway_and_town_points_only() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/small-atlas.geojson"
        ))
        .expect("the fixture");
        let atlas = Atlas::from_geojson(&text).expect("an atlas");
        let mut site = atlas.sites()[0].clone();
        site.geometry = Some(geo_types::Point::new(16.00667, 29.19833).into());
        site.precision = Precision::Runway;
        assert_eq!(
            elsewhere(&site),
            [
                (
                    "OpenStreetMap",
                    "https://www.openstreetmap.org/?mlat=29.19833&mlon=16.00667#map=15/29.19833/16.00667".to_owned()
                ),
                (
                    "Copernicus Browser (Sentinel-2)",
                    "https://browser.dataspace.copernicus.eu/?zoom=15&lat=29.19833&lng=16.00667".to_owned()
                ),
            ]
        );
        site.precision = Precision::Town;
        assert!(elsewhere(&site)[0].1.contains("#map=13/"));
        for vague in [Precision::Region, Precision::Unknown] {
            site.precision = vague;
            assert_eq!(elsewhere(&site), [], "{vague:?}");
        }
    }

    #[test]
    fn citation_names_claimant_intermediaries_article_date_passage_and_link() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/small-atlas.geojson"
        ))
        .expect("the fixture");
        let (sources, sites, mut claims) =
            Atlas::from_geojson(&text).expect("an atlas").into_parts();
        claims[0].via.push(Actor {
            id: "reuters".into(),
            name_en: "Reuters".into(),
            name_ar: Some("رويترز".into()),
            side: Side::Media,
        });
        let atlas = Atlas::new(sources, sites, claims);
        let link = "https://example.org/kharita/?site=jufra&claim=c-asserts";
        let cited = citation(&atlas, &atlas.claims()[0], Lang::En, link);
        assert_eq!(
            cited,
            "AFRICOM (via Reuters): \"Russian jets are at Jufra.\"\n\
             in \"Article A\", Outlet: not named in the text, Published: 2020-05 (stated)\n\
             Said: 2020-05 (stated)\n«a»\n\
             https://example.org/kharita/?site=jufra&claim=c-asserts"
        );
        let in_arabic = citation(&atlas, &atlas.claims()[0], Lang::Ar, link);
        assert!(
            in_arabic.starts_with("AFRICOM (عبر رويترز): \"طائرات روسية في الجفرة.\""),
            "{in_arabic}"
        );
    }

    #[test]
    fn site_facts_colour_jufra_by_the_side_placed_there_and_mark_contests() {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let atlas = kharita_core::load::load(root).expect("the seed atlas loads");
        for site in atlas.sites() {
            let about: Vec<&Claim> = atlas.claims_about(&site.id).collect();
            let facts = SiteFacts::of(&about);
            assert_eq!(facts.contested, atlas.is_contested(&site.id), "{}", site.id);
            assert_eq!(facts.claim_ids.len(), about.len(), "{}", site.id);
        }
        assert!(
            Side::ALL
                .iter()
                .enumerate()
                .all(|(i, &side)| side as usize == i),
            "marker_side counts sides by their position in Side::ALL"
        );
        let jufra: Vec<&Claim> = atlas.claims_about("jufra-air-base").collect();
        let facts = SiteFacts::of(&jufra);
        assert_eq!(facts.side, Some(Side::Russia));
        assert!(facts.contested, "Jufra's presence claims are denied");
    }

    #[test]
    fn overlapping_labels_give_way_to_earlier_ones() {
        let label = |x: f64, y: f64, centred: bool| LabelBox {
            x,
            y,
            chars: 6,
            font_px: 12.0,
            centred,
        };
        // Malta (country, centred) and Valletta (city) a few pixels apart; Tunis far away.
        let labels = [
            label(100.0, 100.0, true),
            label(98.0, 104.0, false),
            label(300.0, 50.0, false),
        ];
        assert_eq!(declutter(&labels, &[]), [true, false, true]);
        // Side by side without touching: both shown.
        let apart = [label(0.0, 100.0, false), label(60.0, 100.0, false)];
        assert_eq!(declutter(&apart, &[]), [true, true]);
    }

    /// Regression: "Benghazi" and "Sabha" were written across the sites' symbols there.
    #[test]
    fn labels_give_way_to_the_sites_symbols() {
        let city = |x: f64, y: f64| LabelBox {
            x,
            y,
            chars: 8,
            font_px: 11.0,
            centred: false,
        };
        // A city whose name starts 5 px right of its dot, a site 20 px right of the dot on the
        // same line; another city far from any site.
        let labels = [city(100.0, 100.0), city(400.0, 300.0)];
        assert_eq!(
            declutter(&labels, &[Mark::symbol(120.0, 96.0)]),
            [false, true]
        );
        assert_eq!(
            declutter(&labels, &[Mark::symbol(120.0, 160.0)]),
            [true, true]
        );
    }

    /// Regression: a cluster's circle was drawn over the name of the town under it.
    #[test]
    fn labels_give_way_to_a_cluster_by_its_whole_circle() {
        let town = LabelBox {
            x: 100.0,
            y: 100.0,
            chars: 6,
            font_px: 10.0,
            centred: false,
        };
        // A cluster's circle of radius 24 px, its centre 60 px right of the town's dot: the name
        // is clear of a symbol's room there, not of the circle.
        let cluster = Mark {
            x: 160.0,
            y: 96.0,
            half: 24.0,
        };
        let symbol = Mark::symbol(cluster.x, cluster.y);
        assert_eq!(declutter(&[town], &[symbol]), [true]);
        assert_eq!(declutter(&[town], &[cluster]), [false]);
    }

    #[test]
    fn passage_split_counts_code_points() {
        let (before, passage, after) = split_passage("قال: قاعدة الجفرة.", 5, 17);
        assert_eq!(
            (before.as_str(), passage.as_str(), after.as_str()),
            ("قال: ", "قاعدة الجفرة", ".")
        );
    }

    #[test]
    fn scale_bar_picks_round_distances_that_fit() {
        let (km, px) = scale_bar(1000.0, 120.0);
        assert!((km - 100.0).abs() < 1e-9 && (px - 100.0).abs() < 1e-9);
        let (km, px) = scale_bar(2600.0, 120.0);
        assert!((km - 200.0).abs() < 1e-9 && px <= 120.0);
        let (km, _) = scale_bar(40.0, 120.0);
        assert!((km - 2.0).abs() < 1e-9);
    }
}
