//! Finding mentions, property-tested: folding is idempotent, every span the finder reports
//! slices the text to what it printed, and tashkeel or tatweel added to a text change nothing
//! it finds. Texts are made of the atlas's own site names (with clitics), filler words in both
//! languages, installation-shaped phrases and punctuation.

use std::path::Path;
use std::sync::OnceLock;

use kharita_author::fold::fold;
use kharita_author::{Finder, Gazetteer, Match, Mention};
use kharita_core::Atlas;
use proptest::prelude::*;

fn repository() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| kharita_core::load::load(repository()).expect("the committed atlas loads"))
}

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| Gazetteer::read(repository()).expect("the committed gazetteer reads"))
}

fn finder() -> &'static Finder<'static> {
    static FINDER: OnceLock<Finder<'static>> = OnceLock::new();
    FINDER.get_or_init(|| Finder::new(atlas().sites(), Some(gazetteer())))
}

/// A piece of a generated text.
fn piece() -> impl Strategy<Value = String> {
    let site_names: Vec<String> = atlas()
        .sites()
        .iter()
        .flat_map(|site| site.names_ar.iter().cloned().chain([site.name_en.clone()]))
        .collect();
    let with_clitic = (
        prop::sample::select(vec!["", "و", "ب", "ل", "ف", "وب", "ول"]),
        prop::sample::select(site_names),
    )
        .prop_map(|(clitic, name)| format!("{clitic}{name}"));
    let filler = prop::sample::select(vec![
        "قال",
        "المصدر",
        "إن",
        "القاعدة",
        "في",
        "قاعدة",
        "مطار",
        "ميناء",
        "الجوية",
        "القرضابية",
        "معيتيقة",
        "الوطية",
        "Russian",
        "the",
        "base",
        "air",
        "Air Base",
        "airport",
        "at",
        "al-",
        "Gardabya",
        "said",
        "2024",
    ])
    .prop_map(str::to_owned);
    let between = prop::sample::select(vec![
        " ", " ", "، ", ". ", "\n", " - ", "  ", "\u{a0}", ": ",
    ])
    .prop_map(str::to_owned);
    prop_oneof![3 => with_clitic, 4 => filler, 3 => between]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..30).prop_map(|pieces| pieces.concat())
}

/// Any string with Arabic letters, marks, tatweel, Latin letters with diacritics and spaces.
fn mixed_text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        prop::char::range('\u{0621}', '\u{064A}'),
        prop::char::range('\u{064B}', '\u{0652}'),
        Just('\u{0640}'),
        Just('ٱ'),
        Just('ی'),
        Just('ک'),
        prop::char::range('A', 'z'),
        prop::char::range('\u{C0}', '\u{17F}'),
        Just(' '),
        Just('\u{200f}'),
        any::<char>(),
    ];
    prop::collection::vec(c, 0..40).prop_map(|chars| chars.into_iter().collect())
}

/// What a finding is, apart from how the text happens to be written: its site (or the
/// candidate's folded name) and whether clitics or a transliteration were needed.
fn essence(mentions: &[Mention]) -> Vec<(Option<String>, Option<String>, Match)> {
    mentions
        .iter()
        .map(|m| {
            let how = if m.how == Match::Exact {
                Match::Normalised
            } else {
                m.how
            };
            (m.site.clone(), m.name.as_deref().map(fold), how)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn folding_is_idempotent(text in mixed_text()) {
        let once = fold(&text);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn every_span_slices_the_text_to_what_it_printed(text in text()) {
        let chars: Vec<char> = text.chars().collect();
        for mention in finder().find(&text) {
            let slice: String = chars[mention.start..mention.end].iter().collect();
            prop_assert_eq!(&slice, &mention.text);
            prop_assert_eq!(&text[mention.bytes.clone()], mention.text.as_str());
            let before: String = chars[..mention.start].iter().collect();
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
            prop_assert_eq!((mention.line, mention.column), (line, column));
            prop_assert_ne!(fold(&mention.text), "القاعده", "the generic word is never a mention");
        }
    }

    #[test]
    fn tashkeel_and_tatweel_change_nothing_found(
        text in text(),
        marks in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec!['\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}', '\u{064B}', '\u{0640}'])), 0..12),
    ) {
        let mut chars: Vec<char> = text.chars().collect();
        for (at, mark) in marks {
            let letters: Vec<usize> = chars
                .iter()
                .enumerate()
                .filter(|(_, c)| ('\u{0621}'..='\u{064A}').contains(c))
                .map(|(i, _)| i)
                .collect();
            if letters.is_empty() {
                break;
            }
            chars.insert(letters[at.index(letters.len())] + 1, mark);
        }
        let marked: String = chars.into_iter().collect();
        prop_assert_eq!(essence(&finder().find(&text)), essence(&finder().find(&marked)), "{:?}", marked);
    }
}
