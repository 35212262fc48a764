//! Build script: validates the knowledge pack, so a broken entry fails the build with a message
//! naming it, and stamps the build with its version; for Windows, embeds the icon and the
//! version resource (what Explorer shows under Properties → Details).

#[path = "src/knowledge/schema.rs"]
#[allow(dead_code)] // the library uses the accessors; the build only parses and checks
mod schema;

const PACK: &str = "assets/knowledge/mipomersen.toml";
const WINDOWS_ICON: &str = "assets/icon.ico";

fn main() {
    println!("cargo::rerun-if-changed={PACK}");
    println!("cargo::rerun-if-changed=src/knowledge/schema.rs");
    println!("cargo::rerun-if-changed={WINDOWS_ICON}");

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

    if std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "windows") {
        windows_resources();
    }
}

/// The icon and the version resource of the Windows `.exe`: with `rc.exe` on Windows, with
/// MinGW's `x86_64-w64-mingw32-windres` when cross-building from Linux.
fn windows_resources() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let mut resource = winresource::WindowsResource::new();
    resource
        .set_icon(WINDOWS_ICON)
        .set("ProductName", "Mipomersen Monitor")
        .set("FileDescription", "Mipomersen Monitor")
        .set("InternalName", "mipomersen-monitor")
        .set("OriginalFilename", "mipomersen-monitor.exe")
        .set("ProductVersion", &version)
        .set("FileVersion", &version)
        .set("LegalCopyright", "MIT OR Apache-2.0");
    // Only the app's binary: examples, tests and benchmarks carry no resource.
    if let Err(error) = resource.compile_for("mipomersen-monitor") {
        panic!(
            "cannot embed the Windows icon and version resource: {error}\n\
             (cross-building from Linux needs MinGW's windres: apt-get install \
             gcc-mingw-w64-x86-64)"
        );
    }
}
