//! Lighthouse's audits of the built map (`cargo xtask bench` and `cargo xtask audit`): its four
//! scores (performance, accessibility, best practices, SEO) and the metrics the performance score
//! is made of, from Lighthouse's own run of headless Chromium, for a phone (its default mobile
//! throttling: a slow 4G network, a CPU four times slower than this one) and for a desktop.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::setup;

/// The Lighthouse release that runs on the Node this machine has (13 needs Node 22).
const LIGHTHOUSE: &str = "lighthouse@12.2.3";

/// What Lighthouse emulates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Device {
    Mobile,
    Desktop,
}

impl Device {
    pub(crate) const BOTH: [Self; 2] = [Self::Mobile, Self::Desktop];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Mobile => "mobile",
            Self::Desktop => "desktop",
        }
    }
}

/// The pages audited, with the query that opens them in English.
pub(crate) const PAGES: [&str; 2] = ["index.html?lang=en", "embed.html?lang=en"];

/// The four categories' ids in Lighthouse's report, and their names.
const CATEGORIES: [(&str, &str); 4] = [
    ("performance", "performance"),
    ("accessibility", "accessibility"),
    ("best-practices", "best practices"),
    ("seo", "SEO"),
];

/// One audit's scores (0 to 100, in the order of [`CATEGORIES`]), the metrics performance
/// weighs, in milliseconds (CLS unitless), and the titles of the checks that did not pass in the
/// other three categories.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Audit {
    pub(crate) scores: [f64; 4],
    pub(crate) failed: Vec<String>,
    pub(crate) score: f64,
    pub(crate) first_contentful_paint: f64,
    pub(crate) largest_contentful_paint: f64,
    pub(crate) total_blocking_time: f64,
    pub(crate) cumulative_layout_shift: f64,
    pub(crate) speed_index: f64,
}

impl Audit {
    /// Reads Lighthouse's JSON report.
    fn from_report(report: &serde_json::Value) -> Result<Self> {
        let mut scores = [0.0; 4];
        for (score, (id, _)) in scores.iter_mut().zip(CATEGORIES) {
            *score = 100.0
                * report["categories"][id]["score"]
                    .as_f64()
                    .with_context(|| format!("the report has no {id} score"))?;
        }
        // A check of accessibility, best practices or SEO that did not pass.
        let mut failed: Vec<String> = CATEGORIES[1..]
            .iter()
            .filter_map(|(id, _)| report["categories"][id]["auditRefs"].as_array())
            .flatten()
            .filter_map(|reference| {
                let check = &report["audits"][reference["id"].as_str()?];
                let failing = check["score"].as_f64().is_some_and(|score| score < 1.0)
                    && reference["weight"]
                        .as_f64()
                        .is_some_and(|weight| weight > 0.0);
                failing.then(|| check["title"].as_str().unwrap_or_default().to_owned())
            })
            .collect();
        failed.dedup();
        let metric = |id: &str| {
            report["audits"][id]["numericValue"]
                .as_f64()
                .with_context(|| format!("the report has no {id}"))
        };
        Ok(Self {
            scores,
            failed,
            score: scores[0],
            first_contentful_paint: metric("first-contentful-paint")?,
            largest_contentful_paint: metric("largest-contentful-paint")?,
            total_blocking_time: metric("total-blocking-time")?,
            cumulative_layout_shift: metric("cumulative-layout-shift")?,
            speed_index: metric("speed-index")?,
        })
    }
}

/// Audits `url` as `device` `runs` times, each in a fresh profile, and keeps the run of median
/// performance score.
pub(crate) fn audit(root: &Path, url: &str, device: Device, runs: usize) -> Result<Audit> {
    let cli = setup::npm_file(
        &root.join(".tools"),
        LIGHTHOUSE,
        "node_modules/lighthouse/cli/index.js",
    )?;
    let mut audits = Vec::new();
    for run in 0..runs {
        let profile = root.join(format!("target/bench/lighthouse-profile-{run}"));
        let _ = std::fs::remove_dir_all(&profile);
        let output = Command::new("node")
            .arg(&cli)
            .arg(url)
            .args(match device {
                Device::Mobile => &[][..],
                Device::Desktop => &["--preset=desktop"][..],
            })
            .args([
                "--only-categories=performance,accessibility,best-practices,seo",
                "--output=json",
                "--output-path=stdout",
                "--quiet",
            ])
            .arg(format!(
                "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
                 --user-data-dir={}",
                profile.display()
            ))
            .env("CHROME_PATH", "/usr/bin/chromium")
            .output()
            .context("cannot start Lighthouse (node)")?;
        let _ = std::fs::remove_dir_all(&profile);
        if !output.status.success() {
            bail!(
                "Lighthouse failed on {url}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let report: serde_json::Value =
            serde_json::from_slice(&output.stdout).context("reading Lighthouse's report")?;
        audits.push(Audit::from_report(&report)?);
    }
    audits.sort_by(|a, b| a.score.total_cmp(&b.score));
    audits
        .get(audits.len() / 2)
        .cloned()
        .context("no Lighthouse run")
}

/// Every page of [`PAGES`] on both devices, served at `base`.
pub(crate) fn audit_pages(
    root: &Path,
    base: &str,
    runs: usize,
) -> Vec<(&'static str, Device, Result<Audit>)> {
    let mut audits = Vec::new();
    for page in PAGES {
        for device in Device::BOTH {
            crate::step(format!(
                "Lighthouse: {page}, {} ({runs} runs)",
                device.name()
            ));
            audits.push((
                page,
                device,
                audit(root, &format!("{base}{page}"), device, runs),
            ));
        }
    }
    audits
}

/// BENCHMARKS.md's section on the audits, which `cargo xtask bench` writes with the rest and
/// `cargo xtask audit` writes again in place.
pub(crate) fn section(audits: &[(&str, Device, Result<Audit>)]) -> String {
    let met = audits.iter().all(|(_, _, audit)| {
        audit
            .as_ref()
            .is_ok_and(|audit| audit.scores.iter().all(|&score| score >= 95.0))
    });
    format!(
        "{SECTION_START}\n## Lighthouse\n\nLighthouse {} (npm) on the built `dist/` served as `cargo xtask serve` serves it \
         (gzipped, with its headers), each page in English, on its default phone (a simulated slow 4G network \
         and a CPU slowed four times) and with `--preset=desktop`; the run of median performance score. \
         Made by `cargo xtask audit` (or with the rest by `cargo xtask bench`). Goal: at least 95 in \
         each category on both pages and both devices: **{}**.\n\n{}{SECTION_END}\n",
        &LIGHTHOUSE["lighthouse@".len()..],
        if met { "met" } else { "not met" },
        table(audits)
    )
}

/// Where the Lighthouse section starts and ends in BENCHMARKS.md.
pub(crate) const SECTION_START: &str = "<!-- lighthouse -->";
pub(crate) const SECTION_END: &str = "<!-- /lighthouse -->";

/// The audits as a Markdown table, with the checks that did not pass.
fn table(audits: &[(&str, Device, Result<Audit>)]) -> String {
    let mut out = String::from("| Page | Device |");
    for (_, name) in CATEGORIES {
        let _ = write!(out, " {name} |");
    }
    out.push_str(" Checks not passed |\n|---|---|---|---|---|---|---|\n");
    for (page, device, audit) in audits {
        let device = device.name();
        let _ = match audit {
            Ok(audit) => {
                let scores: Vec<String> = audit.scores.iter().map(|s| format!("{s:.0}")).collect();
                let failed = if audit.failed.is_empty() {
                    "none".to_owned()
                } else {
                    audit.failed.join("; ")
                };
                writeln!(
                    out,
                    "| `{page}` | {device} | {} | {failed} |",
                    scores.join(" | ")
                )
            }
            Err(error) => writeln!(
                out,
                "| `{page}` | {device} | – | – | – | – | the audit did not run: {error:#} |"
            ),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_audit_is_read_from_the_report_lighthouse_writes() {
        let metric = |value: f64| serde_json::json!({ "numericValue": value });
        let report = serde_json::json!({
            "categories": {
                "performance": { "score": 0.92 },
                "accessibility": { "score": 1.0, "auditRefs": [] },
                "best-practices": { "score": 0.96, "auditRefs": [{ "id": "errors-in-console", "weight": 1 }] },
                "seo": { "score": 1.0, "auditRefs": [] },
            },
            "audits": {
                "first-contentful-paint": metric(985.0),
                "largest-contentful-paint": metric(2627.0),
                "total-blocking-time": metric(243.0),
                "cumulative-layout-shift": metric(0.021),
                "speed-index": metric(1232.0),
                "errors-in-console": { "score": 0, "title": "Browser errors were logged to the console" },
            }
        });
        let audit = Audit::from_report(&report).expect("a complete report");
        assert!((audit.score - 92.0).abs() < 1e-9);
        assert!((audit.largest_contentful_paint - 2627.0).abs() < 1e-9);
        assert!((audit.scores[2] - 96.0).abs() < 1e-9);
        assert_eq!(audit.failed, ["Browser errors were logged to the console"]);
        let mut broken = report;
        broken["audits"]["speed-index"] = serde_json::json!({});
        assert!(
            Audit::from_report(&broken).is_err(),
            "a missing metric is an error"
        );
    }
}
