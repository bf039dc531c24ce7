//! Short names for the functions the wasm imports from its JS glue. wasm-bindgen names each
//! after the JS it calls plus a hash (`__wbg_setAttribute_2b1dcd4e7b2e0bbd`), and both the wasm's
//! import section and the glue's import object spell every name out, hashes and all, which
//! gzip cannot shrink. Renamed `a`, `b`, … `ba`, … in both, they leave the first load.

use std::collections::HashMap;
use std::ops::Range;

use anyhow::{Context, Result, bail, ensure};
use wasmparser::{BinaryReader, ImportSectionReader, Imports, TypeRef};

const IMPORT_SECTION: u8 = 2;

/// Renames every function `wasm` imports, and the same names in `js`, the glue wasm-bindgen
/// wrote for it. Fails if a name is not an identifier in `js` (the glue's shape changed) or the
/// wasm holds what this reader does not know.
pub(crate) fn shorten(wasm: &[u8], js: &str) -> Result<(Vec<u8>, String)> {
    let (header_start, contents) = import_section(wasm)?;
    let imports =
        ImportSectionReader::new(BinaryReader::new(&wasm[contents.clone()], contents.start))?;
    let count = imports.count();
    // Where each import starts, and whether it is a function; each ends where the next starts.
    let mut starts = Vec::new();
    let mut functions = Vec::new();
    for group in imports {
        let Imports::Single(start, import) = group? else {
            bail!("the wasm groups its imports in the compact encoding, which this does not read");
        };
        starts.push(start);
        functions.push(matches!(
            import.ty,
            TypeRef::Func(_) | TypeRef::FuncExact(_)
        ));
    }
    starts.push(contents.end);

    let mut names: HashMap<String, String> = HashMap::new();
    let mut section = Vec::new();
    push_leb(&mut section, u64::from(count));
    for (bounds, function) in starts.windows(2).zip(functions) {
        let mut entry = BinaryReader::new(&wasm[bounds[0]..bounds[1]], bounds[0]);
        let module = entry.read_string()?;
        let name = entry.read_string()?;
        let name = if function {
            let next = short_name(names.len());
            names.entry(name.to_owned()).or_insert(next).clone()
        } else {
            name.to_owned()
        };
        push_name(&mut section, module);
        push_name(&mut section, &name);
        // The import's type, copied as it is.
        section.extend_from_slice(&wasm[entry.original_position()..bounds[1]]);
    }

    let js = rename_identifiers(js, &names)?;
    let mut out = Vec::with_capacity(wasm.len());
    out.extend_from_slice(&wasm[..header_start]);
    out.push(IMPORT_SECTION);
    push_leb(&mut out, u64::try_from(section.len())?);
    out.extend_from_slice(&section);
    out.extend_from_slice(&wasm[contents.end..]);
    check_parses(&out)?;
    Ok((out, js))
}

/// The `index`th short name: `a`…`z`, `A`…`Z`, then two letters and more.
fn short_name(mut index: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[index % LETTERS.len()]);
        index /= LETTERS.len();
        if index == 0 {
            break;
        }
        index -= 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// `js` with every identifier that is a key of `names` replaced by its value. Each must occur.
fn rename_identifiers(js: &str, names: &HashMap<String, String>) -> Result<String> {
    let is_identifier = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(js.len());
    let mut seen = std::collections::HashSet::new();
    let mut rest = js;
    while let Some(start) = rest.find(is_identifier) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c| !is_identifier(c)).unwrap_or(rest.len());
        let word = &rest[..end];
        match names.get(word) {
            Some(short) => {
                out.push_str(short);
                seen.insert(word);
            }
            None => out.push_str(word),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    let mut missing: Vec<&str> = names
        .keys()
        .map(String::as_str)
        .filter(|name| !seen.contains(name))
        .collect();
    if !missing.is_empty() {
        missing.sort_unstable();
        bail!(
            "the JS glue does not name the wasm's imports {}; has wasm-bindgen's output changed?",
            missing.join(", ")
        );
    }
    Ok(out)
}

/// Where the import section's header starts, and the range of its contents.
fn import_section(wasm: &[u8]) -> Result<(usize, Range<usize>)> {
    ensure!(wasm.starts_with(b"\0asm"), "not a wasm module");
    let mut reader = BinaryReader::new(wasm, 0);
    reader.read_bytes(8)?;
    while !reader.eof() {
        let header = reader.original_position();
        let id = reader.read_u8()?;
        let size = usize::try_from(reader.read_var_u32()?)?;
        let start = reader.original_position();
        reader
            .read_bytes(size)
            .context("a section runs past the end of the wasm")?;
        if id == IMPORT_SECTION {
            return Ok((header, start..start + size));
        }
    }
    bail!("the wasm imports nothing")
}

/// Checks that every section, and every import, of the rewritten module still parses.
fn check_parses(wasm: &[u8]) -> Result<()> {
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ImportSection(imports) = payload? {
            for import in imports {
                import?;
            }
        }
    }
    Ok(())
}

fn push_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = u8::try_from(value & 0x7f).expect("seven bits");
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn push_name(out: &mut Vec<u8>, name: &str) {
    push_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one function type, imports of two functions (one twice) from `./app_bg.js`
    /// and of a memory, and a custom section after them.
    fn module() -> Vec<u8> {
        let mut imports = Vec::new();
        push_leb(&mut imports, 4);
        for name in ["__wbg_log_0123456789abcdef", "__wbg_now_fedcba9876543210"] {
            push_name(&mut imports, "./app_bg.js");
            push_name(&mut imports, name);
            imports.extend([0x00, 0]); // a function of type 0
        }
        push_name(&mut imports, "./app_bg.js");
        push_name(&mut imports, "__wbg_log_0123456789abcdef");
        imports.extend([0x00, 0]); // a function of type 0
        push_name(&mut imports, "env");
        push_name(&mut imports, "memory");
        imports.extend([0x02, 1, 17, 200, 1]); // a memory, 17 to 200 pages
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 4, 1, 0x60, 0, 0]);
        wasm.push(IMPORT_SECTION);
        push_leb(&mut wasm, imports.len() as u64);
        wasm.extend(imports);
        wasm.extend([0, 5, 4]);
        wasm.extend(b"note");
        wasm
    }

    const GLUE: &str = "const imports = { './app_bg.js': { __wbg_log_0123456789abcdef: (x) => console.log(x), \
        __wbg_now_fedcba9876543210() { return Date.now() } }, env: { memory } }; \
        const not_an_import = '__wbg_log_0123456789abcdef_suffix';";

    fn imports(wasm: &[u8]) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            if let wasmparser::Payload::ImportSection(section) = payload.unwrap() {
                for import in section.into_imports() {
                    let import = import.unwrap();
                    found.push((import.module.to_owned(), import.name.to_owned()));
                }
            }
        }
        found
    }

    #[test]
    fn renames_imports_in_the_wasm_and_the_glue_alike() {
        let (wasm, js) = shorten(&module(), GLUE).unwrap();
        let renamed = imports(&wasm);
        let pairs: Vec<(&str, &str)> = renamed
            .iter()
            .map(|(module, name)| (module.as_str(), name.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("./app_bg.js", "a"),
                ("./app_bg.js", "b"),
                ("./app_bg.js", "a"),
                ("env", "memory")
            ]
        );
        assert!(js.contains("{ a: (x) => console.log(x), b() {"), "{js}");
        assert!(js.contains("env: { memory }"), "{js}");
        assert!(js.contains("'__wbg_log_0123456789abcdef_suffix'"), "{js}");
        assert!(
            wasm.ends_with(b"note"),
            "the sections after the imports are kept"
        );
    }

    #[test]
    fn refuses_glue_that_does_not_name_an_import() {
        let glue = GLUE.replace("__wbg_now_fedcba9876543210", "now");
        let error = shorten(&module(), &glue).unwrap_err().to_string();
        assert!(error.contains("__wbg_now_fedcba9876543210"), "{error}");
    }

    #[test]
    fn short_names_run_through_letters_then_grow() {
        let names: Vec<String> = [0, 25, 26, 51, 52, 53, 52 + 52 * 52].map(short_name).into();
        assert_eq!(names, ["a", "z", "A", "Z", "aa", "ab", "aaa"]);
    }
}
