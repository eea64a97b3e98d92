//! Integration tests for `minutebook-extract`. Every fixture is written here
//! in the genre of council minutes; no corpus text is copied in.

use minutebook_extract::{Container, ExtractError, Extracted, Limits, PAGE_BREAK, detect, extract};

fn run(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    extract(bytes, &Limits::default())
}

fn text_of(bytes: &[u8]) -> String {
    match run(bytes) {
        Ok(doc) => doc.text,
        Err(e) => panic!("extraction failed: {e}"),
    }
}

/// Assemble a small valid PDF: one page per entry, each page a list of text
/// lines set in Helvetica, with a correct cross-reference table.
fn build_pdf(pages: &[&[&str]]) -> Vec<u8> {
    let mut objects: Vec<String> = Vec::new();
    // 1: catalog, 2: page tree, 3: font; then a page and its content per page.
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", 4 + 2 * i))
        .collect();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".to_owned());
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        pages.len()
    ));
    objects.push(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
    );
    for (i, lines) in pages.iter().enumerate() {
        let content_id = 5 + 2 * i;
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
             /Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        ));
        let mut stream = String::new();
        if !lines.is_empty() {
            stream.push_str("BT /F1 12 Tf 72 720 Td 14 TL\n");
            for line in *lines {
                let escaped = line
                    .replace('\\', "\\\\")
                    .replace('(', "\\(")
                    .replace(')', "\\)");
                stream.push_str(&format!("({escaped}) Tj T*\n"));
            }
            stream.push_str("ET\n");
        }
        objects.push(format!(
            "<< /Length {} >>\nstream\n{stream}endstream",
            stream.len()
        ));
    }
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref_at = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

mod text {
    use super::*;

    #[test]
    fn plain_utf8_is_kept_byte_faithful_apart_from_line_ends() {
        let src = "Minutes of the Parks Committee\r\n\r\nPresent:\u{a0}Councillor Lyle (Chair)\rApologies: none\n";
        let doc = run(src.as_bytes()).expect("text");
        assert_eq!(doc.container, Container::Text);
        assert_eq!(
            doc.text,
            "Minutes of the Parks Committee\n\nPresent:\u{a0}Councillor Lyle (Chair)\nApologies: none\n"
        );
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("RESOLVED – that the report be noted.".as_bytes());
        assert_eq!(text_of(&bytes), "RESOLVED – that the report be noted.");
    }

    #[test]
    fn windows_1252_is_decoded() {
        let bytes = b"Caf\xe9 \x93quoted\x94 \x96 \xa3100 grant agreed.";
        assert_eq!(text_of(bytes), "Café “quoted” – £100 grant agreed.");
    }

    #[test]
    fn utf16_le_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Item 4 – Budget\r\nAgreed.".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(text_of(&bytes), "Item 4 – Budget\nAgreed.");
    }

    #[test]
    fn utf16_be_with_bom_is_decoded() {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in "Apologies: Councillor Pike".encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(text_of(&bytes), "Apologies: Councillor Pike");
    }

    #[test]
    fn text_is_not_mistaken_for_html_or_pdf() {
        let src = b"The clerk noted that <b> tags in the old website were removed.\nThe PDF version follows.";
        assert_eq!(detect(src), Container::Text);
    }
}

mod bounds {
    use super::*;

    #[test]
    fn empty_input() {
        assert_eq!(run(b"").err(), Some(ExtractError::Empty));
    }

    #[test]
    fn whitespace_only_input() {
        assert_eq!(run(b"  \r\n\t \n").err(), Some(ExtractError::Empty));
        assert_eq!(run(b"\xEF\xBB\xBF \n").err(), Some(ExtractError::Empty));
    }

    #[test]
    fn png_renamed_as_text_is_binary() {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        bytes.extend_from_slice(&[0u8; 64]);
        assert_eq!(run(&bytes).err(), Some(ExtractError::Binary));
    }

    #[test]
    fn control_heavy_bytes_are_binary() {
        let bytes: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 0x01 + i % 7 } else { b'a' })
            .collect();
        assert_eq!(run(&bytes).err(), Some(ExtractError::Binary));
    }

    #[test]
    fn symbol_soup_is_mis_encoded() {
        let bytes: Vec<u8> = (0..120u8).map(|i| 0xC0 + (i % 60)).collect();
        assert_eq!(run(&bytes).err(), Some(ExtractError::MisEncoded));
    }

    #[test]
    fn oversize_is_refused_before_any_work() {
        let limits = Limits { max_bytes: 8 };
        let err = extract(b"%PDF-1.4 garbage garbage", &limits).err();
        assert_eq!(err, Some(ExtractError::TooLarge { size: 24, max: 8 }));
    }

    #[test]
    fn messages_read_as_one_line_after_a_file_name() {
        let errors = [
            ExtractError::Empty,
            ExtractError::TooLarge { size: 10, max: 5 },
            ExtractError::Binary,
            ExtractError::MisEncoded,
            ExtractError::NoTextLayer,
            ExtractError::UnreadableText,
            ExtractError::Pdf("bad xref".to_owned()),
            ExtractError::Html("no text".to_owned()),
        ];
        for e in errors {
            let msg = e.to_string();
            assert!(!msg.is_empty() && !msg.contains('\n'), "{msg:?}");
        }
        assert!(ExtractError::NoTextLayer.to_string().contains("OCR"));
    }

    #[test]
    fn default_limit_is_fifty_mebibytes() {
        assert_eq!(Limits::default().max_bytes, 50 * 1024 * 1024);
    }
}

mod html {
    use super::*;

    const MEETING_PAGE: &str = r##"<!DOCTYPE html>
<html><head><title>Agenda for Parks Committee</title>
<script>var tracking = "Minutes: not really";</script><style>p { color: red }</style></head>
<body>
<header id="page-header"><img src="logo.png" alt="Borough logo"></header>
<nav class="breadcrumb"><ul><li><a href="/">Home</a></li><li>Meetings</li></ul></nav>
<div id="cookie-banner">We use cookies. Accept?</div>
<div id="modgov"><div class="mgHeader"><h1 class="mgMainTitleTxt">Agenda and minutes</h1></div>
<div class="mgSubTitle"><h2 class="mgSubTitleTxt"><a href="#">Parks and Open Spaces Committee - Tuesday 3rd March 2026 7.00 pm</a></h2></div>
<div class="mgLinks"><ul class="mgActionList"><li><a href="x.pdf">Agenda frontsheet <span class="mgFileSize"><img alt=""> PDF 90 KB</span></a></li></ul></div>
<div class="mgContent">
<p><span class="mgLabel">Venue: </span>Committee Room 2, Town Hall. <a href="#"> View directions</a></p>
<p><span class="mgLabel">Contact: </span>Jo Marsh&nbsp; Email: <a href="mailto:jo@example.org">jo@example.org</a></p>
<table class="mgItemTable" id="mgItemTable"><caption class="mgSectionTitle">Items</caption>
<tr><th class="mgHide" scope="col">No.</th><th class="mgHide" scope="col">Item</th></tr>
<tr><td class="mgItemNumberCell"><p class="mgAiTitleTxt"><a name="AI1"></a>7.</p></td>
<td><p class="mgAiTitleTxt">Apologies for Absence</p>
<div class="mgWordPara"><p>To receive   apologies.</p></div>
<p class="mgSubItemTitleTxt">Minutes:</p>
<div class="mgWordPara"><p>Apologies were received from Councillor Pike.</p></div></td></tr>
<tr><td class="mgItemNumberCell"><p class="mgAiTitleTxt"><a name="AI2"></a>8.</p></td>
<td><p class="mgAiTitleTxt"><a class="mgAiTitleLnk" href="d.pdf">Tree Planting Programme <span class="mgFileSize"><img alt="pdf icon" src="pdf.gif"> PDF 234 KB</span></a></p>
<div class="mgWordPara"><p>To consider the <b>winter</b> planting report.</p></div>
<p class="mgSubItemTitleTxt">Additional documents:</p>
<ul class="mgBulletList">
<li><a href="a1.pdf">Appendix A - Site list <span class="mgHide">, item 8.</span> <span class="mgFileSize"><img alt="pdf icon"> PDF 56 KB</span></a></li>
<li><a href="a2.pdf">Appendix B - Costs <span class="mgHide">, item 8.</span> <span class="mgFileSize"><img alt="pdf icon"> PDF 12 KB</span></a></li>
</ul>
<p class="mgSubItemTitleTxt">Minutes:</p>
<div class="mgWordPara"><p>The Committee discussed the programme. Members noted:</p>
<ul><li>the budget of &pound;40,000;</li><li>the species mix<ul><li>oak and lime</li></ul></li></ul>
<table><tr><td>For</td><td>6</td></tr><tr><td>Against</td><td>1</td></tr></table>
<p>RESOLVED &ndash; that the programme be approved.</p></div></td></tr>
</table>
</div></div>
<div class="mgSideBar"><p>Related meetings</p></div>
<footer><p>&copy; Borough Council</p></footer>
</body></html>"##;

    const MEETING_TEXT: &str = "Agenda and minutes

Parks and Open Spaces Committee - Tuesday 3rd March 2026 7.00 pm

Venue: Committee Room 2, Town Hall. View directions

Contact: Jo Marsh\u{a0} Email: jo@example.org

Items
No. Item

7.

Apologies for Absence

To receive apologies.

Minutes:

Apologies were received from Councillor Pike.

8.

Tree Planting Programme pdf icon PDF 234 KB

To consider the winter planting report.

Additional documents:

Appendix A - Site list pdf icon PDF 56 KB
Appendix B - Costs pdf icon PDF 12 KB

Minutes:

The Committee discussed the programme. Members noted:

·  the budget of £40,000;

·  the species mix

·  oak and lime

For | 6
Against | 1

RESOLVED – that the programme be approved.
";

    #[test]
    fn moderngov_meeting_page_reads_like_the_web_page() {
        let doc = run(MEETING_PAGE.as_bytes()).expect("html");
        assert_eq!(doc.container, Container::Html);
        assert_eq!(doc.text, MEETING_TEXT);
    }

    #[test]
    fn mg_hide_and_chrome_are_dropped() {
        let text = text_of(MEETING_PAGE.as_bytes());
        for gone in [
            ", item 8.",
            "cookies",
            "Home",
            "tracking",
            "Borough logo",
            "Related meetings",
            "Agenda frontsheet",
            "©",
        ] {
            assert!(!text.contains(gone), "{gone:?} leaked into {text}");
        }
    }

    #[test]
    fn moderngov_single_item_page() {
        let page = r#"<html><body><div id="modgov">
<div class="mgHeader"><h1 class="mgMainTitleTxt">Agenda item</h1></div>
<div class="mgSubTitle"><h2 class="mgSubTitleTxt">Meeting: 03/03/2026 - Parks Committee (Item 9)</h2></div>
<div class="mgContent"><p class="mgAiTitleTxt">9 Allotment Rents <span class="mgFileSize"><img alt="pdf icon"> PDF 80 KB</span></p>
<div class="mgWordPara"><p>To review allotment rents for 2026/27.</p></div>
<p class="mgSubItemTitleTxt">Minutes:</p>
<div class="mgWordPara"><p>Members agreed a rise of 2&#37;.</p></div></div></div></body></html>"#;
        assert_eq!(
            text_of(page.as_bytes()),
            "Agenda item\n\nMeeting: 03/03/2026 - Parks Committee (Item 9)\n\n9 Allotment Rents pdf icon PDF 80 KB\n\n\
             To review allotment rents for 2026/27.\n\nMinutes:\n\nMembers agreed a rise of 2%.\n"
        );
    }

    #[test]
    fn wordpress_page_takes_entry_content_only() {
        let page = r#"<!doctype html><html><body>
<div id="masthead"><h1 class="site-title">Township of Elmvale</h1></div>
<nav><ul><li>Home</li><li>Council</li></ul></nav>
<article><header class="entry-header"><h1>Minutes</h1></header>
<div class="entry-content"><p>MINUTES<br />
TOWNSHIP OF ELMVALE<br />
Tuesday, May 5, 2026</p>
<p>Present:  Mayor Ann Ridge and Councillors Bo Lund and Cy Moss.</p>
<p>R2026-041&#9;B. Lund, C. Moss:  That the minutes be adopted.  Carried.</p>
</div></article>
<aside class="widget"><p>Recent posts</p></aside></body></html>"#;
        assert_eq!(
            text_of(page.as_bytes()),
            "MINUTES\nTOWNSHIP OF ELMVALE\nTuesday, May 5, 2026\n\nPresent: Mayor Ann Ridge and Councillors Bo Lund and Cy Moss.\n\n\
             R2026-041 B. Lund, C. Moss: That the minutes be adopted. Carried.\n"
        );
    }

    #[test]
    fn plain_page_falls_back_to_body() {
        let page = "<html><body><h2>Notes</h2><p>Meeting closed at 9.15 pm.</p></body></html>";
        assert_eq!(
            text_of(page.as_bytes()),
            "Notes\n\nMeeting closed at 9.15 pm.\n"
        );
    }

    #[test]
    fn detection_ignores_case_bom_and_leading_space() {
        assert_eq!(
            detect(b"\xEF\xBB\xBF \n<!DOCTYPE HTML><p>x</p>"),
            Container::Html
        );
        assert_eq!(
            detect(b"<TABLE><tr><td>x</td></tr></TABLE>"),
            Container::Html
        );
    }

    #[test]
    fn windows_1252_page_is_decoded() {
        let page = b"<html><body><p>Grant of \xa3500 \x96 agreed.</p></body></html>";
        assert_eq!(text_of(page), "Grant of \u{a3}500 \u{2013} agreed.\n");
    }

    #[test]
    fn page_without_text_is_an_html_error() {
        let err = run(b"<html><body><script>x()</script></body></html>").err();
        assert!(matches!(err, Some(ExtractError::Html(_))), "{err:?}");
    }

    #[test]
    fn regression_hostile_nesting_is_refused_quickly() {
        let page = "<html><body>".to_owned() + &"<div>".repeat(100_000);
        assert!(matches!(run(page.as_bytes()), Err(ExtractError::Html(_))));
    }
}

mod pdf {
    use super::*;

    #[test]
    fn one_page_pdf_gives_its_lines() {
        let bytes = build_pdf(&[&["MINUTES OF THE PARKS COMMITTEE", "Present: Councillor Lyle"]]);
        let doc = run(&bytes).expect("pdf");
        assert_eq!(doc.container, Container::Pdf);
        assert_eq!(
            doc.text,
            "MINUTES OF THE PARKS COMMITTEE\nPresent: Councillor Lyle\n"
        );
    }

    #[test]
    fn pages_are_separated_by_a_form_feed_line() {
        let bytes = build_pdf(&[&["Page one text"], &["Page two text (continued)"]]);
        assert_eq!(
            text_of(&bytes),
            format!("Page one text{PAGE_BREAK}Page two text (continued)\n")
        );
    }

    #[test]
    fn header_may_follow_junk_within_the_first_kilobyte() {
        let mut bytes = b"\xEF\xBB\xBF\r\n".to_vec();
        bytes.extend(build_pdf(&[&["Late header"]]));
        assert_eq!(detect(&bytes), Container::Pdf);
    }

    #[test]
    fn pdf_without_text_has_no_text_layer() {
        let bytes = build_pdf(&[&[], &[]]);
        assert_eq!(run(&bytes).err(), Some(ExtractError::NoTextLayer));
    }

    #[test]
    fn truncated_pdf_is_an_error_not_a_panic() {
        let bytes = build_pdf(&[&["Some text that will be cut off"]]);
        for cut in [9, 40, bytes.len() / 2, bytes.len() - 30] {
            let outcome = run(&bytes[..cut]);
            assert!(outcome.is_err() || outcome.is_ok(), "cut at {cut}");
        }
    }

    #[test]
    fn garbage_after_header_is_a_pdf_error() {
        let err = run(b"%PDF-1.7\nthis is not really a pdf at all\n").err();
        assert!(matches!(err, Some(ExtractError::Pdf(_))), "{err:?}");
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = run(&bytes);
        }

        #[test]
        fn on_bytes_after_a_pdf_header(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut input = b"%PDF-1.4\n".to_vec();
            input.extend(bytes);
            let _ = run(&input);
        }

        #[test]
        fn on_bytes_after_an_html_tag(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut input = b"<html>".to_vec();
            input.extend(bytes);
            let _ = run(&input);
        }

        #[test]
        fn on_arbitrary_text_after_an_html_tag(s in "\\PC{0,300}") {
            let _ = run(format!("<html><body><div id=\"modgov\">{s}").as_bytes());
        }
    }
}
