//! A fast reader for the plain TOML the atlas files are written in.
//!
//! The `toml` crate reads about 35 MB a second here, which made parsing most of the time
//! `kharita check` takes on a large corpus. The atlas files use a small part of TOML: `[table]`
//! and `[[array]]` headers and `key = value` lines with bare keys; one-line basic and literal
//! strings, decimal integers and floats, booleans, arrays, and one-line inline tables. This reader
//! parses exactly that, keeping the byte spans the `toml` crate gives (a value's own text, a
//! table's header), and deserialises it with serde, [`Spanned`](toml::Spanned) fields included.
//!
//! It declines anything else: every other TOML form, and every error, whether in the TOML or in
//! what the fields hold. The caller then parses the file with the `toml` crate, which gives the
//! same value for valid TOML and the error message for the rest.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::de::value::{CowStrDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

/// `text` as a `T`, or `None` when it is not plain TOML that makes a `T`.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let root = Parser::new(text).document()?;
    T::deserialize(root).ok()
}

/// A parsed value and the bytes of the file it was written with.
#[derive(Debug, PartialEq)]
struct Node<'a> {
    span: Range<usize>,
    value: Value<'a>,
}

#[derive(Debug, PartialEq)]
enum Value<'a> {
    String(Cow<'a, str>),
    Integer(i64),
    Float(f64),
    Boolean(bool),
    Array(Vec<Node<'a>>),
    Table(Table<'a>),
}

/// Keys in the order they are written; the tables of the atlas have a few keys each.
#[derive(Debug, Default, PartialEq)]
struct Table<'a>(Vec<(&'a str, Node<'a>)>);

impl<'a> Table<'a> {
    fn position(&self, key: &str) -> Option<usize> {
        self.0.iter().position(|(k, _)| *k == key)
    }

    /// Adds `key`, or declines a key written twice.
    fn insert(&mut self, key: &'a str, node: Node<'a>) -> Option<()> {
        if self.position(key).is_some() {
            return None;
        }
        self.0.push((key, node));
        Some(())
    }
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

/// Bytes TOML does not allow in strings and comments: the control characters other than tab.
fn is_control(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\t') || byte == 0x7F
}

fn is_bare_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, at: 0 }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// Blanks, an optional comment, and a line break or the end of the file.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_blanks();
        if self.eat(b'#').is_some() {
            while let Some(byte) = self.peek().filter(|&b| b != b'\n' && b != b'\r') {
                if is_control(byte) {
                    return None;
                }
                self.at += 1;
            }
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => self.eat(b'\n'),
            Some(b'\r') => {
                self.at += 1;
                self.eat(b'\n')
            }
            Some(_) => None,
        }
    }

    /// Blanks, line breaks and comments, as between the items of an array.
    fn skip_blank_lines(&mut self) -> Option<()> {
        loop {
            self.skip_blanks();
            match self.peek() {
                Some(b'\n' | b'\r' | b'#') => self.end_of_line()?,
                _ => return Some(()),
            }
        }
    }

    fn bare_key(&mut self) -> Option<&'a str> {
        let start = self.at;
        while self.peek().is_some_and(is_bare_key_byte) {
            self.at += 1;
        }
        (self.at > start).then(|| &self.text[start..self.at])
    }

    fn document(mut self) -> Option<Node<'a>> {
        let mut root = Table::default();
        // The root entry that `key = value` lines go into, once a header has been read.
        let mut current: Option<usize> = None;
        // Root entries made by `[[key]]` headers: later ones add a table to them.
        let mut arrays_of_tables = Vec::new();
        loop {
            self.skip_blanks();
            match self.peek() {
                None => break,
                Some(b'\n' | b'\r' | b'#') => self.end_of_line()?,
                Some(b'[') => {
                    let start = self.at;
                    self.at += 1;
                    let is_array = self.eat(b'[').is_some();
                    self.skip_blanks();
                    let key = self.bare_key()?;
                    self.skip_blanks();
                    self.eat(b']')?;
                    if is_array {
                        self.eat(b']')?;
                    }
                    let span = start..self.at;
                    self.end_of_line()?;
                    let table = Node {
                        span: span.clone(),
                        value: Value::Table(Table::default()),
                    };
                    match (root.position(key), is_array) {
                        (Some(index), true) if arrays_of_tables.contains(&index) => {
                            let Value::Array(tables) = &mut root.0[index].1.value else {
                                unreachable!("`[[{key}]]` made an array");
                            };
                            tables.push(table);
                            current = Some(index);
                        }
                        (Some(_), _) => return None,
                        (None, true) => {
                            let array = Value::Array(vec![table]);
                            root.insert(key, Node { span, value: array })?;
                            arrays_of_tables.push(root.0.len() - 1);
                            current = Some(root.0.len() - 1);
                        }
                        (None, false) => {
                            root.insert(key, table)?;
                            current = Some(root.0.len() - 1);
                        }
                    }
                }
                Some(_) => {
                    let (key, node) = self.key_value()?;
                    self.end_of_line()?;
                    let table = match current {
                        None => &mut root,
                        Some(index) => match &mut root.0[index].1.value {
                            Value::Table(table) => table,
                            Value::Array(tables) => match tables.last_mut() {
                                Some(Node {
                                    value: Value::Table(table),
                                    ..
                                }) => table,
                                _ => unreachable!("`[[key]]` arrays hold tables"),
                            },
                            _ => unreachable!("headers make tables"),
                        },
                    };
                    table.insert(key, node)?;
                }
            }
        }
        Some(Node {
            span: 0..0,
            value: Value::Table(root),
        })
    }

    fn key_value(&mut self) -> Option<(&'a str, Node<'a>)> {
        let key = self.bare_key()?;
        self.skip_blanks();
        self.eat(b'=')?;
        self.skip_blanks();
        Some((key, self.value()?))
    }

    fn value(&mut self) -> Option<Node<'a>> {
        let start = self.at;
        let value = match self.peek()? {
            b'"' => Value::String(self.basic_string()?),
            b'\'' => Value::String(Cow::Borrowed(self.literal_string()?)),
            b'[' => Value::Array(self.array()?),
            b'{' => Value::Table(self.inline_table()?),
            b't' | b'f' => self.boolean()?,
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return None,
        };
        Some(Node {
            span: start..self.at,
            value,
        })
    }

    /// A one-line `"..."` string, borrowed from the file unless it has escapes.
    fn basic_string(&mut self) -> Option<Cow<'a, str>> {
        self.at += 1;
        if self.bytes()[self.at..].starts_with(b"\"\"") {
            return None; // a multi-line string
        }
        let start = self.at;
        let mut owned: Option<String> = None;
        // Bytes since the last escape, still to be copied into `owned`.
        let mut plain = start;
        loop {
            let byte = self.peek()?;
            match byte {
                b'"' => {
                    let text = &self.text[plain..self.at];
                    self.at += 1;
                    return Some(match owned {
                        None => Cow::Borrowed(text),
                        Some(mut owned) => {
                            owned.push_str(text);
                            Cow::Owned(owned)
                        }
                    });
                }
                b'\\' => {
                    let owned = owned.get_or_insert_with(String::new);
                    owned.push_str(&self.text[plain..self.at]);
                    owned.push(self.escape()?);
                    plain = self.at;
                }
                _ if is_control(byte) => return None,
                _ => self.at += 1,
            }
        }
    }

    /// The character a `\` escape stands for; TOML 1.1's `\e` and `\x` are left to `toml`.
    fn escape(&mut self) -> Option<char> {
        self.at += 1;
        let byte = self.peek()?;
        self.at += 1;
        let hex_digits = match byte {
            b'b' => return Some('\u{8}'),
            b't' => return Some('\t'),
            b'n' => return Some('\n'),
            b'f' => return Some('\u{C}'),
            b'r' => return Some('\r'),
            b'"' => return Some('"'),
            b'\\' => return Some('\\'),
            b'u' => 4,
            b'U' => 8,
            _ => return None,
        };
        let digits = self.text.get(self.at..self.at + hex_digits)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += hex_digits;
        char::from_u32(u32::from_str_radix(digits, 16).ok()?)
    }

    /// A one-line `'...'` string, as written.
    fn literal_string(&mut self) -> Option<&'a str> {
        self.at += 1;
        if self.peek() == Some(b'\'') && self.bytes().get(self.at + 1) == Some(&b'\'') {
            return None; // a multi-line string
        }
        let start = self.at;
        loop {
            match self.peek()? {
                b'\'' => break,
                byte if is_control(byte) => return None,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        Some(&self.text[start..self.at - 1])
    }

    fn array(&mut self) -> Option<Vec<Node<'a>>> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_blank_lines()?;
            if self.eat(b']').is_some() {
                return Some(items);
            }
            items.push(self.value()?);
            self.skip_blank_lines()?;
            if self.eat(b',').is_none() {
                self.skip_blank_lines()?;
                self.eat(b']')?;
                return Some(items);
            }
        }
    }

    /// `{ key = value, ... }` on one line, without a trailing comma (TOML 1.0's form).
    fn inline_table(&mut self) -> Option<Table<'a>> {
        self.at += 1;
        let mut table = Table::default();
        self.skip_blanks();
        if self.eat(b'}').is_some() {
            return Some(table);
        }
        loop {
            let (key, node) = self.key_value()?;
            table.insert(key, node)?;
            self.skip_blanks();
            if self.eat(b'}').is_some() {
                return Some(table);
            }
            self.eat(b',')?;
            self.skip_blanks();
        }
    }

    /// Whether the value that ends here is followed by what may follow a value.
    fn at_value_end(&self) -> bool {
        matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\r' | b'\n' | b',' | b']' | b'}' | b'#')
        )
    }

    fn boolean(&mut self) -> Option<Value<'a>> {
        let rest = &self.bytes()[self.at..];
        let (value, length) = if rest.starts_with(b"true") {
            (true, 4)
        } else if rest.starts_with(b"false") {
            (false, 5)
        } else {
            return None;
        };
        self.at += length;
        self.at_value_end().then_some(Value::Boolean(value))
    }

    /// A decimal integer or float: `-`, digits without leading zeros or `_`, then a fraction
    /// and an exponent. Other forms (`+`, `0x`, `inf`, dates) are left to `toml`.
    fn number(&mut self) -> Option<Value<'a>> {
        let start = self.at;
        let digits = |parser: &mut Self| {
            let from = parser.at;
            while parser.peek().is_some_and(|b| b.is_ascii_digit()) {
                parser.at += 1;
            }
            parser.at - from
        };
        self.eat(b'-');
        let integer_digits = digits(self);
        if integer_digits == 0
            || (integer_digits > 1 && self.bytes()[self.at - integer_digits] == b'0')
        {
            return None;
        }
        let mut is_float = false;
        if self.eat(b'.').is_some() {
            is_float = true;
            if digits(self) == 0 {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            is_float = true;
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return None;
            }
        }
        if !self.at_value_end() {
            return None;
        }
        let written = &self.text[start..self.at];
        if is_float {
            let float: f64 = written.parse().ok()?;
            float.is_finite().then_some(Value::Float(float))
        } else {
            written.parse().ok().map(Value::Integer)
        }
    }
}

/// Deserialising failed: the caller parses with `toml` instead, which says why.
#[derive(Debug)]
struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not plain TOML for this type")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        Declined
    }
}

impl<'de> IntoDeserializer<'de, Declined> for Node<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for Node<'de> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self.value {
            Value::String(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
            Value::String(Cow::Owned(text)) => visitor.visit_string(text),
            Value::Integer(integer) => visitor.visit_i64(integer),
            Value::Float(float) => visitor.visit_f64(float),
            Value::Boolean(boolean) => visitor.visit_bool(boolean),
            Value::Array(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter())),
            Value::Table(table) => visitor.visit_map(MapDeserializer::new(table.0.into_iter())),
        }
    }

    /// A value that is there is `Some`; a missing key is `None` (serde's derive sees to that).
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        visitor.visit_some(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        if serde_spanned::de::is_spanned(name) {
            let span = self.span.clone();
            visitor.visit_map(serde_spanned::de::SpannedDeserializer::new(self, span))
        } else {
            self.deserialize_any(visitor)
        }
    }

    /// Unit variants, written as strings, as `toml` reads them.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        match self.value {
            Value::String(text) => visitor.visit_enum(CowStrDeserializer::new(text)),
            _ => Err(Declined),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Declined> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<Node<'_>> {
        Parser::new(text).document()
    }

    fn string(text: &str) -> Value<'_> {
        Value::String(Cow::Borrowed(text))
    }

    #[test]
    fn headers_keys_and_values_parse_with_toml_spans() {
        let text = "# c\n[source]\na = \"h\\u00e9\" # c\r\nb = [ 1 , -2.5e3, ]\n\n[[claim]]\nid = 'x'\n[[claim]]\nt = { k = true }\n";
        let Some(Node {
            value: Value::Table(root),
            ..
        }) = parse(text)
        else {
            panic!("plain TOML declined");
        };
        let (key, source) = &root.0[0];
        assert_eq!((*key, &text[source.span.clone()]), ("source", "[source]"));
        let Value::Table(source) = &source.value else {
            panic!("[source] is not a table")
        };
        let (_, a) = &source.0[0];
        assert_eq!(a.value, Value::String(Cow::Owned("hé".to_owned())));
        assert_eq!(&text[a.span.clone()], "\"h\\u00e9\"");
        let (_, b) = &source.0[1];
        assert_eq!(&text[b.span.clone()], "[ 1 , -2.5e3, ]");
        let Value::Array(items) = &b.value else {
            panic!("b is not an array")
        };
        assert_eq!(items[0].value, Value::Integer(1));
        assert_eq!(items[1].value, Value::Float(-2500.0));
        let (key, claims) = &root.0[1];
        assert_eq!(*key, "claim");
        let Value::Array(claims) = &claims.value else {
            panic!("[[claim]] is not an array")
        };
        assert_eq!(claims.len(), 2);
        assert_eq!(&text[claims[1].span.clone()], "[[claim]]");
        let Value::Table(first) = &claims[0].value else {
            panic!("a claim is not a table")
        };
        assert_eq!(first.0[0].1.value, string("x"));
    }

    #[test]
    fn every_other_form_of_toml_is_declined() {
        for text in [
            "a = \"\"\"multi\nline\"\"\"",
            "a = '''multi'''",
            "a.b = 1",
            "\"quoted\" = 1",
            "[a.b]",
            "a = 1_000",
            "a = 0x1F",
            "a = +1",
            "a = 01",
            "a = inf",
            "a = 1979-05-27",
            "a = 1.",
            "a = 1e400",
            "a = 99999999999999999999",
            "a = \"\\e\"",
            "a = \"\\x41\"",
            "a = \"\\uD800\"",
            "a = { b = 1, }",
            "a = { b = 1,\n c = 2 }",
            "\u{FEFF}a = 1",
            "a = truex",
            "a = \"tab\tok\" # and a bell \u{7}",
            "a = \"\u{7F}\"",
            "a = 'new\nline'",
            "a = 1\r",
            "a = 1 b = 2",
        ] {
            assert!(parse(text).is_none(), "not declined: {text:?}");
        }
    }

    #[test]
    fn toml_errors_are_declined() {
        for text in [
            "a = 1\na = 2",
            "[a]\n[a]",
            "a = 1\n[a]",
            "[[a]]\n[a]",
            "[a]\n[[a]]",
            "a = [1]\n[[a]]",
            "a = { b = 1, b = 2 }",
            "a = \"open",
            "a = [1, 2",
            "a =",
            "= 1",
            "[a",
            "[[a]",
            "a = 1 # ok\nb",
        ] {
            assert!(parse(text).is_none(), "not declined: {text:?}");
            assert!(
                toml::from_str::<toml::Table>(text).is_err(),
                "valid TOML: {text:?}"
            );
        }
    }
}
