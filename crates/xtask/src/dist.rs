//! Building `dist/`: the wasm app, its pages, the atlas exported from the data, the basemap, the
//! article texts, the static fallbacks (`static/`) and, for every recorded data version, what
//! changed since (`versions/`). Every URL inside is relative, so the folder works from any host and path.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use flate2::Compression;
use flate2::write::GzEncoder;
use kharita_core::export::{APP_INDEX_FILE, AppFiles, annotation_path, claim_texts_path};
use kharita_core::publish::{ANNOTATION_COLLECTION, ANNOTATIONS_DIR, Publication, Settings};
use kharita_map::tiles::{ExternalLayer, TileSource};
use rayon::prelude::*;

use crate::previews;
use crate::setup::{self, cargo, run};
use crate::step;

/// What the pages load, copied as they are from the repository.
const STATIC_FILES: &[(&str, &str)] = &[
    ("assets/favicon.svg", "favicon.svg"),
    ("assets/kharita.css", "kharita.css"),
    ("assets/boot.js", "boot.js"),
    ("assets/embed-boot.js", "embed-boot.js"),
    ("assets/embed.js", "embed.js"),
];

/// The map's page, whose `<head>` gets the [`PRELOADED`] links in place of [`PRELOAD_MARKER`].
const MAP_TEMPLATE: &str = "index.html";
/// The embed page: the [`PRELOADED`] links too, and its `<noscript>` gets the static maps and
/// links to the claims' pages in place of [`FALLBACK_MARKER`].
const EMBED_TEMPLATE: &str = "assets/embed.html";
const PRELOAD_MARKER: &str = "<!-- kharita:preload -->";
/// Where the map's page gets its link-preview tags ([`previews::head_tags`]).
const PREVIEW_MARKER: &str = "<!-- kharita:preview -->";
const FALLBACK_MARKER: &str = "<!-- kharita:fallback -->";
/// Where the map's page gets its [`shell`].
const SHELL_MARKER: &str = "<!-- kharita:shell -->";
/// The shell's id, which `boot.js` shows it by and the app removes it by.
const SHELL_ID: &str = "kharita-shell";

/// What the app starts with, which both pages name so that the browser fetches it all with the
/// page instead of one file after another (the script, then the wasm it loads, then the data the
/// wasm asks for): each file with the attributes that make its preload match the app's own
/// request (the wasm is fetched by wasm-bindgen's loader; the data with no referrer), or the
/// browser fetches it twice.
const PRELOADED: &[(&str, &str)] = &[
    ("kharita.js", r#"rel="modulepreload""#),
    ("kharita_bg.wasm", r#"rel="preload" as="fetch" crossorigin"#),
    (
        APP_INDEX_FILE,
        r#"rel="preload" as="fetch" crossorigin referrerpolicy="no-referrer""#,
    ),
    (
        "map.json",
        r#"rel="preload" as="fetch" crossorigin referrerpolicy="no-referrer""#,
    ),
];

/// The `<link>` elements for [`PRELOADED`].
fn preload_links() -> String {
    PRELOADED
        .iter()
        .map(|(file, attributes)| format!(r#"<link {attributes} href="{file}">"#))
        .collect::<Vec<_>>()
        .join("\n    ")
}

/// The map's frame as the app first draws it (its bar, the sea, the hint over the map), with a
/// line saying that the atlas is loading (and one, hidden, for when the app cannot start), in
/// both languages, hidden. `boot.js` shows it in the language the app will start in (and sets
/// the page's direction to match), so that a reader sees the map's frame while the wasm arrives
/// (with a slow link, most of the first load); the app replaces it once its data is read. Only
/// the interface's own text, from the one table the app reads.
fn shell() -> String {
    use kharita_i18n::Lang;
    use kharita_i18n::interface::{start_failed, strings};
    let both = |text: fn(Lang) -> &'static str| {
        [Lang::Ar, Lang::En]
            .map(|lang| {
                format!(
                    r#"<span lang="{}">{}</span>"#,
                    lang.code(),
                    kharita_render::escape(text(lang))
                )
            })
            .concat()
    };
    format!(
        r#"<div class="app shell" id="{SHELL_ID}" hidden>
      <header class="bar"><h1><span class="brand">{title}</span><span class="tagline">{tagline}</span></h1></header>
      <main class="layout">
        <div class="map-canvas">
          <p class="status" role="status">{loading}</p>
          <p class="status error" role="alert" hidden>{failed}: <bdi></bdi></p>
        </div>
        <aside class="panel"><p class="hint">{hint}</p></aside>
      </main>
    </div>"#,
        title = both(|lang| strings(lang).app_title),
        tagline = both(|lang| strings(lang).tagline),
        loading = both(|lang| strings(lang).loading),
        failed = both(start_failed),
        hint = both(|lang| strings(lang).no_selection),
    )
}

/// The page `template` (relative to `root`) with each marker replaced by its text; a marker
/// missing or repeated is an error that names the page.
fn fill(root: &Path, template: &str, markers: &[(&str, &str)]) -> Result<String> {
    let mut page = std::fs::read_to_string(root.join(template))
        .with_context(|| format!("reading {template}"))?;
    for (marker, text) in markers {
        if page.matches(marker).count() != 1 {
            bail!("{template} must hold `{marker}` once");
        }
        page = page.replace(marker, text);
    }
    Ok(page)
}
/// Width of the static maps in `static/`, in pixels.
const FALLBACK_WIDTH: u32 = 640;

/// The ledger of data versions: a digest of every version a build has published. Kept in the
/// repository, because an embed pinned to a version needs that version's digest for as long as
/// the article lives.
pub(crate) const LEDGER: &str = "assets/versions";

/// The most any one way in may fetch before it can be used, gzipped.
pub(crate) const BUDGET_BYTES: usize = 300_000;

/// What every way into the map fetches: the app, its styles and its data.
const APP_FILES: &[&str] = &[
    "kharita.js",
    "kharita_bg.wasm",
    "kharita.css",
    APP_INDEX_FILE,
    "map.json",
];

/// The full map's page and code, which a copy of the app with other data needs besides the
/// data files [`write_data`] writes.
const PAGE_FILES: &[&str] = &[
    "index.html",
    "favicon.svg",
    "boot.js",
    "kharita.js",
    "kharita_bg.wasm",
    "kharita.css",
];

/// What each way into the map fetches before it can be used, besides [`APP_FILES`]. The words
/// of claims (`claim-texts/`, when a site's claims are shown), articles (when a passage is
/// opened), fallback images (without scripts), what changed since a version (when asked) and
/// `atlas.geojson` (when the selection is downloaded) are fetched only when needed, so they
/// count only in the total.
const FIRST_LOADS: &[(&str, &[&str])] = &[
    ("the map (index.html)", &["index.html", "boot.js"]),
    (
        "the iframe embed (embed.html)",
        &["embed.html", "embed-boot.js", "boot.js"],
    ),
    ("the script embed (embed.js)", &["embed.js"]),
];

/// Folders of many small files, whose sizes are summed rather than listed.
const SUMMED_FOLDERS: &[&str] = &[
    "claim-texts/",
    "static/",
    "versions/",
    "annotations/",
    "cards/",
    "site/",
    "oembed/",
];

/// The web app's wasm as cargo builds it, before wasm-bindgen and wasm-opt, function names and all.
pub(crate) const APP_WASM: &str = "target/wasm32-unknown-unknown/web/kharita-web.wasm";
/// The same wasm where rustc writes it; cargo copies it to [`APP_WASM`].
const APP_WASM_IN_DEPS: &str = "target/wasm32-unknown-unknown/web/deps/kharita_web.wasm";
/// Which app was last built into [`APP_WASM`]: the default one or the one with the external
/// layer's code (see [`build_app`]).
const APP_WASM_FEATURES: &str = "target/wasm32-unknown-unknown/web/kharita-web.features";

/// The author's settings for the atlas, optional ([`Settings`]).
pub(crate) const MAP_SETTINGS: &str = kharita_core::publish::SETTINGS_FILE;
/// In `dist/`, when the author turned on an external layer: its settings, for the app (and the
/// server's Content-Security-Policy).
pub(crate) const LAYER_FILE: &str = "layer.json";

/// The external layer the settings' `[layer]` turns on, if any; a mistake in it stops the build
/// with the file, the line where the reader can tell, and the fix.
pub(crate) fn external_layer(settings: Settings) -> Result<Option<ExternalLayer>> {
    let Some(layer) = settings.layer else {
        return Ok(None);
    };
    let source = match (layer.pmtiles, layer.tiles) {
        (Some(url), None) => TileSource::Pmtiles(url),
        (None, Some(template)) => {
            if !["{z}", "{x}", "{y}"]
                .iter()
                .all(|part| template.contains(part))
            {
                bail!(
                    "{MAP_SETTINGS}: [layer] tiles = \"{template}\" needs {{z}}, {{x}} and {{y}} in it"
                );
            }
            TileSource::Template(template)
        }
        _ => bail!(
            "{MAP_SETTINGS}: [layer] needs one source: `pmtiles = \"…\"` or `tiles = \"…\"`, not both"
        ),
    };
    let url = match &source {
        TileSource::Pmtiles(url) | TileSource::Template(url) => url,
    };
    if url.contains("://") && !url.starts_with("https://") && !url.starts_with("http://") {
        bail!("{MAP_SETTINGS}: [layer] {url} is neither http(s) nor a path beside the app");
    }
    if layer.attribution.trim().is_empty() {
        bail!(
            "{MAP_SETTINGS}: [layer] needs `attribution`: whom the tiles are credited to, as their licence asks"
        );
    }
    Ok(Some(ExternalLayer {
        source,
        attribution: layer.attribution,
        max_zoom: layer.max_zoom.unwrap_or(DEFAULT_LAYER_MAX_ZOOM),
    }))
}

/// The closest zoom tile sources commonly have.
const DEFAULT_LAYER_MAX_ZOOM: u8 = 18;

/// The web build's rustflags, added to `.cargo/config.toml`'s: the folders sources are compiled
/// from (this checkout, cargo's registry, the standard library's) are written as nothing in the
/// file names the wasm carries for its panic messages (`--remap-path-prefix`), so the shipped file
/// names no path of the machine that built it, and is the same from any checkout (its path
/// text went from 11 KB to 5 KB, what the precompiled standard library keeps).
fn unnamed_build_paths(root: &Path) -> Result<String> {
    let mut folders = vec![root.to_path_buf()];
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    if let Some(registry) = cargo_home.map(|home| home.join("registry/src"))
        && let Ok(indexes) = std::fs::read_dir(&registry)
    {
        folders.extend(indexes.filter_map(|entry| Some(entry.ok()?.path())));
    }
    let rustc = |arg: &str| -> Result<String> {
        let out = std::process::Command::new("rustc").arg(arg).output()?;
        Ok(String::from_utf8(out.stdout)?)
    };
    folders.push(Path::new(rustc("--print=sysroot")?.trim()).join("lib/rustlib/src/rust"));
    if let Some(hash) = rustc("-vV")?
        .lines()
        .find_map(|l| l.strip_prefix("commit-hash: "))
    {
        folders.push(Path::new("/rustc").join(hash.trim()));
    }
    let flags: Vec<String> = folders
        .iter()
        .map(|folder| format!("\"--remap-path-prefix={}/=\"", folder.display()))
        .collect();
    Ok(format!(
        "target.wasm32-unknown-unknown.rustflags=[{}]",
        flags.join(", ")
    ))
}

/// A finished `dist/`.
#[derive(Debug)]
pub(crate) struct Built {
    pub(crate) dir: PathBuf,
    /// The data version it serves, whose digest is in the [`LEDGER`].
    pub(crate) data_version: String,
    /// The atlas it was built from.
    pub(crate) atlas: kharita_core::Atlas,
}

/// Builds `dist/`. The new folder replaces the old one only when complete.
pub(crate) fn build(root: &Path) -> Result<Built> {
    setup::wasm_toolchain()?;
    let atlas = match kharita_core::load::load(root) {
        Ok(atlas) => atlas,
        Err(kharita_core::Error::Invalid(diagnostics)) => {
            bail!("the atlas data has problems:\n{diagnostics}")
        }
        Err(error) => return Err(error.into()),
    };
    let settings = Settings::read(root)?;
    let publication = settings.publication(None)?;
    let layer = external_layer(settings)?;
    let staging = root.join("target/dist-staging");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(staging.join("seeds"))?;
    build_app(root, &staging, layer.is_some())?;
    step("writing the page, copying the styles, scripts and articles");
    let preview = previews::head_tags(previews::Subject::Atlas, &atlas, &publication);
    let page = fill(
        root,
        MAP_TEMPLATE,
        &[
            (PRELOAD_MARKER, &preload_links()),
            (PREVIEW_MARKER, &preview),
            (SHELL_MARKER, &shell()),
        ],
    )?;
    std::fs::write(staging.join("index.html"), page)?;
    for (from, to) in STATIC_FILES {
        std::fs::copy(root.join(from), staging.join(to))
            .with_context(|| format!("copying {from}"))?;
    }
    minify(root, &staging)?;
    bundle_archive_boot(root, &staging)?;
    for source in atlas.sources() {
        std::fs::copy(root.join(&source.file), staging.join(&source.file))?;
    }
    step(format!(
        "exporting the atlas ({} sites, {} claims) to atlas.geojson, as `kharita export` does",
        atlas.sites().len(),
        atlas.claims().len()
    ));
    let basemap = write_data(root, &atlas, &staging)?;
    step(format!(
        "drawing the static fallbacks ({FALLBACK_WIDTH} px SVG maps) and embed.html's <noscript>"
    ));
    fallbacks(root, &atlas, &basemap, &staging)?;
    step(format!(
        "writing the annotations ({ANNOTATION_COLLECTION} and one file per claim in {ANNOTATIONS_DIR}/), under {}",
        publication.base_url
    ));
    write_annotations(&atlas, &publication, &staging)?;
    let data_version = versions(root, &atlas, &staging)?;
    step(format!(
        "link previews: {}×{} cards (kharita render), site/<id>.html pages and oEmbed answers",
        previews::CARD_WIDTH,
        previews::CARD_HEIGHT
    ));
    previews::write(&atlas, &basemap, &publication, &data_version, &staging)?;
    if let Some(layer) = &layer {
        std::fs::write(staging.join(LAYER_FILE), serde_json::to_string(layer)?)?;
    }
    step(format!(
        "the one-file archive, {} (app, data, basemap and articles; no server, no network)",
        kharita_render::archive::ARCHIVE_FILE
    ));
    std::fs::write(
        staging.join(kharita_render::archive::ARCHIVE_FILE),
        kharita_render::archive::from_dist(&staging)?,
    )?;
    step("gzipping each file (zopfli) into a copy beside it, for servers to send");
    precompress(&staging)?;

    report_sizes(&staging, layer.is_some())?;
    let dir = root.join("dist");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::rename(&staging, &dir)?;
    Ok(Built {
        dir,
        data_version,
        atlas,
    })
}

/// Builds the web app into `staging` (`kharita.js` and `kharita_bg.wasm`), with the code of the
/// author's external layer only when it is turned on.
fn build_app(root: &Path, staging: &Path, with_external_layer: bool) -> Result<()> {
    step("building the web app (cargo build --profile web --target wasm32-unknown-unknown)");
    let mut cargo_build = cargo();
    cargo_build.args([
        "build",
        "--quiet",
        "--package",
        "kharita-web",
        "--profile",
        "web",
        "--target",
        "wasm32-unknown-unknown",
        "--config",
        &unnamed_build_paths(root)?,
    ]);
    let features = if with_external_layer {
        "external-layer"
    } else {
        ""
    };
    cargo_build.args(["--features", features]);
    // Both apps share every compiled dependency, but cargo writes each to the same file (a
    // cdylib's name has no hash) and would take the other's for its own: when the features
    // change, the file goes, and cargo links the app again.
    let features_file = root.join(APP_WASM_FEATURES);
    if std::fs::read_to_string(&features_file).ok().as_deref() != Some(features) {
        for built in [APP_WASM, APP_WASM_IN_DEPS] {
            match std::fs::remove_file(root.join(built)) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                    return Err(error).with_context(|| format!("removing {built}"));
                }
                _ => {}
            }
        }
    }
    run(cargo_build.current_dir(root))?;
    std::fs::write(&features_file, features)?;
    let app_wasm = root.join(APP_WASM);

    step("generating JS bindings (wasm-bindgen-cli-support)");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(app_wasm)
        .web(true)?
        .typescript(false)
        .out_name("kharita")
        .generate(staging)
        .context("wasm-bindgen failed")?;

    let wasm = staging.join("kharita_bg.wasm");
    let wasm_opt = setup::wasm_opt(root)?;
    step("optimising the wasm (wasm-opt -Oz, flattened, re-looped and -Oz again)");
    run(std::process::Command::new(wasm_opt)
        // A second round over flattened, re-looped code finds about 1 KB more.
        .args(["-Oz", "--flatten", "--rereloop", "-Oz", "--converge"])
        // Then a round that knows each function's effects, and one over copies of functions
        // specialised to the constants they are called with: 0.7 KB gzipped (measured
        // 2026-12-06), what the reader's "Draft a claim" needed to fit the budget.
        .args(["--generate-global-effects", "-Oz", "--monomorphize", "-Oz"])
        // Sections only toolchains read: who produced the module and its target features.
        .args(["--strip-producers", "--strip-target-features"])
        // Lets wasm-opt fold constant offsets into loads and stores: 0.5 KB gzipped (measured
        // 2026-12-05), which keeps the iframe embed's first load under the budget. It assumes the
        // first KiB of memory is never used, which holds for Rust's layout: the stack comes first
        // and grows down from 1 MiB towards address 0, the data follows it.
        .arg("--low-memory-unused")
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
    Ok(())
}

/// A copy of `dist` (built with no external layer) in `dir`, with `layer` turned on: the app
/// rebuilt with the layer's code, and `layer.json`. For the browser tests of the layer.
pub(crate) fn copy_with_external_layer(
    root: &Path,
    dist: &Path,
    layer: &ExternalLayer,
    dir: &Path,
) -> Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    for entry in walkdir::WalkDir::new(dist) {
        let entry = entry?;
        let to = dir.join(entry.path().strip_prefix(dist)?);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to)?;
        } else {
            std::fs::copy(entry.path(), &to)?;
        }
    }
    build_app(root, dir, true)?;
    minify(root, dir)?;
    for rebuilt in ["kharita.js", "kharita_bg.wasm"] {
        // Served as they are: the gzipped copies are of the default app.
        std::fs::remove_file(gzipped_copy_of(&dir.join(rebuilt)))?;
    }
    std::fs::write(dir.join(LAYER_FILE), serde_json::to_string(layer)?)?;
    Ok(())
}

/// A copy of the full map from `dist` in `dir`, serving `atlas` instead of the seeds' (for the
/// bench's data sets and the browser tests' large atlas).
pub(crate) fn copy_app_with(
    root: &Path,
    dist: &Path,
    atlas: &kharita_core::Atlas,
    dir: &Path,
) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for file in PAGE_FILES {
        std::fs::copy(dist.join(file), dir.join(file))
            .with_context(|| format!("copying {file}"))?;
    }
    write_data(root, atlas, dir)?;
    Ok(())
}

/// Writes what the app reads about an atlas into `dir`: `atlas.geojson` (the `kharita export`
/// FeatureCollection, compact, which the downloads are cut from), the app's index of it and the
/// words of its claims in `claim-texts/` ([`kharita_core::export::AppFiles`]), `map.json` (the basemap as draw-ready paths, simplified for the
/// first views), `detail.json` (what the map adds once zoomed in: the basemap whole, and
/// towns; fetched then) and `world.json` (the land beyond what `map.json` covers; fetched when a
/// view reaches it). Returns the basemap.
fn write_data(
    root: &Path,
    atlas: &kharita_core::Atlas,
    dir: &Path,
) -> Result<kharita_map::Basemap> {
    // The same FeatureCollection, without the indentation that makes `kharita export` diff well.
    std::fs::write(dir.join("atlas.geojson"), atlas.to_compact_geojson())?;
    let AppFiles { index, texts } = atlas.to_app_files();
    std::fs::write(dir.join(APP_INDEX_FILE), index)?;
    for (number, text) in texts.iter().enumerate() {
        let path = dir.join(claim_texts_path(number));
        std::fs::create_dir_all(path.parent().context("a folder")?)?;
        std::fs::write(path, text)?;
    }
    step("preparing map.json (the basemap as draw-ready paths)");
    let basemap = kharita_map::Basemap::read(root)?;
    std::fs::write(dir.join("map.json"), serde_json::to_string(&basemap)?)?;
    std::fs::write(
        dir.join("detail.json"),
        serde_json::to_string(&basemap.detail)?,
    )?;
    std::fs::write(
        dir.join("world.json"),
        serde_json::json!({ "land": basemap.far_land }).to_string(),
    )?;
    Ok(basemap)
}

/// Every claim's W3C Web Annotation at the address its id names, and the collection of them all,
/// as `kharita export --format annotations` writes it.
fn write_annotations(
    atlas: &kharita_core::Atlas,
    publication: &Publication,
    staging: &Path,
) -> Result<()> {
    std::fs::write(
        staging.join(ANNOTATION_COLLECTION),
        atlas.to_annotations(publication),
    )?;
    std::fs::create_dir_all(staging.join(ANNOTATIONS_DIR))?;
    for (claim, annotation) in atlas.claims().iter().zip(atlas.annotations(publication)) {
        std::fs::write(
            staging.join(annotation_path(&claim.id)),
            serde_json::to_string_pretty(&annotation)? + "\n",
        )?;
    }
    Ok(())
}

/// Bundles the one-file archive's start-up script with the app's glue in `staging` into one
/// module ([`kharita_render::archive::ARCHIVE_BOOT`]).
fn bundle_archive_boot(root: &Path, staging: &Path) -> Result<()> {
    step("bundling the one-file archive's start-up script with the app's glue (esbuild)");
    // Beside the glue, which it imports as `./kharita.js`.
    let archive_boot = staging.join(kharita_render::archive::ARCHIVE_BOOT);
    std::fs::copy(root.join("assets/archive-boot.js"), &archive_boot)?;
    run(std::process::Command::new(setup::esbuild(root)?)
        .arg(&archive_boot)
        .args([
            "--bundle",
            "--format=esm",
            "--minify",
            "--log-level=warning",
            "--allow-overwrite",
        ])
        .arg(format!("--outfile={}", archive_boot.display())))
}

/// Minifies the scripts (wasm-bindgen's glue and the page's own) and the stylesheet, in place.
fn minify(root: &Path, staging: &Path) -> Result<()> {
    let esbuild = setup::esbuild(root)?;
    step("minifying the scripts and kharita.css (esbuild)");
    for file in [
        "kharita.js",
        "boot.js",
        "embed-boot.js",
        "embed.js",
        "kharita.css",
    ] {
        let path = staging.join(file);
        run(std::process::Command::new(&esbuild)
            .arg(&path)
            .args(["--minify", "--log-level=warning", "--allow-overwrite"])
            .arg(format!("--outfile={}", path.display())))?;
    }
    Ok(())
}

/// `static/`: the atlas (`atlas-ar.svg`, `atlas-en.svg`) and each site (`<site>-ar.svg`, …) as
/// `kharita render` draws them, and every claim as text in each language (`claims-ar.html`,
/// `claims-en.html`), for readers without scripts; and `embed.html`, whose `<noscript>` shows the
/// atlas maps and links to those pages. The claims are not written into the embed itself: its
/// first load would carry them, 10 KB gzipped, for the few readers who need them.
fn fallbacks(
    root: &Path,
    atlas: &kharita_core::Atlas,
    basemap: &kharita_map::Basemap,
    staging: &Path,
) -> Result<()> {
    use kharita_i18n::Lang;
    std::fs::create_dir_all(staging.join("static"))?;
    let mut noscript = String::new();
    for lang in [Lang::Ar, Lang::En] {
        let sites = std::iter::once(None).chain(atlas.sites().iter().map(|s| Some(s.id.as_str())));
        for site in sites {
            let request = kharita_render::Request {
                site,
                claim: None,
                lang,
                width: FALLBACK_WIDTH,
                height: None,
            };
            let svg = kharita_render::svg(atlas, basemap, &request)?;
            let name = format!("{}-{}.svg", site.unwrap_or("atlas"), lang.code());
            std::fs::write(staging.join("static").join(name), svg)?;
        }
        let (alt, claims, open_map, description) = match lang {
            Lang::Ar => (
                "خريطة المواقع التي تذكرها المقالات",
                "الادعاءات، موقعًا موقعًا",
                "افتح الخريطة",
                "كل ادعاء في الخريطة عن المنشآت العسكرية في ليبيا، بصاحبه ومقاله وتاريخه ورابط إلى مقطعه.",
            ),
            Lang::En => (
                "Map of the sites the articles name",
                "The claims, site by site",
                "Open the map",
                "Every claim on the map of military installations in Libya, with who makes it, its article, its date and a link to its passage.",
            ),
        };
        let code = lang.code();
        // The atlas map, for a page that reaches `static/` by `folder` ("static/" from the
        // embed, "" from the pages inside it).
        let figure = |folder: &str| {
            format!(
                r#"<figure class="fallback-map" lang="{code}"><img src="{folder}atlas-{code}.svg" alt="{alt}" width="{FALLBACK_WIDTH}"></figure>"#
            )
        };
        let page = format!(
            r#"<!doctype html>
<html lang="{code}" dir="{dir}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{claims} · Kharita</title>
    <meta name="description" content="{description}">
    <link rel="icon" href="../favicon.svg" type="image/svg+xml">
    <link rel="stylesheet" href="../kharita.css">
  </head>
  <body>
    <main class="fallback">
      <h1>خريطة · Kharita</h1>
      <p><a href="../?lang={code}">{open_map}</a> · <a href="../atlas.geojson">atlas.geojson</a></p>
      {figure}
      {list}
      <p class="attribution">Kharita · Natural Earth · GeoNames</p>
    </main>
  </body>
</html>
"#,
            dir = lang.dir(),
            figure = figure(""),
            list = kharita_render::claims_html(atlas, lang, "../"),
        );
        std::fs::write(staging.join(format!("static/claims-{code}.html")), page)?;
        write!(
            noscript,
            r#"{figure}<p class="fallback-claims" lang="{code}" dir="{dir}"><a href="static/claims-{code}.html">{claims}</a></p>"#,
            figure = figure("static/"),
            dir = lang.dir(),
        )?;
    }
    let preloads = preload_links();
    let markers = [
        (PRELOAD_MARKER, preloads.as_str()),
        (FALLBACK_MARKER, noscript.as_str()),
    ];
    let page = fill(root, EMBED_TEMPLATE, &markers)?;
    std::fs::write(staging.join("embed.html"), page)?;
    Ok(())
}

/// Records the current data version in the [`LEDGER`] when it is new (as cargo records
/// Cargo.lock: commit it), then writes `versions/<version>.json` for every recorded version:
/// what changed from it to the current data, for an embed pinned to it. Returns the current
/// version.
fn versions(root: &Path, atlas: &kharita_core::Atlas, staging: &Path) -> Result<String> {
    let digest = atlas.digest();
    let ledger = root.join(LEDGER);
    std::fs::create_dir_all(&ledger)?;
    let current = ledger.join(format!("{}.json", digest.version));
    if !current.exists() {
        let partial = ledger.join(format!(".{}.json.partial", digest.version));
        std::fs::write(&partial, serde_json::to_string_pretty(&digest)? + "\n")?;
        std::fs::rename(&partial, &current)?;
        step(format!(
            "new data version {v}: recorded in {LEDGER}/{v}.json; commit it, so that embeds pinned to it can say what changed",
            v = digest.version
        ));
    }
    std::fs::create_dir_all(staging.join("versions"))?;
    for entry in std::fs::read_dir(&ledger)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let recorded: Option<kharita_core::version::Digest> = name
            .strip_suffix(".json")
            .filter(|stem| kharita_core::version::is_version(stem))
            .and_then(|_| serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok());
        match recorded {
            Some(recorded) if format!("{}.json", recorded.version) == name => std::fs::write(
                staging.join("versions").join(name),
                serde_json::to_string(&recorded.changes_to(&digest))?,
            )?,
            _ => bail!(
                "{}: not a data version's digest (a file named <version>.json holding that version's digest, as the build writes it); remove it or restore it from git",
                path.display()
            ),
        }
    }
    step(format!(
        "data version {} (versions/ says what changed since each recorded one)",
        digest.version
    ));
    Ok(digest.version)
}

/// Files up to this size are compressed with zopfli, which packs them about 5% tighter than
/// zlib's best level; beyond it (the bench's synthetic atlases) zopfli would take minutes.
const ZOPFLI_LIMIT: usize = 1 << 20;

/// How many deflate blocks zopfli may split a file into. Its default, 15, suits small files; the
/// wasm, whose code and data change character along it, packs about 1.3 KB (0.5%) tighter in as
/// many blocks as pay, for a second more of the build. Not 0: in the zopfli crate that means
/// one block, not (as in zopfli's C) no limit.
const ZOPFLI_BLOCKS: u16 = 1000;

/// `bytes` gzipped as the server sends them: by zopfli up to [`ZOPFLI_LIMIT`], by zlib's best
/// level beyond.
fn gzipped(bytes: &[u8]) -> Result<Vec<u8>> {
    if bytes.len() <= ZOPFLI_LIMIT {
        let mut out = Vec::new();
        let options = zopfli::Options {
            maximum_block_splits: ZOPFLI_BLOCKS,
            ..zopfli::Options::default()
        };
        zopfli::compress(options, zopfli::Format::Gzip, bytes, &mut out)?;
        return Ok(out);
    }
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// The suffix of a file's gzipped copy, which the server sends to browsers that accept gzip.
pub(crate) const GZIP_SUFFIX: &str = ".gz";

/// Where the gzipped copy of `path` is written: beside it, named with [`GZIP_SUFFIX`] added.
pub(crate) fn gzipped_copy_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(GZIP_SUFFIX);
    PathBuf::from(name)
}

/// Writes a gzipped copy beside each file in `dir` that gzip makes smaller (`atlas.geojson.gz`
/// beside `atlas.geojson`), as static servers send them when asked to (nginx's `gzip_static`,
/// Caddy's `precompressed`, `cargo xtask serve`). On every core, largest files first, so that
/// the wasm's long compression starts at once.
pub(crate) fn precompress(dir: &Path) -> Result<()> {
    let mut pending: Vec<(u64, PathBuf)> = Vec::new();
    for file in files(dir)? {
        let path = dir.join(file);
        if !path.extension().is_some_and(|e| e == "gz" || e == "png") {
            pending.push((std::fs::metadata(&path)?.len(), path));
        }
    }
    pending.sort_by(|a, b| b.cmp(a));
    pending.par_iter().try_for_each(|(_, path)| {
        let bytes = std::fs::read(path)?;
        let packed = gzipped(&bytes).with_context(|| format!("gzipping {}", path.display()))?;
        if packed.len() < bytes.len() {
            std::fs::write(gzipped_copy_of(path), packed)?;
        }
        Ok(())
    })
}

/// The bytes the server sends for `file` in `dir`: its gzipped copy's, when it has one.
pub(crate) fn served_size(dir: &Path, file: &Path) -> Result<usize> {
    let plain = dir.join(file);
    let gzipped = gzipped_copy_of(&plain);
    let path = if gzipped.is_file() { gzipped } else { plain };
    let size = std::fs::metadata(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(usize::try_from(size.len())?)
}

/// Every file `dist/` holds, relative to it, sorted.
pub(crate) fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry?;
        if entry.file_type().is_file() {
            found.push(entry.path().strip_prefix(dir)?.to_path_buf());
        }
    }
    Ok(found)
}

/// What a way into the map fetches before it can be used (`files` besides [`APP_FILES`]), as
/// sent gzipped, from each file's name and size.
fn first_load(sizes: &[(String, usize)], files: &[&str]) -> usize {
    sizes
        .iter()
        .filter(|(name, _)| files.contains(&name.as_str()) || APP_FILES.contains(&name.as_str()))
        .map(|(_, size)| size)
        .sum()
}

/// What the map (`index.html`) in `dist` fetches before it can be used, gzipped: the figure the
/// budget holds.
pub(crate) fn map_first_load(dist: &Path) -> Result<usize> {
    let (_, files) = FIRST_LOADS[0];
    let mut sizes = Vec::new();
    for file in files.iter().chain(APP_FILES) {
        sizes.push(((*file).to_owned(), served_size(dist, Path::new(file))?));
    }
    Ok(first_load(&sizes, files))
}

/// Prints each file's size raw and as sent gzipped, the total, and what each way in first
/// fetches; fails when one of those first loads exceeds the budget.
/// Lists `dist`'s files and their first loads; fails over the budget, which is the default
/// app's: with an external layer on, the author has chosen to send more.
fn report_sizes(dist: &Path, with_external_layer: bool) -> Result<()> {
    let mut sizes = Vec::new();
    step("dist/ contents (bytes, and as sent gzipped)");
    for file in files(dist)? {
        let name = file.to_string_lossy().replace('\\', "/");
        if name.ends_with(GZIP_SUFFIX) {
            continue;
        }
        let sent = served_size(dist, &file)?;
        if !SUMMED_FOLDERS.iter().any(|folder| name.starts_with(folder)) {
            eprintln!(
                "    {:>9} {sent:>9}  {name}",
                std::fs::metadata(dist.join(&file))?.len()
            );
        }
        sizes.push((name, sent));
    }
    for folder in SUMMED_FOLDERS {
        let (count, bytes) = sizes
            .iter()
            .filter(|(name, _)| name.starts_with(folder))
            .fold((0, 0), |(count, sum), (_, size)| (count + 1, sum + size));
        eprintln!("    {bytes:>19}  {folder} ({count} files)");
    }
    let total: usize = sizes.iter().map(|(_, size)| size).sum();
    eprintln!("    {total:>19}  everything, gzipped");
    let mut over = Vec::new();
    for (way, files) in FIRST_LOADS {
        let first_load = first_load(&sizes, files);
        eprintln!("    {first_load:>19}  first load of {way} (budget {BUDGET_BYTES})");
        if first_load > BUDGET_BYTES {
            over.push(format!("{way} fetches {first_load} bytes gzipped"));
        }
    }
    if with_external_layer {
        eprintln!(
            "    (with the external layer of {MAP_SETTINGS} on: the budget is the default app's)"
        );
    } else if !over.is_empty() {
        bail!("over the {BUDGET_BYTES}-byte budget: {}", over.join("; "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `assets/map.toml` in a folder of its own, and what the build makes of it.
    fn settings(text: &str) -> Result<Option<ExternalLayer>> {
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let root =
            std::env::temp_dir().join(format!("kharita-settings-{}-{call}", std::process::id()));
        std::fs::create_dir_all(root.join("assets"))?;
        std::fs::write(root.join(MAP_SETTINGS), text)?;
        let read = Settings::read(&root)
            .map_err(anyhow::Error::from)
            .and_then(external_layer);
        std::fs::remove_dir_all(&root)?;
        read
    }

    #[test]
    fn the_external_layer_is_off_unless_the_settings_turn_it_on() {
        assert_eq!(
            external_layer(Settings::read(Path::new("/nonexistent")).unwrap()).unwrap(),
            None
        );
        assert_eq!(settings("# [layer]\n").unwrap(), None);
        let on = settings(
            "[layer]\npmtiles = \"https://data.example.org/libya.pmtiles\"\nattribution = \"© OpenStreetMap contributors\"\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            on.source,
            TileSource::Pmtiles("https://data.example.org/libya.pmtiles".into())
        );
        assert_eq!(on.max_zoom, DEFAULT_LAYER_MAX_ZOOM);
    }

    #[test]
    fn a_mistake_in_the_settings_names_the_file_and_the_fix() {
        for (text, says) in [
            ("[layer]\nattribution = \"x\"\n", "needs one source"),
            (
                "[layer]\ntiles = \"https://t.example/{z}/{x}.png\"\nattribution = \"x\"\n",
                "needs {z}, {x} and {y}",
            ),
            (
                "[layer]\npmtiles = \"ftp://x/a.pmtiles\"\nattribution = \"x\"\n",
                "neither http(s)",
            ),
            (
                "[layer]\npmtiles = \"a.pmtiles\"\nattribution = \" \"\n",
                "needs `attribution`",
            ),
            ("[layer]\npmtile = \"a.pmtiles\"\n", "line 2"),
        ] {
            let error = settings(text).unwrap_err().to_string();
            assert!(
                error.starts_with(MAP_SETTINGS) && error.contains(says),
                "{text}: {error}"
            );
        }
    }
}
