//! Reading documents back: PDFs through lopdf, ZPL through a small parser.

use lopdf::{Document, Object};

/// A parsed PDF, after checking the file framing a printer relies on.
pub fn parse_pdf(bytes: &[u8]) -> Document {
    assert!(bytes.starts_with(b"%PDF-"), "no %PDF- header");
    let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(64)..]).into_owned();
    assert!(
        tail.contains("startxref") && tail.trim_end().ends_with("%%EOF"),
        "bad trailer: {tail}"
    );
    Document::load_mem(bytes).expect("lopdf parses the PDF")
}

/// The text of each page, one line per text object.
pub fn page_texts(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .keys()
        .map(|&number| doc.extract_text(&[number]).expect("text extracts"))
        .collect()
}

fn number(object: &Object) -> f32 {
    match object {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        other => panic!("not a number: {other:?}"),
    }
}

/// Each page's MediaBox as [x0, y0, x1, y1].
pub fn media_boxes(doc: &Document) -> Vec<[f32; 4]> {
    doc.get_pages()
        .values()
        .map(|&id| {
            let page = doc.get_dictionary(id).expect("page dictionary");
            let media = page
                .get(b"MediaBox")
                .and_then(Object::as_array)
                .expect("MediaBox");
            [
                number(&media[0]),
                number(&media[1]),
                number(&media[2]),
                number(&media[3]),
            ]
        })
        .collect()
}

/// One image XObject, decompressed.
#[derive(Debug)]
pub struct PdfImage {
    pub width: u32,
    pub height: u32,
    pub color_space: String,
    pub samples: Vec<u8>,
}

/// The image on each page (label pages carry exactly one), in page order.
pub fn page_images(doc: &Document) -> Vec<PdfImage> {
    doc.get_pages()
        .values()
        .map(|&page_id| {
            let page = doc.get_dictionary(page_id).expect("page");
            let resources = page
                .get(b"Resources")
                .and_then(Object::as_dict)
                .expect("resources");
            let xobjects = resources
                .get(b"XObject")
                .and_then(Object::as_dict)
                .expect("XObject");
            let (_, reference) = xobjects.iter().next().expect("one image");
            let stream = doc
                .get_object(reference.as_reference().expect("reference"))
                .and_then(Object::as_stream)
                .expect("image stream");
            let dict = &stream.dict;
            let int = |key: &[u8]| dict.get(key).and_then(Object::as_i64).expect("integer") as u32;
            PdfImage {
                width: int(b"Width"),
                height: int(b"Height"),
                color_space: String::from_utf8_lossy(
                    dict.get(b"ColorSpace")
                        .and_then(Object::as_name)
                        .expect("ColorSpace"),
                )
                .into_owned(),
                samples: stream.decompressed_content().expect("inflates"),
            }
        })
        .collect()
}

/// The labels of a ZPL stream, each from `^XA` to `^XZ` inclusive. Panics if
/// anything but whitespace lies between labels or a label is not closed.
pub fn zpl_labels(zpl: &str) -> Vec<&str> {
    let mut labels = Vec::new();
    let mut rest = zpl;
    loop {
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            return labels;
        }
        assert!(
            trimmed.starts_with("^XA"),
            "text outside a label: {:.40}",
            trimmed
        );
        let end = trimmed[3..].find("^XZ").expect("label closed") + 3 + 3;
        let label = &trimmed[..end];
        assert!(!label[3..end - 3].contains("^XA"), "nested ^XA");
        labels.push(label);
        rest = &trimmed[end..];
    }
}

/// Every `^` command in order, as the text between one `^` and the next.
pub fn zpl_commands(zpl: &str) -> Vec<&str> {
    zpl.split('^').skip(1).map(str::trim_end).collect()
}

/// The decoded text of every `^FD` field (after `^FH` hex escapes).
pub fn zpl_fields(zpl: &str) -> Vec<String> {
    zpl_commands(zpl)
        .into_iter()
        .filter_map(|command| command.strip_prefix("FD"))
        .map(|data| {
            let bytes = data.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'_' {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex digits");
                    out.push(u8::from_str_radix(hex, 16).expect("hex"));
                    i += 3;
                } else {
                    out.push(bytes[i]);
                    i += 1;
                }
            }
            String::from_utf8(out).expect("fields are UTF-8")
        })
        .collect()
}

/// A decoded `^GFA` graphic field.
#[derive(Debug, PartialEq, Eq)]
pub struct Graphic {
    pub total_bytes: usize,
    pub row_bytes: usize,
    pub data: Vec<u8>,
}

impl Graphic {
    pub fn rows(&self) -> usize {
        self.data.len() / self.row_bytes
    }

    pub fn dot(&self, x: usize, y: usize) -> bool {
        self.data[y * self.row_bytes + x / 8] & (0x80 >> (x % 8)) != 0
    }
}

/// Decodes the one `^GFA` field in `zpl`, plain hex or Zebra-compressed,
/// written independently of the crate's encoder from the ZPL manual.
pub fn decode_gfa(zpl: &str) -> Graphic {
    let start = zpl.find("^GFA,").expect("a ^GFA field") + 5;
    let end = start + zpl[start..].find('^').expect("field ends");
    let mut parts = zpl[start..end].splitn(4, ',');
    let mut next_number = || {
        parts
            .next()
            .expect("parameter")
            .parse::<usize>()
            .expect("number")
    };
    let (total_bytes, field_count, row_bytes) = (next_number(), next_number(), next_number());
    assert_eq!(
        total_bytes, field_count,
        "binary and field byte counts agree"
    );
    let payload = zpl[start..end].splitn(4, ',').nth(3).expect("data");

    let row_digits = row_bytes * 2;
    let mut hex: Vec<u8> = Vec::new();
    let mut row: Vec<u8> = Vec::new();
    let mut previous: Vec<u8> = Vec::new();
    let mut repeat = 0usize;
    let finish_row = |row: &mut Vec<u8>, hex: &mut Vec<u8>, previous: &mut Vec<u8>| {
        assert_eq!(row.len(), row_digits, "row length");
        hex.extend_from_slice(row);
        *previous = std::mem::take(row);
    };
    for c in payload.bytes() {
        match c {
            b'G'..=b'Y' => repeat += usize::from(c - b'F'),
            b'g'..=b'z' => repeat += 20 * usize::from(c - b'f'),
            b',' | b'!' => {
                let fill = if c == b',' { b'0' } else { b'F' };
                row.resize(row_digits, fill);
                finish_row(&mut row, &mut hex, &mut previous);
            }
            b':' => {
                assert!(
                    row.is_empty() && !previous.is_empty(),
                    "':' repeats a whole row"
                );
                row = previous.clone();
                finish_row(&mut row, &mut hex, &mut previous);
            }
            b'0'..=b'9' | b'A'..=b'F' => {
                for _ in 0..repeat.max(1) {
                    row.push(c);
                    if row.len() == row_digits {
                        finish_row(&mut row, &mut hex, &mut previous);
                    }
                }
                repeat = 0;
            }
            other => panic!("unexpected {:?} in ^GFA data", char::from(other)),
        }
    }
    assert!(row.is_empty(), "data ends mid-row");
    let data: Vec<u8> = hex
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).expect("ascii"), 16).expect("hex"))
        .collect();
    assert_eq!(data.len(), total_bytes, "byte count matches the data");
    Graphic {
        total_bytes,
        row_bytes,
        data,
    }
}
