//! Writes the seed corpora of the fuzz targets from `tests/fixtures/`: for `analyze` and
//! `fix_twice`, each fixture as its language's byte and its text, in `corpus/<target>/` and
//! per language in `corpus/<target>-<language>/` (for runs with `WSLSP_FUZZ_LANGUAGE`).
//! Run from `fuzz/`: `cargo run --bin seeds`.

use std::path::{Path, PathBuf};

use wslsp::languages::Language;

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("../tests/fixtures")];
    let mut written = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let Some(language) = Language::from_path(&path) else {
                continue;
            };
            let index = Language::ALL
                .iter()
                .position(|&l| l == language)
                .expect("in ALL");
            let mut seed = vec![index as u8];
            seed.extend(std::fs::read(&path)?);
            let name = path.file_name().expect("a file name");
            for target in ["analyze", "fix_twice"] {
                for dir in [target.to_owned(), format!("{target}-{}", language.name())] {
                    let dir: PathBuf = root.join("corpus").join(dir);
                    std::fs::create_dir_all(&dir)?;
                    std::fs::write(dir.join(name), &seed)?;
                }
            }
            written += 1;
        }
    }
    println!("{written} fixtures written as seeds under fuzz/corpus/");
    Ok(())
}
