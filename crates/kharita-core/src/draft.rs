//! A draft claim as the metadata files write it: what `kharita add` drafts for each sentence
//! that mentions a site, and what the reader's "Draft a claim" copies for a selected passage.
//! A draft (`status = "draft"`) is checked as far as it is written and stays off the map until
//! its author finishes it.

use crate::anchor::CONTEXT_CHARS;

/// A `[[claim]]` block with what is known: its id, sites and quote, and the words around the
/// quote when it occurs more than once in its article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftClaim<'a> {
    pub id: &'a str,
    pub sites: &'a [&'a str],
    pub quote: &'a str,
    /// `prefix` and `suffix`, to tell the quote from its other occurrences.
    pub context: Option<(&'a str, &'a str)>,
}

impl DraftClaim<'_> {
    /// The block in TOML, with a line for each field left to write commented out.
    pub fn to_toml(&self) -> String {
        let mut block = String::from("[[claim]]\nid = ");
        block += &toml_string(self.id);
        block += "\nstatus = \"draft\"\nsites = [";
        for (at, site) in self.sites.iter().enumerate() {
            if at > 0 {
                block += ", ";
            }
            block += &toml_string(site);
        }
        block += "]\nquote = ";
        block += &toml_string(self.quote);
        if let Some((prefix, suffix)) = self.context {
            block += "\nprefix = ";
            block += &toml_string(prefix);
            block += "\nsuffix = ";
            block += &toml_string(suffix);
        }
        block += "\n";
        block += TO_WRITE;
        block
    }
}

/// The fields a draft leaves to its author, as a comment.
const TO_WRITE: &str =
    "# to write: claimant, stance, topic, summary_en, summary_ar; then remove status = \"draft\"\n";

/// `text` as a TOML basic string, `"…"`, escaped as TOML requires.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                // Four hex digits, written without the float-capable formatter.
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    let digit = (u32::from(c) >> shift) & 0xF;
                    out.push(
                        char::from_digit(digit, 16)
                            .unwrap_or('0')
                            .to_ascii_uppercase(),
                    );
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The words around the passage at bytes `start..end` of `text`: up to [`CONTEXT_CHARS`] code
/// points on each side, without the spaces next to the passage.
pub fn context(text: &str, start: usize, end: usize) -> (&str, &str) {
    let before = &text[..start];
    let prefix_start = before
        .char_indices()
        .rev()
        .take(CONTEXT_CHARS)
        .last()
        .map_or(start, |(at, _)| at);
    let after = &text[end..];
    let suffix_end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(text.len(), |(at, _)| end + at);
    (
        text[prefix_start..start].trim(),
        text[end..suffix_end].trim(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_escape_what_toml_requires() {
        assert_eq!(
            toml_string("a \"b\" \\ c\n\u{1}\u{7f}"),
            "\"a \\\"b\\\" \\\\ c\\n\\u0001\\u007F\""
        );
    }

    #[test]
    fn a_draft_block_has_the_quote_and_context_only_when_given() {
        let sites = ["tobruk"];
        let mut draft = DraftClaim {
            id: "c005-draft-01",
            sites: &sites,
            quote: "رست السفن بطبرق",
            context: None,
        };
        let block = draft.to_toml();
        assert!(block.starts_with("[[claim]]\nid = \"c005-draft-01\"\nstatus = \"draft\"\nsites = [\"tobruk\"]\nquote = \"رست السفن بطبرق\"\n# to write: claimant"), "{block}");
        draft.context = Some(("قبل", "بعد"));
        assert!(
            draft
                .to_toml()
                .contains("prefix = \"قبل\"\nsuffix = \"بعد\"\n")
        );
    }

    #[test]
    fn context_takes_up_to_32_code_points_each_side() {
        let text = format!("{} XY {}", "ا".repeat(40), "ب".repeat(40));
        let start = text.find("XY").unwrap();
        let (prefix, suffix) = context(&text, start, start + 2);
        assert_eq!(prefix, "ا".repeat(31));
        assert_eq!(suffix, "ب".repeat(31));
    }
}
