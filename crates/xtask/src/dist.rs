//! Building `dist/`: the wasm app, its page, the atlas exported from the data, the basemap and
//! the article texts. Every URL inside is relative, so the folder works from any host and path.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::setup::{self, cargo, run};
use crate::step;

/// What the page loads, copied as they are from the repository.
const STATIC_FILES: &[(&str, &str)] = &[
    ("index.html", "index.html"),
    ("assets/kharita.css", "kharita.css"),
    ("assets/boot.js", "boot.js"),
    ("assets/embed.html", "embed.html"),
    ("assets/embed-boot.js", "embed-boot.js"),
    ("assets/embed.js", "embed.js"),
];

/// The most `dist/` may weigh, gzipped.
const BUDGET_BYTES: usize = 300_000;

/// Builds `dist/` and returns its path. The new folder replaces the old one only when complete.
pub(crate) fn build(root: &Path) -> Result<PathBuf> {
    setup::wasm_target()?;
    let atlas = match kharita_core::load::load(root) {
        Ok(atlas) => atlas,
        Err(kharita_core::Error::Invalid(diagnostics)) => {
            bail!("the atlas data has problems:\n{diagnostics}")
        }
        Err(error) => return Err(error.into()),
    };
    step("building the web app (cargo build --release --target wasm32-unknown-unknown)");
    run(cargo()
        .args([
            "build",
            "--quiet",
            "--package",
            "kharita-web",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .current_dir(root))?;

    let staging = root.join("target/dist-staging");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(staging.join("seeds"))?;

    step("generating JS bindings (wasm-bindgen-cli-support)");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(root.join("target/wasm32-unknown-unknown/release/kharita-web.wasm"))
        .web(true)?
        .typescript(false)
        .out_name("kharita")
        .generate(&staging)
        .context("wasm-bindgen failed")?;

    let wasm = staging.join("kharita_bg.wasm");
    let wasm_opt = setup::wasm_opt(root)?;
    step("optimising the wasm (wasm-opt -Oz)");
    run(std::process::Command::new(wasm_opt)
        .arg("-Oz")
        // Features rustc enables by default for wasm32; without them wasm-opt rejects or breaks the module.
        .args([
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ])
        .arg(&wasm)
        .arg("-o")
        .arg(&wasm))?;

    step("copying the page, styles, basemap and articles");
    for (from, to) in STATIC_FILES {
        std::fs::copy(root.join(from), staging.join(to))
            .with_context(|| format!("copying {from}"))?;
    }
    for source in &atlas.sources {
        std::fs::copy(root.join(&source.file), staging.join(&source.file))?;
    }
    step(format!(
        "exporting the atlas ({} sites, {} claims) to atlas.geojson, as `kharita export` does",
        atlas.sites.len(),
        atlas.claims.len()
    ));
    // The same FeatureCollection, without the indentation that makes `kharita export` diff well.
    let compact: serde_json::Value = serde_json::from_str(&atlas.to_geojson())?;
    std::fs::write(
        staging.join("atlas.geojson"),
        serde_json::to_string(&compact)?,
    )?;
    step("preparing map.json (basemap and region outlines as draw-ready paths)");
    let basemap = kharita_map::Basemap::read(root).map_err(anyhow::Error::msg)?;
    let region_paths = atlas
        .sites
        .iter()
        .filter(|site| site.precision == kharita_core::model::Precision::Region)
        .filter_map(|site| {
            Some((
                site.id.clone(),
                kharita_map::paths::path_data(site.geometry.as_ref()?),
            ))
        })
        .collect();
    let shapes = kharita_map::MapData {
        basemap,
        region_paths,
    };
    std::fs::write(staging.join("map.json"), serde_json::to_string(&shapes)?)?;

    report_sizes(&staging)?;
    let dist = root.join("dist");
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::rename(&staging, &dist)?;
    Ok(dist)
}

fn gzipped_size(bytes: &[u8]) -> Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

/// Every file `dist/` holds, relative to it, sorted.
pub(crate) fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(dir)?.to_path_buf());
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Prints each file's size raw and gzipped, and fails when the total exceeds the budget.
fn report_sizes(dist: &Path) -> Result<()> {
    let mut total = 0;
    step("dist/ contents (bytes, gzipped)");
    for file in files(dist)? {
        let bytes = std::fs::read(dist.join(&file))?;
        let gzipped = gzipped_size(&bytes)?;
        total += gzipped;
        eprintln!("    {:>9} {:>9}  {}", bytes.len(), gzipped, file.display());
    }
    eprintln!("    {total:>19}  total gzipped (budget {BUDGET_BYTES})");
    if total > BUDGET_BYTES {
        bail!("dist/ is {total} bytes gzipped, over the {BUDGET_BYTES}-byte budget");
    }
    Ok(())
}
