//! Anchoring a quote in a text: any text, quote, prefix and suffix (separated by NUL in the
//! input) either fail with a reason or give an anchor whose code points slice to its `exact`,
//! which holds the quote once normalised, with its context beside it.
#![no_main]

use kharita_core::anchor::{CONTEXT_CHARS, SearchText};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.splitn(4, '\0');
    let text = parts.next().unwrap_or_default();
    let quote = parts.next().unwrap_or_default();
    let prefix = parts.next();
    let suffix = parts.next();
    let searched = SearchText::new(text);
    let Ok(anchor) = searched.anchor(quote, prefix, suffix) else {
        return;
    };
    let chars: Vec<char> = text.chars().collect();
    assert!(anchor.start < anchor.end && anchor.end <= chars.len());
    let exact: String = chars[anchor.start..anchor.end].iter().collect();
    assert_eq!(exact, anchor.exact);
    assert!(searched.contains(quote));
    assert!(SearchText::new(exact).contains(quote.trim()));
    let before: String = chars[anchor.start.saturating_sub(CONTEXT_CHARS)..anchor.start]
        .iter()
        .collect();
    let after: String = chars[anchor.end..(anchor.end + CONTEXT_CHARS).min(chars.len())]
        .iter()
        .collect();
    assert_eq!(anchor.prefix, before);
    assert_eq!(anchor.suffix, after);
});
