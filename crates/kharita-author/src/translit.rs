//! Consonant skeletons, to match an Arabic name to the Latin names a gazetteer gives it
//! (القرضابية ↔ Gardabya, معيتيقة ↔ Mitiga) and Latin spellings to each other (Misratah ↔ Misrata).
//!
//! Transliteration is lossy and inconsistent about vowels, so a skeleton keeps only consonants,
//! in classes that Arabic-to-Latin spellings do not tell apart: ق ك غ and q k g gh c are one
//! class (Libyan usage writes ق as g), س ص ش and s sh ch another, ت ط ث and t th, د ض ذ and d dh.
//! و and ي (w, y) count only at the start of a word, where they are consonants; a final ه or h
//! (ة, -ah) is dropped, and so is ع (Ma'aten, Maaten). Doubled letters count once.

/// A folded Arabic word without its article (ال), unless that would leave less than two letters.
pub fn without_article(word: &str) -> &str {
    word.strip_prefix("ال")
        .filter(|rest| rest.chars().count() >= 2)
        .unwrap_or(word)
}

/// The skeleton of one folded Arabic word, without its article (ال).
pub fn arabic_word(word: &str) -> String {
    let word = without_article(word);
    let letters: Vec<char> = word.chars().collect();
    let mut skeleton = String::new();
    for (at, &c) in letters.iter().enumerate() {
        let first = at == 0;
        let last = at + 1 == letters.len();
        let class = match c {
            'ب' | 'پ' => 'b',
            'ت' | 'ط' | 'ث' => 't',
            'ج' => 'j',
            'ح' => 'h',
            'ه' if !last => 'h',
            'خ' => 'x',
            'د' | 'ذ' | 'ض' => 'd',
            'ر' => 'r',
            'ز' | 'ظ' => 'z',
            'س' | 'ش' | 'ص' | 'چ' => 's',
            'ف' | 'ڤ' => 'f',
            'ق' | 'ك' | 'غ' | 'گ' => 'k',
            'ل' => 'l',
            'م' => 'm',
            'ن' => 'n',
            'و' if first => 'w',
            'ي' if first => 'y',
            _ => continue,
        };
        push_class(&mut skeleton, class);
    }
    skeleton
}

/// The skeleton of one folded Latin word.
pub fn latin_word(word: &str) -> String {
    let letters: Vec<char> = word.chars().filter(char::is_ascii_alphabetic).collect();
    let mut skeleton = String::new();
    let mut at = 0;
    while at < letters.len() {
        let c = letters[at];
        let next = letters.get(at + 1).copied();
        let (class, width) = match (c, next) {
            ('k', Some('h')) => (Some('x'), 2),
            ('s' | 'c', Some('h')) => (Some('s'), 2),
            ('t', Some('h')) => (Some('t'), 2),
            ('d', Some('h')) => (Some('d'), 2),
            ('g', Some('h')) => (Some('k'), 2),
            ('d', Some('j')) => (Some('j'), 2),
            ('p', Some('h')) => (Some('f'), 2),
            ('a' | 'e' | 'i' | 'o' | 'u', _) => (None, 1),
            ('w' | 'y', _) if at > 0 => (None, 1),
            ('h', _) if at + 1 == letters.len() && at > 0 => (None, 1),
            ('q' | 'k' | 'g' | 'c', _) => (Some('k'), 1),
            ('p', _) => (Some('b'), 1),
            ('v', _) => (Some('f'), 1),
            ('x', _) => {
                push_class(&mut skeleton, 'k');
                (Some('s'), 1)
            }
            (c, _) => (Some(c), 1),
        };
        if let Some(class) = class {
            push_class(&mut skeleton, class);
        }
        at += width;
    }
    skeleton
}

fn push_class(skeleton: &mut String, class: char) {
    if !skeleton.ends_with(class) {
        skeleton.push(class);
    }
}

/// Edits (insertions, deletions, substitutions) from `a` to `b`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::fold;

    #[test]
    fn arabic_names_and_their_gazetteer_spellings_share_a_skeleton() {
        for (arabic, latin) in [
            ("القرضابية", "Gardabya"),
            ("معيتيقة", "Mitiga"),
            ("الجفرة", "Jufrah"),
            ("طبرق", "Tobruk"),
            ("مصراتة", "Misratah"),
            ("سبها", "Sabha"),
            ("بنغازي", "Benghazi"),
            ("الوطية", "Watiya"),
            ("الخادم", "Khadim"),
            ("الويغ", "Wigh"),
            ("الكفرة", "Kufra"),
            ("هون", "Hūn"),
        ] {
            assert_eq!(
                arabic_word(&fold(arabic)),
                latin_word(&fold(latin)),
                "{arabic} {latin}"
            );
        }
    }

    #[test]
    fn latin_spellings_of_one_name_share_a_skeleton() {
        for (a, b) in [
            ("Misrata", "Misratah"),
            ("Sirte", "Sirt"),
            ("Ma'aten", "Maaten"),
        ] {
            assert_eq!(latin_word(&fold(a)), latin_word(&fold(b)), "{a} {b}");
        }
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("krdb", "krdb"), 0);
        assert_eq!(edit_distance("krdb", "krb"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
