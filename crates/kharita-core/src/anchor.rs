//! Finding an author's quote in a seed text and describing it with W3C Web Annotation selectors.
//!
//! Authors copy quotes from articles by hand, so matching forgives what copying changes without
//! changing meaning: Arabic diacritics (tashkeel) and tatweel, no-break and other spaces, runs of
//! white space, typographic quotes and dashes, and invisible direction marks. The selector always
//! records the text exactly as the seed has it, with positions counted in Unicode code points.

use std::fmt;

/// How many code points of context a `TextQuoteSelector` carries on each side.
pub const CONTEXT_CHARS: usize = 32;

/// Where a quote sits in a text: `start..end` in code points of the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub start: usize,
    pub end: usize,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// Why a quote could not be anchored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnchorError {
    /// The quote is empty once normalised.
    Empty,
    /// No occurrence; `closest` is the passage with the fewest edits, when there is a text at all.
    NotFound { closest: Option<Passage> },
    /// The quote occurs, but never with the given prefix and suffix around it.
    ContextMismatch { starts: Vec<usize> },
    /// Several occurrences remain after prefix and suffix are applied.
    Ambiguous { starts: Vec<usize> },
}

/// A span of the original text, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    pub start: usize,
    pub text: String,
    /// Edits (insertions, deletions, substitutions of normalised characters) from the quote.
    pub edits: usize,
}

impl fmt::Display for AnchorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the quote is empty"),
            Self::NotFound { .. } => f.write_str("the quote is not in the text"),
            Self::ContextMismatch { .. } => {
                f.write_str("the quote is in the text, but not with that prefix/suffix")
            }
            Self::Ambiguous { starts } => {
                write!(f, "the quote occurs {} times in the text", starts.len())
            }
        }
    }
}

/// A text prepared for matching: the original, its normalised form, and where each normalised
/// character came from. Searching runs over the normalised UTF-8 bytes.
#[derive(Debug)]
pub struct SearchText {
    original: String,
    /// The original's length in code points.
    length: usize,
    normal: String,
    origins: Origins,
}

/// Where each character of a normalised text came from in the original, kept as the runs of
/// characters copied unchanged: within a run, a character's byte offset in the original is its
/// offset in the normalised text plus a constant. Most of an article is copied unchanged, so
/// there are a few runs per paragraph rather than an entry per character.
#[derive(Debug, Default)]
struct Origins {
    /// Each run's start: (byte offset in the normalised text, byte offset in the original). A
    /// replaced character is a run of its own: its length may differ.
    runs: Vec<(usize, usize)>,
}

impl Origins {
    /// The byte offset in the original of the character at byte `normal` of the normalised text.
    fn of(&self, normal: usize) -> usize {
        let run = self.runs.partition_point(|&(start, _)| start <= normal) - 1;
        let (start, original) = self.runs[run];
        original + (normal - start)
    }
}

/// What a character becomes when a quote is matched: dropped (tashkeel, tatweel, invisible
/// format characters), or one character (typographic quotes and dashes to ASCII ones, any space
/// to a space). Finding mentions of places folds further from here.
pub fn normalise_char(c: char) -> Option<char> {
    match c {
        // Most characters of a text are kept: Arabic letters and printable ASCII go first.
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => Some(c),
        c if c.is_ascii_graphic() => Some(c),
        // Tashkeel, superscript alef, Quranic marks, tatweel and invisible format characters.
        '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0640}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}' => None,
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2033}' => Some('"'),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Some('\''),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Some('-'),
        c if c.is_whitespace() => Some(' '),
        c => Some(c),
    }
}

/// The length of the character at `offset` if it is one of the common characters that
/// [`normalise`] keeps as they are, told apart by their bytes without decoding them: printable
/// ASCII, a space that does not follow a space, a letter of the Arabic alphabet (U+0621 to U+063A
/// and U+0641 to U+064A, two bytes each). 0 for any other character.
fn common_kept_len(bytes: &[u8], offset: usize, after_space: bool) -> usize {
    match bytes[offset] {
        0x21..=0x7E => 1,
        b' ' if !after_space => 1,
        0xD8 if matches!(bytes.get(offset + 1), Some(0xA1..=0xBA)) => 2,
        0xD9 if matches!(bytes.get(offset + 1), Some(0x81..=0x8A)) => 2,
        _ => 0,
    }
}

/// Normalises `text`, folding white-space runs to one space, and returns with it where each kept
/// character came from.
fn normalise(text: &str) -> (String, Origins) {
    let mut normal = String::with_capacity(text.len());
    let mut origins = Origins::default();
    // Characters kept as they are wait to be copied as one run: from `unchanged` on.
    let mut unchanged = 0;
    let mut after_space = false;
    let bytes = text.as_bytes();
    let mut offset = 0;
    while offset < text.len() {
        let common = common_kept_len(bytes, offset, after_space);
        if common > 0 {
            after_space = bytes[offset] == b' ';
            offset += common;
            continue;
        }
        let c = text[offset..]
            .chars()
            .next()
            .expect("offset is a character boundary");
        let next = offset + c.len_utf8();
        let n = normalise_char(c);
        let folded = n == Some(' ') && after_space;
        if n == Some(c) && !folded {
            after_space = c == ' ';
        } else {
            if unchanged < offset {
                origins.runs.push((normal.len(), unchanged));
                normal.push_str(&text[unchanged..offset]);
            }
            if let Some(n) = n.filter(|_| !folded) {
                origins.runs.push((normal.len(), offset));
                normal.push(n);
                after_space = n == ' ';
            }
            unchanged = next;
        }
        offset = next;
    }
    if unchanged < text.len() {
        origins.runs.push((normal.len(), unchanged));
        normal.push_str(&text[unchanged..]);
    }
    (normal, origins)
}

/// Normalises a quote, prefix or suffix the way texts are normalised, trimming outer spaces.
fn normalise_needle(needle: &str) -> String {
    let (normal, _) = normalise(needle);
    normal.trim_matches(' ').to_owned()
}

/// Every start of `needle` in `haystack`, overlapping ones included, as byte offsets. From each
/// place where nothing is partly matched, `memchr`'s `memmem` jumps to the next whole occurrence;
/// after a match, Knuth–Morris–Pratt carries on through any occurrences that overlap it. The
/// jumps cover disjoint stretches of the text and KMP reads each byte once, so the time stays
/// linear in the text however the quote repeats itself. Needle and haystack are UTF-8, so every
/// match starts on a character boundary.
fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    // fallback[i]: the length of the longest proper prefix of needle[..=i] that is also its suffix.
    let mut fallback = vec![0; needle.len()];
    let mut matched = 0;
    for i in 1..needle.len() {
        while matched > 0 && needle[i] != needle[matched] {
            matched = fallback[matched - 1];
        }
        if needle[i] == needle[matched] {
            matched += 1;
        }
        fallback[i] = matched;
    }
    let overlap = fallback[needle.len() - 1];
    let finder = memchr::memmem::Finder::new(needle);
    let mut found = Vec::new();
    let mut matched = 0;
    let mut i = 0;
    while i < haystack.len() {
        if matched == 0 {
            let Some(at) = finder.find(&haystack[i..]) else {
                break;
            };
            found.push(i + at);
            i += at + needle.len();
            matched = overlap;
            continue;
        }
        let c = haystack[i];
        while matched > 0 && c != needle[matched] {
            matched = fallback[matched - 1];
        }
        if c == needle[matched] {
            matched += 1;
        }
        if matched == needle.len() {
            found.push(i + 1 - matched);
            matched = overlap;
        }
        i += 1;
    }
    found
}

/// Many phrases (every site's Arabic names, say) looked for in many texts, in one pass over each
/// text, with the same normalisation as [`SearchText::contains`].
#[cfg(feature = "authoring")]
#[derive(Debug)]
pub struct PhraseSet {
    matcher: aho_corasick::AhoCorasick,
    /// For each phrase, its pattern in `matcher`; `None` when it is empty once normalised.
    patterns: Vec<Option<usize>>,
}

#[cfg(feature = "authoring")]
impl PhraseSet {
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> Self {
        let mut needles: Vec<String> = Vec::new();
        let patterns = phrases
            .into_iter()
            .map(|phrase| {
                let needle = normalise_needle(phrase);
                (!needle.is_empty()).then(|| {
                    needles.push(needle);
                    needles.len() - 1
                })
            })
            .collect();
        let matcher =
            aho_corasick::AhoCorasick::new(&needles).expect("an automaton of the phrases builds");
        Self { matcher, patterns }
    }

    /// How many phrases it was made of, empty ones included.
    pub fn phrase_count(&self) -> usize {
        self.patterns.len()
    }

    /// For each phrase, in the order given, whether it occurs in at least one of `texts`.
    pub fn found_in<'a>(&self, texts: impl IntoIterator<Item = &'a SearchText>) -> Vec<bool> {
        let mut found = vec![false; self.matcher.patterns_len()];
        for text in texts {
            for hit in self.matcher.find_overlapping_iter(&text.normal) {
                found[hit.pattern().as_usize()] = true;
            }
        }
        self.patterns
            .iter()
            .map(|pattern| pattern.is_some_and(|p| found[p]))
            .collect()
    }
}

impl SearchText {
    pub fn new(text: impl Into<String>) -> Self {
        let original = text.into();
        let (normal, origins) = normalise(&original);
        Self {
            length: original.chars().count(),
            original,
            normal,
            origins,
        }
    }

    /// The original text's length in code points.
    pub fn len(&self) -> usize {
        self.length
    }

    pub fn is_empty(&self) -> bool {
        self.original.is_empty()
    }

    /// 1-based line and column (in code points) of a code point position.
    pub fn line_column(&self, position: usize) -> (usize, usize) {
        let before = self.original.chars().take(position);
        let (mut line, mut column) = (1, 1);
        for c in before {
            if c == '\n' {
                (line, column) = (line + 1, 1);
            } else {
                column += 1;
            }
        }
        (line, column)
    }

    /// Whether a phrase (such as a date as written) occurs at least once.
    pub fn contains(&self, phrase: &str) -> bool {
        let needle = normalise_needle(phrase);
        !needle.is_empty() && !find_all(self.normal.as_bytes(), needle.as_bytes()).is_empty()
    }

    /// Finds `quote` exactly once, using `prefix` and `suffix` (as an author wrote them) to choose
    /// among repeated occurrences.
    pub fn anchor(
        &self,
        quote: &str,
        prefix: Option<&str>,
        suffix: Option<&str>,
    ) -> Result<Anchor, AnchorError> {
        let needle = normalise_needle(quote);
        if needle.is_empty() {
            return Err(AnchorError::Empty);
        }
        let prefix = prefix.map(normalise_needle).filter(|p| !p.is_empty());
        let suffix = suffix.map(normalise_needle).filter(|s| !s.is_empty());
        let anywhere = find_all(self.normal.as_bytes(), needle.as_bytes());
        let found: Vec<usize> = anywhere
            .iter()
            .copied()
            .filter(|&at| self.has_context(at, needle.len(), prefix.as_deref(), suffix.as_deref()))
            .collect();
        let code_points = |starts: &[usize]| {
            starts
                .iter()
                .map(|&at| self.code_point(self.origins.of(at)))
                .collect()
        };
        match found.as_slice() {
            [] if anywhere.is_empty() => Err(AnchorError::NotFound {
                closest: self.closest(&needle),
            }),
            [] => Err(AnchorError::ContextMismatch {
                starts: code_points(&anywhere),
            }),
            &[at] => Ok(self.anchor_at(at, &needle)),
            many => Err(AnchorError::Ambiguous {
                starts: code_points(many),
            }),
        }
    }

    /// Whether the normalised text around a match ends with `prefix` and starts with `suffix`,
    /// ignoring the single space that may separate them from the quote.
    fn has_context(
        &self,
        at: usize,
        len: usize,
        prefix: Option<&str>,
        suffix: Option<&str>,
    ) -> bool {
        let before = &self.normal[..at];
        let after = &self.normal[at + len..];
        let before = before.strip_suffix(' ').unwrap_or(before);
        let after = after.strip_prefix(' ').unwrap_or(after);
        prefix.is_none_or(|p| before.ends_with(p)) && suffix.is_none_or(|s| after.starts_with(s))
    }

    /// The code point position of a byte offset in the original.
    fn code_point(&self, offset: usize) -> usize {
        self.original[..offset].chars().count()
    }

    /// The original's bytes that the normalised characters at bytes `start..end` came from:
    /// from the first one's start to the last one's end.
    fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let last = self.origins.of(start_of_char_before(&self.normal, end));
        (
            self.origins.of(start),
            last + char_len_at(&self.original, last),
        )
    }

    fn anchor_at(&self, at: usize, needle: &str) -> Anchor {
        let (start_byte, end_byte) = self.original_span(at, at + needle.len());
        let prefix_byte = self.original[..start_byte]
            .char_indices()
            .rev()
            .take(CONTEXT_CHARS)
            .last()
            .map_or(start_byte, |(offset, _)| offset);
        let suffix_byte = self.original[end_byte..]
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(self.original.len(), |(offset, _)| end_byte + offset);
        let exact = &self.original[start_byte..end_byte];
        let start = self.code_point(start_byte);
        Anchor {
            start,
            end: start + exact.chars().count(),
            exact: exact.to_owned(),
            prefix: self.original[prefix_byte..start_byte].to_owned(),
            suffix: self.original[end_byte..suffix_byte].to_owned(),
        }
    }

    /// The passage of the text with the fewest edits from `needle` (approximate substring
    /// matching: Sellers' dynamic programme, O(text × quote), run only when a quote is missing).
    fn closest(&self, needle: &str) -> Option<Passage> {
        if self.normal.is_empty() {
            return None;
        }
        let needle: Vec<char> = needle.chars().collect();
        let m = needle.len();
        // Columns over the needle; each cell keeps (edits, byte offset in the normalised text
        // where the match starts).
        let mut previous: Vec<(usize, usize)> = (0..=m).map(|i| (i, 0)).collect();
        let mut best = (usize::MAX, 0, 0);
        for (offset, c) in self.normal.char_indices() {
            let after = offset + c.len_utf8();
            let mut current = vec![(0, after)];
            for i in 1..=m {
                let substitute = (
                    previous[i - 1].0 + usize::from(needle[i - 1] != c),
                    previous[i - 1].1,
                );
                let skip_text = (previous[i].0 + 1, previous[i].1);
                let skip_needle = (current[i - 1].0 + 1, current[i - 1].1);
                current.push(substitute.min(skip_text).min(skip_needle));
            }
            let (edits, start) = current[m];
            if edits < best.0 {
                best = (edits, start, after);
            }
            previous = current;
        }
        // The passage runs from its first character to its last; a match of no characters
        // shows the one character at (or, at the very end, before) its place.
        let (edits, from, to) = best;
        let from = from.min(start_of_char_before(&self.normal, self.normal.len()));
        let to = to.max(from + char_len_at(&self.normal, from));
        let (start_byte, end_byte) = self.original_span(from, to);
        Some(Passage {
            start: self.code_point(start_byte),
            text: self.original[start_byte..end_byte].to_owned(),
            edits,
        })
    }
}

/// The byte offset where the character of `text` that ends at byte `end` starts.
fn start_of_char_before(text: &str, end: usize) -> usize {
    text[..end]
        .chars()
        .next_back()
        .map_or(end, |c| end - c.len_utf8())
}

/// The length in bytes of the character of `text` at byte `offset`; 0 at the end.
fn char_len_at(text: &str, offset: usize) -> usize {
    text[offset..].chars().next().map_or(0, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_point_slice(text: &str, start: usize, end: usize) -> String {
        text.chars().skip(start).take(end - start).collect()
    }

    #[test]
    fn positions_count_code_points_not_bytes() {
        let text = "قال الجيش: قاعدة الجفرة الجوية.";
        let anchor = SearchText::new(text)
            .anchor("قاعدة الجفرة", None, None)
            .unwrap();
        assert_eq!((anchor.start, anchor.end), (11, 23));
        assert_eq!(
            code_point_slice(text, anchor.start, anchor.end),
            "قاعدة الجفرة"
        );
        assert_eq!(anchor.exact, "قاعدة الجفرة");
        assert_eq!(anchor.prefix, "قال الجيش: ");
        assert_eq!(anchor.suffix, " الجوية.");
    }

    #[test]
    fn nbsp_in_text_matches_plain_space_in_quote() {
        let text = "وقال\u{a0}الجيش الأميركي  يوم الأربعاء";
        let anchor = SearchText::new(text)
            .anchor("وقال الجيش الأميركي يوم", None, None)
            .unwrap();
        assert_eq!(anchor.exact, "وقال\u{a0}الجيش الأميركي  يوم");
        assert_eq!(
            code_point_slice(text, anchor.start, anchor.end),
            anchor.exact
        );
    }

    #[test]
    fn tashkeel_is_ignored_on_either_side_and_kept_in_exact() {
        let text = "قاعدة الخادم التي يُرجح أن تستضيف";
        let search = SearchText::new(text);
        let plain = search.anchor("التي يرجح أن", None, None).unwrap();
        assert_eq!(plain.exact, "التي يُرجح أن");
        let voweled = SearchText::new("التي يرجح أن")
            .anchor("يُرَجَّح", None, None)
            .unwrap();
        assert_eq!(voweled.exact, "يرجح");
    }

    #[test]
    fn typographic_quotes_match_straight_ones() {
        let text = "تستضيف “الفيلق الأفريقي” الروسي و«بنتاغون»";
        let search = SearchText::new(text);
        assert_eq!(
            search
                .anchor("\"الفيلق الأفريقي\"", None, None)
                .unwrap()
                .exact,
            "“الفيلق الأفريقي”"
        );
        assert_eq!(
            search.anchor("«بنتاغون»", None, None).unwrap().exact,
            "«بنتاغون»"
        );
    }

    #[test]
    fn repeated_phrase_is_ambiguous_until_context_picks_one() {
        let text = "قاعدة الجفرة في الجنوب. ثم قاعدة الجفرة مرة أخرى.";
        let search = SearchText::new(text);
        assert_eq!(
            search.anchor("قاعدة الجفرة", None, None),
            Err(AnchorError::Ambiguous {
                starts: vec![0, 27]
            })
        );
        let second = search.anchor("قاعدة الجفرة", Some("ثم"), None).unwrap();
        assert_eq!(second.start, 27);
        let first = search
            .anchor("قاعدة الجفرة", None, Some("في الجنوب"))
            .unwrap();
        assert_eq!(first.start, 0);
        assert_eq!(
            search.anchor("قاعدة الجفرة", Some("قبل"), None),
            Err(AnchorError::ContextMismatch {
                starts: vec![0, 27]
            })
        );
    }

    #[test]
    fn missing_quote_reports_the_closest_passage() {
        let text = "وأكد التقرير نقل روسيا رادارات وأنظمة دفاع من سوريا إلى ليبيا";
        let Err(AnchorError::NotFound {
            closest: Some(passage),
        }) = SearchText::new(text).anchor("نقل روسيا رادار وأنظمة دفاع", None, None)
        else {
            panic!("expected a near miss");
        };
        assert_eq!(passage.text, "نقل روسيا رادارات وأنظمة دفاع");
        assert_eq!(passage.edits, 2);
    }

    /// Guards the search: overlapping and self-similar quotes are all found, at byte offsets.
    #[test]
    fn every_occurrence_is_found_overlapping_ones_included() {
        let find = |haystack: &str, needle: &str| find_all(haystack.as_bytes(), needle.as_bytes());
        assert_eq!(find("aaaaa", "aaa"), [0, 1, 2]);
        assert_eq!(find("abababcab", "ababc"), [2]);
        assert_eq!(find("abaabaaba", "aba"), [0, 3, 6]);
        assert_eq!(find("سرت وسرت", "سرت"), [0, 9]);
        assert!(find("ab", "abc").is_empty());
    }

    /// The jumps and the KMP steps of [`find_all`] together find exactly what trying every
    /// position finds, on every text and needle of up to 7 and 4 letters over a two-letter
    /// alphabet (where overlaps abound).
    #[test]
    fn find_all_agrees_with_trying_every_position() {
        let words = |max: usize| {
            (1..=max).flat_map(|len| {
                (0..1_usize << len).map(move |bits| {
                    (0..len)
                        .map(|i| if bits >> i & 1 == 1 { b'b' } else { b'a' })
                        .collect::<Vec<u8>>()
                })
            })
        };
        for haystack in words(7) {
            for needle in words(4) {
                let every: Vec<usize> = (0..haystack.len())
                    .filter(|&at| haystack[at..].starts_with(&needle))
                    .collect();
                assert_eq!(
                    find_all(&haystack, &needle),
                    every,
                    "{haystack:?} {needle:?}"
                );
            }
        }
    }

    #[cfg(feature = "authoring")]
    #[test]
    fn a_phrase_set_finds_what_contains_finds() {
        let texts = [
            SearchText::new("قاعدة الجَفرة الجوية"),
            SearchText::new("ميناء طبرق"),
        ];
        let phrases = ["الجفرة", "طبرق", "سرت", "", "ـ"];
        let found = PhraseSet::new(phrases).found_in(&texts);
        let expected: Vec<bool> = phrases
            .iter()
            .map(|p| texts.iter().any(|t| t.contains(p)))
            .collect();
        assert_eq!(found, expected);
        assert_eq!(found, [true, true, false, false, false]);
    }

    /// The run-length origins give, for every normalised character, the original character it
    /// came from, whatever was dropped, folded or replaced around it.
    #[test]
    fn every_normalised_character_maps_back_to_the_one_it_came_from() {
        let text = "«قاعدةُ» الجفرة  \n\n—الجوية\u{200f} ـ 2020،\u{a0}\u{a0}x ‘y’ end";
        let (normal, origins) = normalise(text);
        for (offset, c) in normal.char_indices() {
            let from = text[origins.of(offset)..].chars().next().unwrap();
            assert_eq!(normalise_char(from), Some(c), "at {offset} of {normal:?}");
        }
        assert!(
            origins.runs.len() < normal.chars().count() / 2,
            "{:?}",
            origins.runs
        );
    }

    /// `normalise` skips common characters by their bytes; for every character there is, the
    /// shortcut must take only characters `normalise_char` keeps as they are, and only a space
    /// that does not follow a space.
    #[test]
    fn the_byte_shortcut_takes_only_characters_kept_as_they_are() {
        let mut taken = 0;
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let mut buffer = [0; 4];
            let bytes = c.encode_utf8(&mut buffer).as_bytes();
            for after_space in [false, true] {
                let common = common_kept_len(bytes, 0, after_space);
                if common > 0 {
                    assert_eq!(common, bytes.len(), "{c:?}");
                    assert_eq!(normalise_char(c), Some(c), "{c:?}");
                    assert!(!(after_space && c == ' '), "a second space is folded");
                    taken += 1;
                }
            }
        }
        // Printable ASCII and the Arabic letters, after a space or not, and a first space.
        assert_eq!(taken, 2 * (94 + 26 + 10) + 1);
    }

    #[test]
    fn empty_quote_is_rejected() {
        assert_eq!(
            SearchText::new("نص").anchor(" \u{64e} ", None, None),
            Err(AnchorError::Empty)
        );
    }

    #[test]
    fn line_and_column_are_one_based_code_points() {
        let search = SearchText::new("سطر\nالثاني هنا");
        assert_eq!(search.line_column(0), (1, 1));
        assert_eq!(search.line_column(11), (2, 8));
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        /// Texts of the characters normalising treats differently: Arabic letters, tashkeel,
        /// tatweel, invisible marks, spaces of every kind, typographic quotes and dashes, ASCII.
        fn text() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop_oneof![
                    4 => proptest::sample::select(vec!['ا', 'ب', 'ج', 'ة', 'ى', 'ل', 'م']),
                    1 => proptest::sample::select(vec!['\u{64E}', '\u{651}', '\u{640}', '\u{200D}', '\u{202E}']),
                    2 => proptest::sample::select(vec![' ', ' ', '\n', '\t', '\u{A0}']),
                    1 => proptest::sample::select(vec!['“', '”', '«', '–', '"', '-']),
                    1 => proptest::sample::select(vec!['a', 'B', '7', '.']),
                ],
                0..60,
            )
            .prop_map(|chars| chars.into_iter().collect())
        }

        proptest! {
            #[test]
            fn every_normalised_character_maps_back_to_the_one_it_came_from(text in text()) {
                let (normal, origins) = normalise(&text);
                for (at, kept) in normal.char_indices() {
                    let from = origins.of(at);
                    let original = text[from..].chars().next().unwrap();
                    prop_assert_eq!(normalise_char(original), Some(kept), "{:?} at {}", text, at);
                }
            }

            #[test]
            fn a_quote_with_its_whole_context_anchors_inside_itself(
                text in text(), a in 0_usize..60, b in 0_usize..60,
            ) {
                let chars: Vec<char> = text.chars().collect();
                let (start, end) = (a.min(b).min(chars.len()), a.max(b).min(chars.len()));
                let quote: String = chars[start..end].iter().collect();
                let prefix: String = chars[..start].iter().collect();
                let suffix: String = chars[end..].iter().collect();
                let searched = SearchText::new(text.clone());
                match searched.anchor(&quote, Some(&prefix), Some(&suffix)) {
                    Ok(anchor) => {
                        let exact: String = chars[anchor.start..anchor.end].iter().collect();
                        prop_assert_eq!(&exact, &anchor.exact);
                        prop_assert!(start <= anchor.start && anchor.end <= end);
                        prop_assert_eq!(normalise_needle(&exact), normalise_needle(&quote));
                    }
                    Err(AnchorError::Empty) => prop_assert!(normalise_needle(&quote).is_empty()),
                    Err(other) => prop_assert!(false, "{:?}: {:?}", quote, other),
                }
            }
        }
    }
}
