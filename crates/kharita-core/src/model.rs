//! The checked atlas: sites, the claims made about them and the sources those claims come from.
//!
//! Values of these types exist only once validated (see [`crate::load`]) or read back from an
//! atlas this crate exported, so code that consumes them need not re-check ids or anchors.

use geo_types::Geometry;
use serde::{Deserialize, Serialize};

use crate::date::{DateSpan, Day};

/// Gives a unit enum its code as `code()` (for the model's enums, the serde kebab-case name, as
/// a test checks), the reverse as `from_code()`, and its variants in declaration order as `ALL`,
/// for URLs, CSS classes and CSV cells. Exported for the interface's own enums.
#[macro_export]
macro_rules! codes {
    ($name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            pub fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code),+
                }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|value| value.code() == code)
            }
        }
    };
}

/// Declares an id type: a string that names one kind of record, so that a site's id cannot be
/// passed where a claim's is wanted. Serialised as the bare string.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

id_type!(
    /// A site's id, e.g. `jufra-air-base`; in GeoJSON, its feature's `id`.
    SiteId
);
id_type!(
    /// A claim's id, e.g. `c004-jufra-russian-aircraft`.
    ClaimId
);
id_type!(
    /// A source's id: its file stem, e.g. `003_658d15b77b454878`.
    SourceId
);

/// The whole data set, in a stable order: sources by file, sites as authored, claims in reading
/// order. Made by [`Atlas::new`], which also makes its lookups by id; read-only after that, so
/// the lookups always describe it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Atlas {
    sources: Vec<Source>,
    sites: Vec<Site>,
    claims: Vec<Claim>,
    lookup: Lookup,
}

/// Where each record is in its atlas, in id order, and each site's claims: made once, so that
/// finding a site, claim or source by id is a binary search and a site's claims are at hand.
#[derive(Clone, Debug, Default, PartialEq)]
struct Lookup {
    sources: Vec<usize>,
    sites: Vec<usize>,
    claims: Vec<usize>,
    /// For each site (by its place in `Atlas::sites`), its claims' places, in reading order.
    claims_about: Vec<Vec<usize>>,
}

impl Lookup {
    fn new(atlas: &Atlas) -> Self {
        let site_id = |at: usize| atlas.sites[at].id.as_str();
        let sites = id_order(atlas.sites.len(), &site_id);
        let mut claims_about = vec![Vec::new(); atlas.sites.len()];
        for (at, claim) in atlas.claims.iter().enumerate() {
            for id in &claim.sites {
                if let Some(site) = find(&sites, &site_id, id) {
                    claims_about[site].push(at);
                }
            }
        }
        Self {
            sources: id_order(atlas.sources.len(), &|at| atlas.sources[at].id.as_str()),
            claims: id_order(atlas.claims.len(), &|at| atlas.claims[at].id.as_str()),
            sites,
            claims_about,
        }
    }
}

// The two functions below take the ids through `&dyn Fn` rather than a type parameter: one copy
// of the sort and the search serves sites, claims and sources, where a copy per record type made
// the web app's wasm 1.3 KB gzipped larger (measured 2026-12-05).

/// The places `0..len` in the order of their ids, `id(at)` being the id of the record at `at`.
fn id_order<'a>(len: usize, id: &dyn Fn(usize) -> &'a str) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_unstable_by(|&a, &b| id(a).cmp(id(b)));
    order
}

/// The place of the record with id `wanted`, through its [`id_order`].
fn find<'a>(order: &[usize], id: &dyn Fn(usize) -> &'a str, wanted: &str) -> Option<usize> {
    let found = order.binary_search_by(|&at| id(at).cmp(wanted)).ok()?;
    Some(order[found])
}

impl Atlas {
    /// The atlas of these records, its claims put in reading order (by source, then by position
    /// in the source's text, so the order never depends on how the data was split), with its
    /// lookups made.
    pub fn new(sources: Vec<Source>, sites: Vec<Site>, mut claims: Vec<Claim>) -> Self {
        claims.sort_by(|a, b| {
            (&a.source, a.target.range(), &a.id).cmp(&(&b.source, b.target.range(), &b.id))
        });
        let mut atlas = Self {
            sources,
            sites,
            claims,
            lookup: Lookup::default(),
        };
        atlas.lookup = Lookup::new(&atlas);
        atlas
    }

    /// The records, to change them and make a new atlas with [`Atlas::new`].
    pub fn into_parts(self) -> (Vec<Source>, Vec<Site>, Vec<Claim>) {
        (self.sources, self.sites, self.claims)
    }

    /// The sources, in file order.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The sites, as authored.
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// The claims, in reading order.
    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    pub fn site(&self, id: &str) -> Option<&Site> {
        Some(&self.sites[self.site_place(id)?])
    }

    /// Where the site `id` is in [`Atlas::sites`].
    fn site_place(&self, id: &str) -> Option<usize> {
        find(&self.lookup.sites, &|at| self.sites[at].id.as_str(), id)
    }

    pub fn claim(&self, id: &str) -> Option<&Claim> {
        Some(&self.claims[self.claim_place(id)?])
    }

    /// Where the claim `id` is in [`Atlas::claims`].
    pub fn claim_place(&self, id: &str) -> Option<usize> {
        find(&self.lookup.claims, &|at| self.claims[at].id.as_str(), id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        let at = find(&self.lookup.sources, &|at| self.sources[at].id.as_str(), id)?;
        Some(&self.sources[at])
    }

    /// The claims about one site, in reading order; none for an unknown site.
    pub fn claims_about(&self, site_id: &str) -> impl Iterator<Item = &Claim> {
        let places = self
            .site_place(site_id)
            .map_or(&[][..], |at| &self.lookup.claims_about[at]);
        places.iter().map(|&at| &self.claims[at])
    }

    /// The claims read from one source, in the order they appear in its text.
    pub fn claims_from<'a>(&'a self, source_id: &'a str) -> impl Iterator<Item = &'a Claim> + 'a {
        // Claims are in reading order, so one source's claims sit together.
        let start = self
            .claims
            .partition_point(|claim| claim.source.as_str() < source_id);
        self.claims[start..]
            .iter()
            .take_while(move |claim| claim.source == source_id)
    }

    /// Whether the claims about a site disagree: one of them opposes another.
    pub fn is_contested(&self, site_id: &str) -> bool {
        contested(self.claims_about(site_id))
    }
}

/// Whether one site's claims disagree: one of them opposes another.
pub fn contested<'a>(claims: impl IntoIterator<Item = &'a Claim>) -> bool {
    claims.into_iter().any(|claim| !claim.opposes.is_empty())
}

/// Whether `id` is a well-formed site, claim or actor id: lowercase ASCII letters and digits in
/// words joined by single hyphens. Ids go into URLs and HTML attributes, so nothing else passes.
pub fn is_valid_id(id: &str) -> bool {
    id.split('-').all(|word| {
        !word.is_empty()
            && word
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SiteKind {
    AirBase,
    NavalBase,
    Port,
    Airfield,
    City,
    Region,
    Country,
}

codes!(SiteKind {
    AirBase => "air-base",
    NavalBase => "naval-base",
    Port => "port",
    Airfield => "airfield",
    City => "city",
    Region => "region",
    Country => "country",
});

/// How exactly a site's location is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    /// A point on the installation itself (its airfield or runway).
    Runway,
    /// A point for the named town or city, not for any installation in it.
    Town,
    /// An area: the place is a region, or cannot be narrowed further.
    Region,
    /// Not known; the site is listed but not drawn.
    Unknown,
}

codes!(Precision {
    Runway => "runway",
    Town => "town",
    Region => "region",
    Unknown => "unknown",
});

impl Precision {
    /// The precision in ACLED's `geo_precision` convention, so that the atlas merges with
    /// ACLED-style event sets: 1 for the place itself or its town, 3 for a region (ACLED's "a
    /// larger region is mentioned"); none for an unknown place, which ACLED does not code.
    /// Kharita has no "near a town" precision, ACLED's 2.
    pub fn geo_precision(self) -> Option<u8> {
        match self {
            Self::Runway | Self::Town => Some(1),
            Self::Region => Some(3),
            Self::Unknown => None,
        }
    }
}

/// An installation or a place the claims depend on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// In GeoJSON, the feature's `id`.
    #[serde(skip)]
    pub id: SiteId,
    pub name_en: String,
    /// Every spelling the texts use, the most common first.
    pub names_ar: Vec<String>,
    pub kind: SiteKind,
    /// ISO 3166-1 alpha-2 code of the country the site is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    pub precision: Precision,
    /// A point (runway- or town-level) or polygon (region) in WGS 84; `None` when unknown.
    /// In GeoJSON, the feature's `geometry`.
    #[serde(skip)]
    pub geometry: Option<Geometry<f64>>,
    /// For a region: the country its area lies in and the rule its outline is derived by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<Area>,
    /// Where the coordinates come from (a registry identifier, a package and record; for a
    /// region, the outline and how the area was derived from it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinate_source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The area of a region site: part or all of one country, by a rule the data keeps, so that the
/// outline drawn is derived from real borders and never crosses one the text does not cross.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Area {
    /// ISO 3166-1 alpha-2 code of the country the area lies in.
    pub country: String,
    #[serde(flatten)]
    pub rule: AreaRule,
}

/// How a region's area is cut from its country. Every rule but [`AreaRule::Country`] stands for
/// an area the text names without giving its boundary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum AreaRule {
    /// The whole country.
    Country,
    /// The part of the country south of a parallel.
    SouthOf { latitude: f64 },
    /// The part of the country north of a parallel.
    NorthOf { latitude: f64 },
    /// The part of the country within `depth_km` of its borders with `neighbours` (ISO codes).
    AlongBorders {
        neighbours: Vec<String>,
        depth_km: f64,
    },
    /// The part of the country within `depth_km` of the sea.
    AlongCoast { depth_km: f64 },
}

/// Which side of the conflict an actor belongs to, for grouping and filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// Russia, the Wagner group and the Africa Corps.
    Russia,
    /// The United States, AFRICOM included.
    UnitedStates,
    /// The Libyan National Army of Khalifa Haftar (eastern Libya).
    Lna,
    /// The Tripoli-based authorities (western Libya).
    Tripoli,
    /// Libyan sources whose side the text does not give.
    Libya,
    Turkey,
    Tunisia,
    Morocco,
    UnitedKingdom,
    France,
    UnitedNations,
    /// Outlets, agencies and analysts.
    Media,
    Other,
}

codes!(Side {
    Russia => "russia",
    UnitedStates => "united-states",
    Lna => "lna",
    Tripoli => "tripoli",
    Libya => "libya",
    Turkey => "turkey",
    Tunisia => "tunisia",
    Morocco => "morocco",
    UnitedKingdom => "united-kingdom",
    France => "france",
    UnitedNations => "united-nations",
    Media => "media",
    Other => "other",
});

/// Who makes a claim or passes it on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: String,
    pub name_en: String,
    /// As the text names them, when it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_ar: Option<String>,
    pub side: Side,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    Asserts,
    Denies,
    /// Asserted with a hedge ("likely", "reportedly"), kept in [`Claim::hedge`].
    Hedged,
    /// Calls for something to be done.
    CallsFor,
}

codes!(Stance {
    Asserts => "asserts",
    Denies => "denies",
    Hedged => "hedged",
    CallsFor => "calls-for",
});

/// What a claim is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    /// Who is present at a site.
    Presence,
    /// What a site is used for.
    Use,
    /// Equipment delivered, moved or based there.
    Equipment,
    /// Building or expanding a site.
    Construction,
    /// Plans, intentions and proposals.
    Plans,
    /// Strikes and attacks on a site.
    Strike,
    /// Official visits and meetings held there.
    Visit,
    /// Arms, fighters or pressure brought into the conflict.
    Involvement,
}

codes!(Topic {
    Presence => "presence",
    Use => "use",
    Equipment => "equipment",
    Construction => "construction",
    Plans => "plans",
    Strike => "strike",
    Visit => "visit",
    Involvement => "involvement",
});

/// Whether a date is in the text, worked out from it, or not known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    Stated,
    Inferred,
    Unknown,
}

codes!(Basis {
    Stated => "stated",
    Inferred => "inferred",
    Unknown => "unknown",
});

/// A date with its provenance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dating {
    pub basis: Basis,
    /// Absent when the text gives no calendar date (a weekday alone) or the date is unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<DateSpan>,
    /// The words of the text that state the date (verified to occur in it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_written: Option<String>,
    /// Why an inferred date is what it is, or what is known of an unknown one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// The outlet that published a source, as far as the text shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outlet {
    pub basis: Basis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// One article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: SourceId,
    /// Path of the text relative to the repository root, e.g. `seeds/003_658d15b77b454878.txt`.
    pub file: String,
    /// The headline as printed, when the text has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub title_en: String,
    /// BCP 47 language tag of the text.
    pub language: String,
    pub outlet: Outlet,
    pub published: Dating,
    /// Lines that are scraping debris, not the article (`[ad_1]`, menu lines).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub artefacts: Vec<String>,
    /// Length of the text in Unicode code points.
    pub length: usize,
    /// The article's canonical address, where it was published, when it is known: an absolute
    /// http(s) URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the claims about this article were recorded (its annotations' `created`).
    pub recorded: Day,
    /// When they were last revised (their annotations' `modified`), if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revised: Option<Day>,
}

/// A W3C Web Annotation selector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Selector {
    TextQuoteSelector {
        exact: String,
        prefix: String,
        suffix: String,
    },
    /// Code point offsets into the source text; `end` is exclusive.
    TextPositionSelector { start: usize, end: usize },
}

/// A W3C Web Annotation specific resource: the passage of a source a claim rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The source file, e.g. `seeds/004_4e5fc412234f2c9f.txt`.
    pub source: String,
    pub selector: Vec<Selector>,
}

impl Target {
    /// The quoted passage (from the `TextQuoteSelector`).
    pub fn exact(&self) -> &str {
        self.selector
            .iter()
            .find_map(|selector| match selector {
                Selector::TextQuoteSelector { exact, .. } => Some(exact.as_str()),
                Selector::TextPositionSelector { .. } => None,
            })
            .unwrap_or_default()
    }

    /// Code point range of the passage (from the `TextPositionSelector`).
    pub fn range(&self) -> Option<(usize, usize)> {
        self.selector.iter().find_map(|selector| match selector {
            Selector::TextPositionSelector { start, end } => Some((*start, *end)),
            Selector::TextQuoteSelector { .. } => None,
        })
    }
}

/// An attributed statement about one or more sites, anchored to its passage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub id: ClaimId,
    /// The id of the [`Source`] the claim is read from.
    pub source: SourceId,
    pub sites: Vec<SiteId>,
    pub stance: Stance,
    pub topic: Topic,
    /// The sides the claim is about (e.g. whose forces it places at a site).
    pub actors: Vec<Side>,
    /// Who makes the claim.
    pub claimant: Actor,
    /// Through whom it reaches the article, nearest the claimant first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<Actor>,
    /// Never empty in an atlas (the loader requires both summaries); left out of the app's
    /// index, which carries no words ([`crate::export::AppFiles`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary_en: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary_ar: String,
    /// The hedging words, for hedged claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hedge: Option<String>,
    /// When the claim was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<Dating>,
    /// When what it describes happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<Dating>,
    /// Claims this one contradicts (kept symmetric).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opposes: Vec<ClaimId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub target: Target,
}

impl Claim {
    /// Whether the claim is about the site `site_id`.
    pub fn is_about(&self, site_id: &str) -> bool {
        self.sites.iter().any(|site| site == site_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_round_trip_and_malformed_ones_say_what_is_wrong() {
        for selector in [
            Selector::TextQuoteSelector {
                exact: "قاعدة".into(),
                prefix: String::new(),
                suffix: " الجفرة".into(),
            },
            Selector::TextPositionSelector { start: 3, end: 8 },
        ] {
            let json = serde_json::to_string(&selector).unwrap();
            assert_eq!(serde_json::from_str::<Selector>(&json).unwrap(), selector);
        }
        let error = |json: &str| {
            serde_json::from_str::<Selector>(json)
                .unwrap_err()
                .to_string()
        };
        assert!(
            error(r#"{"type":"TextPositionSelector","start":1}"#).contains("missing field `end`")
        );
        assert!(
            error(r#"{"type":"CssSelector","value":"p"}"#)
                .contains("unknown variant `CssSelector`")
        );
    }

    /// `code()` is written out by hand; it must stay the name serde reads and writes.
    fn assert_codes_are_serde_names<T: Serialize + Copy + std::fmt::Debug + PartialEq>(
        all: &[T],
        code: fn(T) -> &'static str,
        from_code: fn(&str) -> Option<T>,
    ) {
        for &value in all {
            assert_eq!(
                serde_json::to_value(value).unwrap(),
                serde_json::Value::from(code(value)),
                "{value:?}"
            );
            assert_eq!(from_code(code(value)), Some(value));
        }
        assert_eq!(from_code("no-such-code"), None);
    }

    #[test]
    fn the_lookups_find_each_record_and_nothing_else() {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let atlas = crate::load::load(root).expect("the seed atlas loads");
        for site in atlas.sites() {
            assert_eq!(atlas.site(&site.id), Some(site));
            let about: Vec<&Claim> = atlas
                .claims()
                .iter()
                .filter(|claim| claim.is_about(&site.id))
                .collect();
            assert_eq!(atlas.claims_about(&site.id).collect::<Vec<_>>(), about);
        }
        for claim in atlas.claims() {
            assert_eq!(atlas.claim(&claim.id), Some(claim));
        }
        for source in atlas.sources() {
            assert_eq!(atlas.source(&source.id), Some(source));
            let from: Vec<&Claim> = atlas
                .claims()
                .iter()
                .filter(|claim| claim.source == source.id)
                .collect();
            assert!(!from.is_empty());
            assert_eq!(atlas.claims_from(&source.id).collect::<Vec<_>>(), from);
        }
        for absent in ["", "a", "no-such-site", "zzz"] {
            assert_eq!(atlas.site(absent), None, "{absent:?}");
            assert_eq!(atlas.claim(absent), None, "{absent:?}");
            assert_eq!(atlas.source(absent), None, "{absent:?}");
            assert_eq!(atlas.claims_about(absent).count(), 0, "{absent:?}");
        }
        assert_eq!(Atlas::default().site("jufra-air-base"), None);
    }

    #[test]
    fn enum_codes_are_their_serde_names() {
        assert_codes_are_serde_names(SiteKind::ALL, SiteKind::code, SiteKind::from_code);
        assert_codes_are_serde_names(Side::ALL, Side::code, Side::from_code);
        assert_codes_are_serde_names(Stance::ALL, Stance::code, Stance::from_code);
        assert_codes_are_serde_names(Topic::ALL, Topic::code, Topic::from_code);
        assert_codes_are_serde_names(Basis::ALL, Basis::code, Basis::from_code);
        assert_codes_are_serde_names(Precision::ALL, Precision::code, Precision::from_code);
    }
}
