//! Lighthouse's mobile performance audit of the built map (`cargo xtask bench`): its score and
//! the metrics the score is made of, from Lighthouse's own run of headless Chromium under its
//! default mobile throttling (a slow 4G network, a CPU four times slower than this one).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::setup;

/// The Lighthouse release that runs on the Node this machine has (13 needs Node 22).
const LIGHTHOUSE: &str = "lighthouse@12.2.3";

/// One audit's score (0 to 100) and the metrics it weighs, in milliseconds (CLS unitless).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Audit {
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
        let score = report["categories"]["performance"]["score"]
            .as_f64()
            .context("the report has no performance score")?;
        let metric = |id: &str| {
            report["audits"][id]["numericValue"]
                .as_f64()
                .with_context(|| format!("the report has no {id}"))
        };
        Ok(Self {
            score: score * 100.0,
            first_contentful_paint: metric("first-contentful-paint")?,
            largest_contentful_paint: metric("largest-contentful-paint")?,
            total_blocking_time: metric("total-blocking-time")?,
            cumulative_layout_shift: metric("cumulative-layout-shift")?,
            speed_index: metric("speed-index")?,
        })
    }
}

/// Audits `url` `runs` times, each in a fresh profile, and keeps the run of median score.
pub(crate) fn audit(root: &Path, url: &str, runs: usize) -> Result<Audit> {
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
            .args([
                "--only-categories=performance",
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
        .copied()
        .context("no Lighthouse run")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_audit_is_read_from_the_report_lighthouse_writes() {
        let metric = |value: f64| serde_json::json!({ "numericValue": value });
        let report = serde_json::json!({
            "categories": { "performance": { "score": 0.92 } },
            "audits": {
                "first-contentful-paint": metric(985.0),
                "largest-contentful-paint": metric(2627.0),
                "total-blocking-time": metric(243.0),
                "cumulative-layout-shift": metric(0.021),
                "speed-index": metric(1232.0),
            }
        });
        let audit = Audit::from_report(&report).expect("a complete report");
        assert!((audit.score - 92.0).abs() < 1e-9);
        assert!((audit.largest_contentful_paint - 2627.0).abs() < 1e-9);
        let mut broken = report;
        broken["audits"]["speed-index"] = serde_json::json!({});
        assert!(
            Audit::from_report(&broken).is_err(),
            "a missing metric is an error"
        );
    }
}
