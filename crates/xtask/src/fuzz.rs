//! `cargo xtask fuzz`: runs each fuzz target of `crates/kharita-fuzz` with cargo-fuzz for a set
//! time, from a corpus seeded with the atlas's own files, and records the runs in BENCHMARKS.md.
//!
//! cargo-fuzz runs here on the stable toolchain with `--sanitizer none`: libFuzzer's coverage
//! comes from stable codegen options, and Rust's own checks (bounds, overflow, debug assertions)
//! do the sanitizer's work for safe code.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::{setup, step};

/// The cargo-fuzz the runs are made with.
const CARGO_FUZZ: &str = "0.13.2";
/// Where the fuzz crate lives (cargo-fuzz's `--fuzz-dir`).
const FUZZ_DIR: &str = "crates/kharita-fuzz";

pub(crate) const SECTION_START: &str = "<!-- fuzz -->";
pub(crate) const SECTION_END: &str = "<!-- /fuzz -->";

/// A fuzz target and what its inputs are.
struct Target {
    name: &'static str,
    feeds: &'static str,
}

const TARGETS: [Target; 3] = [
    Target {
        name: "load",
        feeds: "the seed atlas with one file replaced by the input (sites, actors, an article's metadata or its text), through the whole loader; every anchor of an atlas that loads slices its article to the quote",
    },
    Target {
        name: "anchor",
        feeds: "a text, a quote, a prefix and a suffix; an anchor slices the text to its `exact`, which holds the quote, with 32 code points of context each side",
    },
    Target {
        name: "mentions",
        feeds: "a text, searched for the seed atlas's sites and the gazetteer's candidates; every mention's code points and bytes slice to what it says was written, in order",
    },
];

/// What one run of a target gave.
struct Run {
    target: &'static Target,
    seconds: u64,
    executions: u64,
    corpus: usize,
    coverage: Option<u64>,
}

/// Runs every target (or those named) for `seconds` each, then writes the fuzz section of
/// BENCHMARKS.md. A crash stops it with the input that caused it.
pub(crate) fn fuzz(root: &Path, seconds: u64, only: &[String]) -> Result<()> {
    cargo_fuzz()?;
    let mut runs = Vec::new();
    for target in TARGETS
        .iter()
        .filter(|target| only.is_empty() || only.iter().any(|name| name == target.name))
    {
        runs.push(run(root, target, seconds)?);
    }
    if runs.is_empty() {
        let names: Vec<&str> = TARGETS.iter().map(|target| target.name).collect();
        bail!(
            "no fuzz target of that name: the targets are {}",
            names.join(", ")
        );
    }
    let section = section(&runs)?;
    println!("{section}");
    crate::replace_section(
        &root.join("BENCHMARKS.md"),
        SECTION_START,
        SECTION_END,
        &section,
    )?;
    step("recorded in BENCHMARKS.md");
    Ok(())
}

/// Installs cargo-fuzz when the machine lacks it.
fn cargo_fuzz() -> Result<()> {
    let installed = setup::cargo()
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !installed {
        step(format!("installing cargo-fuzz {CARGO_FUZZ} (crates.io)"));
        setup::run(setup::cargo().args([
            "install",
            "--locked",
            "cargo-fuzz",
            "--version",
            CARGO_FUZZ,
        ]))?;
    }
    Ok(())
}

/// Seeds a target's corpus with the atlas's own files, shaped as the target reads its input.
fn seed_corpus(root: &Path, target: &Target, corpus: &Path) -> Result<()> {
    std::fs::create_dir_all(corpus)?;
    let read = |path: &str| {
        std::fs::read(root.join(path)).with_context(|| format!("cannot read {path} for the corpus"))
    };
    let article = "seeds/004_4e5fc412234f2c9f";
    let seeds: Vec<(String, Vec<u8>)> = match target.name {
        "load" => [
            kharita_core::load::SITES_FILE.to_owned(),
            kharita_core::load::ACTORS_FILE.to_owned(),
            format!("{article}.toml"),
            format!("{article}.txt"),
        ]
        .into_iter()
        .enumerate()
        .map(|(which, path)| {
            let mut input = vec![u8::try_from(which).expect("four files")];
            input.extend(read(&path)?);
            Ok((format!("seed-{which}"), input))
        })
        .collect::<Result<_>>()?,
        "anchor" => {
            let text = String::from_utf8(read(&format!("{article}.txt"))?)?;
            let atlas = kharita_core::load::load(root)?;
            atlas
                .claims()
                .iter()
                .filter(|claim| claim.target.source == format!("{article}.txt"))
                .enumerate()
                .map(|(at, claim)| {
                    let input = format!("{text}\0{}", claim.target.exact());
                    (format!("seed-{at}"), input.into_bytes())
                })
                .collect()
        }
        _ => std::fs::read_dir(root.join("seeds"))?
            .map(|entry| entry.map(|entry| entry.path()))
            .filter(|path| {
                path.as_ref()
                    .is_ok_and(|p| p.extension() == Some("txt".as_ref()))
            })
            .map(|path| {
                let path = path?;
                let name = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                Ok((name, std::fs::read(&path)?))
            })
            .collect::<Result<_>>()?,
    };
    for (name, input) in seeds {
        std::fs::write(corpus.join(name), input)?;
    }
    Ok(())
}

fn run(root: &Path, target: &'static Target, seconds: u64) -> Result<Run> {
    let work = root.join("target/fuzz");
    let corpus = work.join("corpus").join(target.name);
    let artifacts = work.join("artifacts").join(target.name);
    seed_corpus(root, target, &corpus)?;
    std::fs::create_dir_all(&artifacts)?;
    step(format!("fuzzing `{}` for {seconds} s", target.name));
    let output = setup::cargo()
        .args([
            "fuzz",
            "run",
            "--fuzz-dir",
            FUZZ_DIR,
            "--sanitizer",
            "none",
            target.name,
        ])
        .arg(&corpus)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .arg("-print_final_stats=1")
        .current_dir(root)
        .stdout(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("cannot start cargo fuzz for `{}`", target.name))?;
    let log = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        // From the panic's message on, or else the end of what it printed.
        let lines: Vec<&str> = log.lines().collect();
        let from = lines
            .iter()
            .position(|line| line.contains("panicked at"))
            .unwrap_or(lines.len().saturating_sub(40));
        let tail = &lines[from..(from + 40).min(lines.len())];
        bail!(
            "fuzz target `{}` failed; the input that broke it is in {} (replay: cargo fuzz run --fuzz-dir {FUZZ_DIR} -s none {} FILE)\n{}",
            target.name,
            artifacts.display(),
            target.name,
            tail.join("\n")
        );
    }
    let executions = final_stat(&log, "stat::number_of_executed_units:")
        .context("libFuzzer printed no execution count")?;
    let coverage = log
        .lines()
        .filter(|line| line.contains(" DONE ") || line.contains("\tDONE "))
        .find_map(|line| number_after(line, "cov: "));
    let corpus_size = std::fs::read_dir(&corpus)?.count();
    Ok(Run {
        target,
        seconds,
        executions,
        corpus: corpus_size,
        coverage,
    })
}

/// A `-print_final_stats` figure.
fn final_stat(log: &str, name: &str) -> Option<u64> {
    log.lines().find_map(|line| number_after(line, name))
}

/// The number that follows `label` in `line`.
fn number_after(line: &str, label: &str) -> Option<u64> {
    let rest = line.split_once(label)?.1.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn section(runs: &[Run]) -> Result<String> {
    let mut out = String::new();
    writeln!(
        out,
        "{SECTION_START}\n## Fuzzing\n\n`cargo xtask fuzz` (`--seconds N` each, default 600; or name the targets) on {}: \
         cargo-fuzz {CARGO_FUZZ} with libFuzzer on the stable toolchain (`--sanitizer none`; Rust's \
         bounds, overflow and debug-assertion checks are on), each target from a corpus seeded \
         with the atlas's own files. Any panic or failed property is a crash; a crash stops the \
         run with the input that caused it.\n",
        kharita_core::date::Day::today()
    )?;
    writeln!(
        out,
        "| Target | What it is fed | Seconds | Executions | Per second | Corpus | Coverage (edges) | Crashes |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|---|")?;
    for run in runs {
        writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | none |",
            run.target.name,
            run.target.feeds,
            run.seconds,
            run.executions,
            run.executions / run.seconds.max(1),
            run.corpus,
            run.coverage
                .map_or_else(|| "–".to_owned(), |cov| cov.to_string()),
        )?;
    }
    writeln!(out, "\n{FOUND}\n{SECTION_END}")?;
    Ok(out)
}

/// What the fuzzers found before, and where each fix is guarded.
const FOUND: &str = "Found and fixed: the first `load` run stopped within a minute on a fault of the target itself (it checked the anchors against the article after putting the original file back); fixed in the target. No fault of the code under test has been found so far. The hostile data pack of the tests found one: `kharita render` passed control characters into its SVG, which no XML reader accepts.";
