//! Trains the intent classifier on the bundled example utterances at build
//! time, so that a start reads a model instead of training one (~140 ms).
//!
//! The build script compiles the crate's own `text` and `classify` modules,
//! so the model is the one the binary would train: `Engine` uses it only
//! when the examples it loads have the fingerprint written with it, and
//! trains otherwise (an `--intents` folder with other examples).

#[allow(dead_code, clippy::all)]
#[path = "src/text.rs"]
mod text;

#[allow(dead_code, clippy::all)]
#[path = "src/classify.rs"]
mod classify;

const EXAMPLES: &[&str] = &["nb.toml", "nn.toml", "en.toml"];

fn main() {
    for f in [
        "build.rs",
        "src/text.rs",
        "src/classify.rs",
        "intents/examples",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let files: Vec<(String, classify::ExampleFile)> = EXAMPLES
        .iter()
        .filter_map(|name| {
            let path = format!("intents/examples/{name}");
            let text = std::fs::read_to_string(&path).ok()?;
            // A file that does not parse is reported when the binary loads
            // it; the binary then trains, as without a model.
            toml::from_str(&text).ok().map(|f| (path, f))
        })
        .collect();
    let bytes = if files.len() == EXAMPLES.len() {
        let (labels, examples) = classify::gather(&files);
        let training = classify::Training::default();
        let print = classify::fingerprint(&labels, &examples, training);
        classify::Classifier::train(labels, &examples, training).to_bytes(print)
    } else {
        Vec::new()
    };
    std::fs::write(out.join("model.bin"), bytes).expect("OUT_DIR is writable");
}
