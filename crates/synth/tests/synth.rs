//! Generator and renderer tests (the round trip through the parser lives in
//! `roundtrip.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate, Weekday};
use minutebook_record::{ItemKind, Meeting};
use minutebook_synth::{
    Format, GeneratedMeeting, Outcome, SynthConfig, escape, meetings, render, write_corpus,
};

fn cfg(councils: usize, years: u32, seed: u64) -> SynthConfig {
    SynthConfig {
        councils,
        years,
        seed,
        formats: vec![Format::ModernGovText],
        start_year: 2021,
    }
}

fn corpus(c: &SynthConfig) -> Vec<GeneratedMeeting> {
    meetings(c).collect()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("minutebook-synth-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn date(m: &Meeting) -> NaiveDate {
    m.date
        .as_deref()
        .and_then(|d| d.parse().ok())
        .expect("every generated meeting has a date")
}

mod determinism {
    use super::*;

    #[test]
    fn same_seed_same_bytes_different_seed_different() {
        let render_all = |seed| -> Vec<Vec<u8>> {
            corpus(&cfg(2, 1, seed))
                .iter()
                .take(40)
                .flat_map(|g| Format::ALL.map(|f| render(&g.meeting, f, g.style_seed).bytes))
                .collect()
        };
        assert_eq!(render_all(7), render_all(7));
        assert_ne!(render_all(7), render_all(8));
    }

    #[test]
    fn corpus_on_disk_is_identical_across_runs() {
        let c = SynthConfig {
            formats: Format::ALL.to_vec(),
            ..cfg(2, 1, 3)
        };
        let (a, b) = (scratch("det-a"), scratch("det-b"));
        let sa = write_corpus(&c, &a).expect("written");
        let sb = write_corpus(&c, &b).expect("written");
        assert_eq!(sa, sb);
        assert_eq!(sa.documents, sa.meetings * 4);
        let files = |root: &PathBuf| -> BTreeMap<String, Vec<u8>> {
            let mut out = BTreeMap::new();
            let mut stack = vec![root.clone()];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).expect("dir").flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else {
                        let rel = p
                            .strip_prefix(root)
                            .expect("under root")
                            .display()
                            .to_string();
                        out.insert(rel, std::fs::read(&p).expect("file"));
                    }
                }
            }
            out
        };
        assert_eq!(files(&a), files(&b));
        let _ = (std::fs::remove_dir_all(&a), std::fs::remove_dir_all(&b));
    }
}

mod calendar {
    use super::*;

    #[test]
    fn six_to_ten_meetings_a_year_on_weekdays() {
        let mut per: BTreeMap<(String, String, i32), usize> = BTreeMap::new();
        for g in corpus(&cfg(4, 3, 11)) {
            let d = date(&g.meeting);
            assert!(
                !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
                "{d} is a weekend"
            );
            *per.entry((g.council_slug.clone(), g.committee_slug.clone(), d.year()))
                .or_default() += 1;
        }
        assert!(!per.is_empty());
        for (k, n) in per {
            assert!((6..=10).contains(&n), "{k:?} has {n} meetings");
        }
    }

    #[test]
    fn committees_are_renamed_sometimes() {
        let mut names: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for g in corpus(&cfg(6, 4, 5)) {
            names
                .entry(format!("{}/{}", g.council_slug, g.committee_slug))
                .or_default()
                .insert(g.committee);
        }
        let renamed = names.values().filter(|n| n.len() > 1).count();
        assert!(renamed > 0, "no committee was renamed");
        assert!(renamed < names.len(), "every committee was renamed");
    }
}

mod content {
    use super::*;

    #[test]
    fn every_item_kind_occurs() {
        let kinds: BTreeSet<String> = corpus(&cfg(3, 2, 2))
            .iter()
            .flat_map(|g| g.meeting.items.iter().map(|i| format!("{:?}", i.kind)))
            .collect();
        for k in [
            ItemKind::Apologies,
            ItemKind::Declarations,
            ItemKind::PreviousMinutes,
            ItemKind::PublicParticipation,
            ItemKind::Substantive,
            ItemKind::WorkProgramme,
            ItemKind::Exclusion,
            ItemKind::Other,
        ] {
            assert!(kinds.contains(&format!("{k:?}")), "no {k:?} item");
        }
    }

    #[test]
    fn constructs_occur() {
        let all = corpus(&cfg(3, 2, 2));
        let items = || all.iter().flat_map(|g| g.meeting.items.iter());
        assert!(
            all.iter().any(|g| !g.meeting.declarations.is_empty()),
            "no declaration"
        );
        assert!(items().any(|i| {
            i.resolutions
                .iter()
                .any(|r| r.vote.as_ref().is_some_and(|v| v.casting_vote))
        }));
        assert!(items().any(|i| i.resolutions.iter().any(|r| r.label.is_some())));
        assert!(items().any(|i| !i.in_attendance.is_empty()));
        assert!(all.iter().any(|g| {
            g.meeting
                .attendance
                .present
                .iter()
                .any(|p| p.substitute_for.is_some())
        }));
        let texts: Vec<&str> = items().filter_map(|i| i.minutes_text.as_deref()).collect();
        for phrase in [
            "be put back from",
            "be added to the work programme",
            "Further to Minute No.",
            "(Minute ",
        ] {
            assert!(texts.iter().any(|t| t.contains(phrase)), "never: {phrase}");
        }
    }

    #[test]
    fn structured_text_appears_in_the_minutes() {
        for g in corpus(&cfg(2, 2, 9)) {
            for item in &g.meeting.items {
                let text = item.minutes_text.as_deref().unwrap_or_default();
                for r in &item.resolutions {
                    assert!(
                        text.contains(r.text.trim_end_matches('.')),
                        "resolution {:?} not in {text}",
                        r.text
                    );
                }
                for a in &item.actions {
                    assert!(text.contains(&a.text), "action {:?} not in minutes", a.text);
                    if let Some(due) = &a.due_text {
                        assert!(a.text.contains(due.as_str()));
                    }
                }
                for r in &item.references {
                    assert!(text.contains(&r.text));
                }
            }
        }
    }
}

mod actions {
    use super::*;

    #[test]
    fn references_point_at_real_earlier_meetings() {
        let all = corpus(&cfg(3, 3, 4));
        let mut by_committee: BTreeMap<(String, String), Vec<&GeneratedMeeting>> = BTreeMap::new();
        for g in &all {
            by_committee
                .entry((g.council_slug.clone(), g.committee_slug.clone()))
                .or_default()
                .push(g);
        }
        let mut checked = 0;
        for ms in by_committee.values() {
            for (i, g) in ms.iter().enumerate() {
                for r in g.meeting.items.iter().flat_map(|it| it.references.iter()) {
                    let cited = r.meeting_date.as_deref().expect("dated");
                    let earlier = ms[..i]
                        .iter()
                        .find(|e| e.meeting.date.as_deref() == Some(cited));
                    let earlier =
                        earlier.unwrap_or_else(|| panic!("{cited} is not an earlier meeting"));
                    if let Some(minute) = &r.minute {
                        let number = minute.split(' ').next().unwrap_or_default();
                        assert!(
                            earlier
                                .meeting
                                .items
                                .iter()
                                .any(|it| it.number.as_deref() == Some(number)),
                            "minute {minute} not in meeting of {cited}"
                        );
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 10, "only {checked} references");
    }

    #[test]
    fn some_actions_addressed_some_deferred_some_never() {
        let all = corpus(&cfg(3, 3, 4));
        let raised: BTreeSet<&str> = all
            .iter()
            .flat_map(|g| g.actions.iter().map(|a| a.id.as_str()))
            .collect();
        let followed: Vec<(&str, &Outcome)> = all
            .iter()
            .flat_map(|g| {
                g.follow_ups
                    .iter()
                    .map(|f| (f.action_id.as_str(), &f.outcome))
            })
            .collect();
        for (id, outcome) in &followed {
            assert!(raised.contains(id), "follow-up of unknown action {id}");
            if let Outcome::Deferred { new_action } = outcome {
                assert!(
                    raised.contains(new_action.as_str()),
                    "deferral without its new action"
                );
            }
        }
        let dealt: BTreeSet<&str> = followed.iter().map(|(id, _)| *id).collect();
        assert!(followed.iter().any(|(_, o)| **o == Outcome::Addressed));
        assert!(
            followed
                .iter()
                .any(|(_, o)| matches!(o, Outcome::Deferred { .. }))
        );
        assert!(raised.len() > dealt.len(), "every action was dealt with");
    }

    #[test]
    fn history_side_file_tracks_every_action() {
        let c = cfg(1, 2, 6);
        let out = scratch("history");
        write_corpus(&c, &out).expect("written");
        let mut total = 0;
        for council in std::fs::read_dir(&out).expect("dir").flatten() {
            for committee in std::fs::read_dir(council.path()).expect("dir").flatten() {
                let text = std::fs::read_to_string(committee.path().join("history.json"))
                    .expect("history");
                let h: serde_json::Value = serde_json::from_str(&text).expect("json");
                assert_eq!(h["schema"], "minutebook.synth-history/1");
                for a in h["actions"].as_array().expect("actions") {
                    let status = a["status"].as_str().expect("status");
                    assert!(["open", "addressed", "deferred", "dropped"].contains(&status));
                    let raised = a["raised"]["date"].as_str().expect("date");
                    assert!(
                        committee
                            .path()
                            .join(format!("{raised}.expected.json"))
                            .exists()
                    );
                    total += 1;
                }
            }
        }
        assert!(total > 0);
        let _ = std::fs::remove_dir_all(&out);
    }
}

mod html {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape("\"><img onerror=alert(1)>"),
            "&quot;&gt;&lt;img onerror=alert(1)&gt;"
        );
        assert_eq!(
            escape("Fish & Chips 'R' Us"),
            "Fish &amp; Chips &#39;R&#39; Us"
        );
    }

    #[test]
    fn hostile_record_is_escaped_everywhere() {
        let mut g = corpus(&cfg(1, 1, 1)).remove(0);
        g.meeting.committee = Some("<script>alert(1)</script>".into());
        g.meeting.venue = Some("\"><img onerror=alert(2)>".into());
        g.meeting.items[0].title = "A & B <b>".into();
        g.meeting.items[0].minutes_text = Some("- <i>x</i>\n- y & z".into());
        let page = String::from_utf8(render(&g.meeting, Format::Html, 1).bytes).expect("utf-8");
        assert!(!page.contains("<script>alert"));
        assert!(!page.contains("<img onerror"));
        assert!(page.contains("A &amp; B &lt;b&gt;"));
        assert!(page.contains("&lt;i&gt;x&lt;/i&gt;"));
    }

    #[test]
    fn page_is_structured() {
        let g = corpus(&cfg(1, 1, 1)).remove(3);
        let page =
            String::from_utf8(render(&g.meeting, Format::Html, g.style_seed).bytes).expect("utf-8");
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert_eq!(page.matches("<h1").count(), 1);
        for class in [
            "mgHeader",
            "mgItemTable",
            "mgItemNumberCell",
            "mgAiTitleTxt",
            "mgSubItemTitleTxt",
            "mgWordPara",
        ] {
            assert!(page.contains(class), "no {class}");
        }
        // Every opened list, row and cell is closed.
        for tag in ["ul", "li", "tr", "td", "p", "div", "table"] {
            assert_eq!(
                page.matches(&format!("<{tag}>")).count()
                    + page.matches(&format!("<{tag} ")).count(),
                page.matches(&format!("</{tag}>")).count(),
                "unbalanced <{tag}>"
            );
        }
    }
}

mod pdf {
    use super::*;

    fn pdf_of(seed: u64) -> (Vec<u8>, Meeting) {
        let g = corpus(&cfg(1, 1, seed))
            .into_iter()
            .max_by_key(|g| g.meeting.items.len())
            .expect("meetings");
        let r = render(&g.meeting, Format::Pdf, g.style_seed);
        (r.bytes, r.expected)
    }

    #[test]
    fn xref_offsets_point_at_objects() {
        let (bytes, _) = pdf_of(2);
        assert!(bytes.starts_with(b"%PDF-1.4"));
        // Offsets are byte offsets: search the bytes, never a lossy string.
        let find = |needle: &[u8]| bytes.windows(needle.len()).rposition(|w| w == needle);
        let sx = find(b"startxref\n").expect("startxref") + b"startxref\n".len();
        let tail = std::str::from_utf8(&bytes[sx..]).expect("ascii trailer");
        let start: usize = tail
            .lines()
            .next()
            .and_then(|n| n.parse().ok())
            .expect("offset");
        let table = std::str::from_utf8(&bytes[start..]).expect("ascii xref");
        assert!(table.starts_with("xref\n0 "));
        let mut lines = table.lines().skip(1);
        let count: usize = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|n| n.parse().ok())
            .expect("count");
        assert!(count > 6);
        for (k, line) in lines.take(count).enumerate().skip(1) {
            assert_eq!(line.len(), 19, "xref entries are 20 bytes with the newline");
            let off: usize = line[..10].parse().expect("offset");
            assert!(
                bytes[off..].starts_with(format!("{k} 0 obj").as_bytes()),
                "object {k} not at {off}"
            );
        }
    }

    #[test]
    fn text_reads_back() {
        let (bytes, expected) = pdf_of(3);
        let text = pdf_extract::extract_text_from_mem(&bytes).expect("pdf-extract reads it");
        let committee = expected.committee.expect("committee").to_uppercase();
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(committee.split(" (").next().unwrap_or_default()),
            "{flat}"
        );
        for item in &expected.items {
            let heading = format!(
                "{}. {}",
                item.number.as_deref().unwrap_or_default(),
                item.title.to_uppercase()
            );
            let words: Vec<&str> = heading.split_whitespace().take(4).collect();
            assert!(flat.contains(&words.join(" ")), "missing heading {heading}");
        }
    }
}

mod formats {
    use super::*;

    #[test]
    fn parse_names() {
        for f in Format::ALL {
            assert_eq!(f.short().parse::<Format>().expect("known"), f);
        }
        assert!("docx".parse::<Format>().is_err());
    }

    #[test]
    fn views_differ_by_format() {
        for g in corpus(&cfg(1, 1, 8)).iter().take(30) {
            let text = render(&g.meeting, Format::ModernGovText, g.style_seed).expected;
            let pdf = render(&g.meeting, Format::PdfText, g.style_seed).expected;
            assert!(text.attendance.also_present.is_empty());
            assert!(text.authority.is_none());
            assert!(pdf.contact.is_none());
            assert!(
                pdf.items
                    .iter()
                    .all(|i| i.documents.is_empty() && !i.minutes_truncated)
            );
            assert_eq!(pdf.attendance, g.meeting.attendance);
        }
    }

    #[test]
    fn truncated_items_say_so() {
        let mut seen = 0;
        for g in corpus(&cfg(2, 1, 8)) {
            let r = render(&g.meeting, Format::ModernGovText, g.style_seed);
            let page = String::from_utf8(r.bytes).expect("utf-8");
            for item in r.expected.items.iter().filter(|i| i.minutes_truncated) {
                let n = item.number.as_deref().unwrap_or_default();
                assert!(page.contains(&format!("...  view the full minutes text for item {n}.")));
                seen += 1;
            }
        }
        assert!(seen > 0);
    }

    #[test]
    fn pdf_text_has_running_headers() {
        let g = corpus(&cfg(1, 1, 1))
            .into_iter()
            .max_by_key(|g| g.meeting.items.len())
            .expect("meetings");
        let page = String::from_utf8(render(&g.meeting, Format::PdfText, g.style_seed).bytes)
            .expect("utf-8");
        assert!(page.contains("\n\u{c}\n"));
        assert!(page.contains("PRESENT: "));
    }
}
