//! Build script: validates the knowledge pack, so a broken entry fails the build with a message
//! naming it, and stamps the build with its version.

#[path = "src/knowledge/schema.rs"]
#[allow(dead_code)] // the library uses the accessors; the build only parses and checks
mod schema;

const PACK: &str = "assets/knowledge/mipomersen.toml";

fn main() {
    println!("cargo::rerun-if-changed={PACK}");
    println!("cargo::rerun-if-changed=src/knowledge/schema.rs");

    let text = std::fs::read_to_string(PACK)
        .unwrap_or_else(|error| panic!("cannot read the knowledge pack {PACK}: {error}"));
    let pack: schema::Pack = toml::from_str(&text)
        .unwrap_or_else(|error| panic!("the knowledge pack {PACK} is broken:\n{error}"));
    let problems = schema::check(&pack);
    assert!(
        problems.is_empty(),
        "the knowledge pack {PACK} is broken:\n  {}",
        problems.join("\n  ")
    );
}
