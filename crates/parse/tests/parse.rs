//! The parser's integration tests, organised by the document layout they
//! exercise. Fixtures are our own words written in the genre.

use minutebook_parse::{Options, ParseError, parse_bytes, parse_text};
use minutebook_record::{ActionKind, ItemKind, MinutesStatus, Role};

const MODERNGOV: &str = include_str!("fixtures/moderngov.txt");
const PDF_TEXT: &str = include_str!("fixtures/pdf-text.txt");

mod moderngov_text {
    use super::*;

    #[test]
    fn header() {
        let m = parse_text(MODERNGOV).unwrap();
        assert_eq!(
            m.committee.as_deref(),
            Some("Adult Social Care Overview and Scrutiny Committee")
        );
        assert_eq!(m.date.as_deref(), Some("2024-10-09"));
        assert_eq!(m.start_time.as_deref(), Some("14:00"));
        assert_eq!(
            m.venue.as_deref(),
            Some("Committee Room 3, Shire Hall, Ambridge")
        );
        assert_eq!(m.contact.as_deref(), Some("Tom Forrest"));
        assert_eq!(m.minutes_status, Some(MinutesStatus::Draft));
        assert_eq!(m.source.format.as_deref(), Some("moderngov-text"));
    }

    #[test]
    fn items_numbers_kinds_documents() {
        let m = parse_text(MODERNGOV).unwrap();
        let got: Vec<_> = m
            .items
            .iter()
            .map(|i| (i.number.as_deref(), i.title.as_str(), i.kind))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Some("14"),
                    "Apologies and Substitutions",
                    ItemKind::Apologies
                ),
                (
                    Some("15"),
                    "Declarations of Interest",
                    ItemKind::Declarations
                ),
                (
                    Some("16"),
                    "Minutes of the previous meeting",
                    ItemKind::PreviousMinutes
                ),
                (Some("17"), "Home Care Commissioning", ItemKind::Substantive),
                (Some("18"), "Work Programme", ItemKind::WorkProgramme),
            ]
        );
        assert_eq!(m.items[3].documents[0].size_kb, Some(310));
        assert_eq!(
            m.items[3].agenda_text.as_deref(),
            Some("Report of the Director of Adult Services")
        );
        let minutes = m.items[3].minutes_text.as_deref().unwrap();
        assert!(minutes.contains("Members raised the following points:\n\n- waiting times"));
        assert!(!minutes.contains("Minutes:"));
    }

    #[test]
    fn apologies_substitutes_and_declarations() {
        let m = parse_text(MODERNGOV).unwrap();
        let apologies: Vec<_> = m
            .attendance
            .apologies
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(apologies, vec!["P Archer", "E Pargetter", "S Carter"]);
        assert_eq!(m.attendance.apologies[2].role, Some(Role::CoOpted));
        let sub = &m.attendance.present[0];
        assert_eq!(
            (sub.name.as_str(), sub.role, sub.substitute_for.as_deref()),
            ("R Grundy", Some(Role::Substitute), Some("P Archer"))
        );
        assert_eq!(m.declarations.len(), 1);
        assert_eq!(m.declarations[0].member, "L Snell");
        assert_eq!(m.declarations[0].item.as_deref(), Some("17"));
    }

    #[test]
    fn resolutions_actions_references() {
        let m = parse_text(MODERNGOV).unwrap();
        assert_eq!(
            m.previous_minutes.as_ref().and_then(|p| p.date.as_deref()),
            Some("2024-09-11")
        );
        let item = &m.items[3];
        let labels: Vec<_> = item
            .resolutions
            .iter()
            .map(|r| r.label.as_deref())
            .collect();
        assert_eq!(labels, vec![Some("(1)"), Some("(2)")]);
        assert_eq!(item.references[0].minute.as_deref(), Some("9 (2)"));
        assert_eq!(
            item.references[0].meeting_date.as_deref(),
            Some("2024-09-11")
        );
        let kinds: Vec<_> = item.actions.iter().map(|a| a.kind).collect();
        assert_eq!(
            kinds,
            vec![Some(ActionKind::Report), Some(ActionKind::Request)]
        );
        assert_eq!(
            item.actions[0].owner.as_deref(),
            Some("Head of Commissioning")
        );
        assert_eq!(item.actions[0].due_date.as_deref(), Some("2024-12-04"));
        assert_eq!(
            item.actions[1].text,
            "a breakdown of unmet care hours by locality"
        );
        let names: Vec<_> = item.in_attendance.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["Jazzer McCreary", "Kate Aldridge"]);
        let wp = &m.items[4].actions[0];
        assert_eq!(
            (wp.kind, wp.due_text.as_deref()),
            (Some(ActionKind::WorkProgramme), Some("the January meeting"))
        );
    }

    #[test]
    fn spans_point_at_the_source() {
        let m = parse_text(MODERNGOV).unwrap();
        let r = &m.items[2].resolutions[0];
        let [a, b] = r.span.unwrap();
        assert_eq!(&MODERNGOV[a..b], r.text);
        let p = &m.attendance.apologies[0];
        let [a, b] = p.span.unwrap();
        assert_eq!(&MODERNGOV[a..b], "P Archer");
    }
}

mod pdf_text {
    use super::*;

    #[test]
    fn page_headers_vanish_and_broken_sentences_join() {
        let m = parse_text(PDF_TEXT).unwrap();
        assert_eq!(m.source.format.as_deref(), Some("pdf-text"));
        assert_eq!(m.committee.as_deref(), Some("Housing Scrutiny Panel"));
        assert_eq!(m.venue.as_deref(), Some("Civic Centre, Lakeside"));
        assert_eq!(m.date.as_deref(), Some("2025-03-03"));
        let text = m.items[3].minutes_text.as_deref().unwrap();
        assert!(
            text.contains("the role of the repairs contractor"),
            "{text}"
        );
        assert!(!text.contains("MONDAY 3RD MARCH"));
        assert_eq!(m.items.len(), 5);
        assert_eq!(m.items[3].title, "Damp and Mould in Council Homes");
    }

    #[test]
    fn present_and_also_present() {
        let m = parse_text(PDF_TEXT).unwrap();
        let present: Vec<_> = m
            .attendance
            .present
            .iter()
            .map(|p| (p.name.as_str(), p.role))
            .collect();
        assert_eq!(present[0], ("Ruth Pryor", Some(Role::Chair)));
        assert_eq!(present[1], ("Dunn", Some(Role::ViceChair)));
        assert_eq!(present.len(), 6);
        assert_eq!(m.attendance.also_present[1].role, Some(Role::CabinetMember));
        assert_eq!(m.attendance.public_count, Some(6));
        assert_eq!(m.attendance.apologies[0].name, "Vance");
        let a = &m.items[3].actions[0];
        assert_eq!(
            (a.due_date.as_deref(), a.from_resolution.as_deref()),
            (Some("2025-04-14"), Some("(2)"))
        );
    }
}

mod flattened_and_single_item_pages {
    use super::*;

    #[test]
    fn flattened_rows() {
        let page = "Venue: Room 2, Town Hall\nContact: Democratic Services\nNo. | Item |\nWelcome Minutes: The Chair welcomed everyone.\nApologies for Absence To receive apologies. Minutes: Apologies were received from Councillor Jo Hart.\nBudget Report Additional documents:\nMinutes: The report was presented.\nRESOLVED that the report be noted. |\n";
        let m = parse_text(page).unwrap();
        let titles: Vec<_> = m.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(
            titles,
            vec!["Welcome", "Apologies for Absence", "Budget Report"]
        );
        assert_eq!(m.attendance.apologies[0].name, "Jo Hart");
        assert_eq!(m.items[2].resolutions[0].text, "the report be noted.");
    }

    #[test]
    fn issue_page() {
        let page = "Issue - meetings\n\nLibrary Opening Hours\n\nMeeting: 02/05/2023 - Cabinet (Item 41)\n\n41 Library Opening Hours pdf icon PDF 95 KB\n\nMinutes:\n\nRESOLVED: That the revised opening hours be approved.\n";
        let m = parse_text(page).unwrap();
        assert_eq!(m.committee.as_deref(), Some("Cabinet"));
        assert_eq!(m.date.as_deref(), Some("2023-05-02"));
        assert_eq!(
            (m.items[0].number.as_deref(), m.items[0].title.as_str()),
            (Some("41"), "Library Opening Hours")
        );
    }
}

mod text_cut_off {
    use super::*;

    const HEAD: &str = "Agenda and minutes\n\nHarbour Board - Monday 2nd June 2031 10.00 am\n\nItems\nNo. Item\n\n5.\n\nMinutes\n\nMinutes:\n\nRESOLVED: That the minutes of the meeting held on 1 May 2031 be approved.\n\n6.\n\n";

    #[test]
    fn a_resolution_the_text_breaks_off_in_is_not_recorded() {
        let page = format!(
            "{HEAD}Mooring Fees\n\nMinutes:\n\nRESOLVED: That the Harbour Master set the fees for vis"
        );
        let m = parse_text(&page).unwrap();
        assert_eq!(m.items.len(), 2);
        assert!(m.items[1].resolutions.is_empty());
        assert_eq!(m.items[0].resolutions.len(), 1);
    }

    #[test]
    fn a_title_the_text_breaks_off_in_is_not_an_item() {
        let page =
            format!("{HEAD}Mooring Fees\n\nMinutes:\n\nNoted.\n\n7.\n\nDredging of the Inner Ba");
        let titles: Vec<_> = parse_text(&page)
            .unwrap()
            .items
            .into_iter()
            .map(|i| i.title)
            .collect();
        assert_eq!(titles, vec!["Minutes", "Mooring Fees"]);
    }

    #[test]
    fn text_ending_in_a_list_entry_is_whole() {
        let page = format!(
            "{HEAD}Slipway Lease\n\nMinutes:\n\nRESOLVED: That the lease be granted on these conditions:\n\n1. Annual review\n\n2. Public access at weekends"
        );
        let m = parse_text(&page).unwrap();
        assert_eq!(m.items[1].resolutions.len(), 1);
        assert!(
            m.items[1].resolutions[0]
                .text
                .ends_with("Public access at weekends")
        );
    }
}

mod bad_input {
    use super::*;

    #[test]
    fn text_that_is_not_minutes_is_refused() {
        let err = parse_text("The quick brown fox jumps over the lazy dog.").unwrap_err();
        assert!(matches!(err, ParseError::NotMinutes));
    }

    #[test]
    fn empty_and_binary_bytes_are_typed_errors() {
        assert!(parse_bytes(b"", &Options::default()).is_err());
        assert!(parse_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", &Options::default()).is_err());
    }

    #[test]
    fn windows_1252_text_reads() {
        let mut bytes = MODERNGOV
            .replace("Tom Forrest", "Tom Forr\u{e9}st")
            .into_bytes();
        // re-encode the one non-ASCII letter as Windows-1252
        let at = bytes.windows(2).position(|w| w == [0xc3, 0xa9]).unwrap();
        bytes.splice(at..at + 2, [0xe9]);
        let m = parse_bytes(&bytes, &Options::default()).unwrap();
        assert_eq!(m.contact.as_deref(), Some("Tom Forr\u{e9}st"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]
        #[test]
        fn any_text_is_ok_or_a_typed_error(s in "\\PC{0,400}") {
            let _ = parse_text(&s);
        }

        #[test]
        fn genre_fragments_shuffled_never_panic(parts in proptest::collection::vec(proptest::sample::select(vec![
            "RESOLVED: That", "(1) the report be noted;", "- (2)", "12.", "Minutes:", "Additional documents:",
            "Apologies were received from Councillors A, B (Councillor C - substitute) and", "PRESENT:", "·  x",
            "Further to Minute No. 3 (1) of 4 May 2024", "…  view the full minutes text for item 9.", "No. | Item |",
            "Meeting: 01/02/2024 - Cabinet (Item 3)", "a)", "’", "\u{c}", "", "|", "Councillor ’s", "(", ")",
        ]), 0..40)) {
            let _ = parse_text(&parts.join("\n"));
        }

        #[test]
        fn any_bytes_are_ok_or_a_typed_error(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let _ = parse_bytes(&bytes, &Options::default());
        }
    }
}
