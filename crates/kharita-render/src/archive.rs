//! The one-file archive: the whole map (the app, its data, basemap and articles) in one HTML file
//! that opens from disk (`file://`) with no server and no network, for a newsroom's archive or a
//! web archive to keep when the server is gone.
//!
//! The page carries every file the app would fetch in `<script type="application/json"
//! id="kharita-files">` (an object from path to text, which the app reads instead of fetching)
//! and the wasm, base64, in a data block the start-up script decodes. It keeps the map's state in
//! its fragment (`#site=…`). Its Content-Security-Policy allows its own script and style by hash
//! and nothing else: no `unsafe-inline`, and no request anywhere.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use kharita_core::Atlas;
use kharita_core::export::{APP_INDEX_FILE, CLAIM_TEXTS_PER_FILE, claim_texts_path};
use sha2::{Digest as _, Sha256};

/// In a built `dist/`: the start-up script of the archive (the app's glue and what starts it
/// from the wasm in the page, in one module, made by `cargo xtask dist`).
pub const ARCHIVE_BOOT: &str = "archive-boot.js";
/// What `cargo xtask dist` names the archive in `dist/`.
pub const ARCHIVE_FILE: &str = "kharita-atlas.html";
/// The files of the app itself, besides [`ARCHIVE_BOOT`].
const WASM: &str = "kharita_bg.wasm";
const STYLES: &str = "kharita.css";
const FAVICON: &str = "favicon.svg";
/// What the app fetches, besides the articles and the words of claims: the atlas's index, the
/// atlas whole (what downloads are cut from) and the basemap at every zoom.
const DATA_FILES: &[&str] = &[
    APP_INDEX_FILE,
    "atlas.geojson",
    "map.json",
    "detail.json",
    "world.json",
];

/// Why an archive cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {problem}", path.display())]
    Unusable { path: PathBuf, problem: String },
}

/// The archive of the map built in `dist` (a folder `cargo xtask dist` wrote), as one HTML page.
pub fn from_dist(dist: &Path) -> Result<String, ArchiveError> {
    let read = |name: &str| -> Result<Vec<u8>, ArchiveError> {
        let path = dist.join(name);
        std::fs::read(&path).map_err(|source| ArchiveError::Read { path, source })
    };
    let text = |name: &str| -> Result<String, ArchiveError> {
        String::from_utf8(read(name)?).map_err(|_| ArchiveError::Unusable {
            path: dist.join(name),
            problem: "not UTF-8".to_owned(),
        })
    };
    let mut files = BTreeMap::new();
    for name in DATA_FILES {
        files.insert((*name).to_owned(), text(name)?);
    }
    let atlas =
        Atlas::from_geojson(&files["atlas.geojson"]).map_err(|error| ArchiveError::Unusable {
            path: dist.join("atlas.geojson"),
            problem: error.to_string(),
        })?;
    for source in atlas.sources() {
        files.insert(source.file.clone(), text(&source.file)?);
    }
    for number in 0..atlas.claims().len().div_ceil(CLAIM_TEXTS_PER_FILE) {
        let path = claim_texts_path(number);
        files.insert(path.clone(), text(&path)?);
    }
    let boot = text(ARCHIVE_BOOT)?;
    let styles = text(STYLES)?;
    for (name, content, closing) in [
        (ARCHIVE_BOOT, &boot, "</script"),
        (STYLES, &styles, "</style"),
    ] {
        if content.to_ascii_lowercase().contains(closing) {
            return Err(ArchiveError::Unusable {
                path: dist.join(name),
                problem: format!("it holds `{closing}`, which would end its element in the page"),
            });
        }
    }
    Ok(page(&boot, &read(WASM)?, &styles, &read(FAVICON)?, &files))
}

/// The page: the app's script, wasm and styles, and `files` by their paths in the map's folder.
fn page(
    boot: &str,
    wasm: &[u8],
    styles: &str,
    favicon: &[u8],
    files: &BTreeMap<String, String>,
) -> String {
    let hash = |text: &str| BASE64.encode(Sha256::digest(text.as_bytes()));
    let csp = format!(
        "default-src 'none'; script-src 'sha256-{}' 'wasm-unsafe-eval'; style-src 'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'",
        hash(boot),
        hash(styles)
    );
    // `<` only ever stands inside JSON strings, where `\u003c` says the same: nothing in the
    // data can end its element or start a comment in the page.
    let files = serde_json::to_string(files)
        .expect("strings serialise")
        .replace('<', "\\u003c");
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!doctype html>
<html lang="ar" dir="rtl">
  <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="{csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>خريطة · Kharita</title>
    <meta name="description" content="A sourced map of the military installations named in news articles on Libya; every claim links to its passage. One file: it needs no server and no network.">
    <link rel="icon" href="data:image/svg+xml;base64,{favicon}">
    <style>{styles}</style>
  </head>
  <body data-kharita-page="map" data-kharita-state="fragment">
    <noscript><p lang="en" dir="ltr">This archive of Kharita needs JavaScript and WebAssembly to draw the map; its data is in the page.</p></noscript>
    <script type="application/json" id="kharita-files">{files}</script>
    <script type="application/octet-stream" id="kharita-wasm">{wasm}</script>
    <script type="module">{boot}</script>
  </body>
</html>
"#,
        favicon = BASE64.encode(favicon),
        wasm = BASE64.encode(wasm),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_in_the_data_can_close_its_element_and_the_policy_names_the_script_and_style() {
        let files = BTreeMap::from([(
            "seeds/x.txt".to_owned(),
            "</script><script>alert(1)</script><!-- \r\n".to_owned(),
        )]);
        let html = page("boot();", b"\0asm", "body{}", b"<svg/>", &files);
        let data = html
            .split(r#"id="kharita-files">"#)
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .unwrap();
        assert!(!data.contains('<'), "{data}");
        let read: BTreeMap<String, String> = serde_json::from_str(data).unwrap();
        assert_eq!(read, files, "the text reads back exactly");
        assert_eq!(html.matches("<script").count(), 3);
        let boot_hash = BASE64.encode(Sha256::digest(b"boot();"));
        assert!(html.contains(&format!(
            "script-src 'sha256-{boot_hash}' 'wasm-unsafe-eval'"
        )));
        assert!(!html.contains("unsafe-inline"));
    }
}
