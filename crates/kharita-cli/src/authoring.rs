//! `kharita mentions` and `kharita add`: the authoring commands.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use kharita_author::draft::Request;
use kharita_author::{Finder, Gazetteer, Mention};
use kharita_i18n::Lang;
use serde::Serialize;

use crate::Listing;
use crate::atomic::write_atomically;

/// A mention in `kharita mentions --format json`: the file it is in, then the mention.
#[derive(Serialize)]
struct Found<'a> {
    file: &'a str,
    #[serde(flatten)]
    mention: &'a Mention,
}

pub(crate) fn mentions(root: &Path, files: &[PathBuf], listing: Listing) -> Result<()> {
    let atlas = crate::load(root)?;
    let gazetteer = Gazetteer::read(root)?;
    let finder = Finder::new(atlas.sites(), Some(&gazetteer));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut all = Vec::new();
    for file in &articles(files)? {
        let text = std::fs::read_to_string(file).with_context(|| {
            format!(
                "cannot read {} as UTF-8 text; pass an article saved as UTF-8",
                file.display()
            )
        })?;
        let found = finder.find(&text);
        let name = file.display().to_string();
        match listing {
            Listing::Text => {
                for mention in &found {
                    writeln!(out, "{}", text_line(&name, mention))?;
                }
            }
            Listing::Json => all.extend(found.into_iter().map(|mention| (name.clone(), mention))),
        }
    }
    if let Listing::Json = listing {
        let listed: Vec<Found<'_>> = all
            .iter()
            .map(|(file, mention)| Found { file, mention })
            .collect();
        serde_json::to_writer_pretty(&mut out, &listed)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}

/// The articles `paths` name: each file, and each folder's `.txt` files in name order.
fn articles(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot read the folder {}", path.display()))?
                .filter_map(|entry| Some(entry.ok()?.path()))
                .filter(|file| file.extension().is_some_and(|e| e == "txt"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// `file:line:column  site-id  «as written»  (how it matched)`, and a candidate's suggestions.
fn text_line(file: &str, mention: &Mention) -> String {
    let place = format!("{file}:{}:{}", mention.line, mention.column);
    let site = mention.site.as_deref().unwrap_or("candidate");
    let mut line = format!(
        "{place}  {site}  «{}»  ({})",
        mention.text,
        mention.how.as_str()
    );
    if let Some(suggestions) = &mention.suggestions {
        if suggestions.is_empty() {
            line.push_str("  no place in the gazetteer matches");
        }
        for (at, suggestion) in suggestions.iter().enumerate() {
            let _ = write!(line, "\n    {}. {suggestion}", at + 1);
        }
    }
    line
}

pub(crate) fn add(root: &Path, article: &Path, title: Option<&str>, language: Lang) -> Result<()> {
    let atlas =
        crate::load(root).context("the atlas has problems: fix them before adding an article")?;
    let gazetteer = Gazetteer::read(root)?;
    let finder = Finder::new(atlas.sites(), Some(&gazetteer));
    let today = kharita_core::date::Day::today().to_string();
    let request = Request {
        article,
        title,
        language,
        today: &today,
    };
    let new = kharita_author::draft::prepare(root, &request, &finder)?;
    let text_path = root.join(&new.text_path);
    let metadata_path = root.join(&new.metadata_path);
    if text_path.exists() || metadata_path.exists() {
        bail!(
            "{} already exists: nothing was written",
            new.text_path.display()
        );
    }
    write_atomically(&text_path, |file| file.write_all(new.text.as_bytes()))?;
    let written = write_atomically(&metadata_path, |file| {
        file.write_all(new.metadata.as_bytes())
    });
    // What add writes passes `kharita check`; if it ever did not, it takes it back.
    let checked = written.and_then(|()| Ok(kharita_core::load::load_with_drafts(root)?));
    if let Err(error) = checked {
        let _ = std::fs::remove_file(&text_path);
        let _ = std::fs::remove_file(&metadata_path);
        return Err(error.context(
            "kharita add wrote an article `kharita check` refuses, and took it back (nothing is written): please report this",
        ));
    }
    eprintln!(
        "added {} and {}: {} draft claim{}, {} candidate{}\n\
         next: finish the [source] and the claims in {}, remove their status = \"draft\" lines,\n\
         and run `kharita check` (it lists what is left)",
        new.text_path.display(),
        new.metadata_path.display(),
        new.drafts,
        if new.drafts == 1 { "" } else { "s" },
        new.candidates,
        if new.candidates == 1 { "" } else { "s" },
        new.metadata_path.display(),
    );
    Ok(())
}
