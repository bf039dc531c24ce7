//! Finding mentions: in any text, with the seed atlas's sites and the gazetteer, every mention's
//! code points and bytes slice to what it says was written, in order, without a panic.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use kharita_author::gazetteer::Gazetteer;
use kharita_author::mentions::Finder;
use kharita_core::Atlas;
use libfuzzer_sys::fuzz_target;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn finder() -> &'static Finder<'static> {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    static FINDER: OnceLock<Finder<'static>> = OnceLock::new();
    FINDER.get_or_init(|| {
        let atlas = ATLAS.get_or_init(|| kharita_core::load::load(root()).expect("the seed atlas"));
        let gazetteer =
            GAZETTEER.get_or_init(|| Gazetteer::read(root()).expect("assets/gazetteer.tsv"));
        Finder::new(atlas.sites(), Some(gazetteer))
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let chars: Vec<char> = text.chars().collect();
    let mut last_start = 0;
    for mention in finder().find(&text) {
        assert!(mention.start < mention.end && mention.end <= chars.len());
        let written: String = chars[mention.start..mention.end].iter().collect();
        assert_eq!(written, mention.text);
        assert_eq!(text[mention.bytes.clone()], mention.text);
        assert!(
            mention.start >= last_start,
            "mentions come in the order they are written"
        );
        last_start = mention.start;
        assert!(mention.line >= 1 && mention.column >= 1);
    }
});
