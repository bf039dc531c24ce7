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
    assert!(
        atlas.claims().len() >= 40,
        "{} claims",
        atlas.claims().len()
    );
    for claim in atlas.claims() {
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
    for site in atlas.sites() {
        match (site.precision, &site.geometry) {
            (Precision::Unknown, None)
            | (Precision::Runway | Precision::Town, Some(Geometry::Point(_)))
            | (Precision::Region, Some(Geometry::Polygon(_) | Geometry::MultiPolygon(_))) => {}
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
        .claims()
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

/// The GeoJSON export is written and read by the same serde derives of the model's types, so
/// whatever the model holds comes back: checked on the seed atlas with, besides, a claim, a site
/// and a source that have every optional field and ones that have none. A field added to the
/// model without being written or read fails here; the browser reads the atlas with the same
/// function (`Atlas::read_geojson`).
#[test]
fn every_field_of_the_model_comes_back_from_the_geojson_export() {
    use kharita_core::model::{Basis, Dating};
    let (mut sources, mut sites, mut claims) = atlas().into_parts();
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

    let mut full = claims[0].clone();
    full.id = "every-optional-field".into();
    full.hedge = Some("يُرجح".to_owned());
    full.note = Some("a note".to_owned());
    full.said = Some(dating.clone());
    full.event = Some(dating.clone());
    full.opposes = vec![claims[1].id.clone()];
    full.claimant.name_ar = Some("مصدر".to_owned());
    full.via = vec![full.claimant.clone()];
    let mut bare = full.clone();
    bare.id = "no-optional-field".into();
    (bare.hedge, bare.note, bare.said, bare.event) = (None, None, None, None);
    (bare.opposes, bare.via, bare.claimant.name_ar) = (Vec::new(), Vec::new(), None);
    claims.extend([full, bare]);

    let mut site = sites[0].clone();
    site.id = "no-optional-field".into();
    (site.country, site.coordinate_source) = (None, None);
    (site.location_note, site.note, site.geometry) = (None, None, None);
    site.precision = Precision::Unknown;
    let mut noted = sites[0].clone();
    noted.id = "every-optional-field".into();
    (noted.location_note, noted.note) = (Some("near".to_owned()), Some("a note".to_owned()));
    sites.extend([site, noted]);

    let mut source = sources[0].clone();
    source.id = "no-optional-field".into();
    (source.title, source.artefacts) = (None, Vec::new());
    (source.outlet.name, source.outlet.evidence) = (None, None);
    source.published = bare_dating;
    let mut titled = sources[0].clone();
    titled.id = "every-optional-field".into();
    titled.title = Some("عنوان".to_owned());
    titled.artefacts = vec!["[ad_1]".to_owned()];
    titled.published = dating;
    sources.extend([source, titled]);

    let atlas = Atlas::new(sources, sites, claims);
    let (read_back, version) = Atlas::read_geojson(&atlas.to_geojson()).unwrap();
    assert_eq!(read_back, atlas);
    assert_eq!(version, Some(atlas.data_version()));
}

#[test]
fn export_is_stamped_with_a_data_version_that_any_edit_changes() {
    use kharita_core::version::is_version;
    let atlas = atlas();
    let exported: serde_json::Value = serde_json::from_str(&atlas.to_geojson()).unwrap();
    let version = atlas.data_version();
    assert!(is_version(&version), "{version}");
    assert_eq!(exported["data_version"], version.as_str());

    let (sources, sites, mut claims) = atlas.clone().into_parts();
    claims[0].summary_en.push('!');
    let edited = Atlas::new(sources, sites, claims);
    assert_ne!(edited.data_version(), version);
    let changes = atlas.digest().changes_to(&edited.digest());
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].kind, kharita_core::version::ChangeKind::Revised);
    assert_eq!(changes[0].text_en, edited.claims()[0].summary_en);
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

/// A region's outline as polygons, whatever geometry holds it.
fn region_polygons(site: &kharita_core::Site) -> Vec<geo::Polygon<f64>> {
    match &site.geometry {
        Some(Geometry::Polygon(polygon)) => vec![polygon.clone()],
        Some(Geometry::MultiPolygon(polygons)) => polygons.0.clone(),
        other => panic!("{}: a region's outline is {other:?}", site.id),
    }
}

#[test]
fn region_rings_wind_counterclockwise_as_rfc_7946_requires() {
    use geo::orient::Direction;
    use geo::{Orient, Winding};
    for site in atlas().sites() {
        if site.precision != Precision::Region {
            continue;
        }
        for polygon in region_polygons(site) {
            assert!(polygon.exterior().is_ccw(), "{}", site.id);
            assert_eq!(polygon.orient(Direction::Default), polygon);
        }
    }
}

/// Regions are derived from real borders: none spills across a border its text does not cross
/// (points a few hundred kilometres from Libya's, in Niger and Chad; Tripoli, beside Tunisia),
/// and each holds what its name says (the Fezzan in southern Libya).
#[test]
fn regions_keep_within_the_borders_their_texts_name() {
    use geo::Contains;
    let atlas = atlas();
    let region = |id: &str| {
        let site = atlas
            .site(id)
            .unwrap_or_else(|| panic!("{id} is in the atlas"));
        geo::MultiPolygon(region_polygons(site))
    };
    let point = |lat: f64, lon: f64| geo::Point::new(lon, lat);
    let (niger, chad) = (point(20.5, 12.5), point(20.0, 20.0));
    for libyan in ["libya", "southern-libya", "libya-southern-borders"] {
        let area = region(libyan);
        assert!(!area.contains(&niger), "{libyan} reaches into Niger");
        assert!(!area.contains(&chad), "{libyan} reaches into Chad");
    }
    assert!(region("southern-libya").contains(&point(25.0, 15.0)));
    assert!(
        !region("southern-libya").contains(&point(30.0, 15.0)),
        "north of 29°N"
    );
    let jufra = atlas.site("jufra-air-base").unwrap();
    let Some(Geometry::Point(jufra)) = jufra.geometry else {
        panic!("Jufra is a point");
    };
    assert!(!region("libya-southern-borders").contains(&jufra));
    assert!(region("libya").contains(&jufra));
    // About 40 km inside Libya from its borders with Niger, Chad and Sudan.
    for (lat, lon) in [(23.6, 13.0), (21.9, 20.0), (20.4, 24.5)] {
        assert!(
            region("libya-southern-borders").contains(&point(lat, lon)),
            "({lat}, {lon}) is in the band along Libya's southern borders"
        );
    }
    // Near the Algerian border, which the text does not name.
    assert!(!region("libya-southern-borders").contains(&point(26.0, 10.2)));
    let tripoli = point(32.887, 13.187);
    assert!(
        !region("tunisia").contains(&tripoli),
        "Tunisia holds Tripoli"
    );
    assert!(
        region("tunisia").contains(&point(36.8, 10.17)),
        "Tunisia holds Tunis"
    );
    // Morocco: Rabat in, the Algerian side of the border out.
    assert!(region("morocco-african-lion").contains(&point(34.02, -6.84)));
    assert!(!region("morocco-african-lion").contains(&point(31.6, -1.0)));
    // Western Sahara, which the text does not name: Laayoune and Dakhla out.
    assert!(!region("morocco-african-lion").contains(&point(27.15, -13.2)));
    assert!(!region("morocco-african-lion").contains(&point(23.7, -15.95)));
    // Syria's coastal strip: some 15 km inland of Latakia and of Tartus in; Homs and Damascus out.
    let coast = region("syrian-coast-russian-bases");
    assert!(coast.contains(&point(35.5, 35.95)) && coast.contains(&point(34.88, 36.0)));
    assert!(!coast.contains(&point(34.73, 36.72)) && !coast.contains(&point(33.51, 36.29)));
}

/// Each region says how its outline was derived, and keeps its rule for tools.
#[test]
fn regions_say_how_their_outline_was_derived() {
    let atlas = atlas();
    for site in atlas
        .sites()
        .iter()
        .filter(|s| s.precision == Precision::Region)
    {
        let source = site.coordinate_source.as_deref().unwrap_or_default();
        assert!(
            source.contains("derived from Natural Earth"),
            "{}: {source}",
            site.id
        );
        assert!(site.area.is_some(), "{} keeps its rule", site.id);
    }
    let south = atlas.site("southern-libya").unwrap();
    assert!(
        south
            .coordinate_source
            .as_deref()
            .unwrap()
            .starts_with("Libya south of 29°N"),
        "{:?}",
        south.coordinate_source
    );
}

#[test]
fn claims_from_a_source_come_in_the_order_of_its_text() {
    let atlas = atlas();
    for source in atlas.sources() {
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
