//! The atlas at the edges: RFC 7946 GeoJSON (and back), and CSV with one row per claim.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::error::Error;
use crate::model::{Atlas, Claim, Dating, Site, Source};
use crate::version::{VERSION_MEMBER, content_hash};

fn compact(collection: &geojson::FeatureCollection) -> String {
    serde_json::to_string(collection).expect("a collection serialises")
}

/// Name of the foreign member of the FeatureCollection that carries the sources.
pub const SOURCES_MEMBER: &str = "sources";

/// A site as a GeoJSON feature: the site's fields become `id`, `geometry` and `properties`.
#[derive(Serialize)]
struct SiteFeature<'a> {
    #[serde(flatten)]
    site: &'a Site,
    claim_count: usize,
    contested: bool,
    claims: Vec<&'a Claim>,
}

/// An exported atlas read back: typed all the way down, with no intermediate JSON values, so
/// reading it stays small in the WebAssembly app.
#[derive(Deserialize)]
struct CollectionRecord {
    features: Vec<FeatureRecord>,
    sources: Vec<Source>,
}

#[derive(Deserialize)]
struct FeatureRecord {
    id: String,
    #[serde(
        deserialize_with = "geojson::de::deserialize_optional_geometry",
        default
    )]
    geometry: Option<geo_types::Geometry<f64>>,
    /// Read twice, as the site (which ignores `claims`) and as [`ClaimsRecord`]: cheaper in
    /// code size than `#[serde(flatten)]`, which buffers every value generically.
    properties: Box<serde_json::value::RawValue>,
}

/// The claims in a feature's properties, the site's fields ignored.
#[derive(Deserialize)]
struct ClaimsRecord {
    claims: Vec<Claim>,
}

impl Atlas {
    /// One FeatureCollection: a feature per site (id = site id, `properties.claims` = its claims
    /// with their W3C targets), the sources as the foreign member `sources`, and the
    /// [`data version`](Atlas::data_version) as `data_version`.
    pub fn to_geojson(&self) -> String {
        let mut collection = self.collection();
        let version = content_hash(compact(&collection).as_bytes());
        collection
            .foreign_members
            .get_or_insert_default()
            .insert(VERSION_MEMBER.to_owned(), Value::String(version));
        let mut text = serde_json::to_string_pretty(&collection).expect("a collection serialises");
        text.push('\n');
        text
    }

    /// The content hash that stamps this atlas: 16 hex digits of the SHA-256 of its compact
    /// GeoJSON (without the stamp). Any change to a site, claim or source changes it.
    pub fn data_version(&self) -> String {
        content_hash(compact(&self.collection()).as_bytes())
    }

    fn collection(&self) -> geojson::FeatureCollection {
        let mut by_site = self.claims_by_site();
        let features = self.sites.iter().map(|site| {
            let claims = by_site.remove(site.id.as_str()).unwrap_or_default();
            let feature = SiteFeature {
                site,
                claim_count: claims.len(),
                contested: crate::model::contested(claims.iter().copied()),
                claims,
            };
            geojson::ser::to_feature(&feature).expect("a site serialises to a feature")
        });
        let mut members = Map::new();
        members.insert(
            SOURCES_MEMBER.to_owned(),
            serde_json::to_value(&self.sources).expect("sources serialise to JSON"),
        );
        geojson::FeatureCollection {
            bbox: None,
            features: features.collect(),
            foreign_members: Some(members),
        }
    }

    /// Reads back what [`Atlas::to_geojson`] wrote.
    pub fn from_geojson(text: &str) -> Result<Self, Error> {
        let collection: CollectionRecord =
            serde_json::from_str(text).map_err(|e| Error::NotAnAtlas(e.to_string()))?;
        let mut features = Vec::with_capacity(collection.features.len());
        for feature in collection.features {
            let properties = feature.properties.get();
            let not_atlas =
                |e: serde_json::Error| Error::NotAnAtlas(format!("{}: {e}", feature.id));
            let mut site: Site = serde_json::from_str(properties).map_err(not_atlas)?;
            let ClaimsRecord { claims } = serde_json::from_str(properties).map_err(not_atlas)?;
            site.id = feature.id;
            site.geometry = feature.geometry;
            features.push((site, claims));
        }
        Ok(Self::from_features(collection.sources, features))
    }

    /// Puts together an atlas read back from its features: each site with the claims its
    /// feature lists. A claim about several sites is listed by each; it is kept once, and the
    /// claims end in reading order.
    pub fn from_features(
        sources: Vec<Source>,
        features: impl IntoIterator<Item = (Site, Vec<Claim>)>,
    ) -> Self {
        let mut atlas = Self {
            sources,
            ..Self::default()
        };
        let mut seen = std::collections::BTreeSet::new();
        for (site, claims) in features {
            for claim in claims {
                if seen.insert(claim.id.clone()) {
                    atlas.claims.push(claim);
                }
            }
            atlas.sites.push(site);
        }
        atlas.sort_claims();
        atlas
    }

    /// One row per claim, RFC 4180 quoting, header first.
    pub fn to_csv(&self) -> String {
        const HEADER: [&str; 17] = [
            "claim_id",
            "source",
            "sites",
            "stance",
            "topic",
            "actors",
            "claimant",
            "via",
            "hedge",
            "said",
            "event",
            "opposes",
            "summary_en",
            "summary_ar",
            "exact",
            "start",
            "end",
        ];
        let mut out = String::new();
        push_row(&mut out, HEADER.iter().map(|h| (*h).to_owned()));
        for claim in &self.claims {
            let (start, end) = claim.target.range().unwrap_or_default();
            push_row(
                &mut out,
                [
                    claim.id.clone(),
                    claim.target.source.clone(),
                    claim.sites.join(";"),
                    claim.stance.code().to_owned(),
                    claim.topic.code().to_owned(),
                    claim
                        .actors
                        .iter()
                        .map(|side| side.code())
                        .collect::<Vec<_>>()
                        .join(";"),
                    claim.claimant.name_en.clone(),
                    claim
                        .via
                        .iter()
                        .map(|a| a.name_en.as_str())
                        .collect::<Vec<_>>()
                        .join(" > "),
                    claim.hedge.clone().unwrap_or_default(),
                    dating_cell(claim.said.as_ref()),
                    dating_cell(claim.event.as_ref()),
                    claim.opposes.join(";"),
                    claim.summary_en.clone(),
                    claim.summary_ar.clone(),
                    claim.target.exact().to_owned(),
                    start.to_string(),
                    end.to_string(),
                ],
            );
        }
        out
    }

    /// Every claim as a W3C Web Annotation (JSON-LD, `http://www.w3.org/ns/anno.jsonld`), in one
    /// `AnnotationCollection`. The target is the claim's: the source text with its
    /// `TextQuoteSelector` and `TextPositionSelector`. The bodies say what the claim is: its
    /// summaries (English and Arabic), who makes it and through whom, its stance and topic, and
    /// the sites it is about. Annotation ids are `urn:kharita:claim:<claim id>`.
    pub fn to_annotations(&self) -> String {
        let items: Vec<Value> = self.claims.iter().map(annotation).collect();
        let collection = json!({
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": "urn:kharita:claims",
            "type": "AnnotationCollection",
            "label": "Kharita: attributed claims about military installations, anchored in their articles",
            "total": items.len(),
            "first": {
                "id": "urn:kharita:claims:page-0",
                "type": "AnnotationPage",
                "startIndex": 0,
                "items": items,
            },
        });
        let mut text =
            serde_json::to_string_pretty(&collection).expect("annotations serialise to JSON");
        text.push('\n');
        text
    }
}

fn annotation(claim: &Claim) -> Value {
    let text_body = |value: String, language: &str, purpose: &str| {
        json!({
            "type": "TextualBody",
            "value": value,
            "format": "text/plain",
            "language": language,
            "purpose": purpose,
        })
    };
    let via: Vec<&str> = claim.via.iter().map(|a| a.name_en.as_str()).collect();
    let attribution = if via.is_empty() {
        format!("Claimant: {}", claim.claimant.name_en)
    } else {
        format!(
            "Claimant: {}; via {}",
            claim.claimant.name_en,
            via.join(" > ")
        )
    };
    let mut body = vec![
        text_body(claim.summary_en.clone(), "en", "describing"),
        text_body(claim.summary_ar.clone(), "ar", "describing"),
        text_body(attribution, "en", "describing"),
        json!({ "type": "TextualBody", "value": claim.stance.code(), "purpose": "classifying" }),
        json!({ "type": "TextualBody", "value": claim.topic.code(), "purpose": "tagging" }),
    ];
    if let Some(hedge) = &claim.hedge {
        body.push(text_body(hedge.clone(), "ar", "classifying"));
    }
    body.extend(claim.sites.iter().map(|site| {
        json!({ "type": "TextualBody", "value": format!("site:{site}"), "purpose": "identifying" })
    }));
    json!({
        "id": format!("urn:kharita:claim:{}", claim.id),
        "type": "Annotation",
        "motivation": "describing",
        "body": body,
        "target": claim.target,
    })
}

/// A date for a CSV cell: its value with the basis, e.g. `2020-05 (inferred)`.
fn dating_cell(dating: Option<&Dating>) -> String {
    dating.map_or_else(String::new, |d| {
        let value = d.value.map_or_else(
            || d.as_written.clone().unwrap_or_default(),
            |v| v.to_string(),
        );
        format!("{value} ({})", d.basis.code())
    })
}

fn push_row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    let cells: Vec<String> = cells.into_iter().map(|cell| csv_cell(&cell)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

fn csv_cell(cell: &str) -> String {
    // A leading =, +, - or @ makes spreadsheets evaluate the cell; quote it as text.
    let formula = cell.starts_with(['=', '+', '-', '@']);
    if formula || cell.contains([',', '"', '\n', '\r']) {
        let body = if formula {
            format!("'{cell}")
        } else {
            cell.to_owned()
        };
        format!("\"{}\"", body.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_something_that_is_not_an_exported_atlas_says_so() {
        for (text, expected) in [
            ("not json", "expected ident"),
            (r#"{"type":"FeatureCollection","features":[]}"#, "sources"),
            (
                r#"{"type":"FeatureCollection","sources":[],"features":[{"type":"Feature","id":"x","geometry":null,"properties":{"claims":[]}}]}"#,
                "x: missing field `name_en`",
            ),
        ] {
            match Atlas::from_geojson(text) {
                Err(Error::NotAnAtlas(message)) => {
                    assert!(message.contains(expected), "{message}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn csv_quotes_separators_and_defuses_formulas() {
        assert_eq!(csv_cell("plain نص"), "plain نص");
        assert_eq!(csv_cell("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
    }
}
