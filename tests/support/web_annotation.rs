//! The MUST requirements of the W3C Web Annotation Data Model (Recommendation, 23 February 2017,
//! <https://www.w3.org/TR/annotation-model/>) that apply to one annotation as Kharita writes it,
//! each written from the specification's text with its section number. Shared by test crates
//! through `#[path]`.
//!
//! Outside the repository, the same annotations are checked with the W3C's own suite
//! (`w3c/web-annotation-tests`, `annotations/annotationMusts.test`): see BENCHMARKS.md.

use serde_json::Value;

/// Every MUST the annotation breaks, each with its section; empty when it meets them all.
pub(crate) fn broken_musts(annotation: &Value) -> Vec<String> {
    let mut broken = Vec::new();
    let mut must = |holds: bool, section: &str, requirement: &str| {
        if !holds {
            broken.push(format!("§{section}: {requirement}"));
        }
    };
    let context = &annotation["@context"];
    must(
        context == "http://www.w3.org/ns/anno.jsonld"
            || context.as_array().is_some_and(|values| {
                values.len() > 1
                    && values
                        .iter()
                        .any(|v| v == "http://www.w3.org/ns/anno.jsonld")
            }),
        "3.1",
        "1 or more @context values, http://www.w3.org/ns/anno.jsonld one of them, a string if alone",
    );
    must(
        annotation["id"].as_str().is_some_and(is_absolute_iri),
        "3.1",
        "exactly 1 IRI that identifies the annotation",
    );
    must(
        one_or_more(&annotation["type"])
            .iter()
            .any(|t| *t == "Annotation"),
        "3.1",
        "1 or more types, the Annotation class one of them",
    );
    let targets = one_or_more(&annotation["target"]);
    must(!targets.is_empty(), "3.1", "1 or more targets");
    must(
        annotation.get("body").is_none() || annotation.get("bodyValue").is_none(),
        "3.2.5",
        "no bodyValue when there is a body",
    );
    for body in one_or_more(&annotation["body"]) {
        resource(body, &mut must, "body");
    }
    for target in targets {
        resource(target, &mut must, "target");
    }
    for key in ["created", "modified", "generated"] {
        if let Some(value) = annotation.get(key) {
            must(
                value.as_str().is_some_and(is_xsd_date_time),
                "3.3.1",
                "created, modified and generated in the xsd:dateTime format, at most 1 each",
            );
        }
    }
    for key in ["creator", "generator"] {
        for agent in one_or_more(&annotation[key]) {
            must(
                agent.is_object() || agent.as_str().is_some_and(is_absolute_iri),
                "3.3.2",
                "an agent is an object or the IRI that identifies it",
            );
            if let Some(id) = agent.get("id") {
                must(
                    id.as_str().is_some_and(is_absolute_iri),
                    "3.3.2",
                    "an agent's id is exactly 1 IRI",
                );
            }
        }
    }
    for key in ["rights", "canonical", "via"] {
        for value in one_or_more(&annotation[key]) {
            must(
                value.as_str().is_some_and(is_absolute_iri),
                if key == "rights" { "3.3.6" } else { "3.3.7" },
                "rights, canonical and via are IRIs",
            );
        }
    }
    broken
}

/// A body or target (§3.2): a resource identified by an IRI (§3.2.1), a Textual Body (§3.2.4)
/// or a Specific Resource (§4) with its selectors (§4.2).
fn resource(value: &Value, must: &mut impl FnMut(bool, &str, &str), role: &str) {
    if let Some(iri) = value.as_str() {
        must(
            is_absolute_iri(iri),
            "3.2.1",
            "an external web resource has exactly 1 IRI that identifies it",
        );
        return;
    }
    if let Some(id) = value.get("id") {
        must(
            id.as_str().is_some_and(is_absolute_iri),
            "3.2.1",
            "a body or target's id is exactly 1 IRI",
        );
    }
    if value["type"] == "TextualBody" {
        must(
            value["value"].is_string(),
            "3.2.4",
            "a Textual Body has exactly 1 value, a string",
        );
    }
    if let Some(language) = value.get("language") {
        must(
            language.as_str().is_some_and(is_bcp47_tag),
            "3.2.1",
            "language is a BCP 47 language tag",
        );
    }
    if value.get("source").is_some() || value.get("selector").is_some() {
        must(
            value["source"].as_str().is_some_and(is_absolute_iri),
            "4",
            "a Specific Resource has exactly 1 source, identified by an IRI",
        );
        for selector in one_or_more(&value["selector"]) {
            selector_musts(selector, must);
        }
    } else if value.get("value").is_none() && value.get("id").is_none() {
        must(false, "3.2", &format!("a {role} is identified or embedded"));
    }
}

/// §4.2.4 Text Quote Selector and §4.2.5 Text Position Selector.
fn selector_musts(selector: &Value, must: &mut impl FnMut(bool, &str, &str)) {
    match selector["type"].as_str() {
        Some("TextQuoteSelector") => {
            must(
                selector["exact"].is_string(),
                "4.2.4",
                "a Text Quote Selector has exactly 1 exact",
            );
            for key in ["prefix", "suffix"] {
                if let Some(value) = selector.get(key) {
                    must(
                        value.is_string(),
                        "4.2.4",
                        "prefix and suffix are at most 1 string each",
                    );
                }
            }
        }
        Some("TextPositionSelector") => {
            let (start, end) = (selector["start"].as_u64(), selector["end"].as_u64());
            must(
                start.is_some() && end.is_some(),
                "4.2.5",
                "a Text Position Selector has exactly 1 start and 1 end, non-negative integers",
            );
        }
        _ => must(
            false,
            "4.2",
            "a selector has a type (only Text Quote and Text Position are checked here)",
        ),
    }
}

/// A key's values: none when absent, itself when single, its items when an array.
fn one_or_more(value: &Value) -> Vec<&Value> {
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items.iter().collect(),
        single => vec![single],
    }
}

/// An absolute IRI (RFC 3987): a scheme, `:`, and no space or character an IRI cannot hold.
pub(crate) fn is_absolute_iri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(c))
}

/// `xsd:dateTime`: `YYYY-MM-DDThh:mm:ss`, optional fractional seconds, optional zone.
fn is_xsd_date_time(text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let Some((date, time)) = text.split_once('T') else {
        return false;
    };
    let date: Vec<&str> = date.split('-').collect();
    let time = time
        .strip_suffix('Z')
        .or_else(|| {
            time.get(..time.len().saturating_sub(6)).filter(|_| {
                let zone = &time[time.len().saturating_sub(6)..];
                zone.len() == 6
                    && (zone.starts_with('+') || zone.starts_with('-'))
                    && &zone[3..4] == ":"
            })
        })
        .unwrap_or(time);
    let (time, fraction) = time.split_once('.').unwrap_or((time, "0"));
    let time: Vec<&str> = time.split(':').collect();
    date.len() == 3
        && date[0].len() == 4
        && date[1].len() == 2
        && date[2].len() == 2
        && date.iter().all(|part| digits(part))
        && time.len() == 3
        && time.iter().all(|part| part.len() == 2 && digits(part))
        && digits(fraction)
}

/// A BCP 47 language tag, as far as its shape: subtags of 1 to 8 letters or digits joined by
/// `-`, the first letters only.
fn is_bcp47_tag(text: &str) -> bool {
    let mut subtags = text.split('-');
    subtags.next().is_some_and(|first| {
        (2..=8).contains(&first.len()) && first.chars().all(|c| c.is_ascii_alphabetic())
    }) && subtags
        .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[test]
fn the_checker_catches_what_the_w3c_suite_failed_kharita_for() {
    let good = serde_json::json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://example.org/annotations/a.jsonld",
        "type": "Annotation",
        "created": "2026-11-22T00:00:00Z",
        "body": { "type": "TextualBody", "value": "x", "language": "ar" },
        "target": {
            "source": "https://example.org/seeds/a.txt",
            "selector": [
                { "type": "TextQuoteSelector", "exact": "x" },
                { "type": "TextPositionSelector", "start": 0, "end": 1 },
            ],
        },
    });
    assert_eq!(broken_musts(&good), Vec::<String>::new());
    let mut relative = good.clone();
    relative["target"]["source"] = "seeds/a.txt".into();
    assert_eq!(broken_musts(&relative).len(), 1, "a relative source");
    let mut without_context = good.clone();
    without_context.as_object_mut().unwrap().remove("@context");
    assert_eq!(broken_musts(&without_context).len(), 1, "no @context");
    let mut date_only = good;
    date_only["created"] = "2026-11-22".into();
    assert_eq!(broken_musts(&date_only).len(), 1, "a date for a dateTime");
}
