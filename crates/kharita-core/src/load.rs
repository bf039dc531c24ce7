//! Reading the human-edited TOML files and turning them into a checked [`Atlas`].
//!
//! The layout under the atlas root:
//! - `assets/atlas/actors.toml`: who makes or passes on claims;
//! - `assets/atlas/sites.toml`: installations and places, with sourced coordinates;
//! - `seeds/<id>.txt`: an article, verbatim; `seeds/<id>.toml`: its metadata and its claims.
//!
//! Raw values keep their byte spans so that every problem names file, line and column; checking
//! goes on past the first problem so that one run lists them all. Articles are read, parsed and
//! checked on every core; their problems are still listed in file order. The `toml` crate reads
//! every file, one record at a time (`records.rs`), and its messages say what is wrong with a
//! broken one. One mistake is one problem: an id defined by a record with problems, or perhaps by
//! a file that is not TOML, is not reported again where something refers to it (`Defined`).

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::Path;

use geo::{Contains, Coord, Point, Rect};
use geo_types::Geometry;
use rayon::prelude::*;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::anchor::{AnchorError, PhraseSet, SearchText};
use crate::area::Regions;
use crate::date::Day;
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::model::{
    Actor, Area, Atlas, Basis, Claim, Dating, Outlet, Precision, Selector, Side, Site, SiteKind,
    Source, Stance, Target, Topic, is_valid_id,
};
use crate::records::{Problem, Records};

pub const ACTORS_FILE: &str = "assets/atlas/actors.toml";
pub const SITES_FILE: &str = "assets/atlas/sites.toml";
/// The country outlines regions are derived from, written by `cargo xtask basemap` from Natural
/// Earth 1:10m admin-0.
pub const COUNTRIES_FILE: &str = "assets/atlas/countries.geojson";
pub const SEEDS_DIR: &str = "seeds";

/// The fields a finished claim must have that `raw` lacks.
fn missing_from_claim(raw: &RawClaim) -> Vec<&'static str> {
    [
        ("claimant", raw.claimant.is_none()),
        ("stance", raw.stance.is_none()),
        ("topic", raw.topic.is_none()),
        ("summary_en", raw.summary_en.is_none()),
        ("summary_ar", raw.summary_ar.is_none()),
    ]
    .into_iter()
    .filter_map(|(field, missing)| missing.then_some(field))
    .collect()
}

/// How to write a claim's required field, for the help of an error that it is missing.
fn claim_field_example(field: &str) -> &'static str {
    match field {
        "claimant" => {
            "claimant = \"…\" (an id in assets/atlas/actors.toml, or \"article\" for the outlet's own voice)"
        }
        "stance" => "stance = \"asserts\" (asserts | denies | hedged | calls-for)",
        "topic" => {
            "topic = \"presence\" (presence | use | equipment | construction | plans | strike | visit | involvement)"
        }
        "summary_en" => "summary_en = \"…\" (what the quote says, in English, no more)",
        _ => "summary_ar = \"…\" (what the quote says, in Arabic)",
    }
}

/// The claimant id that stands for the article's own voice (its outlet, named or not).
pub const ARTICLE_CLAIMANT: &str = "article";

/// Bounding boxes (west, south, east, north) of the countries sites may lie in, rounded outward
/// from Natural Earth 1:10m admin-0 outlines. A point outside its country's box is a typo or a
/// lat/lon swap; add a country here before placing a site in it.
const COUNTRY_BOUNDS: &[(&str, [f64; 4])] = &[
    ("LY", [9.3, 19.5, 25.2, 33.2]),
    ("MA", [-13.2, 27.6, -1.0, 35.95]),
    ("RU", [19.6, 41.1, 180.0, 81.9]),
    ("SY", [35.7, 32.3, 42.4, 37.4]),
    ("TN", [7.5, 30.2, 11.6, 37.6]),
];

// ---- Raw, as authored ----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    id: Spanned<String>,
    name_en: Spanned<String>,
    name_ar: Option<Spanned<String>>,
    side: Side,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    id: Spanned<String>,
    name_en: Spanned<String>,
    names_ar: Spanned<Vec<Spanned<String>>>,
    kind: SiteKind,
    country: Option<Spanned<String>>,
    note: Option<Spanned<String>>,
    location: Spanned<RawLocation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocation {
    precision: Precision,
    lat: Option<Spanned<f64>>,
    lon: Option<Spanned<f64>>,
    /// For a region: the country its area lies in and the rule that derives the area.
    area: Option<Spanned<Area>>,
    source: Option<Spanned<String>>,
    note: Option<Spanned<String>>,
}

/// An article's metadata as read, record by record.
struct RawArticle {
    /// `None` when `[source]` is missing or broken, a problem in `problems`.
    source: Option<Spanned<RawSource>>,
    claims: Read<RawClaim>,
    problems: Vec<Diagnostic>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    status: Option<Status>,
    title: Option<Spanned<String>>,
    title_en: Option<Spanned<String>>,
    language: Spanned<String>,
    outlet: Option<Spanned<RawOutlet>>,
    published: Option<Spanned<RawDating>>,
    #[serde(default)]
    artefacts: Vec<Spanned<String>>,
    url: Option<Spanned<String>>,
    recorded: Spanned<String>,
    revised: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutlet {
    basis: Basis,
    name: Option<Spanned<String>>,
    evidence: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDating {
    basis: Basis,
    value: Option<Spanned<String>>,
    as_written: Option<Spanned<String>>,
    evidence: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    id: Spanned<String>,
    status: Option<Status>,
    sites: Spanned<Vec<Spanned<String>>>,
    stance: Option<Stance>,
    topic: Option<Topic>,
    #[serde(default)]
    actors: Vec<Side>,
    claimant: Option<Spanned<String>>,
    #[serde(default)]
    via: Vec<Spanned<String>>,
    quote: Spanned<String>,
    prefix: Option<String>,
    suffix: Option<String>,
    summary_en: Option<Spanned<String>>,
    summary_ar: Option<Spanned<String>>,
    hedge: Option<Spanned<String>>,
    said: Option<Spanned<RawDating>>,
    event: Option<Spanned<RawDating>>,
    #[serde(default)]
    opposes: Vec<Spanned<String>>,
    note: Option<Spanned<String>>,
}

/// A record marked `status = "draft"` is one its author is still writing (`kharita add` writes
/// them): it is checked as far as it is written, and stays out of the atlas until it is finished.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Status {
    Draft,
}

/// A draft left to finish: a `[source]` or a `[[claim]]` marked `status = "draft"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// The metadata file, relative to the atlas root.
    pub file: String,
    /// 1-based line of the record.
    pub line: usize,
    /// What it is: `source` or `claim <id>`.
    pub what: String,
    /// What is left to write in it, e.g. `claimant, stance, topic`.
    pub missing: Vec<&'static str>,
}

/// An article's checked source, or the draft it still is.
type SourceOrDraft = Result<Source, Draft>;

impl fmt::Display for Draft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: draft {}", self.file, self.line, self.what)?;
        if !self.missing.is_empty() {
            write!(f, " (to write: {})", self.missing.join(", "))?;
        }
        Ok(())
    }
}

// ---- Files and positions ----

/// A file of the atlas, kept in memory so spans can be turned into lines and columns.
#[derive(Debug)]
struct SourceFile {
    /// Relative to the atlas root, with `/` separators.
    path: String,
    text: String,
}

/// A place in a file, shown as `file:line:column`.
#[derive(Clone, Debug)]
struct Position {
    file: String,
    line: usize,
    column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl SourceFile {
    fn read(root: &Path, path: &str) -> Result<Self, Error> {
        let full = root.join(path);
        let text =
            std::fs::read_to_string(&full).map_err(|source| Error::Read { path: full, source })?;
        Ok(Self {
            path: path.to_owned(),
            text,
        })
    }

    /// A problem at `span`, with what to do about it.
    fn diagnostic(&self, span: Range<usize>, message: String, help: String) -> Diagnostic {
        let position = self.position(span);
        Diagnostic {
            file: position.file,
            line: position.line,
            column: position.column,
            message,
            help: Some(help),
        }
    }

    /// What the TOML parser found wrong, where it is.
    fn toml_problem(&self, problem: Problem) -> Diagnostic {
        let help = "fix the TOML at this position (strings in \"quotes\", one `key = value` per line, \
                    field names as in README.md)";
        self.diagnostic(
            problem.span,
            format!("invalid TOML: {}", problem.message),
            help.to_owned(),
        )
    }

    fn position(&self, span: Range<usize>) -> Position {
        let before = &self.text[..span.start.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Position {
            file: self.path.clone(),
            line,
            column,
        }
    }
}

/// One kind of record in a file, as read: those that read, and the ids of those that did not.
struct Read<T> {
    records: Vec<Spanned<T>>,
    /// The ids of the records that did not read, already reported.
    broken_ids: Vec<String>,
    /// Whether every record of the file was found: not when the file is not TOML.
    complete: bool,
}

/// Reads one file record by record (see [`Records`]), gathering the problems it meets.
struct RecordReader<'f> {
    file: &'f SourceFile,
    /// `None` when the file is not TOML.
    records: Option<Records<'f>>,
    problems: Vec<Diagnostic>,
}

impl<'f> RecordReader<'f> {
    fn new(file: &'f SourceFile) -> Self {
        let (records, problems) = match Records::parse(&file.text) {
            Ok(records) => (Some(records), Vec::new()),
            Err(problem) => (None, vec![file.toml_problem(problem)]),
        };
        Self {
            file,
            records,
            problems,
        }
    }

    /// The `[[key]]` records.
    fn array<T: DeserializeOwned>(&mut self, key: &str) -> Read<T> {
        let mut read = Read {
            records: Vec::new(),
            broken_ids: Vec::new(),
            complete: self.records.is_some(),
        };
        let Some(records) = &mut self.records else {
            return read;
        };
        match records.array(key) {
            Ok(all) => {
                for record in all {
                    match record {
                        Ok(record) => read.records.push(record),
                        Err(broken) => {
                            read.broken_ids.extend(broken.id);
                            self.problems.push(self.file.toml_problem(broken.problem));
                        }
                    }
                }
            }
            Err(problem) => {
                read.complete = false;
                self.problems.push(self.file.toml_problem(problem));
            }
        }
        read
    }

    /// The `[key]` table, or `None` with its problem (`missing` when there is none) reported.
    fn table<T: DeserializeOwned>(
        &mut self,
        key: &str,
        missing: (&str, &str),
    ) -> Option<Spanned<T>> {
        let records = self.records.as_mut()?;
        match records.table(key) {
            Some(Ok(table)) => Some(table),
            Some(Err(broken)) => {
                self.problems.push(self.file.toml_problem(broken.problem));
                None
            }
            None => {
                let (message, help) = missing;
                let problem = self
                    .file
                    .diagnostic(0..0, message.to_owned(), help.to_owned());
                self.problems.push(problem);
                None
            }
        }
    }

    /// The problems met, with a key no record took reported as not belonging in a file that
    /// holds `holds`. A key left over may hold records (a misspelt `[[site]]`): `read` is then
    /// not complete.
    fn finish<T>(mut self, holds: &str, read: &mut Read<T>) -> Vec<Diagnostic> {
        let left_over = self.records.map(Records::left_over).unwrap_or_default();
        read.complete &= left_over.is_empty();
        for (key, span) in left_over {
            self.problems.push(self.file.diagnostic(
                span,
                format!("invalid TOML: unknown field `{key}`"),
                format!("this file holds {holds}: fix the name, or remove it"),
            ));
        }
        self.problems
    }
}

/// The ids a file defines, for checking what refers to them: each with its checked value, or
/// `None` when its record has problems (already reported: what refers to it is not a second
/// problem). When the file could not be read, any id may be defined in it.
struct Defined<T> {
    by_id: HashMap<String, Option<T>>,
    complete: bool,
}

/// What an id refers to.
enum Lookup<'a, T> {
    Found(&'a T),
    /// Defined by a record with problems, or perhaps by a file that could not be read.
    Reported,
    Unknown,
}

impl<T> Defined<T> {
    fn look_up(&self, id: &str) -> Lookup<'_, T> {
        match self.by_id.get(id) {
            Some(Some(value)) => Lookup::Found(value),
            None if self.complete => Lookup::Unknown,
            Some(None) | None => Lookup::Reported,
        }
    }

    /// Every id the file defines, in no order, for suggesting the closest one.
    fn ids(&self) -> Vec<&str> {
        self.by_id.keys().map(String::as_str).collect()
    }
}

/// An article: its verbatim text and its metadata file.
struct Article {
    id: String,
    text_path: String,
    text: SearchText,
    metadata: SourceFile,
}

impl Article {
    /// The article, and its metadata parsed. The parsed metadata is kept apart so that checking
    /// can drop it as soon as the article's claims are made from it.
    fn read(root: &Path, id: String) -> Result<(Self, RawArticle), Error> {
        let text_path = format!("{SEEDS_DIR}/{id}.txt");
        let text = SearchText::new(SourceFile::read(root, &text_path)?.text);
        let metadata = SourceFile::read(root, &format!("{SEEDS_DIR}/{id}.toml"))?;
        let mut reader = RecordReader::new(&metadata);
        let source = reader.table(
            "source",
            (
                "the metadata has no [source] table",
                "add [source] with the article's language and outlet, its dates and when its claims were recorded (see README.md)",
            ),
        );
        let mut claims = reader.array("claim");
        let problems = reader.finish("a [source] table and [[claim]] records", &mut claims);
        let raw = RawArticle {
            source,
            claims,
            problems,
        };
        let article = Self {
            id,
            text_path,
            text,
            metadata,
        };
        Ok((article, raw))
    }
}

/// The ids of the articles, in file-name order: the stems that have both a `seeds/<id>.txt` and a
/// `seeds/<id>.toml`. A file without its pair is a problem.
fn article_ids(root: &Path, checker: &mut Checker) -> Result<Vec<String>, Error> {
    let dir = root.join(SEEDS_DIR);
    let entries = std::fs::read_dir(&dir).map_err(|source| Error::Read {
        path: dir.clone(),
        source,
    })?;
    let mut stems: HashMap<String, (bool, bool)> = HashMap::new();
    for entry in entries {
        let path = entry
            .map_err(|source| Error::Read {
                path: dir.clone(),
                source,
            })?
            .path();
        let (Some(stem), Some(extension)) = (path.file_stem(), path.extension()) else {
            continue;
        };
        let slot = stems
            .entry(stem.to_string_lossy().into_owned())
            .or_default();
        match extension.to_str() {
            Some("txt") => slot.0 = true,
            Some("toml") => slot.1 = true,
            _ => {}
        }
    }
    let mut stems: Vec<_> = stems.into_iter().collect();
    stems.sort();
    let mut ids = Vec::new();
    for (id, present) in stems {
        let text_path = format!("{SEEDS_DIR}/{id}.txt");
        let metadata_path = format!("{SEEDS_DIR}/{id}.toml");
        match present {
            (true, true) => ids.push(id),
            (true, false) => checker.file_error(
                &text_path,
                "this article has no metadata, so it is not in the atlas",
                format!(
                    "add {metadata_path} with a [source] table and its [[claim]]s (see README.md)"
                ),
            ),
            (false, true) => checker.file_error(
                &metadata_path,
                format!("missing source: there is no article text {text_path} for this metadata"),
                format!("add the article verbatim as {text_path}, or remove {metadata_path}"),
            ),
            (false, false) => {}
        }
    }
    Ok(ids)
}

/// What checking one article gives: its problems, and its source and claims when it parses.
struct CheckedArticle {
    diagnostics: Vec<Diagnostic>,
    drafts: Vec<Draft>,
    /// The ids of the claims left out of the atlas: drafts (`true`), and claims with problems,
    /// already reported, which a link to them should not report again.
    left_out: Vec<(String, bool)>,
    /// Whether every claim of the article was found: not when its metadata is not TOML.
    complete: bool,
    source: Option<Source>,
    /// Each valid claim, with the span of its id and the claims it says it opposes.
    claims: Vec<(Claim, Range<usize>, Vec<Spanned<String>>)>,
}

/// Reads and checks the atlas under `root`.
pub fn load(root: &Path) -> Result<Atlas, Error> {
    load_with_drafts(root).map(|(atlas, _)| atlas)
}

/// Reads and checks the atlas under `root`, and lists the drafts left out of it, in file order.
pub fn load_with_drafts(root: &Path) -> Result<(Atlas, Vec<Draft>), Error> {
    let actors_file = SourceFile::read(root, ACTORS_FILE)?;
    let sites_file = SourceFile::read(root, SITES_FILE)?;
    let mut checker = Checker::default();
    let ids = article_ids(root, &mut checker)?;
    // The sites file parses, and the automaton of its Arabic names builds, while the articles
    // are read and parsed.
    let ((raw_sites, site_phrases), articles) = rayon::join(
        || {
            let mut reader = RecordReader::new(&sites_file);
            let mut sites = reader.array::<RawSite>("site");
            let problems = reader.finish("[[site]] records", &mut sites);
            let phrases = PhraseSet::new(arabic_names(&sites.records));
            ((sites, problems), phrases)
        },
        || {
            ids.into_par_iter()
                .map(|id| Article::read(root, id))
                .collect::<Result<Vec<_>, _>>()
        },
    );
    let (articles, raw_articles): (Vec<_>, Vec<_>) = articles?.into_iter().unzip();

    let actors = checker.actors(&actors_file);
    let regions = Regions::new(root);
    let (sites, site_ids) =
        checker.sites(&sites_file, raw_sites, &site_phrases, &articles, &regions);
    let mut per_article: Vec<CheckedArticle> = articles
        .par_iter()
        .zip(raw_articles)
        .map(|(article, raw)| Checker::default().article(article, raw, &actors, &site_ids))
        .collect();
    let count = per_article.iter().map(|checked| checked.claims.len()).sum();
    // Claim ids are unique across the articles: the first claim with an id keeps it, and the
    // others are reported where they are, in file order.
    let mut first_with_id: HashMap<&str, (&SourceFile, &Range<usize>)> =
        HashMap::with_capacity(count);
    let mut duplicate = Vec::with_capacity(count);
    for (article, outcome) in articles.iter().zip(&mut per_article) {
        checker.diagnostics.append(&mut outcome.diagnostics);
        // Shared from here on, so that the ids it holds can key the map.
        let outcome: &CheckedArticle = outcome;
        for (claim, id_span, _) in &outcome.claims {
            let is_duplicate = match first_with_id.entry(&claim.id) {
                Entry::Occupied(first) => {
                    let (file, span) = first.get();
                    let first = file.position((*span).clone());
                    let message = format!("duplicate claim id `{}`", claim.id);
                    let help =
                        format!("the id is already used at {first}: give this claim its own id");
                    checker.error(&article.metadata, id_span.clone(), message, help);
                    true
                }
                Entry::Vacant(slot) => {
                    slot.insert((&article.metadata, id_span));
                    false
                }
            };
            duplicate.push(is_duplicate);
        }
    }
    let mut sources = Vec::new();
    let mut drafts = Vec::new();
    let mut left_out = HashMap::new();
    let mut every_claim_found = true;
    let mut claims = Vec::with_capacity(count);
    // Beside each claim, the file it is in and the claims it says it opposes.
    let mut opposing = Vec::with_capacity(count);
    let mut duplicate = duplicate.into_iter();
    for (article, checked) in articles.iter().zip(per_article) {
        for (claim, _, opposes) in checked.claims {
            if duplicate.next() == Some(false) {
                claims.push(claim);
                opposing.push((&article.metadata, opposes));
            }
        }
        sources.extend(checked.source);
        drafts.extend(checked.drafts);
        left_out.extend(
            checked
                .left_out
                .into_iter()
                .map(|(id, draft)| (id, Some(draft))),
        );
        every_claim_found &= checked.complete;
    }
    let left_out = Defined {
        by_id: left_out,
        complete: every_claim_found,
    };
    checker.link_opposing(&mut claims, &opposing, &left_out);

    if checker.diagnostics.is_empty() {
        Ok((Atlas::new(sources, sites, claims), drafts))
    } else {
        Err(Error::Invalid(Diagnostics(checker.diagnostics)))
    }
}

/// Every Arabic name of every site, in the order of the sites file.
fn arabic_names(raw: &[Spanned<RawSite>]) -> impl Iterator<Item = &str> {
    raw.iter()
        .flat_map(|site| site.get_ref().names_ar.get_ref())
        .map(|name| name.get_ref().as_str())
}

/// How many of `items` each core takes when they are split in one share per core.
fn share_per_core(items: usize) -> usize {
    items.div_ceil(rayon::current_num_threads()).max(1)
}

/// The Arabic site names that occur in at least one article, found in one pass over each text
/// with `phrases`, made from [`arabic_names`] (looking up each name in every text would take
/// sites × articles passes), a share of the articles on each core.
fn names_in_articles(
    raw: &[Spanned<RawSite>],
    phrases: &PhraseSet,
    articles: &[Article],
) -> HashSet<String> {
    let found = articles
        .par_chunks(share_per_core(articles.len()))
        .map(|chunk| phrases.found_in(chunk.iter().map(|a| &a.text)))
        .reduce(
            || vec![false; phrases.phrase_count()],
            |a, b| a.iter().zip(b).map(|(a, b)| *a || b).collect(),
        );
    arabic_names(raw)
        .zip(found)
        .filter(|&(_, found)| found)
        .map(|(name, _)| name.to_owned())
        .collect()
}

// ---- Checking ----

#[derive(Default)]
struct Checker {
    diagnostics: Vec<Diagnostic>,
}

/// Characters that have no place in data shown to readers: control characters, and the bidi
/// overrides and isolates that can make text display other than it reads ("Trojan Source").
fn hostile_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first [`hostile_char`] of `text`. Every one of them is written with a byte below 0x20, 0x7F,
/// or a lead byte 0xC2 (U+0080 to U+009F) or 0xE2 (the bidi controls): text without those bytes,
/// nearly all text, is passed without decoding its characters.
fn first_hostile_char(text: &str) -> Option<char> {
    let suspect = |byte: &u8| *byte < 0x20 || matches!(byte, 0x7F | 0xC2 | 0xE2);
    // Whole chunks without an early exit, which the compiler turns into vector instructions.
    let chunk_suspect = |chunk: &[u8]| chunk.iter().fold(false, |any, byte| any | suspect(byte));
    if text.as_bytes().chunks(32).any(chunk_suspect) {
        text.chars().find(|&c| hostile_char(c))
    } else {
        None
    }
}

/// The known id closest to `wanted` by edit distance, if any is close enough to be a typo.
fn closest_id<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|id| (edit_distance(wanted, id), id))
        .filter(|&(distance, id)| distance <= id.chars().count() / 3 + 1)
        .min()
        .map(|(_, id)| id)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

fn unknown_id_help(wanted: &str, known: &[&str], what: &str, file: &str) -> String {
    match closest_id(wanted, known.iter().copied()) {
        Some(id) => format!("did you mean `{id}`? {what} ids are defined in {file}"),
        None => format!("use one of the {what} ids defined in {file}, or add `{wanted}` there"),
    }
}

impl Checker {
    fn error(
        &mut self,
        file: &SourceFile,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let diagnostic = file.diagnostic(span, message.into(), help.into());
        self.diagnostics.push(diagnostic);
    }

    fn file_error(&mut self, path: &str, message: impl Into<String>, help: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            file: path.to_owned(),
            line: 0,
            column: 0,
            message: message.into(),
            help: Some(help.into()),
        });
    }

    /// Checks one article, `raw` its parsed metadata: its source, then each of its claims.
    /// What is left of `raw` is dropped here, so that the memory of one article's metadata is
    /// reused for the next one's claims.
    fn article(
        mut self,
        article: &Article,
        raw: RawArticle,
        actors: &Defined<Actor>,
        site_ids: &Defined<()>,
    ) -> CheckedArticle {
        let mut claims = Vec::new();
        let mut drafts = Vec::new();
        let file = &article.metadata;
        let mut source = None;
        self.diagnostics.extend(raw.problems);
        let complete = raw.claims.complete;
        // A claim that did not read, or that waits on a source that did not, is reported once,
        // where it is: an `opposes` naming it elsewhere is not a second problem.
        let mut left_out: Vec<(String, bool)> = raw
            .claims
            .broken_ids
            .into_iter()
            .map(|id| (id, false))
            .collect();
        let raw_claims = raw.claims.records;
        if let Some(checked) = self.source(article, raw.source) {
            if let Err(draft) = &checked {
                drafts.push(draft.clone());
            }
            for raw in raw_claims {
                let line = file.position(raw.span()).line;
                let raw = raw.into_inner();
                match (&checked, raw.status) {
                    (Ok(source), None) => {
                        if let Some(claim) = self.claim(article, source, &raw, actors, site_ids) {
                            claims.push((claim, raw.id.span(), raw.opposes));
                        } else {
                            left_out.push((raw.id.get_ref().clone(), false));
                        }
                    }
                    // A claim of a draft source waits with it; only those marked are listed.
                    (Err(_), None) => {
                        self.draft_claim(article, &raw, actors, site_ids);
                        left_out.push((raw.id.get_ref().clone(), true));
                    }
                    (_, Some(Status::Draft)) => {
                        left_out.push((raw.id.get_ref().clone(), true));
                        let missing = self.draft_claim(article, &raw, actors, site_ids);
                        drafts.push(Draft {
                            file: file.path.clone(),
                            line,
                            what: format!("claim {}", raw.id.get_ref()),
                            missing,
                        });
                    }
                }
            }
            source = checked.ok();
        } else {
            left_out.extend(
                raw_claims
                    .iter()
                    .map(|raw| (raw.get_ref().id.get_ref().clone(), false)),
            );
        }
        CheckedArticle {
            diagnostics: self.diagnostics,
            drafts,
            left_out,
            complete,
            source,
            claims,
        }
    }

    /// Checks a piece of text meant for readers; returns it owned when it is acceptable.
    fn text(&mut self, file: &SourceFile, value: &Spanned<String>, what: &str) -> Option<String> {
        let text = value.get_ref();
        if text.trim().is_empty() {
            self.error(
                file,
                value.span(),
                format!("{what} is empty"),
                format!("write the {what}"),
            );
            return None;
        }
        if let Some(bad) = first_hostile_char(text) {
            self.error(
                file,
                value.span(),
                format!("{what} contains the invisible character U+{:04X}", u32::from(bad)),
                "remove control and bidi-override characters: they can make text display other than it reads",
            );
            return None;
        }
        Some(text.clone())
    }

    fn optional_text(
        &mut self,
        file: &SourceFile,
        value: Option<&Spanned<String>>,
        what: &str,
    ) -> Option<String> {
        value.and_then(|value| self.text(file, value, what))
    }

    fn id(&mut self, file: &SourceFile, id: &Spanned<String>, what: &str) -> bool {
        if is_valid_id(id.get_ref()) {
            return true;
        }
        self.error(
            file,
            id.span(),
            format!("`{}` is not a valid {what} id", id.get_ref().escape_debug()),
            "ids are lowercase ASCII letters and digits joined by single hyphens, e.g. `jufra-air-base`",
        );
        false
    }

    /// Reports ids defined twice; returns whether this one is new.
    fn unique(
        &mut self,
        file: &SourceFile,
        id: &Spanned<String>,
        seen: &mut HashMap<String, Range<usize>>,
        what: &str,
    ) -> bool {
        if let Some(first) = seen.get(id.get_ref()) {
            let first = file.position(first.clone());
            let message = format!("duplicate {what} id `{}`", id.get_ref());
            let help = format!("the id is already defined at {first}: rename one of them");
            self.error(file, id.span(), message, help);
            return false;
        }
        // Spans, not positions: turning a span into a line costs a pass over the file.
        seen.insert(id.get_ref().clone(), id.span());
        true
    }

    fn actors(&mut self, file: &SourceFile) -> Defined<Actor> {
        let mut reader = RecordReader::new(file);
        let mut raw = reader.array::<RawActor>("actor");
        self.diagnostics
            .extend(reader.finish("[[actor]] records", &mut raw));
        let mut seen = HashMap::new();
        let mut actors: HashMap<String, Option<Actor>> =
            raw.broken_ids.into_iter().map(|id| (id, None)).collect();
        for actor in raw.records {
            let actor = actor.into_inner();
            if !self.id(file, &actor.id, "actor") {
                actors.entry(actor.id.into_inner()).or_default();
                continue;
            }
            if !self.unique(file, &actor.id, &mut seen, "actor") {
                continue;
            }
            if actor.id.get_ref() == ARTICLE_CLAIMANT {
                self.error(
                    file,
                    actor.id.span(),
                    "`article` is reserved for the article's own voice",
                    "choose another id; claims use `claimant = \"article\"` for statements the article makes itself",
                );
                continue;
            }
            let name_en = self.text(file, &actor.name_en, "name_en");
            let name_ar = self.optional_text(file, actor.name_ar.as_ref(), "name_ar");
            let id = actor.id.into_inner();
            let checked = name_en.map(|name_en| Actor {
                id: id.clone(),
                name_en,
                name_ar,
                side: actor.side,
            });
            actors.insert(id, checked);
        }
        Defined {
            by_id: actors,
            complete: raw.complete,
        }
    }

    /// The valid sites, and the ids of every site the file defines: a claim about a site whose
    /// record has a problem should not also be reported as naming an unknown site.
    fn sites(
        &mut self,
        file: &SourceFile,
        (raw, problems): (Read<RawSite>, Vec<Diagnostic>),
        phrases: &PhraseSet,
        articles: &[Article],
        regions: &Regions,
    ) -> (Vec<Site>, Defined<()>) {
        let first_of_sites = self.diagnostics.len();
        self.diagnostics.extend(problems);
        let named = names_in_articles(&raw.records, phrases, articles);
        // Ids in file order, so that the first site with an id keeps it; then the rest of each
        // site, a share of them on each core.
        let mut seen = HashMap::new();
        let mut badly_written = Vec::new();
        let new_sites: Vec<&RawSite> = raw
            .records
            .iter()
            .map(Spanned::get_ref)
            .filter(|site| {
                if !self.id(file, &site.id, "site") {
                    badly_written.push(site.id.get_ref().clone());
                    return false;
                }
                self.unique(file, &site.id, &mut seen, "site")
            })
            .collect();
        let checked: Vec<(Vec<Site>, Vec<Diagnostic>)> = new_sites
            .par_chunks(share_per_core(new_sites.len()))
            .map(|share| {
                let mut checker = Checker::default();
                let sites = share
                    .iter()
                    .filter_map(|site| checker.site(file, site, &named, regions))
                    .collect();
                (sites, checker.diagnostics)
            })
            .collect();
        let mut sites = Vec::with_capacity(new_sites.len());
        for (checked, diagnostics) in checked {
            sites.extend(checked);
            self.diagnostics.extend(diagnostics);
        }
        // The file's problems in the order they are written in.
        self.diagnostics[first_of_sites..].sort_by_key(|problem| (problem.line, problem.column));
        let by_id = seen
            .into_keys()
            .chain(raw.broken_ids)
            .chain(badly_written)
            .map(|id| (id, Some(())))
            .collect();
        let ids = Defined {
            by_id,
            complete: raw.complete,
        };
        (sites, ids)
    }

    /// Checks a site whose id is valid and new.
    fn site(
        &mut self,
        file: &SourceFile,
        site: &RawSite,
        named: &HashSet<String>,
        regions: &Regions,
    ) -> Option<Site> {
        let name_en = self.text(file, &site.name_en, "name_en");
        let names_ar: Vec<Option<String>> = site
            .names_ar
            .get_ref()
            .iter()
            .map(|name| self.arabic_name(file, name, named))
            .collect();
        if names_ar.is_empty() {
            self.error(
                file,
                site.names_ar.span(),
                "the site has no Arabic name",
                "list every spelling the texts use, e.g. names_ar = [\"قاعدة الجفرة\", \"الجفرة\"]",
            );
        }
        let country = site
            .country
            .as_ref()
            .and_then(|code| self.country(file, code));
        let location = self.location(file, &site.location, country, regions);
        let note = self.optional_text(file, site.note.as_ref(), "note");
        let names_ar: Option<Vec<String>> = names_ar.into_iter().collect();
        let (name_en, names_ar, location) = (name_en?, names_ar?, location?);
        if names_ar.is_empty() {
            return None;
        }
        Some(Site {
            id: site.id.get_ref().clone().into(),
            name_en,
            names_ar,
            kind: site.kind,
            country: country.map(|(code, _)| code.to_owned()),
            precision: location.precision,
            geometry: location.geometry,
            area: location.area,
            coordinate_source: location.source,
            location_note: location.note,
            note,
        })
    }

    /// An Arabic name must be spelled as at least one article spells it; `named` holds the names
    /// that are (see [`names_in_articles`]).
    fn arabic_name(
        &mut self,
        file: &SourceFile,
        name: &Spanned<String>,
        named: &HashSet<String>,
    ) -> Option<String> {
        let text = self.text(file, name, "Arabic name")?;
        if named.contains(&text) {
            return Some(text);
        }
        self.error(
            file,
            name.span(),
            format!("the Arabic name «{text}» is in none of the articles"),
            "spell the name exactly as an article does (copy it from the text)",
        );
        None
    }

    fn country(
        &mut self,
        file: &SourceFile,
        code: &Spanned<String>,
    ) -> Option<(&'static str, Rect)> {
        let found = COUNTRY_BOUNDS
            .iter()
            .find(|(known, _)| *known == code.get_ref().as_str());
        if found.is_none() {
            let known: Vec<&str> = COUNTRY_BOUNDS.iter().map(|(code, _)| *code).collect();
            self.error(
                file,
                code.span(),
                format!("unknown country code `{}`", code.get_ref()),
                format!(
                    "use an ISO 3166-1 alpha-2 code from {}, or add the country's bounds to COUNTRY_BOUNDS in \
                     crates/kharita-core/src/load.rs",
                    known.join(", ")
                ),
            );
        }
        found.map(|&(code, [west, south, east, north])| {
            (
                code,
                Rect::new(Coord { x: west, y: south }, Coord { x: east, y: north }),
            )
        })
    }

    fn location(
        &mut self,
        file: &SourceFile,
        raw: &Spanned<RawLocation>,
        country: Option<(&'static str, Rect)>,
        regions: &Regions,
    ) -> Option<CheckedLocation> {
        let span = raw.span();
        let raw = raw.get_ref();
        let has_point = raw.lat.is_some() || raw.lon.is_some();
        if raw.precision == Precision::Region {
            return self.region(file, raw, span, has_point, regions);
        }
        let source = self.optional_text(file, raw.source.as_ref(), "coordinate source");
        let note = self.optional_text(file, raw.note.as_ref(), "location note");
        let geometry = match raw.precision {
            Precision::Runway | Precision::Town => {
                if raw.area.is_some() {
                    self.error(
                        file,
                        span.clone(),
                        "a point location has an area",
                        "remove area, or use precision = \"region\"",
                    );
                    return None;
                }
                let (Some(lat), Some(lon)) = (&raw.lat, &raw.lon) else {
                    self.error(
                        file,
                        span,
                        "a point location needs both lat and lon",
                        "add lat = … and lon = … in decimal degrees (WGS 84)",
                    );
                    return None;
                };
                let point = self.point(file, lat, lon, country)?;
                Geometry::Point(point)
            }
            Precision::Region => unreachable!("regions are checked above"),
            Precision::Unknown => {
                if has_point || raw.area.is_some() {
                    self.error(
                        file,
                        span,
                        "a location of unknown precision has coordinates",
                        "remove the coordinates, or set the precision they really have",
                    );
                    return None;
                }
                return Some(CheckedLocation {
                    precision: Precision::Unknown,
                    geometry: None,
                    area: None,
                    source,
                    note,
                });
            }
        };
        if source.is_none() {
            self.error(
                file,
                span,
                "the location has no coordinate source",
                "add source = \"…\" naming where the coordinates come from (e.g. an OurAirports/airportsdata identifier)",
            );
            return None;
        }
        Some(CheckedLocation {
            precision: raw.precision,
            geometry: Some(geometry),
            area: None,
            source,
            note,
        })
    }

    /// A region: the area its rule derives from the country outlines. Its coordinate source is
    /// that derivation, so the author gives none.
    fn region(
        &mut self,
        file: &SourceFile,
        raw: &RawLocation,
        span: Range<usize>,
        has_point: bool,
        regions: &Regions,
    ) -> Option<CheckedLocation> {
        if has_point {
            self.error(
                file,
                span,
                "a region location has lat/lon",
                "give the region as area = { country = \"LY\", rule = \"country\" } only",
            );
            return None;
        }
        if let Some(source) = &raw.source {
            self.error(
                file,
                source.span(),
                "a region's source is the country outline it is derived from",
                "remove source: the loader names the outline and how the area was derived",
            );
            return None;
        }
        let Some(area) = &raw.area else {
            self.error(
                file,
                span,
                "a region location needs an area",
                "add area = { country = \"LY\", rule = \"country\" }, or a rule \"south-of\" (latitude), \"along-borders\" (neighbours, depth_km) or \"along-coast\" (depth_km)",
            );
            return None;
        };
        let note = self.optional_text(file, raw.note.as_ref(), "location note");
        match regions.derive(area.get_ref()) {
            Ok((geometry, derivation)) => Some(CheckedLocation {
                precision: Precision::Region,
                geometry: Some(geometry),
                area: Some(area.get_ref().clone()),
                source: Some(derivation),
                note,
            }),
            Err(problem) => {
                self.error(file, area.span(), problem.message, problem.help);
                None
            }
        }
    }

    fn point(
        &mut self,
        file: &SourceFile,
        lat: &Spanned<f64>,
        lon: &Spanned<f64>,
        country: Option<(&'static str, Rect)>,
    ) -> Option<Point> {
        let (y, x) = (*lat.get_ref(), *lon.get_ref());
        if !(-90.0..=90.0).contains(&y) {
            let help = if (-90.0..=90.0).contains(&x) {
                "latitude must be within ±90°; lat and lon look swapped"
            } else {
                "latitude must be within ±90° (decimal degrees, north positive)"
            };
            self.error(
                file,
                lat.span(),
                format!("latitude {y} is out of range"),
                help,
            );
            return None;
        }
        if !(-180.0..=180.0).contains(&x) {
            self.error(
                file,
                lon.span(),
                format!("longitude {x} is out of range"),
                "longitude must be within ±180° (decimal degrees, east positive)",
            );
            return None;
        }
        let point = Point::new(x, y);
        if let Some((code, bounds)) = country
            && !bounds.contains(&point)
        {
            let help = if bounds.contains(&Point::new(y, x)) {
                format!(
                    "lat and lon look swapped: ({y}, {x}) lies outside {code} but ({x}, {y}) lies inside; swap them"
                )
            } else {
                format!(
                    "check the coordinates and the country: {code} spans lon {}…{}, lat {}…{}",
                    bounds.min().x,
                    bounds.max().x,
                    bounds.min().y,
                    bounds.max().y
                )
            };
            self.error(
                file,
                lat.span().start..lon.span().end,
                format!("the point lat {y}, lon {x} is not in {code}"),
                help,
            );
            return None;
        }
        Some(point)
    }

    fn dating(
        &mut self,
        file: &SourceFile,
        text: &SearchText,
        raw: &Spanned<RawDating>,
        what: &str,
    ) -> Option<Dating> {
        let span = raw.span();
        let raw = raw.get_ref();
        let value = match &raw.value {
            Some(value) => match value.get_ref().parse() {
                Ok(date) => Some(date),
                Err(error) => {
                    self.error(
                        file,
                        value.span(),
                        format!("{what}: {error}"),
                        "e.g. value = \"2024-05\" or \"2024-03/2024-05\"",
                    );
                    return None;
                }
            },
            None => None,
        };
        let as_written = self.optional_text(file, raw.as_written.as_ref(), "as_written");
        let evidence = self.optional_text(file, raw.evidence.as_ref(), "evidence");
        if let (Some(words), Some(spanned)) = (&as_written, &raw.as_written)
            && !text.contains(words)
        {
            self.error(
                file,
                spanned.span(),
                format!("{what}: as_written «{words}» is not in the article"),
                "copy the words that state the date exactly from the article text",
            );
            return None;
        }
        let problem = match raw.basis {
            Basis::Stated if as_written.is_none() => {
                Some("a stated date needs as_written: the words of the text that state it")
            }
            Basis::Inferred if value.is_none() || evidence.is_none() => {
                Some("an inferred date needs both value and evidence (why the date is what it is)")
            }
            Basis::Unknown if value.is_some() => {
                Some("an unknown date cannot have a value; use basis = \"inferred\" with evidence")
            }
            _ => None,
        };
        if let Some(problem) = problem {
            self.error(
                file,
                span,
                format!("{what}: {problem}"),
                "see the date fields in README.md",
            );
            return None;
        }
        Some(Dating {
            basis: raw.basis,
            value,
            as_written,
            evidence,
        })
    }

    /// The fields a finished `[source]` must have that `source` lacks; each is a problem unless
    /// the source is a draft.
    fn missing_from_source(
        &mut self,
        file: &SourceFile,
        span: Range<usize>,
        source: &RawSource,
        is_draft: bool,
    ) -> Vec<&'static str> {
        let required = [
            (
                source.title_en.is_some(),
                "title_en",
                "title_en = \"The headline in English\"",
            ),
            (
                source.outlet.is_some(),
                "outlet",
                "outlet = { basis = \"stated\", name = \"…\" } (or basis = \"inferred\" or \"unknown\" with evidence)",
            ),
            (
                source.published.is_some(),
                "published",
                "published = { basis = \"stated\", value = \"2024-05-01\", as_written = \"…\" }",
            ),
        ];
        let mut missing = Vec::new();
        for (present, field, example) in required {
            if present {
                continue;
            }
            missing.push(field);
            if !is_draft {
                self.error(
                    file,
                    span.clone(),
                    format!("[source] has no `{field}`"),
                    format!(
                        "add {example}, or mark the source status = \"draft\" while you write it"
                    ),
                );
            }
        }
        missing
    }

    /// The article's source, or the draft it still is; `None` when it has problems.
    fn source(
        &mut self,
        article: &Article,
        raw: Option<Spanned<RawSource>>,
    ) -> Option<SourceOrDraft> {
        let file = &article.metadata;
        let raw = raw?;
        let source_span = raw.span();
        let source = raw.get_ref();
        let is_draft = source.status == Some(Status::Draft);
        let missing = self.missing_from_source(file, source_span.clone(), source, is_draft);
        let title = self.optional_text(file, source.title.as_ref(), "title");
        if let (Some(title), Some(spanned)) = (&title, &source.title)
            && !article.text.contains(title)
        {
            self.error(
                file,
                spanned.span(),
                "the title is not in the article text",
                "copy the headline exactly as printed, or leave title out",
            );
        }
        let title_en = self.optional_text(file, source.title_en.as_ref(), "title_en");
        let language = self.text(file, &source.language, "language");
        let outlet = source.outlet.as_ref().map(|o| self.outlet(file, o));
        let published = source
            .published
            .as_ref()
            .map(|d| self.dating(file, &article.text, d, "published"));
        let mut artefacts = Vec::new();
        for artefact in &source.artefacts {
            let Some(text) = self.text(file, artefact, "artefact") else {
                continue;
            };
            if article.text.contains(&text) {
                artefacts.push(text);
            } else {
                self.error(
                    file,
                    artefact.span(),
                    format!("artefact «{text}» is not in the article"),
                    "copy the debris line exactly from the text",
                );
            }
        }
        let url = source.url.as_ref().and_then(|url| {
            let text = self.text(file, url, "url")?;
            match crate::publish::check_web_url(&text) {
                Ok(()) => Some(text),
                Err(problem) => {
                    self.error(
                        file,
                        url.span(),
                        format!("url: {problem}"),
                        "write the article's address as published, e.g. url = \"https://example.org/2024/05/article\", or leave url out",
                    );
                    None
                }
            }
        });
        let recorded = self.day(file, &source.recorded, "recorded");
        let revised = source
            .revised
            .as_ref()
            .and_then(|revised| self.day(file, revised, "revised"));
        if let (Some(recorded), Some(revised), Some(spanned)) = (recorded, revised, &source.revised)
            && revised < recorded
        {
            self.error(
                file,
                spanned.span(),
                format!("revised {revised} is before recorded {recorded}"),
                "revised is the day the claims were last changed, on or after recorded",
            );
        }
        if is_draft {
            let draft = Draft {
                file: file.path.clone(),
                line: file.position(source_span).line,
                what: "source".to_owned(),
                missing,
            };
            return Some(Err(draft));
        }
        let source = Source {
            id: article.id.clone().into(),
            file: article.text_path.clone(),
            title,
            title_en: title_en?,
            language: language?,
            outlet: outlet.flatten()?,
            published: published.flatten()?,
            artefacts,
            length: article.text.len(),
            url,
            recorded: recorded?,
            revised,
        };
        Some(Ok(source))
    }

    /// A day a record was made or changed (`recorded`, `revised`).
    fn day(&mut self, file: &SourceFile, raw: &Spanned<String>, what: &str) -> Option<Day> {
        raw.get_ref()
            .parse()
            .map_err(|error| {
                self.error(
                    file,
                    raw.span(),
                    format!("{what}: {error}"),
                    format!("write the day as YYYY-MM-DD, e.g. {what} = \"2026-11-22\""),
                );
            })
            .ok()
    }

    fn outlet(&mut self, file: &SourceFile, raw: &Spanned<RawOutlet>) -> Option<Outlet> {
        let outlet = raw.get_ref();
        let name = self.optional_text(file, outlet.name.as_ref(), "outlet name");
        let evidence = self.optional_text(file, outlet.evidence.as_ref(), "outlet evidence");
        let problem = match outlet.basis {
            Basis::Stated | Basis::Inferred if name.is_none() || evidence.is_none() => {
                Some("a stated or inferred outlet needs a name and the evidence for it")
            }
            Basis::Unknown if name.is_some() => Some("an unknown outlet cannot have a name"),
            _ => None,
        };
        if let Some(problem) = problem {
            self.error(
                file,
                raw.span(),
                problem,
                "name the outlet only where the text names or clearly shows it",
            );
            return None;
        }
        Some(Outlet {
            basis: outlet.basis,
            name,
            evidence,
        })
    }

    fn actor_ref(
        &mut self,
        file: &SourceFile,
        id: &Spanned<String>,
        actors: &Defined<Actor>,
        source: &Source,
    ) -> Option<Actor> {
        if id.get_ref() == ARTICLE_CLAIMANT {
            return Some(article_voice(source));
        }
        self.known_actor(file, id, actors)
    }

    /// The actor `id` names in the actors file, or `None` with the problem reported.
    fn known_actor(
        &mut self,
        file: &SourceFile,
        id: &Spanned<String>,
        actors: &Defined<Actor>,
    ) -> Option<Actor> {
        match actors.look_up(id.get_ref()) {
            Lookup::Found(actor) => Some(actor.clone()),
            Lookup::Reported => None,
            Lookup::Unknown => {
                let mut known = actors.ids();
                known.push(ARTICLE_CLAIMANT);
                self.error(
                    file,
                    id.span(),
                    format!("unknown actor id `{}`", id.get_ref()),
                    unknown_id_help(id.get_ref(), &known, "actor", ACTORS_FILE),
                );
                None
            }
        }
    }

    fn claim(
        &mut self,
        article: &Article,
        source: &Source,
        raw: &RawClaim,
        actors: &Defined<Actor>,
        site_ids: &Defined<()>,
    ) -> Option<Claim> {
        let file = &article.metadata;
        let ok = self.id(file, &raw.id, "claim") & self.claim_sites(file, raw, site_ids);
        let missing = missing_from_claim(raw);
        for field in &missing {
            self.error(
                file,
                raw.id.span(),
                format!("claim `{}` has no `{field}`", raw.id.get_ref()),
                format!(
                    "add {}, or mark the claim status = \"draft\" while you write it",
                    claim_field_example(field)
                ),
            );
        }
        let (Some(stance), Some(topic), Some(claimant), Some(summary_en), Some(summary_ar)) = (
            raw.stance,
            raw.topic,
            &raw.claimant,
            &raw.summary_en,
            &raw.summary_ar,
        ) else {
            self.target(article, raw);
            return None;
        };
        let claimant = self.actor_ref(file, claimant, actors, source);
        let via: Vec<Option<Actor>> = raw
            .via
            .iter()
            .map(|id| self.actor_ref(file, id, actors, source))
            .collect();
        let summary_en = self.text(file, summary_en, "summary_en");
        let summary_ar = self.text(file, summary_ar, "summary_ar");
        let note = self.optional_text(file, raw.note.as_ref(), "note");
        let target = self.target(article, raw);
        let hedge = self.hedge(file, raw, stance, target.as_ref());
        let said = raw
            .said
            .as_ref()
            .map(|d| self.dating(file, &article.text, d, "said"));
        let event = raw
            .event
            .as_ref()
            .map(|d| self.dating(file, &article.text, d, "event"));
        let via: Option<Vec<Actor>> = via.into_iter().collect();
        if !ok
            || said.as_ref().is_some_and(Option::is_none)
            || event.as_ref().is_some_and(Option::is_none)
        {
            return None;
        }
        Some(Claim {
            id: raw.id.get_ref().clone().into(),
            source: source.id.clone(),
            sites: raw
                .sites
                .get_ref()
                .iter()
                .map(|s| s.get_ref().as_str().into())
                .collect(),
            stance,
            topic,
            actors: raw.actors.clone(),
            claimant: claimant?,
            via: via?,
            summary_en: summary_en?,
            summary_ar: summary_ar?,
            hedge: hedge.ok()?,
            said: said.flatten(),
            event: event.flatten(),
            opposes: Vec::new(),
            note,
            target: target?,
        })
    }

    /// Checks a draft claim as far as it is written: its id, sites and quote, and whatever else it
    /// has. Returns the fields left to write.
    fn draft_claim(
        &mut self,
        article: &Article,
        raw: &RawClaim,
        actors: &Defined<Actor>,
        site_ids: &Defined<()>,
    ) -> Vec<&'static str> {
        let file = &article.metadata;
        self.id(file, &raw.id, "claim");
        self.claim_sites(file, raw, site_ids);
        let voices = raw.claimant.iter().chain(&raw.via);
        for id in voices.filter(|id| id.get_ref() != ARTICLE_CLAIMANT) {
            self.known_actor(file, id, actors);
        }
        self.optional_text(file, raw.summary_en.as_ref(), "summary_en");
        self.optional_text(file, raw.summary_ar.as_ref(), "summary_ar");
        self.optional_text(file, raw.note.as_ref(), "note");
        let target = self.target(article, raw);
        if let Some(stance) = raw.stance {
            let _ = self.hedge(file, raw, stance, target.as_ref());
        }
        for dating in [&raw.said, &raw.event].into_iter().flatten() {
            self.dating(file, &article.text, dating, "date");
        }
        missing_from_claim(raw)
    }

    /// Checks that a claim names at least one site and only known ones.
    fn claim_sites(&mut self, file: &SourceFile, raw: &RawClaim, site_ids: &Defined<()>) -> bool {
        let mut ok = true;
        if raw.sites.get_ref().is_empty() {
            self.error(
                file,
                raw.sites.span(),
                "the claim is about no site",
                "list the site ids it is about, e.g. sites = [\"jufra-air-base\"]",
            );
            ok = false;
        }
        for site in raw.sites.get_ref() {
            if let Lookup::Unknown = site_ids.look_up(site.get_ref()) {
                let help = unknown_id_help(site.get_ref(), &site_ids.ids(), "site", SITES_FILE);
                self.error(
                    file,
                    site.span(),
                    format!("unknown site id `{}`", site.get_ref()),
                    help,
                );
                ok = false;
            }
        }
        ok
    }

    /// A hedged claim names its hedge, which must be in the quote; other claims have none.
    /// `Err` when that does not hold (the problem is already reported).
    fn hedge(
        &mut self,
        file: &SourceFile,
        raw: &RawClaim,
        stance: Stance,
        target: Option<&Target>,
    ) -> Result<Option<String>, ()> {
        match (&raw.hedge, stance) {
            (None, Stance::Hedged) => {
                self.error(
                    file,
                    raw.quote.span(),
                    "a hedged claim needs its hedge",
                    "add hedge = \"…\" with the hedging words from the quote (e.g. \"يُرجح\", \"وبحسب ما ورد\")",
                );
                Err(())
            }
            (None, _) => Ok(None),
            (Some(hedge), Stance::Hedged) => {
                let words = self.text(file, hedge, "hedge").ok_or(())?;
                let in_quote =
                    target.is_none_or(|target| SearchText::new(target.exact()).contains(&words));
                if !in_quote {
                    self.error(
                        file,
                        hedge.span(),
                        format!("the hedge «{words}» is not in the quote"),
                        "the quote must include the hedging words",
                    );
                    return Err(());
                }
                Ok(Some(words))
            }
            (Some(hedge), _) => {
                self.error(
                    file,
                    hedge.span(),
                    "only a hedged claim has a hedge",
                    "set stance = \"hedged\", or remove hedge",
                );
                Err(())
            }
        }
    }

    fn target(&mut self, article: &Article, raw: &RawClaim) -> Option<Target> {
        let file = &article.metadata;
        let quote = raw.quote.get_ref();
        if first_hostile_char(quote).is_some() {
            self.text(file, &raw.quote, "quote");
            return None;
        }
        match article
            .text
            .anchor(quote, raw.prefix.as_deref(), raw.suffix.as_deref())
        {
            Ok(anchor) => Some(Target {
                source: article.text_path.clone(),
                selector: vec![
                    Selector::TextQuoteSelector {
                        exact: anchor.exact,
                        prefix: anchor.prefix,
                        suffix: anchor.suffix,
                    },
                    Selector::TextPositionSelector {
                        start: anchor.start,
                        end: anchor.end,
                    },
                ],
            }),
            Err(error) => {
                let help = match &error {
                    AnchorError::Empty => {
                        "write the passage the claim rests on, copied from the article".to_owned()
                    }
                    AnchorError::NotFound {
                        closest: Some(passage),
                    } => {
                        let (line, column) = article.text.line_column(passage.start);
                        format!(
                            "the closest passage ({} edit{} away) is at {}:{line}:{column}: «{}»; copy the quote exactly from the article",
                            passage.edits,
                            if passage.edits == 1 { "" } else { "s" },
                            article.text_path,
                            passage.text
                        )
                    }
                    AnchorError::NotFound { closest: None } => {
                        format!("{} is empty", article.text_path)
                    }
                    AnchorError::Ambiguous { starts } | AnchorError::ContextMismatch { starts } => {
                        let lines: Vec<String> = starts
                            .iter()
                            .map(|&start| article.text.line_column(start).0.to_string())
                            .collect();
                        format!(
                            "it occurs on line(s) {} of {}: set prefix = \"…\" or suffix = \"…\" to words just before or after the occurrence you mean",
                            lines.join(", "),
                            article.text_path
                        )
                    }
                };
                self.error(
                    file,
                    raw.quote.span(),
                    format!("{error} ({})", article.text_path),
                    help,
                );
                None
            }
        }
    }

    /// Resolves the `opposes` links written beside each claim (`opposing[i]` is claim i's file and
    /// links) and makes them symmetric: if A opposes B, B opposes A.
    fn link_opposing(
        &mut self,
        claims: &mut [Claim],
        opposing: &[(&SourceFile, Vec<Spanned<String>>)],
        left_out: &Defined<bool>,
    ) {
        let index: HashMap<&str, usize> = claims
            .iter()
            .enumerate()
            .map(|(at, claim)| (claim.id.as_str(), at))
            .collect();
        let mut pairs = Vec::new();
        for (at, (claim, (file, opposes))) in claims.iter().zip(opposing).enumerate() {
            for other in opposes {
                let other_id = other.get_ref().as_str();
                if claim.id == other_id {
                    self.error(
                        file,
                        other.span(),
                        "a claim cannot oppose itself",
                        "name the claim this one contradicts",
                    );
                } else if let Some(&other_at) = index.get(other_id) {
                    pairs.push((at, other_at));
                } else if let Lookup::Found(&draft) = left_out.look_up(other_id) {
                    // A claim with problems has them reported where it is; a draft is not on the
                    // map, so a finished claim cannot stand against it yet.
                    if draft {
                        self.error(
                            file,
                            other.span(),
                            format!("claim `{other_id}` in opposes is a draft"),
                            "finish that claim (and remove its status = \"draft\" line), or leave it out of opposes until it is",
                        );
                    }
                } else if let Lookup::Unknown = left_out.look_up(other_id) {
                    let ids: Vec<&str> = claims.iter().map(|c| c.id.as_str()).collect();
                    let help = unknown_id_help(other_id, &ids, "claim", "seeds/*.toml");
                    self.error(
                        file,
                        other.span(),
                        format!("unknown claim id `{other_id}` in opposes"),
                        help,
                    );
                }
            }
        }
        drop(index);
        for (a, b) in pairs {
            for (this, other) in [(a, b), (b, a)] {
                let other = claims[other].id.clone();
                if !claims[this].opposes.contains(&other) {
                    claims[this].opposes.push(other);
                }
            }
        }
        for claim in claims {
            claim.opposes.sort();
        }
    }
}

struct CheckedLocation {
    precision: Precision,
    geometry: Option<Geometry<f64>>,
    area: Option<Area>,
    source: Option<String>,
    note: Option<String>,
}

/// The actor standing for an article's own statements: its outlet when known.
fn article_voice(source: &Source) -> Actor {
    let name_en = match (&source.outlet.name, source.outlet.basis) {
        (Some(name), Basis::Inferred) => format!("The article itself (outlet inferred: {name})"),
        (Some(name), _) => format!("The article itself ({name})"),
        (None, _) => "The article itself (outlet not named)".to_owned(),
    };
    Actor {
        id: format!("{ARTICLE_CLAIMANT}-{}", source.id.replace('_', "-")),
        name_en,
        name_ar: None,
        side: Side::Media,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_hyphenated_words() {
        for good in ["jufra-air-base", "c004-mig29", "libya"] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in [
            "",
            "Jufra",
            "jufra--base",
            "-jufra",
            "jufra_base",
            "<script>",
            "قاعدة",
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn typo_in_an_id_suggests_the_known_one() {
        let known = ["jufra-air-base", "al-khadim-air-base", "tobruk"];
        assert_eq!(closest_id("jufra-airbase", known), Some("jufra-air-base"));
        assert_eq!(closest_id("tobrouk", known), Some("tobruk"));
        assert_eq!(closest_id("moscow", known), None);
    }

    #[test]
    fn bidi_overrides_and_controls_are_hostile_but_newlines_are_not() {
        assert!(hostile_char('\u{202E}'));
        assert!(hostile_char('\u{2067}'));
        assert!(hostile_char('\u{0007}'));
        assert!(!hostile_char('\n'));
        assert!(!hostile_char('ج'));
        // The byte pre-check lets no hostile character through, whatever its encoding.
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let text = format!("قاعدة {c} x");
            assert_eq!(
                first_hostile_char(&text),
                hostile_char(c).then_some(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let file = SourceFile {
            path: "x.toml".into(),
            text: "a = 1\nنص = \"x\"\n".into(),
        };
        let at = file.text.find('=').unwrap();
        assert_eq!(
            (file.position(at..at).line, file.position(at..at).column),
            (1, 3)
        );
        let second = file.text.rfind('=').unwrap();
        let position = file.position(second..second);
        assert_eq!((position.line, position.column), (2, 4));
    }
}
