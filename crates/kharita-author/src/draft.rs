//! `kharita add`: an article copied into `seeds/` under the project's naming rule, and its
//! metadata written with a draft `[source]` and a draft `[[claim]]` for each sentence that
//! mentions a site; candidates are listed in comments with their suggestions and a ready
//! `[[site]]` block. Nothing here writes a file: the caller writes what [`NewArticle`] holds.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use kharita_core::anchor::{AnchorError, SearchText};
use kharita_core::draft::{DraftClaim, context, toml_string};
use kharita_core::load::SEEDS_DIR;
use sha2::{Digest, Sha256};

use crate::Error;
use kharita_i18n::Lang;

use crate::gazetteer::Kind;
use crate::mentions::{Finder, Match, Mention};

/// What `kharita add` asks for.
#[derive(Debug)]
pub struct Request<'a> {
    /// The article's file, as given.
    pub article: &'a Path,
    /// The headline as printed, if the author gives it.
    pub title: Option<&'a str>,
    /// The article's language.
    pub language: Lang,
    /// The day the claims are recorded, `YYYY-MM-DD`.
    pub today: &'a str,
}

/// An article ready to be written into the atlas.
#[derive(Debug)]
pub struct NewArticle {
    /// `NNN_<16 hex digits>`: the next number after the articles there are, and the start of the
    /// text's SHA-256.
    pub id: String,
    /// The text, byte for byte as given.
    pub text: String,
    /// The metadata file's content.
    pub metadata: String,
    /// Relative to the atlas root.
    pub text_path: PathBuf,
    pub metadata_path: PathBuf,
    /// How many draft claims the metadata holds, and how many candidates it lists.
    pub drafts: usize,
    pub candidates: usize,
}

/// The articles already in `seeds/`: their numbers and texts' bytes.
fn existing_articles(root: &Path) -> Result<Vec<(u32, PathBuf)>, Error> {
    let dir = root.join(SEEDS_DIR);
    let entries = std::fs::read_dir(&dir).map_err(|source| Error::Read {
        path: dir.clone(),
        source,
    })?;
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "txt")
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            let number = stem
                .split('_')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            found.push((number, path));
        }
    }
    found.sort();
    Ok(found)
}

/// Reads the article and prepares what `kharita add` writes, refusing an empty text, one that is
/// not UTF-8, and one already in `seeds/`.
pub fn prepare(
    root: &Path,
    request: &Request<'_>,
    finder: &Finder<'_>,
) -> Result<NewArticle, Error> {
    let path = request.article;
    let refuse = |problem: String, help: &str| Error::Article {
        path: path.to_owned(),
        problem,
        help: help.to_owned(),
    };
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let line = error.as_bytes()[..at].split(|&b| b == b'\n').count();
            return Err(refuse(
                format!("not valid UTF-8 (line {line}, byte {at})"),
                "save the article as UTF-8 text (e.g. `iconv -f WINDOWS-1256 -t UTF-8`) and add it again",
            ));
        }
    };
    if text.trim().is_empty() {
        return Err(refuse(
            "the article is empty".to_owned(),
            "copy the article's text into the file",
        ));
    }
    let existing = existing_articles(root)?;
    for (_, other) in &existing {
        if std::fs::read(other).is_ok_and(|theirs| theirs == text.as_bytes()) {
            let name = other
                .strip_prefix(root)
                .unwrap_or(other)
                .display()
                .to_string();
            return Err(refuse(
                format!("the same text is already in the atlas as {name}"),
                "there is nothing to add; its claims are in the .toml beside it",
            ));
        }
    }
    let search = SearchText::new(text.as_str());
    if let Some(title) = request.title
        && !search.contains(title)
    {
        return Err(refuse(
            format!("the title «{title}» is not in the article"),
            "pass --title with the headline exactly as the text prints it, or leave --title out",
        ));
    }
    let number = existing.last().map_or(0, |(n, _)| n + 1);
    let digest = Sha256::digest(text.as_bytes());
    let hex = digest[..8].iter().fold(String::new(), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    });
    let id = format!("{number:03}_{hex}");
    let mentions = finder.find(&text);
    let (metadata, drafts, candidates) = metadata(&id, number, &text, &search, &mentions, request);
    Ok(NewArticle {
        text_path: Path::new(SEEDS_DIR).join(format!("{id}.txt")),
        metadata_path: Path::new(SEEDS_DIR).join(format!("{id}.toml")),
        id,
        text,
        metadata,
        drafts,
        candidates,
    })
}

/// The sentences of `text` as byte ranges, without the spaces around them: a sentence ends at
/// a line break, or at . ! ? ؟ followed by a space or the end.
pub fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
        let end = match c {
            '\n' => Some(at),
            '.' | '!' | '?' | '؟' if next_is_space => Some(at + c.len_utf8()),
            _ => None,
        };
        if let Some(end) = end {
            push_trimmed(text, start..end, &mut found);
            start = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut found);
    found
}

fn push_trimmed(
    text: &str,
    range: std::ops::Range<usize>,
    found: &mut Vec<std::ops::Range<usize>>,
) {
    let piece = &text[range.clone()];
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let start = range.start + (piece.len() - piece.trim_start().len());
        found.push(start..start + trimmed.len());
    }
}

/// The metadata file, with how many drafts and candidates it holds.
fn metadata(
    id: &str,
    number: u32,
    text: &str,
    search: &SearchText,
    mentions: &[Mention],
    request: &Request<'_>,
) -> (String, usize, usize) {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Source metadata and claims for {id}.txt, drafted by `kharita add` on {}.\n\
         # Drafts are checked as far as they are written and are not on the map. Finish the [source]\n\
         # (title_en, outlet, published) and each claim (claimant, stance, topic, summaries), then\n\
         # remove its `status = \"draft\"` line. `kharita check` lists what is left.\n",
        request.today
    );
    out.push_str("[source]\nstatus = \"draft\"\n");
    match request.title {
        Some(title) => {
            let _ = writeln!(out, "title = {}", toml_string(title));
            if request.language == Lang::En {
                let _ = writeln!(out, "title_en = {}", toml_string(title));
            } else {
                out.push_str("# title_en = \"…\"   # the headline in English\n");
            }
        }
        None => out.push_str(
            "# title = \"…\"      # the headline exactly as printed in the text\n\
             # title_en = \"…\"   # the headline in English\n",
        ),
    }
    let _ = writeln!(out, "language = \"{}\"", request.language.code());
    out.push_str(
        "# outlet = { basis = \"stated\", name = \"…\" }   # or basis = \"inferred\" | \"unknown\", with evidence = \"…\"\n\
         # published = { basis = \"stated\", value = \"YYYY-MM-DD\", as_written = \"…\" }   # or \"inferred\" with evidence\n",
    );
    let _ = writeln!(out, "recorded = \"{}\"", request.today);

    let known: Vec<&Mention> = mentions.iter().filter(|m| m.site.is_some()).collect();
    let mut drafts = 0;
    for sentence in sentences(text) {
        let inside: Vec<&&Mention> = known
            .iter()
            .filter(|m| sentence.start <= m.bytes.start && m.bytes.end <= sentence.end)
            .collect();
        if inside.is_empty() {
            continue;
        }
        let quote = &text[sentence.clone()];
        let mut sites: Vec<&str> = Vec::new();
        for mention in &inside {
            let site = mention.site.as_deref().unwrap_or_default();
            if !sites.contains(&site) {
                sites.push(site);
            }
        }
        let line = text[..sentence.start].matches('\n').count() + 1;
        let Some(occurrence) = occurrence(text, search, sentence.clone()) else {
            let _ = writeln!(
                out,
                "\n# Line {line} mentions {} but its sentence is written the same way elsewhere in the text\n# with the same words around it: quote it by hand.",
                sites.join(", ")
            );
            continue;
        };
        drafts += 1;
        let id = format!("c{number:03}-draft-{drafts:02}");
        let draft = DraftClaim {
            id: &id,
            sites: &sites,
            quote,
            context: match occurrence {
                Occurrence::Once => None,
                Occurrence::Among { prefix, suffix } => Some((prefix, suffix)),
            },
        };
        let found: Vec<String> = inside
            .iter()
            .map(|m| {
                format!(
                    "«{}» {} ({})",
                    m.text,
                    m.site.as_deref().unwrap_or_default(),
                    m.how.as_str()
                )
            })
            .collect();
        let _ = writeln!(out, "\n# line {line}: {}", found.join(", "));
        out.push_str(&draft.to_toml());
    }
    let candidates: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.how == Match::Candidate)
        .collect();
    if !candidates.is_empty() {
        out.push_str(
            "\n# ---- Candidates ----\n\
             # Places shaped like an installation that are no site yet. None is added by itself: confirm\n\
             # where it is, add its [[site]] to assets/atlas/sites.toml (the Arabic name as this text\n\
             # spells it), then a claim about it here.\n",
        );
        for candidate in &candidates {
            candidate_block(&mut out, candidate);
        }
    }
    (out, drafts, candidates.len())
}

/// How a sentence is told apart in its text: it occurs once, or the words around it pick it out.
enum Occurrence<'t> {
    Once,
    Among { prefix: &'t str, suffix: &'t str },
}

/// How the sentence at bytes `sentence` of `text` is anchored; `None` when nothing tells it apart
/// from another (the same words around the same sentence).
fn occurrence<'t>(
    text: &'t str,
    search: &SearchText,
    sentence: std::ops::Range<usize>,
) -> Option<Occurrence<'t>> {
    let quote = &text[sentence.clone()];
    match search.anchor(quote, None, None) {
        Ok(_) => Some(Occurrence::Once),
        Err(AnchorError::Ambiguous { .. }) => {
            let (prefix, suffix) = context(text, sentence.start, sentence.end);
            let anchored = search.anchor(quote, Some(prefix), Some(suffix));
            anchored
                .is_ok_and(|a| text[..sentence.start].chars().count() == a.start)
                .then_some(Occurrence::Among { prefix, suffix })
        }
        Err(_) => None,
    }
}

/// A candidate in comments: where it is, the gazetteer's suggestions, and a ready `[[site]]`
/// block for the first.
fn candidate_block(out: &mut String, candidate: &Mention) {
    let _ = writeln!(out, "#\n# line {}: «{}»", candidate.line, candidate.text);
    let suggestions = candidate.suggestions.as_deref().unwrap_or_default();
    if suggestions.is_empty() {
        out.push_str(
            "#   no place in the gazetteer matches: find its location and source by hand\n",
        );
        return;
    }
    for (at, suggestion) in suggestions.iter().enumerate() {
        let _ = writeln!(out, "#   {}. {suggestion}", at + 1);
    }
    let best = &suggestions[0];
    let name = candidate.name.as_deref().unwrap_or(&candidate.text);
    let id: String = slug(&best.name);
    let (kind, precision, what) = match best.kind {
        Kind::Airfield => ("air-base", "runway", "ICAO-style id"),
        Kind::Town => ("city", "town", "GeoNames"),
    };
    let source = format!("{}, {what} {} \"{}\"", best.source, best.id, best.name);
    let _ = writeln!(
        out,
        "#   If it is the first, this goes in assets/atlas/sites.toml (the country must be one it knows):\n\
         #   [[site]]\n\
         #   id = \"{id}\"\n\
         #   name_en = {}\n\
         #   names_ar = [{}]\n\
         #   kind = \"{kind}\"\n\
         #   country = \"{}\"\n\
         #   location = {{ precision = \"{precision}\", lat = {}, lon = {}, source = {} }}",
        toml_string(&best.name),
        toml_string(name),
        best.country,
        best.lat,
        best.lon,
        toml_string(&source),
    );
}

/// A site id from a name: lower-case ASCII words joined by hyphens.
fn slug(name: &str) -> String {
    let folded = crate::fold::fold(name);
    let words: Vec<String> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    if words.is_empty() {
        "new-site".to_owned()
    } else {
        words.join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_stops_and_line_breaks_not_inside_numbers() {
        let text = "قال المصدر إن القاعدة جاهزة. وأضاف: 2.5 مليون؟ نعم\nسطر ثان";
        let found: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            [
                "قال المصدر إن القاعدة جاهزة.",
                "وأضاف: 2.5 مليون؟",
                "نعم",
                "سطر ثان"
            ]
        );
    }

    #[test]
    fn site_ids_from_names() {
        assert_eq!(slug("Gardabya Airport"), "gardabya-airport");
        assert_eq!(slug("Ḩūn"), "hun");
    }
}
