//! The text of an imported file, whatever the lab's system wrote: UTF-8 (with or without a
//! byte-order mark), else Windows-1252, which Excel writes on Windows.

/// The file's text, and the encoding it was read in when that was not UTF-8 (for the report).
pub fn decode(bytes: &[u8]) -> (String, Option<&'static str>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_owned(), None)
    } else {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        (text.into_owned(), Some("Windows-1252"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_it_is_and_a_bom_is_dropped() {
        assert_eq!(decode("µmol/L".as_bytes()), ("µmol/L".to_owned(), None));
        assert_eq!(
            decode(b"\xEF\xBB\xBFDatum;Wert"),
            ("Datum;Wert".to_owned(), None)
        );
    }

    #[test]
    fn windows_1252_is_the_fallback() {
        // "µmol/L" and "37°C" as Excel writes them on Windows.
        let (text, encoding) = decode(b"19,8;\xB5mol/L;U/L (37\xB0C);3\x9621");
        assert_eq!(text, "19,8;µmol/L;U/L (37°C);3–21");
        assert_eq!(encoding, Some("Windows-1252"));
    }
}
