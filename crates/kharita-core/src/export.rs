//! The atlas at its edges: the GeoJSON FeatureCollection that `kharita export` writes and the web
//! app reads back, CSV with one row per claim, and W3C Web Annotations.
//!
//! Each format is described once, by the serde derives of the types below and of the model's
//! own types: writing and reading use the same description.

use std::borrow::Cow;
use std::io::{BufWriter, Write};
use std::sync::mpsc;

use geo_types::Geometry;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::Error;
use crate::model::{Atlas, Claim, Dating, Precision, Selector, Site, Source, contested};
use crate::publish::{ANNOTATION_COLLECTION, ANNOTATIONS_DIR, Publication};
use crate::version::json_hash;

/// Where a map's folder holds [`AppFiles::index`].
pub const APP_INDEX_FILE: &str = "atlas-index.geojson";

/// Where a map's folder holds file `number` of [`AppFiles::texts`].
pub fn claim_texts_path(number: usize) -> String {
    format!("claim-texts/{number}.json")
}

/// How many claims' words one file of [`AppFiles::texts`] holds: a site opened fetches the file
/// its claims are in, at most a few hundred KB gzipped, not the atlas's every word.
pub const CLAIM_TEXTS_PER_FILE: usize = 1000;

/// What the map fetches of an atlas, so that it draws the sites before it has read every word
/// of every claim ([`Atlas::to_app_files`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppFiles {
    /// The atlas as [`Atlas::to_compact_geojson`] writes it, stamped with the same data version,
    /// but with each claim's summaries and its quote (`exact`, `prefix`, `suffix`) left empty.
    pub index: String,
    /// The words left out of the index, [`CLAIM_TEXTS_PER_FILE`] claims a file in reading order
    /// (the order of [`Atlas::claims`]): each file a JSON array with a row for each claim,
    /// `[id, summary_en, summary_ar, quote]`. The quote is what the map shows; the reader finds
    /// the passage by its position.
    pub texts: Vec<String>,
}

/// The `type` of a GeoJSON feature.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
enum FeatureType {
    Feature,
}

/// The `type` of a GeoJSON feature collection.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
enum CollectionType {
    FeatureCollection,
}

/// The atlas as one RFC 7946 FeatureCollection: a feature per site, the sources as the foreign
/// member `sources` and the [data version](Atlas::data_version) as `data_version`. Borrowed from
/// the atlas when written ([`Atlas::write_geojson`]), owned when read ([`Atlas::read_geojson`]).
#[derive(Debug, Serialize, Deserialize)]
struct Collection<'a> {
    #[serde(rename = "type")]
    kind: CollectionType,
    features: Vec<SiteFeature<'a>>,
    /// Absent from the text the data version is the hash of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    data_version: Option<Stamp>,
    sources: Cow<'a, [Source]>,
}

/// A data version: read from a file, worked out before writing, or still being worked out by
/// another thread while the features before it are written ([`Atlas::write_geojson`]).
#[derive(Debug)]
enum Stamp {
    Known(String),
    Hashing(mpsc::Receiver<String>),
}

impl Serialize for Stamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Known(version) => serializer.serialize_str(version),
            // The sender is dropped unsent only if hashing panicked; the write then fails
            // instead of waiting for ever.
            Self::Hashing(hash) => match hash.recv() {
                Ok(version) => serializer.serialize_str(&version),
                Err(_) => Err(serde::ser::Error::custom("hashing the data version failed")),
            },
        }
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::Known)
    }
}

/// A site as a GeoJSON feature: its id and geometry are the feature's; its other fields, its
/// claims and what they add up to are the properties.
#[derive(Debug, Serialize, Deserialize)]
struct SiteFeature<'a> {
    #[serde(rename = "type")]
    kind: FeatureType,
    #[serde(with = "optional_geometry")]
    geometry: Cow<'a, Option<Geometry<f64>>>,
    id: Cow<'a, str>,
    properties: SiteProperties<'a>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SiteProperties<'a> {
    /// How many claims there are, for tools that show the properties as a table. Not read back.
    #[serde(default)]
    claim_count: usize,
    claims: Vec<Cow<'a, Claim>>,
    /// Whether the claims disagree ([`contested`]). Not read back.
    #[serde(default)]
    contested: bool,
    /// The precision in ACLED's convention ([`Precision::geo_precision`]); null when the place
    /// is unknown. Not read back.
    #[serde(default)]
    geo_precision: Option<u8>,
    #[serde(flatten)]
    site: Cow<'a, Site>,
}

/// A geometry as GeoJSON writes it, through the `geojson` crate's serde helpers.
mod optional_geometry {
    use std::borrow::Cow;

    use geo_types::Geometry;
    use serde::{Deserializer, Serializer};

    #[expect(
        clippy::ptr_arg,
        reason = "serde's `with` hands over a reference to the field"
    )]
    pub(super) fn serialize<S: Serializer>(
        geometry: &Cow<'_, Option<Geometry<f64>>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        geojson::ser::serialize_optional_geometry(geometry.as_ref(), serializer)
    }

    pub(super) fn deserialize<'de, 'a, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Cow<'a, Option<Geometry<f64>>>, D::Error> {
        geojson::de::deserialize_optional_geometry(deserializer).map(Cow::Owned)
    }
}

impl Collection<'static> {
    /// The atlas read back, with the data version it is stamped with.
    fn into_atlas(self) -> (Atlas, Option<String>) {
        let features = self.features.into_iter().map(|feature| {
            let mut site = feature.properties.site.into_owned();
            site.id = feature.id.into_owned().into();
            site.geometry = feature.geometry.into_owned();
            let claims = feature.properties.claims.into_iter().map(Cow::into_owned);
            (site, claims.collect())
        });
        let atlas = Atlas::from_features(self.sources.into_owned(), features);
        let version = self.data_version.and_then(|stamp| match stamp {
            Stamp::Known(version) => Some(version),
            Stamp::Hashing(_) => None,
        });
        (atlas, version)
    }
}

impl<'a> Collection<'a> {
    /// The atlas as its collection, unstamped.
    fn of(atlas: &'a Atlas) -> Self {
        let features = atlas.sites().iter().map(|site| {
            let claims: Vec<&Claim> = atlas.claims_about(&site.id).collect();
            SiteFeature {
                kind: FeatureType::Feature,
                geometry: Cow::Borrowed(&site.geometry),
                id: Cow::Borrowed(site.id.as_str()),
                properties: SiteProperties {
                    claim_count: claims.len(),
                    claims: claims.iter().map(|claim| Cow::Borrowed(*claim)).collect(),
                    contested: contested(claims.iter().copied()),
                    geo_precision: site.precision.geo_precision(),
                    site: Cow::Borrowed(site),
                },
            }
        });
        Self {
            kind: CollectionType::FeatureCollection,
            features: features.collect(),
            data_version: None,
            sources: Cow::Borrowed(atlas.sources()),
        }
    }
}

impl Atlas {
    /// The atlas as one FeatureCollection (a feature per site, its claims in `properties.claims`,
    /// the sources and the data version as foreign members), pretty-printed and ending in a
    /// newline, as `kharita export` prints it for people and diffs.
    pub fn to_geojson(&self) -> String {
        let mut bytes = Vec::new();
        self.write_geojson(&mut bytes)
            .expect("writing to memory cannot fail");
        String::from_utf8(bytes).expect("serde_json writes UTF-8")
    }

    /// Writes [`Atlas::to_geojson`]'s text to `out`.
    ///
    /// The data version is the hash of the unstamped collection, and it is written after the
    /// features: a second thread works it out while they are written, which took about 0.4 s
    /// off exporting 100,000 claims on two cores (2.2 s to 1.8 s, measured 2026-12-05).
    pub fn write_geojson(&self, out: impl Write) -> std::io::Result<()> {
        let (send_version, version) = mpsc::channel();
        let mut collection = Collection::of(self);
        collection.data_version = Some(Stamp::Hashing(version));
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let _ = send_version.send(json_hash(&Collection::of(self)));
            });
            let mut out = BufWriter::with_capacity(1 << 16, out);
            serde_json::to_writer_pretty(&mut out, &collection)?;
            out.write_all(b"\n")?;
            out.flush()
        })
    }

    /// The same FeatureCollection on one line: what the map's downloads are cut from.
    pub fn to_compact_geojson(&self) -> String {
        self.compact_stamped(self.data_version())
    }

    /// The FeatureCollection on one line, stamped with `version`.
    fn compact_stamped(&self, version: String) -> String {
        let mut collection = Collection::of(self);
        collection.data_version = Some(Stamp::Known(version));
        let mut bytes = Vec::new();
        write_compact(&mut bytes, &collection).expect("writing to memory cannot fail");
        String::from_utf8(bytes).expect("serde_json writes UTF-8")
    }

    /// What the map fetches of this atlas ([`AppFiles`]): the index first, and the words of its
    /// claims when they are shown.
    pub fn to_app_files(&self) -> AppFiles {
        let texts = self
            .claims()
            .chunks(CLAIM_TEXTS_PER_FILE)
            .map(|claims| {
                let rows: Vec<[&str; 4]> = claims
                    .iter()
                    .map(|claim| {
                        let (en, ar) = (&claim.summary_en, &claim.summary_ar);
                        [claim.id.as_str(), en, ar, claim.target.exact()]
                    })
                    .collect();
                serde_json::to_string(&rows).expect("strings serialise")
            })
            .collect();
        // The summaries, empty, are left out of the JSON, and so is the quote's selector.
        let (sources, sites, mut claims) = self.clone().into_parts();
        for claim in &mut claims {
            claim.summary_en.clear();
            claim.summary_ar.clear();
            claim
                .target
                .selector
                .retain(|selector| !matches!(selector, Selector::TextQuoteSelector { .. }));
        }
        // Clearing words changes no claim's place in reading order: that is by source and
        // position, and the texts' files are cut in that order.
        let index = Atlas::new(sources, sites, claims).compact_stamped(self.data_version());
        AppFiles { index, texts }
    }

    /// The content hash that stamps this atlas: 16 hex digits of the SHA-256 of its GeoJSON
    /// collection as compact JSON, without the stamp. Any change to a site, claim or source
    /// changes it.
    pub fn data_version(&self) -> String {
        json_hash(&Collection::of(self))
    }

    /// Reads back what [`Atlas::to_geojson`] wrote.
    pub fn from_geojson(text: &str) -> Result<Self, Error> {
        Self::read_geojson(text).map(|(atlas, _)| atlas)
    }

    /// Reads back what [`Atlas::to_geojson`] wrote, with the data version it is stamped with. A
    /// problem says what is wrong, its line and column, and the text just before it, e.g.
    /// `unknown variant "x", expected one of … at line 1 column 4242, after "stance":"x`.
    pub fn read_geojson(text: &str) -> Result<(Self, Option<String>), Error> {
        let collection: Collection<'static> =
            serde_json::from_str(text).map_err(|error| Error::NotAnAtlas(near(text, &error)))?;
        Ok(collection.into_atlas())
    }

    /// Puts together an atlas read back from its features: each site with the claims its
    /// feature lists. A claim about several sites is listed by each; it is kept once, and the
    /// claims end in reading order.
    pub fn from_features(
        sources: Vec<Source>,
        features: impl IntoIterator<Item = (Site, Vec<Claim>)>,
    ) -> Self {
        let mut sites = Vec::new();
        let mut kept = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for (site, claims) in features {
            for claim in claims {
                if seen.insert(claim.id.clone()) {
                    kept.push(claim);
                }
            }
            sites.push(site);
        }
        Self::new(sources, sites, kept)
    }

    /// One row per claim, header first, RFC 4180 quoting and line ends.
    pub fn to_csv(&self) -> String {
        claims_to_csv(self, &self.claims().iter().collect::<Vec<_>>())
    }

    /// Every claim as a W3C Web Annotation ([`Atlas::annotations`]) in one
    /// `AnnotationCollection`, whose id is where `dist/` publishes it
    /// ([`ANNOTATION_COLLECTION`]), pretty-printed and ending in a newline.
    pub fn to_annotations(&self, publication: &Publication) -> String {
        let items: Vec<Value> = self.annotations(publication).collect();
        let collection = json!({
            "@context": ANNOTATION_CONTEXT,
            "id": publication.base_url.join(ANNOTATION_COLLECTION),
            "type": "AnnotationCollection",
            "label": "Kharita: attributed claims about military installations, anchored in their articles",
            "creator": creator(publication),
            "generator": generator(),
            "total": items.len(),
            "first": {
                "id": publication.base_url.join(&format!("{ANNOTATION_COLLECTION}#page-0")),
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

    /// Every claim as a W3C Web Annotation (JSON-LD), whole in itself: its `@context`, an id that
    /// is where `dist/` publishes it ([`annotation_path`]), who made it and when (the source's
    /// `recorded` and `revised` days), and Kharita as its generator. The target is the passage:
    /// the article at its canonical `url` when the source records one (with the quote, which
    /// survives the page's markup), else the copy published with the map (with the quote and
    /// its position in that text). The bodies say what the claim is: its summaries (English and
    /// Arabic), who makes it and through whom, its stance and topic, and the sites it is about.
    pub fn annotations<'a>(
        &'a self,
        publication: &'a Publication,
    ) -> impl Iterator<Item = Value> + 'a {
        self.claims().iter().map(move |claim| {
            let source = self
                .source(&claim.source)
                .expect("a checked claim's source is in the atlas");
            annotation(claim, source, publication)
        })
    }
}

/// The JSON-LD context of the W3C Web Annotation data model.
pub const ANNOTATION_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// Where `dist/` publishes the annotation of the claim `id`.
pub fn annotation_path(id: &str) -> String {
    format!("{ANNOTATIONS_DIR}/{id}.jsonld")
}

/// The annotations' creator (§3.3.2): who records the claims.
fn creator(publication: &Publication) -> Value {
    json!({ "name": publication.creator })
}

/// The annotations' generator (§3.3.2): this program, at its version.
fn generator() -> Value {
    json!({
        "type": "Software",
        "name": concat!("Kharita ", env!("CARGO_PKG_VERSION")),
    })
}

fn annotation(claim: &Claim, source: &Source, publication: &Publication) -> Value {
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
    let target = match &source.url {
        Some(url) => json!({
            "source": url,
            "selector": claim.target.selector.iter()
                .filter(|selector| matches!(selector, Selector::TextQuoteSelector { .. }))
                .collect::<Vec<_>>(),
        }),
        None => json!({
            "source": publication.base_url.join(&claim.target.source),
            "selector": claim.target.selector,
        }),
    };
    let mut annotation = json!({
        "@context": ANNOTATION_CONTEXT,
        "id": publication.base_url.join(&annotation_path(&claim.id)),
        "type": "Annotation",
        "motivation": "describing",
        "creator": creator(publication),
        "created": source.recorded.date_time(),
        "generator": generator(),
        "body": body,
        "target": target,
    });
    if let Some(revised) = source.revised {
        annotation["modified"] = revised.date_time().into();
    }
    annotation
}

/// `claims` of `atlas` as [`Atlas::to_csv`] writes them: the browser's download of the shown
/// claims uses it on the claims it shows.
pub fn claims_to_csv(atlas: &Atlas, claims: &[&Claim]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for claim in claims {
        writer
            .serialize(CsvRow::of(atlas, claim))
            .expect("writing to memory cannot fail");
    }
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("the cells are UTF-8")
}

/// Writes `value` as compact JSON. Through `dyn Write`, so that the data version's hash and
/// compact output share one copy of the serialising code (the web app's wasm holds it once).
pub(crate) fn write_compact(
    out: &mut dyn Write,
    value: &impl Serialize,
) -> Result<(), serde_json::Error> {
    serde_json::to_writer(out, value)
}

/// `error`'s message with the text before where it happened: an exported atlas is often one long
/// line, where a column alone says little.
fn near(text: &str, error: &serde_json::Error) -> String {
    let line = text
        .lines()
        .nth(error.line().saturating_sub(1))
        .unwrap_or_default();
    let before: Vec<char> = line.chars().take(error.column()).collect();
    let excerpt: String = before[before.len().saturating_sub(48)..].iter().collect();
    if excerpt.is_empty() {
        error.to_string()
    } else {
        format!("{error}, after `{excerpt}`")
    }
}

/// One claim as a CSV row; the field names are the header.
#[derive(Serialize)]
struct CsvRow {
    claim_id: String,
    source: String,
    sites: String,
    /// Each site's precision, in the order of `sites`.
    precision: String,
    /// Each site's precision in ACLED's convention, in the order of `sites`; empty for an
    /// unknown place.
    geo_precision: String,
    stance: &'static str,
    topic: &'static str,
    actors: String,
    claimant: String,
    via: String,
    hedge: String,
    said: String,
    event: String,
    opposes: String,
    summary_en: String,
    summary_ar: String,
    exact: String,
    start: usize,
    end: usize,
}

impl CsvRow {
    fn of(atlas: &Atlas, claim: &Claim) -> Self {
        let precisions: Vec<Precision> = claim
            .sites
            .iter()
            .map(|id| {
                atlas
                    .site(id)
                    .map_or(Precision::Unknown, |site| site.precision)
            })
            .collect();
        let codes: Vec<&str> = precisions.iter().map(|p| p.code()).collect();
        let acled: Vec<String> = precisions
            .iter()
            .map(|p| {
                p.geo_precision()
                    .map_or_else(String::new, |code| code.to_string())
            })
            .collect();
        let (start, end) = claim.target.range().unwrap_or_default();
        let text = |cell: &str| defused(cell).into_owned();
        let sides: Vec<&str> = claim.actors.iter().map(|side| side.code()).collect();
        let via: Vec<&str> = claim
            .via
            .iter()
            .map(|actor| actor.name_en.as_str())
            .collect();
        Self {
            claim_id: claim.id.to_string(),
            source: claim.target.source.clone(),
            sites: claim.sites.join(";"),
            precision: codes.join(";"),
            geo_precision: acled.join(";"),
            stance: claim.stance.code(),
            topic: claim.topic.code(),
            actors: sides.join(";"),
            claimant: text(&claim.claimant.name_en),
            via: text(&via.join(" > ")),
            hedge: text(claim.hedge.as_deref().unwrap_or_default()),
            said: dating_cell(claim.said.as_ref()),
            event: dating_cell(claim.event.as_ref()),
            opposes: claim.opposes.join(";"),
            summary_en: text(&claim.summary_en),
            summary_ar: text(&claim.summary_ar),
            exact: text(claim.target.exact()),
            start,
            end,
        }
    }
}

/// A cell a spreadsheet would evaluate (it starts with `=`, `+`, `-` or `@`) made plain text
/// with a leading `'`.
fn defused(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_something_that_is_not_an_exported_atlas_says_where() {
        for (text, expected) in [
            ("not json", "expected ident"),
            (r#"{"type":"FeatureCollection","features":[]}"#, "sources"),
            (
                r#"{"type":"FeatureCollection","sources":[],"features":[{"type":"Feature","id":"x","geometry":null,"properties":{"claims":[{"id":"c"}]}}]}"#,
                r#"missing field `source` at line 1 column 130, after `eometry":null,"properties":{"claims":[{"id":"c"}`"#,
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

    /// The seed atlas, loaded from the repository's `seeds/`.
    fn seed_atlas() -> Atlas {
        crate::load::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
            .expect("the seed atlas loads")
    }

    #[test]
    fn the_app_files_put_together_again_are_the_atlas() {
        let atlas = seed_atlas();
        let AppFiles { index, texts } = atlas.to_app_files();
        let (index_atlas, stamp) = Atlas::read_geojson(&index).expect("the index is an atlas");
        assert_eq!(
            stamp,
            Some(atlas.data_version()),
            "stamped as the whole atlas"
        );
        assert_eq!(
            texts.len(),
            atlas.claims().len().div_ceil(CLAIM_TEXTS_PER_FILE)
        );
        let rows: Vec<[String; 4]> = texts
            .iter()
            .flat_map(|file| serde_json::from_str::<Vec<[String; 4]>>(file).expect("rows"))
            .collect();
        let (sources, sites, mut claims) = index_atlas.into_parts();
        assert_eq!(rows.len(), claims.len());
        for (claim, [id, en, ar, quote]) in claims.iter_mut().zip(rows) {
            assert_eq!(claim.id.as_str(), id, "the files are in reading order");
            assert!(claim.summary_en.is_empty() && claim.target.exact().is_empty());
            claim.summary_en = en;
            claim.summary_ar = ar;
            let original = atlas.claim(&id).expect("the claim");
            assert_eq!(quote, original.target.exact());
            claim.target = original.target.clone();
        }
        assert_eq!(Atlas::new(sources, sites, claims), atlas);
    }

    #[test]
    fn csv_quotes_separators_and_defuses_formulas() {
        let cell = |text: &str| {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record([defused(text).as_ref()]).unwrap();
            String::from_utf8(writer.into_inner().unwrap()).unwrap()
        };
        assert_eq!(cell("plain نص"), "plain نص\n");
        assert_eq!(cell("a, \"b\""), "\"a, \"\"b\"\"\"\n");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"\n");
        assert_eq!(cell("-1"), "'-1\n");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"\n");
    }
}
