//! The shareable state, as it lives in the URL: `?site=…&claim=…&lang=ar|en&z=…&lat=…&lon=…`,
//! the filters (see [`crate::filter`]), `list=1` for the list view and, in embeds,
//! `theme=light|dark|auto` and `data=<version>` (the data version the embed was published with).
//!
//! Values that are not what they claim to be (an id with markup, a zoom that is not a number) are
//! dropped, never passed on.

use kharita_core::Atlas;
use kharita_core::model::Claim;
use kharita_core::model::is_valid_id;
use kharita_core::version::is_version;

use kharita_map::decimal::short;
use kharita_map::viewport::{MAX_ZOOM, MIN_ZOOM};

use crate::filter::Filters;

pub use kharita_i18n::Lang;

/// The map view in the URL.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub zoom: f64,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlState {
    pub site: Option<String>,
    pub claim: Option<String>,
    pub lang: Option<Lang>,
    pub view: Option<View>,
    pub filters: Filters,
    /// The list view instead of the map.
    pub list: bool,
    /// The embed's colours (`theme=light|dark|auto`); the full map ignores it.
    pub theme: Option<Theme>,
    /// The data version an embed was published with; the full map ignores it.
    pub data: Option<String>,
}

/// An embed's colour scheme: `auto` follows the reader's system setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    Auto,
}

kharita_core::codes!(Theme {
    Light => "light",
    Dark => "dark",
    Auto => "auto",
});

fn finite_in(value: Option<&str>, range: std::ops::RangeInclusive<f64>) -> Option<f64> {
    value?
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && range.contains(v))
}

impl UrlState {
    /// Parses a query string, with or without its leading `?`.
    pub fn parse(query: &str) -> Self {
        let fields: Vec<(String, String)> =
            form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
                .into_owned()
                .collect();
        let get = |name: &str| {
            fields
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        let id = |name: &str| {
            get(name)
                .filter(|value| is_valid_id(value))
                .map(str::to_owned)
        };
        let zoom = finite_in(get("z"), MIN_ZOOM..=MAX_ZOOM);
        let lat = finite_in(get("lat"), -85.0..=85.0);
        let lon = finite_in(get("lon"), -180.0..=180.0);
        Self {
            site: id("site"),
            claim: id("claim"),
            lang: get("lang").and_then(Lang::from_code),
            view: match (zoom, lat, lon) {
                (Some(zoom), Some(lat), Some(lon)) => Some(View { zoom, lat, lon }),
                _ => None,
            },
            filters: Filters::from_fields(get),
            list: get("list") == Some("1"),
            theme: get("theme").and_then(Theme::from_code),
            data: get("data").filter(|v| is_version(v)).map(str::to_owned),
        }
    }

    /// Keeps only the site and claim the atlas knows, and the claim only with a site it is about:
    /// a shared link to data since removed opens the map, not an empty panel.
    #[must_use]
    pub fn known_to(mut self, atlas: &Atlas) -> Self {
        self.site = self.site.filter(|id| atlas.site(id).is_some());
        self.filters = self.filters.known_to(atlas);
        self.claim = self.claim.filter(|id| {
            atlas
                .claim(id)
                .is_some_and(|claim| self.site.as_ref().is_none_or(|site| claim.is_about(site)))
        });
        self
    }

    /// The query string for this state (`""` when empty). Ids are valid ids, so need no escaping.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(site) = &self.site {
            parts.push(format!("site={site}"));
        }
        if let Some(claim) = &self.claim {
            parts.push(format!("claim={claim}"));
        }
        if let Some(lang) = self.lang {
            parts.push(format!("lang={}", lang.code()));
        }
        if let Some(view) = self.view {
            parts.push(format!(
                "z={}&lat={}&lon={}",
                short(view.zoom, 2),
                short(view.lat, 4),
                short(view.lon, 4)
            ));
        }
        parts.extend(self.filters.query_fields());
        if self.list {
            parts.push("list=1".to_owned());
        }
        if let Some(theme) = self.theme {
            parts.push(format!("theme={}", theme.code()));
        }
        if let Some(version) = &self.data {
            parts.push(format!("data={version}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// The deep link that opens a claim at its passage in the full map, in the given language:
/// `map_links` (the [`Host`](crate::Host)'s) followed by the state's query.
pub fn claim_link(map_links: &str, claim: &Claim, lang: Lang) -> String {
    let state = UrlState {
        site: claim.sites.first().map(|site| site.as_str().to_owned()),
        claim: Some(claim.id.as_str().to_owned()),
        lang: Some(lang),
        ..UrlState::default()
    };
    format!("{map_links}{}", &state.to_query()[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_state_round_trips_through_the_query() {
        let state = UrlState {
            site: Some("jufra-air-base".into()),
            claim: Some("c004-lna-denies-jet-delivery".into()),
            lang: Some(Lang::En),
            view: Some(View {
                zoom: 6.5,
                lat: 29.1981,
                lon: 16.001,
            }),
            filters: Filters {
                stances: vec![kharita_core::model::Stance::Denies],
                ..Filters::default()
            },
            list: true,
            theme: Some(Theme::Dark),
            data: Some("0123456789abcdef".into()),
        };
        assert_eq!(UrlState::parse(&state.to_query()), state);
        assert_eq!(UrlState::parse("?theme=%3Cscript%3E").theme, None);
        assert_eq!(UrlState::parse("?data=%22%3E%3Cimg%3E").data, None);
        assert_eq!(UrlState::default().to_query(), "");
    }

    #[test]
    fn hostile_or_malformed_values_are_dropped() {
        let state = UrlState::parse(
            "?site=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&claim=Robert');DROP&lang=fr&z=NaN&lat=1&lon=2",
        );
        assert_eq!(state, UrlState::default());
        assert_eq!(
            UrlState::parse("?z=99&lat=1&lon=2").view,
            None,
            "zoom out of range"
        );
        assert_eq!(UrlState::parse("?site=%E0%A4").site, None, "invalid UTF-8");
    }

    #[test]
    fn view_numbers_are_written_without_trailing_zeros() {
        let state = UrlState {
            view: Some(View {
                zoom: 6.5,
                lat: 24.0,
                lon: -0.000_01,
            }),
            ..UrlState::default()
        };
        assert_eq!(state.to_query(), "?z=6.5&lat=24&lon=0");
    }

    #[test]
    fn ids_the_atlas_does_not_know_are_dropped() {
        use kharita_core::model::{Precision, Site, SiteKind};
        let site = Site {
            id: "tobruk".into(),
            name_en: "Tobruk".into(),
            names_ar: vec!["طبرق".into()],
            kind: SiteKind::City,
            country: None,
            precision: Precision::Unknown,
            geometry: None,
            area: None,
            coordinate_source: None,
            location_note: None,
            note: None,
        };
        let atlas = Atlas::new(Vec::new(), vec![site], Vec::new());
        let state = UrlState::parse("?site=tobruk&claim=c001-x").known_to(&atlas);
        assert_eq!(state.site.as_deref(), Some("tobruk"));
        assert_eq!(state.claim, None);
        assert_eq!(UrlState::parse("?site=sirte").known_to(&atlas).site, None);
    }

    #[test]
    fn escapes_decode_before_validation() {
        assert_eq!(
            UrlState::parse("site=tobruk%2Dx").site.as_deref(),
            Some("tobruk-x")
        );
    }

    #[test]
    fn browser_languages_pick_the_first_we_speak_else_arabic() {
        assert_eq!(Lang::from_browser(["fr-FR", "en-GB", "ar"]), Lang::En);
        assert_eq!(Lang::from_browser(["ar-LY"]), Lang::Ar);
        assert_eq!(Lang::from_browser(["de"]), Lang::Ar);
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::En.other(), Lang::Ar);
    }
}
