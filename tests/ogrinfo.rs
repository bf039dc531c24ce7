//! The exported GeoJSON read by a real consumer: GDAL's `ogrinfo` (Debian package `gdal-bin`,
//! installed by `cargo xtask test`).

use std::path::Path;
use std::process::Command;

#[path = "support/gdal.rs"]
mod gdal;

use gdal::ogrinfo;

#[test]
fn ogrinfo_reads_every_site_with_the_expected_fields() {
    let dir = std::env::temp_dir().join(format!("kharita-ogrinfo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("atlas.geojson");
    let export = Command::new(env!("CARGO_BIN_EXE_kharita"))
        .args(["export", "--format", "geojson", "--out"])
        .arg(&out)
        .arg("--root")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .status()
        .unwrap();
    assert!(export.success());

    let summary = ogrinfo(&out, &["-al", "-so"]);
    assert!(
        summary.contains("using driver `GeoJSON' successful"),
        "{summary}"
    );
    assert!(summary.contains("Feature Count: 15"), "{summary}");
    for field in [
        "id: String",
        "name_en: String",
        "names_ar: StringList",
        "kind: String",
        "precision: String",
        "coordinate_source: String",
        "claim_count: Integer",
        "geo_precision: Integer",
        "contested: Integer(Boolean)",
        "claims: String(JSON)",
    ] {
        assert!(summary.contains(field), "no field `{field}` in:\n{summary}");
    }

    // Per-feature values, through GDAL's own SQL.
    let jufra = ogrinfo(
        &out,
        &[
            "-q",
            "-sql",
            "SELECT id, claim_count, precision FROM atlas WHERE id = 'jufra-air-base'",
        ],
    );
    assert!(jufra.contains("claim_count (Integer) = 8"), "{jufra}");
    assert!(jufra.contains("precision (String) = runway"), "{jufra}");
    assert!(jufra.contains("POINT (16.001 29.1981)"), "{jufra}");

    // ACLED's geo_precision beside our own precision, for every site; null only where the
    // place is unknown.
    let coded = ogrinfo(
        &out,
        &["-q", "-sql", "SELECT precision, geo_precision FROM atlas"],
    );
    let features: Vec<&str> = coded.split("OGRFeature(atlas)").skip(1).collect();
    assert_eq!(features.len(), 15, "{coded}");
    for feature in features {
        let precision = feature
            .lines()
            .find_map(|line| line.trim().strip_prefix("precision (String) = "))
            .unwrap_or_else(|| panic!("no precision in {feature}"));
        let expected = match precision {
            "runway" | "town" => "geo_precision (Integer) = 1",
            "region" => "geo_precision (Integer) = 3",
            _ => "geo_precision (Integer) = (null)",
        };
        assert!(feature.contains(expected), "{precision}: {feature}");
    }

    let unknown = ogrinfo(
        &out,
        &[
            "-q",
            "-sql",
            "SELECT id FROM atlas WHERE precision = 'unknown'",
        ],
    );
    assert!(
        unknown.contains("id (String) = moscow-military-airfield"),
        "{unknown}"
    );
    // Every outline is valid as GDAL reads it (OGC simple features, through GEOS).
    let validity = ogrinfo(
        &out,
        &[
            "-q",
            "-dialect",
            "SQLite",
            "-sql",
            "SELECT id, ST_IsValid(geometry) AS valid FROM atlas WHERE precision = 'region'",
        ],
    );
    assert_eq!(
        validity.matches("valid (Integer) = 1").count(),
        6,
        "{validity}"
    );
    assert!(!validity.contains("valid (Integer) = 0"), "{validity}");
    std::fs::remove_dir_all(&dir).unwrap();
}
