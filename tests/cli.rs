//! The `kharita` binary on the committed data and on broken copies of it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/hostile.rs"]
mod hostile;
#[path = "support/web_annotation.rs"]
mod web_annotation;

const JUFRA_TOML: &str = "seeds/004_4e5fc412234f2c9f.toml";
const KHADIM_TOML: &str = "seeds/001_4ce8ccc95ca4f09b.toml";
const SITES: &str = "assets/atlas/sites.toml";
const ACTORS: &str = "assets/atlas/actors.toml";

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn kharita(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kharita"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("kharita runs")
}

/// Runs `kharita` on the committed data, expecting success; its standard output.
fn kharita_ok(args: &[&str]) -> Vec<u8> {
    let output = kharita(args, &repository());
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// A scratch copy of the atlas data, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("kharita-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["seeds", "assets/atlas"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
            for entry in std::fs::read_dir(repository().join(sub)).unwrap() {
                let path = entry.unwrap().path();
                if path.is_file() {
                    std::fs::copy(&path, dir.join(sub).join(path.file_name().unwrap())).unwrap();
                }
            }
        }
        std::fs::copy(
            repository().join(kharita_author::gazetteer::GAZETTEER_FILE),
            dir.join(kharita_author::gazetteer::GAZETTEER_FILE),
        )
        .unwrap();
        Self(dir)
    }

    /// Replaces the one occurrence of `from` in a file.
    fn edit(&self, file: &str, from: &str, to: &str) -> &Self {
        let path = self.0.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` must occur once in {file}"
        );
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// The 1-based line of the first occurrence of `needle` in a file.
    fn line_of(&self, file: &str, needle: &str) -> usize {
        let text = std::fs::read_to_string(self.0.join(file)).unwrap();
        text[..text
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` not in {file}"))]
            .matches('\n')
            .count()
            + 1
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `check` and `export --out` on a broken copy: both must fail naming `location` with
/// `message` and `help`, and the export must leave no file behind.
fn assert_rejected(scratch: &Scratch, location: &str, message: &str, help: &str) {
    let out = scratch.0.join("out.geojson");
    for args in [
        &["check"][..],
        &[
            "export",
            "--format",
            "geojson",
            "--out",
            out.to_str().unwrap(),
        ],
    ] {
        let output = kharita(args, &scratch.0);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success(),
            "{args:?} must fail; stderr:\n{stderr}"
        );
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!("--> {location}")),
            "expected location {location} in:\n{stderr}"
        );
        assert!(
            stderr.contains(message),
            "expected `{message}` in:\n{stderr}"
        );
        assert!(
            stderr.contains(help),
            "expected help `{help}` in:\n{stderr}"
        );
        assert!(
            output.stdout.is_empty(),
            "nothing on stdout when the data is broken"
        );
    }
    let left: Vec<_> = std::fs::read_dir(&scratch.0)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(!out.exists(), "no output file may be written");
    assert!(
        left.iter()
            .all(|name| !name.to_string_lossy().ends_with(".tmp")),
        "no temporary left: {left:?}"
    );
}

#[test]
fn check_passes_on_the_committed_data() {
    let output = kharita(&["check"], &repository());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("5 sources, 15 sites"), "{stderr}");
}

#[test]
fn export_prints_geojson_and_csv_and_writes_files_atomically() {
    let geojson = kharita_ok(&["export", "--format", "geojson"]);
    let value: serde_json::Value = serde_json::from_slice(&geojson).unwrap();
    assert_eq!(value["type"], "FeatureCollection");
    assert_eq!(value["features"].as_array().unwrap().len(), 15);
    assert_eq!(value["sources"].as_array().unwrap().len(), 5);
    let jufra = value["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "jufra-air-base")
        .unwrap();
    let claim = &jufra["properties"]["claims"][0];
    assert_eq!(claim["target"]["selector"][0]["type"], "TextQuoteSelector");
    assert_eq!(
        claim["target"]["selector"][1]["type"],
        "TextPositionSelector"
    );

    let csv = String::from_utf8(kharita_ok(&["export", "--format", "csv"])).unwrap();
    let claims = kharita_core::load::load(&repository())
        .unwrap()
        .claims()
        .len();
    assert!(csv.starts_with("claim_id,source,sites,precision,geo_precision,stance"));
    assert_eq!(csv.matches("\r\nc00").count(), claims, "one row per claim");
    let mut rows = csv.lines().map(|line| line.split(',').collect::<Vec<_>>());
    rows.next();
    for row in rows.filter(|row| row[0].starts_with("c00")) {
        let (sites, precisions, codes) = (row[2].split(';'), row[3].split(';'), row[4].split(';'));
        assert_eq!(sites.count(), precisions.clone().count(), "{row:?}");
        for (precision, code) in precisions.zip(codes) {
            let expected = match precision {
                "runway" | "town" => "1",
                "region" => "3",
                "unknown" => "",
                other => panic!("precision {other}"),
            };
            assert_eq!(code, expected, "{row:?}");
        }
    }

    let scratch = Scratch::new("export");
    let out = scratch.0.join("atlas.geojson");
    std::fs::write(&out, "old").unwrap();
    kharita_ok(&[
        "export",
        "--format",
        "geojson",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        geojson,
        "--out writes what stdout shows"
    );
}

#[test]
fn every_exported_annotation_meets_the_musts_of_the_web_annotation_model() {
    let output = kharita_ok(&["export", "--format", "annotations"]);
    let collection: serde_json::Value = serde_json::from_slice(&output).unwrap();
    let items = collection["first"]["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        assert_eq!(
            web_annotation::broken_musts(item),
            Vec::<String>::new(),
            "{}",
            item["id"]
        );
        for key in ["creator", "created", "generator"] {
            assert!(item.get(key).is_some(), "{}: no {key}", item["id"]);
        }
    }
}

#[test]
fn annotations_export_reproduces_every_quote_from_its_text_position() {
    let base = "https://example.org/atlas/";
    let output = kharita_ok(&["export", "--format", "annotations", "--base-url", base]);
    let collection: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(collection["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(collection["type"], "AnnotationCollection");
    assert_eq!(collection["id"], format!("{base}annotations.jsonld"));
    let atlas = kharita_core::load::load(&repository()).unwrap();
    let items = collection["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), atlas.claims().len());
    assert_eq!(collection["total"], atlas.claims().len());
    for (item, claim) in items.iter().zip(atlas.claims()) {
        assert_eq!(item["type"], "Annotation");
        assert_eq!(item["@context"], "http://www.w3.org/ns/anno.jsonld");
        assert_eq!(item["id"], format!("{base}annotations/{}.jsonld", claim.id));
        let source = atlas.source(&claim.source).unwrap();
        assert_eq!(item["created"], format!("{}T00:00:00Z", source.recorded));
        let target = &item["target"];
        let published = target["source"].as_str().unwrap();
        let file = published
            .strip_prefix(base)
            .expect("the published copy, under the base URL");
        assert_eq!(file, source.file);
        let text = std::fs::read_to_string(repository().join(file)).unwrap();
        let selector = |kind: &str| {
            target["selector"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["type"] == kind)
                .unwrap_or_else(|| panic!("{}: no {kind}", claim.id))
                .clone()
        };
        let quote = selector("TextQuoteSelector");
        let position = selector("TextPositionSelector");
        let start = usize::try_from(position["start"].as_u64().unwrap()).unwrap();
        let end = usize::try_from(position["end"].as_u64().unwrap()).unwrap();
        let by_position: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(
            by_position,
            quote["exact"].as_str().unwrap(),
            "{}",
            claim.id
        );
        assert_eq!(by_position, claim.target.exact(), "{}", claim.id);
        let before: String = text.chars().take(start).collect();
        assert!(
            before.ends_with(quote["prefix"].as_str().unwrap()),
            "{}: prefix",
            claim.id
        );
        let stance = item["body"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["purpose"] == "classifying")
            .unwrap();
        assert!(
            ["asserts", "denies", "hedged", "calls-for"]
                .contains(&stance["value"].as_str().unwrap())
        );
    }
}

#[test]
fn usage_errors_exit_2_with_help() {
    for args in [
        &["export"][..],
        &["export", "--format", "kml"],
        &["frobnicate"],
        &["check", "--bogus"],
    ] {
        let output = kharita(args, &repository());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("USAGE"),
            "{args:?}"
        );
    }
}

#[test]
fn broken_toml_names_file_line_and_column() {
    let scratch = Scratch::new("toml");
    scratch.edit(SITES, "name_en = \"Sirte\"", "name_en = \"Sirte");
    let line = scratch.line_of(SITES, "name_en = \"Sirte");
    assert_rejected(
        &scratch,
        &format!("{SITES}:{line}:"),
        "invalid TOML",
        "fix the TOML at this position",
    );
}

#[test]
fn quote_not_in_the_text_shows_the_closest_passage() {
    let scratch = Scratch::new("quote");
    scratch.edit(
        KHADIM_TOML,
        "نقل روسيا رادارات وأنظمة",
        "نقل روسيا رادار وأنظمة",
    );
    let line = scratch.line_of(KHADIM_TOML, "نقل روسيا رادار وأنظمة");
    assert_rejected(
        &scratch,
        &format!("{KHADIM_TOML}:{line}:9"),
        "the quote is not in the text (seeds/001_4ce8ccc95ca4f09b.txt)",
        "the closest passage (2 edits away) is at seeds/001_4ce8ccc95ca4f09b.txt:",
    );
}

#[test]
fn quote_found_twice_asks_for_a_prefix_or_suffix() {
    let scratch = Scratch::new("twice");
    scratch.edit(
        KHADIM_TOML,
        "quote = \"روسيا تدير حاليا أربع قواعد جوية رئيسية في ليبيا\"",
        "quote = \"في ليبيا\"",
    );
    let line = scratch.line_of(KHADIM_TOML, "quote = \"في ليبيا\"");
    assert_rejected(
        &scratch,
        &format!("{KHADIM_TOML}:{line}:9"),
        "the quote occurs",
        "set prefix = \"…\" or suffix = \"…\"",
    );
}

#[test]
fn unknown_site_id_suggests_the_closest() {
    let scratch = Scratch::new("site");
    scratch.edit(
        KHADIM_TOML,
        "sites = [\"al-khadim-air-base\"]",
        "sites = [\"al-kadim-air-base\"]",
    );
    let line = scratch.line_of(KHADIM_TOML, "al-kadim-air-base");
    assert_rejected(
        &scratch,
        &format!("{KHADIM_TOML}:{line}:10"),
        "unknown site id `al-kadim-air-base`",
        "did you mean `al-khadim-air-base`?",
    );
}

#[test]
fn duplicate_claim_id_across_files_names_the_first() {
    let scratch = Scratch::new("duplicate");
    scratch.edit(
        JUFRA_TOML,
        "id = \"c004-lna-denies-jet-delivery\"",
        "id = \"c001-russia-runs-four-air-bases\"",
    );
    scratch.edit(JUFRA_TOML, "\"c004-lna-denies-jet-delivery\", ", "");
    let line = scratch.line_of(JUFRA_TOML, "id = \"c001-russia-runs-four-air-bases\"");
    assert_rejected(
        &scratch,
        &format!("{JUFRA_TOML}:{line}:6"),
        "duplicate claim id `c001-russia-runs-four-air-bases`",
        "already used at seeds/001_4ce8ccc95ca4f09b.toml:",
    );
}

#[test]
fn latitude_out_of_range_is_rejected() {
    let scratch = Scratch::new("range");
    scratch.edit(SITES, "lat = 29.1981", "lat = 129.1981");
    let line = scratch.line_of(SITES, "lat = 129.1981");
    assert_rejected(
        &scratch,
        &format!("{SITES}:{line}:"),
        "latitude 129.1981 is out of range",
        "within ±90°",
    );
}

#[test]
fn swapped_latitude_and_longitude_are_caught_by_the_country_bounds() {
    let scratch = Scratch::new("swap");
    scratch.edit(
        SITES,
        "lat = 29.1981, lon = 16.001",
        "lat = 16.001, lon = 29.1981",
    );
    let line = scratch.line_of(SITES, "lat = 16.001");
    assert_rejected(
        &scratch,
        &format!("{SITES}:{line}:"),
        "is not in LY",
        "lat and lon look swapped",
    );
}

#[test]
fn metadata_without_its_article_is_a_missing_source() {
    let scratch = Scratch::new("missing");
    std::fs::remove_file(scratch.0.join("seeds/002_364101deaff9afe9.txt")).unwrap();
    assert_rejected(
        &scratch,
        "seeds/002_364101deaff9afe9.toml",
        "missing source: there is no article text seeds/002_364101deaff9afe9.txt",
        "add the article verbatim as seeds/002_364101deaff9afe9.txt",
    );
}

#[test]
fn article_without_metadata_is_reported() {
    let scratch = Scratch::new("orphan");
    std::fs::write(scratch.0.join("seeds/005_new.txt"), "نص جديد").unwrap();
    assert_rejected(
        &scratch,
        "seeds/005_new.txt",
        "this article has no metadata",
        "add seeds/005_new.toml",
    );
}

#[test]
fn hostile_strings_are_rejected_not_passed_on() {
    let scratch = Scratch::new("hostile");
    let summary = "summary_en = \"The Libyan National Army denied the US military's account of the delivery.\"";
    scratch.edit(
        JUFRA_TOML,
        summary,
        "summary_en = \"Denied \\u202E<script>alert(1)</script>\"",
    );
    let line = scratch.line_of(JUFRA_TOML, "<script>");
    assert_rejected(
        &scratch,
        &format!("{JUFRA_TOML}:{line}:14"),
        "summary_en contains the invisible character U+202E",
        "bidi-override",
    );
}

#[test]
fn markup_in_an_id_is_rejected() {
    let scratch = Scratch::new("id");
    scratch.edit(
        SITES,
        "id = \"tunisia\"",
        "id = \"<img src=x onerror=alert(1)>\"",
    );
    let line = scratch.line_of(SITES, "<img");
    assert_rejected(
        &scratch,
        &format!("{SITES}:{line}:6"),
        "is not a valid site id",
        "lowercase ASCII",
    );
}

#[test]
fn unknown_actor_and_misspelt_field_are_both_reported() {
    let scratch = Scratch::new("actor");
    scratch.edit(
        JUFRA_TOML,
        "claimant = \"ahmed-al-mismari\"",
        "claimant = \"ahmed-mismari\"",
    );
    let line = scratch.line_of(JUFRA_TOML, "\"ahmed-mismari\"");
    assert_rejected(
        &scratch,
        &format!("{JUFRA_TOML}:{line}:12"),
        "unknown actor id `ahmed-mismari`",
        "did you mean `ahmed-al-mismari`?",
    );

    let field = Scratch::new("field");
    field.edit(
        KHADIM_TOML,
        "summary_en = \"The report says Russia currently",
        "sumary_en = \"The report says Russia currently",
    );
    assert_rejected(
        &field,
        KHADIM_TOML,
        "unknown field `sumary_en`",
        "fix the TOML",
    );
}

#[test]
fn hedged_claim_without_its_hedge_is_rejected() {
    let scratch = Scratch::new("hedge");
    scratch.edit(KHADIM_TOML, "hedge = \"يُرجح\"\n", "");
    let line = scratch.line_of(KHADIM_TOML, "quote = \"قاعدة الخادم");
    assert_rejected(
        &scratch,
        &format!("{KHADIM_TOML}:{line}:9"),
        "a hedged claim needs its hedge",
        "hedge = \"…\"",
    );
}

#[test]
fn impossible_date_and_unstated_wording_are_rejected() {
    let scratch = Scratch::new("date");
    scratch.edit(
        JUFRA_TOML,
        "value = \"2020-05/2020-06\"",
        "value = \"2020-13\"",
    );
    let line = scratch.line_of(JUFRA_TOML, "2020-13");
    assert_rejected(
        &scratch,
        &format!("{JUFRA_TOML}:{line}:"),
        "the month is not between 01 and 12",
        "value = \"2024-05\"",
    );

    let wording = Scratch::new("wording");
    wording.edit(
        JUFRA_TOML,
        "as_written = \"يوم الأربعاء\"",
        "as_written = \"يوم الثلاثاء\"",
    );
    assert_rejected(
        &wording,
        JUFRA_TOML,
        "as_written «يوم الثلاثاء» is not in the article",
        "copy the words",
    );
}

/// Each of `expected` is in `stderr`, after the one before it.
fn assert_in_order(stderr: &str, expected: &[&str]) {
    let mut last = 0;
    for expected in expected {
        let at = stderr
            .find(expected)
            .unwrap_or_else(|| panic!("missing `{expected}` in:\n{stderr}"));
        assert!(at > last, "`{expected}` out of file order in:\n{stderr}");
        last = at;
    }
}

#[test]
fn every_problem_is_listed_in_one_run() {
    let scratch = Scratch::new("many");
    scratch.edit(SITES, "lat = 29.1981", "lat = 129.1981");
    scratch.edit(
        KHADIM_TOML,
        "sites = [\"al-khadim-air-base\"]",
        "sites = [\"nowhere\"]",
    );
    scratch.edit(
        JUFRA_TOML,
        "claimant = \"ahmed-al-mismari\"",
        "claimant = \"nobody\"",
    );
    let output = kharita(&["check"], &scratch.0);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    // In file order (sites, then articles by name), though articles are checked in parallel.
    assert_in_order(
        &stderr,
        &[
            "latitude 129.1981",
            "unknown site id `nowhere`",
            "unknown actor id `nobody`",
        ],
    );
    assert!(stderr.contains("problems found"), "{stderr}");
}

/// Sites are checked on every core; their problems still come in file order, and of two sites
/// with one id the first keeps it.
#[test]
fn site_problems_are_listed_in_file_order_and_a_duplicate_id_names_the_first() {
    let scratch = Scratch::new("sites-order");
    scratch.edit(SITES, "lat = 29.1981", "lat = 129.1981");
    scratch.edit(
        SITES,
        "id = \"maaten-al-sarra-air-base\"",
        "id = \"jufra-air-base\"",
    );
    scratch.edit(
        SITES,
        "names_ar = [\"ليبيا\"]",
        "names_ar = [\"ليبيا الكبرى\"]",
    );
    let first = scratch.line_of(SITES, "id = \"jufra-air-base\"");
    let output = kharita(&["check"], &scratch.0);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_in_order(
        &stderr,
        &[
            "latitude 129.1981",
            "duplicate site id `jufra-air-base`",
            &format!("the id is already defined at {SITES}:{first}:"),
            "the Arabic name «ليبيا الكبرى» is in none of the articles",
        ],
    );
}

/// One mistake, one error: a record that does not read, in any kind of input file, is reported
/// once, where it is, and what refers to it (claims naming the site, actor or claim) is not
/// reported again as an unknown id. A file that is not TOML at all is one problem too.
#[test]
fn one_broken_record_is_one_problem_in_every_kind_of_file() {
    // (what is broken, file, text, its replacement, the line's text after, the message)
    let cases = [
        (
            "a site's field of the wrong type",
            SITES,
            "lat = 29.1981",
            "lat = \"29.1981\"",
            "lat = \"29.1981\"",
            "invalid type",
        ),
        (
            "a site file that is not TOML",
            SITES,
            "name_en = \"Al Jufra Air Base\"",
            "name_en = \"Al Jufra Air Base",
            "name_en = \"Al Jufra Air Base",
            "invalid TOML",
        ),
        (
            "a misspelt [[site]] header",
            SITES,
            "[[site]]\nid = \"jufra-air-base\"",
            "[[sites]]\nid = \"jufra-air-base\"",
            "[[sites]]",
            "unknown field `sites`",
        ),
        (
            "an actor's field of the wrong type",
            ACTORS,
            "name_en = \"Hespress (Moroccan news site)\"",
            "name_en = [\"Hespress\"]",
            "name_en = [\"Hespress\"]",
            "invalid type",
        ),
        (
            "an actor's name with a bidi override",
            ACTORS,
            "name_en = \"Hespress (Moroccan news site)\"",
            "name_en = \"Hespress \u{202E}(Moroccan news site)\"",
            "name_en = \"Hespress",
            "U+202E",
        ),
        (
            "an actor file that is not TOML",
            ACTORS,
            "id = \"hespress\"",
            "id = hespress",
            "id = hespress",
            "invalid TOML",
        ),
        (
            "a claim's stance that is no stance",
            JUFRA_TOML,
            "id = \"c004-lna-denies-jet-delivery\"\nsites = [\"jufra-air-base\"]\nstance = \"denies\"",
            "id = \"c004-lna-denies-jet-delivery\"\nsites = [\"jufra-air-base\"]\nstance = \"refutes\"",
            "stance = \"refutes\"",
            "unknown variant `refutes`",
        ),
        (
            "an article's source of the wrong shape",
            KHADIM_TOML,
            "language = \"ar\"",
            "language = [\"ar\"]",
            "language = [\"ar\"]",
            "invalid type",
        ),
        (
            "an article's metadata that is not TOML",
            JUFRA_TOML,
            "id = \"c004-lna-denies-jet-delivery\"",
            "id = \"c004-lna-denies-jet-delivery",
            "id = \"c004-lna-denies-jet-delivery",
            "invalid TOML",
        ),
    ];
    for (what, file, from, to, at, message) in cases {
        let scratch = Scratch::new("one-mistake");
        scratch.edit(file, from, to);
        let line = scratch.line_of(file, at);
        let output = kharita(&["check"], &scratch.0);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{what}:\n{stderr}");
        let problems: Vec<&str> = stderr.lines().filter(|l| l.contains("--> ")).collect();
        assert_eq!(
            problems.len(),
            1,
            "{what}: one problem expected in:\n{stderr}"
        );
        assert!(
            problems[0].contains(&format!("--> {file}:{line}:")),
            "{what}: expected at {file}:{line} in:\n{stderr}"
        );
        assert!(
            stderr.contains(message),
            "{what}: expected `{message}` in:\n{stderr}"
        );
    }
}

/// The site name as the seed texts spell it, which the Arabic render must carry as text.
const JUFRA_AR: &str = "قاعدة الجفرة";

#[test]
fn render_writes_a_well_formed_svg_with_the_arabic_labels() {
    let svg = kharita_ok(&[
        "render",
        "--site",
        "jufra-air-base",
        "--claim",
        "c004-lna-denies-jet-delivery",
        "--lang",
        "ar",
        "--format",
        "svg",
        "--width",
        "800",
    ]);
    let svg = String::from_utf8(svg).expect("UTF-8");
    let document = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("width"), Some("800"));
    assert_eq!(root.attribute("lang"), Some("ar"));
    let texts: Vec<String> = root
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains(JUFRA_AR)),
        "no Arabic site label in {texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("Natural Earth")),
        "no attribution in {texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("نفى الجيش الوطني الليبي")),
        "the claim's Arabic summary is missing from {texts:?}"
    );
}

/// The hostile pack (markup, script, `javascript:` and `data:` addresses, bidi overrides,
/// zero-width and control characters, a megabyte quote, 10,000 claims on one site), drawn from
/// an exported atlas: a well-formed SVG that holds every value as text and nothing that runs.
#[test]
fn render_draws_a_hostile_pack_as_text_in_a_well_formed_svg() {
    let scratch = Scratch::new("hostile-pack");
    let seed = String::from_utf8(kharita_ok(&["export", "--format", "geojson"])).unwrap();
    let pack = scratch.0.join("hostile.geojson");
    std::fs::write(&pack, hostile::pack(&seed)).unwrap();
    let pack = pack.to_str().unwrap();
    for args in [
        &[
            "--site",
            hostile::SITE,
            "--claim",
            hostile::LONG_QUOTE_CLAIM,
            "--lang",
            "en",
        ][..],
        &["--site", hostile::SITE, "--lang", "ar"],
        &["--lang", "en"],
    ] {
        // The basemap comes from the repository; the atlas, only from the pack.
        let output = kharita(
            &[&["render", "--atlas", pack], args].concat(),
            &repository(),
        );
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let svg = String::from_utf8(output.stdout).unwrap();
        let document = roxmltree::Document::parse(&svg)
            .unwrap_or_else(|error| panic!("{args:?}: not well-formed XML: {error}"));
        for node in document.descendants().filter(roxmltree::Node::is_element) {
            let name = node.tag_name().name();
            assert!(
                !["script", "img", "iframe", "b", "foreignObject", "a"].contains(&name),
                "{args:?}: a <{name}> element"
            );
            for attribute in node.attributes() {
                assert!(
                    !attribute.name().starts_with("on"),
                    "{args:?}: an {} attribute",
                    attribute.name()
                );
                // Text may say anything; an address may only be the SVG's own.
                if ["href", "src"].contains(&attribute.name()) {
                    assert!(
                        attribute.value().starts_with('#'),
                        "{args:?}: {}={}",
                        attribute.name(),
                        attribute.value()
                    );
                }
            }
        }
        let text: String = document
            .descendants()
            .filter_map(|node| node.text())
            .collect();
        // A map of every site names none of them.
        if !args.contains(&"--site") {
            continue;
        }
        let shown = if args.contains(&"ar") {
            "<b onmouseover=\"window.hacked=3\">الجفرة</b>"
        } else {
            "<script>window.hacked=1</script>"
        };
        assert!(
            text.contains(shown),
            "{args:?}: `{shown}` is not in the text"
        );
    }
}

#[test]
fn render_without_a_site_marks_every_located_site_alike() {
    let svg = String::from_utf8(kharita_ok(&["render", "--lang", "en"])).expect("UTF-8");
    let document = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let markers = document
        .descendants()
        .filter(|n| n.has_tag_name("circle") && n.attribute("fill") == Some("#4b5563"))
        .count();
    let exported = kharita_ok(&["export", "--format", "geojson"]);
    let atlas: serde_json::Value = serde_json::from_slice(&exported).unwrap();
    let located = atlas["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|feature| !feature["geometry"].is_null())
        .count();
    assert_eq!(markers, located);
    assert!(!svg.contains("#b45309"), "no site is singled out");
}

#[test]
fn render_writes_a_valid_png_at_the_requested_width() {
    let scratch = Scratch::new("render-png");
    let out = scratch.0.join("jufra.png");
    kharita_ok(&[
        "render",
        "--site",
        "jufra-air-base",
        "--lang",
        "ar",
        "--format",
        "png",
        "--width",
        "640",
        "--out",
        out.to_str().unwrap(),
    ]);
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&out).unwrap()));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a frame size")];
    let frame = reader
        .next_frame(&mut pixels)
        .expect("PNG data that decodes");
    assert_eq!(frame.width, 640);
    assert!(frame.height > 300, "{}", frame.height);
    // The header band holds the dark Arabic title; a blank or undecodable image would not.
    let row_bytes = frame.line_size;
    let header = &pixels[..row_bytes * 40];
    let dark = header
        .chunks(4)
        .filter(|p| p[0] < 80 && p[1] < 80 && p[2] < 80)
        .count();
    assert!(
        dark > 100,
        "only {dark} dark pixels where the title should be"
    );
}

#[test]
fn render_rejects_unknown_ids_bad_widths_and_formats_and_writes_nothing() {
    let scratch = Scratch::new("render-bad");
    let out = scratch.0.join("never.svg");
    for (args, message) in [
        (
            &["--site", "<script>alert(1)</script>"][..],
            "unknown site `<script>alert(1)</script>`",
        ),
        (
            &["--site", "jufra-air-base", "--claim", "c000-no-such-claim"][..],
            "unknown claim `c000-no-such-claim`",
        ),
        (
            &[
                "--site",
                "tobruk",
                "--claim",
                "c004-lna-denies-jet-delivery",
            ][..],
            "is not about site `tobruk`",
        ),
        (
            &["--claim", "c004-lna-denies-jet-delivery"][..],
            "no site was named\n  = help: pass --site too",
        ),
        (
            &["--site", "jufra-air-base", "--width", "12"][..],
            "width 12 is out of range: 240 to 4096 pixels\n  = help: pass a --width in range",
        ),
    ] {
        let mut all = vec!["render"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--out", out.to_str().unwrap()]);
        let output = kharita(&all, &repository());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(!out.exists(), "{args:?} wrote {}", out.display());
    }
    for (args, message) in [
        (
            &["render", "--site", "jufra-air-base", "--format", "gif"][..],
            "use --format svg or png",
        ),
        (
            &["render", "--lang", "fr", "--site", "jufra-air-base"][..],
            "use --lang ar or en",
        ),
    ] {
        let output = kharita(args, &repository());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn a_source_records_when_its_claims_were_recorded_and_a_web_address_if_any() {
    let day = Scratch::new("recorded");
    day.edit(
        JUFRA_TOML,
        "recorded = \"2026-11-22\"",
        "recorded = \"2026-11\"",
    );
    let line = day.line_of(JUFRA_TOML, "recorded = ");
    assert_rejected(
        &day,
        &format!("{JUFRA_TOML}:{line}:"),
        "recorded: `2026-11` is not a date: a day is needed (YYYY-MM-DD)",
        "recorded = \"2026-11-22\"",
    );

    let order = Scratch::new("revised");
    order.edit(
        JUFRA_TOML,
        "recorded = \"2026-11-22\"",
        "recorded = \"2026-11-22\"\nrevised = \"2026-11-01\"",
    );
    assert_rejected(
        &order,
        JUFRA_TOML,
        "revised 2026-11-01 is before recorded 2026-11-22",
        "on or after recorded",
    );

    let relative = Scratch::new("url");
    relative.edit(
        JUFRA_TOML,
        "recorded = \"2026-11-22\"",
        "recorded = \"2026-11-22\"\nurl = \"javascript:alert(1)\"",
    );
    let line = relative.line_of(JUFRA_TOML, "url = ");
    assert_rejected(
        &relative,
        &format!("{JUFRA_TOML}:{line}:"),
        "url: `javascript:alert(1)` is not an absolute http(s) URL",
        "the article's address as published",
    );
}

#[test]
fn an_article_with_a_canonical_url_is_the_target_of_its_annotations() {
    let scratch = Scratch::new("canonical");
    let url = "https://example.com/2020/05/jufra";
    scratch.edit(
        JUFRA_TOML,
        "recorded = \"2026-11-22\"",
        &format!("recorded = \"2026-11-22\"\nrevised = \"2026-12-06\"\nurl = \"{url}\""),
    );
    std::fs::write(
        scratch.0.join("assets/map.toml"),
        "[publish]\nbase_url = \"https://example.org/atlas\"\ncreator = \"A newsroom\"\n",
    )
    .unwrap();
    let output = kharita(&["export", "--format", "annotations"], &scratch.0);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let collection: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let items = collection["first"]["items"].as_array().unwrap();
    let of_jufra: Vec<_> = items
        .iter()
        .filter(|item| item["target"]["source"] == url)
        .collect();
    assert!(!of_jufra.is_empty());
    for item in of_jufra {
        assert_eq!(web_annotation::broken_musts(item), Vec::<String>::new());
        assert_eq!(item["modified"], "2026-12-06T00:00:00Z");
        assert_eq!(item["creator"]["name"], "A newsroom");
        assert!(
            item["id"]
                .as_str()
                .unwrap()
                .starts_with("https://example.org/atlas/annotations/")
        );
        // Positions count in the copy published with the map, not in the page at the URL.
        let selectors = item["target"]["selector"].as_array().unwrap();
        assert!(
            selectors.iter().all(|s| s["type"] == "TextQuoteSelector"),
            "{item}"
        );
    }
}

#[test]
fn annotations_without_a_base_url_stop_with_the_setting_to_set_and_write_nothing() {
    // The scratch copy has no assets/map.toml.
    let scratch = Scratch::new("no-base-url");
    let out = scratch.0.join("annotations.jsonld");
    let output = kharita(
        &[
            "export",
            "--format",
            "annotations",
            "--out",
            out.to_str().unwrap(),
        ],
        &scratch.0,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("assets/map.toml: [publish] base_url is not set")
            && stderr.contains("--base-url"),
        "{stderr}"
    );
    assert!(!out.exists());

    let with_base = kharita(
        &["export", "--format", "annotations", "--base-url", "seeds/"],
        &scratch.0,
    );
    let stderr = String::from_utf8_lossy(&with_base.stderr);
    assert_eq!(with_base.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("base_url: `seeds/` is not an absolute http(s) URL"),
        "{stderr}"
    );
}

#[test]
fn bundle_without_a_built_map_says_how_to_build_one_and_writes_nothing() {
    let scratch = Scratch::new("bundle");
    let out = scratch.0.join("atlas.html");
    let output = kharita(&["bundle", "--out", out.to_str().unwrap()], &scratch.0);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("holds no built map (archive-boot.js is missing): run `cargo xtask dist`, or pass --app DIR"),
        "{stderr}"
    );
    assert!(!out.exists());
    let output = kharita(&["bundle"], &scratch.0);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`bundle` needs --out FILE"));
}

// ---- Authoring: `kharita mentions` and `kharita add` ----

const ARTICLE_AR: &str = "tests/fixtures/authoring/article-ar.txt";
const ARTICLE_EN: &str = "tests/fixtures/authoring/article-en.txt";

/// `kharita mentions --format json` on files of the repository, parsed.
fn mentions_json(files: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["mentions", "--format", "json"];
    let paths: Vec<String> = files
        .iter()
        .map(|file| repository().join(file).display().to_string())
        .collect();
    args.extend(paths.iter().map(String::as_str));
    serde_json::from_slice(&kharita_ok(&args)).expect("mentions prints a JSON array")
}

/// Kilometres between two points (haversine).
fn kilometres((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let a = ((p2 - p1) / 2.0).sin().powi(2)
        + p1.cos() * p2.cos() * ((lon2 - lon1).to_radians() / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

#[test]
fn mentions_finds_every_spelling_clitic_and_transliteration_with_exact_spans() {
    let found = mentions_json(&[ARTICLE_AR, ARTICLE_EN]);
    let summary: Vec<(String, String, String)> = found
        .iter()
        .map(|m| {
            (
                m["site"].as_str().unwrap_or("candidate").to_owned(),
                m["text"].as_str().unwrap().to_owned(),
                m["match"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("libya", "ليبيا", "exact"),
        ("jufra-air-base", "قاعدة الجُفرة الجوية", "normalised"),
        ("jufra-air-base", "الجفره", "normalised"),
        ("tobruk", "بطبرق", "clitic"),
        ("jufra-air-base", "والجـفرة", "clitic"),
        ("jufra-air-base", "للجفرة", "clitic"),
        ("candidate", "قاعدة القرضابية الجوية", "candidate"),
        ("sirte", "سرت", "exact"),
        ("al-khadim-air-base", "قاعدة الخادم", "exact"),
        ("libya", "Libya", "exact"),
        ("jufra-air-base", "Al Jufrah", "transliterated"),
        ("jufra-air-base", "al-Jufra", "transliterated"),
        ("jufra-air-base", "Jufra", "transliterated"),
        ("candidate", "Gardabya Air Base", "candidate"),
        ("sirte", "Sirte", "exact"),
        ("tobruk", "Tobruk", "exact"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
        .collect();
    assert_eq!(summary, expected);
    for mention in &found {
        let file = mention["file"].as_str().unwrap();
        let text = std::fs::read_to_string(file).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let position = |key: &str| usize::try_from(mention[key].as_u64().unwrap()).unwrap();
        let (start, end) = (position("start"), position("end"));
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(slice, mention["text"].as_str().unwrap(), "{mention}");
        let line = chars[..start].iter().filter(|&&c| c == '\n').count() + 1;
        assert_eq!(position("line"), line, "{mention}");
    }
    // The generic "القاعدة" (the base) of line 6 is no site and no candidate.
    assert!(found.iter().all(|m| m["text"] != "القاعدة"));
    // The unknown air base: the gazetteer's first suggestion is the airfield itself (Al
    // Gardabiya, south of Sirte, 31°03′49″N 16°35′42″E), within a few kilometres.
    for candidate in found.iter().filter(|m| m["site"].is_null()) {
        let best = &candidate["suggestions"][0];
        assert_eq!(best["id"], "HLGD", "{candidate}");
        assert_eq!(best["source"], "airportsdata 20260905");
        let at = (best["lat"].as_f64().unwrap(), best["lon"].as_f64().unwrap());
        assert!(kilometres(at, (31.0636, 16.5950)) < 5.0, "{at:?}");
    }
}

#[test]
fn mentions_prints_file_line_column_site_and_how_for_people() {
    let path = repository().join(ARTICLE_AR);
    let out = String::from_utf8(kharita_ok(&["mentions", path.to_str().unwrap()])).unwrap();
    let file = path.display();
    assert!(
        out.contains(&format!("{file}:4:27  tobruk  «بطبرق»  (clitic)")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{file}:5:43  candidate  «قاعدة القرضابية الجوية»  (candidate)\n    1. Gardabya Airport (airportsdata 20260905 HLGD, LY)"
        )),
        "{out}"
    );
    let missing = kharita(&["mentions", "/nonexistent/article.txt"], &repository());
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/article.txt"));
}

/// The articles in a scratch atlas's seeds/, by name.
fn seed_names(scratch: &Scratch) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(scratch.0.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn add_copies_the_article_byte_for_byte_and_drafts_claims_that_check_accepts() {
    let scratch = Scratch::new("add");
    let article = repository().join(ARTICLE_AR);
    let output = kharita(
        &[
            "add",
            article.to_str().unwrap(),
            "--title",
            "تقرير: تحركات عسكرية جديدة في ليبيا",
        ],
        &scratch.0,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("5 draft claims, 1 candidate"), "{stderr}");
    let bytes = std::fs::read(&article).unwrap();
    let digest = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(&bytes));
    let stem = format!("005_{}", &digest[..16]);
    assert!(seed_names(&scratch).contains(&format!("{stem}.txt")));
    assert_eq!(
        std::fs::read(scratch.0.join(format!("seeds/{stem}.txt"))).unwrap(),
        bytes,
        "the article is copied byte for byte"
    );
    let toml_path = format!("seeds/{stem}.toml");
    let metadata = std::fs::read_to_string(scratch.0.join(&toml_path)).unwrap();
    assert!(metadata.contains("sites = [\"tobruk\", \"jufra-air-base\"]\nquote = \"وأضاف المصدر أن سفناً رست بطبرق، فيما وصلت شحنة أخرى والجـفرة كانت وجهتها الأخيرة.\""), "{metadata}");
    assert!(
        metadata.contains("#   id = \"gardabya-airport\""),
        "{metadata}"
    );
    assert!(metadata.contains("HLGD"), "{metadata}");

    // Drafts pass check, are listed with file:line, and fail --strict.
    let check = kharita(&["check"], &scratch.0);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(
        stderr.contains("ok: 5 sources, 15 sites, 44 claims"),
        "{stderr}"
    );
    assert!(stderr.contains("6 drafts to finish"), "{stderr}");
    let line = scratch.line_of(&toml_path, "id = \"c005-draft-03\"") - 1;
    assert!(
        stderr.contains(&format!("{toml_path}:{line}: draft claim c005-draft-03 (to write: claimant, stance, topic, summary_en, summary_ar)")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{toml_path}:6: draft source (to write: title_en, outlet, published)"
        )),
        "{stderr}"
    );
    let strict = kharita(&["check", "--strict"], &scratch.0);
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("--strict: 6 drafts to finish"));

    // Drafts are never exported.
    let export = kharita(&["export", "--format", "geojson"], &scratch.0);
    assert!(export.status.success());
    let geojson = String::from_utf8(export.stdout).unwrap();
    assert!(!geojson.contains("c005-draft"), "a draft was exported");
    assert!(!geojson.contains("005_"), "a draft source was exported");

    // Finished, the source and one claim are on the map; the other drafts wait.
    scratch.edit(&toml_path, "[source]\nstatus = \"draft\"\n", "[source]\n");
    scratch.edit(
        &toml_path,
        "# title_en = \"…\"   # the headline in English\n",
        "title_en = \"Report: new military movements in Libya\"\n",
    );
    scratch.edit(
        &toml_path,
        "# outlet = { basis = \"stated\", name = \"…\" }",
        "outlet = { basis = \"unknown\", evidence = \"A test article.\" }",
    );
    scratch.edit(
        &toml_path,
        "# published = { basis = \"stated\", value = \"YYYY-MM-DD\", as_written = \"…\" }",
        "published = { basis = \"unknown\", evidence = \"A test article.\" }",
    );
    scratch.edit(
        &toml_path,
        "id = \"c005-draft-03\"\nstatus = \"draft\"\n",
        "id = \"c005-ships-docked-at-tobruk\"\nclaimant = \"article\"\nstance = \"asserts\"\ntopic = \"presence\"\nsummary_en = \"The source adds that ships docked at Tobruk.\"\nsummary_ar = \"يضيف المصدر أن سفنًا رست في طبرق.\"\n",
    );
    let check = kharita(&["check"], &scratch.0);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(
        stderr.contains("ok: 6 sources, 15 sites, 45 claims"),
        "{stderr}"
    );
    assert!(stderr.contains("4 drafts to finish"), "{stderr}");
}

#[test]
fn add_takes_english_articles_with_their_title_as_the_english_title() {
    let scratch = Scratch::new("add-en");
    let article = repository().join(ARTICLE_EN);
    let output = kharita(
        &[
            "add",
            article.to_str().unwrap(),
            "--lang",
            "en",
            "--title",
            "Russian cargo planes land in Libya",
        ],
        &scratch.0,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let name = seed_names(&scratch)
        .into_iter()
        .find(|n| n.starts_with("005_") && Path::new(n).extension().is_some_and(|e| e == "toml"))
        .unwrap();
    let metadata = std::fs::read_to_string(scratch.0.join("seeds").join(name)).unwrap();
    assert!(metadata.contains("language = \"en\"\n"), "{metadata}");
    assert!(
        metadata.contains("title_en = \"Russian cargo planes land in Libya\"\n"),
        "{metadata}"
    );
    assert!(metadata.contains("quote = \"Russian cargo aircraft landed at Al Jufrah last week, a military source said.\""), "{metadata}");
    assert!(kharita(&["check"], &scratch.0).status.success());
}

#[test]
fn add_refuses_an_empty_a_non_utf8_or_a_known_article_and_writes_nothing() {
    let scratch = Scratch::new("add-refused");
    let before = seed_names(&scratch);
    let empty = scratch.0.join("empty.txt");
    std::fs::write(&empty, " \n\t\n").unwrap();
    let latin1 = scratch.0.join("latin1.txt");
    std::fs::write(&latin1, b"Tobruk\n\xe9t\xe9").unwrap();
    let known = repository().join(JUFRA_TOML.replace(".toml", ".txt"));
    for (file, problem, help) in [
        (&empty, "the article is empty", "copy the article's text"),
        (
            &latin1,
            "not valid UTF-8 (line 2, byte 7)",
            "save the article as UTF-8",
        ),
        (
            &known,
            "the same text is already in the atlas as seeds/004_4e5fc412234f2c9f.txt",
            "nothing to add",
        ),
    ] {
        let output = kharita(&["add", file.to_str().unwrap()], &scratch.0);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&file.display().to_string()), "{stderr}");
        assert!(stderr.contains(problem), "{stderr}");
        assert!(stderr.contains(help), "{stderr}");
        assert_eq!(seed_names(&scratch), before, "nothing may be written");
    }
    let output = kharita(
        &[
            "add",
            known.to_str().unwrap(),
            "--title",
            "عنوان ليس في النص",
        ],
        &scratch.0,
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_finished_claim_missing_a_field_names_it_and_offers_a_draft() {
    let scratch = Scratch::new("missing-field");
    scratch.edit(JUFRA_TOML, "claimant = \"ahmed-al-mismari\"\n", "");
    let check = kharita(&["check"], &scratch.0);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("has no `claimant`"), "{stderr}");
    assert!(
        stderr.contains("or mark the claim status = \"draft\" while you write it"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 problem found"),
        "one mistake, one error: {stderr}"
    );
}

#[test]
fn a_draft_is_checked_as_far_as_it_is_written() {
    let scratch = Scratch::new("draft-checked");
    scratch.edit(
        JUFRA_TOML,
        "claimant = \"ahmed-al-mismari\"\n",
        "status = \"draft\"\nclaimant = \"ahmed-mismari\"\n",
    );
    let check = kharita(&["check"], &scratch.0);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("unknown actor id `ahmed-mismari`"),
        "{stderr}"
    );
}

#[test]
fn a_finished_claim_cannot_oppose_a_draft() {
    let scratch = Scratch::new("opposes-draft");
    scratch.edit(
        JUFRA_TOML,
        "id = \"c004-lna-denies-jet-delivery\"\n",
        "id = \"c004-lna-denies-jet-delivery\"\nstatus = \"draft\"\n",
    );
    let line = scratch.line_of(JUFRA_TOML, "opposes = [\"c004-lna-denies-jet-delivery\"");
    let check = kharita(&["check"], &scratch.0);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("claim `c004-lna-denies-jet-delivery` in opposes is a draft"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {JUFRA_TOML}:{line}:")),
        "{stderr}"
    );
    assert!(stderr.contains("1 problem found"), "{stderr}");
}
