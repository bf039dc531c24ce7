//! Loading an atlas: the seed atlas with one of its files replaced by the input (the first byte
//! chooses which: the sites, the actors, an article's metadata or its text). The loader gives an
//! atlas or problems that name a place in a file; it never panics, and every anchor it makes
//! slices its article to the quote.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kharita_core::Error;
use kharita_core::load::{ACTORS_FILE, SITES_FILE, load_with_drafts};
use kharita_core::model::Selector;
use libfuzzer_sys::fuzz_target;

const ARTICLE: &str = "seeds/004_4e5fc412234f2c9f";

/// A copy of the seed atlas in a folder of this process's own, made once.
fn scratch() -> &'static Path {
    static SCRATCH: OnceLock<PathBuf> = OnceLock::new();
    SCRATCH.get_or_init(|| {
        let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let scratch =
            std::env::temp_dir().join(format!("kharita-fuzz-load-{}", std::process::id()));
        for folder in ["seeds", "assets/atlas"] {
            std::fs::create_dir_all(scratch.join(folder)).unwrap();
            for entry in std::fs::read_dir(root.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                if path.is_file() {
                    std::fs::copy(&path, scratch.join(folder).join(path.file_name().unwrap()))
                        .unwrap();
                }
            }
        }
        scratch
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, contents)) = data.split_first() else {
        return;
    };
    let root = scratch();
    let file = match which % 4 {
        0 => SITES_FILE.to_owned(),
        1 => ACTORS_FILE.to_owned(),
        2 => format!("{ARTICLE}.toml"),
        _ => format!("{ARTICLE}.txt"),
    };
    let original = std::fs::read(root.join(&file)).unwrap();
    std::fs::write(root.join(&file), contents).unwrap();
    // The file stays replaced while the anchors are checked against the texts; a failed
    // check ends the process, and with it this scratch copy's use.
    match load_with_drafts(root) {
        Ok((atlas, _)) => {
            for claim in atlas.claims() {
                let text = std::fs::read_to_string(root.join(&claim.target.source)).unwrap();
                let chars: Vec<char> = text.chars().collect();
                let (start, end) = claim
                    .target
                    .selector
                    .iter()
                    .find_map(|selector| match *selector {
                        Selector::TextPositionSelector { start, end } => Some((start, end)),
                        Selector::TextQuoteSelector { .. } => None,
                    })
                    .unwrap();
                let sliced: String = chars[start..end].iter().collect();
                assert_eq!(sliced, claim.target.exact());
            }
        }
        Err(Error::Invalid(problems)) => {
            for problem in &problems.0 {
                assert!(!problem.file.is_empty() && !problem.message.is_empty());
            }
        }
        Err(_) => {}
    }
    std::fs::write(root.join(&file), original).unwrap();
});
