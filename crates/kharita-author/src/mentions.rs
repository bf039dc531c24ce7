//! Finding the sites an article mentions, in Arabic or English, and the places shaped like an
//! installation that no site matches (candidates, with gazetteer suggestions).
//!
//! Names are matched word by word on folded words ([`crate::fold`]), all names at once: from each
//! word of the text (with the clitics Arabic attaches to it removed), the runs of one, two, …
//! words up to the longest name are looked up among every name; one pass over the text, whatever
//! the number of names or how many of them share a first word.

use std::collections::HashMap;

use kharita_core::Site;
use serde::Serialize;

use crate::gazetteer::{self, Gazetteer, Kind, Suggestion};
use crate::words::{Word, joins, words};

/// How a mention matched its site's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Match {
    /// Written as the atlas spells the name.
    Exact,
    /// The same name once folded (tashkeel, alef forms, ة/ه, case, diacritics).
    Normalised,
    /// The name with a clitic attached (بطبرق, والجفرة, للجفرة).
    Clitic,
    /// A Latin spelling of the name (Al Jufrah, al-Jufra, Jufra).
    Transliterated,
    /// Shaped like an installation (قاعدة …, … air base) but no site's name: a candidate.
    Candidate,
}

impl Match {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Normalised => "normalised",
            Self::Clitic => "clitic",
            Self::Transliterated => "transliterated",
            Self::Candidate => "candidate",
        }
    }
}

/// A mention of a site, or a candidate, in one text. `start..end` are code points, so that the
/// text's code points `start..end` are `text`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention {
    /// The site's id; `None` for a candidate.
    pub site: Option<String>,
    /// Exactly as written in the text.
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// 1-based line and column (in code points) of `start`.
    pub line: usize,
    pub column: usize,
    #[serde(rename = "match")]
    pub how: Match,
    /// For a candidate: where it may be, from the gazetteer, best first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestions: Option<Vec<Suggestion>>,
    /// For a candidate: its name without the word that says what it is (الوطية in قاعدة الوطية).
    #[serde(skip)]
    pub name: Option<String>,
    /// Byte range of `text` in the article.
    #[serde(skip)]
    pub bytes: std::ops::Range<usize>,
}

/// One way to write a site's name, as folded words.
#[derive(Debug)]
struct Pattern {
    site: usize,
    words: Vec<String>,
    /// As the atlas writes it, to tell exact matches.
    written: String,
}

/// Words that say what kind of place something is, folded: never a site's name on their own
/// (القاعدة alone is "the base"), and the start of a candidate when they are followed by a name.
const GENERIC_ARABIC: &[&str] = &[
    "قاعده",
    "القاعده",
    "مطار",
    "المطار",
    "ميناء",
    "الميناء",
    "معسكر",
    "المعسكر",
    "ثكنه",
    "الثكنه",
    "قواعد",
    "القواعد",
    "الجويه",
    "البحريه",
    "العسكريه",
    "جويه",
    "بحريه",
    "عسكريه",
];
/// The words that start a candidate: an installation's kind, in the construct state (قاعدة X).
const TRIGGERS: &[(&str, Kind)] = &[
    ("قاعده", Kind::Airfield),
    ("مطار", Kind::Airfield),
    ("ميناء", Kind::Town),
    ("معسكر", Kind::Town),
    ("ثكنه", Kind::Town),
];
/// Words after which a candidate's name has ended: adjectives of kind or nationality, and
/// function words.
const NAME_ENDS: &[&str] = &[
    "الجويه",
    "البحريه",
    "العسكريه",
    "الجوي",
    "البحري",
    "العسكري",
    "جويه",
    "بحريه",
    "عسكريه",
    "الروسيه",
    "الامريكيه",
    "الاميركيه",
    "الليبيه",
    "التركيه",
    "الفرنسيه",
    "الجديده",
    "الرئيسيه",
    "الكبري",
    "الاخري",
    "روسيه",
    "امريكيه",
    "ليبيه",
    "تركيه",
    "في",
    "من",
    "الي",
    "علي",
    "عن",
    "مع",
    "التي",
    "الذي",
    "هذه",
    "هذا",
    "تلك",
    "ذلك",
    "او",
    "ثم",
    "قد",
    "لم",
    "لن",
    "كان",
    "كانت",
    "بعد",
    "قبل",
    "منذ",
    "حيث",
    "عند",
    "بين",
    "نحو",
    "قرب",
    "جنوب",
    "شمال",
    "شرق",
    "غرب",
    "وسط",
];
/// The adjectives kept in a candidate's text after its name (قاعدة القرضابية الجوية).
const KIND_ADJECTIVES: &[&str] = &["الجويه", "البحريه", "العسكريه"];

/// Whether a folded Arabic word only says what kind of place something is.
pub fn is_generic_arabic(folded: &str) -> bool {
    GENERIC_ARABIC.contains(&folded)
}

/// The forms a folded Arabic word may have without the clitics written onto it: itself first,
/// then without و or ف (and), then without ب ل ك (in, for, like), then لل read as ل + ال.
/// Each form comes with whether clitics were removed. A form keeps at least two letters.
fn stems(word: &str) -> Vec<(String, bool)> {
    let mut forms = vec![(word.to_owned(), false)];
    let long_enough = |rest: &str| rest.chars().count() >= 2;
    for conjunction in ["", "و", "ف"] {
        let Some(rest) = word.strip_prefix(conjunction) else {
            continue;
        };
        for preposition in ["", "ب", "ل", "ك"] {
            let Some(stem) = rest.strip_prefix(preposition) else {
                continue;
            };
            if conjunction.is_empty() && preposition.is_empty() {
                continue;
            }
            if long_enough(stem) {
                forms.push((stem.to_owned(), true));
            }
            // للجفرة: ل + الجفرة, the article's alef unwritten.
            if preposition == "ل"
                && let Some(after) = stem.strip_prefix('ل')
                && long_enough(after)
            {
                forms.push((format!("ال{after}"), true));
            }
        }
    }
    forms
}

/// The Latin forms of a site's English name: without what its brackets add, and without the
/// words saying what kind of place it is (Al Jufra Air Base → Al Jufra).
fn latin_names(name_en: &str) -> Vec<String> {
    let plain = name_en.split('(').next().unwrap_or(name_en).trim();
    let mut names = vec![plain.to_owned()];
    let found = words(plain);
    let kept: Vec<&Word> = found
        .iter()
        .rev()
        .skip_while(|w| gazetteer::is_kind_word(&w.folded))
        .collect();
    if kept.len() < found.len()
        && let (Some(first), Some(last)) = (kept.last(), kept.first())
    {
        names.push(plain[first.bytes.start..last.bytes.end].to_owned());
    }
    names
}

/// Finds mentions of the sites (and, with a gazetteer, candidates) in texts.
#[derive(Debug)]
pub struct Finder<'a> {
    sites: Vec<String>,
    patterns: Vec<Pattern>,
    /// The patterns by their words joined with spaces: Arabic ones folded, Latin ones as
    /// [`latin_variant`]s, with whether they are Latin.
    by_words: HashMap<(bool, String), Vec<usize>>,
    /// The most words a name has.
    longest: usize,
    gazetteer: Option<&'a Gazetteer>,
}

impl<'a> Finder<'a> {
    /// A finder of every Arabic and English name of `sites`; `gazetteer` suggests places for
    /// candidates.
    pub fn new<'s>(
        sites: impl IntoIterator<Item = &'s Site>,
        gazetteer: Option<&'a Gazetteer>,
    ) -> Self {
        let mut finder = Self {
            sites: Vec::new(),
            patterns: Vec::new(),
            by_words: HashMap::new(),
            longest: 0,
            gazetteer,
        };
        for site in sites {
            let at = finder.sites.len();
            finder.sites.push(site.id.as_str().to_owned());
            for name in &site.names_ar {
                finder.add(at, name, false);
            }
            for name in latin_names(&site.name_en) {
                finder.add(at, &name, true);
            }
        }
        finder
    }

    fn add(&mut self, site: usize, name: &str, latin: bool) {
        let mut folded: Vec<String> = words(name).into_iter().map(|w| w.folded).collect();
        if latin {
            // The article is optional (Al Jufra, Jufra); the pattern starts after it.
            while folded.len() > 1 && gazetteer::is_article(&folded[0]) {
                folded.remove(0);
            }
        }
        if folded.is_empty() || folded.iter().all(|w| is_generic_arabic(w)) {
            return;
        }
        let at = self.patterns.len();
        let key: Vec<String> = if latin {
            folded.iter().map(|w| latin_variant(w)).collect()
        } else {
            folded.clone()
        };
        self.by_words
            .entry((latin, key.join(" ")))
            .or_default()
            .push(at);
        self.longest = self.longest.max(folded.len());
        self.patterns.push(Pattern {
            site,
            words: folded,
            written: name.to_owned(),
        });
    }

    /// Every mention of a site in `text`, and every candidate, in the order they are written.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let words = words(text);
        let lines = LineIndex::new(text);
        let mut found = Vec::new();
        let mut at = 0;
        while at < words.len() {
            if let Some((pattern, first, how)) = self.longest_at(text, &words, at) {
                let end = first + pattern.words.len() - 1;
                let last = end.max(at);
                found.push(mention(
                    text,
                    &lines,
                    &words[at..=last],
                    Some(self.sites[pattern.site].clone()),
                    how,
                ));
                at = last + 1;
            } else {
                at += 1;
            }
        }
        if let Some(gazetteer) = self.gazetteer {
            let candidates = candidates(text, &words, &found, &lines, gazetteer);
            found.extend(candidates);
            found.sort_by_key(|m| m.start);
        }
        found
    }

    /// The longest name that starts at word `at` (after an optional Latin article), with the word
    /// its pattern starts at and how it matched.
    fn longest_at(
        &self,
        text: &str,
        words: &[Word],
        at: usize,
    ) -> Option<(&Pattern, usize, Match)> {
        let word = &words[at];
        // Where a name may start: (its first word's form, Latin, clitics removed, the word).
        let mut starts: Vec<(String, bool, bool, usize)> = if word.is_arabic() {
            stems(&word.folded)
                .into_iter()
                .map(|(stem, clitic)| (stem, false, clitic, at))
                .collect()
        } else {
            vec![(latin_variant(&word.folded), true, false, at)]
        };
        // A Latin article before the name: al-Jufra, Al Jufrah, ash-Shati.
        if let Some(next) = words.get(at + 1)
            && latin_article_before(text, word, next)
        {
            starts.push((latin_variant(&next.folded), true, false, at + 1));
        }
        let mut best: Option<(&Pattern, usize, Match)> = None;
        for (mut key, latin, clitic, first) in starts {
            for end_word in first..(first + self.longest).min(words.len()) {
                if end_word > first {
                    let (previous, next) = (&words[end_word - 1], &words[end_word]);
                    if !joins(&text[previous.bytes.end..next.bytes.start]) {
                        break;
                    }
                    key.push(' ');
                    key.push_str(&if latin {
                        latin_variant(&next.folded)
                    } else {
                        next.folded.clone()
                    });
                }
                let Some(found) = self.by_words.get(&(latin, key.clone())) else {
                    continue;
                };
                let pattern = &self.patterns[found[0]];
                let written = &text[words[at].bytes.start..words[end_word].bytes.end];
                let how = if written == pattern.written {
                    Match::Exact
                } else if clitic {
                    Match::Clitic
                } else if latin && (first > at || !folded_equal(written, &pattern.written)) {
                    Match::Transliterated
                } else {
                    Match::Normalised
                };
                let better = best.as_ref().is_none_or(|(b, b_first, b_how)| {
                    (b_first + b.words.len(), std::cmp::Reverse(*b_how))
                        < (end_word + 1, std::cmp::Reverse(how))
                });
                if better {
                    best = Some((pattern, first, how));
                }
            }
        }
        best
    }
}

/// Whether `word` is a Latin article written before `next`: al or el (any case) before a space
/// or hyphen, or the other forms (ash, as, at…, which are also English words) before a hyphen.
fn latin_article_before(text: &str, word: &Word, next: &Word) -> bool {
    let between = &text[word.bytes.end..next.bytes.start];
    let hyphen = between.contains('-');
    gazetteer::is_article(&word.folded)
        && joins(between)
        && (hyphen || matches!(word.folded.as_str(), "al" | "el"))
}

/// A Latin word without the variation transliterations show: a final h after a vowel (Jufrah),
/// doubled letters (Watiyya), ou for u.
fn latin_variant(word: &str) -> String {
    let word = word.replace("ou", "u");
    let word = match word.strip_suffix('h') {
        Some(rest) if rest.ends_with(['a', 'e', 'i', 'o', 'u']) => rest.to_owned(),
        _ => word,
    };
    let mut variant = String::with_capacity(word.len());
    for c in word.chars() {
        if !variant.ends_with(c) {
            variant.push(c);
        }
    }
    variant
}

fn folded_equal(a: &str, b: &str) -> bool {
    let fold = |s: &str| words(s).into_iter().map(|w| w.folded).collect::<Vec<_>>();
    fold(a) == fold(b)
}

/// Where each line starts, to turn byte offsets into lines and columns.
struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self { text, starts }
    }

    /// 1-based line and column (in code points) of byte `offset`.
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset);
        let column = self.text[self.starts[line - 1]..offset].chars().count() + 1;
        (line, column)
    }
}

/// A mention spanning `span` (consecutive words).
fn mention(
    text: &str,
    lines: &LineIndex<'_>,
    span: &[Word],
    site: Option<String>,
    how: Match,
) -> Mention {
    let (first, last) = (&span[0], &span[span.len() - 1]);
    let (line, column) = lines.line_column(first.bytes.start);
    Mention {
        site,
        text: text[first.bytes.start..last.bytes.end].to_owned(),
        start: first.start,
        end: last.end,
        line,
        column,
        how,
        suggestions: None,
        name: None,
        bytes: first.bytes.start..last.bytes.end,
    }
}

/// Phrases shaped like an installation that no mention covers: an Arabic kind word in the
/// construct state and the name after it (قاعدة الوطية, بمطار معيتيقة), or capitalised Latin
/// words before "air base", "airport", "naval base" or "airfield".
fn candidates(
    text: &str,
    words: &[Word],
    mentions: &[Mention],
    lines: &LineIndex<'_>,
    gazetteer: &Gazetteer,
) -> Vec<Mention> {
    let covered = |word: &Word| {
        mentions
            .iter()
            .any(|m| m.bytes.start < word.bytes.end && word.bytes.start < m.bytes.end)
    };
    let joined = |a: &Word, b: &Word| joins(&text[a.bytes.end..b.bytes.start]);
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let word = &words[at];
        let trigger = word.is_arabic().then(|| {
            stems(&word.folded).into_iter().find_map(|(stem, _)| {
                TRIGGERS
                    .iter()
                    .find(|(t, _)| *t == stem)
                    .map(|(_, kind)| *kind)
            })
        });
        if let Some(Some(kind)) = trigger
            && !covered(word)
        {
            let mut end = at;
            while end + 1 < words.len()
                && end - at < 3
                && joined(&words[end], &words[end + 1])
                && words[end + 1].is_arabic()
                && !NAME_ENDS.contains(&words[end + 1].folded.as_str())
                && !is_generic_arabic(&words[end + 1].folded)
                && !covered(&words[end + 1])
            {
                end += 1;
            }
            if end > at {
                let name = text[words[at + 1].bytes.start..words[end].bytes.end].to_owned();
                let mut last = end;
                if let Some(next) = words.get(end + 1)
                    && joined(&words[end], next)
                    && KIND_ADJECTIVES.contains(&next.folded.as_str())
                {
                    last += 1;
                }
                found.push(candidate(
                    text,
                    lines,
                    &words[at..=last],
                    name,
                    kind,
                    gazetteer,
                ));
                at = last + 1;
                continue;
            }
        }
        if let Some(kind_words) = latin_kind_at(words, at, text) {
            let mut first = at;
            while first > 0 && at - first < 4 {
                let before = &words[first - 1];
                let capital = text[before.bytes.clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                let article = latin_article_before(text, before, &words[first]);
                if !joined(before, &words[first]) || covered(before) || !(capital || article) {
                    break;
                }
                first -= 1;
            }
            // An article alone is no name.
            if first + 1 == at && gazetteer::is_article(&words[first].folded) {
                first = at;
            }
            if first < at {
                let name = text[words[first].bytes.start..words[at - 1].bytes.end].to_owned();
                let last = at + kind_words - 1;
                found.push(candidate(
                    text,
                    lines,
                    &words[first..=last],
                    name,
                    Kind::Airfield,
                    gazetteer,
                ));
                at = last + 1;
                continue;
            }
        }
        at += 1;
    }
    found
}

/// How many words of an English installation kind start at word `at`: "air base", "naval
/// base", "airbase", "airport", "airfield", "air field".
fn latin_kind_at(words: &[Word], at: usize, text: &str) -> Option<usize> {
    let word = words[at].folded.as_str();
    if matches!(word, "airbase" | "airport" | "airfield") {
        return Some(1);
    }
    let next = words.get(at + 1)?;
    let pair = matches!(
        (word, next.folded.as_str()),
        ("air" | "naval", "base") | ("air", "field")
    );
    (pair && joins(&text[words[at].bytes.end..next.bytes.start])).then_some(2)
}

fn candidate(
    text: &str,
    lines: &LineIndex<'_>,
    span: &[Word],
    name: String,
    kind: Kind,
    gazetteer: &Gazetteer,
) -> Mention {
    let mut found = mention(text, lines, span, None, Match::Candidate);
    found.suggestions = Some(gazetteer.suggest(&name, kind, 3));
    found.name = Some(name);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clitics_come_off_the_front_of_a_word() {
        let forms: Vec<String> = stems("والجفره").into_iter().map(|(s, _)| s).collect();
        assert!(forms.contains(&"الجفره".to_owned()), "{forms:?}");
        let forms: Vec<String> = stems("للجفره").into_iter().map(|(s, _)| s).collect();
        assert!(forms.contains(&"الجفره".to_owned()), "{forms:?}");
        let forms: Vec<String> = stems("بطبرق").into_iter().map(|(s, _)| s).collect();
        assert!(forms.contains(&"طبرق".to_owned()), "{forms:?}");
    }

    /// Guards the lookup by whole names: 100,000 synthetic sites all named «موقع N» made every
    /// «موقع» of a text try every name (minutes for 10,000 articles); now each run of words is
    /// looked up once.
    #[test]
    fn names_sharing_a_first_word_are_told_apart_by_their_later_words() {
        let mut finder = Finder {
            sites: (0..1000).map(|n| format!("site-{n}")).collect(),
            patterns: Vec::new(),
            by_words: HashMap::new(),
            longest: 0,
            gazetteer: None,
        };
        for n in 0..1000 {
            finder.add(n, &format!("موقع {n}"), false);
        }
        let found = finder.find("زار موقع 7 ثم موقع 731، لا موقع.");
        let sites: Vec<Option<&str>> = found.iter().map(|m| m.site.as_deref()).collect();
        assert_eq!(sites, [Some("site-7"), Some("site-731")]);
        assert_eq!(found[1].text, "موقع 731");
    }

    #[test]
    fn latin_names_drop_brackets_and_kind_words() {
        assert_eq!(
            latin_names("Al Jufra Air Base"),
            ["Al Jufra Air Base", "Al Jufra"]
        );
        assert_eq!(
            latin_names("Tobruk (port; the naval base Russia is said to seek)"),
            ["Tobruk"]
        );
    }
}
