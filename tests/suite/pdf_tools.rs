//! The printed PDFs read back by tools other than the one that wrote them: poppler's `pdftotext`
//! and `pdfinfo` (package poppler-utils) and `qpdf` (package qpdf). A missing tool fails the test
//! and names the package to install; CI installs both.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

/// The standard output of `tool`, from `package`, run with `args`.
fn run<I, S>(tool: &str, package: &str, args: I) -> Vec<u8>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<S> = args.into_iter().collect();
    let output = Command::new(tool)
        .args(&args)
        .output()
        .unwrap_or_else(|error| {
            panic!("`{tool}` did not run ({error}): install the `{package}` package")
        });
    assert!(
        output.status.success(),
        "`{tool} {}` failed: {}",
        args.iter()
            .map(|arg| arg.as_ref().to_string_lossy())
            .collect::<Vec<_>>()
            .join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The text of the PDF, or of one page of it, laid out as on the page.
pub fn text(pdf: &Path, page: Option<usize>) -> String {
    let mut args: Vec<&OsStr> = Vec::new();
    let page = page.map(|page| page.to_string());
    if let Some(page) = &page {
        args.extend(["-f", page, "-l", page].map(OsStr::new));
    }
    args.extend([OsStr::new("-layout"), pdf.as_os_str(), OsStr::new("-")]);
    String::from_utf8(run("pdftotext", "poppler-utils", args)).expect("UTF-8")
}

/// What `pdfinfo` says of the PDF, field by field; dates in ISO 8601.
pub fn info(pdf: &Path) -> BTreeMap<String, String> {
    let args = [OsStr::new("-isodates"), pdf.as_os_str()];
    String::from_utf8(run("pdfinfo", "poppler-utils", args))
        .expect("UTF-8")
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(field, value)| (field.to_owned(), value.trim().to_owned()))
        .collect()
}

/// The creation date `pdfinfo` reads: ISO 8601 with the offset as poppler writes it, `Z`, `+01`
/// or `-03:30`.
pub fn creation_date(pdf: &Path) -> DateTime<FixedOffset> {
    let date = &info(pdf)["CreationDate"];
    let with_minutes = match date.strip_suffix('Z') {
        Some(utc) => format!("{utc}+00:00"),
        None if date
            .rfind(['+', '-'])
            .is_some_and(|sign| date.len() - sign == 3) =>
        {
            format!("{date}:00")
        }
        None => date.clone(),
    };
    DateTime::parse_from_rfc3339(&with_minutes)
        .unwrap_or_else(|error| panic!("the creation date {date:?}: {error}"))
}

/// A structure element of a tagged PDF, as `qpdf` reads it.
#[derive(Debug)]
pub struct Element {
    /// The structure type without its slash: `H1`, `TD`.
    pub role: String,
    /// The title (`/T`): a heading's text.
    pub title: Option<String>,
    pub alt: Option<String>,
    pub children: Vec<Element>,
    /// Its marked content: page index and MCID.
    pub marked: Vec<(usize, i64)>,
}

impl Element {
    /// This element and every one under it, in reading order.
    pub fn all(&self) -> Vec<&Element> {
        let mut all = vec![self];
        for child in &self.children {
            all.extend(child.all());
        }
        all
    }

    pub fn count(&self, role: &str) -> usize {
        self.all().iter().filter(|e| e.role == role).count()
    }

    pub fn roles(&self) -> Vec<&str> {
        self.children.iter().map(|e| e.role.as_str()).collect()
    }
}

/// A PDF's objects and pages as `qpdf --json` gives them.
pub struct Pdf {
    objects: Map<String, Value>,
    /// Each page's object reference and its content streams.
    pages: Vec<(String, Vec<String>)>,
    /// Each page's decoded content.
    contents: Vec<Vec<u8>>,
}

impl Pdf {
    pub fn read(pdf: &Path) -> Self {
        let args = [
            OsStr::new("--json"),
            OsStr::new("--json-key=qpdf"),
            OsStr::new("--json-key=pages"),
            pdf.as_os_str(),
        ];
        let json: Value = serde_json::from_slice(&run("qpdf", "qpdf", args)).expect("JSON");
        let objects = json["qpdf"][1].as_object().expect("the objects").clone();
        let pages: Vec<(String, Vec<String>)> = json["pages"]
            .as_array()
            .expect("the pages")
            .iter()
            .map(|page| {
                let contents = page["contents"].as_array().expect("content streams");
                (
                    page["object"].as_str().expect("a page object").to_owned(),
                    contents
                        .iter()
                        .map(|c| c.as_str().expect("a reference").to_owned())
                        .collect(),
                )
            })
            .collect();
        let contents = pages
            .iter()
            .map(|(_, streams)| {
                streams
                    .iter()
                    .flat_map(|stream| Self::stream_data(pdf, stream))
                    .collect()
            })
            .collect();
        Pdf {
            objects,
            pages,
            contents,
        }
    }

    /// The decoded data of the stream `reference` ("12 0 R").
    fn stream_data(pdf: &Path, reference: &str) -> Vec<u8> {
        let number = reference.split(' ').next().expect("an object number");
        let show = format!("--show-object={number}");
        let args = [
            OsStr::new(&show),
            OsStr::new("--filtered-stream-data"),
            pdf.as_os_str(),
        ];
        run("qpdf", "qpdf", args)
    }

    /// The object `value` refers to, or `value` itself when it is no reference.
    pub fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        match value.as_str() {
            Some(reference) if reference.ends_with(" R") => {
                let object = &self.objects[&format!("obj:{reference}")];
                object.get("value").unwrap_or(&object["stream"]["dict"])
            }
            _ => value,
        }
    }

    pub fn catalog(&self) -> &Map<String, Value> {
        self.objects
            .values()
            .filter_map(|object| object.get("value")?.as_object())
            .find(|value| value.get("/Type") == Some(&Value::from("/Catalog")))
            .expect("a catalog")
    }

    /// The decoded data of the catalog's XMP metadata.
    pub fn metadata(&self, pdf: &Path) -> String {
        let reference = self.catalog()["/Metadata"].as_str().expect("a reference");
        String::from_utf8(Self::stream_data(pdf, reference)).expect("UTF-8 XMP")
    }

    /// The structure tree from its root element (`Document`).
    pub fn structure(&self) -> Element {
        let root = self.resolve(&self.catalog()["/StructTreeRoot"]);
        let kids = kids(&root["/K"]);
        assert_eq!(kids.len(), 1, "one root element");
        self.element(kids[0], None)
    }

    fn page_of(&self, reference: &Value) -> usize {
        let reference = reference.as_str().expect("a page reference");
        self.pages
            .iter()
            .position(|(page, _)| page == reference)
            .expect("a page of the document")
    }

    fn element(&self, value: &Value, page: Option<usize>) -> Element {
        let dict = self.resolve(value);
        let page = dict.get("/Pg").map(|pg| self.page_of(pg)).or(page);
        let text = |key: &str| {
            dict.get(key)
                .and_then(Value::as_str)
                .map(|text| text.trim_start_matches("u:").to_owned())
        };
        let mut element = Element {
            role: dict["/S"].as_str().expect("a role")[1..].to_owned(),
            title: text("/T"),
            alt: text("/Alt"),
            children: Vec::new(),
            marked: Vec::new(),
        };
        for kid in kids(dict.get("/K").unwrap_or(&Value::Null)) {
            let kid_dict = self.resolve(kid);
            if let Some(mcid) = kid.as_i64() {
                element
                    .marked
                    .push((page.expect("a page for an MCID"), mcid));
            } else if kid_dict.get("/Type") == Some(&Value::from("/MCR")) {
                let on = kid_dict
                    .get("/Pg")
                    .map_or(page, |pg| Some(self.page_of(pg)));
                let mcid = kid_dict["/MCID"].as_i64().expect("an MCID");
                element.marked.push((on.expect("a page for an MCID"), mcid));
            } else {
                element.children.push(self.element(kid, page));
            }
        }
        element
    }

    /// Checks that every page's content is marked: everything painted is inside marked content
    /// that is either an artifact or has an MCID, each MCID is used once, and the parent tree
    /// has an entry for each; returns the marked content `(page, MCID)` of all pages.
    pub fn check_page_content_marked(&self) -> BTreeSet<(usize, i64)> {
        let parent_tree =
            self.resolve(&self.resolve(&self.catalog()["/StructTreeRoot"])["/ParentTree"]);
        let nums = parent_tree["/Nums"].as_array().expect("a flat parent tree");
        let mut all = BTreeSet::new();
        for (index, ((page, _), content)) in self.pages.iter().zip(&self.contents).enumerate() {
            let scan = scan(content);
            assert_eq!(
                scan.untagged_paint,
                0,
                "page {}: painted outside marked content",
                index + 1
            );
            let unique: BTreeSet<i64> = scan.mcids.iter().copied().collect();
            assert_eq!(
                unique.len(),
                scan.mcids.len(),
                "page {}: an MCID twice",
                index + 1
            );
            let key = self.resolve(&Value::from(page.as_str()))["/StructParents"].clone();
            let entry = nums
                .chunks(2)
                .find(|pair| pair[0] == key)
                .unwrap_or_else(|| panic!("page {}: no parent tree entry", index + 1));
            let parents = self
                .resolve(&entry[1])
                .as_array()
                .expect("an array of parents");
            assert_eq!(parents.len(), unique.len(), "page {}: parents", index + 1);
            for mcid in unique {
                let parent = &parents[usize::try_from(mcid).expect("an MCID")];
                assert!(
                    parent.as_str().is_some_and(|r| r.ends_with(" R")),
                    "page {}: MCID {mcid} has no parent",
                    index + 1
                );
                all.insert((index, mcid));
            }
        }
        all
    }
}

/// What a page's content stream marks.
struct Scan {
    /// The MCIDs of its marked content, in order.
    mcids: Vec<i64>,
    /// Painting operators outside any artifact or marked content with an MCID.
    untagged_paint: usize,
}

/// Reads the operators of a content stream and the marked content around them.
fn scan(content: &[u8]) -> Scan {
    const PAINT: [&[u8]; 16] = [
        b"Tj", b"TJ", b"'", b"\"", b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"Do",
        b"sh", b"BI",
    ];
    let delimiter = |c: u8| c.is_ascii_whitespace() || b"()<>[]{}/%".contains(&c);
    let mut scan = Scan {
        mcids: Vec::new(),
        untagged_paint: 0,
    };
    // Whether each open marked content is tagged (an artifact, or content with an MCID).
    let mut open: Vec<bool> = Vec::new();
    let mut operands: Vec<&[u8]> = Vec::new();
    let mut i = 0;
    while i < content.len() {
        let start = i;
        match content[i] {
            c if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'(' => i = skip_string(content, i),
            b'<' if content.get(i + 1) == Some(&b'<') => i = skip_dictionary(content, i),
            b'<' => i = skip_hex(content, i),
            b'[' | b']' => i += 1,
            b'/' => {
                i += 1;
                while i < content.len() && !delimiter(content[i]) {
                    i += 1;
                }
            }
            _ => {
                while i < content.len() && !delimiter(content[i]) {
                    i += 1;
                }
                let word = &content[start..i];
                if word
                    .first()
                    .is_some_and(|c| c.is_ascii_digit() || b"+-.".contains(c))
                {
                    operands.push(word);
                    continue;
                }
                match word {
                    b"BMC" => open.push(operands.first() == Some(&&b"/Artifact"[..])),
                    b"BDC" => {
                        let mcid = operands.get(1).and_then(|properties| mcid_in(properties));
                        if let Some(mcid) = mcid {
                            scan.mcids.push(mcid);
                        }
                        open.push(mcid.is_some() || operands.first() == Some(&&b"/Artifact"[..]));
                    }
                    b"EMC" => {
                        open.pop().expect("EMC closes marked content");
                    }
                    word if PAINT.contains(&word) && !open.iter().any(|&tagged| tagged) => {
                        scan.untagged_paint += 1;
                    }
                    _ => {}
                }
                operands.clear();
                continue;
            }
        }
        operands.push(&content[start..i]);
    }
    assert!(open.is_empty(), "marked content left open");
    scan
}

/// The index after the literal string starting at `start`.
fn skip_string(content: &[u8], start: usize) -> usize {
    let (mut depth, mut i) = (0, start);
    loop {
        match content[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// The index after the hex string starting at `start`.
fn skip_hex(content: &[u8], start: usize) -> usize {
    start
        + content[start..]
            .iter()
            .position(|&c| c == b'>')
            .expect("a hex string ends")
        + 1
}

/// The index after the dictionary starting at `start`, with its strings and nested dictionaries.
fn skip_dictionary(content: &[u8], start: usize) -> usize {
    let (mut depth, mut i) = (0, start);
    while i < content.len() {
        match (content[i], content.get(i + 1)) {
            (b'<', Some(b'<')) => {
                depth += 1;
                i += 2;
            }
            (b'>', Some(b'>')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            (b'<', _) => i = skip_hex(content, i),
            (b'(', _) => i = skip_string(content, i),
            _ => i += 1,
        }
    }
    panic!("an unterminated dictionary")
}

/// The `/MCID` of a marked-content property dictionary.
fn mcid_in(properties: &[u8]) -> Option<i64> {
    let text = String::from_utf8_lossy(properties);
    let after = text.split("/MCID").nth(1)?;
    let digits: String = after
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The kids (`/K`) of a structure element: one, several, or none.
fn kids(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        value => vec![value],
    }
}
