//! `cargo xtask bench`: measures the built map in headless Chromium beside a Leaflet page given
//! the same data and basemap, and the data tools on large synthetic corpora, then records the
//! figures in `BENCHMARKS.md`. Timings are medians of several runs; the Leaflet figures come from
//! the same run, so ratios compare like with like.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::chromium::Driver;
use crate::lighthouse::{self, Audit, Device};
use crate::setup::{self, cargo, run};
use crate::synthetic::{self, Size};
use crate::wasm_code::{self, WasmCode};
use crate::{dist, step};

/// The synthetic atlases, by number of sites (one claim per site, ten to an article).
const SIZES: &[usize] = &[1_000, 10_000, 100_000];
/// The baseline map libraries, installed into `.tools/`.
const LEAFLET: &str = "leaflet@1.9.4";
/// The newest MapLibre GL JS whose package asks for no newer Node than the machine's.
const MAPLIBRE: &str = "maplibre-gl@5.24.1";
/// The browser window both pages are measured in.
const WINDOW: (u32, u32) = (1280, 800);
/// How long a page may take to draw its sites and answer a click.
const PAGE_PATIENCE: Duration = Duration::from_mins(2);
/// How long one run (two page loads and the scripted pan and zoom) may take.
const RUN_PATIENCE: Duration = Duration::from_mins(5);
/// The script both pages load first, which measures them: not counted in their bytes.
const PROBE: &str = "probe.js";
/// The bench's own pages and the probe.
const BENCH_FILES: &[(&str, &str)] = &[
    (PROBE, include_str!("../bench/probe.js")),
    ("leaflet.html", include_str!("../bench/leaflet.html")),
    ("leaflet-page.js", include_str!("../bench/leaflet-page.js")),
    (
        "leaflet-page.css",
        include_str!("../bench/leaflet-page.css"),
    ),
    ("maplibre.html", include_str!("../bench/maplibre.html")),
    (
        "maplibre-page.js",
        include_str!("../bench/maplibre-page.js"),
    ),
];

/// One data set's folder, served to both pages.
#[derive(Debug)]
struct DataSet {
    name: String,
    claims: usize,
    dir: PathBuf,
}

/// A command's wall time and peak resident memory, as `/usr/bin/time` reports them.
#[derive(Clone, Copy, Debug)]
struct Usage {
    seconds: f64,
    peak_kb: f64,
}

#[derive(Debug)]
struct CliRow {
    articles: usize,
    sites: usize,
    claims: usize,
    text_mb: f64,
    check: Usage,
    export: Usage,
    /// `kharita mentions --format json` over every article of the corpus.
    mentions: Usage,
    /// How many mentions it found.
    mentions_found: usize,
    /// `Atlas::write_geojson` alone, into nothing, in the process that loaded the atlas.
    serialise_seconds: f64,
    /// The size of all the corpus's TOML files.
    toml_mb: f64,
    /// The size of the exported GeoJSON.
    geojson_mb: f64,
}

/// What one page load measured.
#[derive(Debug, Default)]
struct PageRun {
    painted_ms: f64,
    interactive_ms: f64,
    heap_bytes: f64,
    wasm_bytes: Option<f64>,
    frame_p50: f64,
    frame_p95: f64,
    frame_max: f64,
    interval_max: f64,
}

/// The medians of a page's runs, and the bytes it fetched by kind.
#[derive(Debug, Default)]
struct PageResult {
    runs: Vec<PageRun>,
    bytes: BTreeMap<&'static str, usize>,
    failure: Option<String>,
}

impl PageResult {
    fn median(&self, field: impl Fn(&PageRun) -> f64) -> Option<f64> {
        median(self.runs.iter().map(field).collect())
    }
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[middle]
    } else {
        f64::midpoint(values[middle - 1], values[middle])
    })
}

fn percentile(values: &[f64], fraction: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let at = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted.get(at).copied().unwrap_or(f64::NAN)
}

/// Each baseline library: its npm package, its folder of built files, and the files its page
/// loads. MapLibre's are its CSP build, whose worker is a file of its own: the pages are served
/// under the map's Content-Security-Policy, which allows no worker made from a blob.
const BASELINE_FILES: [(&str, &str, &[&str]); 2] = [
    (
        LEAFLET,
        "node_modules/leaflet/dist",
        &["leaflet.js", "leaflet.css"],
    ),
    (
        MAPLIBRE,
        "node_modules/maplibre-gl/dist",
        &[
            "maplibre-gl-csp.js",
            "maplibre-gl-csp-worker.js",
            "maplibre-gl.css",
        ],
    ),
];

/// The files of each baseline library, installed into `.tools/` when missing.
fn baselines(root: &Path) -> Result<Vec<PathBuf>> {
    let tools = root.join(".tools");
    let mut files = Vec::new();
    for (package, folder, names) in BASELINE_FILES {
        for name in names {
            files.push(setup::npm_file(
                &tools,
                package,
                &format!("{folder}/{name}"),
            )?);
        }
    }
    Ok(files)
}

pub(crate) fn bench(root: &Path, runs: usize) -> Result<()> {
    setup::wasm_toolchain()?;
    setup::apt_tools(&[
        ("chromium", "chromium"),
        ("chromedriver", "chromium-driver"),
        ("/usr/bin/time", "time"),
    ])?;
    let libraries = baselines(root)?;
    let built = dist::build(root)?;
    let code = wasm_code::code_by_family(&std::fs::read(root.join(dist::APP_WASM))?)
        .context("reading what the web app's wasm is made of")?;
    step("building the data tools (cargo build --release --package kharita-cli)");
    run(cargo()
        .args(["build", "--quiet", "--release", "--package", "kharita-cli"])
        .current_dir(root))?;
    let kharita = root.join("target/release/kharita");

    let work = root.join("target/bench");
    let _ = std::fs::remove_dir_all(&work);
    let mut sets = vec![site_folder(
        root,
        &built.dir,
        &libraries,
        &work,
        "seed atlas",
        "seed",
        &built.atlas,
    )?];
    let mut cli = Vec::new();
    for &sites in SIZES {
        let size = Size::sites(sites);
        let corpus = work.join(format!("corpus-{sites}"));
        step(format!(
            "generating a synthetic corpus: {sites} sites, {} articles, {} claims",
            size.articles,
            size.claims()
        ));
        synthetic::write(&corpus, size, root)?;
        // `kharita mentions` reads the gazetteer from the atlas root, as an author's would.
        let gazetteer = kharita_author::gazetteer::GAZETTEER_FILE;
        std::fs::copy(root.join(gazetteer), corpus.join(gazetteer))?;
        let row = cli_row(&kharita, &corpus, size, runs)?;
        let atlas = kharita_core::load::load(&corpus)?;
        sets.push(site_folder(
            root,
            &built.dir,
            &libraries,
            &work,
            &format!("{sites} sites"),
            &format!("sites-{sites}"),
            &atlas,
        )?);
        cli.push(CliRow {
            serialise_seconds: serialise_seconds(&atlas, runs)?,
            ..row
        });
    }
    let anchoring =
        anchoring_scale().map_err(|error| anyhow::anyhow!("the benchmark's quote: {error}"))?;

    let server = crate::serve::spawn(&work.join("site"), "/")?;
    let runtime = tokio::runtime::Runtime::new()?;
    let mut pages = Vec::new();
    for set in &sets {
        let base = format!(
            "{}{}/",
            server.url,
            set.dir.file_name().unwrap_or_default().display()
        );
        step(format!(
            "measuring Kharita, Leaflet and MapLibre with {} ({} loads each, taking turns)",
            set.name,
            runs * PAGE_LOADS_PER_RUN
        ));
        let results = runtime.block_on(measure_pages(&base, &set.dir, runs * PAGE_LOADS_PER_RUN));
        for (app, result) in App::ALL.into_iter().zip(results) {
            pages.push((set, app, result));
        }
    }
    step(format!(
        "auditing the map and the embed with Lighthouse (mobile and desktop, {runs} runs)"
    ));
    let dist_server = crate::serve::spawn(&built.dir, "/")?;
    let audits = lighthouse::audit_pages(root, &dist_server.url, runs);
    let mut report = report(&cli, &anchoring, &pages, &code, &audits, &built.dir, runs)?;
    // The fuzzing runs take half an hour of their own (`cargo xtask fuzz`): the last ones stay.
    let previous = std::fs::read_to_string(root.join("BENCHMARKS.md")).unwrap_or_default();
    if let Some(fuzzing) = crate::section_of(
        &previous,
        crate::fuzz::SECTION_START,
        crate::fuzz::SECTION_END,
    ) {
        writeln!(report, "\n{fuzzing}")?;
    }
    std::fs::write(root.join("BENCHMARKS.md"), &report)?;
    println!("{report}");
    step("recorded in BENCHMARKS.md");
    // The largest corpus is 180 MB and quick to make again; the smaller ones stay to look at.
    let _ = std::fs::remove_dir_all(work.join("corpus-100000"));
    Ok(())
}

/// Writes a data set's folder: the app from `dist/` (its page loading the probe first), the
/// atlas and map shapes, and the Leaflet and MapLibre pages with the same atlas and the source
/// basemap. `libraries` are the files of Leaflet and MapLibre their pages load.
fn site_folder(
    root: &Path,
    dist: &Path,
    libraries: &[PathBuf],
    work: &Path,
    name: &str,
    folder: &str,
    atlas: &kharita_core::Atlas,
) -> Result<DataSet> {
    let dir = work.join("site").join(folder);
    dist::copy_app_with(root, dist, atlas, &dir)?;
    let page = std::fs::read_to_string(dist.join("index.html"))?;
    let probe = format!(r#"<script src="{PROBE}" data-app="kharita"></script>"#);
    std::fs::write(
        dir.join("index.html"),
        page.replacen(
            "<link rel=\"stylesheet\"",
            &format!("{probe}\n    <link rel=\"stylesheet\""),
            1,
        ),
    )?;
    for (file, text) in BENCH_FILES {
        std::fs::write(dir.join(file), text)?;
    }
    for file in libraries {
        std::fs::copy(
            file,
            dir.join(file.file_name().context("a library's file")?),
        )?;
    }
    // MapLibre is given the view Leaflet fits to the sites.
    let geometries = atlas
        .sites()
        .iter()
        .filter_map(|site| site.geometry.as_ref());
    let [west, south, east, north] =
        kharita_map::bounds(geometries).context("the atlas has no located site")?;
    std::fs::write(
        dir.join("maplibre-bounds.js"),
        format!("window.benchBounds = [[{west}, {south}], [{east}, {north}]];\n"),
    )?;
    std::fs::copy(
        root.join("assets/basemap.geojson"),
        dir.join("basemap.geojson"),
    )?;
    step(format!("gzipping the files of {name}, as the build does"));
    dist::precompress(&dir)?;
    Ok(DataSet {
        name: name.to_owned(),
        claims: atlas.claims().len(),
        dir,
    })
}

// ---- The data tools ----

/// Runs `kharita` under `/usr/bin/time`, `runs` times; the median time and peak memory.
fn timed(kharita: &Path, args: &[&str], runs: usize) -> Result<Usage> {
    let mut seconds = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..runs {
        let output = Command::new("/usr/bin/time")
            .args(["-f", "%e %M"])
            .arg(kharita)
            .args(args)
            .stdout(Stdio::null())
            .output()?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            bail!("kharita {} failed:\n{stderr}", args.join(" "));
        }
        let last = stderr.lines().last().unwrap_or_default();
        let mut fields = last.split_whitespace().map(str::parse::<f64>);
        match (fields.next(), fields.next()) {
            (Some(Ok(time)), Some(Ok(peak))) => {
                seconds.push(time);
                peaks.push(peak);
            }
            _ => bail!("cannot read /usr/bin/time's report: {last}"),
        }
    }
    Ok(Usage {
        seconds: median(seconds).unwrap_or(f64::NAN),
        peak_kb: median(peaks).unwrap_or(f64::NAN),
    })
}

fn cli_row(kharita: &Path, corpus: &Path, size: Size, runs: usize) -> Result<CliRow> {
    let root = corpus.to_string_lossy();
    let out = corpus.join("export.geojson");
    let out = out.to_string_lossy();
    step(format!(
        "timing kharita check and export on {}",
        corpus.display()
    ));
    let check = timed(kharita, &["check", "--root", &root], runs)?;
    let export = timed(
        kharita,
        &[
            "export", "--format", "geojson", "--root", &root, "--out", &out,
        ],
        runs,
    )?;
    let seeds = corpus.join(kharita_core::load::SEEDS_DIR);
    let seeds = seeds.to_string_lossy();
    step(format!("timing kharita mentions on {seeds}"));
    let mentions = timed(
        kharita,
        &["mentions", "--format", "json", "--root", &root, &seeds],
        runs,
    )?;
    let listed = Command::new(kharita)
        .args(["mentions", "--format", "json", "--root", &root, &seeds])
        .output()?;
    let mentions_found = serde_json::from_slice::<Vec<serde_json::Value>>(&listed.stdout)
        .map_or(0, |found| found.len());
    let seeds_bytes = |extension: &str| -> Result<u64> {
        let mut bytes = 0;
        for entry in std::fs::read_dir(corpus.join(kharita_core::load::SEEDS_DIR))? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == extension) {
                bytes += std::fs::metadata(path)?.len();
            }
        }
        Ok(bytes)
    };
    let text_bytes = seeds_bytes("txt")?;
    let toml_bytes = seeds_bytes("toml")?
        + std::fs::metadata(corpus.join(kharita_core::load::SITES_FILE))?.len();
    let geojson_bytes = std::fs::metadata(corpus.join("export.geojson"))?.len();
    #[allow(clippy::cast_precision_loss)]
    let megabytes = |bytes: u64| bytes as f64 / 1e6;
    Ok(CliRow {
        articles: size.articles,
        sites: size.sites,
        claims: size.claims(),
        text_mb: megabytes(text_bytes),
        check,
        export,
        mentions,
        mentions_found,
        serialise_seconds: f64::NAN,
        toml_mb: megabytes(toml_bytes),
        geojson_mb: megabytes(geojson_bytes),
    })
}

/// The median time `Atlas::write_geojson` takes to write into nothing: the export step without
/// reading, checking or the disk.
fn serialise_seconds(atlas: &kharita_core::Atlas, runs: usize) -> std::io::Result<f64> {
    median_seconds(runs, || atlas.write_geojson(std::io::sink()))
}

/// The median time, in seconds, that `work` takes over `runs` runs; its first error ends them.
fn median_seconds<E>(runs: usize, mut work: impl FnMut() -> Result<(), E>) -> Result<f64, E> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        work()?;
        times.push(started.elapsed().as_secs_f64());
    }
    Ok(median(times).unwrap_or(f64::NAN))
}

/// Anchoring one quote at the end of texts of growing length: (code points, microseconds).
fn anchoring_scale() -> Result<Vec<(usize, f64)>, kharita_core::anchor::AnchorError> {
    let paragraph = "وتشهد البلاد منذ سنوات انقساما سياسيا بين حكومتين تتنازعان الشرعية. ";
    let quote = "نفى متحدث باسم القيادة العامة وجود أي قوات أجنبية في موقع ٠٠٠١٢٣";
    [1_usize, 4, 16, 64, 256]
        .into_iter()
        .map(|repeats| {
            let text = format!("{}{quote}.", paragraph.repeat(repeats * 40));
            let seconds = median_seconds(5, || {
                let search = kharita_core::anchor::SearchText::new(&text);
                search.anchor(quote, None, None).map(drop)
            })?;
            Ok((text.chars().count(), seconds * 1e6))
        })
        .collect()
}

// ---- The browser ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum App {
    Kharita,
    Leaflet,
    MapLibre,
}

impl App {
    const ALL: [Self; 3] = [Self::Kharita, Self::Leaflet, Self::MapLibre];
    const BASELINES: [Self; 2] = [Self::Leaflet, Self::MapLibre];

    fn name(self) -> &'static str {
        match self {
            Self::Kharita => "Kharita",
            Self::Leaflet => "Leaflet",
            Self::MapLibre => "MapLibre",
        }
    }

    fn page(self) -> &'static str {
        match self {
            Self::Kharita => "index.html?lang=en",
            Self::Leaflet => "leaflet.html",
            Self::MapLibre => "maplibre.html",
        }
    }

    /// The element the pan and zoom are scripted on.
    fn map_selector(self) -> &'static str {
        match self {
            Self::Kharita => ".map-surface",
            Self::Leaflet | Self::MapLibre => "#map",
        }
    }
}

/// How many times each page is loaded for every run the bench is asked for. On one machine a
/// page's first paint varies from load to load by more than the two pages differ (the middle half
/// of fifteen loads of a seed page spans 40–60 ms): the median of three could not tell them apart.
const PAGE_LOADS_PER_RUN: usize = 3;

/// Measures both pages on one data set `runs` times each, taking turns (Kharita, Leaflet,
/// Kharita, …), so that whatever else the machine does in the meantime weighs on both alike. A
/// page whose run fails is not measured again.
async fn measure_pages(base: &str, dir: &Path, runs: usize) -> [PageResult; 3] {
    let mut results = App::ALL.map(|_| PageResult::default());
    for _ in 0..runs {
        for (app, result) in App::ALL.into_iter().zip(&mut results) {
            if result.failure.is_some() {
                continue;
            }
            match measure_once(app, base, dir, &mut result.bytes).await {
                Ok(run) => result.runs.push(run),
                Err(error) => result.failure = Some(format!("{error:#}")),
            }
        }
    }
    results
}

/// Polls `script` (an expression) until it is not null.
async fn wait_for(client: &fantoccini::Client, script: &str) -> Result<serde_json::Value> {
    let started = Instant::now();
    loop {
        let value = client
            .execute(&format!("return {script};"), Vec::new())
            .await?;
        if !value.is_null() {
            return Ok(value);
        }
        if started.elapsed() > PAGE_PATIENCE {
            bail!("not ready within {} s", PAGE_PATIENCE.as_secs());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn measure_once(
    app: App,
    base: &str,
    dir: &Path,
    bytes: &mut BTreeMap<&'static str, usize>,
) -> Result<PageRun> {
    let driver = Driver::start("bench").context("starting chromedriver")?;
    let client = driver
        .session(
            WINDOW,
            // WebGL for MapLibre: Chromium draws it in software (SwiftShader) without a GPU.
            &[
                "--enable-precise-memory-info",
                "--enable-unsafe-swiftshader",
            ],
            serde_json::json!({}),
        )
        .await
        .map_err(anyhow::Error::msg)?;
    // A page that keeps its main thread busy holds WebDriver commands as long as it likes: the
    // run ends at RUN_PATIENCE whatever it waits for, and dropping the driver stops Chromium.
    match tokio::time::timeout(RUN_PATIENCE, measure_with(&client, app, base, dir, bytes)).await {
        Ok(outcome) => {
            let _ = client.close().await;
            outcome
        }
        Err(_) => bail!(
            "the run did not end within {} minutes",
            RUN_PATIENCE.as_secs() / 60
        ),
    }
}

async fn measure_with(
    client: &fantoccini::Client,
    app: App,
    base: &str,
    dir: &Path,
    bytes: &mut BTreeMap<&'static str, usize>,
) -> Result<PageRun> {
    let url = format!("{base}{}", app.page());
    client.goto(&url).await?;
    let times = wait_for(
        client,
        "(b => b && b.interactive !== null ? [b.painted, b.interactive] : null)(window.kharitaBench)",
    )
    .await
    .context("waiting for the sites to draw and answer a click")?;
    let heap = client
        .execute("return performance.memory.usedJSHeapSize;", Vec::new())
        .await?;
    let wasm = if app == App::Kharita {
        client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 import(new URL('kharita.js', location).href)
                   .then((module) => module.default())
                   .then((wasm) => done(wasm.memory.buffer.byteLength), () => done(null));",
                Vec::new(),
            )
            .await?
            .as_f64()
    } else {
        None
    };
    if bytes.is_empty() {
        let urls = client
            .execute(
                // A worker's requests are not in the page's resource timing: MapLibre's page
                // names the files its worker fetches.
                "return [location.href, ...performance.getEntriesByType('resource').map((e) => e.name),
                         ...(window.benchWorkerFiles || []).map((f) => new URL(f, location.href).href)];",
                Vec::new(),
            )
            .await?;
        *bytes = bytes_by_kind(&urls, base, dir)?;
    }
    let frames = frames(client, app, &url).await?;
    let value = |index: usize| times[index].as_f64().unwrap_or(f64::NAN);
    Ok(PageRun {
        painted_ms: value(0),
        interactive_ms: value(1),
        heap_bytes: heap.as_f64().unwrap_or(f64::NAN),
        wasm_bytes: wasm,
        ..frames
    })
}

/// Loads the page afresh (without the probe's click), then scripts a drag across the map and
/// wheel zooms in and out through chromedriver's input actions, recording frame times.
async fn frames(client: &fantoccini::Client, app: App, url: &str) -> Result<PageRun> {
    use fantoccini::actions::{
        InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction, WheelAction, WheelActions,
    };
    client.goto("about:blank").await?;
    client.goto(&format!("{url}#no-click")).await?;
    wait_for(client, "(b => b && b.painted)(window.kharitaBench)").await?;
    let centre = client
        .execute(
            &format!(
                "const box = document.querySelector('{}').getBoundingClientRect();
                 return [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];",
                app.map_selector()
            ),
            Vec::new(),
        )
        .await?;
    let at = |index: usize| centre[index].as_i64().unwrap_or(0);
    let (x, y) = (at(0), at(1));
    client
        .execute("window.kharitaBench.startFrames();", Vec::new())
        .await?;
    let step = Some(Duration::from_millis(16));
    let mut mouse = MouseActions::new("mouse".to_owned())
        .then(PointerAction::MoveTo {
            duration: None,
            #[allow(clippy::cast_precision_loss)]
            x: x as f64,
            #[allow(clippy::cast_precision_loss)]
            y: y as f64,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        });
    for index in 0..60 {
        let (dx, dy) = if index < 30 { (-8.0, -4.0) } else { (8.0, 4.0) };
        mouse = mouse.then(PointerAction::MoveBy {
            duration: step,
            x: dx,
            y: dy,
        });
    }
    mouse = mouse.then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    client.perform_actions(mouse).await?;
    let mut wheel = WheelActions::new("wheel".to_owned());
    for index in 0..16 {
        wheel.push(WheelAction::Scroll {
            duration: Some(Duration::from_millis(50)),
            x,
            y,
            delta_x: 0,
            delta_y: if index < 8 { -120 } else { 120 },
        });
        wheel.push(WheelAction::Pause {
            duration: Duration::from_millis(60),
        });
    }
    client.perform_actions(wheel).await?;
    // Let a zoom animation end inside the recording.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let recorded = client
        .execute("return window.kharitaBench.stopFrames();", Vec::new())
        .await?;
    let series = |name: &str| -> Vec<f64> {
        recorded[name]
            .as_array()
            .map(|values| {
                values
                    .iter()
                    .filter_map(serde_json::Value::as_f64)
                    .collect()
            })
            .unwrap_or_default()
    };
    let (work, intervals) = (series("work"), series("intervals"));
    if work.is_empty() {
        bail!("no frames were recorded");
    }
    Ok(PageRun {
        frame_p50: percentile(&work, 0.5),
        frame_p95: percentile(&work, 0.95),
        frame_max: percentile(&work, 1.0),
        interval_max: percentile(&intervals, 1.0),
        ..PageRun::default()
    })
}

/// The gzipped size of every file the page fetched, summed by kind.
fn bytes_by_kind(
    urls: &serde_json::Value,
    base: &str,
    dir: &Path,
) -> Result<BTreeMap<&'static str, usize>> {
    let mut sums = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for url in urls
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u.as_str())
    {
        let Some(file) = url.strip_prefix(base) else {
            continue;
        };
        let file = file.split(['?', '#']).next().unwrap_or_default();
        if !seen.insert(file.to_owned()) || file.is_empty() || file == PROBE {
            continue;
        }
        let kind = match file.rsplit('.').next() {
            Some("html") => "html",
            Some("js") => "js",
            Some("wasm") => "wasm",
            Some("css") => "css",
            _ if ["map.json", "detail.json", "world.json", "basemap.geojson"].contains(&file) => {
                "basemap"
            }
            _ => "data",
        };
        *sums.entry(kind).or_default() += dist::served_size(dir, Path::new(file))?;
    }
    Ok(sums)
}

// ---- The report ----

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|name| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let kb: f64 = info
                .lines()
                .next()?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some(format!("{:.0} GiB", kb / 1024.0 / 1024.0))
        })
        .unwrap_or_default();
    let chromium = Command::new("chromium")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("PRETTY_NAME="))
                .map(|name| name.trim_matches('"').to_owned())
        })
        .unwrap_or_default();
    format!("{cpu}, {cores} cores, {memory} memory; {os}; {chromium} (headless)")
}

fn ms(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.0} ms"))
}

fn fine_ms(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1} ms"))
}

fn ratio(ours: Option<f64>, theirs: Option<f64>) -> String {
    match (ours, theirs) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
        _ => "–".to_owned(),
    }
}

fn kb(bytes: usize) -> String {
    #[allow(clippy::cast_precision_loss)]
    let kb = bytes as f64 / 1000.0;
    format!("{kb:.1}")
}

fn mb(bytes: Option<f64>) -> String {
    bytes.map_or_else(|| "–".to_owned(), |b| format!("{:.1} MB", b / 1e6))
}

fn report(
    cli: &[CliRow],
    anchoring: &[(usize, f64)],
    pages: &[(&DataSet, App, PageResult)],
    code: &WasmCode,
    audits: &[(&str, Device, Result<Audit>)],
    dist: &Path,
    runs: usize,
) -> Result<String> {
    let audit = audits
        .iter()
        .find(|(page, device, _)| *page == lighthouse::PAGES[0] && *device == Device::Mobile)
        .map(|(_, _, audit)| audit)
        .context("the map's page is audited on a phone")?;
    let mut out = String::new();
    writeln!(out, "# Benchmarks\n")?;
    writeln!(
        out,
        "Written by `cargo xtask bench` on {} on {}. Timings are medians of {runs} runs ({page_loads} loads \
         of each page); each ratio compares Kharita with a baseline (Leaflet, MapLibre) measured in the same run, the \
         pages loaded by turns. Sizes are the gzipped bytes the server sends for each file the page \
         fetched: the gzipped copy written beside every file of both pages, as the build does for \
         `dist/` (zopfli; zlib's best level for files over 1 MiB). Regenerate with `cargo xtask \
         bench` (`--runs N` to change the count).\n",
        kharita_core::date::Day::today(),
        machine(),
        page_loads = runs * PAGE_LOADS_PER_RUN,
    )?;
    goals(&mut out, cli, pages, code, audit, dist)?;
    page_tables(&mut out, pages)?;
    writeln!(out, "{}", lighthouse::section(audits))?;
    basemap_by_zoom(&mut out, dist)?;
    archive_size(&mut out, dist)?;
    wasm_table(&mut out, code)?;
    cli_table(&mut out, cli, anchoring)?;
    method(&mut out)?;
    Ok(out)
}

fn find<'a>(
    pages: &'a [(&DataSet, App, PageResult)],
    folder: &str,
    app: App,
) -> Option<&'a PageResult> {
    pages
        .iter()
        .find(|(set, a, _)| *a == app && set.dir.ends_with(folder))
        .map(|(_, _, result)| result)
}

/// The goals for large atlases, at 10,000 and 100,000 sites: first paint and interactive no
/// slower than the best baseline, frames within 16 ms, no gap over 100 ms, and memory below
/// Leaflet's.
fn scale_goals(
    rows: &mut Vec<(String, String, bool, String)>,
    pages: &[(&DataSet, App, PageResult)],
) {
    for sites in [10_000, 100_000] {
        let folder = format!("sites-{sites}");
        let Some(ours) = find(pages, &folder, App::Kharita) else {
            continue;
        };
        let count = if sites == 10_000 { "10,000" } else { "100,000" };
        for (what, value) in [
            (
                "First paint",
                (|r: &PageRun| r.painted_ms) as fn(&PageRun) -> f64,
            ),
            ("Interactive", |r: &PageRun| r.interactive_ms),
        ] {
            let best = App::BASELINES
                .into_iter()
                .filter_map(|app| Some((find(pages, &folder, app)?.median(value)?, app)))
                .min_by(|a, b| a.0.total_cmp(&b.0));
            let mine = ours.median(value);
            rows.push((
                format!("{what} no slower than the best baseline, {count} sites"),
                best.map_or_else(
                    || format!("{} (no baseline ran)", ms(mine)),
                    |(theirs, app)| {
                        format!("{} vs {} ({})", ms(mine), ms(Some(theirs)), app.name())
                    },
                ),
                matches!((mine, best), (Some(a), Some((b, _))) if a <= b),
                SCALE_LIMIT.to_owned(),
            ));
        }
        let p95 = ours.median(|r| r.frame_p95);
        if sites == 100_000 {
            rows.push((
                format!("p95 frame ≤ 16 ms during pan and zoom, {count} sites"),
                fine_ms(p95),
                p95.is_some_and(|p| p <= 16.0),
                FRAME_LIMIT.to_owned(),
            ));
        }
        let gap = ours.median(|r| r.interval_max);
        rows.push((
            format!("Longest gap between frames ≤ 100 ms, {count} sites"),
            ms(gap),
            gap.is_some_and(|g| g <= 100.0),
            GAP_LIMIT.to_owned(),
        ));
        let memory = ours
            .median(|r| r.heap_bytes)
            .zip(ours.median(|r| r.wasm_bytes.unwrap_or(0.0)))
            .map(|(heap, wasm)| heap + wasm);
        let leaflet = find(pages, &folder, App::Leaflet).and_then(|r| r.median(|r| r.heap_bytes));
        rows.push((
            format!("Memory (JS heap and wasm) below Leaflet's, {count} sites"),
            format!("{} vs {}", mb(memory), mb(leaflet)),
            matches!((memory, leaflet), (Some(a), Some(b)) if a < b),
            SCALE_LIMIT.to_owned(),
        ));
    }
}

/// The one-file archive's size, as a file and as a server would send it.
fn archive_size(out: &mut String, dist: &Path) -> Result<()> {
    let file = Path::new(kharita_render::archive::ARCHIVE_FILE);
    let bytes = std::fs::metadata(dist.join(file))?.len();
    writeln!(
        out,
        "## The one-file archive\n\n`{}` (the map, its data, the basemap at every zoom and the \
         articles, for disk and web archives): {} KB, {} KB gzipped.\n",
        file.display(),
        kb(usize::try_from(bytes)?),
        kb(dist::served_size(dist, file)?)
    )?;
    Ok(())
}

/// What the basemap costs at each zoom: the simplified shapes and labels fetched at start, and
/// the detail fetched once the reader zooms in.
fn basemap_by_zoom(out: &mut String, dist: &Path) -> Result<()> {
    let detail: kharita_map::Detail =
        serde_json::from_str(&std::fs::read_to_string(dist.join("detail.json"))?)?;
    writeln!(out, "## The basemap by zoom\n")?;
    writeln!(
        out,
        "| From zoom | File | What it holds | KB gzipped | Fetched |"
    )?;
    writeln!(out, "|---|---|---|---|---|")?;
    writeln!(
        out,
        "| any | map.json | land and borders to about 11 km in North Africa and the eastern Mediterranean, to about 30 km around them (Africa, Europe, the Middle East), country and city labels | {} | with the page |",
        kb(dist::served_size(dist, Path::new("map.json"))?)
    )?;
    writeln!(
        out,
        "| {} | detail.json | land and borders to about 1 km, {} towns' labels (GeoNames) | {} | once, when the view first reaches that zoom |",
        kharita_map::DETAIL_FROM_ZOOM,
        detail.towns.len(),
        kb(dist::served_size(dist, Path::new("detail.json"))?)
    )?;
    writeln!(
        out,
        "| any | world.json | the whole world's land: map.json's, and beyond it Natural Earth 1:110m to about 100 km | {} | once, when a view first reaches beyond map.json's land (Africa, Europe, the Middle East) |\n",
        kb(dist::served_size(dist, Path::new("world.json"))?)
    )?;
    Ok(())
}

/// Why each goal can be missed, as the code stands: printed beside a goal only when it is.
/// The first load's is worked out from the measurements ([`size_limit`]).
const PAINT_LIMIT: &str = "the wasm (most of the first load) must be fetched and compiled \
    before anything is drawn";
const FRAME_LIMIT: &str = "the basemap and (from 500 sites on) the painted markers and \
    region outlines are drawn for the view where the map rests and moved by the compositor in \
    between; the frames that draw them again are the long ones (not traced further yet)";
const GAP_LIMIT: &str = "the longest gaps are the frames that draw the resting layers again \
    (see the frame goal), or, at start, the map's elements built after the first paint";
const SCALE_LIMIT: &str = "the app reads its whole index (every site and every claim, without \
    their words) into its own types on the main thread before it draws; a layer of the sites \
    alone, read first, is what would draw sooner";
const LIGHTHOUSE_LIMIT: &str = "Lighthouse simulates a slow 4G network (1.6 Mbit/s) and a \
    CPU four times slower. The page's shell (its frame, with the hint) is most often its first \
    and largest paint, but the simulation holds that paint back until every request begun \
    before it has come: the wasm, most of the first load, which the page fetches at once so that \
    the map is ready sooner (fetched only once the shell was painted, it scored 99, but on a \
    phone link throttled in the browser the map was ready 0.26 s later). When the app is ready \
    before the shell is painted, the largest paint is the app's, later still. Starting the app \
    (compiling, reading the data, the first frame) is the blocking time, which varies from run \
    to run";
const EXPORT_LIMIT: &str = "`kharita export` first does all that `kharita check` does (the \
    `check` column): it reads every file, parses the TOML with the `toml` crate (about 40 MB a \
    second on one core, the largest part), checks it and anchors every quote, on both cores. \
    Then one thread writes the pretty GeoJSON (the `GeoJSON` column) while another writes the \
    compact collection into the hash that becomes its data version (the `serialise` column is \
    both, into nothing); a third syncs the file to disk as it is written, before it is renamed \
    into place";

/// What keeps the first load over its budget: the wasm's gzipped bytes and what its code is.
fn size_limit(wasm: Option<usize>, code: &WasmCode) -> String {
    let wasm = wasm.map_or_else(|| "most".to_owned(), |bytes| format!("{} KB", kb(bytes)));
    let largest: Vec<String> = code
        .largest(3)
        .into_iter()
        .map(|(family, share)| format!("{family} {share}%"))
        .collect();
    let made_of = if largest.is_empty() {
        String::new()
    } else {
        format!(
            ", and its code is {} (see \"What the wasm is made of\")",
            largest.join(", ")
        )
    };
    format!(
        "the wasm is {wasm} of it{made_of}; {} KB needs a smaller app, not a smaller atlas",
        dist::BUDGET_BYTES / 1000
    )
}

fn goals(
    out: &mut String,
    cli: &[CliRow],
    pages: &[(&DataSet, App, PageResult)],
    code: &WasmCode,
    audit: &Result<Audit>,
    dist: &Path,
) -> Result<()> {
    let mut rows: Vec<(String, String, bool, String)> = Vec::new();
    let seed = find(pages, "seed", App::Kharita);
    // What the map fetches before it can be used, as the build counts it; the page's own bytes
    // also hold what it fetched for the click (the words of the clicked site's claims).
    let seed_bytes = dist::map_first_load(dist).ok();
    rows.push((
        format!(
            "First load ≤ {} KB gzipped (seed atlas)",
            dist::BUDGET_BYTES / 1000
        ),
        seed_bytes.map_or_else(|| "–".to_owned(), |b| format!("{} KB", kb(b))),
        seed_bytes.is_some_and(|b| b <= dist::BUDGET_BYTES),
        size_limit(seed.and_then(|r| r.bytes.get("wasm").copied()), code),
    ));
    let ours = seed.and_then(|r| r.median(|run| run.painted_ms));
    let theirs = find(pages, "seed", App::Leaflet).and_then(|r| r.median(|run| run.painted_ms));
    rows.push((
        "First map paint no slower than Leaflet (seed atlas)".to_owned(),
        format!("{} vs {} ({})", ms(ours), ms(theirs), ratio(ours, theirs)),
        matches!((ours, theirs), (Some(a), Some(b)) if a <= b),
        PAINT_LIMIT.to_owned(),
    ));
    let p95 = find(pages, "sites-10000", App::Kharita).and_then(|r| r.median(|run| run.frame_p95));
    rows.push((
        "p95 frame ≤ 16 ms during pan and zoom, 10,000 sites".to_owned(),
        fine_ms(p95),
        p95.is_some_and(|p| p <= 16.0),
        FRAME_LIMIT.to_owned(),
    ));
    rows.push(match audit {
        Ok(audit) => (
            "Lighthouse mobile performance ≥ 95 (seed atlas)".to_owned(),
            format!(
                "{:.0} (largest contentful paint {:.1} s, total blocking time {:.0} ms, first \
                 contentful paint {:.1} s, speed index {:.1} s, layout shift {:.3})",
                audit.score,
                audit.largest_contentful_paint / 1000.0,
                audit.total_blocking_time,
                audit.first_contentful_paint / 1000.0,
                audit.speed_index / 1000.0,
                audit.cumulative_layout_shift
            ),
            audit.score >= 95.0,
            LIGHTHOUSE_LIMIT.to_owned(),
        ),
        Err(error) => (
            "Lighthouse mobile performance ≥ 95 (seed atlas)".to_owned(),
            "–".to_owned(),
            false,
            format!("the audit did not run: {error:#}"),
        ),
    });
    scale_goals(&mut rows, pages);
    if let Some(row) = cli.last() {
        rows.push((
            format!("Export of {} claims ≤ 2 s", row.claims),
            format!(
                "`kharita export` {:.2} s in all; `kharita check` {:.2} s; serialising alone \
                 {:.2} s",
                row.export.seconds, row.check.seconds, row.serialise_seconds
            ),
            row.export.seconds <= 2.0,
            EXPORT_LIMIT.to_owned(),
        ));
    }
    writeln!(out, "## Goals\n")?;
    writeln!(
        out,
        "| Goal | Measured | Met | What limits it |\n|---|---|---|---|"
    )?;
    for (goal, measured, met, limit) in &rows {
        let (met, limit) = if *met {
            ("yes", "")
        } else {
            ("**no**", limit.as_str())
        };
        writeln!(out, "| {goal} | {measured} | {met} | {limit} |")?;
    }
    writeln!(out)?;
    Ok(())
}

fn wasm_table(out: &mut String, code: &WasmCode) -> Result<()> {
    writeln!(out, "## What the wasm is made of\n")?;
    writeln!(
        out,
        "The web app's wasm as cargo builds it, before wasm-bindgen and wasm-opt make the shipped \
         file: the bytes of its functions by the crates whose code they are (read from their \
         names; generic code counts for the crate that defines it, or for the app's type it is \
         made for, so leptos views written in the app count as Kharita's), and of its data. \
         wasm-opt then inlines, merges and drops code, so these are shares, not parts of the \
         shipped file.\n"
    )?;
    writeln!(
        out,
        "| Code from | KB before wasm-opt | Share of the functions |"
    )?;
    writeln!(out, "|---|---|---|")?;
    let shares = code.largest(code.functions.len());
    for (&(family, bytes), (_, share)) in code.functions.iter().zip(shares) {
        writeln!(out, "| {family} | {} | {share}% |", kb(bytes))?;
    }
    writeln!(
        out,
        "| data (strings, tables, constants) | {} | |\n",
        kb(code.data)
    )?;
    Ok(())
}

/// The gzipped bytes a page fetched, when it got as far as fetching.
fn total_bytes(result: &PageResult) -> Option<usize> {
    (!result.bytes.is_empty()).then(|| result.bytes.values().sum())
}

fn page_tables(out: &mut String, pages: &[(&DataSet, App, PageResult)]) -> Result<()> {
    writeln!(out, "## The map in the browser\n")?;
    writeln!(
        out,
        "| Data | Page | html | js | wasm | css | data | basemap | total KB | first paint | interactive | frame p50 | frame p95 | frame max | longest gap | JS heap | wasm memory |"
    )?;
    writeln!(out, "|---|---|{}", "---|".repeat(15))?;
    for (set, app, result) in pages {
        let bytes = |kind: &str| {
            result
                .bytes
                .get(kind)
                .map_or_else(|| "–".to_owned(), |b| kb(*b))
        };
        let wasm = result
            .runs
            .iter()
            .filter_map(|run| run.wasm_bytes)
            .collect::<Vec<_>>();
        writeln!(
            out,
            "| {} ({} claims) | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            set.name,
            set.claims,
            app.name(),
            bytes("html"),
            bytes("js"),
            bytes("wasm"),
            bytes("css"),
            bytes("data"),
            bytes("basemap"),
            total_bytes(result).map_or_else(|| "–".to_owned(), kb),
            ms(result.median(|run| run.painted_ms)),
            ms(result.median(|run| run.interactive_ms)),
            fine_ms(result.median(|run| run.frame_p50)),
            fine_ms(result.median(|run| run.frame_p95)),
            fine_ms(result.median(|run| run.frame_max)),
            ms(result.median(|run| run.interval_max)),
            mb(result.median(|run| run.heap_bytes)),
            mb(median(wasm)),
        )?;
        if let Some(failure) = &result.failure {
            writeln!(
                out,
                "| | {} failed after {} runs: {failure} |",
                app.name(),
                result.runs.len()
            )?;
        }
    }
    writeln!(
        out,
        "\nRatios, Kharita ÷ each baseline (below 1 is better for Kharita):\n"
    )?;
    writeln!(
        out,
        "| Data | Baseline | bytes | first paint | interactive | frame p95 | longest gap |\n|---|---|---|---|---|---|---|"
    )?;
    for (set, app, ours) in pages {
        if *app != App::Kharita {
            continue;
        }
        for baseline in App::BASELINES {
            let folder = set.dir.file_name().unwrap_or_default().to_string_lossy();
            let Some(theirs) = find(pages, &folder, baseline) else {
                continue;
            };
            #[allow(clippy::cast_precision_loss)]
            let total = |r: &PageResult| total_bytes(r).map(|b| b as f64);
            let both = |value: fn(&PageRun) -> f64| ratio(ours.median(value), theirs.median(value));
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                set.name,
                baseline.name(),
                ratio(total(ours), total(theirs)),
                both(|r| r.painted_ms),
                both(|r| r.interactive_ms),
                both(|r| r.frame_p95),
                both(|r| r.interval_max),
            )?;
        }
    }
    writeln!(out)?;
    Ok(())
}

fn cli_table(out: &mut String, cli: &[CliRow], anchoring: &[(usize, f64)]) -> Result<()> {
    writeln!(out, "## The data tools\n")?;
    writeln!(
        out,
        "`kharita check` and `kharita export --format geojson` (release build) on the synthetic \
         corpora, timed with `/usr/bin/time`; peak memory is the maximum resident set. \
         \"Serialise\" is `Atlas::write_geojson` alone, after the atlas is loaded, writing into \
         nothing.\n"
    )?;
    writeln!(
        out,
        "| Articles | Claims | Text | TOML | check | check peak | export | export peak | GeoJSON | serialise | check per MB of text |\n|---|---|---|---|---|---|---|---|---|---|---|"
    )?;
    for row in cli {
        writeln!(
            out,
            "| {} | {} | {:.1} MB | {:.1} MB | {:.2} s | {:.0} MB | {:.2} s | {:.0} MB | {:.0} MB | {:.2} s | {:.0} ms |",
            row.articles,
            row.claims,
            row.text_mb,
            row.toml_mb,
            row.check.seconds,
            row.check.peak_kb / 1024.0,
            row.export.seconds,
            row.export.peak_kb / 1024.0,
            row.geojson_mb,
            row.serialise_seconds,
            row.check.seconds * 1000.0 / row.text_mb
        )?;
    }
    writeln!(
        out,
        "\n`kharita mentions --format json seeds/` over every article of each corpus: the atlas \
         loaded and checked first (the `check` column above), then one pass over each text: from \
         each word (with the clitics Arabic attaches taken off), its runs of words up to the \
         longest name looked up among every site's names at once, and the installation-shaped \
         phrases matched against the gazetteer.\n"
    )?;
    writeln!(
        out,
        "| Articles | Text | Sites | Mentions found | mentions | peak | per MB of text |\n|---|---|---|---|---|---|---|"
    )?;
    for row in cli {
        writeln!(
            out,
            "| {} | {:.1} MB | {} | {} | {:.2} s | {:.0} MB | {:.0} ms |",
            row.articles,
            row.text_mb,
            row.sites,
            row.mentions_found,
            row.mentions.seconds,
            row.mentions.peak_kb / 1024.0,
            row.mentions.seconds * 1000.0 / row.text_mb
        )?;
    }
    writeln!(
        out,
        "\nAnchoring one quote at the end of a text (preparing the text and finding the quote), \
         by text length; time per thousand code points stays flat when the search is linear:\n"
    )?;
    writeln!(
        out,
        "| Code points | Time | Per 1,000 code points |\n|---|---|---|"
    )?;
    for (chars, micros) in anchoring {
        #[allow(clippy::cast_precision_loss)]
        let per_thousand = micros / (*chars as f64 / 1000.0);
        writeln!(out, "| {chars} | {micros:.0} µs | {per_thousand:.1} µs |")?;
    }
    writeln!(out)?;
    Ok(())
}

fn method(out: &mut String) -> Result<()> {
    writeln!(
        out,
        "## How it is measured\n\n\
         - **Data.** The seed atlas, and synthetic atlases of 1,000, 10,000 and 100,000 sites made \
           by `crates/xtask/src/synthetic.rs` (fixed seed): numbered places in Libya, each the \
           subject of one claim, ten claims to a 2,500-character Arabic article, loaded and \
           anchored by the real loader and exported as the build exports the seed atlas.\n\
         - **Pages.** Kharita is the built `dist/` app (`index.html?lang=en`), which reads the \
           atlas's index (`atlas-index.geojson`: the atlas without the claims' summaries and \
           quotes) and, when a site is opened, the file of `claim-texts/` its claims' words are \
           in (its bytes below count that file: the bench opens a site; the first load in the \
           goals is the build's count). The baseline is \
           Leaflet 1.9.4 (npm) with the whole `atlas.geojson` and the same Natural Earth basemap \
           (`assets/basemap.geojson`, which Kharita ships pre-projected as `map.json`) as GeoJSON \
           layers, no tiles, sites as circle markers on Leaflet's canvas renderer, a popup per \
           site. The second baseline is MapLibre GL JS 5.24.1 (npm) with the same files as GeoJSON \
           sources, drawn with WebGL (SwiftShader: Chromium draws it in software here, as there is \
           no GPU), the sites clustered by its GeoJSON source, which runs supercluster in a web \
           worker, and a popup for a site or a cluster; a clustered source holds points only, so \
           it draws no region outlines, and it writes no cluster counts (text needs a glyph \
           server); its view is the sites' bounds, as Leaflet fits them. All three load \
           `probe.js` first (`crates/xtask/bench/`), the instrument, not counted in \
           their bytes. Window {}×{} px, headless \
           Chromium through chromedriver, a fresh profile per run, served from loopback.\n\
         - **First paint**: the animation frame in which the sites are first drawn, in ms since \
           navigation start, read when its callbacks run (the frame's own timestamp can precede \
           a long task that held the frame back). **Interactive**: the first frame showing the \
           response to a click on a site's symbol (Kharita: the marker selected, one SVG element \
           per site or, from 500 sites on, painted paths picked by position; Leaflet and \
           MapLibre: a popup).\n\
         - **Frames**: after a fresh load, chromedriver drags across the map (60 moves, 16 ms \
           apart) and turns the wheel 16 times (8 in, 8 out). For each animation frame the probe \
           takes the main thread's time from the frame's start to the end of its rendering work \
           (a message posted from the frame callback); p50, p95 and max are over one run's frames. \
           \"Longest gap\" is the longest time between two frames. The wheel turns come about 110 \
           ms apart; Kharita draws its basemap and regions (and, from 500 sites on, its painted \
           markers) for the view where it rests, moves them with the map in between and draws \
           them again once the view has rested 150 ms, so in this sequence they are drawn again \
           after the drag and after the last turn of the wheel, and those frames count.\n\
         - **Memory**: `performance.memory.usedJSHeapSize` (with `--enable-precise-memory-info`) \
           and the size of the app's WebAssembly memory, after the click. MapLibre's workers' \
           heaps and the GPU's memory are not in `usedJSHeapSize`: its figure is the main \
           thread's alone.\n\
         - **Lighthouse**: see its section above.\n",
        WINDOW.0, WINDOW.1
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(Vec::new()), None);
    }

    #[test]
    fn percentiles_pick_from_the_sorted_frames() {
        let frames: Vec<f64> = (1..=100).map(f64::from).collect();
        assert!((percentile(&frames, 0.5) - 51.0).abs() < 1e-9);
        assert!((percentile(&frames, 0.95) - 95.0).abs() < 1e-9);
        assert!((percentile(&frames, 1.0) - 100.0).abs() < 1e-9);
    }

    /// Guards the report for a page that failed before fetching anything: no figure is
    /// invented, the goal is missed and says what limits it.
    #[test]
    fn a_goal_without_a_measurement_is_missed_and_explained() {
        let mut out = String::new();
        let audit = Err(anyhow::anyhow!("Chromium would not start"));
        let unbuilt = Path::new("target/no-such-dist");
        goals(&mut out, &[], &[], &WasmCode::default(), &audit, unbuilt).unwrap();
        assert!(
            out.contains(
                "| First load ≤ 300 KB gzipped (seed atlas) | – | **no** | the wasm is most of \
                 it; 300 KB needs a smaller app, not a smaller atlas |"
            ),
            "{out}"
        );
        assert!(
            out.contains(&format!("| – | **no** | {FRAME_LIMIT} |")),
            "{out}"
        );
        assert!(
            out.contains("| – | **no** | the audit did not run: Chromium would not start |"),
            "{out}"
        );
        assert!(!out.contains("| yes |"), "{out}");
    }

    #[test]
    fn fetched_files_are_summed_by_kind() {
        let dir = crate::root().join("assets");
        let base = "http://127.0.0.1:1/x/";
        let urls = serde_json::json!([
            format!("{base}kharita.css"),
            format!("{base}kharita.css?again"),
            format!("{base}{PROBE}"),
            format!("{base}basemap.geojson"),
            "http://elsewhere.example/kharita.css",
        ]);
        let sums = bytes_by_kind(&urls, base, &dir).unwrap();
        let css = dist::served_size(&dir, Path::new("kharita.css")).unwrap();
        assert_eq!(sums.get("css"), Some(&css));
        assert!(sums.get("basemap").is_some_and(|&b| b > 0));
        assert_eq!(sums.len(), 2);
    }
}
