//! Which claims and sites are shown: the filters as the URL holds them, and what they match.
//!
//! A claim is shown when it passes every filter. A site is shown when no filter is set, or when
//! its kind passes and at least one claim about it is shown.

use std::collections::BTreeSet;

use kharita_core::Atlas;
use kharita_core::date::DateSpan;
use kharita_core::model::{Basis, Claim, ClaimId, Side, SiteId, SiteKind, Stance, is_valid_id};

use crate::timeline::{MonthRange, month_text, parse_month, span_months};

/// Which of a claim's dates the timeline places it by and the date filter tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeAxis {
    /// When the claim was made.
    #[default]
    Said,
    /// When what it describes happened.
    Event,
}

kharita_core::codes!(TimeAxis {
    Said => "said",
    Event => "event",
});

impl TimeAxis {
    /// The claim's date on this axis and how it is known. A claim the text does not date was
    /// said no later than its article: it takes the article's publication date, as inferred.
    pub fn date(self, atlas: &Atlas, claim: &Claim) -> Option<(DateSpan, Basis)> {
        let own = match self {
            Self::Said => claim.said.as_ref(),
            Self::Event => claim.event.as_ref(),
        };
        if let Some(dating) = own
            && let Some(span) = dating.value
        {
            return Some((span, dating.basis));
        }
        if self == Self::Said {
            let published = atlas.source(&claim.source)?.published.value?;
            return Some((published, Basis::Inferred));
        }
        None
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Sides the claim is about (any of them).
    pub actors: Vec<Side>,
    /// The id of the actor who makes the claim.
    pub claimant: Option<String>,
    pub stances: Vec<Stance>,
    /// The id of the source article.
    pub source: Option<String>,
    /// Kinds of site the claim is about (any of them).
    pub kinds: Vec<SiteKind>,
    /// Months the claim's date (on `axis`) must share; claims without that date are left out.
    pub dates: Option<MonthRange>,
    pub axis: TimeAxis,
    /// Only claims that contradict another.
    pub contested: bool,
}

/// What the filters let through, as ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    pub claims: BTreeSet<ClaimId>,
    pub sites: BTreeSet<SiteId>,
}

/// Source ids are file stems such as `003_658d15b77b454878`.
fn is_valid_source_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Codes from a comma-separated list, each known once, in the enum's order; unknown ones dropped.
fn codes<T: Copy + PartialEq>(
    list: Option<&str>,
    all: &[T],
    code: fn(T) -> &'static str,
) -> Vec<T> {
    let given: Vec<&str> = list.map(|l| l.split(',').collect()).unwrap_or_default();
    all.iter()
        .copied()
        .filter(|value| given.contains(&code(*value)))
        .collect()
}

fn join<T: Copy>(values: &[T], code: fn(T) -> &'static str) -> String {
    values
        .iter()
        .map(|v| code(*v))
        .collect::<Vec<_>>()
        .join(",")
}

impl Filters {
    /// Reads the filters from URL fields; malformed values are dropped.
    pub fn from_fields<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Self {
        let from = get("from").and_then(parse_month);
        let to = get("to").and_then(parse_month);
        Self {
            actors: codes(get("actor"), Side::ALL, Side::code),
            claimant: get("claimant")
                .filter(|id| is_valid_id(id))
                .map(str::to_owned),
            stances: codes(get("stance"), Stance::ALL, Stance::code),
            source: get("source")
                .filter(|id| is_valid_source_id(id))
                .map(str::to_owned),
            kinds: codes(get("kind"), SiteKind::ALL, SiteKind::code),
            dates: match (from, to) {
                (Some(from), Some(to)) => Some(MonthRange::between(from, to)),
                _ => None,
            },
            axis: get("time")
                .and_then(TimeAxis::from_code)
                .unwrap_or_default(),
            contested: get("contested") == Some("1"),
        }
    }

    /// The query fields for these filters, in a fixed order; unset filters write nothing.
    pub fn query_fields(&self) -> Vec<String> {
        let mut fields = Vec::new();
        if !self.actors.is_empty() {
            fields.push(format!("actor={}", join(&self.actors, Side::code)));
        }
        if let Some(claimant) = &self.claimant {
            fields.push(format!("claimant={claimant}"));
        }
        if !self.stances.is_empty() {
            fields.push(format!("stance={}", join(&self.stances, Stance::code)));
        }
        if let Some(source) = &self.source {
            fields.push(format!("source={source}"));
        }
        if !self.kinds.is_empty() {
            fields.push(format!("kind={}", join(&self.kinds, SiteKind::code)));
        }
        if let Some(range) = self.dates {
            fields.push(format!(
                "from={}&to={}",
                month_text(range.from),
                month_text(range.to)
            ));
        }
        if self.axis != TimeAxis::default() {
            fields.push(format!("time={}", self.axis.code()));
        }
        if self.contested {
            fields.push("contested=1".to_owned());
        }
        fields
    }

    /// Drops a claimant or source the atlas does not know.
    #[must_use]
    pub fn known_to(mut self, atlas: &Atlas) -> Self {
        self.claimant = self
            .claimant
            .filter(|id| atlas.claims().iter().any(|c| &c.claimant.id == id));
        self.source = self.source.filter(|id| atlas.source(id).is_some());
        self
    }

    /// No filter set, on the same time axis (the axis only says where the timeline places
    /// claims; it hides none).
    #[must_use]
    pub fn cleared(&self) -> Self {
        Self {
            axis: self.axis,
            ..Self::default()
        }
    }

    pub fn is_active(&self) -> bool {
        *self != self.cleared()
    }

    /// Adds `value` to a multiple-choice filter, or takes it out when it is there; the chosen
    /// values stay in `order`'s order.
    pub fn toggle<T: PartialEq + Copy>(values: &mut Vec<T>, value: T, order: &[T]) {
        let chosen = |v: &T| values.contains(v) != (*v == value);
        *values = order.iter().copied().filter(chosen).collect();
    }

    /// Whether the site `id` is of one of the chosen kinds.
    fn kind_shown(&self, atlas: &Atlas, id: &str) -> bool {
        atlas
            .site(id)
            .is_some_and(|site| self.kinds.contains(&site.kind))
    }

    /// Whether `claim` passes.
    fn claim_matches(&self, atlas: &Atlas, claim: &Claim) -> bool {
        let about_kind = || claim.sites.iter().any(|id| self.kind_shown(atlas, id));
        let in_dates = |range: MonthRange| {
            self.axis
                .date(atlas, claim)
                .is_some_and(|(span, _)| range.overlaps(span_months(span)))
        };
        (self.actors.is_empty() || claim.actors.iter().any(|a| self.actors.contains(a)))
            && self
                .claimant
                .as_ref()
                .is_none_or(|id| &claim.claimant.id == id)
            && (self.stances.is_empty() || self.stances.contains(&claim.stance))
            && self
                .source
                .as_ref()
                .is_none_or(|id| claim.source == id.as_str())
            && (self.kinds.is_empty() || about_kind())
            && (!self.contested || !claim.opposes.is_empty())
            && self.dates.is_none_or(in_dates)
    }

    /// What passes in `atlas`.
    pub fn shown(&self, atlas: &Atlas) -> Shown {
        let claims: BTreeSet<ClaimId> = atlas
            .claims()
            .iter()
            .filter(|claim| self.claim_matches(atlas, claim))
            .map(|claim| claim.id.clone())
            .collect();
        let sites = if self.is_active() {
            // The sites the shown claims are about, of a kind that passes.
            atlas
                .claims()
                .iter()
                .filter(|claim| claims.contains(&claim.id))
                .flat_map(|claim| &claim.sites)
                .filter(|id| self.kinds.is_empty() || self.kind_shown(atlas, id))
                .cloned()
                .collect()
        } else {
            atlas.sites().iter().map(|site| site.id.clone()).collect()
        };
        Shown { claims, sites }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atlas() -> Atlas {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/small-atlas.geojson"
        ))
        .expect("the fixture");
        Atlas::from_geojson(&text).expect("the fixture is an atlas")
    }

    /// What `filters` show of `atlas`.
    fn shown_by(filters: &Filters, atlas: &Atlas) -> Shown {
        filters.shown(atlas)
    }

    fn filters(query: &str) -> Filters {
        let fields: Vec<(&str, &str)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .collect();
        Filters::from_fields(|name| fields.iter().find(|(k, _)| *k == name).map(|(_, v)| *v))
    }

    #[test]
    fn filters_round_trip_through_query_fields() {
        let query = "actor=russia,lna&claimant=lna-spokesman&stance=asserts,denies&source=004_4e5fc412234f2c9f\
                     &kind=air-base&from=2020-01&to=2021-06&time=event&contested=1";
        let parsed = filters(query);
        assert_eq!(parsed.query_fields().join("&"), query);
        assert!(parsed.is_active());
        assert_eq!(filters("").query_fields(), Vec::<String>::new());
        assert!(
            !filters("time=event").is_active(),
            "the axis alone filters nothing"
        );
    }

    #[test]
    fn unknown_or_hostile_filter_values_are_dropped() {
        let parsed = filters(
            "actor=russia,<script>,mars&claimant=Robert');&stance=maybe&source=../etc&kind=castle&from=2020-13&to=2021-01",
        );
        assert_eq!(parsed.actors, vec![Side::Russia]);
        assert_eq!(
            parsed,
            Filters {
                actors: vec![Side::Russia],
                ..Filters::default()
            }
        );
    }

    #[test]
    fn each_filter_narrows_the_claims_it_concerns() {
        let atlas = atlas();
        let all = shown_by(&filters(""), &atlas);
        assert_eq!(all.claims.len(), atlas.claims().len());
        assert_eq!(
            all.sites.len(),
            atlas.sites().len(),
            "no filter shows every site"
        );
        for (query, expected) in [
            ("stance=denies", vec!["c-denies"]),
            ("actor=united-states", vec!["c-us"]),
            ("claimant=lna-spokesman", vec!["c-denies"]),
            ("source=002_b", vec!["c-us"]),
            ("kind=port", vec!["c-us"]),
            ("contested=1", vec!["c-asserts", "c-denies"]),
            ("from=2020-05&to=2020-05", vec!["c-asserts", "c-denies"]),
            ("from=2020-05&to=2020-05&time=event", vec!["c-asserts"]),
        ] {
            let shown = shown_by(&filters(query), &atlas);
            assert_eq!(
                shown.claims.iter().map(ClaimId::as_str).collect::<Vec<_>>(),
                expected,
                "{query}"
            );
        }
        let denials = shown_by(&filters("stance=denies"), &atlas);
        assert_eq!(
            denials.sites.iter().map(SiteId::as_str).collect::<Vec<_>>(),
            ["jufra"],
            "a site is shown only with a shown claim"
        );
    }

    #[test]
    fn a_claim_without_a_date_said_takes_its_articles_date_as_inferred() {
        let (sources, sites, mut claims) = atlas().into_parts();
        for claim in &mut claims {
            claim.said = None;
        }
        let atlas = Atlas::new(sources, sites, claims);
        let claim = atlas.claim("c-us").unwrap();
        let (span, basis) = TimeAxis::Said.date(&atlas, claim).unwrap();
        assert_eq!(
            (span.to_string().as_str(), basis),
            ("2022-01", Basis::Inferred)
        );
        assert_eq!(TimeAxis::Event.date(&atlas, claim), None);
        let shown = shown_by(&filters("from=2022-01&to=2022-12"), &atlas);
        assert_eq!(shown.claims.iter().collect::<Vec<_>>(), ["c-us"]);
    }

    #[test]
    fn toggling_keeps_the_enum_order() {
        let mut stances = vec![Stance::Denies];
        Filters::toggle(&mut stances, Stance::Asserts, Stance::ALL);
        assert_eq!(stances, [Stance::Asserts, Stance::Denies]);
        Filters::toggle(&mut stances, Stance::Denies, Stance::ALL);
        assert_eq!(stances, [Stance::Asserts]);
    }
}
