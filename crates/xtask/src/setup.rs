//! Installing what a fresh machine lacks: the wasm target, wasm-opt, esbuild, axe-core, and
//! Debian packages.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::step;

/// `binaryen` from npm: Debian's wasm-opt (version 108) produces wasm that breaks in browsers.
const BINARYEN: &str = "binaryen@132";
/// The accessibility checker the browser tests run inside each page.
const AXE_CORE: &str = "axe-core@4.10.3";
/// Minifies the generated JS glue and the stylesheet.
const ESBUILD: &str = "esbuild@0.25.12";

pub(crate) fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs a command, failing with its command line when it fails.
pub(crate) fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot start {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}

fn on_path(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// The target rustup must have for the web build.
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Adds the wasm32 target through rustup when the machine lacks it.
pub(crate) fn wasm_toolchain() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    if installed.as_ref().is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .any(|line| line == WASM_TARGET)
    }) {
        return Ok(());
    }
    step(format!("adding {WASM_TARGET} (rustup target add)"));
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// Installs Debian packages for the given programs when missing (as root), or says what to run.
pub(crate) fn apt_tools(tools: &[(&str, &str)]) -> Result<()> {
    let missing: Vec<&str> = tools
        .iter()
        .filter(|(program, _)| !on_path(program))
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !is_root() {
        bail!(
            "missing tools; install them with: sudo apt-get install -y {}",
            missing.join(" ")
        );
    }
    step(format!("installing {} (apt-get)", missing.join(", ")));
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// `wasm-opt` from npm `binaryen`: without it the wasm does not fit the size budget.
pub(crate) fn wasm_opt(root: &Path) -> Result<PathBuf> {
    npm_file(&root.join(".tools"), BINARYEN, "node_modules/.bin/wasm-opt")
}

/// esbuild, from npm.
pub(crate) fn esbuild(root: &Path) -> Result<PathBuf> {
    npm_file(&root.join(".tools"), ESBUILD, "node_modules/.bin/esbuild")
}

/// `axe.min.js` from npm `axe-core`, for the browser tests.
pub(crate) fn axe_core(root: &Path) -> Result<PathBuf> {
    npm_file(
        &root.join(".tools"),
        AXE_CORE,
        "node_modules/axe-core/axe.min.js",
    )
}

/// `file` (relative to `tools`, the repository's `.tools/`) from an npm package, which is
/// installed there on first use, with npm itself from apt when missing.
pub(crate) fn npm_file(tools: &Path, package: &str, file: &str) -> Result<PathBuf> {
    let path = tools.join(file);
    if !path.is_file() {
        apt_tools(&[("npm", "npm")])?;
        npm_install(tools, package)?;
    }
    Ok(path)
}

/// Installs an npm package into `tools` (the repository's `.tools/`, never global).
fn npm_install(tools: &Path, package: &str) -> Result<()> {
    step(format!("installing npm {package} into .tools/"));
    std::fs::create_dir_all(tools)?;
    run(Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(tools)
        .arg(package))
}
