//! corpus tests: the corpus is the generator's — every file and the README the bytes
//! `testdocs` builds, the standalone samples' agencies distinct.

use super::*;
use pretty_assertions::assert_eq;

#[test]
fn corpus_files_are_what_the_generator_builds() {
    let docs: Vec<CorpusDoc> = corpus::corpus();
    for d in &docs {
        let built = (d.build)();
        assert!(
            built == checked_in(d.name),
            "corpus/{} differs from what testdocs builds: run `cargo run -p testdocs --bin gen-corpus -- corpus`",
            d.name
        );
    }
    let forms = corpus_web::web_forms();
    for f in &forms {
        assert!(
            (f.build)() == checked_in(f.name),
            "corpus/{} differs from what testdocs builds: run `cargo run -p testdocs --bin gen-corpus -- corpus`",
            f.name
        );
    }
    // Every file on disk is the generator's, or one of the checked-in converted forms.
    let mut on_disk = all_files(&corpus_dir(), "");
    on_disk.sort();
    let mut listed: Vec<String> = docs
        .iter()
        .map(|d| d.name)
        .chain(forms.iter().map(|f| f.name))
        .chain(corpus::OTHER_FORMS.iter().map(|(name, _)| *name))
        .chain(["README.md"])
        .map(str::to_owned)
        .collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every corpus file comes from the generator or is listed in OTHER_FORMS"
    );
}

/// Every file under `dir`, as `/`-separated paths after `prefix`.
fn all_files(dir: &std::path::Path, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = format!("{prefix}{}", e.file_name().to_string_lossy());
        if e.file_type().unwrap().is_dir() {
            out.extend(all_files(&e.path(), &format!("{name}/")));
        } else {
            out.push(name);
        }
    }
    out
}

/// Each standalone sample has an agency of its own (so no two are compared across
/// years), and none is the seed's.
#[test]
fn standalone_samples_have_distinct_agencies() {
    let mut agencies: Vec<&str> = corpus::PUBLISHERS.iter().map(|p| p.1).collect();
    agencies.push("静乐县康家会镇人民政府");
    agencies.push(corpus::SERIES_AGENCY);
    for (i, a) in agencies.iter().enumerate() {
        for (j, b) in agencies.iter().enumerate() {
            assert!(
                i == j || !a.ends_with(b),
                "{a} ends with {b}: they would match"
            );
        }
    }
    let names: Vec<&str> = corpus::corpus().iter().map(|d| d.name).collect();
    for p in corpus::PUBLISHERS {
        assert!(names.contains(&p.0), "{} is not a corpus file", p.0);
    }
}

#[test]
fn corpus_readme_is_the_generators() {
    let readme = std::fs::read_to_string(corpus_dir().join("README.md")).unwrap();
    assert_eq!(readme, corpus::readme());
}
