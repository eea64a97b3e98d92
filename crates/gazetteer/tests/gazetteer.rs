//! The gazetteer: the shipped data and recognition.

use minutebook_gazetteer::{AuthorityType, EvidenceKind, Gazetteer};
use minutebook_record::{Item, ItemKind, Meeting};

fn meeting(venue: Option<&str>, minutes: &str) -> Meeting {
    let mut m = Meeting {
        venue: venue.map(str::to_owned),
        committee: Some("Overview and Scrutiny Committee".into()),
        ..Meeting::default()
    };
    let mut item = Item::new(Some("4".into()), "Update", ItemKind::Substantive);
    item.minutes_text = Some(minutes.into());
    m.items.push(item);
    m
}

mod data {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn counts_per_type_match_the_2023_structure() {
        let g = Gazetteer::builtin();
        let expected = [
            (AuthorityType::County, 21),
            (AuthorityType::District, 164),
            (AuthorityType::Unitary, 63),
            (AuthorityType::MetropolitanBorough, 36),
            (AuthorityType::LondonBorough, 33),
            (AuthorityType::WelshPrincipalArea, 22),
            (AuthorityType::ScottishCouncilArea, 32),
        ];
        for (kind, n) in expected {
            assert_eq!(g.count(kind), n, "{kind:?}");
        }
        assert_eq!(g.authorities().len(), 371);
    }

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let g = Gazetteer::builtin();
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for a in g.authorities() {
            assert!(codes.insert(&a.gss), "duplicate code {}", a.gss);
            assert!(names.insert(&a.name), "duplicate name {}", a.name);
            assert!(a.gss.starts_with(a.kind.gss_prefix()), "{}", a.gss);
            assert!(a.gss[3..].chars().all(|c| c.is_ascii_digit()), "{}", a.gss);
            assert!(!a.towns.is_empty(), "{} has no towns", a.name);
            assert_eq!(g.by_name(&a.name).map(|x| &x.gss), Some(&a.gss));
        }
    }

    #[test]
    fn names_fold_case_ampersands_and_aliases() {
        let g = Gazetteer::builtin();
        let solihull = g.by_name("solihull mbc").expect("alias");
        assert_eq!(solihull.name, "Solihull Metropolitan Borough Council");
        assert_eq!(
            g.by_name("Brighton & Hove City Council")
                .map(|a| a.gss.as_str()),
            Some("E06000043")
        );
        assert_eq!(
            g.by_gss("S12000036").map(|a| a.area.as_str()),
            Some("City of Edinburgh")
        );
        assert!(g.by_name("Ashford County Council").is_none());
    }

    #[test]
    fn a_bad_line_is_an_error_naming_it() {
        let e =
            Gazetteer::parse("# c\nE10000003,Cambridgeshire,X,county,,A\nW06,Y,Z,nonsense,,B\n")
                .expect_err("bad type");
        assert!(e.to_string().contains("line 3"), "{e}");
        let e = Gazetteer::parse("E07000008,Cambridge,Cambridge City Council,county,,Cambridge\n")
            .expect_err("code of another type");
        assert!(e.to_string().contains("not a county code"), "{e}");
    }
}

mod recognition {
    use super::*;

    #[test]
    fn a_venue_in_a_town_of_one_council_is_certain() {
        let g = Gazetteer::builtin();
        let m = meeting(
            Some("Town Hall, Bootle"),
            "The Committee considered the report.",
        );
        let r = g.recognise(&m).expect("certain");
        assert_eq!(r.name, "Sefton Council");
        assert_eq!(r.gss.as_deref(), Some("E08000014"));
        assert_eq!(r.evidence[0].kind, EvidenceKind::VenueTown);
    }

    #[test]
    fn county_hall_picks_the_county_from_a_shared_town() {
        let g = Gazetteer::builtin();
        let m = meeting(Some("County Hall, Worcester"), "None.");
        assert_eq!(
            g.recognise(&m).map(|r| r.name),
            Some("Worcestershire County Council".into())
        );
        let m = meeting(Some("Oak Room, County Buildings, Stafford"), "None.");
        assert_eq!(
            g.recognise(&m).map(|r| r.name),
            Some("Staffordshire County Council".into())
        );
    }

    #[test]
    fn an_ambiguous_town_alone_is_not_certain() {
        let g = Gazetteer::builtin();
        // Newport is the Welsh city and the Isle of Wight's main town.
        let m = meeting(
            Some("Civic Centre, Newport"),
            "The Committee noted the report.",
        );
        assert!(g.recognise(&m).is_none());
        let c = g.candidates(&m);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[0].score, c[1].score);
    }

    #[test]
    fn the_council_named_in_the_minutes_with_its_area() {
        let g = Gazetteer::builtin();
        let m = meeting(
            None,
            "An update on the Ofsted inspection of Solihull MBC. Solihull schools in Solihull were praised.",
        );
        let r = g.recognise(&m).expect("certain");
        assert_eq!(r.name, "Solihull Metropolitan Borough Council");
        assert!(
            r.evidence
                .iter()
                .any(|e| e.kind == EvidenceKind::NameInText)
        );
    }

    #[test]
    fn an_unknown_council_named_in_the_header_is_recognised_by_name() {
        let g = Gazetteer::builtin();
        let mut m = meeting(Some("Council Chamber, Eastbridge"), "None.");
        m.committee = Some("Northmoor County Council Cabinet".into());
        let r = g.recognise(&m).expect("named");
        assert_eq!(r.name, "Northmoor County Council");
        assert_eq!(r.gss, None);
        // A real area with a council type it does not have is not that council.
        m.committee = Some("Ashford County Council Cabinet".into());
        let r = g.recognise(&m).expect("named");
        assert_eq!(r.name, "Ashford County Council");
        assert_eq!(r.gss, None);
    }

    #[test]
    fn another_council_mentioned_once_does_not_win() {
        let g = Gazetteer::builtin();
        let m = meeting(
            Some("Oak Room, County Buildings, Stafford"),
            "The contract was led by Coventry City Council for the region.",
        );
        assert_eq!(
            g.recognise(&m).map(|r| r.name),
            Some("Staffordshire County Council".into())
        );
    }

    #[test]
    fn synthetic_minutes_name_no_real_council() {
        let cfg = minutebook_synth::SynthConfig {
            councils: 3,
            years: 1,
            ..minutebook_synth::SynthConfig::default()
        };
        for g in minutebook_synth::meetings(&cfg).take(60) {
            let mut m = g.meeting.clone();
            m.authority = None;
            let r = Gazetteer::builtin().recognise(&m);
            assert!(
                r.as_ref().is_none_or(|r| r.gss.is_none()),
                "{} recognised as {r:?}",
                g.council
            );
        }
    }
}
