//! `kharita`: check the atlas data against the seed texts, export it, and draw static maps.

use std::io::Write;
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use kharita_core::publish::{Publication, Settings};
use kharita_core::{Atlas, Error};
use kharita_i18n::Lang;

use crate::atomic::write_atomically;

mod atomic;
mod authoring;

// A large corpus makes millions of small strings on every core, and glibc's allocator spends much
// time growing its per-thread heaps page by page: exporting 100,000 claims takes about 3.0 s with
// it and 2.2 s with mimalloc (measured 2026-12-05 on two cores).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
kharita: a sourced atlas of the military installations named in news articles

USAGE:
    kharita check  [--strict] [--root DIR]
    kharita mentions FILE|DIR... [--format text|json] [--root DIR]
    kharita add    ARTICLE.txt [--title TEXT] [--lang ar|en] [--root DIR]
    kharita export --format geojson|csv|annotations [--base-url URL] [--out FILE] [--root DIR]
    kharita render [--site ID [--claim ID]] [--lang ar|en] [--format svg|png] [--width N]
                   [--height N] [--atlas FILE.geojson] [--out FILE] [--root DIR]
    kharita bundle --out FILE [--app DIR] [--root DIR]

COMMANDS:
    check     Validate the data: ids, coordinates, dates, and every quote against its article.
              Lists every problem with file:line:column and exits non-zero if there is one.
              Lists the drafts left to finish (status = \"draft\": checked as far as they are
              written, never drawn, exported or counted); --strict fails while there are any.
    mentions  Find every mention of a known site in articles (files, or folders of .txt
              files; any path), Arabic-aware
              (alef forms, ة/ه, ى/ي, hamza seats, tashkeel, tatweel, clitics such as بطبرق and
              والجفرة) and in English (case, diacritics, al-/Al, Jufrah/Jufra); and the places
              shaped like an installation (قاعدة …, مطار …, … air base) that are no site, with
              suggestions from the offline gazetteer (assets/gazetteer.tsv).
              text:  file:line:column  site-id  «as written»  (how it matched), for people.
              json:  an array of {\"file\", \"site\" (null for a candidate), \"text\", \"start\", \"end\"
                     (code points: text[start:end] is the mention), \"line\", \"column\", \"match\"
                     (exact | normalised | clitic | transliterated | candidate), and for a
                     candidate \"suggestions\": [{\"name\", \"lat\", \"lon\", \"source\", \"id\", …}]}.
    add       Copy an article into seeds/ as NNN_<the first 16 hex digits of its SHA-256>.txt,
              byte for byte, and write its metadata: a draft [source] and a draft [[claim]]
              for each sentence that mentions a site (the sentence as the quote, its sites
              filled in), with the candidates and a ready [[site]] block in comments.
              Refuses, writing nothing, an empty article, one that is not UTF-8, or one
              already there. --lang ar (default) or en; --title the headline as printed.
    export    Check, then print the atlas to stdout, or write it to FILE atomically
              (nothing is written if the data has a problem).
              geojson: one RFC 7946 FeatureCollection, a feature per site with its claims.
              csv:     one row per claim.
              annotations: every claim as a W3C Web Annotation (JSON-LD), with its
                       TextQuoteSelector and TextPositionSelector, in one collection.
                       Its IRIs are absolute: set base_url (where dist/ is published)
                       and creator under [publish] in assets/map.toml; --base-url
                       overrides the former.
    render    Check, then draw a site (and one of its claims), or without --site every site,
              as a static map without a browser: basemap, markers, labels (Arabic shaped with
              the bundled Noto-based font), attribution. For print, newsletters, social cards
              and <noscript>.
              --lang ar (default) or en; --format svg (default) or png; --width in pixels
              (default 800, 240 to 4096); the height follows from the text, or is
              --height pixels (a social card: --width 1200 --height 630). --atlas draws an
              exported atlas (`kharita export --format geojson`, a map's atlas.geojson)
              instead of the data under --root.
    bundle    Write the map built in DIR (default: dist/, which `cargo xtask dist` builds)
              as one self-contained HTML file, app, data, basemap and articles inside, that
              opens from disk with no server and no network; its state is in the URL's
              fragment (#site=…), and its Content-Security-Policy allows its own script and
              style by hash, nothing else.

OPTIONS:
    --root DIR    Directory holding seeds/ and assets/atlas/ [default: .]
    -h, --help    Print this help
";

#[derive(Debug, Clone, Copy)]
enum Format {
    Geojson,
    Csv,
    Annotations,
}

/// What `export` writes, with what it needs to.
#[derive(Debug)]
enum Output {
    Geojson,
    Csv,
    Annotations(Publication),
}

#[derive(Debug, Clone, Copy)]
enum Image {
    Svg,
    Png,
}

#[derive(Debug)]
struct Render {
    /// An exported atlas to draw instead of the data under the root.
    atlas: Option<PathBuf>,
    site: Option<String>,
    claim: Option<String>,
    lang: Lang,
    image: Image,
    width: u32,
    height: Option<u32>,
}

/// How `mentions` prints.
#[derive(Debug, Clone, Copy)]
enum Listing {
    Text,
    Json,
}

#[derive(Debug)]
enum Command {
    Check {
        strict: bool,
    },
    Mentions {
        files: Vec<PathBuf>,
        listing: Listing,
    },
    Add {
        article: PathBuf,
        title: Option<String>,
        language: Lang,
    },
    Export {
        format: Format,
        base_url: Option<String>,
        out: Option<PathBuf>,
    },
    Render {
        render: Render,
        out: Option<PathBuf>,
    },
    Bundle {
        app: Option<PathBuf>,
        out: PathBuf,
    },
    Help,
}

#[derive(Debug)]
struct Args {
    command: Command,
    root: PathBuf,
}

/// Every option as given, before the command says which it takes.
#[derive(Debug, Default)]
struct Options {
    format: Option<String>,
    site: Option<String>,
    claim: Option<String>,
    lang: Option<Lang>,
    width: Option<u32>,
    height: Option<u32>,
    out: Option<PathBuf>,
    base_url: Option<String>,
    app: Option<PathBuf>,
    strict: bool,
    title: Option<String>,
    atlas: Option<PathBuf>,
    /// The articles `mentions` and `add` read.
    files: Vec<PathBuf>,
}

impl Options {
    /// Whether an option only `render` takes is given.
    fn for_render(&self) -> bool {
        self.site.is_some()
            || self.atlas.is_some()
            || self.claim.is_some()
            || self.lang.is_some()
            || self.width.is_some()
            || self.height.is_some()
    }
}

fn parse_args() -> Result<Args, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut subcommand = None;
    let mut o = Options::default();
    let mut root = PathBuf::from(".");
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => {
                return Ok(Args {
                    command: Command::Help,
                    root,
                });
            }
            Long("root") => root = parser.value()?.into(),
            Long("out") => o.out = Some(PathBuf::from(parser.value()?)),
            Long("base-url") => o.base_url = Some(parser.value()?.string()?),
            Long("app") => o.app = Some(PathBuf::from(parser.value()?)),
            Long("strict") => o.strict = true,
            Long("title") => o.title = Some(parser.value()?.string()?),
            Long("format") => o.format = Some(parser.value()?.string()?),
            Long("site") => o.site = Some(parser.value()?.string()?),
            Long("atlas") => o.atlas = Some(PathBuf::from(parser.value()?)),
            Long("claim") => o.claim = Some(parser.value()?.string()?),
            Long("lang") => {
                let code = parser.value()?.string()?;
                o.lang =
                    Some(Lang::from_code(&code).ok_or_else(|| {
                        format!("unknown language `{code}`: use --lang ar or en")
                    })?);
            }
            Long("width") => o.width = Some(parser.value()?.parse()?),
            Long("height") => o.height = Some(parser.value()?.parse()?),
            Value(value) if subcommand.is_none() => subcommand = Some(value.string()?),
            Value(value) if matches!(subcommand.as_deref(), Some("mentions" | "add")) => {
                o.files.push(value.into());
            }
            _ => return Err(arg.unexpected()),
        }
    }
    let command = command(subcommand.as_deref(), o)?;
    Ok(Args { command, root })
}

/// The command `subcommand` names, with the options it takes; an error for any it does not.
fn command(subcommand: Option<&str>, o: Options) -> Result<Command, lexopt::Error> {
    for (given, option, command) in [
        (o.app.is_some(), "--app", "bundle"),
        (o.strict, "--strict", "check"),
        (o.title.is_some(), "--title", "add"),
    ] {
        if given && subcommand != Some(command) {
            return Err(format!("{option} is for `{command}`").into());
        }
    }
    let render_options = o.for_render();
    let command = match subcommand {
        Some("check")
            if o.format.is_none() && o.out.is_none() && o.base_url.is_none() && !render_options =>
        {
            Command::Check { strict: o.strict }
        }
        Some("check") => return Err("`check` takes only --strict and --root".into()),
        Some("mentions") if o.out.is_some() || o.base_url.is_some() || render_options => {
            return Err("`mentions` takes only files, --format and --root".into());
        }
        Some("mentions") => mentions_command(o.files, o.format.as_deref())?,
        Some("add")
            if o.format.is_some()
                || o.out.is_some()
                || o.base_url.is_some()
                || o.site.is_some()
                || o.claim.is_some()
                || o.width.is_some()
                || o.height.is_some() =>
        {
            return Err("`add` takes only the article, --title, --lang and --root".into());
        }
        Some("add") => add_command(o.files, o.title, o.lang)?,
        Some("export") if render_options => {
            return Err("`export` takes only --format, --base-url, --out and --root".into());
        }
        Some("export") if o.base_url.is_some() && o.format.as_deref() != Some("annotations") => {
            return Err("--base-url is for --format annotations".into());
        }
        Some("export") => Command::Export {
            format: export_format(o.format.as_deref())?,
            base_url: o.base_url,
            out: o.out,
        },
        Some("render") if o.base_url.is_some() => {
            return Err("`render` takes no --base-url".into());
        }
        Some("render") => Command::Render {
            render: Render {
                atlas: o.atlas,
                site: o.site,
                claim: o.claim,
                lang: o.lang.unwrap_or(Lang::Ar),
                image: image_format(o.format.as_deref())?,
                width: o.width.unwrap_or(800),
                height: o.height,
            },
            out: o.out,
        },
        Some("bundle") if o.format.is_some() || o.base_url.is_some() || render_options => {
            return Err("`bundle` takes only --out, --app and --root".into());
        }
        Some("bundle") => Command::Bundle {
            app: o.app,
            out: o.out.ok_or("`bundle` needs --out FILE")?,
        },
        Some(other) => {
            return Err(format!(
                "unknown command `{other}`: use `check`, `mentions`, `add`, `export`, `render` or `bundle`"
            )
            .into());
        }
        None => Command::Help,
    };
    Ok(command)
}

/// `mentions` with its articles and `--format`.
fn mentions_command(files: Vec<PathBuf>, format: Option<&str>) -> Result<Command, String> {
    if files.is_empty() {
        return Err("`mentions` needs the articles to read: kharita mentions FILE...".to_owned());
    }
    let listing = match format {
        None | Some("text") => Listing::Text,
        Some("json") => Listing::Json,
        Some(other) => {
            return Err(format!(
                "unknown format `{other}`: use --format text or json"
            ));
        }
    };
    Ok(Command::Mentions { files, listing })
}

/// `add` with its one article, `--title` and `--lang`.
fn add_command(
    files: Vec<PathBuf>,
    title: Option<String>,
    lang: Option<Lang>,
) -> Result<Command, String> {
    let [article] = <[PathBuf; 1]>::try_from(files)
        .map_err(|_| "`add` takes one article: kharita add ARTICLE.txt".to_owned())?;
    Ok(Command::Add {
        article,
        title,
        language: lang.unwrap_or(Lang::Ar),
    })
}

/// `export`'s `--format`.
fn export_format(format: Option<&str>) -> Result<Format, String> {
    match format {
        Some("geojson") => Ok(Format::Geojson),
        Some("csv") => Ok(Format::Csv),
        Some("annotations") => Ok(Format::Annotations),
        Some(other) => Err(format!(
            "unknown format `{other}`: use --format geojson, csv or annotations"
        )),
        None => Err("`export` needs --format geojson, csv or annotations".to_owned()),
    }
}

/// `render`'s `--format`.
fn image_format(format: Option<&str>) -> Result<Image, String> {
    match format {
        None | Some("svg") => Ok(Image::Svg),
        Some("png") => Ok(Image::Png),
        Some(other) => Err(format!("unknown format `{other}`: use --format svg or png")),
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(error) => {
            eprintln!("error: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            match error.downcast_ref::<Error>() {
                Some(Error::Invalid(diagnostics)) => eprintln!("{diagnostics}"),
                _ => eprintln!("error: {error:#}"),
            }
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<()> {
    match args.command {
        Command::Help => print!("{USAGE}"),
        Command::Check { strict } => {
            let (atlas, drafts) = load_with_drafts(&args.root)?;
            eprintln!(
                "ok: {} sources, {} sites, {} claims; every quote anchors in its article",
                atlas.sources().len(),
                atlas.sites().len(),
                atlas.claims().len()
            );
            if !drafts.is_empty() {
                let count = drafts.len();
                eprintln!(
                    "{count} draft{} to finish (checked as far as written; not on the map until their status = \"draft\" lines are removed):",
                    if count == 1 { "" } else { "s" }
                );
                for draft in &drafts {
                    eprintln!("  {draft}");
                }
                if strict {
                    bail!(
                        "--strict: {count} draft{} to finish",
                        if count == 1 { "" } else { "s" }
                    );
                }
            }
        }
        Command::Mentions { files, listing } => authoring::mentions(&args.root, &files, listing)?,
        Command::Add {
            article,
            title,
            language,
        } => authoring::add(&args.root, &article, title.as_deref(), language)?,
        Command::Export {
            format,
            base_url,
            out,
        } => {
            // The settings first: a missing base URL stops the export before any work.
            let output = match format {
                Format::Geojson => Output::Geojson,
                Format::Csv => Output::Csv,
                Format::Annotations => Output::Annotations(
                    Settings::read(&args.root)?.publication(base_url.as_deref())?,
                ),
            };
            let atlas = load(&args.root)?;
            let write = |out: &mut dyn Write| match &output {
                Output::Geojson => atlas.write_geojson(out),
                Output::Csv => out.write_all(atlas.to_csv().as_bytes()),
                Output::Annotations(publication) => {
                    out.write_all(atlas.to_annotations(publication).as_bytes())
                }
            };
            match out {
                Some(path) => write_atomically(&path, write)?,
                None => write(&mut std::io::stdout().lock())?,
            }
        }
        Command::Bundle { app, out } => {
            let app = app.unwrap_or_else(|| args.root.join("dist"));
            if !app.join(kharita_render::archive::ARCHIVE_BOOT).is_file() {
                bail!(
                    "{} holds no built map ({} is missing): run `cargo xtask dist`, or pass --app DIR",
                    app.display(),
                    kharita_render::archive::ARCHIVE_BOOT
                );
            }
            let page = kharita_render::archive::from_dist(&app)?;
            write_atomically(&out, |file| file.write_all(page.as_bytes()))?;
            eprintln!("ok: {} ({} KB)", out.display(), page.len() / 1024);
        }
        Command::Render { render, out } => {
            let atlas = match &render.atlas {
                Some(path) => exported_atlas(path)?,
                None => load(&args.root)?,
            };
            let basemap = kharita_map::Basemap::read(&args.root)?;
            let request = kharita_render::Request {
                site: render.site.as_deref(),
                claim: render.claim.as_deref(),
                lang: render.lang,
                width: render.width,
                height: render.height,
            };
            let svg = kharita_render::svg(&atlas, &basemap, &request).map_err(with_help)?;
            let bytes = match render.image {
                Image::Svg => svg.into_bytes(),
                Image::Png => kharita_render::png(&svg)?,
            };
            match out {
                Some(path) => write_atomically(&path, |file| file.write_all(&bytes))?,
                None => std::io::stdout().lock().write_all(&bytes)?,
            }
        }
    }
    Ok(())
}

/// A rendering error with what to pass instead.
fn with_help(error: kharita_render::Error) -> anyhow::Error {
    use kharita_render::Error;
    let help = match &error {
        Error::UnknownSite(_) => "pass --site with the id of a site in the atlas",
        Error::UnknownClaim(_) => "pass --claim with the id of a claim in the atlas",
        Error::ClaimWithoutSite(_) => "pass --site too, with one of the claim's sites",
        Error::ClaimNotAboutSite { .. } => "pass --claim with one of that site's claims",
        Error::Width(_) => "pass a --width in range",
        Error::Height { .. } => "pass a larger --height, or none",
        Error::Svg(_) | Error::Pixmap { .. } | Error::EncodePng(_) => return error.into(),
    };
    anyhow::anyhow!("{error}\n  = help: {help}")
}

/// The checked atlas, never freed: the process ends once it is used, and the system takes its
/// memory back at once, where freeing the strings of 100,000 claims one by one takes a tenth of a
/// second.
fn load(root: &Path) -> Result<ManuallyDrop<Atlas>> {
    Ok(load_with_drafts(root)?.0)
}

/// An atlas as `kharita export --format geojson` writes it (never freed, as [`load`]'s).
fn exported_atlas(path: &Path) -> Result<ManuallyDrop<Atlas>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let atlas = Atlas::from_geojson(&text).with_context(|| {
        format!(
            "{} is not an atlas as `kharita export --format geojson` writes one",
            path.display()
        )
    })?;
    Ok(ManuallyDrop::new(atlas))
}

/// The checked atlas (never freed, as [`load`]'s), and the drafts left out of it.
fn load_with_drafts(root: &Path) -> Result<(ManuallyDrop<Atlas>, Vec<kharita_core::load::Draft>)> {
    if !root.join(kharita_core::load::SITES_FILE).is_file() {
        bail!(
            "{} has no {}: run from the repository root or pass --root DIR",
            root.display(),
            kharita_core::load::SITES_FILE
        );
    }
    let (atlas, drafts) = kharita_core::load::load_with_drafts(root)?;
    Ok((ManuallyDrop::new(atlas), drafts))
}
