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
