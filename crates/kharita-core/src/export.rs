//! The atlas at the edges: RFC 7946 GeoJSON (and back), and CSV with one row per claim.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{BufWriter, Write};

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::ser::Formatter;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::error::Error;
use crate::model::{Actor, Atlas, Claim, Dating, Outlet, Selector, Site, Source, Target};
use crate::version::{VERSION_MEMBER, hex_stamp, json_hash};

/// Name of the foreign member of the FeatureCollection that carries the sources.
pub const SOURCES_MEMBER: &str = "sources";

/// Writes a JSON object, its keys in the order given: `"key": value` always, `"key" ? option`
/// only when the option is `Some`.
macro_rules! object {
    ($serializer:expr, { $($key:literal $kind:tt $value:expr),* $(,)? }) => {{
        let mut map = $serializer.serialize_map(None)?;
        $(object!(@entry map, $key $kind $value);)*
        map.end()
    }};
    (@entry $map:ident, $key:literal : $value:expr) => {
        $map.serialize_entry($key, &$value)?
    };
    (@entry $map:ident, $key:literal ? $value:expr) => {
        if let Some(value) = &$value {
            $map.serialize_entry($key, value)?;
        }
    };
}

/// The model written as exported: every object's keys in byte order, as the data version has
/// always hashed them, written straight out rather than through a `serde_json::Value` tree (at
/// 100,000 claims, building and dropping that tree took seconds). A test checks that the bytes
/// are those of the sorted tree, for data that sets every field: a field the model serialises
/// and this misses fails it.
struct Exported<'a, T>(&'a T);

/// Wraps each item of a slice as [`Exported`].
struct ExportedAll<'a, T>(&'a [T]);

impl<'a, T> Serialize for ExportedAll<'a, T>
where
    Exported<'a, T>: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Exported))
    }
}

/// A non-empty list, or nothing: the model skips empty lists.
fn unless_empty<T>(items: &[T]) -> Option<&[T]> {
    (!items.is_empty()).then_some(items)
}

impl Serialize for Exported<'_, Claim> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let claim = self.0;
        object!(serializer, {
            "actors": claim.actors,
            "claimant": Exported(&claim.claimant),
            "event" ? claim.event.as_ref().map(Exported),
            "hedge" ? claim.hedge,
            "id": claim.id,
            "note" ? claim.note,
            "opposes" ? unless_empty(&claim.opposes),
            "said" ? claim.said.as_ref().map(Exported),
            "sites": claim.sites,
            "source": claim.source,
            "stance": claim.stance,
            "summary_ar": claim.summary_ar,
            "summary_en": claim.summary_en,
            "target": Exported(&claim.target),
            "topic": claim.topic,
            "via" ? unless_empty(&claim.via).map(ExportedAll),
        })
    }
}

impl Serialize for Exported<'_, &Claim> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Exported(*self.0).serialize(serializer)
    }
}

impl Serialize for Exported<'_, Actor> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let actor = self.0;
        object!(serializer, {
            "id": actor.id,
            "name_ar" ? actor.name_ar,
            "name_en": actor.name_en,
            "side": actor.side,
        })
    }
}

impl Serialize for Exported<'_, Dating> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let dating = self.0;
        object!(serializer, {
            "as_written" ? dating.as_written,
            "basis": dating.basis,
            "evidence" ? dating.evidence,
            "value" ? dating.value,
        })
    }
}

impl Serialize for Exported<'_, Target> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        object!(serializer, {
            "selector": ExportedAll(&self.0.selector),
            "source": self.0.source,
        })
    }
}

impl Serialize for Exported<'_, Selector> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Selector::TextQuoteSelector {
                exact,
                prefix,
                suffix,
            } => object!(serializer, {
                "exact": exact,
                "prefix": prefix,
                "suffix": suffix,
                "type": "TextQuoteSelector",
            }),
            Selector::TextPositionSelector { start, end } => object!(serializer, {
                "end": end,
                "start": start,
                "type": "TextPositionSelector",
            }),
        }
    }
}

impl Serialize for Exported<'_, Source> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let source = self.0;
        object!(serializer, {
            "artefacts" ? unless_empty(&source.artefacts),
            "file": source.file,
            "id": source.id,
            "language": source.language,
            "length": source.length,
            "outlet": Exported(&source.outlet),
            "published": Exported(&source.published),
            "title" ? source.title,
            "title_en": source.title_en,
        })
    }
}

impl Serialize for Exported<'_, Outlet> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let outlet = self.0;
        object!(serializer, {
            "basis": outlet.basis,
            "evidence" ? outlet.evidence,
            "name" ? outlet.name,
        })
    }
}

/// A site as a GeoJSON feature: its id and geometry as the feature's, its other fields, its
/// claims and what they add up to as the properties.
struct SiteFeature<'a> {
    site: &'a Site,
    claims: &'a [&'a Claim],
}

impl Serialize for SiteFeature<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let geometry = self.site.geometry.as_ref().map(geojson::Geometry::from);
        object!(serializer, {
            "type": "Feature",
            "geometry": geometry,
            "id": self.site.id,
            "properties": SiteProperties(self),
        })
    }
}

struct SiteProperties<'a>(&'a SiteFeature<'a>);

impl Serialize for SiteProperties<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let SiteFeature { site, claims } = self.0;
        object!(serializer, {
            "claim_count": claims.len(),
            "claims": ExportedAll(claims),
            "contested": crate::model::contested(claims.iter().copied()),
            "coordinate_source" ? site.coordinate_source,
            "country" ? site.country,
            "kind": site.kind,
            "location_note" ? site.location_note,
            "name_en": site.name_en,
            "names_ar": site.names_ar,
            "note" ? site.note,
            "precision": site.precision,
        })
    }
}

/// The atlas as one FeatureCollection without its stamp, the sources as a foreign member: what
/// the data version hashes, in compact JSON. [`Atlas::write_geojson`] writes it a piece at a time.
struct Collection<'a> {
    features: &'a [SiteFeature<'a>],
    sources: &'a [Source],
}

impl Serialize for Collection<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", "FeatureCollection")?;
        map.serialize_entry("features", self.features)?;
        map.serialize_entry(SOURCES_MEMBER, &ExportedAll(self.sources))?;
        map.end()
    }
}

/// Features serialised together, so that each thread has a share of the work worth sending.
const FEATURES_PER_BLOCK: usize = 128;

/// A block of features as the collection holds them, pretty and compact, each feature after the
/// separator that comes before it there.
#[derive(Default)]
struct Block {
    pretty: Vec<u8>,
    compact: Vec<u8>,
}

impl Block {
    fn serialise(features: &[SiteFeature<'_>], first: bool) -> Self {
        let mut block = Self::default();
        for (index, feature) in features.iter().enumerate() {
            let is_first = first && index == 0;
            block
                .pretty
                .extend_from_slice(if is_first { b"\n    " } else { b",\n    " });
            if !is_first {
                block.compact.push(b',');
            }
            block.add(feature, 2);
        }
        block
    }

    /// Appends `value`, serialised once into both forms, `depth` arrays or objects deep.
    fn add(&mut self, value: &impl Serialize, depth: usize) {
        let pretty = RefCell::new(std::mem::take(&mut self.pretty));
        let both = BothForms {
            pretty: &pretty,
            compact: &mut self.compact,
        };
        let formatter = Layout {
            pretty: &pretty,
            depth,
            has_value: false,
        };
        value
            .serialize(&mut serde_json::Serializer::with_formatter(both, formatter))
            .expect("model values serialise to JSON");
        self.pretty = pretty.into_inner();
    }
}

/// Where `serde_json` writes: the tokens go into both forms.
struct BothForms<'a> {
    pretty: &'a RefCell<Vec<u8>>,
    compact: &'a mut Vec<u8>,
}

impl Write for BothForms<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pretty.borrow_mut().extend_from_slice(bytes);
        self.compact.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `serde_json`'s pretty layout (its `PrettyFormatter`, two spaces a level) written into the
/// pretty form alone, so that the tokens, written into both, make the compact form there: one
/// serialisation gives the text written out and the text the data version hashes.
struct Layout<'a> {
    pretty: &'a RefCell<Vec<u8>>,
    depth: usize,
    has_value: bool,
}

impl Layout<'_> {
    fn new_line(&self) {
        let mut pretty = self.pretty.borrow_mut();
        pretty.push(b'\n');
        let indented = pretty.len() + 2 * self.depth;
        pretty.resize(indented, b' ');
    }

    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: u8) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(&[bracket])
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: u8) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line();
        }
        writer.write_all(&[bracket])
    }

    fn next<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.new_line();
        Ok(())
    }
}

impl Formatter for Layout<'_> {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b'[')
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b']')
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b'{')
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b'}')
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(b":")?;
        self.pretty.borrow_mut().push(b' ');
        Ok(())
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Serialises `features` in blocks, each thread of as many as there are cores taking every
/// so-many-th block, and hands the blocks to `write` in order. Where a thread cannot be made
/// (WebAssembly in a browser), this thread serialises its blocks.
fn in_order(
    features: &[SiteFeature<'_>],
    mut write: impl FnMut(Block) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let blocks: Vec<&[SiteFeature<'_>]> = features.chunks(FEATURES_PER_BLOCK).collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(blocks.len());
    std::thread::scope(|scope| {
        let queues: Vec<_> = (0..threads)
            .map(|thread| {
                // Two blocks ahead each, so memory stays small however large the atlas.
                let (sender, receiver) = std::sync::mpsc::sync_channel(2);
                let blocks = &blocks;
                let serialising = move || {
                    let own = blocks.iter().enumerate().skip(thread).step_by(threads);
                    for (index, features) in own {
                        // The writer stopped (an error writing out): so does this thread.
                        if sender.send(Block::serialise(features, index == 0)).is_err() {
                            break;
                        }
                    }
                };
                let spawned = std::thread::Builder::new().spawn_scoped(scope, serialising);
                spawned.ok().map(|_| receiver)
            })
            .collect();
        for (index, features) in blocks.iter().enumerate() {
            let block = match queues.get(index % threads.max(1)) {
                Some(Some(queue)) => queue.recv().expect("a serialising thread panicked"),
                _ => Block::serialise(features, index == 0),
            };
            write(block)?;
        }
        Ok(())
    })
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
    /// [`data version`](Atlas::data_version) as `data_version`. Pretty-printed, ending in a
    /// newline; [`Atlas::write_geojson`] writes the same bytes without holding them.
    pub fn to_geojson(&self) -> String {
        let mut bytes = Vec::new();
        self.write_geojson(&mut bytes)
            .expect("writing to memory cannot fail");
        String::from_utf8(bytes).expect("serde_json writes UTF-8")
    }

    /// Writes [`Atlas::to_geojson`]'s text to `out` as it is made. The features are serialised
    /// in blocks on every core, pretty for `out` and compact for the hash that makes the data
    /// version; this thread writes the blocks out and hashes them in order. The stamp comes
    /// after the features, so it is written once they are all hashed.
    pub fn write_geojson(&self, out: impl Write) -> std::io::Result<()> {
        let by_site = self.claims_by_site();
        let features = self.features(&by_site);
        let mut out = BufWriter::with_capacity(1 << 16, out);
        let mut hashing = BufWriter::with_capacity(1 << 16, Sha256::new());
        // The stamped collection as `serde_json` pretty-prints it, and the unstamped one as it
        // writes it compact, a piece at a time (tests compare the bytes and the stamp).
        out.write_all(b"{\n  \"type\": \"FeatureCollection\",\n  \"features\": [")?;
        hashing.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
        in_order(&features, |block| {
            out.write_all(&block.pretty)?;
            hashing.write_all(&block.compact)
        })?;
        out.write_all(if features.is_empty() { b"]" } else { b"\n  ]" })?;
        let mut sources = Block::default();
        sources.add(&ExportedAll(&self.sources), 1);
        write!(hashing, "],\"{SOURCES_MEMBER}\":")?;
        hashing.write_all(&sources.compact)?;
        hashing.write_all(b"}")?;
        let stamp = hex_stamp(hashing);
        write!(
            out,
            ",\n  \"{VERSION_MEMBER}\": \"{stamp}\",\n  \"{SOURCES_MEMBER}\": "
        )?;
        out.write_all(&sources.pretty)?;
        out.write_all(b"\n}\n")?;
        out.flush()
    }

    /// The content hash that stamps this atlas: 16 hex digits of the SHA-256 of its compact
    /// GeoJSON (without the stamp). Any change to a site, claim or source changes it.
    pub fn data_version(&self) -> String {
        let by_site = self.claims_by_site();
        json_hash(&Collection {
            features: &self.features(&by_site),
            sources: &self.sources,
        })
    }

    fn features<'a>(&'a self, by_site: &'a HashMap<&str, Vec<&'a Claim>>) -> Vec<SiteFeature<'a>> {
        let features = self.sites.iter().map(|site| SiteFeature {
            site,
            claims: by_site.get(site.id.as_str()).map_or(&[], Vec::as_slice),
        });
        features.collect()
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
