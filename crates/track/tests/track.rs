//! The tracker: identity, people, references, every status of the
//! lifecycle, the two-month clock, export, work programmes, persistence
//! through ingest and reparse on both backends, and accuracy on known truth.
//! Fixtures are written here, in our own words.

use minutebook_record::{
    Action, ActionKind, Attendance, Item, ItemKind, Meeting, Person, Reference, Resolution,
};
use minutebook_store::tracking::{
    ActionStatus, ArchivedMeeting, CommitteeDecision, TrackedAction, TrackingSnapshot,
};
use minutebook_track::eval;

const AUTHORITY: &str = "northmoor-county-council";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2030, 1, 1).expect("date")
}

fn meeting(committee: &str, date: &str, items: Vec<Item>) -> ArchivedMeeting {
    eval::archived(Meeting {
        authority: Some("Northmoor County Council".into()),
        committee: Some(committee.into()),
        date: Some(date.into()),
        items,
        ..Meeting::default()
    })
}

fn item(number: &str, title: &str, kind: ItemKind, text: &str) -> Item {
    let mut i = Item::new(Some(number.into()), title, kind);
    i.minutes_text = Some(text.into());
    i
}

fn ask(
    mut i: Item,
    text: &str,
    due_text: Option<&str>,
    due_date: Option<&str>,
    kind: ActionKind,
) -> Item {
    i.actions.push(Action {
        text: text.into(),
        due_text: due_text.map(str::to_owned),
        due_date: due_date.map(str::to_owned),
        kind: Some(kind),
        ..Action::default()
    });
    i
}

fn cite(mut i: Item, minute: Option<&str>, date: &str, text: &str) -> Item {
    i.references.push(Reference {
        minute: minute.map(str::to_owned),
        meeting_date: Some(date.into()),
        text: text.into(),
        span: None,
    });
    i
}

fn snap(ms: &[ArchivedMeeting], decisions: &[CommitteeDecision]) -> TrackingSnapshot {
    minutebook_track::compute(AUTHORITY, ms, decisions, today())
}

fn action<'a>(s: &'a TrackingSnapshot, suffix: &str) -> &'a TrackedAction {
    s.actions
        .iter()
        .find(|a| a.id.ends_with(suffix))
        .unwrap_or_else(|| {
            panic!(
                "no action …{suffix} in {:?}",
                s.actions.iter().map(|a| &a.id).collect::<Vec<_>>()
            )
        })
}

const HEALTH: &str = "Health Scrutiny Committee";

fn report_request(date: &str, due_text: &str, due_date: Option<&str>) -> ArchivedMeeting {
    meeting(
        HEALTH,
        date,
        vec![ask(
            item(
                "12",
                "Dental Access",
                ItemKind::Substantive,
                "Members discussed dental access.",
            ),
            "bring a further report on dental access in rural wards",
            Some(due_text),
            due_date,
            ActionKind::Report,
        )],
    )
}

mod lifecycle {
    use super::*;

    #[test]
    fn open_when_nothing_says_when() {
        let ms = [meeting(
            HEALTH,
            "2024-01-10",
            vec![ask(
                item("3", "Winter Planning", ItemKind::Substantive, "."),
                "a breakdown of ambulance waits be circulated to Members",
                None,
                None,
                ActionKind::Request,
            )],
        )];
        let s = snap(&ms, &[]);
        assert_eq!(action(&s, "/3/a1").computed_status, ActionStatus::Open);
        assert_eq!(action(&s, "/3/a1").due_state, None);
    }

    #[test]
    fn due_when_the_next_meeting_is_not_in_the_archive() {
        let s = snap(
            &[report_request("2024-01-10", "the next meeting", None)],
            &[],
        );
        let a = action(&s, "/12/a1");
        assert_eq!(a.computed_status, ActionStatus::Due);
        assert_eq!(a.due_state.as_deref(), Some("upcoming"));
        // A stated date that is not in the archive: due, and a gap.
        let s = snap(
            &[report_request(
                "2023-01-31",
                "the next meeting of the Committee on 6 March 2023",
                Some("2023-03-06"),
            )],
            &[],
        );
        let a = action(&s, "/12/a1");
        assert_eq!(
            (a.computed_status, a.due_date.as_deref()),
            (ActionStatus::Due, Some("2023-03-06"))
        );
        assert!(
            s.links
                .iter()
                .any(|l| l.kind == "gap" && l.date.as_deref() == Some("2023-03-06"))
        );
    }

    #[test]
    fn overdue_when_the_due_meeting_came_and_went() {
        let ms = [
            report_request("2024-01-10", "the next meeting", None),
            meeting(
                HEALTH,
                "2024-03-06",
                vec![item(
                    "20",
                    "Pharmacy Closures",
                    ItemKind::Substantive,
                    "Noted.",
                )],
            ),
        ];
        let s = snap(&ms, &[]);
        let a = action(&s, "/12/a1");
        assert_eq!(a.computed_status, ActionStatus::Overdue);
        assert_eq!(a.due_meeting_id.as_deref(), Some(ms[1].id.as_str()));
    }

    #[test]
    fn addressed_by_an_explicit_citation() {
        let back = cite(
            item(
                "21",
                "Dental Access",
                ItemKind::Substantive,
                "The Committee received the further report.",
            ),
            Some("12"),
            "2024-01-10",
            "Further to Minute No. 12 of 10 January 2024",
        );
        let ms = [
            report_request("2024-01-10", "the next meeting", None),
            meeting(
                HEALTH,
                "2024-03-06",
                vec![item("20", "Pharmacy Closures", ItemKind::Substantive, ".")],
            ),
            meeting(HEALTH, "2024-04-17", vec![back]),
        ];
        let s = snap(&ms, &[]);
        let a = action(&s, "/12/a1");
        assert_eq!(
            (a.computed_status, a.confidence),
            (ActionStatus::Addressed, Some(95))
        );
        let link = s
            .links
            .iter()
            .find(|l| l.kind == "addressed-by")
            .expect("evidence");
        assert_eq!(
            link.item_id.as_deref(),
            Some(format!("{}/21", ms[2].id).as_str())
        );
        assert!(
            link.evidence.contains("Further to Minute No. 12"),
            "{}",
            link.evidence
        );
        assert_eq!(s.references[0].state, "item");
    }

    #[test]
    fn addressed_by_an_update_item_at_the_due_meeting() {
        let ms = [
            report_request("2024-01-10", "the next meeting", None),
            meeting(
                HEALTH,
                "2024-03-06",
                vec![item(
                    "20",
                    "Dental Access in Rural Wards – Update",
                    ItemKind::Substantive,
                    "Members heard.",
                )],
            ),
        ];
        let s = snap(&ms, &[]);
        let a = action(&s, "/12/a1");
        assert_eq!(
            (a.computed_status, a.confidence),
            (ActionStatus::Addressed, Some(60))
        );
        // The same title without a cue is a new item, not the report.
        let ms = [
            report_request("2024-01-10", "the next meeting", None),
            meeting(
                HEALTH,
                "2024-03-06",
                vec![item(
                    "20",
                    "Dental Access in Rural Wards",
                    ItemKind::Substantive,
                    ".",
                )],
            ),
        ];
        assert_eq!(
            action(&snap(&ms, &[]), "/12/a1").computed_status,
            ActionStatus::Overdue
        );
    }

    #[test]
    fn moved_keeps_the_chain_and_the_new_action_is_tracked() {
        let wp = ask(
            item("22", "Work Programme", ItemKind::WorkProgramme, "."),
            "the item on dental access in rural wards be deferred to the June meeting",
            Some("the June meeting"),
            None,
            ActionKind::WorkProgramme,
        );
        let ms = [
            report_request("2024-01-10", "the next meeting", None),
            meeting(HEALTH, "2024-03-06", vec![wp]),
            meeting(
                HEALTH,
                "2024-06-12",
                vec![cite(
                    item(
                        "30",
                        "Dental Access",
                        ItemKind::Substantive,
                        "The deferred report was received.",
                    ),
                    Some("22"),
                    "2024-03-06",
                    "Minute 22 refers",
                )],
            ),
        ];
        let s = snap(&ms, &[]);
        let old = action(&s, "/12/a1");
        let new = action(&s, "/22/a1");
        assert_eq!(old.computed_status, ActionStatus::Moved);
        assert_eq!(old.moved_to.as_deref(), Some(new.id.as_str()));
        assert_eq!(new.moved_from.as_deref(), Some(old.id.as_str()));
        assert_eq!(new.due_meeting_id.as_deref(), Some(ms[2].id.as_str()));
        assert_eq!(new.computed_status, ActionStatus::Addressed);
    }

    #[test]
    fn dropped_when_removed_from_the_work_programme() {
        let mut wp = item("22", "Work Programme", ItemKind::WorkProgramme, ".");
        wp.resolutions.push(Resolution {
            text: "the item on dental access in rural wards be deleted from the work programme"
                .into(),
            ..Resolution::default()
        });
        let ms = [
            report_request("2024-01-10", "the next meeting", None),
            meeting(HEALTH, "2024-03-06", vec![wp]),
        ];
        let s = snap(&ms, &[]);
        assert_eq!(action(&s, "/12/a1").computed_status, ActionStatus::Dropped);
        assert!(s.links.iter().any(|l| l.kind == "dropped-by"));
    }

    #[test]
    fn a_month_meeting_known_only_from_later_minutes_is_a_gap() {
        // Raised in January for "the April meeting"; the April minutes are
        // missing, but June's minutes approve those of 18 April.
        let mut june = meeting(
            HEALTH,
            "2024-06-12",
            vec![item("40", "Minutes", ItemKind::PreviousMinutes, ".")],
        );
        june.meeting.previous_minutes = Some(minutebook_record::PreviousMinutes {
            date: Some("2024-04-18".into()),
            approved: Some(true),
        });
        let ms = [
            report_request("2024-01-10", "the April meeting", None),
            june,
        ];
        let s = snap(&ms, &[]);
        let a = action(&s, "/12/a1");
        assert_eq!(
            (
                a.computed_status,
                a.due_date.as_deref(),
                a.due_state.as_deref()
            ),
            (ActionStatus::Due, Some("2024-04-18"), Some("gap"))
        );
        let gap = s.links.iter().find(|l| l.kind == "gap").expect("gap link");
        assert!(gap.evidence.contains("12 June 2024"), "{}", gap.evidence);
    }

    fn recommendation(date: &str) -> ArchivedMeeting {
        let mut i = item(
            "8",
            "Library Opening Hours",
            ItemKind::Substantive,
            "The Committee reviewed opening hours.",
        );
        i.actions.push(Action {
            text: "reverse the reduction in library opening hours".into(),
            owner: Some("Cabinet".into()),
            kind: Some(ActionKind::Recommendation),
            ..Action::default()
        });
        meeting("Communities Scrutiny Committee", date, vec![i])
    }

    #[test]
    fn recommendations_to_the_executive_run_a_two_month_clock() {
        let ms = [recommendation("2024-01-10")];
        let early = minutebook_track::compute(
            AUTHORITY,
            &ms,
            &[],
            chrono::NaiveDate::from_ymd_opt(2024, 2, 1).expect("d"),
        );
        let a = action(&early, "/8/a1");
        assert_eq!(
            (
                a.computed_status,
                a.due_date.as_deref(),
                a.due_state.as_deref()
            ),
            (ActionStatus::Open, Some("2024-03-10"), Some("deadline"))
        );
        let late = minutebook_track::compute(
            AUTHORITY,
            &ms,
            &[],
            chrono::NaiveDate::from_ymd_opt(2024, 3, 11).expect("d"),
        );
        assert_eq!(
            action(&late, "/8/a1").computed_status,
            ActionStatus::Overdue
        );
        // The Cabinet's own minutes record its response.
        let cabinet = meeting(
            "Cabinet",
            "2024-02-20",
            vec![item(
                "51",
                "Response to the Communities Scrutiny Committee",
                ItemKind::Substantive,
                "Cabinet agreed its response to the recommendation on library opening hours.",
            )],
        );
        let ms = [recommendation("2024-01-10"), cabinet];
        let s = minutebook_track::compute(
            AUTHORITY,
            &ms,
            &[],
            chrono::NaiveDate::from_ymd_opt(2024, 3, 11).expect("d"),
        );
        let a = action(&s, "/8/a1");
        assert_eq!(a.computed_status, ActionStatus::Addressed);
        assert!(s.links.iter().any(|l| {
            l.kind == "response"
                && l.item_id
                    .as_deref()
                    .is_some_and(|i| i.contains("/cabinet/"))
        }));
    }
}

mod identity {
    use super::*;
    use minutebook_track::AliasesFile;

    fn members(mut m: ArchivedMeeting, names: &[&str]) -> ArchivedMeeting {
        m.meeting.attendance = Attendance {
            present: names.iter().map(|n| Person::named(*n)).collect(),
            ..Attendance::default()
        };
        m
    }

    fn renamed() -> Vec<ArchivedMeeting> {
        let old = "Safeguarding Overview and Scrutiny Committee";
        let new = "Safeguarding and Education Overview and Scrutiny Committee";
        vec![
            meeting(
                old,
                "2024-01-04",
                vec![item("26", "Homes", ItemKind::Substantive, ".")],
            ),
            meeting(
                new,
                "2024-06-13",
                vec![item(
                    "2",
                    &format!("Minutes of the {old} meeting held on 18 April 2024"),
                    ItemKind::PreviousMinutes,
                    "Confirmed.",
                )],
            ),
        ]
    }

    #[test]
    fn a_renamed_committee_that_approves_its_predecessors_minutes_is_one() {
        let s = snap(&renamed(), &[]);
        let groups: std::collections::BTreeSet<&str> =
            s.committees.iter().map(|c| c.group_id.as_str()).collect();
        assert_eq!(groups.len(), 1, "{:?}", s.committees);
        let old = s
            .committees
            .iter()
            .find(|c| c.how == "renamed")
            .expect("former name");
        assert_eq!(
            old.committee_id,
            format!("{AUTHORITY}/safeguarding-overview-and-scrutiny-committee")
        );
        assert!(
            old.evidence
                .as_deref()
                .is_some_and(|e| e.contains("approve minutes"))
        );
    }

    #[test]
    fn similar_names_and_members_in_succession_are_one() {
        let who = ["Ann Hale", "Bo Rees", "Cy Dunn", "Di Moss"];
        let ms = vec![
            members(
                meeting("Adult Social Care Scrutiny Panel", "2023-03-01", vec![]),
                &who,
            ),
            members(
                meeting(
                    "Adult Social Care and Housing Scrutiny Panel",
                    "2023-06-01",
                    vec![],
                ),
                &who[..3],
            ),
            members(meeting("Audit Committee", "2023-07-01", vec![]), &who),
        ];
        let s = snap(&ms, &[]);
        let group_of = |c: &str| {
            s.committees
                .iter()
                .find(|x| x.committee_id.ends_with(c))
                .map(|x| x.group_id.clone())
        };
        assert_eq!(
            group_of("/adult-social-care-scrutiny-panel"),
            group_of("/adult-social-care-and-housing-scrutiny-panel")
        );
        assert_ne!(
            group_of("/audit-committee"),
            group_of("/adult-social-care-scrutiny-panel")
        );
    }

    #[test]
    fn concurrent_committees_stay_apart() {
        let ms = vec![
            meeting("Planning Committee", "2023-03-01", vec![]),
            meeting("Strategic Planning Committee", "2023-02-01", vec![]),
            meeting("Planning Committee", "2023-09-01", vec![]),
        ];
        let groups: std::collections::BTreeSet<String> = snap(&ms, &[])
            .committees
            .into_iter()
            .map(|c| c.group_id)
            .collect();
        assert_eq!(groups.len(), 2);
    }

    fn decision(seq: i64, kind: &str, a: &str, b: &str) -> CommitteeDecision {
        CommitteeDecision {
            seq,
            authority_id: AUTHORITY.into(),
            kind: kind.into(),
            committee_id: format!("{AUTHORITY}/{a}"),
            other: if kind == "alias" {
                b.into()
            } else {
                format!("{AUTHORITY}/{b}")
            },
            by: None,
            reason: None,
            at: String::new(),
        }
    }

    #[test]
    fn merges_splits_and_aliases_decide_later_ones_winning() {
        let ms = vec![
            meeting("Audit Committee", "2023-03-01", vec![]),
            meeting("Governance Committee", "2023-03-02", vec![]),
            meeting("The Panel", "2023-03-03", vec![]),
        ];
        let count = |d: &[CommitteeDecision]| {
            snap(&ms, d)
                .committees
                .into_iter()
                .map(|c| c.group_id)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        };
        assert_eq!(count(&[]), 3);
        let merge = decision(1, "merge", "audit-committee", "governance-committee");
        assert_eq!(count(std::slice::from_ref(&merge)), 2);
        assert_eq!(
            count(&[
                merge.clone(),
                decision(2, "split", "governance-committee", "audit-committee")
            ]),
            3
        );
        assert_eq!(
            count(&[merge, decision(3, "alias", "audit-committee", "The Panel")]),
            1
        );
        // A split stops the tracker's own rename link too.
        let split = decision(
            1,
            "split",
            "safeguarding-overview-and-scrutiny-committee",
            "safeguarding-and-education-overview-and-scrutiny-committee",
        );
        let groups: std::collections::BTreeSet<String> = snap(&renamed(), &[split])
            .committees
            .into_iter()
            .map(|c| c.group_id)
            .collect();
        assert_eq!(groups.len(), 2);
    }

    #[test]
    fn the_aliases_file_reads_writes_and_refuses_nonsense() {
        let text = r#"
[[merge]]
committees = ["northmoor-county-council/a", "northmoor-county-council/b"]
reason = "renamed"

[[alias]]
committee = "northmoor-county-council/a"
names = ["The Panel"]
"#;
        let f = AliasesFile::parse(text).expect("valid");
        assert_eq!(f.decisions().len(), 2);
        assert_eq!(f.decisions()[0].0, "merge");
        let ds: Vec<CommitteeDecision> = f
            .decisions()
            .into_iter()
            .enumerate()
            .map(|(i, (kind, a, b, reason))| CommitteeDecision {
                seq: i as i64,
                authority_id: AUTHORITY.into(),
                kind,
                committee_id: a,
                other: b,
                by: None,
                reason,
                at: String::new(),
            })
            .collect();
        let back =
            AliasesFile::parse(&AliasesFile::from_decisions(&ds).to_toml()).expect("round trip");
        assert_eq!(back.merge[0].committees, f.merge[0].committees);
        assert_eq!(
            back.alias,
            AliasesFile::parse(text)
                .expect("again")
                .alias
                .into_iter()
                .map(|mut a| {
                    a.reason = None;
                    a
                })
                .collect::<Vec<_>>()
        );
        for bad in [
            "[[merge]]\ncommittees = [\"a/b\"]\n",
            "[[alias]]\ncommittee = \"nocommittee\"\nnames = [\"x\"]\n",
            "[[bogus]]\n",
        ] {
            assert!(AliasesFile::parse(bad).is_err(), "{bad}");
        }
    }
}

mod people {
    use super::*;

    fn with(names: &[&str]) -> Vec<minutebook_store::tracking::PersonAlias> {
        let mut m = meeting(HEALTH, "2024-01-10", vec![]);
        m.meeting.attendance.present = names.iter().map(|n| Person::named(*n)).collect();
        let records = [&m.meeting];
        minutebook_track::people::identify("g", AUTHORITY, &records)
    }

    #[test]
    fn initials_and_surnames_are_the_one_person_who_fits() {
        let p = with(&["June Burns", "J. Burns", "Carlin"]);
        let canonical = |n: &str| {
            p.iter()
                .find(|x| x.name == n)
                .map(|x| x.canonical_name.clone())
        };
        assert_eq!(canonical("J. Burns").as_deref(), Some("June Burns"));
        assert_eq!(canonical("June Burns").as_deref(), Some("June Burns"));
        let p = with(&["June Burns", "Burns"]);
        let burns = p.iter().find(|x| x.name == "Burns").expect("Burns");
        assert_eq!(burns.canonical_id, format!("{AUTHORITY}/june-burns"));
        assert!(
            burns
                .evidence
                .as_deref()
                .is_some_and(|e| e.contains("only Burns"))
        );
    }

    #[test]
    fn spellings_of_one_archive_person_are_listed_once() {
        // Real minutes write one name as "J. Burns", "J Burns" and "J. BURNS":
        // one archive person, which the tracker's table keys by person.
        let p = with(&["J. Burns", "J Burns", "J. BURNS", "June Burns"]);
        let ids: Vec<&str> = p.iter().map(|x| x.person_id.as_str()).collect();
        let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(ids.len(), unique.len(), "{ids:?}");
        assert_eq!(unique.len(), 2, "{ids:?}");
    }

    #[test]
    fn a_surname_two_people_share_stays_unresolved() {
        let p = with(&["June Burns", "Danny Burns", "Burns", "D. Burns"]);
        let burns = p.iter().find(|x| x.name == "Burns").expect("Burns");
        assert_eq!(burns.canonical_name, "Burns");
        assert!(
            burns
                .evidence
                .as_deref()
                .is_some_and(|e| e.contains("ambiguous"))
        );
        let d = p.iter().find(|x| x.name == "D. Burns").expect("D.");
        assert_eq!(d.canonical_name, "Danny Burns");
    }
}

mod references {
    use super::*;

    #[test]
    fn citations_resolve_to_item_meeting_or_gap() {
        let mut i = item("50", "Updates", ItemKind::Substantive, ".");
        for (minute, date) in [
            (Some("34 (3)"), "2022-12-20"),
            (Some("99"), "2022-12-20"),
            (None, "2022-07-05"),
        ] {
            i = cite(i, minute, date, "cited");
        }
        let ms = [
            meeting(
                HEALTH,
                "2022-12-20",
                vec![item("34", "Improvement Board", ItemKind::Substantive, ".")],
            ),
            meeting(HEALTH, "2023-01-31", vec![i]),
        ];
        let s = snap(&ms, &[]);
        let states: Vec<&str> = s.references.iter().map(|r| r.state.as_str()).collect();
        assert_eq!(states, ["item", "meeting", "gap"]);
        assert_eq!(
            s.references[0].target_item_id.as_deref(),
            Some(format!("{}/34", ms[0].id).as_str())
        );
        assert_eq!(s.references[2].target_meeting_id, None);
    }
}

mod export {
    use super::*;
    use minutebook_track::export::{Rag, rag, rag_csv};

    #[test]
    fn statuses_map_to_red_amber_green() {
        assert_eq!(rag(ActionStatus::Overdue).0, Rag::Red);
        for s in [ActionStatus::Open, ActionStatus::Due, ActionStatus::Moved] {
            assert_eq!(rag(s).0, Rag::Amber, "{s:?}");
        }
        assert_eq!(rag(ActionStatus::Addressed), (Rag::Green, "Complete"));
    }

    #[test]
    fn csv_has_the_tracker_shape_with_references_by_municipal_year() {
        let ms = [
            report_request("2024-04-10", "the next meeting", None),
            report_request("2024-05-15", "the next meeting", None),
        ];
        let mut s = snap(&ms, &[]);
        assert_eq!(s.actions[0].reference, "HSC/2023-24/001");
        assert_eq!(s.actions[1].reference, "HSC/2024-25/001");
        s.actions[0].text = "=cmd, \"quoted\"".into();
        let names = [(s.actions[0].group_id.clone(), HEALTH.to_owned())]
            .into_iter()
            .collect();
        let csv = rag_csv(&s.actions, &names);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "Ref,Committee,Meeting date,Minute,Action,Responsible officer,Due,RAG,Status,Update"
        );
        assert!(lines[1].starts_with("HSC/2023-24/001,Health Scrutiny Committee,10/04/2024,12,\"'=cmd, \"\"quoted\"\"\",,"), "{}", lines[1]);
        assert!(lines[2].contains(",Amber,Due,"), "{}", lines[2]);
    }
}

mod programme {
    use super::*;

    #[test]
    fn what_was_due_at_each_meeting_and_whether_it_arrived() {
        let mut first = report_request("2024-01-10", "the next meeting", None).meeting;
        first.items.push(ask(
            item("13", "Falls", ItemKind::Substantive, "."),
            "report on falls prevention",
            Some("the next meeting"),
            None,
            ActionKind::Report,
        ));
        let first = eval::archived(first);
        let ms = [
            first,
            meeting(
                HEALTH,
                "2024-03-06",
                vec![cite(
                    item("20", "Dental Access – Update", ItemKind::Substantive, "."),
                    Some("12"),
                    "2024-01-10",
                    "Minute 12 refers",
                )],
            ),
            report_request("2024-04-17", "the next meeting", None),
        ];
        let s = snap(&ms, &[]);
        let rows: Vec<(&str, &str, &str)> = s
            .work_programme
            .iter()
            .map(|w| (w.label.as_str(), w.state.as_str(), w.outcome.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("6 March 2024", "held", "arrived"),
                ("6 March 2024", "held", "not-arrived"),
                ("the next meeting", "upcoming", "pending")
            ]
        );
    }
}

mod accuracy {
    use super::*;
    use minutebook_track::eval::{self, TruthAction};

    #[test]
    fn synthetic_histories_meet_the_bar() {
        let cfg = minutebook_synth::SynthConfig {
            councils: 6,
            years: 2,
            seed: 11,
            ..minutebook_synth::SynthConfig::default()
        };
        let generated: Vec<_> = minutebook_synth::meetings(&cfg).collect();
        let truth = eval::truth(&generated);
        let (actions, links) = eval::track_records(&generated, today());
        let s = eval::score(&truth, &actions, &links);
        println!("{}", s.report());
        assert!(s.truth > 1000, "{}", s.truth);
        assert!(s.precision() >= 0.9, "{}", s.report());
        assert!(s.recall() >= 0.9, "{}", s.report());
        assert!(s.fine_accuracy() >= 0.9, "{}", s.report());
    }

    /// A hand-written history: three meetings of one committee, phrased
    /// unlike the generator's.
    #[test]
    fn hand_written_history_meets_the_bar() {
        let c = "Place Overview and Scrutiny Committee";
        let mut first = item(
            "5",
            "Bus Services",
            ItemKind::Substantive,
            "Members were concerned about rural routes.",
        );
        first = ask(
            first,
            "present figures on patronage of subsidised routes",
            Some("the next meeting"),
            None,
            ActionKind::Report,
        );
        first = ask(
            first,
            "a map of the withdrawn routes be shared with Members",
            None,
            None,
            ActionKind::Request,
        );
        let potholes = ask(
            item("6", "Highway Maintenance", ItemKind::Substantive, "."),
            "report on the pothole backlog",
            Some("the March meeting"),
            None,
            ActionKind::Report,
        );
        let trees = ask(
            item("7", "Tree Strategy", ItemKind::Substantive, "."),
            "bring the draft tree strategy",
            Some("the next meeting"),
            None,
            ActionKind::Report,
        );
        let second = vec![
            cite(
                item(
                    "14",
                    "Subsidised Bus Routes: Patronage",
                    ItemKind::Substantive,
                    "The figures on patronage were presented.",
                ),
                Some("5"),
                "2024-01-17",
                "(minute 5 refers)",
            ),
            cite(
                item(
                    "15",
                    "Matters Arising",
                    ItemKind::Other,
                    "The map of withdrawn routes had been shared.",
                ),
                None,
                "2024-01-17",
                "At the meeting on 17 January 2024",
            ),
            {
                let mut wp = ask(
                    item("16", "Work Programme", ItemKind::WorkProgramme, "."),
                    "the item on the draft tree strategy be postponed to the June meeting",
                    Some("the June meeting"),
                    None,
                    ActionKind::WorkProgramme,
                );
                wp.resolutions.push(Resolution {
                    text: "the item on the pothole backlog be withdrawn from the work programme"
                        .into(),
                    ..Resolution::default()
                });
                wp
            },
        ];
        let ms = [
            meeting(c, "2024-01-17", vec![first, potholes, trees]),
            meeting(c, "2024-03-13", second),
            meeting(
                c,
                "2024-06-19",
                vec![item("30", "Local Plan", ItemKind::Substantive, ".")],
            ),
        ];
        let s = snap(&ms, &[]);
        let t = |key: &str, text: &str, expected: ActionStatus, addressed: Option<(&str, &str)>| {
            TruthAction {
                key: format!("{AUTHORITY}/{key}"),
                text: text.into(),
                id: key.into(),
                status: expected.as_str().into(),
                expected,
                addressed: addressed.map(|(d, i)| (d.to_owned(), i.to_owned())),
            }
        };
        let truth = [
            t(
                "2024-01-17/5",
                "present figures on patronage of subsidised routes",
                ActionStatus::Addressed,
                Some(("2024-03-13", "14")),
            ),
            t(
                "2024-01-17/5",
                "a map of the withdrawn routes be shared with Members",
                ActionStatus::Addressed,
                Some(("2024-03-13", "15")),
            ),
            t(
                "2024-01-17/6",
                "report on the pothole backlog",
                ActionStatus::Dropped,
                None,
            ),
            t(
                "2024-01-17/7",
                "bring the draft tree strategy",
                ActionStatus::Moved,
                None,
            ),
            t(
                "2024-03-13/16",
                "the item on the draft tree strategy be postponed to the June meeting",
                ActionStatus::Overdue,
                None,
            ),
        ];
        let score = eval::score(&truth, &s.actions, &s.links);
        assert_eq!(score.matched, 5, "{}", score.report());
        assert!(
            score.precision() >= 0.9 && score.recall() >= 0.9,
            "{}",
            score.report()
        );
        assert!(score.fine_accuracy() >= 0.9, "{}", score.report());
    }
}

/// Ingest → statuses; manual statuses survive recomputation and reparse;
/// a tracker that did not run after an ingest catches up. Both backends.
mod archive {
    use super::*;
    use minutebook_store::Archive;
    use minutebook_store::tracking::ActionFilter;

    fn corpus(tag: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("minutebook-track-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let cfg = minutebook_synth::SynthConfig {
            councils: 1,
            years: 2,
            seed: 5,
            formats: vec![minutebook_synth::Format::PdfText],
            ..minutebook_synth::SynthConfig::default()
        };
        minutebook_synth::write_corpus(&cfg, &dir).expect("corpus");
        dir
    }

    async fn story(archive: &dyn Archive, dir: &std::path::Path) {
        let (inputs, _) = minutebook_ingest::collect(&[dir.to_path_buf()]);
        let opts = minutebook_ingest::Options {
            authority: minutebook_ingest::AuthorityHint::FromDirectory,
            ..minutebook_ingest::Options::default()
        };
        minutebook_ingest::ingest(archive, inputs, &opts, &mut |_| {})
            .await
            .expect("ingest");
        // The ingest committed; the tracker has not run (as after a kill).
        assert!(
            archive
                .actions(&ActionFilter::default())
                .await
                .expect("none")
                .is_empty()
        );
        let done = minutebook_track::catch_up(archive, today())
            .await
            .expect("catch up");
        assert_eq!(done.authorities.len(), 1);
        let all = archive
            .actions(&ActionFilter::default())
            .await
            .expect("actions");
        assert!(all.len() > 20, "{}", all.len());
        let addressed: Vec<&TrackedAction> = all
            .iter()
            .filter(|a| a.status == ActionStatus::Addressed)
            .collect();
        assert!(addressed.len() > 5, "{}", addressed.len());
        assert!(
            minutebook_track::catch_up(archive, today())
                .await
                .expect("again")
                .authorities
                .is_empty(),
            "nothing new"
        );
        let id = addressed[0].id.clone();
        let e = minutebook_track::set_status(archive, &id, Some(ActionStatus::Dropped), " ", "me")
            .await;
        assert!(e.is_err(), "a reason is required");
        minutebook_track::set_status(
            archive,
            &id,
            Some(ActionStatus::Dropped),
            "withdrawn by the chair",
            "J. Clerk",
        )
        .await
        .expect("set");
        let reparse = minutebook_ingest::ReparseOptions {
            all: true,
            ..Default::default()
        };
        minutebook_ingest::reparse(archive, &reparse, &mut |_| {})
            .await
            .expect("reparse");
        let done = minutebook_track::catch_up(archive, today())
            .await
            .expect("after reparse");
        assert_eq!(done.authorities.len(), 1, "reparse goes through the feed");
        let d = archive
            .action(&id)
            .await
            .expect("read")
            .expect("still there");
        assert_eq!(
            (d.action.status, d.action.computed_status, d.action.manual),
            (ActionStatus::Dropped, ActionStatus::Addressed, true)
        );
        assert!(
            d.history
                .iter()
                .any(|e| e.source == "manual"
                    && e.reason.as_deref() == Some("withdrawn by the chair"))
        );
        assert!(d.links.iter().any(|l| l.kind == "addressed-by"));
        let wp = archive
            .work_programme(&d.action.group_id)
            .await
            .expect("wp");
        assert!(wp.iter().any(|w| w.outcome == "arrived"));
        assert!(
            minutebook_track::set_status(archive, "no/such/action", None, "r", "b")
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn sqlite() {
        let dir = corpus("sqlite");
        let db = dir.join("archive.db");
        let store = minutebook_store_sqlite::open(&format!("sqlite:{}", db.display()))
            .await
            .expect("open");
        story(&store, &dir).await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn postgres() {
        let Ok(server) = std::env::var("MINUTEBOOK_TEST_PG_URL") else {
            assert!(
                std::env::var_os("CI").is_none(),
                "MINUTEBOOK_TEST_PG_URL must be set under CI (see scripts/with-postgres)"
            );
            eprintln!("skipped: MINUTEBOOK_TEST_PG_URL not set");
            return;
        };
        let dir = corpus("postgres");
        let db = minutebook_store_postgres::scratch::ScratchDb::create(&server, "track")
            .await
            .expect("scratch");
        let store = minutebook_store_postgres::open(&db.url)
            .await
            .expect("open");
        story(&store, &dir).await;
        drop(store);
        db.drop_db().await.expect("drop");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
