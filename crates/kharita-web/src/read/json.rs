//! JSON read in the wasm from its text: one pass checks that the text is JSON and notes where
//! each object and array ends ([`Json::parse`]); reading ([`Node`], a [`Tree`]) then goes
//! straight to the members it asks for, and copies out only the strings it keeps.
//!
//! Why not the browser's `JSON.parse`, which the app used before: the text was decoded into a
//! JavaScript string and parsed into a tree, then walked into the model's types with a call
//! into JavaScript for each member, item and string read. Reading the bytes here instead brought
//! the first paint of the bench's 10,000-site page from 586 to 428 ms (medians of nine loads;
//! Leaflet's page, 492 ms). Why not `serde_json`: its `Value` holds every member name and string
//! as a `String` of its own, several times the text (for 100,000 sites, hundreds of MB of wasm
//! memory, which never shrinks), and its code is more than the first load's budget has room for
//! (see the `read` module).
//!
//! The property tests below hold it to `serde_json`: the same values from any JSON text it
//! writes, a refusal wherever it refuses (but for numbers beyond a double's range), and no panic
//! on any text.

use std::cell::OnceCell;

use super::{Kind, Tree};

/// A JSON text, checked, with where each of its objects and arrays ends.
#[derive(Debug)]
pub(crate) struct Json {
    text: String,
    /// Each object and array, in the order they open: the offsets of its opening and its
    /// closing bracket.
    containers: Vec<[u32; 2]>,
}

/// The document that [`Tree::null`] stands in: an absent value reads as null.
static NOTHING: Json = Json {
    text: String::new(),
    containers: Vec::new(),
};

impl Json {
    /// Checks `text` (RFC 8259; a lone surrogate in a `\u` escape is refused, as `serde_json`
    /// refuses it). What is wrong is said with its line and column.
    pub(crate) fn parse(text: String) -> Result<Self, String> {
        match containers(text.as_bytes()) {
            Ok(containers) => Ok(Self { text, containers }),
            Err((at, problem)) => Err(located(&text, at, problem)),
        }
    }

    /// The document's value.
    pub(crate) fn root(&self) -> Node<'_> {
        self.node(space(self.text.as_bytes(), 0))
    }

    fn node(&self, at: usize) -> Node<'_> {
        Node {
            json: self,
            at,
            members: OnceCell::new(),
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// The offset just after the value at `at`.
    fn value_end(&self, at: usize) -> usize {
        let bytes = self.text.as_bytes();
        match bytes.get(at) {
            Some(b'{' | b'[') => {
                let found = self
                    .containers
                    .binary_search_by_key(&at, |&[open, _]| open as usize);
                found.map_or(bytes.len(), |index| self.containers[index][1] as usize + 1)
            }
            Some(b'"') => string_end(bytes, at).unwrap_or(bytes.len()),
            _ => {
                let mut end = at;
                while bytes.get(end).is_some_and(|b| {
                    !matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                }) {
                    end += 1;
                }
                end
            }
        }
    }

    /// The values of the array or object opening at `at`, each after its name (for an object).
    /// Reads only what [`Json::parse`] checked.
    fn entries(&self, at: usize, object: bool) -> Vec<(&str, usize)> {
        let bytes = self.text.as_bytes();
        let mut entries = Vec::new();
        let mut next = space(bytes, at + 1);
        while !matches!(bytes.get(next), Some(b'}' | b']') | None) {
            let mut name = "";
            if object {
                let end = string_end(bytes, next).unwrap_or(next + 2);
                name = self.text.get(next + 1..end - 1).unwrap_or_default();
                // The colon, then the value.
                next = space(bytes, space(bytes, end) + 1);
            }
            entries.push((name, next));
            next = space(bytes, self.value_end(next));
            if bytes.get(next) == Some(&b',') {
                next = space(bytes, next + 1);
            }
        }
        entries
    }
}

/// A value in a [`Json`] document: a [`Tree`] for the readers.
#[derive(Debug)]
pub(crate) struct Node<'j> {
    json: &'j Json,
    /// The offset of its first byte.
    at: usize,
    /// An object's members, each name as written and where its value starts: found the first
    /// time one is asked for.
    members: OnceCell<Vec<(&'j str, usize)>>,
}

impl Tree for Node<'_> {
    fn null() -> Self {
        NOTHING.node(0)
    }

    fn kind(&self) -> Kind {
        match self.json.byte(self.at) {
            Some(b'{') => Kind::Object,
            Some(b'[') => Kind::Array,
            Some(b'"') => Kind::String,
            Some(b't' | b'f') => Kind::Boolean,
            Some(b'-' | b'0'..=b'9') => Kind::Number,
            _ => Kind::Null,
        }
    }

    fn member(&self, key: &'static str) -> Option<Self> {
        if self.kind() != Kind::Object {
            return None;
        }
        let members = self
            .members
            .get_or_init(|| self.json.entries(self.at, true));
        // The last of a repeated name, as `JSON.parse` and `serde_json`'s `Value` take it.
        let &(_, at) = members
            .iter()
            .rev()
            .find(|(name, _)| *name == key || (escaped(name) && unescape(name) == key))?;
        let value = self.json.node(at);
        (value.kind() != Kind::Null).then_some(value)
    }

    fn items(&self) -> Option<Vec<Self>> {
        (self.kind() == Kind::Array).then(|| {
            let entries = self.json.entries(self.at, false);
            entries
                .into_iter()
                .map(|(_, at)| self.json.node(at))
                .collect()
        })
    }

    fn text(&self) -> Option<String> {
        if self.kind() != Kind::String {
            return None;
        }
        let end = string_end(self.json.text.as_bytes(), self.at).ok()?;
        let raw = self.json.text.get(self.at + 1..end - 1)?;
        Some(if escaped(raw) {
            unescape(raw)
        } else {
            raw.to_owned()
        })
    }

    fn number(&self) -> Option<f64> {
        (self.kind() == Kind::Number)
            .then(|| {
                self.json.text[self.at..self.json.value_end(self.at)]
                    .parse()
                    .ok()
            })
            .flatten()
    }
}

/// What is wrong at a byte offset.
type Problem = (usize, &'static str);

/// Checks `bytes` as one JSON value with space around it, without recursion (a deep nesting is
/// a long list, not a deep stack): where each object and array opens and closes.
fn containers(bytes: &[u8]) -> Result<Vec<[u32; 2]>, Problem> {
    if u32::try_from(bytes.len()).is_err() {
        return Err((0, "a text of 4 GB or more"));
    }
    let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
    let mut containers: Vec<[u32; 2]> = Vec::new();
    // The containers open around the place being read, innermost last, by index.
    let mut open: Vec<usize> = Vec::new();
    let mut at = space(bytes, 0);
    loop {
        // A value starts at `at`; `at` moves past it, or (when it opens an empty array or
        // object) onto its closing bracket.
        match bytes.get(at) {
            Some(&bracket @ (b'{' | b'[')) => {
                containers.push([offset(at), 0]);
                open.push(containers.len() - 1);
                at = space(bytes, at + 1);
                let empty = bytes.get(at) == Some(if bracket == b'{' { &b'}' } else { &b']' });
                if !empty {
                    if bracket == b'{' {
                        at = member_name(bytes, at)?;
                    }
                    continue;
                }
            }
            Some(b'"') => at = string_end(bytes, at)?,
            Some(b't') => at = word(bytes, at, b"true")?,
            Some(b'f') => at = word(bytes, at, b"false")?,
            Some(b'n') => at = word(bytes, at, b"null")?,
            Some(b'-' | b'0'..=b'9') => at = number_end(bytes, at)?,
            _ => return Err((at, "expected a value")),
        }
        // After a value: the brackets it closes, then a comma before the next value.
        loop {
            at = space(bytes, at);
            let Some(&innermost) = open.last() else {
                return if at == bytes.len() {
                    Ok(containers)
                } else {
                    Err((at, "expected the end of the text"))
                };
            };
            let object = bytes[containers[innermost][0] as usize] == b'{';
            match (bytes.get(at), object) {
                (Some(b','), _) => {
                    at = space(bytes, at + 1);
                    if object {
                        at = member_name(bytes, at)?;
                    }
                    break;
                }
                (Some(b'}'), true) | (Some(b']'), false) => {
                    containers[innermost][1] = offset(at);
                    open.pop();
                    at += 1;
                }
                (_, true) => return Err((at, "expected `,` or `}`")),
                (_, false) => return Err((at, "expected `,` or `]`")),
            }
        }
    }
}

/// Skips a member's name and its colon: where its value starts.
fn member_name(bytes: &[u8], at: usize) -> Result<usize, Problem> {
    if bytes.get(at) != Some(&b'"') {
        return Err((at, "expected a member name in double quotes"));
    }
    let at = space(bytes, string_end(bytes, at)?);
    if bytes.get(at) != Some(&b':') {
        return Err((at, "expected `:`"));
    }
    Ok(space(bytes, at + 1))
}

fn space(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        at += 1;
    }
    at
}

fn word(bytes: &[u8], at: usize, word: &[u8]) -> Result<usize, Problem> {
    if bytes[at..].starts_with(word) {
        Ok(at + word.len())
    } else {
        Err((at, "expected a value"))
    }
}

fn number_end(bytes: &[u8], at: usize) -> Result<usize, Problem> {
    let digits = |start: usize| {
        let mut end = start;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        if end == start {
            Err((start, "expected a digit"))
        } else {
            Ok(end)
        }
    };
    let mut end = at + usize::from(bytes[at] == b'-');
    // No leading zeros: a zero is a whole part alone.
    end = if bytes.get(end) == Some(&b'0') {
        end + 1
    } else {
        digits(end)?
    };
    if bytes.get(end) == Some(&b'.') {
        end = digits(end + 1)?;
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        end += 1;
        if matches!(bytes.get(end), Some(b'+' | b'-')) {
            end += 1;
        }
        end = digits(end)?;
    }
    Ok(end)
}

/// The offset just after the string opening at `at`, checked: its escapes, and no control
/// characters.
fn string_end(bytes: &[u8], at: usize) -> Result<usize, Problem> {
    let mut next = at + 1;
    loop {
        match bytes.get(next) {
            None => return Err((at, "a string that is not closed")),
            Some(b'"') => return Ok(next + 1),
            Some(b'\\') => {
                next += match bytes.get(next + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => 2,
                    Some(b'u') => match hex_unit(bytes, next) {
                        Some(0xD800..=0xDBFF)
                            if hex_unit(bytes, next + 6)
                                .is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) =>
                        {
                            12
                        }
                        Some(0xD800..=0xDFFF) => {
                            return Err((next, "a lone surrogate in a `\\u` escape"));
                        }
                        Some(_) => 6,
                        None => return Err((next, "a `\\u` escape without four hex digits")),
                    },
                    _ => return Err((next, "an escape JSON does not have")),
                };
            }
            Some(0..0x20) => {
                return Err((next, "a control character in a string (it must be escaped)"));
            }
            Some(_) => next += 1,
        }
    }
}

/// The code unit of the `\uXXXX` escape at `at`.
fn hex_unit(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 6)?.strip_prefix(b"\\u")?;
    digits.iter().try_fold(0, |unit, &digit| {
        Some(unit * 16 + char::from(digit).to_digit(16)?)
    })
}

/// A checked string's text, its escapes undone.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next() {
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let mut unit = hex_digits(&mut chars);
                if (0xD800..0xDC00).contains(&unit) {
                    // Its low half follows, checked: `\uDC00` to `\uDFFF`.
                    chars.nth(1);
                    let low = hex_digits(&mut chars).saturating_sub(0xDC00);
                    unit = 0x10000 + ((unit - 0xD800) << 10) + low;
                }
                char::from_u32(unit).unwrap_or('\u{FFFD}')
            }
            // `"`, `\` and `/` stand for themselves.
            Some(other) => other,
            None => break,
        });
    }
    out
}

/// The code unit of a checked `\u` escape's four hex digits.
fn hex_digits(chars: &mut std::str::Chars<'_>) -> u32 {
    chars
        .by_ref()
        .take(4)
        .fold(0, |unit, digit| unit * 16 + digit.to_digit(16).unwrap_or(0))
}

/// Whether a checked string has escapes to undo.
fn escaped(raw: &str) -> bool {
    raw.bytes().any(|b| b == b'\\')
}

/// `problem` at byte `at` of `text`, said with its line and column (in characters), from 1.
fn located(text: &str, at: usize, problem: &str) -> String {
    let before = &text.as_bytes()[..at.min(text.len())];
    let line = before.split(|&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // Each character's first byte: UTF-8's continuation bytes are 0b10xxxxxx.
    let column = before[line_start..]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1;
    format!("line {line}, column {column}: {problem}")
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use proptest::prelude::*;
    use serde_json::Value;

    use super::*;

    /// What `node` holds, as `serde_json` would hold it (every number a float).
    fn value(node: &Node<'_>) -> Value {
        match node.kind() {
            Kind::Null => Value::Null,
            Kind::Boolean => Value::Bool(node.json.byte(node.at) == Some(b't')),
            Kind::Number => Value::from(node.number().expect("a number")),
            Kind::String => Value::String(node.text().expect("a string")),
            Kind::Array => Value::Array(node.items().expect("items").iter().map(value).collect()),
            Kind::Object => Value::Object(
                node.json
                    .entries(node.at, true)
                    .into_iter()
                    .map(|(name, at)| (unescape(name), value(&node.json.node(at))))
                    .collect(),
            ),
        }
    }

    /// `value` with every number a float, as [`value`] reads them.
    fn floats(value: Value) -> Value {
        match value {
            Value::Number(n) => Value::from(n.as_f64().expect("a finite number")),
            Value::Array(items) => Value::Array(items.into_iter().map(floats).collect()),
            Value::Object(members) => {
                Value::Object(members.into_iter().map(|(k, v)| (k, floats(v))).collect())
            }
            other => other,
        }
    }

    /// `text` with every character beyond ASCII written as `\u` escapes (pairs of them beyond
    /// the Basic Multilingual Plane): the same JSON, for texts whose only such characters are
    /// in strings, as `serde_json` writes them.
    fn ascii(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            if c.is_ascii() {
                out.push(c);
            } else {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    let _ = write!(out, "\\u{unit:04X}");
                }
            }
        }
        out
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<f64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<String>().prop_map(Value::String),
            "[\"\\\\/\u{0}-\u{1f}a-z\u{80}-\u{7ff}\u{10000}-\u{10ffff}]{0,8}"
                .prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(
                    "[a-z\"\\\\\u{1}\u{600}-\u{6ff}]{0,6}",
                    inner,
                    0..6
                )
                .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The oracle: any JSON `serde_json` writes, compact, pretty or with every character
        /// beyond ASCII escaped, reads back as the value it wrote.
        #[test]
        fn json_reads_what_serde_json_writes_as_serde_json_reads_it(tree in any_json()) {
            let compact = serde_json::to_string(&tree).unwrap();
            for text in [ascii(&compact), serde_json::to_string_pretty(&tree).unwrap(), compact] {
                let json = Json::parse(text.clone()).unwrap_or_else(|e| panic!("{e}: {text}"));
                let expected = floats(serde_json::from_str(&text).unwrap());
                prop_assert_eq!(value(&json.root()), expected);
            }
        }

        /// A character taken out, put in or changed: refused where `serde_json` refuses it, the
        /// same value where it does not. (Numbers beyond a double's range are left out:
        /// `serde_json` refuses them, this reader reads them as infinite, as `JSON.parse` does,
        /// and the readers of the model's types refuse them as numbers.)
        #[test]
        fn json_refuses_what_serde_json_refuses(
            tree in any_json(),
            place in any::<prop::sample::Index>(),
            change in 0..3_u8,
            put in proptest::sample::select(vec!['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '0', '-', 'e', '.', 'u', 'n', 't', '\u{1}', 'ب']),
        ) {
            let mut chars: Vec<char> = serde_json::to_string(&tree).unwrap().chars().collect();
            let at = place.index(chars.len() + 1);
            match change {
                0 if at < chars.len() => { chars.remove(at); }
                1 => chars.insert(at, put),
                _ if at < chars.len() => chars[at] = put,
                _ => chars.push(put),
            }
            let text: String = chars.into_iter().collect();
            let theirs = serde_json::from_str::<Value>(&text);
            if let Err(error) = &theirs {
                prop_assume!(!error.to_string().contains("number out of range"));
            }
            let ours = Json::parse(text.clone());
            prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{}: {:?}", text, ours.as_ref().err());
            if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
                prop_assert_eq!(value(&ours.root()), floats(theirs));
            }
        }

        /// Any text at all: JSON or a problem, and whatever it holds can be read; no panic.
        #[test]
        fn any_text_is_json_or_a_problem_never_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            match Json::parse(text) {
                Ok(json) => { value(&json.root()); }
                Err(problem) => prop_assert!(problem.starts_with("line ")),
            }
        }
    }

    #[test]
    fn problems_are_said_with_their_line_and_column() {
        for (text, problem) in [
            (
                r#"{"a": 1,}"#,
                "line 1, column 9: expected a member name in double quotes",
            ),
            ("[1, 2\n, 3 4]", "line 2, column 5: expected `,` or `]`"),
            // Columns count characters: the Arabic name is three, in six bytes.
            ("{\"اسم\" 1}", "line 1, column 8: expected `:`"),
            (
                r#"["\ud800"]"#,
                "line 1, column 3: a lone surrogate in a `\\u` escape",
            ),
            (
                "[\"a\u{1}\"]",
                "line 1, column 4: a control character in a string (it must be escaped)",
            ),
            ("[01]", "line 1, column 3: expected `,` or `]`"),
            (r#"{"a": "#, "line 1, column 7: expected a value"),
            (r#"["abc"#, "line 1, column 2: a string that is not closed"),
            ("{} {}", "line 1, column 4: expected the end of the text"),
            ("", "line 1, column 1: expected a value"),
        ] {
            assert_eq!(Json::parse(text.to_owned()).unwrap_err(), problem, "{text}");
        }
    }

    /// Nesting is a list, not a stack: a text of deep arrays neither overflows nor is refused
    /// (`serde_json` stops at 128 levels).
    #[test]
    fn deep_nesting_is_read_without_recursion() {
        let depth = 100_000;
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let json = Json::parse(text).unwrap();
        let mut node = json.root();
        for _ in 0..3 {
            node = node.items().unwrap().pop().unwrap();
        }
        assert_eq!(node.kind(), Kind::Array);
    }

    /// The last of a repeated member is the one read, and a member's name may be escaped.
    #[test]
    fn members_are_found_by_their_name_as_json_means_it() {
        let json = Json::parse(r#"{"id": "a", "\u0069d": "b", "type": null}"#.to_owned()).unwrap();
        assert_eq!(
            json.root().member("id").and_then(|id| id.text()),
            Some("b".to_owned())
        );
        assert!(json.root().member("type").is_none());
        assert!(json.root().member("kind").is_none());
        assert!(Node::null().member("id").is_none());
    }
}
