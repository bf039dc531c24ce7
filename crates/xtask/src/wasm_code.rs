//! What the web app's wasm is made of: the bytes of its function bodies by the crates they come
//! from, read from the function names rustc leaves in the wasm it builds. The shipped wasm has
//! been through wasm-bindgen and wasm-opt and has no names, so these are shares of the code
//! before optimisation, not exact parts of the shipped file.

use std::collections::HashMap;

use anyhow::{Context, Result};
use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

/// Crates counted together, by what they are to the app; any other crate counts as "other".
const FAMILIES: &[(&str, &[&str])] = &[
    (
        "Kharita's own crates",
        &["kharita_web", "kharita_core", "kharita_map"],
    ),
    (
        "leptos (with tachys and reactive_graph)",
        &[
            "leptos",
            "leptos_dom",
            "leptos_server",
            "tachys",
            "reactive_graph",
            "any_spawner",
            "throw_error",
            "hydration_context",
            "server_fn",
            "oco_ref",
            "either_of",
            "next_tuple",
            "or_poisoned",
            "send_wrapper",
            "slotmap",
            "guardian",
        ],
    ),
    (
        "Rust's standard library",
        &[
            "core",
            "alloc",
            "std",
            "compiler_builtins",
            "dlmalloc",
            "hashbrown",
            "__rustc",
        ],
    ),
    (
        "wasm-bindgen, js-sys and web-sys",
        &[
            "wasm_bindgen",
            "js_sys",
            "web_sys",
            "wasm_bindgen_futures",
            "wasm_streams",
        ],
    ),
    (
        "serde and serde_json",
        &[
            "serde",
            "serde_core",
            "serde_json",
            "serde_wasm_bindgen",
            "ryu",
            "itoa",
        ],
    ),
];
const OTHER: &str = "other crates";
const DESCRIPTOR_PREFIX: &str = "__wbindgen_describe";

/// A wasm's bytes by what they are.
#[derive(Debug, Default)]
pub(crate) struct WasmCode {
    /// Each family's function-body bytes, largest first.
    pub(crate) functions: Vec<(&'static str, usize)>,
    /// The data segments' bytes: strings, tables and constants.
    pub(crate) data: usize,
}

impl WasmCode {
    /// The largest families, each with its percentage of the function bytes.
    pub(crate) fn largest(&self, count: usize) -> Vec<(&'static str, usize)> {
        let total: usize = self.functions.iter().map(|(_, bytes)| bytes).sum();
        self.functions
            .iter()
            .take(count)
            .map(|&(family, bytes)| (family, (bytes * 100).checked_div(total).unwrap_or(0)))
            .collect()
    }
}

/// Reads a wasm that still has its function names.
pub(crate) fn code_by_family(wasm: &[u8]) -> Result<WasmCode> {
    let mut imported_functions = 0_u32;
    let mut bodies = Vec::new();
    let mut names = HashMap::new();
    let mut data = 0;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.context("reading the wasm")? {
            Payload::ImportSection(imports) => {
                for import in imports.into_imports() {
                    if matches!(import?.ty, TypeRef::Func(_)) {
                        imported_functions += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body.range().len()),
            Payload::DataSection(segments) => {
                for segment in segments {
                    data += segment?.data.len();
                }
            }
            Payload::CustomSection(section) => {
                if let KnownCustom::Name(subsections) = section.as_known() {
                    for subsection in subsections {
                        if let Name::Function(functions) = subsection? {
                            for naming in functions {
                                let naming = naming?;
                                names.insert(naming.index, naming.name);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    anyhow::ensure!(
        !names.is_empty(),
        "the wasm has no function names: build it without stripping them"
    );
    let mut sizes: HashMap<&'static str, usize> = HashMap::new();
    for (index, size) in (imported_functions..).zip(bodies) {
        let name = names.get(&index).copied().unwrap_or_default();
        // wasm-bindgen runs its descriptor functions to learn the exports' types, then drops them.
        if !name.starts_with(DESCRIPTOR_PREFIX) {
            *sizes.entry(family(name)).or_default() += size;
        }
    }
    let mut functions: Vec<(&'static str, usize)> = sizes.into_iter().collect();
    functions.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    Ok(WasmCode { functions, data })
}

/// The family of a (mangled) function name.
fn family(name: &str) -> &'static str {
    let demangled = format!("{:#}", rustc_demangle::demangle(name));
    let crate_name = crate_of(&demangled);
    FAMILIES
        .iter()
        .find(|(_, crates)| crates.contains(&crate_name))
        .map_or(OTHER, |(family, _)| family)
}

/// The crate a demangled path belongs to: its first segment; for a method, the type's crate, or,
/// when the type is generic or built in, the trait's (`<T as tachys::view::Render>::build` is
/// tachys's, `<kharita_core::model::Claim as serde::Deserialize>::deserialize` `kharita_core`'s)
/// or else core's (`<char>::escape_debug_ext`).
fn crate_of(path: &str) -> &str {
    let Some(qualified) = path.strip_prefix('<') else {
        return first_segment(path);
    };
    let qualified = qualified.trim_start_matches(['&', '*', '[', '(', '<']);
    let qualified = ["mut ", "const ", "dyn "]
        .iter()
        .fold(qualified, |rest, word| {
            rest.strip_prefix(word).unwrap_or(rest)
        });
    let own = first_segment(qualified);
    if qualified[own.len()..].starts_with("::") {
        return own;
    }
    // A type parameter or a built-in type (`char`, `[T]`, `f64`), whose own methods are core's.
    qualified
        .split_once(" as ")
        .map_or("core", |(_, trait_path)| {
            first_segment(trait_path.trim_start_matches(['&', '<']))
        })
}

/// The path's first segment, without v0 mangling's `[hash]`.
fn first_segment(path: &str) -> &str {
    let end = path
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(path.len());
    &path[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_count_for_the_crate_whose_code_they_are() {
        assert_eq!(crate_of("kharita_web::main"), "kharita_web");
        assert_eq!(crate_of("core[c5930c85a12de822]::fmt::write"), "core");
        assert_eq!(crate_of("<T as tachys::view::Render>::build"), "tachys");
        assert_eq!(
            crate_of("<kharita_core::model::Claim as serde_core::de::Deserialize>::deserialize"),
            "kharita_core"
        );
        assert_eq!(crate_of("<&T as core::fmt::Display>::fmt"), "core");
        assert_eq!(
            crate_of("<f64 as core::str::traits::FromStr>::from_str"),
            "core"
        );
        assert_eq!(
            crate_of("<alloc::vec::Vec<T> as core::clone::Clone>::clone"),
            "alloc"
        );
        assert_eq!(
            crate_of("<reactive_graph::signal::ArcRwSignal<T>>::new"),
            "reactive_graph"
        );
        assert_eq!(
            crate_of("<dyn core::any::Any as core::fmt::Debug>::fmt"),
            "core"
        );
        assert_eq!(crate_of("<char>::escape_debug_ext"), "core");
        assert_eq!(crate_of("<[T]>::sort_by"), "core");
    }

    #[test]
    fn shares_are_of_the_function_bytes() {
        let code = WasmCode {
            functions: vec![("a", 600), ("b", 300), ("c", 100)],
            data: 5000,
        };
        assert_eq!(code.largest(2), [("a", 60), ("b", 30)]);
        assert_eq!(WasmCode::default().largest(3), []);
    }

    #[test]
    fn mangled_names_are_read_back_into_their_family() {
        assert_eq!(
            family("_ZN11kharita_web4main17h9578abb6dc1391c9E"),
            FAMILIES[0].0
        );
        assert_eq!(
            family("geo_types::private_utils::line_bounding_rect"),
            OTHER
        );
    }
}
