//! The committed data set, checked against the seed texts and against what the articles say.

use std::path::{Path, PathBuf};

use geo::{Distance, Haversine, Point};
use geo_types::Geometry;
use kharita_core::model::{Precision, Selector, Stance};
use kharita_core::{Atlas, load};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn atlas() -> Atlas {
    load::load(&root()).unwrap_or_else(|error| panic!("the committed atlas must load:\n{error}"))
}

fn code_points(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn every_claim_anchors_exactly_in_its_seed() {
    let atlas = atlas();
    assert!(atlas.claims.len() >= 40, "{} claims", atlas.claims.len());
    for claim in &atlas.claims {
        let text = std::fs::read_to_string(root().join(&claim.target.source)).unwrap();
        let (start, end) = claim.target.range().expect("a TextPositionSelector");
        let Some(Selector::TextQuoteSelector {
            exact,
            prefix,
            suffix,
        }) = claim.target.selector.first()
        else {
            panic!(
                "{}: the first selector must be a TextQuoteSelector",
                claim.id
            );
        };
        assert_eq!(&code_points(&text, start, end), exact, "{}", claim.id);
        assert_eq!(
            code_points(&text, start - prefix.chars().count(), start),
            *prefix,
            "{}",
            claim.id
        );
        assert_eq!(
            code_points(&text, end, end + suffix.chars().count()),
            *suffix,
            "{}",
            claim.id
        );
        assert_eq!(
            text.matches(&format!("{prefix}{exact}{suffix}")).count(),
            1,
            "{} must be unique",
            claim.id
        );
        assert_eq!(claim.target.source, format!("seeds/{}.txt", claim.source));
    }
}

#[test]
fn seeds_are_verbatim_copies_of_the_shared_articles() {
    let shared = root().join("../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&shared) else {
        // A checkout without shared/ beside it still checks every anchor against seeds/.
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let ours = root().join("seeds").join(path.file_name().unwrap());
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(&ours).unwrap(),
            "{} differs",
            ours.display()
        );
    }
}

#[test]
fn every_installation_the_issue_names_is_present() {
    let atlas = atlas();
    for id in [
        "jufra-air-base",
        "maaten-al-sarra-air-base",
        "al-khadim-air-base",
        "tobruk",
        "sirte",
        "brak-al-shati",
        "benghazi",
        "tripoli",
        "syrian-coast-russian-bases",
        "moscow-military-airfield",
        "tunisia",
        "morocco-african-lion",
        "libya-southern-borders",
        "libya",
    ] {
        let site = atlas
            .site(id)
            .unwrap_or_else(|| panic!("missing site {id}"));
        assert!(
            atlas.claims_about(id).next().is_some(),
            "{id} carries no claim"
        );
        assert!(
            site.precision == Precision::Unknown || site.coordinate_source.is_some(),
            "{id}"
        );
    }
}

#[test]
fn pinpointed_sites_are_within_a_few_km_of_independent_references() {
    // Positions read off published maps, independent of the packages the data cites.
    let references = [
        ("jufra-air-base", 29.198, 15.996, 3.0),
        ("maaten-al-sarra-air-base", 21.687, 21.831, 3.0),
        ("al-khadim-air-base", 31.998, 21.190, 3.0),
        ("benghazi", 32.115, 20.068, 5.0),
        ("tripoli", 32.887, 13.191, 5.0),
        ("sirte", 31.205, 16.588, 5.0),
        ("tobruk", 32.076, 23.961, 5.0),
        ("brak-al-shati", 27.550, 14.270, 5.0),
    ];
    let atlas = atlas();
    for (id, lat, lon, tolerance_km) in references {
        let site = atlas.site(id).unwrap();
        let Some(Geometry::Point(point)) = site.geometry else {
            panic!("{id} should be a point");
        };
        let km = Haversine.distance(point, Point::new(lon, lat)) / 1000.0;
        assert!(km <= tolerance_km, "{id} is {km:.1} km from its reference");
    }
}

#[test]
fn unknown_locations_are_not_drawn_and_regions_are_polygons() {
    let atlas = atlas();
    for site in &atlas.sites {
        match (site.precision, &site.geometry) {
            (Precision::Unknown, None)
            | (Precision::Runway | Precision::Town, Some(Geometry::Point(_)))
            | (Precision::Region, Some(Geometry::Polygon(_))) => {}
            other => panic!("{}: precision and geometry disagree: {other:?}", site.id),
        }
    }
    assert_eq!(
        atlas.site("moscow-military-airfield").unwrap().precision,
        Precision::Unknown
    );
}

#[test]
fn jufra_delivery_claim_is_opposed_by_both_denials_and_al_mismari() {
    let atlas = atlas();
    let delivery = atlas
        .claim("c004-russians-delivered-jets-to-jufra")
        .unwrap();
    assert_eq!(delivery.stance, Stance::Asserts);
    assert_eq!(delivery.claimant.id, "us-military");
    for denial in [
        "c004-lna-denies-jet-delivery",
        "c004-russian-mp-denies-jet-delivery",
        "c004-al-mismari-no-new-fighters",
    ] {
        let claim = atlas.claim(denial).unwrap();
        assert_eq!(claim.stance, Stance::Denies, "{denial}");
        assert!(delivery.opposes.iter().any(|id| id == denial), "{denial}");
        assert!(
            claim.opposes.iter().any(|id| id == &delivery.id),
            "{denial} links back"
        );
    }
    assert!(atlas.is_contested("jufra-air-base"));
}

#[test]
fn hedges_are_kept_inside_their_quotes() {
    let atlas = atlas();
    let hedged: Vec<_> = atlas
        .claims
        .iter()
        .filter(|c| c.stance == Stance::Hedged)
        .collect();
    assert!(hedged.iter().any(|c| c.hedge.as_deref() == Some("يُرجح")));
    for claim in hedged {
        let hedge = claim
            .hedge
            .as_deref()
            .expect("a hedged claim has its hedge");
        assert!(claim.target.exact().contains(hedge), "{}", claim.id);
    }
}

#[test]
fn geojson_export_round_trips_and_is_deterministic() {
    let atlas = atlas();
    let exported = atlas.to_geojson();
    assert_eq!(exported, load::load(&root()).unwrap().to_geojson());
    let read_back = Atlas::from_geojson(&exported).unwrap();
    assert_eq!(read_back, atlas);
}

/// What the GeoJSON export wrote before it was written straight from the model: each feature
/// through `geojson::ser::to_feature`, whose properties are a `serde_json::Value` map with sorted
/// keys, and the data version hashed from that collection's compact form.
fn export_through_sorted_values(atlas: &Atlas) -> String {
    use kharita_core::{Claim, Site};
    use sha2::{Digest, Sha256};

    #[derive(serde::Serialize)]
    struct SiteFeature<'a> {
        #[serde(flatten)]
        site: &'a Site,
        claim_count: usize,
        contested: bool,
        claims: Vec<&'a Claim>,
    }
    let features = atlas.sites.iter().map(|site| {
        let claims: Vec<&Claim> = atlas.claims_about(&site.id).collect();
        let feature = SiteFeature {
            site,
            claim_count: claims.len(),
            contested: kharita_core::model::contested(claims.iter().copied()),
            claims,
        };
        geojson::ser::to_feature(&feature).unwrap()
    });
    let mut members = serde_json::Map::new();
    let sources = serde_json::to_value(&atlas.sources).unwrap();
    members.insert("sources".to_owned(), sources);
    let mut collection = geojson::FeatureCollection {
        bbox: None,
        features: features.collect(),
        foreign_members: Some(members),
    };
    let compact = serde_json::to_string(&collection).unwrap();
    let version = Sha256::digest(compact)
        .iter()
        .take(8)
        .fold(String::new(), |hex, byte| hex + &format!("{byte:02x}"));
    if let Some(members) = collection.foreign_members.as_mut() {
        members.insert("data_version".to_owned(), version.into());
    }
    serde_json::to_string_pretty(&collection).unwrap() + "\n"
}

/// The export writes its JSON straight from the model, keys in the order the `Value` tree sorted
/// them, so the bytes and every recorded data version stay as they were. Checked on the seed
/// atlas with, besides, a claim, a site and a source that have every optional field and ones
/// that have none.
#[test]
fn direct_export_writes_what_the_sorted_value_tree_wrote() {
    use kharita_core::model::{Basis, Dating};
    let mut atlas = atlas();
    let dating = Dating {
        basis: Basis::Stated,
        value: Some("2020-05/2020-06".parse().unwrap()),
        as_written: Some("في مايو".to_owned()),
        evidence: Some("\"quoted\" evidence".to_owned()),
    };
    let bare_dating = Dating {
        basis: Basis::Unknown,
        value: None,
        as_written: None,
        evidence: None,
    };

    let mut full = atlas.claims[0].clone();
    full.id = "every-optional-field".to_owned();
    full.hedge = Some("يُرجح".to_owned());
    full.note = Some("a note".to_owned());
    full.said = Some(dating.clone());
    full.event = Some(dating.clone());
    full.opposes = vec![atlas.claims[1].id.clone()];
    full.claimant.name_ar = Some("مصدر".to_owned());
    full.via = vec![full.claimant.clone()];
    let mut bare = full.clone();
    bare.id = "no-optional-field".to_owned();
    (bare.hedge, bare.note, bare.said, bare.event) = (None, None, None, None);
    (bare.opposes, bare.via, bare.claimant.name_ar) = (Vec::new(), Vec::new(), None);
    atlas.claims.extend([full, bare]);

    let mut site = atlas.sites[0].clone();
    site.id = "no-optional-field".to_owned();
    (site.country, site.coordinate_source) = (None, None);
    (site.location_note, site.note, site.geometry) = (None, None, None);
    site.precision = Precision::Unknown;
    let mut noted = atlas.sites[0].clone();
    noted.id = "every-optional-field".to_owned();
    (noted.location_note, noted.note) = (Some("near".to_owned()), Some("a note".to_owned()));
    atlas.sites.extend([site, noted]);

    let mut source = atlas.sources[0].clone();
    source.id = "no-optional-field".to_owned();
    (source.title, source.artefacts) = (None, Vec::new());
    (source.outlet.name, source.outlet.evidence) = (None, None);
    source.published = bare_dating;
    let mut titled = atlas.sources[0].clone();
    titled.id = "every-optional-field".to_owned();
    titled.title = Some("عنوان".to_owned());
    titled.artefacts = vec!["[ad_1]".to_owned()];
    titled.published = dating;
    atlas.sources.extend([source, titled]);

    assert_eq!(atlas.to_geojson(), export_through_sorted_values(&atlas));
}

/// The features are written in blocks serialised on several threads: many blocks, and an atlas
/// with nothing in it, come out as one `serde_json` document would.
#[test]
fn export_in_blocks_writes_what_the_sorted_value_tree_wrote() {
    let seed = atlas();
    let mut many = seed.clone();
    for copy in 1..40 {
        let renamed = |id: &str| format!("{id}-copy-{copy}");
        many.sites.extend(seed.sites.iter().map(|site| {
            let mut site = site.clone();
            site.id = renamed(&site.id);
            site
        }));
        many.claims.extend(seed.claims.iter().map(|claim| {
            let mut claim = claim.clone();
            claim.id = renamed(&claim.id);
            claim.sites = claim.sites.iter().map(|site| renamed(site)).collect();
            claim
        }));
    }
    // Blocks are of 128 features.
    assert!(many.sites.len() > 4 * 128, "{} sites", many.sites.len());
    assert_eq!(many.to_geojson(), export_through_sorted_values(&many));
    let empty = Atlas::default();
    assert_eq!(empty.to_geojson(), export_through_sorted_values(&empty));
}

#[test]
fn export_is_stamped_with_a_data_version_that_any_edit_changes() {
    use kharita_core::version::{VERSION_MEMBER, is_version};
    let atlas = atlas();
    let exported: serde_json::Value = serde_json::from_str(&atlas.to_geojson()).unwrap();
    let version = atlas.data_version();
    assert!(is_version(&version), "{version}");
    assert_eq!(exported[VERSION_MEMBER], version.as_str());

    let mut edited = atlas.clone();
    edited.claims[0].summary_en.push('!');
    assert_ne!(edited.data_version(), version);
    let changes = atlas.digest().changes_to(&edited.digest());
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].kind, kharita_core::version::ChangeKind::Revised);
    assert_eq!(changes[0].text_en, edited.claims[0].summary_en);
}

#[test]
fn current_data_version_is_recorded_in_the_ledger() {
    let atlas = atlas();
    let file = root().join(format!("assets/versions/{}.json", atlas.data_version()));
    let recorded = std::fs::read_to_string(&file).unwrap_or_else(|error| {
        panic!("{}: {error}; `cargo xtask dist` records it", file.display())
    });
    let recorded: kharita_core::version::Digest = serde_json::from_str(&recorded).unwrap();
    assert_eq!(recorded, atlas.digest());
}

#[test]
fn region_rings_wind_counterclockwise_as_rfc_7946_requires() {
    use geo::orient::Direction;
    use geo::{Orient, Winding};
    for site in atlas().sites {
        if let Some(Geometry::Polygon(polygon)) = &site.geometry {
            assert!(polygon.exterior().is_ccw(), "{}", site.id);
            assert_eq!(polygon.orient(Direction::Default), *polygon);
        }
    }
}

#[test]
fn claims_from_a_source_come_in_the_order_of_its_text() {
    let atlas = atlas();
    for source in &atlas.sources {
        let starts: Vec<usize> = atlas
            .claims_from(&source.id)
            .map(|claim| claim.target.range().expect("a position").0)
            .collect();
        assert!(!starts.is_empty(), "{} has claims", source.id);
        assert!(
            starts.windows(2).all(|pair| pair[0] <= pair[1]),
            "{}: {starts:?}",
            source.id
        );
    }
}
