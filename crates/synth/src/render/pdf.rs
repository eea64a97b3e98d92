//! A small PDF writer: A4 pages of Helvetica and Helvetica-Bold text in
//! WinAnsiEncoding, word-wrapped, with a running header and a correct
//! cross-reference table. Enough for minutes; no dependency needed.

use std::fmt::Write;

use minutebook_record::Meeting;

use super::Style;
use super::pdftext::{BodyLine, body, running_header};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const TOP: f32 = 780.0;
const BOTTOM: f32 = 60.0;
const SIZE: f32 = 10.0;
const LEADING: f32 = 13.0;

/// Assembles a PDF from page content streams.
#[derive(Debug, Default)]
pub struct PdfWriter {
    pages: Vec<Vec<u8>>,
}

impl PdfWriter {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a page drawn by `content` (a PDF content stream; fonts `/F1`
    /// Helvetica and `/F2` Helvetica-Bold are available).
    pub fn page(&mut self, content: Vec<u8>) {
        self.pages.push(content);
    }

    /// The whole file, with `title` in the document information.
    pub fn finish(self, title: &str) -> Vec<u8> {
        let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let n_pages = self.pages.len();
        // Objects: 1 catalog, 2 page tree, 3-4 fonts, 5 info, then a page
        // object and a content stream per page.
        let kids: Vec<String> = (0..n_pages).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
        let mut objects: Vec<Vec<u8>> = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            format!(
                "<< /Type /Pages /Kids [{}] /Count {n_pages} >>",
                kids.join(" ")
            )
            .into_bytes(),
            font("Helvetica"),
            font("Helvetica-Bold"),
            [
                b"<< /Title (".as_slice(),
                &pdf_string(title),
                b") /Producer (minutebook-synth) >>",
            ]
            .concat(),
        ];
        for (i, content) in self.pages.into_iter().enumerate() {
            objects.push(
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] \
                     /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                    7 + 2 * i
                )
                .into_bytes(),
            );
            let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
            stream.extend_from_slice(&content);
            stream.extend_from_slice(b"\nendstream");
            objects.push(stream);
        }
        let mut offsets = Vec::with_capacity(objects.len());
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let mut tail = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
        for off in offsets {
            let _ = writeln!(tail, "{off:010} 00000 n ");
        }
        let _ = write!(
            tail,
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        );
        out.extend_from_slice(tail.as_bytes());
        out
    }
}

fn font(name: &str) -> Vec<u8> {
    format!("<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>")
        .into_bytes()
}

/// Text as WinAnsi bytes with PDF string escapes. Characters outside
/// WinAnsi become "?" (the generator uses none).
fn pdf_string(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                out.push(c as u8);
            }
            ' '..='~' => out.push(c as u8),
            _ => out.push(win_ansi(c)),
        }
    }
    out
}

fn win_ansi(c: char) -> u8 {
    match c {
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '\u{a0}' => 0xA0,
        '£' => 0xA3,
        '·' => 0xB7,
        'é' => 0xE9,
        _ => b'?',
    }
}

/// Helvetica advance widths (1/1000 em) for ASCII 32..=126, from the
/// standard AFM; other characters are taken as 556.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

fn text_width(s: &str, size: f32, bold: bool) -> f32 {
    let units: u32 = s
        .chars()
        .map(|c| match c as u32 {
            32..=126 => u32::from(HELVETICA[(c as u32 - 32) as usize]),
            _ => 556,
        })
        .sum();
    // Bold glyphs run about 6% wider; wrap conservatively.
    let scale = if bold { 1.06 } else { 1.0 };
    units as f32 * size / 1000.0 * scale
}

/// Greedy word wrap to `width` points.
fn wrap(s: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in s.split(' ') {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && text_width(&candidate, size, bold) > width {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        } else {
            cur = candidate;
        }
    }
    lines.push(cur);
    lines
}

fn show(content: &mut Vec<u8>, font: &str, size: f32, x: f32, y: f32, text: &str) {
    content.extend_from_slice(format!("BT /{font} {size} Tf {x} {y} Td (").as_bytes());
    content.extend_from_slice(&pdf_string(text));
    content.extend_from_slice(b") Tj ET\n");
}

/// The minutes as a PDF: the same body as the PDF-text format, wrapped to
/// the page, with the running header on every page after the first (where
/// the title already stands).
pub(crate) fn render(m: &Meeting, style: &Style) -> Vec<u8> {
    let header = running_header(m);
    let mut writer = PdfWriter::new();
    let mut content = Vec::new();
    let mut y = TOP;
    let width = PAGE_W - 2.0 * MARGIN;
    for BodyLine { text, heading } in body(m, style) {
        let (font, size) = if heading {
            ("F2", SIZE + 0.5)
        } else {
            ("F1", SIZE)
        };
        for line in wrap(&text, size, heading, width) {
            if y < BOTTOM {
                writer.page(std::mem::take(&mut content));
                show(&mut content, "F2", 8.0, MARGIN, PAGE_H - 40.0, &header);
                y = TOP;
            }
            if !line.is_empty() {
                show(&mut content, font, size, MARGIN, y, &line);
            }
            y -= LEADING;
        }
    }
    writer.page(content);
    writer.finish(&header)
}
