//! gen-corpus: writes the corpus documents (the series in a `series/` subfolder, the web
//! forms in `web/`) and `README.md` into a folder.
//!
//! `cargo run -p testdocs --bin gen-corpus -- corpus` rewrites `corpus/` exactly as the
//! generator builds it (same bytes every run); `tests/corpus/` checks they match.

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "corpus".to_owned()),
    );
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("gen-corpus: cannot create {}: {e}", dir.display());
        std::process::exit(2);
    }
    let docs = testdocs::corpus::corpus()
        .into_iter()
        .map(|d| (d.name, d.build))
        .chain(
            testdocs::corpus_web::web_forms()
                .into_iter()
                .map(|f| (f.name, f.build)),
        );
    for (name, build) in docs {
        let path = dir.join(name);
        let bytes = build();
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            eprintln!("gen-corpus: cannot create {}: {e}", parent.display());
            std::process::exit(2);
        }
        if let Err(e) = std::fs::write(&path, &bytes) {
            eprintln!("gen-corpus: cannot write {}: {e}", path.display());
            std::process::exit(2);
        }
        println!("{} ({} bytes)", path.display(), bytes.len());
    }
    let readme = dir.join("README.md");
    if let Err(e) = std::fs::write(&readme, testdocs::corpus::readme()) {
        eprintln!("gen-corpus: cannot write {}: {e}", readme.display());
        std::process::exit(2);
    }
}
