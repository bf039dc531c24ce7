//! TOML files read one record at a time.
//!
//! A file that is not TOML is one problem. In a file that is, each `[[site]]`, `[[actor]]`,
//! `[[claim]]` or `[source]` is read on its own, so that a record with a wrong field is one
//! problem and the records around it are still read; and the id of a broken record is kept when
//! it can be read, so that what refers to it is not reported again.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// A problem in a TOML file: what the parser says and where (byte offsets into the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) message: String,
    pub(crate) span: Range<usize>,
}

impl Problem {
    fn from_toml(error: &toml::de::Error, fallback: Range<usize>) -> Self {
        Self {
            message: error.message().trim_end().to_owned(),
            span: error.span().unwrap_or(fallback),
        }
    }
}

/// A record that could not be read: its problem, and its id if that much of it can be read.
#[derive(Debug)]
pub(crate) struct Broken {
    pub(crate) id: Option<String>,
    pub(crate) problem: Problem,
}

/// One record, read into `T` with the file's spans, or broken.
pub(crate) type Record<T> = Result<Spanned<T>, Broken>;

/// A TOML file's top-level keys, each taken once by what the file is meant to hold.
pub(crate) struct Records<'a> {
    table: DeTable<'a>,
}

impl<'a> Records<'a> {
    /// Parses `text` as TOML; a syntax error is the file's one problem.
    pub(crate) fn parse(text: &'a str) -> Result<Self, Problem> {
        DeTable::parse(text)
            .map(|table| Self {
                table: table.into_inner(),
            })
            .map_err(|error| Problem::from_toml(&error, 0..0))
    }

    /// The records of the array of tables `key` (`[[key]]`), each read on its own; none when the
    /// file has no such key. `Err` when `key` is there but is not an array.
    pub(crate) fn array<T: DeserializeOwned>(
        &mut self,
        key: &str,
    ) -> Result<Vec<Record<T>>, Problem> {
        let Some(value) = self.table.remove(key) else {
            return Ok(Vec::new());
        };
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => Ok(items.into_iter().map(read).collect()),
            _ => Err(Problem {
                message: format!("`{key}` must be an array of tables, written [[{key}]]"),
                span,
            }),
        }
    }

    /// The table `key` (`[key]`) read into `T`; `None` when the file has no such key.
    pub(crate) fn table<T: DeserializeOwned>(&mut self, key: &str) -> Option<Record<T>> {
        self.table.remove(key).map(read)
    }

    /// The keys no record took, each with its span: what the file should not hold.
    pub(crate) fn left_over(self) -> Vec<(String, Range<usize>)> {
        self.table
            .into_iter()
            .map(|(key, _)| {
                let span = key.span();
                (key.into_inner().into_owned(), span)
            })
            .collect()
    }
}

/// Reads one record into `T`, keeping its id when the rest of it is broken.
fn read<T: DeserializeOwned>(value: Spanned<DeValue<'_>>) -> Record<T> {
    let span = value.span();
    let id = value
        .get_ref()
        .get("id")
        .and_then(|id| id.get_ref().as_str())
        .map(str::to_owned);
    T::deserialize(ValueDeserializer::from(value))
        .map(|record| Spanned::new(span.clone(), record))
        .map_err(|error| Broken {
            id,
            problem: Problem::from_toml(&error, span),
        })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Thing {
        id: Spanned<String>,
        size: u32,
    }

    const FILE: &str = "[[thing]]\nid = \"a\"\nsize = 1\n\n[[thing]]\nid = \"b\"\nsize = \"big\"\n\n[[thing]]\nid = \"c\"\nsize = 3\n";

    #[test]
    fn a_broken_record_is_one_problem_and_keeps_its_id() {
        let mut records = Records::parse(FILE).unwrap();
        let things = records.array::<Thing>("thing").unwrap();
        assert_eq!(things.len(), 3);
        let read: Vec<&str> = things
            .iter()
            .filter_map(|thing| thing.as_ref().ok())
            .map(|thing| thing.get_ref().id.get_ref().as_str())
            .collect();
        assert_eq!(read, ["a", "c"]);
        let broken = things[1].as_ref().unwrap_err();
        assert_eq!(broken.id.as_deref(), Some("b"));
        assert_eq!(&FILE[broken.problem.span.clone()], "\"big\"");
        assert!(records.left_over().is_empty());
    }

    #[test]
    fn spans_inside_a_record_are_the_files() {
        let mut records = Records::parse(FILE).unwrap();
        let things = records.array::<Thing>("thing").unwrap();
        let c = things[2].as_ref().unwrap();
        assert_eq!(&FILE[c.get_ref().id.span()], "\"c\"");
        // A record's own span is its header, where its line is.
        assert_eq!(c.span().start, FILE.rfind("[[thing]]").unwrap());
        assert_eq!(c.get_ref().size, 3);
    }

    #[test]
    fn a_syntax_error_is_the_files_one_problem() {
        let problem = Records::parse("[[thing]]\nid = \"a\nsize = 1\n")
            .err()
            .unwrap();
        assert!(problem.span.start >= "[[thing]]\nid = ".len());
    }

    #[test]
    fn keys_no_record_takes_are_left_over() {
        let text = "title = \"x\"\n[[thing]]\nid = \"a\"\nsize = 1\n";
        let mut records = Records::parse(text).unwrap();
        records.array::<Thing>("thing").unwrap();
        let left = records.left_over();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].0, "title");
        assert_eq!(&text[left[0].1.clone()], "title");
    }

    #[test]
    fn a_key_that_should_be_an_array_of_tables_is_a_problem() {
        let mut records = Records::parse("thing = 3\n").unwrap();
        assert!(records.array::<Thing>("thing").is_err());
    }

    mod properties {
        use std::fmt::Write as _;

        use proptest::prelude::*;

        use super::*;
        use crate::draft::toml_string;

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            #[serde(default)]
            thing: Vec<Spanned<Place>>,
        }

        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(deny_unknown_fields)]
        struct Place {
            id: Spanned<String>,
            names: Vec<String>,
            note: Option<String>,
            at: Option<Point>,
        }

        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(deny_unknown_fields)]
        struct Point {
            lat: f64,
            lon: f64,
        }

        /// A place's id, names, note and position.
        type Written = (String, Vec<String>, Option<String>, Option<(f64, f64)>);

        /// A place written as an author would, with any text in its strings.
        fn place() -> impl Strategy<Value = Written> {
            (
                "\\PC{0,12}",
                proptest::collection::vec("\\PC{0,8}", 0..3),
                proptest::option::of("\\PC{0,20}"),
                proptest::option::of((-90.0..90.0_f64, -180.0..180.0_f64)),
            )
        }

        fn written(places: &[Written]) -> String {
            let mut file = String::from("# places\n");
            for (id, names, note, at) in places {
                file.push_str("\n[[thing]]\nid = ");
                file.push_str(&toml_string(id));
                file.push_str("\nnames = [");
                let names: Vec<String> = names.iter().map(|name| toml_string(name)).collect();
                file.push_str(&names.join(", "));
                file.push_str("]\n");
                if let Some(note) = note {
                    writeln!(file, "note = {}", toml_string(note)).unwrap();
                }
                if let Some((lat, lon)) = at {
                    writeln!(file, "at = {{ lat = {lat:?}, lon = {lon:?} }}").unwrap();
                }
            }
            file
        }

        proptest! {
            #[test]
            fn records_read_as_the_toml_crate_reads_the_whole_file(
                places in proptest::collection::vec(place(), 0..5),
            ) {
                let text = written(&places);
                let whole: File = toml::from_str(&text).expect("the toml crate reads it");
                let mut records = Records::parse(&text).expect("it is TOML");
                let read = records.array::<Place>("thing").expect("an array of tables");
                prop_assert!(records.left_over().is_empty());
                prop_assert_eq!(read.len(), whole.thing.len());
                for (one, reference) in read.iter().zip(&whole.thing) {
                    let one = one.as_ref().expect("every record reads");
                    prop_assert_eq!(one.get_ref(), reference.get_ref());
                    prop_assert_eq!(one.span(), reference.span());
                    prop_assert_eq!(one.get_ref().id.span(), reference.get_ref().id.span());
                }
            }

            #[test]
            fn any_text_is_records_or_a_problem_never_a_panic(text in "\\PC{0,200}|[\\[\\]{}=\"a-z., \n0-9]{0,200}") {
                if let Ok(mut records) = Records::parse(&text) {
                    let _ = records.array::<Place>("thing");
                    let _ = records.table::<Place>("place");
                    let _ = records.left_over();
                } else if let Err(problem) = Records::parse(&text) {
                    prop_assert!(problem.span.start <= text.len() && !problem.message.is_empty());
                }
            }
        }
    }
}
