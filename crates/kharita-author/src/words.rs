//! A text as words, each with where it is and its folded form: names are matched word by word.

use crate::fold::fold_char;

/// A word of a text: a run of letters and digits, with the marks and tatweel written inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Where it is in the text, in code points: `start..end`.
    pub start: usize,
    pub end: usize,
    /// Where it is in the text, in bytes.
    pub bytes: std::ops::Range<usize>,
    /// The word folded ([`crate::fold`]); never empty.
    pub folded: String,
}

impl Word {
    /// Whether the word is in Arabic letters.
    pub fn is_arabic(&self) -> bool {
        self.folded.chars().next().is_some_and(is_arabic_letter)
    }
}

/// Whether `c` is a letter of the Arabic alphabet (and its Persian additions).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}')
}

/// Whether `c` belongs inside a word: a letter or digit, or something folding drops (tashkeel,
/// tatweel, invisible marks, transliteration apostrophes) where it is written between letters.
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_whitespace() && fold_char(c).is_none()) || is_mark(c)
}

/// Arabic tashkeel and other combining marks.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// The words of `text`, in order. A run of word characters that folds to nothing (a lone
/// tatweel) is no word.
pub fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current: Option<Word> = None;
    for (position, (offset, c)) in text.char_indices().enumerate() {
        if in_word(c) {
            let word = current.get_or_insert_with(|| Word {
                start: position,
                end: position,
                bytes: offset..offset,
                folded: String::new(),
            });
            word.end = position + 1;
            word.bytes.end = offset + c.len_utf8();
            word.folded.extend(fold_char(c));
        } else if let Some(word) = current.take() {
            words.extend((!word.folded.is_empty()).then_some(word));
        }
    }
    if let Some(word) = current.take() {
        words.extend((!word.folded.is_empty()).then_some(word));
    }
    words
}

/// Whether what is written between two words (`between`) lets them be read as one name: only
/// spaces (any kind, with invisible marks), or a hyphen in Latin names (al-Jufra).
pub fn joins(between: &str) -> bool {
    let mut hyphens = 0;
    for c in between.chars() {
        match fold_char(c) {
            None | Some(' ') => {}
            Some('-') => hyphens += 1,
            Some(_) => return false,
        }
    }
    hyphens <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_their_marks_and_fold() {
        let text = "قاعدةُ  الجـفرة، al-Jufrah ـ";
        let all = words(text);
        let found: Vec<(usize, usize, &str)> = all
            .iter()
            .map(|w| (w.start, w.end, w.folded.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (0, 6, "قاعده"),
                (8, 15, "الجفره"),
                (17, 19, "al"),
                (20, 26, "jufrah")
            ]
        );
        assert!(joins(" \u{a0}"));
        assert!(joins("-"));
        assert!(!joins("، "));
    }
}
