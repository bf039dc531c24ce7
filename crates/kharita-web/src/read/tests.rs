//! The reader checked against serde: both read what `kharita_core` exports, this reader from
//! its text through [`Json`], as the app does.
use geo_types::Geometry;
use kharita_core::date::DateSpan;
use kharita_core::model::{Actor, Basis, Claim, Dating, Outlet, Selector, Side, Site, Source};
use kharita_core::version::ChangeKind;
use kharita_map::{Basemap, Detail, Extent, Label};
use serde_json::Value;

use super::values::{AtlasRead, claim_texts_from};
use super::*;

/// `value` as the app reads a file: its text, as `serde_json` writes it, checked by [`Json`].
fn document(value: &Value) -> Json {
    text_document(&value.to_string())
}

fn text_document(text: &str) -> Json {
    Json::parse(text.to_owned()).expect("JSON that serde_json wrote")
}

fn seed_atlas() -> Atlas {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    kharita_core::load::load(std::path::Path::new(root)).expect("the seed atlas loads")
}

/// Names every field of the types this reader reads, without `..`: a field added to the model
/// stops this from compiling until it is set in [`atlas_with_every_field`] and read here.
#[allow(
    clippy::unneeded_field_pattern,
    reason = "every field is named on purpose"
)]
fn every_field_is_set_below(site: &Site, claim: &Claim, source: &Source) {
    let Site {
        id: _,
        name_en: _,
        names_ar: _,
        kind: _,
        country: _,
        precision: _,
        geometry: _,
        area: _,
        coordinate_source: _,
        location_note: _,
        note: _,
    } = site;
    let Claim {
        id: _,
        source: _,
        sites: _,
        stance: _,
        topic: _,
        actors: _,
        claimant:
            Actor {
                id: _,
                name_en: _,
                name_ar: _,
                side: _,
            },
        via: _,
        summary_en: _,
        summary_ar: _,
        hedge: _,
        said: _,
        event: _,
        opposes: _,
        note: _,
        target: _,
    } = claim;
    let Source {
        id: _,
        file: _,
        title: _,
        title_en: _,
        language: _,
        outlet:
            Outlet {
                basis: _,
                name: _,
                evidence: _,
            },
        published:
            Dating {
                basis: _,
                value: _,
                as_written: _,
                evidence: _,
            },
        artefacts: _,
        length: _,
        url: _,
        recorded: _,
        revised: _,
    } = source;
}

/// The seed atlas, with every field the seeds leave out filled in somewhere.
fn atlas_with_every_field() -> Atlas {
    let (mut sources, mut sites, mut claims) = seed_atlas().into_parts();
    let opposed = claims[1].id.clone();
    let claim = &mut claims[0];
    claim.via.push(Actor {
        id: "reuters".into(),
        name_en: "Reuters".into(),
        name_ar: Some("رويترز".into()),
        side: Side::Media,
    });
    claim.hedge = Some("ربما".into());
    claim.note = Some("A note.".into());
    claim.opposes.push(opposed);
    claims[0].said = Some(Dating {
        basis: Basis::Inferred,
        value: Some("2023-09-26/..".parse().unwrap()),
        as_written: Some("أمس".into()),
        evidence: Some("The day before the article's date.".into()),
    });
    let site = &mut sites[0];
    site.country = Some("LY".into());
    site.coordinate_source = Some("OpenStreetMap way 1".into());
    site.location_note = Some("The runway.".into());
    site.note = Some("A note.".into());
    let source = &mut sources[0];
    source.title = Some("عنوان".into());
    source.artefacts = vec!["[ad_1]".into()];
    source.outlet.name = Some("An outlet".into());
    source.url = Some("https://example.org/article".into());
    source.revised = Some("2026-12-06".parse().unwrap());
    every_field_is_set_below(&sites[0], &claims[0], &sources[0]);
    Atlas::new(sources, sites, claims)
}

fn read_atlas(geojson: &str) -> Result<AtlasRead, Problem> {
    read(&text_document(geojson).root(), atlas_from)
}

/// The app's index and the words of its claims, read as the app reads them, put together again
/// with `data::with_words`: the atlas the build wrote them from.
#[test]
fn the_index_and_the_claims_words_read_back_into_the_whole_atlas() {
    for atlas in [seed_atlas(), atlas_with_every_field()] {
        let kharita_core::export::AppFiles { index, texts } = atlas.to_app_files();
        let (read_index, facts, version) = read_atlas(&index).unwrap();
        assert_eq!(read_index, Atlas::from_geojson(&index).unwrap());
        assert_eq!(version.as_deref(), Some(&*atlas.data_version()));
        assert_eq!(facts.len(), atlas.sites().len());
        let mut files = crate::data::WordFiles::new();
        for (number, file) in texts.iter().enumerate() {
            let rows = read(&text_document(file).root(), claim_texts_from);
            files.insert(number, Ok(rows.unwrap()));
        }
        for claim in read_index.claims() {
            match crate::data::with_words(&read_index, &files, claim) {
                crate::data::Words::Come(whole) => {
                    let mut original = atlas.claim(&claim.id).unwrap().clone();
                    for selector in &mut original.target.selector {
                        if let Selector::TextQuoteSelector { prefix, suffix, .. } = selector {
                            prefix.clear();
                            suffix.clear();
                        }
                    }
                    assert_eq!(*whole, original, "{}", claim.id);
                }
                _ => panic!("{}: no words", claim.id),
            }
        }
    }
    let wrong = serde_json::json!([["c1", "summary", "ملخص"]]);
    assert_eq!(
        read(&document(&wrong).root(), claim_texts_from)
            .unwrap_err()
            .to_string(),
        "[0]: expected [id, summary_en, summary_ar, quote]"
    );
}

#[test]
fn atlas_reads_back_what_kharita_export_writes_as_serde_does() {
    for atlas in [seed_atlas(), atlas_with_every_field()] {
        let geojson = atlas.to_geojson();
        let (read, facts, version) = read_atlas(&geojson).unwrap();
        assert_eq!(read, Atlas::from_geojson(&geojson).unwrap());
        assert_eq!(read, atlas);
        assert_eq!(version.as_deref(), Some(&*atlas.data_version()));
        for (site, facts) in atlas.sites().iter().zip(&facts) {
            let claims: Vec<_> = atlas.claims_about(&site.id).collect();
            assert_eq!(*facts, SiteFacts::of(&claims), "{}", site.id);
        }
    }
    let seeds = seed_atlas();
    assert!(
        seeds
            .sites()
            .iter()
            .any(|site| matches!(site.geometry, Some(Geometry::MultiPolygon(_))))
            && seeds.sites().iter().any(|site| site.geometry.is_none()),
        "the seeds have region outlines and unknown locations, which this test reads back"
    );
}

#[test]
fn basemap_detail_and_changes_read_back_what_serde_writes() {
    let label = |name: &str, x, y| Label {
        name_en: name.into(),
        name_ar: "طرابلس".into(),
        x,
        y,
    };
    let basemap = Basemap {
        land: "M1 2l3 4z".into(),
        borders: "M5 6l7 8".into(),
        covers: Extent {
            left: 106.67,
            top: 51.25,
            right: 181.33,
            bottom: 150.5,
        },
        countries: vec![label("Libya", 140.25, 105.0)],
        cities: vec![label("Tripoli", 137.5, -0.125), label("Sirte", 0.0, 1e-7)],
        detail: Detail::default(),
        far_land: String::new(),
    };
    let json = serde_json::to_value(&basemap).unwrap();
    assert_eq!(
        read(&document(&json).root(), super::values::basemap).unwrap(),
        basemap
    );
    // The detail is written apart, as `detail.json`.
    let detail = Detail {
        land: "M1 2l3 4l0.5 0.25z".into(),
        borders: "M5 6l7 8l0.125 0z".into(),
        towns: vec![label("Hūn", 142.5, 106.25), label("Waddān", 142.625, 106.0)],
    };
    let json = serde_json::to_value(&detail).unwrap();
    assert_eq!(
        read(&document(&json).root(), super::values::detail).unwrap(),
        detail
    );
    // And the far land, in the shape the build writes `world.json`.
    let json = serde_json::json!({ "land": "M1 2l3 4z" });
    assert_eq!(
        read(&document(&json).root(), super::values::far_land).unwrap(),
        "M1 2l3 4z"
    );

    let changes = vec![Change {
        kind: ChangeKind::Relocated,
        sites: vec!["jufra-air-base".into()],
        text_en: "Jufra Air Base".into(),
        text_ar: "قاعدة الجفرة".into(),
    }];
    let json = serde_json::to_value(&changes).unwrap();
    assert_eq!(
        read(&document(&json).root(), changes_from).unwrap(),
        changes
    );
}

/// An atlas export with one value replaced, and what reading it says.
fn problem_with(pointer: &str, replacement: Value) -> String {
    let mut json: Value = serde_json::from_str(&seed_atlas().to_geojson()).unwrap();
    *json
        .pointer_mut(pointer)
        .expect("the pointer names a value") = replacement;
    read(&document(&json).root(), atlas_from)
        .unwrap_err()
        .to_string()
}

#[test]
fn a_malformed_atlas_is_refused_with_where_and_what() {
    let claim_id = seed_atlas()
        .claims_about("jufra-air-base")
        .next()
        .unwrap()
        .id
        .clone();
    assert_eq!(
        problem_with("/features/0/properties/claims/0/stance", "says".into()),
        format!(
            "features[0].properties.claims[0].stance: \
             `says` is not one of asserts, denies, hedged, calls-for (claim `{claim_id}`)"
        )
    );
    assert_eq!(
        problem_with("/features/0/properties/kind", Value::Null),
        "features[0].properties: `kind` is missing"
    );
    assert_eq!(
        problem_with(
            "/features/0/geometry/coordinates",
            serde_json::json!([16.0])
        ),
        "features[0].geometry.coordinates: expected a position, [longitude, latitude]"
    );
    assert_eq!(
        problem_with("/features/0/geometry/type", "LineString".into()),
        "features[0].geometry.type: a `LineString` geometry, where an atlas has only \
         `Point`, `Polygon` and `MultiPolygon`"
    );
    assert_eq!(
        problem_with("/sources/0/length", (-1).into()),
        "sources[0].length: expected a whole number of at least 0"
    );
    assert_eq!(
        problem_with("/sources/0/published/value", "2024-13".into()),
        format!(
            "sources[0].published.value: {}",
            "2024-13".parse::<DateSpan>().unwrap_err()
        )
    );
    assert_eq!(
        problem_with("/features", serde_json::json!({})),
        "features: expected an array, found an object"
    );
    // An object is checked for what it is where a member it must have is missing.
    assert_eq!(
        problem_with(
            "/features/0/properties/claims/0/target",
            "seeds/x.txt".into()
        ),
        format!(
            "features[0].properties.claims[0].target: expected an object, found a string \
             (claim `{claim_id}`)"
        )
    );
    assert_eq!(
        problem_with(
            "/features/0/properties/claims/0/claimant",
            serde_json::json!([])
        ),
        format!(
            "features[0].properties.claims[0].claimant: expected an object, found an array \
             (claim `{claim_id}`)"
        )
    );
    assert_eq!(
        problem_with("/sources/0/outlet", Value::Bool(true)),
        "sources[0].outlet: expected an object, found a boolean"
    );
    let selector = "/features/0/properties/claims/0/target/selector/0";
    assert!(
        problem_with(selector, serde_json::json!({"type": "CssSelector"}))
            .contains(".target.selector[0].type: unknown selector type `CssSelector` (claim `")
    );
}

mod properties {
    use geo_types::{Geometry, Point};
    use proptest::prelude::*;

    use super::*;

    /// JSON of any shape, its keys drawn from the atlas's own so that the reader goes deep.
    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<f64>().prop_map(|n| serde_json::json!(n)),
            (-3_i64..400).prop_map(|n| serde_json::json!(n)),
            "\\PC{0,12}".prop_map(Value::String),
            proptest::sample::select(vec![
                "FeatureCollection",
                "Feature",
                "Point",
                "Polygon",
                "MultiPolygon",
                "asserts",
                "air-base",
                "runway",
                "TextQuoteSelector",
                "TextPositionSelector",
                "2024-05",
            ])
            .prop_map(|s| Value::String(s.to_owned())),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec(
                    (
                        proptest::sample::select(vec![
                            "type",
                            "features",
                            "sources",
                            "properties",
                            "geometry",
                            "coordinates",
                            "claims",
                            "id",
                            "kind",
                            "precision",
                            "names_ar",
                            "name_en",
                            "stance",
                            "topic",
                            "claimant",
                            "target",
                            "selector",
                            "source",
                            "start",
                            "end",
                            "exact",
                            "length",
                            "published",
                            "value",
                            "basis",
                            "data_version",
                            "sites",
                        ]),
                        inner,
                    ),
                    0..6,
                )
                .prop_map(|members| {
                    Value::Object(
                        members
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect(),
                    )
                }),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn any_json_is_an_atlas_or_a_problem_never_a_panic(tree in json()) {
            if let Err(problem) = read(&document(&tree).root(), atlas_from) {
                prop_assert!(!problem.to_string().is_empty());
            }
            let _ = read(&document(&tree).root(), super::super::values::basemap);
            let _ = read(&document(&tree).root(), changes_from);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// The seed atlas with any text in its names, summaries and notes and sites moved
        /// anywhere (each party keeps one name throughout): this reader and serde
        /// (`Atlas::from_geojson`) read the same atlas, the one that was exported.
        #[test]
        fn the_reader_reads_any_valid_atlas_as_serde_does(
            names in proptest::collection::vec("\\PC{0,16}", 1..8),
            summaries in proptest::collection::vec("\\PC{0,40}", 1..8),
            // Degrees to six decimals, as authors write them (about 10 cm).
            points in proptest::collection::vec(
                (-180_000_000_i32..180_000_000, -85_000_000_i32..85_000_000)
                    .prop_map(|(lon, lat)| (f64::from(lon) / 1e6, f64::from(lat) / 1e6)),
                1..8,
            ),
        ) {
            let (sources, mut sites, mut claims) = atlas_with_every_field().into_parts();
            for (site, name) in sites.iter_mut().zip(names.iter().cycle()) {
                site.name_en.clone_from(name);
                site.note = Some(name.clone()).filter(|n| !n.is_empty());
            }
            for (site, &(lon, lat)) in sites.iter_mut().zip(&points) {
                if matches!(site.geometry, Some(Geometry::Point(_))) {
                    site.geometry = Some(Geometry::Point(Point::new(lon, lat)));
                }
            }
            // One name for each party, as the actors file gives it.
            let mut party_names = std::collections::HashMap::new();
            for (claim, summary) in claims.iter_mut().zip(summaries.iter().cycle()) {
                claim.summary_en.clone_from(summary);
                let name = party_names.entry(claim.claimant.id.clone()).or_insert(summary);
                claim.claimant.name_en.clone_from(name);
            }
            let atlas = Atlas::new(sources, sites, claims);
            let geojson = atlas.to_geojson();
            let (read, _, _) = read_atlas(&geojson).unwrap();
            prop_assert_eq!(&read, &Atlas::from_geojson(&geojson).unwrap());
            prop_assert_eq!(read, atlas);
        }
    }
}
