//! The conformance suite: one story of what an archive must do, run by
//! every backend's tests against a fresh, empty store.
//!
//! Each check panics (with a message) on failure, like a test. Checks use
//! their own committees, so they can share one database.

pub mod browse;

use crate::tracking::{
    ActionFilter, ActionLink, ActionStatus, PersonAlias, ReferenceLink, TrackedAction,
    TrackerCommittee, TrackingSnapshot, WorkProgrammeEntry,
};
use crate::{Archive, ListFilter, NewDocument, Outcome, Reparsed, Store};
use minutebook_record::{
    Action, ActionKind, Declaration, DeclarationKind, Document, Item, ItemKind, Meeting,
    MinutesStatus, Person, PreviousMinutes, RecordedVote, Reference, Resolution, Role, VoteChoice,
    VoteOutcome,
};

/// Every check, in order.
pub async fn run_all(store: &dyn crate::Archive) {
    round_trip_keeps_every_field(store).await;
    same_bytes_again_change_nothing(store).await;
    new_version_becomes_current_and_old_stays(store).await;
    versions_in_one_batch(store).await;
    identifiers_survive_reparse(store).await;
    undated_meetings_never_merge(store).await;
    committee_names_are_kept(store).await;
    lists_filter(store).await;
    sources_page_finds_stale_sources(store).await;
    dictionaries_compress_originals(store).await;
    change_feed_follows_writes(store).await;
    tracking_round_trip_keeps_manual_statuses(store).await;
}

/// A meeting with every field of the record filled in.
pub fn rich_meeting(committee: &str, date: &str, status: MinutesStatus) -> Meeting {
    let person = |name: &str, role: Option<Role>| Person {
        name: name.into(),
        honorific: Some("Councillor".into()),
        role,
        substitute_for: None,
        description: None,
        span: Some([10, 20]),
    };
    let mut sub = person("Ann Other", Some(Role::Substitute));
    sub.substitute_for = Some("Bob Smith".into());
    sub.description = Some("Cabinet Member – Education".into());
    let mut m = Meeting {
        authority: Some("Testshire County Council".into()),
        committee: Some(committee.into()),
        date: Some(date.into()),
        start_time: Some("10:00".into()),
        venue: Some("Council Chamber".into()),
        contact: Some("Jo Clerk".into()),
        minutes_status: Some(status),
        previous_minutes: Some(PreviousMinutes {
            date: Some("2024-01-01".into()),
            approved: Some(true),
        }),
        ..Meeting::default()
    };
    m.source.format = Some("moderngov-text".into());
    m.source.path = Some(format!("{committee}/{date}.txt"));
    m.attendance.present = vec![person("June Burns", Some(Role::Chair)), sub];
    m.attendance.apologies = vec![person("Bob Smith", None)];
    m.attendance.absent = vec![person("Cy Absent", Some(Role::Member))];
    m.attendance.also_present = vec![person("Di Guest", Some(Role::Officer))];
    m.attendance.public_count = Some(10);
    m.items = vec![
        first_item(),
        second_item(),
        Item::new(None, "Any other business", ItemKind::Other),
    ];
    m.declarations = vec![Declaration {
        member: "June Burns".into(),
        item: Some("5".into()),
        kind: Some(DeclarationKind::Pecuniary),
        text: Some("Owns land nearby".into()),
        span: Some([1, 2]),
    }];
    m
}

fn first_item() -> Item {
    let mut item = Item::new(Some("4".into()), "Minutes", ItemKind::PreviousMinutes);
    item.minutes_text = Some("RESOLVED: That the minutes be approved.".into());
    item.resolutions = vec![Resolution {
        label: None,
        text: "the minutes be approved.".into(),
        vote: None,
        span: Some([3, 9]),
    }];
    item
}

fn second_item() -> Item {
    let mut item = Item::new(Some("5/24".into()), "Budget & Plans", ItemKind::Substantive);
    item.agenda_text = Some("To consider the budget.".into());
    item.minutes_text = Some("The committee discussed the budget at length.".into());
    item.minutes_truncated = true;
    item.span = Some([100, 400]);
    item.documents = vec![Document {
        title: "Budget report".into(),
        format: Some("PDF".into()),
        size_kb: Some(120),
    }];
    item.in_attendance = vec![Person {
        name: "Fi Officer".into(),
        role: Some(Role::Officer),
        ..Person::default()
    }];
    item.resolutions = vec![
        Resolution {
            label: Some("(a)".into()),
            text: "the budget be noted".into(),
            vote: Some(minutebook_record::Vote {
                for_: Some(7),
                against: Some(2),
                abstain: None,
                outcome: Some(VoteOutcome::Carried),
                casting_vote: true,
                recorded: vec![
                    RecordedVote {
                        name: "June Burns".into(),
                        vote: VoteChoice::For,
                    },
                    RecordedVote {
                        name: "Ann Other".into(),
                        vote: VoteChoice::Against,
                    },
                ],
            }),
            span: None,
        },
        Resolution {
            label: Some("(b)".into()),
            text: "a report come back".into(),
            vote: Some(minutebook_record::Vote::default()),
            span: None,
        },
    ];
    item.actions = vec![Action {
        text: "Bring a report to the next meeting".into(),
        owner: Some("Director of Finance".into()),
        due_date: Some("2024-09-01".into()),
        due_text: Some("the next meeting".into()),
        kind: Some(ActionKind::Report),
        from_resolution: Some("(b)".into()),
        span: Some([300, 350]),
    }];
    item.references = vec![Reference {
        minute: Some("34 (3)".into()),
        meeting_date: Some("2023-03-01".into()),
        text: "minute 34 (3) of 1 March 2023".into(),
        span: None,
    }];
    item
}

/// A document whose bytes are `tag` and whose record is `meeting`.
pub fn document(tag: &str, meeting: Meeting) -> NewDocument {
    let mut packer = crate::compress::Packer::plain().expect("zstd");
    NewDocument::new(tag.as_bytes(), meeting, "test-1", &mut packer).expect("compress")
}

async fn write_one(store: &dyn Store, doc: NewDocument) -> crate::Written {
    let mut w = store.write_batch(&[doc]).await.expect("write_batch");
    assert_eq!(w.len(), 1, "one outcome per document");
    w.remove(0)
}

/// Every field of the record comes back as it went in.
pub async fn round_trip_keeps_every_field(store: &dyn Store) {
    let meeting = rich_meeting("Round Trip Committee", "2024-06-13", MinutesStatus::Final);
    let doc = document("round trip v1", meeting);
    let expected = doc.meeting.clone();
    let w = write_one(store, doc).await;
    assert_eq!(w.outcome, Outcome::New);
    let id = "testshire-county-council/round-trip-committee/2024-06-13";
    assert_eq!(w.meeting_id.as_deref(), Some(id));
    let stored = store
        .meeting(id)
        .await
        .expect("read")
        .expect("meeting stored");
    assert_eq!(stored.meeting, expected);
    assert_eq!(stored.ids.items[1].id, format!("{id}/5-24"));
    assert_eq!(stored.ids.items[2].id, format!("{id}/_3"));
    assert_eq!(stored.ids.items[1].resolutions[0], format!("{id}/5-24/r-a"));
    assert_eq!(stored.ids.items[1].actions[0], format!("{id}/5-24/a1"));
    assert_eq!(stored.versions.len(), 1);
    assert!(stored.versions[0].current);
    let original = store.original(&w.sha256).await.expect("read original");
    assert_eq!(original.as_deref(), Some(&b"round trip v1"[..]));
    assert!(
        store
            .meeting("no/such/meeting")
            .await
            .expect("read")
            .is_none()
    );
}

/// Ingesting the same bytes again is "unchanged" and changes nothing.
pub async fn same_bytes_again_change_nothing(store: &dyn Store) {
    let meeting = rich_meeting("Idempotence Committee", "2024-02-02", MinutesStatus::Final);
    let first = write_one(store, document("idempotent", meeting.clone())).await;
    assert_eq!(first.outcome, Outcome::New);
    let before = store.counts().await.expect("counts");
    let again = write_one(store, document("idempotent", meeting)).await;
    assert_eq!(again.outcome, Outcome::Unchanged);
    assert_eq!(again.meeting_id, first.meeting_id);
    assert_eq!(store.counts().await.expect("counts"), before);
    assert!(
        store
            .known_sources()
            .await
            .expect("known")
            .contains(&first.sha256)
    );
}

/// Draft minutes replaced by approved ones: the approved become current,
/// the draft stays, with its original.
pub async fn new_version_becomes_current_and_old_stays(store: &dyn Store) {
    let draft = rich_meeting("Versions Committee", "2024-03-03", MinutesStatus::Draft);
    let mut fin = rich_meeting("Versions Committee", "2024-03-03", MinutesStatus::Final);
    fin.items.pop();
    let d = write_one(store, document("versions draft", draft)).await;
    let f = write_one(store, document("versions final", fin.clone())).await;
    assert_eq!((d.outcome, f.outcome), (Outcome::New, Outcome::Updated));
    assert_eq!(d.meeting_id, f.meeting_id);
    let id = f.meeting_id.expect("id");
    let stored = store.meeting(&id).await.expect("read").expect("stored");
    assert_eq!(stored.meeting.items.len(), 2, "old items replaced");
    assert_eq!(stored.meeting.minutes_status, Some(MinutesStatus::Final));
    let v: Vec<(i64, bool, Option<MinutesStatus>)> = stored
        .versions
        .iter()
        .map(|v| (v.version, v.current, v.minutes_status))
        .collect();
    assert_eq!(
        v,
        [
            (1, false, Some(MinutesStatus::Draft)),
            (2, true, Some(MinutesStatus::Final))
        ]
    );
    let old = store.original(&d.sha256).await.expect("read");
    assert_eq!(old.as_deref(), Some(&b"versions draft"[..]));
    // The old bytes again: unchanged, and the final stays current.
    let draft = rich_meeting("Versions Committee", "2024-03-03", MinutesStatus::Draft);
    let again = write_one(store, document("versions draft", draft)).await;
    assert_eq!(again.outcome, Outcome::Unchanged);
    let stored = store.meeting(&id).await.expect("read").expect("stored");
    assert_eq!(stored.meeting.minutes_status, Some(MinutesStatus::Final));
}

/// Several versions and duplicates in one batch: the last new one wins.
pub async fn versions_in_one_batch(store: &dyn Store) {
    let m = |s| rich_meeting("Batch Committee", "2024-04-04", s);
    let docs = vec![
        document("batch 1", m(MinutesStatus::Draft)),
        document("batch 1", m(MinutesStatus::Draft)),
        document("batch 2", m(MinutesStatus::Final)),
        document(
            "batch other",
            rich_meeting("Batch Committee", "2024-05-05", MinutesStatus::Final),
        ),
    ];
    let w = store.write_batch(&docs).await.expect("write");
    let outcomes: Vec<Outcome> = w.iter().map(|w| w.outcome).collect();
    assert_eq!(
        outcomes,
        [
            Outcome::New,
            Outcome::Unchanged,
            Outcome::Updated,
            Outcome::New
        ]
    );
    let id = w[0].meeting_id.clone().expect("id");
    let stored = store.meeting(&id).await.expect("read").expect("stored");
    assert_eq!(stored.versions.len(), 2);
    assert_eq!(stored.meeting.minutes_status, Some(MinutesStatus::Final));
    assert_eq!(
        stored.meeting.source.sha256.as_deref(),
        Some(w[2].sha256.as_str())
    );
}

/// Re-parsing rebuilds the rows under the same identifiers.
pub async fn identifiers_survive_reparse(store: &dyn Store) {
    let m = rich_meeting("Reparse Committee", "2024-07-07", MinutesStatus::Final);
    let w = write_one(store, document("reparse", m.clone())).await;
    let id = w.meeting_id.clone().expect("id");
    let before = store.meeting(&id).await.expect("read").expect("stored");
    let mut better = m;
    better.items[1].title = "Budget and Plans (improved)".into();
    better.source.sha256 = Some(w.sha256.clone());
    store
        .apply_reparse(vec![Reparsed {
            sha256: w.sha256.clone(),
            meeting_id: id.clone(),
            current: true,
            parser_version: "test-2".into(),
            meeting: better.clone(),
        }])
        .await
        .expect("reparse");
    let after = store.meeting(&id).await.expect("read").expect("stored");
    assert_eq!(after.ids, before.ids);
    assert_eq!(after.meeting, better);
    assert_eq!(after.versions[0].parser_version.as_deref(), Some("test-2"));
}

/// Meetings without a date are kept apart, by their document's hash.
pub async fn undated_meetings_never_merge(store: &dyn Store) {
    let mut a = rich_meeting("Undated Committee", "x", MinutesStatus::Final);
    a.date = None;
    let wa = write_one(store, document("undated a", a.clone())).await;
    let wb = write_one(store, document("undated b", a)).await;
    assert_eq!((wa.outcome, wb.outcome), (Outcome::New, Outcome::New));
    assert_ne!(wa.meeting_id, wb.meeting_id);
    let id = wa.meeting_id.expect("id");
    assert!(id.contains("/undated-"), "{id}");
    assert!(store.meeting(&id).await.expect("read").is_some());
}

/// Spellings of a committee's name that share its identifier are all kept.
pub async fn committee_names_are_kept(store: &dyn Store) {
    let a = rich_meeting(
        "Names & Titles Committee",
        "2023-01-01",
        MinutesStatus::Final,
    );
    let b = rich_meeting(
        "Names and Titles Committee",
        "2024-01-01",
        MinutesStatus::Final,
    );
    store
        .write_batch(&[document("names a", a), document("names b", b)])
        .await
        .expect("write");
    let filter = ListFilter {
        committee: Some("names".into()),
        ..ListFilter::default()
    };
    let c = store.committees(&filter).await.expect("list");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(
        c[0].id,
        "testshire-county-council/names-and-titles-committee"
    );
    assert_eq!(c[0].name, "Names and Titles Committee");
    assert_eq!(
        c[0].names,
        ["Names & Titles Committee", "Names and Titles Committee"]
    );
    assert_eq!(c[0].meetings, 2);
    assert_eq!(c[0].first_date.as_deref(), Some("2023-01-01"));
}

/// The list queries and their filters.
pub async fn lists_filter(store: &dyn Store) {
    for (tag, date) in [
        ("l1", "2022-01-10"),
        ("l2", "2022-02-10"),
        ("l3", "2022-03-10"),
    ] {
        let m = rich_meeting("Listing Committee", date, MinutesStatus::Final);
        write_one(store, document(tag, m)).await;
    }
    let f = ListFilter {
        committee: Some("LISTING".into()),
        from: Some("2022-02-01".into()),
        ..ListFilter::default()
    };
    let m = store.meetings(&f).await.expect("list");
    let dates: Vec<_> = m.iter().filter_map(|m| m.date.clone()).collect();
    assert_eq!(dates, ["2022-03-10", "2022-02-10"], "newest first");
    assert_eq!(m[0].items, 3);
    assert_eq!(m[0].versions, 1);
    let f = ListFilter {
        limit: Some(1),
        ..f
    };
    assert_eq!(store.meetings(&f).await.expect("list").len(), 1);
    let f = ListFilter {
        committee: Some("listing".into()),
        person: Some("june".into()),
        ..ListFilter::default()
    };
    let people = store.people(&f).await.expect("people");
    assert_eq!(people.len(), 1, "{people:?}");
    assert_eq!(people[0].id, "testshire-county-council/june-burns");
    assert_eq!(people[0].meetings, 3);
    assert_eq!(people[0].last_date.as_deref(), Some("2022-03-10"));
    let by_person = ListFilter {
        person: Some("Fi Officer".into()),
        committee: Some("listing".into()),
        ..ListFilter::default()
    };
    assert_eq!(store.meetings(&by_person).await.expect("list").len(), 3);
}

/// Paging through stored originals, all or only those of another parser.
pub async fn sources_page_finds_stale_sources(store: &dyn Store) {
    let total = store.counts().await.expect("counts").sources;
    let mut seen = 0;
    let mut after: Option<String> = None;
    loop {
        let page = store
            .sources_page(after.as_deref(), 3, None)
            .await
            .expect("page");
        if page.is_empty() {
            break;
        }
        for s in &page {
            assert!(!s.bytes.is_empty());
            assert_eq!(crate::sha256_hex(&s.bytes), s.sha256);
        }
        seen += page.len();
        after = page.last().map(|s| s.sha256.clone());
    }
    assert_eq!(i64::try_from(seen).ok(), Some(total));
    let stale = store
        .sources_page(None, 1000, Some("test-2"))
        .await
        .expect("page");
    assert_eq!(
        i64::try_from(stale.len()).ok(),
        Some(total - 1),
        "one was re-parsed"
    );
    assert!(stale.iter().all(|s| s.parser_version == "test-1"));
    assert!(stale.iter().any(|s| !s.current), "old versions are listed");
}

/// Originals packed with a stored dictionary come back whole.
pub async fn dictionaries_compress_originals(store: &dyn Store) {
    assert!(store.dictionary().await.expect("read").is_none());
    let text = |i: usize| {
        format!(
            "Agenda and minutes\n\nDictionary Committee - {i}\n\nRESOLVED: That report {} be noted.\n",
            i * 31
        )
        .into_bytes()
    };
    let samples: Vec<Vec<u8>> = (0..300).map(text).collect();
    let bytes = crate::compress::train(&samples).expect("trained");
    let id = store
        .add_dictionary(&bytes)
        .await
        .expect("store dictionary");
    let dict = store.dictionary().await.expect("read").expect("stored");
    assert_eq!((dict.id, &dict.bytes), (id, &bytes));
    let mut packer = crate::compress::Packer::new(Some(&dict)).expect("packer");
    let original = text(5000);
    let m = rich_meeting("Dictionary Committee", "2021-05-05", MinutesStatus::Final);
    let doc = NewDocument::new(&original, m, "test-1", &mut packer).expect("pack");
    assert_eq!(doc.dictionary_id, Some(id));
    let w = write_one(store, doc).await;
    let back = store
        .original(&w.sha256)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(back, original);
    let page = store.sources_page(None, 1000, None).await.expect("page");
    assert!(
        page.iter()
            .any(|s| s.sha256 == w.sha256 && s.bytes == original)
    );
}

/// Every write of a meeting's current record moves it to the end of the
/// change feed (once per meeting); unchanged bytes add nothing; cursors
/// remember where a consumer got to.
pub async fn change_feed_follows_writes(store: &dyn Store) {
    let start = store.last_change().await.expect("last change");
    let first = document(
        "feed-1",
        rich_meeting("Feed Panel", "2024-02-01", MinutesStatus::Draft),
    );
    let second = document(
        "feed-2",
        rich_meeting("Feed Panel", "2024-03-01", MinutesStatus::Final),
    );
    store
        .write_batch(&[first.clone(), second])
        .await
        .expect("write");
    let feed = store.changes_since(start, 100).await.expect("feed");
    let ids: Vec<&str> = feed.iter().map(|c| c.meeting_id.as_str()).collect();
    assert_eq!(ids.len(), 2, "one entry per meeting written: {ids:?}");
    assert!(ids[0].ends_with("/feed-panel/2024-02-01"), "{ids:?}");
    assert!(ids[1].ends_with("/feed-panel/2024-03-01"), "{ids:?}");
    assert!(feed[0].seq < feed[1].seq);
    assert!(feed[0].committee_id.ends_with("/feed-panel"));
    let after_write = store.last_change().await.expect("last change");
    assert_eq!(after_write, feed[1].seq);

    store.write_batch(&[first]).await.expect("same bytes");
    assert_eq!(
        store.last_change().await.expect("last"),
        after_write,
        "unchanged bytes are no change"
    );

    let mut final_ = rich_meeting("Feed Panel", "2024-02-01", MinutesStatus::Final);
    final_.venue = Some("Another Room".into());
    store
        .write_batch(&[document("feed-1b", final_)])
        .await
        .expect("new version");
    let feed = store.changes_since(after_write, 100).await.expect("feed");
    assert_eq!(feed.len(), 1, "{feed:?}");
    assert!(feed[0].meeting_id.ends_with("/2024-02-01"));
    let all = store.changes_since(start, 100).await.expect("feed");
    assert_eq!(
        all.len(),
        2,
        "a meeting appears once, at its latest write: {all:?}"
    );
    assert!(all[0].meeting_id.ends_with("/2024-03-01"));

    let march = &all[0];
    let stored = store
        .meeting(&march.meeting_id)
        .await
        .expect("read")
        .expect("stored");
    let sha256 = stored.versions[0].sha256.clone();
    store
        .apply_reparse(vec![Reparsed {
            sha256,
            meeting_id: march.meeting_id.clone(),
            current: true,
            parser_version: "test-2".into(),
            meeting: stored.meeting,
        }])
        .await
        .expect("reparse");
    let feed = store.changes_since(all[1].seq, 100).await.expect("feed");
    assert_eq!(feed.len(), 1, "a reparse is a change: {feed:?}");
    assert_eq!(feed[0].meeting_id, march.meeting_id);

    assert_eq!(store.cursor("feed-test").await.expect("cursor"), 0);
    store
        .set_cursor("feed-test", feed[0].seq)
        .await
        .expect("set");
    assert_eq!(
        store.cursor("feed-test").await.expect("cursor"),
        feed[0].seq
    );
    store
        .set_cursor("feed-test", feed[0].seq + 1)
        .await
        .expect("set again");
    assert_eq!(
        store.cursor("feed-test").await.expect("cursor"),
        feed[0].seq + 1
    );
}

fn tracked(id: &str, group: &str, status: ActionStatus, owner: &str) -> TrackedAction {
    TrackedAction {
        id: id.into(),
        authority_id: "trackshire".into(),
        group_id: group.into(),
        meeting_id: format!("{group}/2024-01-10"),
        item_id: format!("{group}/2024-01-10/4"),
        raised_date: Some("2024-01-10".into()),
        minute: Some("4 (b)".into()),
        kind: Some("report".into()),
        text: "bring a report back".into(),
        owner: Some(owner.into()),
        due_text: Some("the next meeting".into()),
        due_date: Some("2024-03-06".into()),
        due_meeting_id: None,
        due_state: Some("gap".into()),
        computed_status: status,
        status,
        manual: false,
        confidence: Some(95),
        reference: "TC/2023-24/001".into(),
        moved_from: None,
        moved_to: None,
        summary: Some(format!("{} by the tracker", status.as_str())),
        created: None,
        modified: None,
    }
}

fn tracking_snapshot(status: ActionStatus) -> TrackingSnapshot {
    let group = "trackshire/scrutiny-committee";
    let a = format!("{group}/2024-01-10/4/a1");
    TrackingSnapshot {
        authority_id: "trackshire".into(),
        committees: vec![
            TrackerCommittee {
                committee_id: group.into(),
                authority_id: "trackshire".into(),
                group_id: group.into(),
                name: "Scrutiny Committee".into(),
                first_date: Some("2024-01-10".into()),
                last_date: Some("2024-06-01".into()),
                how: "itself".into(),
                evidence: None,
            },
            TrackerCommittee {
                committee_id: "trackshire/scrutiny-panel".into(),
                authority_id: "trackshire".into(),
                group_id: group.into(),
                name: "Scrutiny Panel".into(),
                first_date: Some("2023-01-10".into()),
                last_date: Some("2023-12-01".into()),
                how: "renamed".into(),
                evidence: Some("approved the panel's minutes".into()),
            },
        ],
        people: vec![PersonAlias {
            group_id: group.into(),
            person_id: "trackshire/j-burns".into(),
            authority_id: "trackshire".into(),
            name: "J. Burns".into(),
            canonical_id: "trackshire/june-burns".into(),
            canonical_name: "June Burns".into(),
            evidence: Some("the only Burns with the initial J".into()),
        }],
        actions: vec![
            tracked(&a, group, status, "Director of Finance"),
            tracked(
                &format!("{group}/2024-01-10/4/a2"),
                group,
                ActionStatus::Open,
                "Chief Executive",
            ),
        ],
        links: vec![ActionLink {
            action_id: a.clone(),
            position: 0,
            kind: "gap".into(),
            meeting_id: None,
            item_id: None,
            date: Some("2024-03-06".into()),
            confidence: None,
            evidence: "the meeting of 6 March 2024 is not in the archive".into(),
        }],
        references: vec![ReferenceLink {
            item_id: format!("{group}/2024-06-01/9"),
            position: 0,
            meeting_id: format!("{group}/2024-06-01"),
            text: "Further to Minute No. 4 of 10 January 2024".into(),
            minute: Some("4".into()),
            date: Some("2024-01-10".into()),
            target_meeting_id: Some(format!("{group}/2024-01-10")),
            target_item_id: Some(format!("{group}/2024-01-10/4")),
            state: "item".into(),
        }],
        work_programme: vec![WorkProgrammeEntry {
            group_id: group.into(),
            position: 0,
            date: Some("2024-03-06".into()),
            meeting_id: None,
            label: "the next meeting".into(),
            state: "gap".into(),
            action_id: a,
            outcome: "pending".into(),
            evidence: None,
        }],
    }
}

/// The tracker's rows round-trip; a manual status wins over recomputation
/// and every change is in the history, oldest first.
pub async fn tracking_round_trip_keeps_manual_statuses(store: &dyn Archive) {
    let group = "trackshire/scrutiny-committee";
    let id = format!("{group}/2024-01-10/4/a1");
    let before = store
        .committee_groups_generation()
        .await
        .expect("generation");
    store
        .replace_tracking(tracking_snapshot(ActionStatus::Due))
        .await
        .expect("replace");
    let after = store
        .committee_groups_generation()
        .await
        .expect("generation");
    assert!(
        after > before,
        "rewriting the tracker's committees moves their counter ({before} -> {after})"
    );
    let all = store
        .actions(&ActionFilter::default())
        .await
        .expect("actions");
    assert_eq!(all.len(), 2);
    let by_status = ActionFilter {
        statuses: vec![ActionStatus::Due, ActionStatus::Overdue],
        ..ActionFilter::default()
    };
    let due = store.actions(&by_status).await.expect("filtered");
    assert_eq!(
        due.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        [id.as_str()]
    );
    assert!(due[0].created.is_some() && due[0].modified.is_some());
    assert_eq!(
        TrackedAction {
            created: None,
            modified: None,
            ..due[0].clone()
        },
        tracked(&id, group, ActionStatus::Due, "Director of Finance")
    );
    let by_owner = ActionFilter {
        owner: Some("chief".into()),
        committee: Some("scrutiny panel".into()),
        ..ActionFilter::default()
    };
    assert_eq!(
        store.actions(&by_owner).await.expect("owner").len(),
        1,
        "former names find the committee"
    );
    assert!(
        store
            .set_action_status(
                &id,
                Some(ActionStatus::Addressed),
                "J. Clerk",
                "sent by e-mail"
            )
            .await
            .expect("set")
    );
    assert!(
        !store
            .set_action_status("no/such", None, "x", "y")
            .await
            .expect("set")
    );
    // Recomputation with another computed status keeps the manual one.
    store
        .replace_tracking(tracking_snapshot(ActionStatus::Overdue))
        .await
        .expect("replace again");
    let d = store.action(&id).await.expect("read").expect("found");
    assert_eq!(d.action.status, ActionStatus::Addressed);
    assert_eq!(d.action.computed_status, ActionStatus::Overdue);
    assert!(d.action.manual);
    let meeting = format!("{group}/2024-01-10");
    let tags = store.action_statuses(&meeting).await.expect("statuses");
    let of_meeting = store
        .actions(&ActionFilter {
            meeting_id: Some(meeting.clone()),
            ..ActionFilter::default()
        })
        .await
        .expect("actions of the meeting");
    assert_eq!(
        tags.iter()
            .map(|t| (t.id.as_str(), t.status, t.manual))
            .collect::<Vec<_>>(),
        of_meeting
            .iter()
            .map(|a| (a.id.as_str(), a.status, a.manual))
            .collect::<Vec<_>>(),
        "the light read agrees with the full one"
    );
    assert!(
        tags.iter()
            .any(|t| t.id == id && t.status == ActionStatus::Addressed && t.manual),
        "{tags:?}"
    );
    let events: Vec<(Option<ActionStatus>, &str)> = d
        .history
        .iter()
        .map(|e| (e.status, e.source.as_str()))
        .collect();
    assert_eq!(
        events,
        [
            (Some(ActionStatus::Due), "tracker"),
            (Some(ActionStatus::Addressed), "manual"),
            (Some(ActionStatus::Overdue), "tracker"),
        ]
    );
    assert_eq!(d.history[1].by.as_deref(), Some("J. Clerk"));
    assert_eq!(d.links[0].date.as_deref(), Some("2024-03-06"));
    // The same computed status again adds no event, and an action the
    // recomputation leaves alone keeps its modified time; clearing is
    // recorded.
    let other = format!("{group}/2024-01-10/4/a2");
    let untouched = store.action(&other).await.expect("read").expect("a2");
    store
        .replace_tracking(tracking_snapshot(ActionStatus::Overdue))
        .await
        .expect("same");
    let again = store.action(&other).await.expect("read").expect("a2");
    assert_eq!(again.action.modified, untouched.action.modified);
    let paged = ActionFilter {
        paging: Some(crate::browse::Paging {
            since: untouched.action.modified.clone(),
            after: None,
        }),
        ..ActionFilter::default()
    };
    let since = store.actions(&paged).await.expect("paged");
    assert!(
        since.iter().any(|a| a.id == other),
        "modified_since is inclusive"
    );
    let changes = store
        .status_changes(&ActionFilter {
            committee: Some("scrutiny".into()),
            limit: Some(2),
            ..ActionFilter::default()
        })
        .await
        .expect("changes");
    assert_eq!(changes.len(), 2);
    assert!(changes[0].event.seq > changes[1].event.seq, "newest first");
    assert_eq!(changes[0].action.id, id);
    assert!(
        store
            .set_action_status(&id, None, "J. Clerk", "mistake")
            .await
            .expect("clear")
    );
    let d = store.action(&id).await.expect("read").expect("found");
    assert_eq!(
        (d.action.status, d.action.manual),
        (ActionStatus::Overdue, false)
    );
    assert_eq!(d.history.len(), 4);
    let wp = store
        .work_programme("trackshire/scrutiny-panel")
        .await
        .expect("wp");
    assert_eq!(wp.len(), 1, "a former committee finds its programme");
    let people = store
        .person_identity("trackshire/june-burns")
        .await
        .expect("people");
    assert_eq!(people[0].name, "J. Burns");
    let refs = store
        .reference_links(&format!("{group}/2024-06-01"))
        .await
        .expect("refs");
    assert_eq!(refs[0].state, "item");
    let comms = store
        .tracker_committees(&ListFilter {
            committee: Some("panel".into()),
            ..ListFilter::default()
        })
        .await
        .expect("committees");
    assert_eq!(comms.len(), 2, "the whole tracker committee");
    let groups: Vec<String> = comms.iter().map(|c| c.group_id.clone()).collect();
    let names = store
        .tracker_committee_names(&[groups[0].clone(), "trackshire/no-such".into()])
        .await
        .expect("names");
    let head = comms
        .iter()
        .find(|c| c.committee_id == c.group_id)
        .expect("the group's own row");
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        vec![(head.group_id.clone(), head.name.clone())],
        "names by group, read by key"
    );
    store
        .add_committee_decision(
            "trackshire",
            "split",
            group,
            "trackshire/scrutiny-panel",
            Some("J. Clerk"),
            None,
        )
        .await
        .expect("decide");
    let ds = store
        .committee_decisions(Some("trackshire"))
        .await
        .expect("decisions");
    assert_eq!((ds.len(), ds[0].kind.as_str()), (1, "split"));
    let m = rich_meeting("Tracked Committee", "2024-05-05", MinutesStatus::Final);
    write_one(store, document("tracked meeting", m)).await;
    let ms = store
        .authority_meetings("testshire-county-council")
        .await
        .expect("meetings");
    let one = ms
        .iter()
        .find(|x| x.id.ends_with("tracked-committee/2024-05-05"))
        .expect("the meeting");
    assert_eq!(
        one.committee_id,
        "testshire-county-council/tracked-committee"
    );
    assert_eq!(one.meeting.items.len(), 3);
    assert_eq!(one.ids.items[1].actions.len(), 1);
    // The tracker's bulk read decodes each meeting as the meeting page's
    // read does (whose round trip the suite checks field by field).
    let page = store.meeting(&one.id).await.expect("read").expect("stored");
    assert_eq!(one.meeting, page.meeting, "bulk read = read by key");
    assert_eq!(
        store
            .tracked_authorities(&[format!("{group}/2024-01-10")])
            .await
            .expect("which"),
        ["trackshire"]
    );
}
